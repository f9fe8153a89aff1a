//! What tenants send to their landlord, and what becomes of it: the written
//! requests of Nous contacter, and the one record (number, status history,
//! messages, attachments) that claims, changes of personal information and
//! insurance certificates share, so that the back office has one inbox.

mod list;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod ssr;
mod status;

pub use list::RequestList;
pub use status::{Area, Status, progress};

use serde::{Deserialize, Serialize};

/// A file sent with a request, as the tenant sees it in a list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttachmentView {
    pub href: String,
    pub name: String,
    /// Its document type ("Avis d'imposition"), or empty.
    pub doc_type: String,
}

/// One line of "Vos dernières demandes" / "Mes derniers envois".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestRow {
    pub id: i64,
    /// "000000002": 9 digits, per landlord and menu.
    pub number: String,
    /// dd/mm/yyyy
    pub date: String,
    pub subject: String,
    /// Avancement, in words.
    pub progress: String,
    pub attachments: Vec<AttachmentView>,
    /// The landlord's last answer, if any.
    pub answer: Option<String>,
}

/// The address of an attachment: only its owner and staff may open it.
pub fn attachment_path(public_id: &str) -> String {
    format!("{}/{public_id}", crate::routes::ATTACHMENT)
}

/// The page where the tenant follows a request of this area.
pub fn page_of(area: Area) -> &'static str {
    match area {
        Area::Request => crate::routes::CONTACT,
        Area::Claim => crate::routes::CLAIMS,
        Area::Insurance => crate::routes::INSURANCE,
        Area::ContactDetails | Area::FamilySituation | Area::WorkSituation => {
            crate::routes::PERSONAL_INFO
        }
    }
}

/// A request's number as tenants see it: "000000002".
pub fn number_label(n: i64) -> String {
    format!("{n:09}")
}

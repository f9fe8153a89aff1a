//! The insurance page's data, a certificate's sending, the alerts on
//! Accueil and the reminder job.
pub mod reminders;
mod send;

pub use send::send;

use super::{InsuranceView, LeaseInsurance};
use crate::auth::ssr::queries::Tenant;
use crate::error::AppError;
use crate::infra::{Db, today};
use crate::infra::{french_date, iso};
use crate::requests::Area;
use chrono::NaiveDate;
use std::sync::LazyLock;

/// An open lease of the account and what is known of its insurance.
pub(crate) struct LeaseRow {
    pub id: i64,
    pub label: String,
    /// "Logement Type 3", and where: the payment page's Location(s) table.
    pub kind: String,
    pub address: String,
    pub to: Option<String>,
    pub from: Option<String>,
    /// A certificate waits for the landlord's check.
    pub pending: bool,
}

/// The account's (`$1`) leases still running on day `$2`, as `l`: the
/// insurance page lists them and Accueil's alerts read them (one statement
/// with the balance, `account::ssr::situation`).
pub(crate) const OPEN_LEASES: &str =
    "FROM lease l WHERE l.account_id = $1 AND (l.end_date IS NULL OR l.end_date >= $2)";

/// How many certificates of lease `l` wait for the landlord's check.
pub(crate) const PENDING: &str = "(SELECT COUNT(*) FROM tenant_request r WHERE r.lease_id = l.id
     AND r.area = 'assurance' AND r.status = 'envoyee')";

/// "Logement Type 3 – 12 rue des Lilas (réf. 001234)".
pub fn lease_label(label: &str, address: &str, reference: &str) -> String {
    format!("{label} – {address} (réf. {reference})")
}

pub(crate) async fn leases(db: &Db, account_id: i64) -> Result<Vec<LeaseRow>, AppError> {
    type Row = (
        i64,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        i64,
    );
    static SQL: LazyLock<String> = LazyLock::new(|| {
        format!(
            "SELECT l.id, l.label, l.address, l.reference, l.insurance_from, l.insurance_to,
                    {PENDING}
             {OPEN_LEASES} ORDER BY l.kind = 'logement' DESC, l.reference"
        )
    });
    let rows: Vec<Row> = sqlx::query_as(SQL.as_str())
        .bind(account_id)
        .bind(iso(today()))
        .fetch_all(&db.pool)
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, label, address, reference, from, to, pending)| LeaseRow {
                id,
                label: lease_label(&label, &address, &reference),
                kind: label,
                address,
                from,
                to,
                pending: pending > 0,
            },
        )
        .collect())
}

impl LeaseRow {
    pub fn status(&self) -> &'static str {
        if self.pending {
            "en cours de validation"
        } else if self
            .to
            .as_deref()
            .is_some_and(|to| to >= iso(today()).as_str())
        {
            "à jour"
        } else {
            "non à jour"
        }
    }
}

pub async fn view(db: &Db, tenant: &Tenant) -> Result<InsuranceView, AppError> {
    let leases = leases(db, tenant.account_id)
        .await?
        .into_iter()
        .map(|l| LeaseInsurance {
            id: l.id,
            status: l.status().to_string(),
            period: match (&l.from, &l.to) {
                (Some(f), Some(t)) => Some(format!("du {} au {}", french_date(f), french_date(t))),
                _ => None,
            },
            label: l.label,
        })
        .collect();
    Ok(InsuranceView {
        leases,
        sends: crate::requests::ssr::list(db, tenant.account_id, &[Area::Insurance]).await?,
    })
}

/// The payment page's "Location(s)": (type, address, insurance up to date).
pub async fn locations(db: &Db, account_id: i64) -> Result<Vec<(String, String, bool)>, AppError> {
    Ok(leases(db, account_id)
        .await?
        .into_iter()
        .map(|l| {
            let ok = l.status() != "non à jour";
            (l.kind, l.address, ok)
        })
        .collect())
}

/// Accueil's alert for one open lease: its insurance is missing, expired,
/// or ends within 30 days (none while a new certificate waits for
/// validation). `label` is the lease's full label, `to` the ISO end date.
/// The lease rows come with the account's situation (one statement).
pub fn alert(label: &str, to: Option<&str>, pending: bool, today: NaiveDate) -> Option<String> {
    if pending {
        return None;
    }
    let soon = iso(today + chrono::Duration::days(30));
    let now = iso(today);
    match to {
        None => Some(format!(
            "Nous n'avons pas votre attestation d'assurance pour : {label}."
        )),
        Some(to) if to < now.as_str() => Some(format!(
            "Votre attestation d'assurance pour {label} a expiré le {} : envoyez la nouvelle.",
            french_date(to)
        )),
        Some(to) if to <= soon.as_str() => Some(format!(
            "Votre attestation d'assurance pour {label} se termine le {} : pensez à envoyer la nouvelle.",
            french_date(to)
        )),
        Some(_) => None,
    }
}

//! The legal pages every public body's site owes its visitors: mentions
//! légales (LCEN art. 6), politique de confidentialité (RGPD art. 13),
//! déclaration d'accessibilité (loi 2005-102 art. 47, RGAA 4.1) and the plan
//! du site (RGAA 12.1). The texts are ours; the names, addresses and
//! contacts come from the configuration (`LegalSettings`), the retention
//! periods from the retention job's own settings, so the page says what the
//! job does.
mod accessibility;
mod notice;
mod privacy;
mod sitemap;

pub use accessibility::AccessibilityPage;
pub use notice::LegalNoticePage;
pub use privacy::PrivacyPage;
pub use sitemap::SitemapPage;

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// How far the portal meets RGAA 4.1, as the last audit said (the footer and
/// the declaration show it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Conformity {
    Non,
    #[default]
    Partielle,
    Totale,
}

impl Conformity {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_lowercase().as_str() {
            "non" | "non conforme" => Some(Self::Non),
            "partielle" | "partiellement conforme" => Some(Self::Partielle),
            "totale" | "totalement conforme" => Some(Self::Totale),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Non => "non conforme",
            Self::Partielle => "partiellement conforme",
            Self::Totale => "totalement conforme",
        }
    }
}

/// The configured parts of the legal pages (README, "Pages légales").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalSettings {
    /// "Office public de l'habitat (établissement public local…)".
    pub legal_form: String,
    pub siren: String,
    /// The directeur de la publication (LCEN art. 6 III).
    pub director: String,
    /// The host's name, address and phone, on one line.
    pub host: String,
    /// How to reach the data-protection officer (address, e-mail).
    pub dpo: String,
    /// Who answers accessibility complaints.
    pub accessibility_contact: String,
    pub conformity: Conformity,
    /// The day the declaration was made or last revised ("03/12/2026").
    pub accessibility_date: String,
}

/// Everything the legal pages show, gathered on the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Legal {
    pub publisher: String,
    pub address: String,
    pub phone: String,
    pub site: String,
    pub settings: LegalSettings,
    /// What the portal keeps and for how long: (what, period).
    pub retention: Vec<(String, String)>,
}

#[server(endpoint = "mentions")]
pub async fn legal_info() -> Result<Legal, AppError> {
    let st = crate::infra::state()?;
    let head: Option<(String, String)> =
        sqlx::query_as("SELECT address, phone FROM landlord WHERE id = 1")
            .fetch_optional(&st.db.pool)
            .await?;
    let (address, phone) = head.unwrap_or_default();
    Ok(Legal {
        publisher: st.settings.landlord_name.clone(),
        address,
        phone,
        site: st.settings.base_url.clone(),
        settings: st.settings.legal.clone(),
        retention: st.settings.retention.described(),
    })
}

/// What every tenant page's frame shows from the configuration: the
/// landlord's name in the header, the accessibility status in the footer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Frame {
    pub landlord: String,
    pub conformity: Conformity,
}

/// Values of the configuration, so no query.
#[server(endpoint = "cadre")]
pub async fn site_frame() -> Result<Frame, AppError> {
    let st = crate::infra::state()?;
    Ok(Frame {
        landlord: st.settings.landlord_name.clone(),
        conformity: st.settings.legal.conformity,
    })
}

/// A legal page: its title, then its body once the details are loaded.
fn legal_page<V: IntoView + 'static>(
    title: &'static str,
    body: impl Fn(Legal) -> V + Send + Sync + Copy + 'static,
) -> impl IntoView {
    let info = Resource::new(|| (), |_| legal_info());
    view! {
        <crate::components::PageTitle title />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match info.await {
                    Ok(l) => body(l).into_any(),
                    Err(e) => view! { <p class="alert alert-error" role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// "Non renseigné" rather than an empty line when a value is not configured.
fn or_unset(value: &str) -> String {
    if value.trim().is_empty() {
        "Non renseigné".into()
    } else {
        value.to_string()
    }
}

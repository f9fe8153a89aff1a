//! Documents on the server: the notices' list, the months a quittance can be
//! made for, the downloads (each checks the owner), the quittance PDF, and
//! the letterhead every PDF of the portal starts with.

use super::{DocumentsView, Notice, month_label, of_month};
use crate::auth::ssr::queries::Tenant;
use crate::domain::Money;
use crate::error::AppError;
use crate::infra::pdf::Pdf;
use crate::infra::{AppState, Db, today, web};
use crate::infra::{french_date, iso};
use axum::extract::{Path, Query, State};
use axum::response::Response;
use std::collections::HashMap;
use tower_sessions::Session;

pub async fn documents_view(
    db: &Db,
    account_id: i64,
    landlord: &str,
) -> Result<DocumentsView, AppError> {
    Ok(DocumentsView {
        landlord: landlord.to_string(),
        due_notices: notices(db, account_id, "avis_echeance", 3).await?,
        adjustment_notices: notices(db, account_id, "avis_regularisation", 2).await?,
        receipt_months: paid_months(db, account_id)
            .await?
            .into_iter()
            .rev()
            .map(|m| (m.clone(), month_label(&m)))
            .collect(),
    })
}

async fn notices(db: &Db, account_id: i64, kind: &str, last: i64) -> Result<Vec<Notice>, AppError> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT public_id, period, issued_on FROM document WHERE account_id = $1 AND kind = $2
         ORDER BY period DESC, id DESC LIMIT $3",
    )
    .bind(account_id)
    .bind(kind)
    .bind(last)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(public_id, period, issued)| Notice {
            public_id,
            // The seed's titles: "Avis d'échéance - 31/03/2018", the month's last day.
            title: match kind {
                "avis_echeance" => format!("Avis d'échéance - {}", month_end(&period)),
                _ => format!(
                    "Avis de régularisation de charges - {}",
                    french_date(&issued)
                ),
            },
            issued: french_date(&issued),
        })
        .collect())
}

/// "2018-03" → "31/03/2018"; the period itself when it is not a month.
fn month_end(period: &str) -> String {
    chrono::NaiveDate::parse_from_str(&format!("{period}-01"), "%Y-%m-%d")
        .ok()
        .and_then(|first| first.checked_add_months(chrono::Months::new(1)))
        .and_then(|next| next.pred_opt())
        .map(|last| last.format("%d/%m/%Y").to_string())
        .unwrap_or_else(|| period.to_string())
}

/// Months ("YYYY-MM", oldest first) whose charges are paid in full: the
/// payments received so far cover every charge up to the end of that month
/// (payments settle the oldest charges first).
pub async fn paid_months(db: &Db, account_id: i64) -> Result<Vec<String>, AppError> {
    let day = iso(today());
    let (paid,): (i64,) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(amount_cents), 0) AS BIGINT) FROM ledger_entry
         WHERE account_id = $1 AND kind = 'reglement' AND entry_date <= $2",
    )
    .bind(account_id)
    .bind(&day)
    .fetch_one(&db.pool)
    .await?;
    let charges: Vec<(String, i64)> = sqlx::query_as(
        "SELECT substr(entry_date, 1, 7) AS month, CAST(SUM(amount_cents) AS BIGINT) FROM ledger_entry
         WHERE account_id = $1 AND kind = 'facturation' AND entry_date <= $2
         GROUP BY substr(entry_date, 1, 7) ORDER BY month",
    )
    .bind(account_id)
    .bind(&day)
    .fetch_all(&db.pool)
    .await?;
    let mut due = 0;
    Ok(charges
        .into_iter()
        .take_while(|(_, c)| {
            due += c;
            due <= paid
        })
        .map(|(m, _)| m)
        .collect())
}

/// What heads every PDF: the landlord, the account, its signatories and the
/// tenant's chosen lease.
pub struct Letterhead {
    pub landlord: (String, String),
    /// The landlord's logo when the import gave a PNG (an SVG heads the web
    /// pages only: PDFs embed raster images).
    pub logo: Option<Vec<u8>>,
    pub account: String,
    pub holders: String,
    pub lease: Option<(String, String)>,
}

pub async fn letterhead(st: &AppState, tenant: &Tenant) -> Result<Letterhead, AppError> {
    let db = &st.db;
    let landlord: Option<(String, String, String)> =
        sqlx::query_as("SELECT name, address, logo FROM landlord WHERE id = 1")
            .fetch_optional(&db.pool)
            .await?;
    let (name, address, logo) = landlord.unwrap_or_default();
    let logo = match logo.ends_with(".png") {
        true => tokio::fs::read(st.settings.documents_dir.join(&logo))
            .await
            .ok(),
        false => None,
    };
    let (account,): (String,) = sqlx::query_as("SELECT number FROM client_account WHERE id = $1")
        .bind(tenant.account_id)
        .fetch_one(&db.pool)
        .await?;
    let holders: Vec<(String, String)> = sqlx::query_as(
        "SELECT first_name, last_name FROM person WHERE account_id = $1 AND role = 'signataire' ORDER BY id",
    )
    .bind(tenant.account_id)
    .fetch_all(&db.pool)
    .await?;
    let lease: Option<(String, String)> =
        sqlx::query_as("SELECT label, address FROM lease WHERE id = $1")
            .bind(tenant.lease_id.unwrap_or(-1))
            .fetch_optional(&db.pool)
            .await?;
    Ok(Letterhead {
        landlord: (name, address),
        logo,
        account,
        holders: holders
            .iter()
            .map(|(f, l)| format!("{f} {l}"))
            .collect::<Vec<_>>()
            .join(", "),
        lease,
    })
}

impl Letterhead {
    pub fn draw(&self, pdf: &mut Pdf, title: &str, subtitle: &str) {
        if let Some(png) = &self.logo {
            pdf.logo(png);
        }
        pdf.line(14.0, true, &self.landlord.0);
        pdf.line(9.0, false, &self.landlord.1);
        pdf.down(16.0);
        pdf.line(18.0, true, title);
        pdf.line(11.0, false, subtitle);
        pdf.down(6.0);
        pdf.line(10.0, false, &format!("Compte client n° {}", self.account));
        pdf.line(10.0, false, &format!("Titulaire(s) : {}", self.holders));
        if let Some((label, address)) = &self.lease {
            pdf.line(10.0, false, &format!("{label} : {address}"));
        }
        pdf.down(8.0);
    }
}

/// The signed-in tenant for a download, or the answer to give instead.
pub async fn download_tenant(st: &AppState, session: &Session) -> Result<Tenant, Response> {
    match crate::auth::ssr::session::tenant(&st.db, session).await {
        Ok(t) => Ok(t),
        Err(AppError::NotSignedIn) => Err(web::see_other(crate::routes::LOGIN)),
        Err(_) => Err(technical_problem()),
    }
}

pub fn technical_problem() -> Response {
    web::simple_page(
        axum::http::StatusCode::SERVICE_UNAVAILABLE,
        "Document indisponible",
        "Une erreur technique empêche de préparer ce document. Merci de réessayer dans quelques instants.",
        (crate::routes::DOCUMENTS, "Documents divers"),
    )
}

/// `GET /documents/avis/{public_id}`: a notice of the tenant's own account.
pub async fn notice_pdf(
    State(st): State<AppState>,
    session: Session,
    Path(public_id): Path<String>,
) -> Response {
    let tenant = match download_tenant(&st, &session).await {
        Ok(t) => t,
        Err(res) => return res,
    };
    let row: Result<Option<(String, String, String)>, sqlx::Error> = sqlx::query_as(
        "SELECT stored_name, kind, period FROM document WHERE public_id = $1 AND account_id = $2",
    )
    .bind(&public_id)
    .bind(tenant.account_id)
    .fetch_optional(&st.db.pool)
    .await;
    let (stored, kind, period) = match row {
        Ok(Some(r)) => r,
        Ok(None) => return web::document_not_found(),
        Err(e) => {
            AppError::internal("notice lookup", e);
            return technical_problem();
        }
    };
    match tokio::fs::read(st.settings.documents_dir.join(&stored)).await {
        Ok(bytes) => web::pdf(bytes, &format!("{}-{period}.pdf", kind.replace('_', "-"))),
        Err(e) => {
            tracing::error!(file = %stored, error = %e, "notice file missing from storage");
            web::simple_page(
                axum::http::StatusCode::NOT_FOUND,
                "Document indisponible",
                "Ce document n'est pas disponible pour le moment. Votre agence peut vous en remettre une copie.",
                (crate::routes::DOCUMENTS, "Documents divers"),
            )
        }
    }
}

/// `GET /documents/quittance?mois=YYYY-MM`: the quittance of a month paid in full.
pub async fn receipt_pdf(
    State(st): State<AppState>,
    session: Session,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let tenant = match download_tenant(&st, &session).await {
        Ok(t) => t,
        Err(res) => return res,
    };
    let month = q.get("mois").cloned().unwrap_or_default();
    match receipt(&st, &tenant, &month).await {
        Ok(Some(bytes)) => web::pdf(bytes, &format!("quittance-{month}.pdf")),
        Ok(None) => web::simple_page(
            axum::http::StatusCode::NOT_FOUND,
            "Quittance indisponible",
            "La quittance n'est délivrée que pour un mois dont le loyer et les charges sont entièrement réglés.",
            (crate::routes::DOCUMENTS, "Documents divers"),
        ),
        Err(_) => technical_problem(),
    }
}

/// The quittance's PDF, or None when the month is not paid in full.
async fn receipt(st: &AppState, tenant: &Tenant, month: &str) -> Result<Option<Vec<u8>>, AppError> {
    let db = &st.db;
    if !paid_months(db, tenant.account_id)
        .await?
        .iter()
        .any(|m| m == month)
    {
        return Ok(None);
    }
    let lines: Vec<(String, i64)> = sqlx::query_as(
        "SELECT label, amount_cents FROM ledger_entry WHERE account_id = $1 AND kind = 'facturation'
         AND substr(entry_date, 1, 7) = $2 ORDER BY entry_date, id",
    )
    .bind(tenant.account_id)
    .bind(month)
    .fetch_all(&db.pool)
    .await?;
    let head = letterhead(st, tenant).await?;
    let label = of_month(month);
    let bytes = tokio::task::spawn_blocking(move || receipt_document(&head, &label, &lines))
        .await
        .map_err(|e| AppError::internal("receipt pdf task", e))?
        .map_err(|e| AppError::internal("receipt pdf", e))?;
    Ok(Some(bytes))
}

fn receipt_document(
    head: &Letterhead,
    month: &str,
    lines: &[(String, i64)],
) -> Result<Vec<u8>, String> {
    let mut pdf = Pdf::new(&format!("Quittance de loyer du mois {month}"));
    head.draw(
        &mut pdf,
        "Quittance de loyer",
        &format!("Loyer et charges du mois {month}"),
    );
    let total: i64 = lines.iter().map(|(_, c)| c).sum();
    pdf.amounts(lines, "Total reçu");
    let place = head
        .lease
        .as_ref()
        .map(|(_, a)| format!(" pour la location située {a}"))
        .unwrap_or_default();
    pdf.paragraph(
        10.0,
        &format!(
            "{landlord}, bailleur, déclare avoir reçu de {holders} la somme de {sum} au titre du loyer et des charges \
             du mois {month}{place}, et lui en donne quittance, sous réserve de tous ses droits.",
            landlord = head.landlord.0,
            holders = head.holders,
            sum = Money::from_cents(total),
        ),
    );
    pdf.down(6.0);
    pdf.paragraph(9.0, "Quittance délivrée en application de l'article 21 de la loi n° 89-462 du 6 juillet 1989. Elle annule tout reçu donné pour acompte sur la même période.");
    pdf.down(10.0);
    pdf.line(
        10.0,
        false,
        &format!("Établie le {}", today().format("%d/%m/%Y")),
    );
    pdf.finish()
}

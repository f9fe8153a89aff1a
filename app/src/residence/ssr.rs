use super::{Agency, LeaseView, ResidenceView};
use crate::account::ssr::french_date;
use crate::auth::ssr::queries::{Tenant, lease_kind_label};
use crate::domain::Money;
use crate::error::AppError;
use crate::forms::{FormOutcome, FormState};
use crate::infra::{Db, session};

type Row = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    i64,
    i64,
    String,
    Option<String>,
    Option<(String, String, String, String)>,
);

pub async fn residence(db: &Db, tenant: &Tenant) -> Result<ResidenceView, AppError> {
    let rows: Vec<(
        i64,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        i64,
        i64,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    )> = sqlx::query_as(
        "SELECT l.id, l.reference, l.kind, l.label, l.address, l.building, l.floor, l.door,
                    l.rent_cents, l.charges_cents, l.start_date, l.end_date,
                    g.name, g.address, g.phone, g.hours
             FROM lease l
             JOIN client_account a ON a.id = l.account_id
             LEFT JOIN agency g ON g.id = COALESCE(l.agency_id, a.agency_id)
             WHERE l.account_id = $1
             ORDER BY CASE WHEN l.end_date IS NULL THEN 0 ELSE 1 END, l.id",
    )
    .bind(tenant.account_id)
    .fetch_all(&db.pool)
    .await?;
    let rows: Vec<Row> = rows
        .into_iter()
        .map(|r| {
            let agency = match (r.12, r.13, r.14, r.15) {
                (Some(n), Some(a), Some(p), Some(h)) => Some((n, a, p, h)),
                _ => None,
            };
            (
                r.0, r.1, r.2, r.3, r.4, r.5, r.6, r.7, r.8, r.9, r.10, r.11, agency,
            )
        })
        .collect();
    let phone: Option<(String,)> = sqlx::query_as("SELECT phone FROM landlord WHERE id = 1")
        .fetch_optional(&db.pool)
        .await?;
    Ok(ResidenceView {
        leases: rows
            .into_iter()
            .map(|r| lease(r, tenant.lease_id))
            .collect(),
        head_office_phone: phone.map(|p| p.0).unwrap_or_default(),
    })
}

fn lease(r: Row, chosen: Option<i64>) -> LeaseView {
    let (
        id,
        reference,
        kind,
        label,
        address,
        building,
        floor,
        door,
        rent,
        charges,
        start,
        end,
        agency,
    ) = r;
    LeaseView {
        chosen: Some(id) == chosen,
        reference,
        kind: lease_kind_label(&kind).to_string(),
        label,
        address,
        building,
        floor,
        door,
        rent: Money::from_cents(rent),
        charges: Money::from_cents(charges),
        start: french_date(&start),
        end: end.as_deref().map(french_date),
        agency: agency.map(|(name, address, phone, hours)| Agency {
            name,
            address,
            phone,
            hours,
        }),
    }
}

/// Only an open lease of the tenant's own account can be chosen; anything
/// else gets one message, whether the lease exists or not.
pub async fn choose(
    db: &Db,
    tenant: &Tenant,
    reference: &str,
    back: &str,
) -> Result<FormOutcome, AppError> {
    let found: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM lease WHERE reference = $1 AND account_id = $2 AND end_date IS NULL",
    )
    .bind(reference)
    .bind(tenant.account_id)
    .fetch_optional(&db.pool)
    .await?;
    if found.is_none() {
        return Ok(FormOutcome::Refused(FormState::general(
            "Cette location ne fait pas partie de votre compte.",
        )));
    }
    crate::auth::ssr::session::choose_lease(&session().await?, reference).await?;
    // Back to the page the tenant was on; only a path of this site.
    let local = back.starts_with('/') && !back.starts_with("//") && !back.contains('\\');
    Ok(FormOutcome::to(if local {
        back
    } else {
        crate::routes::HOME
    }))
}

use super::{Agency, LeaseView, ResidenceView};
use crate::auth::ssr::queries::{Tenant, lease_kind_label};
use crate::domain::Money;
use crate::error::AppError;
use crate::forms::{FormOutcome, FormState};
use crate::infra::french_date;
use crate::infra::{Db, session};

/// A lease and its agency (the lease's, else the account's), as selected.
#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    reference: String,
    kind: String,
    label: String,
    address: String,
    building: String,
    floor: String,
    door: String,
    rent_cents: i64,
    charges_cents: i64,
    start_date: String,
    end_date: Option<String>,
    agency_name: Option<String>,
    agency_address: Option<String>,
    agency_phone: Option<String>,
    agency_hours: Option<String>,
}

pub async fn residence(db: &Db, tenant: &Tenant) -> Result<ResidenceView, AppError> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT l.id, l.reference, l.kind, l.label, l.address, l.building, l.floor, l.door,
                l.rent_cents, l.charges_cents, l.start_date, l.end_date,
                g.name AS agency_name, g.address AS agency_address, g.phone AS agency_phone, g.hours AS agency_hours
         FROM lease l
         JOIN client_account a ON a.id = l.account_id
         LEFT JOIN agency g ON g.id = COALESCE(l.agency_id, a.agency_id)
         WHERE l.account_id = $1
         ORDER BY CASE WHEN l.end_date IS NULL THEN 0 ELSE 1 END, l.id",
    )
    .bind(tenant.account_id)
    .fetch_all(&db.pool)
    .await?;
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
    let agency = match (r.agency_name, r.agency_address, r.agency_phone) {
        (Some(name), Some(address), Some(phone)) => Some(Agency {
            name,
            address,
            phone,
            hours: r.agency_hours.unwrap_or_default(),
        }),
        _ => None,
    };
    LeaseView {
        chosen: Some(r.id) == chosen,
        reference: r.reference,
        kind: lease_kind_label(&r.kind).to_string(),
        label: r.label,
        address: r.address,
        building: r.building,
        floor: r.floor,
        door: r.door,
        rent: Money::from_cents(r.rent_cents),
        charges: Money::from_cents(r.charges_cents),
        start: french_date(&r.start_date),
        end: r.end_date.as_deref().map(french_date),
        agency,
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
    // Back to the page the tenant was on: only one of our own pages.
    Ok(FormOutcome::to(crate::routes::own_page(back)))
}

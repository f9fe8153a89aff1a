use super::ContactView;
use crate::auth::ssr::queries::Tenant;
use crate::error::AppError;
use crate::infra::AppState;
use crate::requests::Area;
use crate::residence::Agency;

pub async fn contact(st: &AppState, tenant: &Tenant) -> Result<ContactView, AppError> {
    let head: Option<(String, String, String)> =
        sqlx::query_as("SELECT name, address, phone FROM landlord WHERE id = 1")
            .fetch_optional(&st.db.pool)
            .await?;
    let agency: Option<(String, String, String, String)> = sqlx::query_as(
        "SELECT g.name, g.address, g.phone, g.hours FROM client_account a
         JOIN agency g ON g.id = COALESCE((SELECT agency_id FROM lease WHERE id = $2), a.agency_id)
         WHERE a.id = $1",
    )
    .bind(tenant.account_id)
    .bind(tenant.lease_id.unwrap_or(-1))
    .fetch_optional(&st.db.pool)
    .await?;
    Ok(ContactView {
        head_office: head.unwrap_or_default(),
        agency: agency.map(|(name, address, phone, hours)| Agency {
            name,
            address,
            phone,
            hours,
        }),
        requests: crate::requests::ssr::list(&st.db, tenant.account_id, &[Area::Request]).await?,
        max_files: st.settings.upload_limits.files,
    })
}

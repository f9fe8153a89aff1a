//! Server-only side of sign-up and sign-in.
pub mod captcha;
pub mod closure;
pub mod flows;
pub mod hashing;
pub mod queries;
pub mod session;
pub mod throttle;
pub mod tokens;

use crate::error::AppError;
use crate::infra::{AppState, session, state};
use queries::Tenant;

/// The state and the signed-in tenant, or `NotSignedIn`: every tenant's
/// server function starts here, and the account it reads is this one's.
pub async fn signed_in_tenant() -> Result<(AppState, Tenant), AppError> {
    let st = state()?;
    let tenant = session::tenant(&st.db, &session().await?).await?;
    Ok((st, tenant))
}

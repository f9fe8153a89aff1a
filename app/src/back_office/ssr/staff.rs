//! Staff members: their roles, their sessions (shorter than tenants': 15
//! minutes idle, 8 hours at most) and what each role may see. Every check is
//! made here, on the server, for every page and action.
use crate::error::AppError;
use crate::infra::{Db, now};
use tower_sessions::Session;

const STAFF_ID: &str = "staff_id";
const STAFF_EPOCH: &str = "staff_epoch";
const STAFF_STARTED: &str = "staff_started_at";
const STAFF_SEEN: &str = "staff_seen_at";
pub const IDLE_SECS: i64 = 15 * 60;
pub const ABSOLUTE_SECS: i64 = 8 * 3600;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Their agency's tenants and requests.
    Agent,
    /// Payments and direct debit, all agencies.
    Accounting,
    /// Everything, staff accounts and the audit log.
    Admin,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Self::Agent => "agent",
            Self::Accounting => "comptabilite",
            Self::Admin => "administrateur",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Agent, Self::Accounting, Self::Admin]
            .into_iter()
            .find(|r| r.code() == code)
    }
}

#[derive(Clone, Debug)]
pub struct Staff {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub agency_id: Option<i64>,
}

impl Staff {
    /// Tenants' files and requests: an agent only their agency's.
    pub fn sees_agency(&self, agency_id: i64) -> bool {
        match self.role {
            Role::Admin | Role::Accounting => true,
            Role::Agent => self.agency_id == Some(agency_id),
        }
    }

    /// The inbox of requests (contact, claims, insurance, changes).
    pub fn handles_requests(&self) -> bool {
        matches!(self.role, Role::Agent | Role::Admin)
    }

    /// A tenant's whole file: their homes, what they sent, their documents
    /// and contact details. Accounting sees only who they are and their money.
    pub fn sees_whole_file(&self) -> bool {
        // The roles that handle requests are those that need the whole file.
        self.handles_requests()
    }

    /// Payments, their export, and direct-debit requests.
    pub fn handles_money(&self) -> bool {
        matches!(self.role, Role::Accounting | Role::Admin)
    }

    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

fn internal(e: impl std::fmt::Display) -> AppError {
    AppError::internal("staff session", e)
}

/// Opens a staff session on a fresh id; a tenant's sign-in in the same
/// browser is closed (one identity per session).
pub async fn sign_in(session: &Session, id: i64, epoch: i64) -> Result<(), AppError> {
    session.flush().await.map_err(internal)?;
    session.cycle_id().await.map_err(internal)?;
    let t = now();
    session.insert(STAFF_ID, id).await.map_err(internal)?;
    session.insert(STAFF_EPOCH, epoch).await.map_err(internal)?;
    session.insert(STAFF_STARTED, t).await.map_err(internal)?;
    session.insert(STAFF_SEEN, t).await.map_err(internal)
}

/// The signed-in staff member, or `NotSignedIn` (never a tenant).
pub async fn current(db: &Db, session: &Session) -> Result<Staff, AppError> {
    let get = |key: &'static str| async move { session.get::<i64>(key).await.map_err(internal) };
    let (Some(id), Some(epoch), Some(started), Some(seen)) = (
        get(STAFF_ID).await?,
        get(STAFF_EPOCH).await?,
        get(STAFF_STARTED).await?,
        get(STAFF_SEEN).await?,
    ) else {
        return Err(AppError::NotSignedIn);
    };
    let t = now();
    if t - started > ABSOLUTE_SECS || t - seen > IDLE_SECS {
        session.flush().await.map_err(internal)?;
        return Err(AppError::NotSignedIn);
    }
    type Row = (i64, String, String, Option<i64>, i64);
    let row: Option<Row> = sqlx::query_as(
        "SELECT id, name, role, agency_id, session_epoch FROM staff WHERE id = $1 AND active = 1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    let Some((id, name, role, agency_id, current_epoch)) = row else {
        return Err(AppError::NotSignedIn);
    };
    let Some(role) = Role::from_code(&role).filter(|_| current_epoch == epoch) else {
        return Err(AppError::NotSignedIn);
    };
    session.insert(STAFF_SEEN, t).await.map_err(internal)?;
    Ok(Staff {
        id,
        name,
        role,
        agency_id,
    })
}

//! The signed-in state kept in the tower-sessions session (stored in the
//! database). Idle expiry is the session layer's; the absolute lifetime and
//! the "close every session" epoch are checked here on each request.
use super::queries::{self, Tenant};
use crate::auth::SignedIn;
use crate::error::AppError;
use crate::infra::{Db, now};
use tower_sessions::Session;

const LOGIN_ID: &str = "login_id";
const EPOCH: &str = "epoch";
const STARTED_AT: &str = "started_at";
/// The lease reference the tenant chose in the header.
const LEASE: &str = "lease";
/// When this session was last saved because the tenant was active.
const SEEN: &str = "seen";
/// The person that passed registration step 1, and when.
const REGISTERING: &str = "registering";

/// A signed-in session lasts at most this long, active or not.
pub const ABSOLUTE_SECS: i64 = 12 * 3600;
/// An active tenant's session is saved again at most this often.
pub const TOUCH_SECS: i64 = 60;
/// Step 2 of registration must follow step 1 within this time.
pub const REGISTERING_SECS: i64 = 30 * 60;

/// The session store is the database: when it fails, the database is away.
fn internal(e: impl std::fmt::Display) -> AppError {
    crate::infra::db::mark_unavailable();
    AppError::internal("session store", e)
}

/// Signs in on a new, empty session with a fresh id (no fixation): nothing
/// of what the browser's session held before (a staff identity, a lease
/// choice, a registration under way) carries over.
pub async fn sign_in(session: &Session, login_id: i64, epoch: i64) -> Result<(), AppError> {
    session.flush().await.map_err(internal)?;
    session.cycle_id().await.map_err(internal)?;
    session.insert(LOGIN_ID, login_id).await.map_err(internal)?;
    session.insert(EPOCH, epoch).await.map_err(internal)?;
    session.insert(STARTED_AT, now()).await.map_err(internal)?;
    session.insert(SEEN, now()).await.map_err(internal)
}

/// The store keeps a session until the idle delay after its last save, and
/// the session layer saves only a changed session: a tenant who kept using
/// the portal was signed out 30 minutes after signing in. Noting the time
/// now and then changes it, so it is saved with a new expiry; at most once a
/// minute, not a write per page. Runs before the handler, so that the save
/// happens even when the page's body streams after the response starts.
pub async fn keep_alive(session: &Session) -> Result<(), AppError> {
    if session
        .get::<i64>(LOGIN_ID)
        .await
        .map_err(internal)?
        .is_none()
    {
        return Ok(());
    }
    let seen = session.get::<i64>(SEEN).await.map_err(internal)?;
    let t = now();
    if seen.is_none_or(|seen| t - seen >= TOUCH_SECS) {
        session.insert(SEEN, t).await.map_err(internal)?;
    }
    Ok(())
}

pub async fn sign_out(session: &Session) -> Result<(), AppError> {
    session.flush().await.map_err(internal)
}

/// Keeps this session open after the login's epoch moved (password change).
pub async fn set_epoch(session: &Session, epoch: i64) -> Result<(), AppError> {
    session.cycle_id().await.map_err(internal)?;
    session.insert(EPOCH, epoch).await.map_err(internal)
}

/// The signed-in tenant, or None. A session past its absolute lifetime or
/// closed by an epoch change is emptied.
pub async fn current(db: &Db, session: &Session) -> Result<Option<SignedIn>, AppError> {
    Ok(current_with_tenant(db, session).await?.map(|(u, _)| u))
}

/// What this request already read of the signed-in tenant. The layout and
/// the page's resources all ask, at the same time during a render; the first
/// reads, the others wait for its answer. The session's values are the key:
/// a sign-in, sign-out or lease choice within the request reads again.
/// Provided per request by the server (absent in plain handlers: no memo).
#[derive(Clone, Default)]
pub struct RequestMemo(std::sync::Arc<tokio::sync::Mutex<Option<(MemoKey, Found)>>>);

type MemoKey = (i64, i64, i64, Option<String>);
type Found = Option<(SignedIn, Tenant)>;

async fn current_with_tenant(db: &Db, session: &Session) -> Result<Found, AppError> {
    let Some(login_id) = session.get::<i64>(LOGIN_ID).await.map_err(internal)? else {
        return Ok(None);
    };
    let epoch = session
        .get::<i64>(EPOCH)
        .await
        .map_err(internal)?
        .unwrap_or(-1);
    let started = session
        .get::<i64>(STARTED_AT)
        .await
        .map_err(internal)?
        .unwrap_or(0);
    let chosen = session.get::<String>(LEASE).await.map_err(internal)?;
    let key = (login_id, epoch, started, chosen);
    let memo = leptos::prelude::use_context::<RequestMemo>();
    let mut slot = match &memo {
        Some(m) => Some(m.0.lock().await),
        None => None,
    };
    if let Some(Some((k, found))) = slot.as_deref()
        && *k == key
    {
        return Ok(found.clone());
    }
    let found = read_tenant(db, session, &key).await?;
    if let Some(slot) = slot.as_mut() {
        **slot = Some((key, found.clone()));
    }
    Ok(found)
}

async fn read_tenant(db: &Db, session: &Session, key: &MemoKey) -> Result<Found, AppError> {
    let (login_id, epoch, started, chosen) = key.clone();
    match queries::signed_in(db, login_id, chosen).await? {
        Some((user, tenant, current_epoch))
            if current_epoch == epoch && now() - started < ABSOLUTE_SECS =>
        {
            Ok(Some((user, tenant)))
        }
        _ => {
            sign_out(session).await?;
            Ok(None)
        }
    }
}

pub async fn require(db: &Db, session: &Session) -> Result<SignedIn, AppError> {
    current(db, session).await?.ok_or(AppError::NotSignedIn)
}

/// The signed-in tenant's account and chosen lease: what every server
/// function of the tenant's pages scopes its queries with.
pub async fn tenant(db: &Db, session: &Session) -> Result<Tenant, AppError> {
    current_with_tenant(db, session)
        .await?
        .map(|(_, t)| t)
        .ok_or(AppError::NotSignedIn)
}

/// Remembers the lease the pages refer to (already checked to be the tenant's).
pub async fn choose_lease(session: &Session, reference: &str) -> Result<(), AppError> {
    session.insert(LEASE, reference).await.map_err(internal)
}

pub async fn start_registration(session: &Session, person_id: i64) -> Result<(), AppError> {
    session
        .insert(REGISTERING, (person_id, now()))
        .await
        .map_err(internal)
}

pub async fn registering(session: &Session) -> Result<Option<i64>, AppError> {
    let value = session
        .get::<(i64, i64)>(REGISTERING)
        .await
        .map_err(internal)?;
    Ok(value
        .filter(|(_, at)| now() - at < REGISTERING_SECS)
        .map(|(id, _)| id))
}

pub async fn end_registration(session: &Session) -> Result<(), AppError> {
    session
        .remove::<(i64, i64)>(REGISTERING)
        .await
        .map_err(internal)?;
    Ok(())
}

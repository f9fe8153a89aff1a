//! Throttling counters in the database, so that every server instance sees
//! the same counts. A counter counts events in a fixed window per key.
//!
//! An attempt is counted *before* it is checked (`attempt`): one statement
//! increments the counter and returns the new count, so 400 parallel guesses
//! cannot all read "under the limit" before the first is counted, and a
//! request cut off mid-way has already been counted. A success may then
//! clear the key (`clear`) or give the attempt back (`forgive`).
use crate::error::AppError;
use crate::infra::{Db, now};

#[derive(Clone, Copy, Debug)]
pub struct Limit {
    pub name: &'static str,
    pub max: i64,
    pub window_secs: i64,
}

/// Failed sign-ins for one identifier: slows down guessing one tenant's password.
pub const LOGIN_EMAIL: Limit = Limit {
    name: "login-email",
    max: 10,
    window_secs: 900,
};
/// Failed staff sign-ins (password or second factor) for one identifier:
/// a wrong code counts like a wrong password.
pub const STAFF_LOGIN: Limit = Limit {
    name: "staff-login",
    max: 5,
    window_secs: 900,
};
/// Failed sign-ins from one address: slows down spraying many accounts.
pub const LOGIN_IP: Limit = Limit {
    name: "login-ip",
    max: 100,
    window_secs: 900,
};
/// Registration attempts, per account number and per address: slows down
/// probing tenants' names and birth dates.
pub const REGISTER_ACCOUNT: Limit = Limit {
    name: "register-account",
    max: 5,
    window_secs: 3600,
};
pub const REGISTER_IP: Limit = Limit {
    name: "register-ip",
    max: 30,
    window_secs: 3600,
};
/// Mails on request (reset, new activation link): no mail bombing.
pub const MAIL_EMAIL: Limit = Limit {
    name: "mail-email",
    max: 3,
    window_secs: 3600,
};
/// "Someone tried to use your address" mails: their own counter, so that
/// nobody can use up an owner's reset mails by trying to take the address.
pub const TAKEN_NOTICE: Limit = Limit {
    name: "taken-notice",
    max: 1,
    window_secs: 3600,
};
pub const MAIL_IP: Limit = Limit {
    name: "mail-ip",
    max: 30,
    window_secs: 3600,
};

pub const TOO_MANY: &str =
    "Trop de tentatives. Par sécurité, merci de réessayer dans un quart d'heure.";

fn key(limit: Limit, subject: &str) -> String {
    format!("{}:{}", limit.name, subject.to_lowercase())
}

/// Counts one event and says whether the key is still under its limit.
pub async fn hit(db: &Db, limit: Limit, subject: &str) -> Result<bool, AppError> {
    Ok(count(db, limit, subject).await? <= limit.max)
}

/// Counts one event and returns the key's count in the current window
/// (`max + 1` is the event that crossed the limit).
pub async fn count(db: &Db, limit: Limit, subject: &str) -> Result<i64, AppError> {
    let t = now();
    // `fetch_all`, not `fetch_one`: see `infra::db` on RETURNING.
    let rows: Vec<(i64,)> = sqlx::query_as(
        "INSERT INTO throttle (key, window_start, count) VALUES ($1, $2, 1)
         ON CONFLICT (key) DO UPDATE SET
           count = CASE WHEN throttle.window_start <= $3 THEN 1 ELSE throttle.count + 1 END,
           window_start = CASE WHEN throttle.window_start <= $3 THEN $2 ELSE throttle.window_start END
         RETURNING count",
    )
    .bind(key(limit, subject))
    .bind(t)
    .bind(t - limit.window_secs)
    .fetch_all(&db.pool)
    .await?;
    // No row back would be a fault: count it as over every limit.
    Ok(rows.first().map_or(i64::MAX, |(count,)| *count))
}

/// Counts one attempt against every key given (all of them, even when the
/// first is already over) and says whether all are still under their limit.
pub async fn attempt(db: &Db, keys: &[(Limit, &str)]) -> Result<bool, AppError> {
    let mut under = true;
    for (limit, subject) in keys {
        under &= hit(db, *limit, subject).await?;
    }
    Ok(under)
}

/// Gives one counted attempt back: a success, or an attempt that was
/// refused before any check ran (the server was busy).
pub async fn forgive(db: &Db, limit: Limit, subject: &str) -> Result<(), AppError> {
    sqlx::query("UPDATE throttle SET count = count - 1 WHERE key = $1 AND count > 0")
        .bind(key(limit, subject))
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Gives back one attempt on each key.
pub async fn forgive_all(db: &Db, keys: &[(Limit, &str)]) -> Result<(), AppError> {
    for (limit, subject) in keys {
        forgive(db, *limit, subject).await?;
    }
    Ok(())
}

pub async fn clear(db: &Db, limit: Limit, subject: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM throttle WHERE key = $1")
        .bind(key(limit, subject))
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// What came of a password check behind the throttles.
#[derive(Debug, PartialEq, Eq)]
pub enum Checked {
    /// Over a limit: nothing was verified.
    TooMany,
    /// No verification slot free: nothing was verified, nothing counted.
    Busy,
    /// The password was verified: right or wrong.
    Verified(bool),
}

/// Counts the attempt on `keys`, refuses over a limit, then verifies
/// `password` against `stored` (an absent hash costs the same time).
pub async fn verify_password(
    db: &Db,
    keys: &[(Limit, &str)],
    password: String,
    stored: Option<String>,
) -> Result<Checked, AppError> {
    if !attempt(db, keys).await? {
        return Ok(Checked::TooMany);
    }
    match super::hashing::verify(password, stored).await {
        Ok(ok) => Ok(Checked::Verified(ok)),
        Err(AppError::Busy) => {
            forgive_all(db, keys).await?;
            Ok(Checked::Busy)
        }
        Err(e) => Err(e),
    }
}

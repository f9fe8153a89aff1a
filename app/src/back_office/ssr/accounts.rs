//! Staff accounts: created by `server staff add` (or an administrator), and
//! checked at sign-in (password, then second factor), throttled like a
//! tenant's sign-in.
use super::second_factor;
use super::staff::Role;
use crate::auth::ssr::{hashing, throttle};
use crate::error::AppError;
use crate::infra::{Db, now};

pub struct Created {
    pub id: i64,
    pub totp_secret: String,
    pub otpauth_url: String,
    pub recovery_codes: Vec<String>,
}

pub async fn create(
    db: &Db,
    email: &str,
    name: &str,
    role: Role,
    agency_code: Option<&str>,
    password: &str,
) -> Result<Result<Created, String>, AppError> {
    let email = match crate::domain::Email::parse(email) {
        Ok(e) => e.as_str().to_string(),
        Err(msg) => return Ok(Err(msg.to_string())),
    };
    if password.chars().count() < 12 {
        return Ok(Err(
            "Le mot de passe d'un membre du personnel a au moins 12 caractères.".into(),
        ));
    }
    let agency: Option<(i64,)> = match agency_code {
        Some(code) => {
            sqlx::query_as("SELECT id FROM agency WHERE code = $1")
                .bind(code)
                .fetch_optional(&db.pool)
                .await?
        }
        None => None,
    };
    if role == Role::Agent && agency.is_none() {
        return Ok(Err(
            "Un agent est rattaché à une agence existante (--agence CODE).".into(),
        ));
    }
    let (secret, url) = second_factor::new_secret(&email)?;
    let hash = hashing::hash(password.to_string()).await?;
    let rows: Vec<(i64,)> = sqlx::query_as(
        "INSERT INTO staff (email, name, role, agency_id, password_hash, totp_secret, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (email) DO NOTHING RETURNING id",
    )
    .bind(&email)
    .bind(name)
    .bind(role.code())
    .bind(agency.map(|a| a.0))
    .bind(hash)
    .bind(&secret)
    .bind(now())
    .fetch_all(&db.pool)
    .await?;
    let Some((id,)) = rows.first().copied() else {
        return Ok(Err(format!("{email} a déjà un compte.")));
    };
    Ok(Ok(Created {
        id,
        recovery_codes: second_factor::new_recovery_codes(db, id).await?,
        totp_secret: secret,
        otpauth_url: url,
    }))
}

/// The same refusal whatever was wrong: no probing of staff addresses.
pub const REFUSED: &str = "Identifiant, mot de passe ou code incorrect.";

/// (id, epoch) of the staff member when all three are right. Every attempt
/// is counted before anything is checked (see `throttle`), so a known
/// password does not let the 6-digit code be tried more than the limit.
pub async fn verify(
    db: &Db,
    email: &str,
    password: &str,
    code: &str,
    ip: &str,
) -> Result<Result<(i64, i64), String>, AppError> {
    let email = email.trim().to_lowercase();
    type Row = (i64, String, String, i64);
    let row: Option<Row> = sqlx::query_as(
        "SELECT id, password_hash, totp_secret, session_epoch FROM staff WHERE email = $1 AND active = 1",
    )
    .bind(&email)
    .fetch_optional(&db.pool)
    .await?;
    let keys = [
        (throttle::STAFF_LOGIN, email.as_str()),
        (throttle::LOGIN_IP, ip),
    ];
    // The hash is checked even for an unknown address: same time either way.
    let stored = row.as_ref().map(|r| r.1.clone());
    let ok_password =
        match throttle::verify_password(db, &keys, password.to_string(), stored).await? {
            throttle::Checked::Verified(ok) => ok,
            refused => return Ok(Err(crate::auth::ssr::flows::refusal(refused))),
        };
    let ok = match (&row, ok_password) {
        (Some((id, _, secret, _)), true) => second_factor::check(db, *id, secret, code).await?,
        _ => false,
    };
    match row {
        Some((id, _, _, epoch)) if ok => {
            throttle::clear(db, throttle::STAFF_LOGIN, &email).await?;
            throttle::forgive(db, throttle::LOGIN_IP, ip).await?;
            Ok(Ok((id, epoch)))
        }
        _ => Ok(Err(REFUSED.to_string())),
    }
}

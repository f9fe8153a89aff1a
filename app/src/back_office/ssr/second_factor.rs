//! The staff's second factor: a TOTP code (RFC 6238, 6 digits, 30 s, the
//! authenticator apps' default) through totp-rs, or one of ten single-use
//! recovery codes, of which only a SHA-256 is kept.
use crate::error::AppError;
use crate::infra::{Db, now};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use totp_rs::{Algorithm, Secret, TOTP};

pub const ISSUER: &str = "Espace Locataire";
/// Seconds per code (RFC 6238's default, the authenticator apps' too).
const STEP: i64 = 30;

fn totp(secret_b32: &str, account: &str) -> Result<TOTP, AppError> {
    let bytes = Secret::Encoded(secret_b32.to_string())
        .to_bytes()
        .map_err(|e| AppError::internal("totp secret", format!("{e:?}")))?;
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        STEP as u64,
        bytes,
        Some(ISSUER.to_string()),
        account.to_string(),
    )
    .map_err(|e| AppError::internal("totp", e))
}

/// A new secret (160 bits, base32) and the otpauth:// address to scan.
pub fn new_secret(account: &str) -> Result<(String, String), AppError> {
    let secret = Secret::generate_secret().to_encoded().to_string();
    let url = totp(&secret, account)?.get_url();
    Ok((secret, url))
}

/// The code an authenticator shows now (tests and the set-up check).
pub fn current_code(secret_b32: &str) -> Result<String, AppError> {
    totp(secret_b32, "x")?
        .generate_current()
        .map_err(|e| AppError::internal("clock", e))
}

fn hash(code: &str) -> String {
    let clean: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_uppercase();
    hex::encode(Sha256::digest(clean.as_bytes()))
}

/// Ten new recovery codes (shown once), stored hashed.
pub async fn new_recovery_codes(db: &Db, staff_id: i64) -> Result<Vec<String>, AppError> {
    let alphabet = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut codes = vec![];
    for _ in 0..10 {
        let raw: String = (0..10)
            .map(|_| alphabet[rand::random::<usize>() % alphabet.len()] as char)
            .collect();
        let code = format!("{}-{}", &raw[..5], &raw[5..]);
        sqlx::query("INSERT INTO staff_recovery_code (staff_id, code_hash) VALUES ($1, $2)")
            .bind(staff_id)
            .bind(hash(&code))
            .execute(&db.pool)
            .await?;
        codes.push(code);
    }
    Ok(codes)
}

/// A 6-digit code of the current window (±30 s) not used before, or an
/// unused recovery code, which is then spent.
pub async fn check(db: &Db, staff_id: i64, secret: &str, code: &str) -> Result<bool, AppError> {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit()) {
        let Some(step) = matching_step(&totp(secret, "x")?, &digits, now()) else {
            return Ok(false);
        };
        return spend_step(db, staff_id, step).await;
    }
    let spent = sqlx::query(
        "UPDATE staff_recovery_code SET used_at = $1
         WHERE staff_id = $2 AND code_hash = $3 AND used_at IS NULL",
    )
    .bind(now())
    .bind(staff_id)
    .bind(hash(code))
    .execute(&db.pool)
    .await?;
    Ok(spent.rows_affected() == 1)
}

/// The time step (unix time / 30) whose code `digits` is, among the step of
/// `t` and its two neighbours. All three are compared, in constant time, so
/// the answer's timing tells nothing about the code.
fn matching_step(totp: &TOTP, digits: &str, t: i64) -> Option<i64> {
    let current = t.div_euclid(STEP);
    let mut found = None;
    for step in [current - 1, current, current + 1] {
        let expected = totp.generate(u64::try_from(step * STEP).unwrap_or(0));
        if bool::from(expected.as_bytes().ct_eq(digits.as_bytes())) {
            found = Some(step);
        }
    }
    found
}

/// RFC 6238 §5.2: a code is accepted once. The step is recorded only if it
/// is later than the last accepted one, in one conditional statement, so two
/// simultaneous uses of the same code cannot both pass (the database lets
/// one update the row; the other then finds the condition false).
async fn spend_step(db: &Db, staff_id: i64, step: i64) -> Result<bool, AppError> {
    let done =
        sqlx::query("UPDATE staff SET totp_last_step = $1 WHERE id = $2 AND totp_last_step < $1")
            .bind(step)
            .bind(staff_id)
            .execute(&db.pool)
            .await?;
    Ok(done.rows_affected() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_step_a_code_belongs_to() {
        let secret = Secret::generate_secret().to_encoded().to_string();
        let totp = totp(&secret, "x").unwrap();
        let t: i64 = 1_800_000_015;
        let step = t / STEP;
        for s in [step - 1, step, step + 1] {
            let code = totp.generate((s * STEP) as u64);
            assert_eq!(matching_step(&totp, &code, t), Some(s));
        }
        let far = totp.generate(((step + 5) * STEP) as u64);
        let near: Vec<String> = (step - 1..=step + 1)
            .map(|s| totp.generate((s * STEP) as u64))
            .collect();
        if !near.contains(&far) {
            assert_eq!(matching_step(&totp, &far, t), None);
        }
    }
}

//! The anti-robot check of the registration form: a small sum written in
//! French words, answered in digits. Self-hosted, readable by a screen reader,
//! needs no JavaScript and no third party. The challenge travels signed
//! (HMAC-SHA-256) in a hidden field, expires, and is accepted once.
use crate::error::AppError;
use crate::infra::{Db, db::is_unique_violation, now};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use rand::{Rng, RngCore};
use sha2::Sha256;

const LIFETIME_SECS: i64 = 20 * 60;
const WORDS: [&str; 10] = [
    "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf",
];

pub use crate::auth::Challenge;

fn mac(secret: &[u8], nonce: &str, expires: i64, answer: u32) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC accepts any key length");
    mac.update(format!("captcha|{nonce}|{expires}|{answer}").as_bytes());
    mac
}

pub fn new_challenge(secret: &[u8]) -> Challenge {
    let mut rng = rand::thread_rng();
    let (a, b) = (rng.gen_range(1..=9usize), rng.gen_range(1..=9usize));
    let mut nonce = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let nonce = URL_SAFE_NO_PAD.encode(nonce);
    let expires = now() + LIFETIME_SECS;
    let sig = mac(secret, &nonce, expires, (a + b) as u32)
        .finalize()
        .into_bytes();
    Challenge {
        question: format!("Combien font {} plus {} ?", WORDS[a], WORDS[b]),
        token: format!("{nonce}.{expires}.{}", URL_SAFE_NO_PAD.encode(sig)),
    }
}

/// Checks the answer; a challenge answered once (rightly or not) is spent.
pub async fn verify(db: &Db, secret: &[u8], token: &str, answer: &str) -> Result<bool, AppError> {
    let mut parts = token.splitn(3, '.');
    let (Some(nonce), Some(expires), Some(sig)) = (parts.next(), parts.next(), parts.next()) else {
        return Ok(false);
    };
    let (Ok(expires), Ok(sig)) = (expires.parse::<i64>(), URL_SAFE_NO_PAD.decode(sig)) else {
        return Ok(false);
    };
    if expires < now() || !spend(db, nonce, expires).await? {
        return Ok(false);
    }
    let Ok(answer) = answer.trim().parse::<u32>() else {
        return Ok(false);
    };
    // `verify_slice` compares in constant time.
    Ok(mac(secret, nonce, expires, answer)
        .verify_slice(&sig)
        .is_ok())
}

async fn spend(db: &Db, nonce: &str, expires: i64) -> Result<bool, AppError> {
    sqlx::query("DELETE FROM captcha_used WHERE expires_at < $1")
        .bind(now())
        .execute(&db.pool)
        .await?;
    let inserted = sqlx::query("INSERT INTO captcha_used (nonce, expires_at) VALUES ($1, $2)")
        .bind(nonce)
        .bind(expires)
        .execute(&db.pool)
        .await;
    match inserted {
        Ok(_) => Ok(true),
        Err(e) if is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// The answer of a challenge, for tests only: they read it like a person does.
pub fn solve(question: &str) -> Option<u32> {
    let words: Vec<&str> = question.trim_end_matches(" ?").split(' ').collect();
    let value = |w: &str| WORDS.iter().position(|x| *x == w).map(|n| n as u32);
    Some(value(words.get(2)?)? + value(words.get(4)?)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_is_solvable_and_signed() {
        let c = new_challenge(b"0123456789abcdef0123456789abcdef");
        assert!(c.question.starts_with("Combien font "));
        let answer = solve(&c.question).unwrap();
        assert!((2..=18).contains(&answer));
        assert_eq!(c.token.split('.').count(), 3);
    }
}

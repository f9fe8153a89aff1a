//! Single-use links: 256 random bits in the URL, their SHA-256 in the database.
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

pub const ACTIVATION_SECS: i64 = 48 * 3600;
pub const RESET_SECS: i64 = 3600;
pub const EMAIL_CHANGE_SECS: i64 = 24 * 3600;

/// A new token: (what goes in the link, what goes in the database).
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let raw = URL_SAFE_NO_PAD.encode(bytes);
    let hashed = hash(&raw);
    (raw, hashed)
}

pub fn hash(raw: &str) -> String {
    hex::encode(Sha256::digest(raw.trim().as_bytes()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let (a, ha) = super::new_token();
        let (b, _) = super::new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(super::hash(&a), ha);
        assert_ne!(ha, a);
    }
}

//! Argon2id with the OWASP parameters (19 MiB, 2 passes, 1 lane): about 30 ms
//! a hash here. Hashing runs on tokio's blocking pool, never on the async
//! threads that serve pages.
use crate::error::AppError;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::LazyLock;

fn argon2() -> Argon2<'static> {
    let params = Params::new(19_456, 2, 1, None).expect("valid Argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Verified against when the email is unknown: the same work, the same time.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(b"mot de passe inexistant", &salt)
        .expect("hash")
        .to_string()
});

pub async fn hash(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .map_err(|e| AppError::internal("argon2 task", e))?
    .map_err(|e| AppError::internal("argon2 hash", e))
}

/// True only when `stored` exists and matches. An absent hash costs the same.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        let exists = stored.is_some();
        let hash = stored.unwrap_or_else(|| DUMMY_HASH.clone());
        let ok = PasswordHash::new(&hash)
            .map(|parsed| {
                argon2()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false);
        ok && exists
    })
    .await
    .map_err(|e| AppError::internal("argon2 task", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_with_argon2id_and_verifies() {
        let h = hash("Velo-Rouge-42".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(
            verify("Velo-Rouge-42".into(), Some(h.clone()))
                .await
                .unwrap()
        );
        assert!(!verify("velo-rouge-42".into(), Some(h)).await.unwrap());
        assert!(
            !verify("mot de passe inexistant".into(), None)
                .await
                .unwrap()
        );
    }
}

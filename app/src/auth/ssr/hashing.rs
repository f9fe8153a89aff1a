//! Argon2id with the OWASP parameters (19 MiB, 2 passes, 1 lane): about 30 ms
//! a hash here. Hashing runs on tokio's blocking pool, never on the async
//! threads that serve pages, and never more than `SLOTS` at once: each holds
//! 19 MiB, so 200 simultaneous sign-ins must not mean 200 × 19 MiB. A few
//! callers may wait briefly for a slot; past that they are told at once that
//! the server is busy (`AppError::Busy`) instead of queueing without limit.
use crate::error::AppError;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::Semaphore;

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

/// Argon2 computations running at once: two per core, so that the cores stay
/// busy while the memory held stays small (2 cores: 4 × 19 MiB = 76 MiB).
fn slots() -> usize {
    static SLOTS: LazyLock<usize> =
        LazyLock::new(|| std::thread::available_parallelism().map_or(2, |n| n.get()) * 2);
    *SLOTS
}

static RUNNING: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(slots()));
/// Callers waiting for a slot; past `4 × slots` the answer is "busy" at once.
static WAITING: AtomicUsize = AtomicUsize::new(0);
/// The longest a caller waits for a slot.
const MAX_WAIT: Duration = Duration::from_secs(3);
/// Password verifications run since the process started (tests and the
/// attack benchmark read it: the throttles must bound it).
static VERIFICATIONS: AtomicU64 = AtomicU64::new(0);

pub fn verifications() -> u64 {
    VERIFICATIONS.load(Ordering::Relaxed)
}

/// Decrements the waiting count however the wait ends.
struct Waiting;
impl Drop for Waiting {
    fn drop(&mut self) {
        WAITING.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Runs `work` on the blocking pool within a slot, or answers `Busy`.
async fn bounded<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let permit = match RUNNING.try_acquire() {
        Ok(p) => p,
        Err(_) => {
            if WAITING.fetch_add(1, Ordering::AcqRel) >= 4 * slots() {
                WAITING.fetch_sub(1, Ordering::AcqRel);
                return Err(AppError::Busy);
            }
            let _waiting = Waiting;
            match tokio::time::timeout(MAX_WAIT, RUNNING.acquire()).await {
                Ok(Ok(p)) => p,
                _ => return Err(AppError::Busy),
            }
        }
    };
    // The permit goes with the work: a request dropped mid-way (the client
    // left, the deadline passed) does not free the slot while Argon2 runs on.
    tokio::task::spawn_blocking(move || {
        let result = work();
        drop(permit);
        result
    })
    .await
    .map_err(|e| AppError::internal("argon2 task", e))
}

pub async fn hash(password: String) -> Result<String, AppError> {
    bounded(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await?
    .map_err(|e| AppError::internal("argon2 hash", e))
}

/// True only when `stored` exists and matches. An absent hash costs the same.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, AppError> {
    bounded(move || {
        VERIFICATIONS.fetch_add(1, Ordering::Relaxed);
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

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn past_the_slots_and_the_waiting_room_the_answer_is_busy_at_once() {
        let h = hash("Velo-Rouge-42".into()).await.unwrap();
        let many = 10 * slots();
        let started = std::time::Instant::now();
        let tasks: Vec<_> = (0..many)
            .map(|_| tokio::spawn(verify("faux".into(), Some(h.clone()))))
            .collect();
        let mut busy = 0;
        for t in tasks {
            match t.await.unwrap() {
                Err(AppError::Busy) => busy += 1,
                Ok(ok) => assert!(!ok),
                Err(e) => panic!("{e:?}"),
            }
        }
        // At most slots + waiting room ran; the rest were refused.
        assert!(busy >= many - 5 * slots(), "{busy} busy of {many}");
        assert!(started.elapsed() < MAX_WAIT * 2);
    }
}

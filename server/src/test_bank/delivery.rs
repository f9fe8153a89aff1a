//! The test bank's notifications to the shop, as the bank sends them: kept
//! in the database until the shop answers 200, retried with back-off. Any
//! instance may deliver any of them; a claim (with an expiry) keeps two from
//! sending the same one at once, and a restart finds the ones left.
use app::infra::{Db, now};
use std::sync::OnceLock;
use std::time::Duration;
use tokio::sync::Notify;

/// Attempts before the bank gives up (as the real one does after a day).
const MAX_ATTEMPTS: i64 = 12;
/// How long a claimed notification is left to its sender.
const CLAIM_SECS: i64 = 15;

static WAKE: OnceLock<Notify> = OnceLock::new();
static DELAY: OnceLock<i64> = OnceLock::new();

fn wake() -> &'static Notify {
    WAKE.get_or_init(Notify::new)
}

pub async fn queue(db: &Db, url: &str, body: &str) -> Result<(), sqlx::Error> {
    let first = now() + DELAY.get().copied().unwrap_or(0);
    sqlx::query("INSERT INTO test_bank_delivery (url, body, next_attempt_at) VALUES ($1, $2, $3)")
        .bind(url)
        .bind(body)
        .bind(first)
        .execute(&db.pool)
        .await?;
    wake().notify_one();
    Ok(())
}

/// Starts the sender: it delivers what is due, then waits for a new one or a second.
pub fn spawn(db: Db, delay_secs: u64) {
    let _ = DELAY.set(delay_secs as i64);
    tokio::spawn(async move {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .expect("HTTP client");
        loop {
            match deliver_due(&db, &client).await {
                Ok(true) => continue,
                Ok(false) => {}
                Err(e) => tracing::error!(error = %e, "test bank: delivery failed"),
            }
            let _ = tokio::time::timeout(Duration::from_secs(1), wake().notified()).await;
        }
    });
}

/// Sends one due notification; false when none is due.
async fn deliver_due(db: &Db, client: &reqwest::Client) -> Result<bool, sqlx::Error> {
    let t = now();
    let claimed: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "UPDATE test_bank_delivery SET claimed_until = $2, attempts = attempts + 1
         WHERE id = (SELECT id FROM test_bank_delivery
                     WHERE delivered_at IS NULL AND next_attempt_at <= $1 AND claimed_until < $1
                     ORDER BY id LIMIT 1)
           AND claimed_until < $1
         RETURNING id, url, body, attempts",
    )
    .bind(t)
    .bind(t + CLAIM_SECS)
    .fetch_all(&db.pool)
    .await?;
    let Some((id, url, body, attempts)) = claimed.into_iter().next() else {
        return Ok(false);
    };
    let sent = client
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await;
    let error = match sent {
        Ok(res) if res.status().is_success() => None,
        Ok(res) => Some(format!("HTTP {}", res.status().as_u16())),
        Err(e) => Some(e.to_string()),
    };
    match error {
        None => {
            sqlx::query("UPDATE test_bank_delivery SET delivered_at = $2 WHERE id = $1")
                .bind(id)
                .bind(now())
                .execute(&db.pool)
                .await?;
        }
        Some(error) => {
            let next = if attempts >= MAX_ATTEMPTS {
                i64::MAX / 2
            } else {
                now() + (1i64 << attempts.min(10))
            };
            tracing::warn!(
                id,
                attempts,
                error,
                "test bank: notification not acknowledged, will retry"
            );
            sqlx::query(
                "UPDATE test_bank_delivery SET next_attempt_at = $2, claimed_until = 0, last_error = $3 WHERE id = $1",
            )
            .bind(id)
            .bind(next)
            .bind(error)
            .execute(&db.pool)
            .await?;
        }
    }
    Ok(true)
}

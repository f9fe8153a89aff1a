//! Issue 14, the bank's notification address flooded with forged
//! notifications, on SQLite and PostgreSQL, through the real server: each
//! costs at most a hash and a short prefix, past the limit per address
//! nothing at all; and the bank, whose signature is the proof, is still
//! heard from that very address. Failed before the fix (30 MB stored).
mod common;

use app::payment::ssr::ipn::{PREFIX_CHARS, REFUSED_PER_ADDRESS};
use app::payment::ssr::vads;
use common::pay::{credits, key, notification, start, status_of};
use common::{Engine, SOPHIE, TestApp, spawn};
use futures::StreamExt;
use sha2::{Digest, Sha256};
use std::collections::HashSet;

const FORGED: usize = 1_000;
const BODY_BYTES: usize = 30 * 1024;
const MB: i64 = 1024 * 1024;

/// A notification for payment `id` signed with a key that is not ours,
/// padded to 30 KB with random characters (nothing a database compresses).
fn forged_body(id: i64) -> String {
    let head = format!(
        "vads_order_id={id:09}&vads_site_id=12345678&vads_trans_status=AUTHORISED\
         &signature=Zm9yZ2Vk&vads_padding="
    );
    let random: Vec<u8> = (0..(BODY_BYTES - head.len()) / 2)
        .map(|_| rand::random::<u8>())
        .collect();
    format!("{head}{}", hex::encode(random))
}

async fn post(client: &reqwest::Client, app: &TestApp, body: String) -> (u16, String) {
    let res = client
        .post(app.url("/paiement/ipn"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// What the notifications hold, in characters, the same on both engines.
async fn stored_chars(app: &TestApp) -> i64 {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COALESCE(SUM(LENGTH(body) + COALESCE(LENGTH(body_sha256), 0)), 0)
         FROM payment_notification",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    n
}

/// The bytes the engine uses: the SQLite file's pages (its write-ahead log
/// included), or PostgreSQL's table with its index and TOAST.
async fn engine_bytes(app: &TestApp, engine: Engine) -> i64 {
    let sql = match engine {
        Engine::Sqlite => {
            "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"
        }
        Engine::Postgres => "SELECT pg_total_relation_size('payment_notification')",
    };
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&app.db.pool).await.unwrap();
    n
}

async fn a_thousand_forged_notifications_store_almost_nothing_and_the_bank_is_still_heard(
    engine: Engine,
) {
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    let id = start(&app.base, &sophie, "montant", "100").await;
    let (chars_before, bytes_before) = (stored_chars(&app).await, engine_bytes(&app, engine).await);
    let bank = reqwest::Client::new();
    let bodies: Vec<String> = (0..FORGED).map(|_| forged_body(id)).collect();
    let hashes: HashSet<String> = bodies
        .iter()
        .map(|b| hex::encode(Sha256::digest(b.as_bytes())))
        .collect();
    let answers: Vec<(u16, String)> = futures::stream::iter(bodies)
        .map(|body| post(&bank, &app, body))
        .buffer_unordered(8)
        .collect()
        .await;
    let limit = REFUSED_PER_ADDRESS.max as usize;
    let refused = answers.iter().filter(|(s, _)| *s == 400).count();
    let throttled = answers
        .iter()
        .filter(|(s, b)| *s == 429 && b == "KO trop de notifications refusées")
        .count();
    assert_eq!((refused, throttled), (limit, FORGED - limit), "{answers:?}");

    let grown = stored_chars(&app).await - chars_before;
    assert!(
        grown < MB,
        "{grown} characters stored for {FORGED} forged notifications"
    );
    let grown = engine_bytes(&app, engine).await - bytes_before;
    assert!(grown < MB, "{engine:?} grew by {grown} bytes");
    // What is kept of each: its reason, its hash, a short prefix.
    let kept: Vec<(String, String, String)> =
        sqlx::query_as("SELECT outcome, body, body_sha256 FROM payment_notification")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(kept.len(), limit, "nothing past the limit");
    for (outcome, body, sha) in &kept {
        assert_eq!(outcome, "signature invalide");
        assert!(body.chars().count() <= PREFIX_CHARS, "{body}");
        assert!(body.starts_with("vads_order_id="), "{body}");
        assert!(hashes.contains(sha), "{sha}");
    }

    // The bank, from the same address, past the limit: heard, applied, kept whole.
    let genuine = vads::encode_body(&notification(&app.db, id, "AUTHORISED", &key()).await);
    assert_eq!(
        post(&bank, &app, genuine.clone()).await,
        (200, "OK appliquée".to_string())
    );
    assert_eq!(status_of(&app.db, id).await, "accepte");
    assert_eq!(credits(&app.db, id).await, 1);
    let (body, sha): (String, String) =
        sqlx::query_as("SELECT body, body_sha256 FROM payment_notification WHERE payment_id = $1")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(body, genuine);
    assert_eq!(sha, hex::encode(Sha256::digest(genuine.as_bytes())));
}

both_engines!(a_thousand_forged_notifications_store_almost_nothing_and_the_bank_is_still_heard);

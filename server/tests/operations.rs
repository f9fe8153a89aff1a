//! What the landlord's IT relies on (docs/deploying.md): the metrics move
//! with the requests and are served on their own address only, every answer
//! carries its request id, and two instances starting at once on a new
//! PostgreSQL database migrate it once between them.
mod common;

use common::{Engine, spawn_with};

/// The value of the one series of `name` whose labels include all of `labels`.
fn series(metrics: &str, name: &str, labels: &[&str]) -> f64 {
    metrics
        .lines()
        .filter(|l| l.starts_with(&format!("{name}{{")))
        .find(|l| labels.iter().all(|label| l.contains(label)))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0)
}

async fn metrics_move_with_the_requests(engine: Engine) {
    let app = spawn_with(engine, |c| {
        c.ops.metrics_listen = Some("127.0.0.1:0".parse().unwrap());
    })
    .await;
    let running = common::restart(&app).await;
    let metrics_url = format!("http://{}/metrics", running.0.metrics_addr.unwrap());
    let read = || async {
        let res = reqwest::get(&metrics_url).await.unwrap();
        assert_eq!(res.status(), 200);
        res.text().await.unwrap()
    };
    // A page no other test of this process asks for.
    let page = [
        "route=\"/plan-du-site\"",
        "status=\"200\"",
        "method=\"GET\"",
    ];
    let before = series(&read().await, "espace_http_requests_total", &page);
    let base = &running.0.base_url;
    for _ in 0..3 {
        let res = reqwest::get(format!("{base}/plan-du-site")).await.unwrap();
        assert_eq!(res.status(), 200);
    }
    let after = read().await;
    assert_eq!(
        series(&after, "espace_http_requests_total", &page),
        before + 3.0
    );
    // A route template, never an address: one series for every account.
    let missing = reqwest::get(format!("{base}/documents/avis/123456"))
        .await
        .unwrap();
    assert_ne!(missing.status(), 500);
    let after = read().await;
    assert!(!after.contains("123456"), "no address in a label");
    assert!(after.contains("route=\"/documents/avis/{id}\""));
    assert!(after.contains("espace_http_request_duration_seconds_bucket{route=\"/plan-du-site\""));
    assert!(after.contains("espace_db_connections "));
    assert!(after.contains("espace_mails_waiting "));
    // A made-up method is counted under "autre", not as a series of its own.
    let odd = reqwest::Method::from_bytes(b"PURGE").unwrap();
    let res = reqwest::Client::new()
        .request(odd, format!("{base}/plan-du-site"))
        .send()
        .await
        .unwrap();
    assert_ne!(res.status(), 500);
    let after = read().await;
    assert!(!after.contains("PURGE"));
    assert!(after.contains("method=\"autre\""));
    // The public address does not serve them.
    let public = reqwest::get(format!("{base}/metrics")).await.unwrap();
    assert_eq!(public.status(), 404);
}

async fn every_answer_carries_its_request_id(engine: Engine) {
    let app = spawn_with(engine, |_| {}).await;
    let res = app.client.get(app.url("/connexion")).send().await.unwrap();
    let made = res.headers()["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(made.len(), 16, "made by the server: {made}");
    let res = app
        .client
        .get(app.url("/connexion"))
        .header("x-request-id", "proxy-7f3a.2")
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers()["x-request-id"],
        "proxy-7f3a.2",
        "the proxy's own"
    );
    // Not a value that could break a log line.
    let res = app
        .client
        .get(app.url("/connexion"))
        .header("x-request-id", "a\"}{b")
        .send()
        .await
        .unwrap();
    assert_ne!(res.headers()["x-request-id"], "a\"}{b");
}

async fn two_instances_migrate_a_new_database_at_once(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let url = common::fresh_database(engine, dir.path()).await;
    let (a, b) = tokio::join!(app::infra::Db::connect(&url), app::infra::Db::connect(&url));
    let (a, b) = (a.expect("first instance"), b.expect("second instance"));
    // The session store's own tables, made by both at once too.
    let (sa, sb) = tokio::join!(
        server::sessions::Store::connect(&url),
        server::sessions::Store::connect(&url)
    );
    sa.expect("first session store");
    sb.expect("second session store");
    assert!(a.is_migrated().await.unwrap() && b.is_migrated().await.unwrap());
    let (runs,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM _sqlx_migrations")
        .fetch_one(&a.pool)
        .await
        .unwrap();
    let (files,) = (std::fs::read_dir(format!(
        "{}/../migrations/{}",
        env!("CARGO_MANIFEST_DIR"),
        if matches!(engine, Engine::Sqlite) {
            "sqlite"
        } else {
            "postgres"
        }
    ))
    .unwrap()
    .count(),);
    assert_eq!(runs as usize, files, "each migration applied once");
}

/// The database closed to connections (as while PostgreSQL restarts): pages
/// answer the French 503 page quickly, and everything comes back by itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_database_away_gives_a_french_503_and_comes_back_alone() {
    let app = common::spawn(Engine::Postgres).await;
    let sophie = app.signed_in(common::SOPHIE).await;
    let name = app
        .config
        .database_url
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let admin = sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .connect(common::PG_ADMIN)
        .await
        .unwrap();
    let allow = |yes: bool| format!("ALTER DATABASE {name} WITH ALLOW_CONNECTIONS {yes}");
    sqlx::query(&allow(false)).execute(&admin).await.unwrap();
    let killed: Vec<(bool,)> =
        sqlx::query_as("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1")
            .bind(&name)
            .fetch_all(&admin)
            .await
            .unwrap();
    assert!(!killed.is_empty());
    // The first page finds out; the next ones are told at once.
    // (It may still render, as signed out: its status has left already.)
    let _ = app.text(&sophie, "/").await;
    let started = std::time::Instant::now();
    let res = sophie.get(app.url("/")).send().await.unwrap();
    assert_eq!(res.status(), 503);
    assert_eq!(res.headers()["retry-after"], "30");
    let page = res.text().await.unwrap();
    assert!(
        page.contains("Service momentanément indisponible"),
        "{page}"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(3));
    // Back: the same instance answers, the tenant still signed in.
    sqlx::query(&allow(true)).execute(&admin).await.unwrap();
    let (status, page) = app.text(&sophie, "/").await;
    assert_eq!(status, 200);
    assert!(page.contains("Votre solde"), "{page}");
}

both_engines!(
    metrics_move_with_the_requests,
    every_answer_carries_its_request_id,
    two_instances_migrate_a_new_database_at_once
);

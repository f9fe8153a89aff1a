//! One pool, two engines: the embedded default is a SQLite file, production is
//! PostgreSQL. Queries are written once with `$1` placeholders, which both
//! engines accept through sqlx's `Any` driver. Timestamps are BIGINT seconds
//! and dates ISO text, so that both engines decode them the same way.
//!
//! A statement with `RETURNING` is always read with `fetch_all`: SQLite holds
//! the statement's write transaction until it has been stepped to its end, and
//! `fetch_one`/`fetch_optional` stop at the first row. Under load that left
//! the database locked and requests waiting (seen in the tests, 1 run in 5).
use sqlx::AnyPool;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::migrate::Migrator;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

static SQLITE: Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES: Migrator = sqlx::migrate!("../migrations/postgres");

/// How long a request waits for a connection. Under load a connection frees
/// up in milliseconds; a database that is away (restarting) makes every
/// attempt fail, and the tenant then gets the "service indisponible" page in
/// a few seconds rather than after the request's deadline.
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub engine: Engine,
}

impl Db {
    /// Opens the database (creating a SQLite file if needed) and migrates it.
    pub async fn connect(url: &str) -> Result<Self, sqlx::Error> {
        install_default_drivers();
        let engine = if url.starts_with("postgres") {
            Engine::Postgres
        } else {
            Engine::Sqlite
        };
        if engine == Engine::Sqlite {
            create_parent_folder(url);
        }
        let url = match engine {
            Engine::Sqlite if !url.contains("mode=") => {
                let sep = if url.contains('?') { '&' } else { '?' };
                format!("{url}{sep}mode=rwc")
            }
            _ => url.to_string(),
        };
        let pool = AnyPoolOptions::new()
            .max_connections(if engine == Engine::Sqlite { 8 } else { 16 })
            .acquire_timeout(ACQUIRE_TIMEOUT)
            // sqlx pings every connection it hands out, and again when it
            // takes it back. On SQLite a ping is a round trip to the
            // connection's worker thread that cannot find anything: there is
            // no server to hang up. Profiled, these round trips were most of
            // a signed-in page's cost, so SQLite skips the first one.
            // PostgreSQL keeps it: after a restart of the server it is what
            // sorts the dead connections out before a page uses one.
            .test_before_acquire(engine == Engine::Postgres)
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if engine == Engine::Sqlite {
                        // WAL lets pages read while a request writes; with WAL,
                        // synchronous=NORMAL is durable across crashes of the
                        // process. 16 MB of page cache a connection keeps a
                        // large ledger's index in memory.
                        for pragma in [
                            "PRAGMA journal_mode = WAL",
                            "PRAGMA synchronous = NORMAL",
                            "PRAGMA cache_size = -16000",
                            "PRAGMA busy_timeout = 5000",
                        ] {
                            sqlx::query(pragma).execute(&mut *conn).await?;
                        }
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        let migrator = match engine {
            Engine::Sqlite => &SQLITE,
            Engine::Postgres => &POSTGRES,
        };
        migrate(migrator, &pool).await?;
        Ok(Self { pool, engine })
    }
}

/// Two processes starting at once on a database that needs migrating:
/// PostgreSQL makes the second wait (sqlx's advisory lock); SQLite has no
/// such lock, and the second fails on a table the first has just made. Each
/// migration runs in its own transaction, so the loser tries again and goes
/// on from what the other has committed.
async fn migrate(migrator: &Migrator, pool: &AnyPool) -> Result<(), sqlx::Error> {
    let mut tries = 0u64;
    loop {
        match migrator.run(pool).await {
            Ok(()) => return Ok(()),
            Err(e) if tries < 30 => {
                tries += 1;
                tracing::debug!(error = %e, tries, "migration collided, tried again");
                tokio::time::sleep(Duration::from_millis(50 + 10 * tries)).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
}

impl Db {
    /// A transaction that reads, then writes, while the portal writes too
    /// (an import). On SQLite it takes the write lock first: a transaction
    /// that read before another one committed could not write afterwards
    /// (SQLITE_BUSY_SNAPSHOT, not retried), whereas waiting for the lock is
    /// what the busy timeout is for.
    pub async fn begin_writing(
        &self,
    ) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.engine {
            Engine::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            _ => self.pool.begin().await,
        }
    }

    /// Whether every migration this binary carries is applied (the
    /// readiness probe: an instance started before a newer one migrated
    /// still answers, an instance whose database is behind does not).
    pub async fn is_migrated(&self) -> Result<bool, sqlx::Error> {
        let migrator = match self.engine {
            Engine::Sqlite => &SQLITE,
            Engine::Postgres => &POSTGRES,
        };
        let latest = migrator.iter().map(|m| m.version).max().unwrap_or(0);
        let (applied,): (Option<i64>,) =
            sqlx::query_as("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
                .fetch_one(&self.pool)
                .await?;
        Ok(applied.unwrap_or(0) >= latest)
    }
}

/// SQLite creates its file but not the folder around it (a fresh checkout has no `data/`).
fn create_parent_folder(url: &str) {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = std::path::Path::new(path.split('?').next().unwrap_or_default());
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && let Err(e) = std::fs::create_dir_all(parent)
    {
        tracing::warn!(folder = %parent.display(), error = %e, "cannot create the database folder");
    }
}

/// Set on a response whose request found the database away; the server
/// answers it with its French "service momentanément indisponible" page.
pub const UNAVAILABLE_HEADER: &str = "x-espace-base-injoignable";

/// The database cannot be reached (restarting, network, pool exhausted), as
/// opposed to a query that failed: the tenant is told to come back shortly.
pub fn is_unavailable(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        // PostgreSQL shutting down or starting (57P01..57P03), connection
        // exceptions (08…), a database closed to connections (55000, as
        // during a maintenance).
        sqlx::Error::Database(e) => e
            .code()
            .is_some_and(|c| c.starts_with("57P0") || c.starts_with("08") || c == "55000"),
        _ => false,
    }
}

/// When a request last found the database away (seconds; 0: not lately).
/// Shared by the requests of this process: while it is recent, the server
/// checks the database first and answers its 503 page at once, instead of
/// every request waiting out each of its queries' connection timeouts.
static AWAY_AT: AtomicI64 = AtomicI64::new(0);
/// How long a sighting counts.
const AWAY_FOR: i64 = 30;

/// Whether a request found the database away in the last seconds.
pub fn recently_away() -> bool {
    let at = AWAY_AT.load(Ordering::Relaxed);
    at != 0 && crate::infra::now() - at < AWAY_FOR
}

/// The database answered (or still does not).
pub fn seen_away(away: bool) {
    AWAY_AT.store(
        if away { crate::infra::now() } else { 0 },
        Ordering::Relaxed,
    );
}

/// Marks the response of the request under way (when there is one).
pub fn mark_if_unavailable(err: &sqlx::Error) {
    if is_unavailable(err) {
        mark_unavailable();
    }
}

/// The database did not answer this request.
pub fn mark_unavailable() {
    seen_away(true);
    if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::SERVICE_UNAVAILABLE);
        res.insert_header(
            http::HeaderName::from_static(UNAVAILABLE_HEADER),
            http::HeaderValue::from_static("1"),
        );
    }
}

/// True when the error is a unique-constraint violation (two tabs, two
/// instances racing for the same row): turned into a form message, not a 500.
pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(e) if e.is_unique_violation())
}

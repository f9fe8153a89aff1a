//! Sessions live in the database (one table shared by every instance), on
//! whichever engine the portal runs. tower-sessions-sqlx-store has one store
//! per engine; this enum picks one at start.
use async_trait::async_trait;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

#[derive(Clone, Debug)]
pub enum Store {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl Store {
    pub async fn connect(url: &str) -> Result<Self, sqlx::Error> {
        if url.starts_with("postgres") {
            let pool = sqlx::postgres::PgPoolOptions::new()
                .max_connections(8)
                .acquire_timeout(app::infra::db::ACQUIRE_TIMEOUT)
                .connect(url)
                .await?;
            let store = PostgresStore::new(pool);
            // Its CREATE SCHEMA/TABLE IF NOT EXISTS can collide when two
            // instances start at once (PostgreSQL checks, then inserts into
            // its catalogue): the loser tries again and finds them made.
            let mut tries = 0;
            while let Err(e) = store.migrate().await {
                tries += 1;
                if tries == 5 {
                    return Err(e);
                }
                tokio::time::sleep(std::time::Duration::from_millis(200 * tries)).await;
            }
            Ok(Self::Postgres(store))
        } else {
            let sep = if url.contains('?') { '&' } else { '?' };
            let url = if url.contains("mode=") {
                url.to_string()
            } else {
                format!("{url}{sep}mode=rwc")
            };
            let pool = sqlx::sqlite::SqlitePoolOptions::new()
                .max_connections(4)
                .acquire_timeout(app::infra::db::ACQUIRE_TIMEOUT)
                .connect(&url)
                .await?;
            let store = SqliteStore::new(pool);
            store.migrate().await?;
            Ok(Self::Sqlite(store))
        }
    }
}

#[async_trait]
impl SessionStore for Store {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Self::Sqlite(s) => s.create(record).await,
            Self::Postgres(s) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Self::Sqlite(s) => s.save(record).await,
            Self::Postgres(s) => s.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Self::Sqlite(s) => s.load(id).await,
            Self::Postgres(s) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Self::Sqlite(s) => s.delete(id).await,
            Self::Postgres(s) => s.delete(id).await,
        }
    }
}

#[async_trait]
impl ExpiredDeletion for Store {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match self {
            Self::Sqlite(s) => s.delete_expired().await,
            Self::Postgres(s) => s.delete_expired().await,
        }
    }
}

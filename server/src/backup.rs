//! `server backup <fichier>` and `server restore <fichier>` for the embedded
//! SQLite database (docs/deploying.md gives PostgreSQL's `pg_dump` and
//! `pg_restore`). A backup is `VACUUM INTO`: one consistent copy taken while
//! the portal runs and writes. A restore refuses while a server uses the
//! database: every server holds a shared lock on `<base>.verrou` for its
//! life; the restore needs it exclusive.
use crate::config::Config;
use crate::files::sqlite_file;
use std::fs::File;
use std::path::{Path, PathBuf};

fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".verrou");
    PathBuf::from(name)
}

/// Held by a running server (SQLite only): a restore cannot take it.
pub fn hold_while_running(database_url: &str) -> Result<Option<File>, String> {
    let Some(db) = sqlite_file(database_url) else {
        return Ok(None);
    };
    let file = File::create(lock_path(&db)).map_err(|e| format!("verrou de la base : {e}"))?;
    file.lock_shared()
        .map_err(|e| format!("verrou de la base : {e}"))?;
    Ok(Some(file))
}

fn sqlite_only(config: &Config) -> Result<PathBuf, String> {
    sqlite_file(&config.database_url).ok_or_else(|| {
        "la base est PostgreSQL : sauvegardez-la avec pg_dump -Fc (voir docs/deploying.md).".into()
    })
}

pub async fn backup(config: &Config, target: &Path) -> Result<u64, String> {
    sqlite_only(config)?;
    if target.exists() {
        return Err(format!(
            "{} existe déjà : choisissez un nouveau fichier.",
            target.display()
        ));
    }
    let db = app::infra::Db::connect(&config.database_url)
        .await
        .map_err(|e| format!("base de données : {e}"))?;
    let done = sqlx::query("VACUUM INTO $1")
        .bind(target.display().to_string())
        .execute(&db.pool)
        .await;
    db.pool.close().await;
    done.map_err(|e| format!("sauvegarde : {e}"))?;
    std::fs::metadata(target)
        .map(|m| m.len())
        .map_err(|e| format!("sauvegarde : {e}"))
}

pub async fn restore(config: &Config, source: &Path) -> Result<(), String> {
    let db = sqlite_only(config)?;
    check_backup(source).await?;
    let lock = File::create(lock_path(&db)).map_err(|e| format!("verrou de la base : {e}"))?;
    if lock.try_lock().is_err() {
        return Err(
            "le portail est en marche sur cette base : arrêtez chaque serveur avant de restaurer."
                .into(),
        );
    }
    // Beside the database, then renamed over it: never half a database.
    let partial = db.with_extension("restauration");
    std::fs::copy(source, &partial).map_err(|e| format!("copie : {e}"))?;
    for suffix in ["-wal", "-shm"] {
        let mut side = db.as_os_str().to_owned();
        side.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(side));
    }
    std::fs::rename(&partial, &db).map_err(|e| format!("remplacement : {e}"))?;
    drop(lock);
    Ok(())
}

/// A SQLite file that passes its integrity check and holds our migrations.
async fn check_backup(source: &Path) -> Result<(), String> {
    if !source.is_file() {
        return Err(format!("{} : fichier introuvable.", source.display()));
    }
    let url = format!("sqlite://{}?mode=ro", source.display());
    let refused = || {
        format!(
            "{} n'est pas une sauvegarde de l'espace locataire.",
            source.display()
        )
    };
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url).await.map_err(|_| refused())?;
    let check: Result<(String,), _> = sqlx::query_as("PRAGMA integrity_check")
        .fetch_one(&pool)
        .await;
    let migrated: Result<(i64,), _> = sqlx::query_as("SELECT COUNT(*) FROM _sqlx_migrations")
        .fetch_one(&pool)
        .await;
    pool.close().await;
    match (check, migrated) {
        (Ok((ok,)), Ok((n,))) if ok == "ok" && n > 0 => Ok(()),
        _ => Err(refused()),
    }
}

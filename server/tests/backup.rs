//! `server backup` / `server restore` (SQLite): a consistent copy taken while
//! the portal runs; a restore refused while a server uses the database, and
//! refused for a file that is no backup; back up, change, restore, compare.
mod common;

use app::infra::Db;
use common::{Engine, spawn};
use server::backup::{backup, restore};

async fn landlord_and_entries(db: &Db) -> (String, i64) {
    sqlx::query_as("SELECT (SELECT name FROM landlord), (SELECT COUNT(*) FROM ledger_entry)")
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn back_up_change_restore_compare() {
    let app = spawn(Engine::Sqlite).await;
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("sauvegarde.sqlite");
    assert!(backup(&app.config, &saved).await.unwrap() > 0);
    let err = backup(&app.config, &saved).await.unwrap_err();
    assert!(err.contains("existe déjà"), "{err}");
    let err = restore(&app.config, &saved).await.unwrap_err();
    assert!(err.contains("le portail est en marche"), "{err}");

    // A stopped installation (its own file), changed after the backup.
    let original = landlord_and_entries(&app.db).await;
    let other = dir.path().join("arretee.sqlite");
    std::fs::copy(&saved, &other).unwrap();
    let mut stopped = app.config.clone();
    stopped.database_url = format!("sqlite://{}", other.display());
    let db = Db::connect(&stopped.database_url).await.unwrap();
    sqlx::query("UPDATE landlord SET name = 'Changé'")
        .execute(&db.pool)
        .await
        .unwrap();
    sqlx::query("DELETE FROM ledger_entry WHERE id IN (SELECT id FROM ledger_entry LIMIT 3)")
        .execute(&db.pool)
        .await
        .unwrap();
    assert_ne!(landlord_and_entries(&db).await, original);
    db.pool.close().await;
    restore(&stopped, &saved).await.unwrap();
    let db = Db::connect(&stopped.database_url).await.unwrap();
    assert_eq!(landlord_and_entries(&db).await, original);
    db.pool.close().await;

    let fake = dir.path().join("faux.sqlite");
    std::fs::write(&fake, "ceci n'est pas une base").unwrap();
    let err = restore(&stopped, &fake).await.unwrap_err();
    assert!(err.contains("n'est pas une sauvegarde"), "{err}");
    let mut postgres = app.config.clone();
    postgres.database_url = "postgres://postgres@127.0.0.1:5432/postgres".into();
    let err = backup(&postgres, &dir.path().join("pg.sqlite"))
        .await
        .unwrap_err();
    assert!(err.contains("pg_dump"), "{err}");
}

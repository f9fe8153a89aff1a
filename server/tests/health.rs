//! /sante/vivant and /sante/pret, on SQLite and PostgreSQL: plain text, no
//! session, and "pas prêt" with the reason when the database or the
//! attachments' folder fails.
mod common;

use common::{Engine, spawn};

async fn probes_answer_without_a_session_and_say_what_fails(engine: Engine) {
    let app = spawn(engine).await;
    for (path, body) in [("/sante/vivant", "vivant\n"), ("/sante/pret", "prêt\n")] {
        let res = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        assert!(
            res.headers().get("set-cookie").is_none(),
            "{path}: no session"
        );
        assert_eq!(
            res.headers()["content-type"],
            "text/plain; charset=utf-8",
            "{path}"
        );
        assert_eq!(res.text().await.unwrap(), body);
    }
    // The attachments' folder cannot be written (a file stands in its place).
    let folder = app.data_dir.join("pieces-jointes");
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::write(&folder, b"pas un dossier").unwrap();
    let res = app.client.get(app.url("/sante/pret")).send().await.unwrap();
    assert_eq!(res.status(), 503);
    assert_eq!(
        res.text().await.unwrap(),
        "pas prêt : stockage des pièces jointes non inscriptible\n"
    );
    std::fs::remove_file(&folder).unwrap();
    // The database is gone: not ready, and still alive.
    app.db.pool.close().await;
    let res = app.client.get(app.url("/sante/pret")).send().await.unwrap();
    assert_eq!(res.status(), 503);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("base de données injoignable")
    );
    let (status, _) = app.get("/sante/vivant").await;
    assert_eq!(status, 200);
}

both_engines!(probes_answer_without_a_session_and_say_what_fails);

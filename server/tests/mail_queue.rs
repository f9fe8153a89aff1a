//! The outgoing mail queue (docs/deploying.md), on SQLite and PostgreSQL:
//! several instances send each mail exactly once, and a mail server that
//! refuses delays the mail instead of losing it.
mod common;

use app::domain::Email;
use app::infra::Mailer;
use app::infra::mail::{Outgoing, Queue};
use common::smtp::{Sink, free_port};
use common::{Engine, SOPHIE, restart, spawn, spawn_with};
use std::time::Duration;

const MAILS: usize = 40;

/// The subjects of the .eml files in the outbox that start with `prefix`.
fn subjects(outbox: &std::path::Path, prefix: &str) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(outbox)
        .map(|d| d.flatten().collect::<Vec<_>>())
        .unwrap_or_default()
        .iter()
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .filter_map(|m| {
            m.lines()
                .find_map(|l| l.strip_prefix("Subject: ").map(str::to_string))
        })
        .filter(|s| s.starts_with(prefix))
        .collect();
    found.sort();
    found
}

async fn two_instances_send_each_mail_once(engine: Engine) {
    let app = spawn(engine).await;
    let _second = restart(&app).await;
    let queue = Queue::new(app.db.clone());
    let to = Email::parse("file@exemple.com").unwrap();
    for n in 0..MAILS {
        let mail = Outgoing::new(&to, &format!("File {n:02}"), "Bonjour".into(), None);
        queue.push(&mail).await.unwrap();
    }
    // Two more senders race the two servers' workers for the same rows.
    let mailer = || {
        Mailer::new("Test <t@exemple.com>", None, app.outbox.clone())
            .unwrap()
            .queued(app.db.clone())
    };
    let (a, b) = (mailer(), mailer());
    let (ra, rb) = tokio::join!(a.queue().unwrap().pass(&a), b.queue().unwrap().pass(&b));
    let sent_here = ra.unwrap().sent + rb.unwrap().sent;
    for _ in 0..200 {
        if queue.waiting().await.unwrap() == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(queue.waiting().await.unwrap(), 0, "every mail sent");
    let expected: Vec<String> = (0..MAILS).map(|n| format!("File {n:02}")).collect();
    assert_eq!(
        subjects(&app.outbox, "File "),
        expected,
        "each mail exactly once"
    );
    assert!(sent_here as usize <= MAILS);
    let (sent,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM mail_queue WHERE subject LIKE 'File %' AND sent_at IS NOT NULL",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(sent as usize, MAILS);
    let (kept,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM mail_queue WHERE body <> ''")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(kept, 0, "a sent mail's text (its links) is not kept");
}

async fn a_refused_mail_waits_and_leaves_when_the_server_is_back(engine: Engine) {
    let port = free_port().await;
    let app = spawn_with(engine, |c| {
        c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
    })
    .await;
    let res = app
        .submit(
            "/mot-de-passe-oublie",
            "/api/mot_de_passe_oublie",
            &[("email", SOPHIE.0)],
        )
        .await;
    // The tenant's answer does not depend on the mail server.
    assert_eq!(common::location(&res), "/info/mot-de-passe-oublie");
    let row = || async {
        sqlx::query_as::<_, (i32, Option<String>, Option<i64>, i64)>(
            "SELECT attempts, last_error, sent_at, next_at FROM mail_queue WHERE subject LIKE 'Réinitialisation%'",
        )
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
    };
    let mut refused = vec![];
    for _ in 0..200 {
        refused = row().await;
        if refused.first().is_some_and(|r| r.0 >= 1) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(refused.len(), 1, "queued once");
    let (attempts, error, sent_at, next_at) = refused[0].clone();
    assert_eq!(attempts, 1);
    assert!(error.is_some(), "the refusal is kept for support");
    assert_eq!(sent_at, None);
    assert!(next_at > app::infra::now() + 20, "retried after a wait");
    // The mail server is back, and the wait has passed.
    let (sink, _task) = Sink::start(port).await;
    sqlx::query("UPDATE mail_queue SET next_at = 0")
        .execute(&app.db.pool)
        .await
        .unwrap();
    for _ in 0..300 {
        if !sink.received().is_empty() && row().await[0].2.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let received = sink.received();
    assert_eq!(received.len(), 1, "sent once, when the server came back");
    assert!(received[0].contains(&format!("To: {}", SOPHIE.0)));
    assert!(row().await[0].2.is_some(), "recorded as sent");
}

/// A permanent refusal (an address the mail server does not know) is not
/// retried for days: given up at once, and the reason kept without the
/// address, which the server's answer names.
async fn a_permanent_refusal_is_given_up_at_once_without_logging_the_address(engine: Engine) {
    let port = free_port().await;
    let (_sink, _task) = Sink::refusing(
        port,
        "550 5.1.1 <sophie@exemple.com>: Recipient address rejected",
    )
    .await;
    let app = spawn_with(engine, |c| {
        c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
    })
    .await;
    app.submit(
        "/mot-de-passe-oublie",
        "/api/mot_de_passe_oublie",
        &[("email", SOPHIE.0)],
    )
    .await;
    let mut row = None;
    for _ in 0..200 {
        let found: Vec<(Option<i64>, Option<String>, String)> = sqlx::query_as(
            "SELECT failed_at, last_error, body FROM mail_queue WHERE subject LIKE 'Réinitialisation%'",
        )
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
        if found.first().is_some_and(|r| r.0.is_some()) {
            row = found.into_iter().next();
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (_, error, body) = row.expect("given up at once");
    let error = error.unwrap();
    assert!(error.contains("550"), "{error}");
    assert!(!error.contains("sophie"), "no address kept: {error}");
    assert_eq!(body, "", "the reset link is not kept once given up");
}

both_engines!(
    a_permanent_refusal_is_given_up_at_once_without_logging_the_address,
    two_instances_send_each_mail_once,
    a_refused_mail_waits_and_leaves_when_the_server_is_back
);

//! J'envoie mon attestation d'assurance, on SQLite and PostgreSQL: the
//! leases' statuses, a certificate sent and numbered, Accueil's alert, every
//! refusal, and the reminder job (once per due date, across restarts).
mod common;

use common::upload::{exe, file, pdf};
use common::{Engine, PAUL, SOPHIE, field_error, location, spawn};

fn day(offset: i64) -> String {
    (app::infra::today() + chrono::Duration::days(offset))
        .format("%Y-%m-%d")
        .to_string()
}

async fn lease_id(app: &common::TestApp, reference: &str) -> String {
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM lease WHERE reference = $1")
        .bind(reference)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    id.to_string()
}

async fn a_certificate_is_sent_numbered_and_awaits_validation(engine: Engine) {
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    let (_, home) = app.text(&sophie, "/").await;
    assert!(
        home.contains("Votre attestation d'assurance pour Logement Type 3"),
        "{home}"
    );
    assert!(home.contains("se termine le"), "{home}");
    let (_, page) = app.text(&sophie, "/assurance").await;
    assert!(page.contains("Assurance : à jour"), "{page}");
    assert!(page.contains("Vous n'avez envoyé aucune attestation."));

    let lease = lease_id(&app, "0012345").await;
    let (from, to) = (day(-10), day(355));
    let res = app
        .upload(
            &sophie,
            "/assurance",
            &[
                ("__action", "assurance"),
                ("bail", &lease),
                ("du", &from),
                ("au", &to),
            ],
            vec![file("fichier1", "attestation.pdf", pdf(2000))],
            false,
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(location(&res), "/assurance?envoi=000000001");
    let (_, page) = app.text(&sophie, &location(&res)).await;
    for shown in [
        "Votre attestation (envoi n° 000000001) est bien reçue",
        "Assurance : en cours de validation",
        "Envoi n° 000000001",
        "En cours de validation",
        "attestation.pdf",
    ] {
        assert!(page.contains(shown), "{shown}: {page}");
    }
    app.mail(
        SOPHIE.0,
        "Attestation d'assurance reçue (envoi n° 000000001)",
    )
    .await;
    let (_, home) = app.text(&sophie, "/").await;
    assert!(
        !home.contains("Votre attestation d'assurance pour Logement Type 3"),
        "no alert while the new certificate is checked"
    );
}

/// (what, lease, Du, Au, files, field, message)
type Case<'a> = (
    &'a str,
    String,
    String,
    String,
    Vec<common::upload::File<'a>>,
    &'a str,
    &'a str,
);

async fn every_refusal_is_next_to_its_field(engine: Engine) {
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    let lease = lease_id(&app, "0012345").await;
    let pauls = lease_id(&app, "0045678").await;
    let ok = || vec![file("fichier1", "attestation.pdf", pdf(500))];
    let cases: Vec<Case> = vec![
        (
            "au before du",
            lease.clone(),
            day(10),
            day(5),
            ok(),
            "au",
            "après la date de début",
        ),
        (
            "longer than 13 months",
            lease.clone(),
            day(0),
            day(400),
            ok(),
            "au",
            "13 mois",
        ),
        (
            "entirely past",
            lease.clone(),
            day(-400),
            day(-40),
            ok(),
            "au",
            "expirée",
        ),
        (
            "no date",
            lease.clone(),
            String::new(),
            day(40),
            ok(),
            "du",
            "date de début",
        ),
        (
            "another tenant's lease",
            pauls,
            day(0),
            day(300),
            ok(),
            "bail",
            "l'une de vos locations",
        ),
        (
            "forged lease id",
            "abc".into(),
            day(0),
            day(300),
            ok(),
            "bail",
            "l'une de vos locations",
        ),
        (
            "no certificate",
            lease.clone(),
            day(0),
            day(300),
            vec![],
            "fichier1",
            "Joignez votre attestation",
        ),
        (
            "a program renamed",
            lease.clone(),
            day(0),
            day(300),
            vec![file("fichier1", "a.pdf", exe())],
            "fichier1",
            "ni un PDF",
        ),
    ];
    for (what, bail, du, au, files, field, message) in cases {
        let res = app
            .upload(
                &sophie,
                "/assurance",
                &[
                    ("__action", "assurance"),
                    ("bail", &bail),
                    ("du", &du),
                    ("au", &au),
                ],
                files,
                false,
            )
            .await;
        assert_eq!(res.status().as_u16(), 200, "{what}");
        let page = res.text().await.unwrap();
        let error =
            field_error(&page, field).unwrap_or_else(|| panic!("{what}: no error on {field}"));
        assert!(error.contains(message), "{what}: {error}");
        if !au.is_empty() {
            assert!(
                page.contains(&format!("value=\"{au}\"")),
                "{what}: Au is kept"
            );
        }
    }
    assert_eq!(app.requests("assurance").await, 0);
    assert_eq!(app.stored_files(), 0);
}

async fn reminders_go_once_per_due_date_across_restarts(engine: Engine) {
    let app = spawn(engine).await;
    let mailer = app::infra::Mailer::new("Test <t@exemple.com>", None, app.outbox.clone()).unwrap();
    let today = app::infra::today();
    let run = |today| {
        app::insurance::ssr::reminders::run_once(
            &app.db,
            &mailer,
            "http://x/assurance",
            "Habitat Test",
            today,
        )
    };
    // Sophie's home ends in 20 days: the 30-day reminder, once.
    assert_eq!(run(today).await.unwrap(), 1);
    assert_eq!(run(today).await.unwrap(), 0);
    let reminder = app
        .mail(SOPHIE.0, "Votre attestation d'assurance arrive à échéance")
        .await;
    assert!(reminder.contains("Logement Type 3"), "{reminder}");
    // A restart (another instance on the same database) runs the job at start.
    let again = common::restart(&app).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    drop(again);
    let reminders = app
        .mails(SOPHIE.0)
        .iter()
        .filter(|m| m.contains("se termine le"))
        .count();
    assert_eq!(reminders, 1, "the restart sent nothing more");
    // 6 days before the end: the 7-day reminder, once; others' leases end later.
    let later = today + chrono::Duration::days(14);
    assert_eq!(run(later).await.unwrap(), 1);
    assert_eq!(run(later).await.unwrap(), 0);
    assert!(app.mails(PAUL.0).is_empty(), "Paul's lease ends in 65 days");
}

both_engines!(
    a_certificate_is_sent_numbered_and_awaits_validation,
    every_refusal_is_next_to_its_field,
    reminders_go_once_per_due_date_across_restarts,
);

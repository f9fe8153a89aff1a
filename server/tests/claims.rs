//! Mes réclamations, on SQLite and PostgreSQL: a claim with photos and the
//! emergency flag, its history and messages, replying while open, reopening
//! within 30 days only, and the refusals.
mod common;

use common::upload::{exe, file, png};
use common::{Engine, PAUL, SOPHIE, field_error, location, spawn};

const PAGE: &str = "/reclamations";

fn claim(description: &str) -> Vec<(&str, &str)> {
    vec![
        ("__action", "reclamation"),
        ("categorie", "Plomberie, fuite d'eau"),
        ("lieu", "Dans mon logement"),
        ("description", description),
        ("urgence", "oui"),
    ]
}

async fn set_status(app: &common::TestApp, number: i64, status: &str, days_ago: i64) {
    sqlx::query(
        "UPDATE tenant_request SET status = $1, updated_at = $2 WHERE area = 'reclamation' AND number = $3",
    )
    .bind(status)
    .bind(chrono::Utc::now().timestamp() - days_ago * 86_400)
    .bind(number)
    .execute(&app.db.pool)
    .await
    .unwrap();
}

async fn claim_id(app: &common::TestApp, number: i64) -> i64 {
    let (id,): (i64,) =
        sqlx::query_as("SELECT id FROM tenant_request WHERE area = 'reclamation' AND number = $1")
            .bind(number)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    id
}

async fn a_claim_is_followed_answered_and_reopened_within_30_days(engine: Engine) {
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    let (_, page) = app.text(&sophie, PAGE).await;
    assert!(
        page.contains("Appelez votre agence au 04 77 32 72 47"),
        "{page}"
    );
    let res = app
        .upload(
            &sophie,
            PAGE,
            &claim("Fuite sous l'évier depuis hier."),
            vec![file("fichier1", "fuite.png", png())],
            false,
        )
        .await;
    assert_eq!(
        (res.status().as_u16(), location(&res)),
        (303, "/reclamations?envoi=000000001".into())
    );
    let (_, page) = app.text(&sophie, &location(&res)).await;
    for shown in [
        "Votre réclamation n° 000000001 est enregistrée",
        "Plomberie, fuite d'eau",
        "Dans mon logement – urgence signalée",
        "Avancement : Envoyée",
        "Fuite sous l'évier depuis hier.",
        "fuite.png",
    ] {
        assert!(page.contains(shown), "{shown}: {page}");
    }
    // A reply while it is open.
    let id = claim_id(&app, 1).await;
    let key = format!("reponse-{id}");
    let res = app
        .upload(
            &sophie,
            PAGE,
            &[("__action", &key), ("reponse", "La fuite a empiré.")],
            vec![],
            false,
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, page) = app.text(&sophie, PAGE).await;
    assert!(page.contains("La fuite a empiré."), "{page}");
    // Another tenant cannot reply to it: the same refusal as for a closed one.
    let paul = app.signed_in(PAUL).await;
    let res = app
        .upload(
            &paul,
            PAGE,
            &[("__action", &key), ("reponse", "Intrus")],
            vec![],
            false,
        )
        .await;
    assert_eq!(location(&res), "/reclamations?refus=reponse");
    let (_, refused) = app.text(&paul, &location(&res)).await;
    assert!(refused.contains("close ou introuvable"), "{refused}");
    // Closed 10 days ago: no reply, but it may be reopened.
    set_status(&app, 1, "cloturee", 10).await;
    let (_, page) = app.text(&sophie, PAGE).await;
    assert!(
        page.contains("Avancement : Clôturée") && page.contains("ROUVRIR LA RÉCLAMATION"),
        "{page}"
    );
    assert!(!page.contains("RÉPONDRE"));
    let res = app
        .submit_with(
            &sophie,
            PAGE,
            "/api/rouvrir_reclamation",
            &[("reclamation", &id.to_string())],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, page) = app.text(&sophie, PAGE).await;
    assert!(page.contains("Avancement : Réouverte"), "{page}");
    // Closed 31 days ago: too late.
    set_status(&app, 1, "cloturee", 31).await;
    let res = app
        .submit_with(
            &sophie,
            PAGE,
            "/api/rouvrir_reclamation",
            &[("reclamation", &id.to_string())],
        )
        .await;
    assert_eq!(location(&res), "/reclamations?refus=rouvrir");
    let (_, page) = app.text(&sophie, &location(&res)).await;
    assert!(page.contains("ne peut plus être rouverte"), "{page}");
    assert!(page.contains("Avancement : Clôturée"), "{page}");
}

async fn a_refused_claim_keeps_what_was_typed(engine: Engine) {
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    let mut forged = claim("Le radiateur est froid.");
    forged[1] = ("categorie", "Toiture");
    let cases = vec![
        (
            "forged category",
            forged,
            vec![],
            "categorie",
            "Choisissez la catégorie",
        ),
        (
            "empty description",
            claim(" "),
            vec![],
            "description",
            "Écrivez votre message",
        ),
        (
            "a program as photo",
            claim("Le radiateur est froid."),
            vec![file("fichier1", "photo.jpg", exe())],
            "fichier1",
            "ni un PDF, ni une photo",
        ),
    ];
    for (what, fields, files, field, message) in cases {
        let res = app.upload(&sophie, PAGE, &fields, files, false).await;
        let page = res.text().await.unwrap();
        let error = field_error(&page, field).unwrap_or_else(|| panic!("{what}: {page}"));
        assert!(error.contains(message), "{what}: {error}");
        assert!(
            page.contains("checked"),
            "{what}: the emergency box stays ticked"
        );
    }
    assert_eq!(app.requests("reclamation").await, 0);
    assert_eq!(app.stored_files(), 0);
}

both_engines!(
    a_claim_is_followed_answered_and_reopened_within_30_days,
    a_refused_claim_keeps_what_was_typed,
);

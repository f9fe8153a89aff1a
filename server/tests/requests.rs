//! Nous contacter's written requests and the upload pipeline they share with
//! the other menus, on SQLite and PostgreSQL: typed attachments, numbering,
//! acknowledgment, owner-only download, and every refusal.
mod common;

use common::upload::{exe, file, pdf, png};
use common::{Engine, PAUL, SOPHIE, field_error, general_error, location, spawn};

const PAGE: &str = "/nous-contacter";

fn fields<'a>(message: &'a str, kinds: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![
        ("__action", "demande"),
        ("objet", "Demande administrative"),
        ("message", message),
    ];
    f.extend_from_slice(kinds);
    f
}

async fn a_request_is_numbered_acknowledged_and_downloadable_by_its_owner_only(engine: Engine) {
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    let res = app
        .upload(
            &sophie,
            PAGE,
            &fields(
                "Voici mon avis d'imposition et mon RIB.",
                &[
                    ("type_fichier1", "avis_imposition"),
                    ("type_fichier2", "rib"),
                ],
            ),
            vec![
                file("fichier1", "Avis d'impôt 2026.pdf", pdf(3000)),
                file("fichier2", "C:\\Photos\\rib.png", png()),
                file("fichier3", "", vec![]),
            ],
            false,
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(location(&res), "/nous-contacter?envoi=000000001");
    let (_, page) = app.text(&sophie, &location(&res)).await;
    for shown in [
        "Votre demande n° 000000001 est enregistrée",
        "Demande n° 000000001",
        "Demande administrative",
        "Avis d'impôt 2026.pdf (Avis d'imposition)",
        "rib.png (RIB)",
        "Envoyée",
    ] {
        assert!(page.contains(shown), "{shown}: {page}");
    }
    let mail = app
        .mail(SOPHIE.0, "Votre demande n° 000000001 a bien été reçue")
        .await;
    assert!(mail.contains("2 pièce(s) jointe(s)"), "{mail}");

    let (_, html) = app.get_with(&sophie, PAGE).await;
    let href = html
        .split("href=\"/pieces-jointes/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .map(|id| format!("/pieces-jointes/{id}"))
        .expect("a download link");
    let res = sophie.get(app.url(&href)).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let disposition = res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(
        disposition.contains("filename*=UTF-8''Avis%20d%27imp%C3%B4t%202026.pdf"),
        "{disposition}"
    );
    assert_eq!(res.bytes().await.unwrap().to_vec(), pdf(3000));

    // Another tenant, and an id that does not exist: the same page.
    let paul = app.signed_in(PAUL).await;
    let (status, other) = app.get_with(&paul, &href).await;
    let (status2, unknown) = app
        .get_with(&paul, "/pieces-jointes/00000000000000000000000000000000")
        .await;
    assert_eq!((status, status2), (404, 404));
    assert_eq!(other, unknown);
    let (status, _) = app.get(&href).await;
    assert_eq!(status, 303, "a visitor is sent to Connexion");
}

/// (what is wrong, fields, files, the field that says so, its message)
type Case<'a> = (
    &'a str,
    Vec<(&'a str, &'a str)>,
    Vec<common::upload::File<'a>>,
    &'a str,
    &'a str,
);

async fn every_refusal_keeps_what_was_typed_and_records_nothing(engine: Engine) {
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    let typed = "Mon message à garder";
    let one_type = [("type_fichier1", "rib")];
    let too_long = "x".repeat(4001);
    let cases: Vec<Case> = vec![
        (
            "too big",
            fields(typed, &one_type),
            vec![file("fichier1", "a.pdf", pdf(1024 * 1024 + 1))],
            "fichier1",
            "dépasse 1 Mo",
        ),
        (
            "renamed program",
            fields(typed, &one_type),
            vec![file("fichier1", "facture.pdf", exe())],
            "fichier1",
            "ni un PDF, ni une photo",
        ),
        (
            "empty file",
            fields(typed, &one_type),
            vec![file("fichier1", "vide.pdf", vec![])],
            "fichier1",
            "est vide",
        ),
        (
            "one too many",
            fields(
                typed,
                &[
                    ("type_fichier1", "rib"),
                    ("type_fichier2", "rib"),
                    ("type_fichier3", "rib"),
                    ("type_fichier4", "rib"),
                ],
            ),
            vec![
                file("fichier1", "1.pdf", pdf(100)),
                file("fichier2", "2.pdf", pdf(100)),
                file("fichier3", "3.pdf", pdf(100)),
                file("fichier4", "4.pdf", pdf(100)),
            ],
            "",
            "au plus 3 fichiers",
        ),
        (
            "no type",
            fields(typed, &[]),
            vec![file("fichier1", "a.pdf", pdf(100))],
            "type_fichier1",
            "Choisissez le type",
        ),
        (
            "forged type",
            fields(typed, &[("type_fichier1", "virus")]),
            vec![file("fichier1", "a.pdf", pdf(100))],
            "type_fichier1",
            "Choisissez le type",
        ),
        (
            "empty message",
            fields("   ", &one_type),
            vec![file("fichier1", "a.pdf", pdf(100))],
            "message",
            "Écrivez votre message",
        ),
        (
            "message too long",
            fields(&too_long, &[]),
            vec![],
            "message",
            "dépasse 4 000 caractères",
        ),
    ];
    for (what, fields, files, field, message) in cases {
        let res = app.upload(&sophie, PAGE, &fields, files, false).await;
        assert_eq!(res.status().as_u16(), 200, "{what}");
        let page = res.text().await.unwrap();
        let error = if field.is_empty() {
            general_error(&page).unwrap_or_default()
        } else {
            field_error(&page, field).unwrap_or_else(|| panic!("{what}: no error on {field}"))
        };
        assert!(error.contains(message), "{what}: {error}");
        if what != "message too long" && what != "empty message" {
            assert!(
                page.contains(&format!(">{typed}</textarea>")),
                "{what}: the message is kept"
            );
        }
        assert!(general_error(&page).is_some(), "{what}: the summary");
    }
    // A forged object, with JavaScript on: the same refusal, as JSON.
    let mut forged = fields(typed, &[]);
    forged[1] = ("objet", "Demande urgente");
    let res = app.upload(&sophie, PAGE, &forged, vec![], true).await;
    let outcome: serde_json::Value = res.json().await.unwrap();
    assert_eq!(
        outcome["Refused"]["errors"]["objet"],
        "Choisissez l'objet de votre demande."
    );
    assert_eq!(outcome["Refused"]["values"]["message"], typed);
    assert_eq!(app.requests("demande").await, 0, "nothing recorded");
    assert_eq!(app.stored_files(), 0, "no file left in the storage");
    // A visitor's post stores nothing and is sent to Connexion.
    let res = app
        .upload(
            &app.client,
            PAGE,
            &fields(typed, &one_type),
            vec![file("fichier1", "a.pdf", pdf(100))],
            false,
        )
        .await;
    assert_eq!(
        (res.status().as_u16(), location(&res)),
        (303, "/connexion".into())
    );
    assert_eq!(app.stored_files(), 0);
}

async fn numbers_have_no_gaps_or_duplicates_under_concurrency(engine: Engine) {
    let app = spawn(engine).await;
    // One browser per post: a session runs at most two uploads at once.
    let mut browsers = vec![];
    for i in 0..12 {
        browsers.push(app.signed_in(if i % 2 == 0 { SOPHIE } else { PAUL }).await);
    }
    let posts = browsers.into_iter().enumerate().map(|(i, client)| {
        let app = &app;
        async move {
            // Every third one is refused: it must not take a number.
            let message = if i % 3 == 0 { "" } else { "Bonjour" };
            let res = app
                .upload(
                    &client,
                    PAGE,
                    &fields(message, &[("type_fichier1", "rib")]),
                    vec![file("fichier1", "r.pdf", pdf(200))],
                    true,
                )
                .await;
            res.json::<serde_json::Value>().await.unwrap()
        }
    });
    let outcomes = futures::future::join_all(posts).await;
    let mut numbers: Vec<String> = outcomes
        .iter()
        .filter_map(|o| o["Redirect"].as_str())
        .map(|to| to.rsplit('=').next().unwrap().to_string())
        .collect();
    numbers.sort();
    let expected: Vec<String> = (1..=8).map(|n| format!("{n:09}")).collect();
    assert_eq!(numbers, expected);
    assert_eq!(
        app.stored_files(),
        8,
        "the refused posts' files are removed"
    );
}

async fn request_id(app: &common::TestApp, area: &str, number: i64) -> i64 {
    let (id,): (i64,) =
        sqlx::query_as("SELECT id FROM tenant_request WHERE area = $1 AND number = $2")
            .bind(area)
            .bind(number)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    id
}

/// The back office's moves (issue 8 calls the same function): shown to the
/// tenant, mailed, applied once accepted, and forged ones refused.
async fn the_landlords_moves_are_shown_mailed_and_applied(engine: Engine) {
    use app::requests::Status;
    use app::requests::ssr::advance::{Move, Refusal, advance};
    let app = spawn(engine).await;
    let mailer = app::infra::Mailer::new("Test <t@exemple.com>", None, app.outbox.clone()).unwrap();
    let sophie = app.signed_in(SOPHIE).await;
    app.upload(&sophie, PAGE, &fields("Ma question", &[]), vec![], false)
        .await;
    let id = request_id(&app, "demande", 1).await;
    let answer = Move {
        request_id: id,
        to: Status::Answered,
        answer: "Voici notre réponse.",
    };
    assert_eq!(
        advance(&app.db, &mailer, "http://x", answer).await.unwrap(),
        Ok(())
    );
    let (_, page) = app.text(&sophie, PAGE).await;
    assert!(
        page.contains("Répondue") && page.contains("Réponse : Voici notre réponse."),
        "{page}"
    );
    let mail = app
        .mail(SOPHIE.0, "Votre demande n° 000000001 : Répondue")
        .await;
    assert!(mail.contains("Voici notre réponse."), "{mail}");
    let (_, home) = app.text(&sophie, "/").await;
    assert!(
        home.contains("Votre demande écrite n° 000000001 : répondue."),
        "{home}"
    );
    // Forged: a written request is never "accepted"; an unknown id is not found.
    let forged = Move {
        request_id: id,
        to: Status::Accepted,
        answer: "",
    };
    assert_eq!(
        advance(&app.db, &mailer, "http://x", forged).await.unwrap(),
        Err(Refusal::Transition)
    );
    let unknown = Move {
        request_id: 999_999,
        to: Status::Closed,
        answer: "",
    };
    assert_eq!(
        advance(&app.db, &mailer, "http://x", unknown)
            .await
            .unwrap(),
        Err(Refusal::NotFound)
    );

    // Accepting new phones changes the tenant's data.
    app.submit_with(
        &sophie,
        "/informations-personnelles",
        "/api/modifier_coordonnees",
        &[("fixe", ""), ("mobile", "07 81 22 33 44"), ("travail", "")],
    )
    .await;
    let id = request_id(&app, "coordonnees", 1).await;
    let accept = Move {
        request_id: id,
        to: Status::Accepted,
        answer: "",
    };
    assert_eq!(
        advance(&app.db, &mailer, "http://x", accept).await.unwrap(),
        Ok(())
    );
    let (_, page) = app.text(&sophie, "/informations-personnelles").await;
    assert!(
        page.contains("07 81 22 33 44") && page.contains("Acceptée"),
        "{page}"
    );
    let again = Move {
        request_id: id,
        to: Status::Refused,
        answer: "",
    };
    assert_eq!(
        advance(&app.db, &mailer, "http://x", again).await.unwrap(),
        Err(Refusal::Transition)
    );
}

/// The attachments' disk refuses writes (read-only, full): the file is
/// refused next to its field in French, the typed text stays, nothing is
/// recorded or half written, and the rest of the portal answers.
async fn a_storage_that_refuses_writes_refuses_the_file_and_nothing_else(engine: Engine) {
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    // The folder exists but no file can be created in it, even by root:
    // the write itself fails, as on a read-only or full disk.
    let folder = app.data_dir.join("pieces-jointes");
    let _ = std::fs::remove_dir_all(&folder);
    std::os::unix::fs::symlink("/proc/self", &folder).unwrap();
    let res = app
        .upload(
            &sophie,
            PAGE,
            &fields(
                "Mon attestation CAF.",
                &[("type_fichier1", "avis_imposition")],
            ),
            vec![file("fichier1", "caf.pdf", pdf(2000))],
            false,
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let page = res.text().await.unwrap();
    assert_eq!(
        field_error(&page, "fichier1").as_deref(),
        Some(app::uploads::receive::STORAGE_DOWN),
        "{page}"
    );
    assert!(page.contains("Mon attestation CAF."), "the message is kept");
    assert_eq!(app.requests("demande").await, 0);
    let (status, home) = app.text(&sophie, "/").await;
    assert_eq!(status, 200);
    assert!(home.contains("Votre solde"), "{home}");
    std::fs::remove_file(&folder).unwrap();
}

both_engines!(
    a_storage_that_refuses_writes_refuses_the_file_and_nothing_else,
    the_landlords_moves_are_shown_mailed_and_applied,
    a_request_is_numbered_acknowledged_and_downloadable_by_its_owner_only,
    every_refusal_keeps_what_was_typed_and_records_nothing,
    numbers_have_no_gaps_or_duplicates_under_concurrency,
);

//! The export back to the ERP (issue 16 §2, docs/export.md), on SQLite and
//! PostgreSQL: a round trip import → change in the portal → export → the
//! ERP's row; increments and the cursor; `--depuis`; a failed run leaving
//! the cursor; the administrator's ZIP.
mod common;

use app::back_office::ssr::erp_export::{self, Export, to_folder};
use app::back_office::ssr::staff::Role;
use app::uploads::Storage;
use common::staff::member;
use common::upload::{file, pdf};
use common::{Engine, SOPHIE, TestApp, location, spawn};
use std::path::Path;

fn storage(app: &TestApp) -> Storage {
    Storage::Local(app.data_dir.join("pieces-jointes"))
}

async fn export(
    app: &TestApp,
    dir: &Path,
    name: &str,
    since: Option<i64>,
) -> Result<Export, String> {
    to_folder(&app.db, &storage(app), &dir.join(name), since).await
}

fn rows(dir: &Path, name: &str, file: &str) -> Vec<String> {
    std::fs::read_to_string(dir.join(name).join(file))
        .unwrap()
        .lines()
        .skip(1)
        .map(str::to_string)
        .collect()
}

/// Runs leave the last seconds to the next run (`SETTLE_SECONDS`): make
/// what the test just did a minute old, as a nightly export would find it.
async fn a_minute_ago(app: &TestApp) {
    for sql in [
        "UPDATE request_event SET created_at = created_at - 60",
        "UPDATE tenant_request SET created_at = created_at - 60, updated_at = updated_at - 60",
        "UPDATE payment SET updated_at = updated_at - 60",
    ] {
        sqlx::query(sql).execute(&app.db.pool).await.unwrap();
    }
}

async fn runs(app: &TestApp) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM erp_export")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    n
}

/// Sophie asks for new phones and the demo agent's colleague accepts.
async fn accepted_phone_change(app: &TestApp) {
    let sophie = app.signed_in(SOPHIE).await;
    let res = app
        .submit_with(
            &sophie,
            "/informations-personnelles",
            "/api/modifier_coordonnees",
            &[
                ("fixe", ""),
                ("mobile", "07 81 22 33 44"),
                ("travail", "+44 20 7946 0958"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM tenant_request WHERE area = 'coordonnees'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let (agent, _) = member(app, "agent.export@bailleur.fr", Role::Agent, Some("CV")).await;
    let res = app
        .submit_with(
            &agent,
            &format!("/gestion/demandes/{id}"),
            "/api/gestion_traiter",
            &[
                ("demande", &id.to_string()),
                ("statut", "acceptee"),
                ("reponse", "Vos numéros sont à jour."),
            ],
        )
        .await;
    assert_eq!(res.status(), 303, "{}", location(&res));
}

async fn a_change_goes_back_to_the_erp_once_and_comes_back_unchanged(engine: Engine) {
    let app = spawn(engine).await;
    let dir = tempfile::tempdir().unwrap();
    accepted_phone_change(&app).await;
    a_minute_ago(&app).await;
    let first = export(&app, dir.path(), "1", None).await.unwrap();
    let lines = rows(dir.path(), "1", "coordonnees.csv");
    assert_eq!(lines.len(), 1, "{lines:?}");
    let cells: Vec<&str> = lines[0].split(';').collect();
    assert_eq!(
        (cells[0], cells[1], cells[2], cells[3]),
        ("P123456-1", "123456", "000000001", "coordonnees")
    );
    assert_eq!(
        (cells[5], cells[6], cells[7]),
        ("", "+33781223344", "+442079460958")
    );
    assert!(first.summary().contains("coordonnees.csv : 1 ligne(s)"));

    // The ERP loads it and sends its persons back: nothing changes in the
    // portal (the import reads the E.164 phones as they were written).
    let erp = dir.path().join("erp");
    std::fs::create_dir_all(&erp).unwrap();
    let persons = std::fs::read_to_string(app.data_dir.join("demo-export/personnes.csv")).unwrap();
    let persons: Vec<String> = persons
        .lines()
        .map(|l| {
            if !l.starts_with("P123456-1;") {
                return l.to_string();
            }
            let mut c: Vec<&str> = l.split(';').collect();
            (c[6], c[7], c[8]) = (cells[5], cells[6], cells[7]);
            c.join(";")
        })
        .collect();
    std::fs::write(erp.join("personnes.csv"), persons.join("\n") + "\n").unwrap();
    let report = server::import::run(&app.db, &erp, &app.data_dir.join("documents"), false)
        .await
        .unwrap();
    assert!(report.committed, "{report}");
    let persons = report
        .files
        .iter()
        .find(|f| f.file == "personnes.csv")
        .unwrap();
    assert_eq!(
        (persons.counts.updated, persons.counts.created),
        (0, 0),
        "{report}"
    );

    // Incremental: the next run has nothing new.
    export(&app, dir.path(), "2", None).await.unwrap();
    assert!(rows(dir.path(), "2", "coordonnees.csv").is_empty());
    // --depuis reissues the period, and leaves the cursor where it was.
    let since = erp_export::day_start(&app::infra::today().format("%d/%m/%Y").to_string()).unwrap();
    let cursor = erp_export::cursor(&app.db).await.unwrap();
    export(&app, dir.path(), "3", Some(since)).await.unwrap();
    assert_eq!(rows(dir.path(), "3", "coordonnees.csv").len(), 1);
    assert_eq!(erp_export::cursor(&app.db).await.unwrap(), cursor);
    export(&app, dir.path(), "4", None).await.unwrap();
    assert!(
        rows(dir.path(), "4", "coordonnees.csv").is_empty(),
        "the reissue moved no cursor"
    );
}

async fn payments_requests_and_their_files_travel_together(engine: Engine) {
    let app = spawn(engine).await;
    let dir = tempfile::tempdir().unwrap();
    let sophie = app.signed_in(SOPHIE).await;
    app.upload(
        &sophie,
        "/nous-contacter",
        &[
            ("__action", "demande"),
            ("objet", "Demande technique"),
            ("message", "=Le volet est cassé."),
            ("type_fichier1", "autre"),
        ],
        vec![file("fichier1", "volet.pdf", pdf(300))],
        false,
    )
    .await;
    // A payment the bank accepted (as the IPN records it).
    sqlx::query(
        "INSERT INTO payment (id, account_id, login_id, amount_cents, status, site_id, ctx_mode, trans_date,
                              trans_day, trans_id, created_at, updated_at, authorisation, bank_reference)
         SELECT 77, p.account_id, t.id, 57500, 'accepte', 's', 'TEST', '20261203101010', '20261203', '000077',
                $1, $1, '123456', 'uuid-77'
         FROM tenant_login t JOIN person p ON p.id = t.person_id WHERE t.email = $2",
    )
    .bind(app::infra::now())
    .bind(SOPHIE.0)
    .execute(&app.db.pool)
    .await
    .unwrap();
    a_minute_ago(&app).await;
    export(&app, dir.path(), "1", None).await.unwrap();
    let paid = rows(dir.path(), "1", "paiements.csv");
    assert_eq!(paid.len(), 1);
    assert!(
        paid[0].starts_with(&format!(
            "PORTAIL-PAIEMENT-{};123456;",
            app::payment::request_number(77)
        )) && paid[0].contains(";575,00;"),
        "{paid:?}"
    );
    let requests = rows(dir.path(), "1", "demandes.csv");
    assert_eq!(requests.len(), 1, "{requests:?}");
    let r = &requests[0];
    assert!(r.starts_with("000000001;demande;123456;"), "{r}");
    assert!(
        r.contains("'=Le volet est cassé."),
        "no formula for a spreadsheet: {r}"
    );
    assert!(r.ends_with("pieces/demande-000000001-1.pdf"), "{r}");
    let piece = std::fs::read(dir.path().join("1/pieces/demande-000000001-1.pdf")).unwrap();
    assert!(piece.starts_with(b"%PDF-"));

    // A run that fails leaves no folder and the cursor where it was: a
    // folder already in use, then a folder that cannot be written.
    let before = runs(&app).await;
    let since = erp_export::cursor(&app.db).await.unwrap();
    let refused = export(&app, dir.path(), "1", Some(0))
        .await
        .err()
        .expect("the run fails");
    assert!(refused.contains("n'est pas vide"), "{refused}");
    std::fs::write(dir.path().join("un-fichier"), "pas un dossier").unwrap();
    let failed = export(&app, &dir.path().join("un-fichier"), "5", None)
        .await
        .err()
        .expect("the run fails");
    assert!(failed.contains("écriture impossible"), "{failed}");
    assert_eq!(runs(&app).await, before);
    assert_eq!(erp_export::cursor(&app.db).await.unwrap(), since);

    // An attachment the storage lost does not hold the export back: the row
    // says so, the run completes.
    let (stored,): (String,) = sqlx::query_as("SELECT stored_name FROM request_attachment")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    std::fs::remove_file(app.data_dir.join("pieces-jointes").join(&stored)).unwrap();
    export(&app, dir.path(), "6", Some(0)).await.unwrap();
    let requests = rows(dir.path(), "6", "demandes.csv");
    assert!(
        requests[0].ends_with("pieces/demande-000000001-1.pdf (manquant)"),
        "{requests:?}"
    );
    assert_eq!(runs(&app).await, before + 1);
}

async fn an_administrator_downloads_the_export_as_a_zip(engine: Engine) {
    let app = spawn(engine).await;
    accepted_phone_change(&app).await;
    a_minute_ago(&app).await;
    let (admin, _) = member(&app, "admin.export@bailleur.fr", Role::Admin, None).await;
    let res = admin
        .get(app.url(erp_export::zip::PATH))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/zip");
    let bytes = res.bytes().await.unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut names: Vec<String> = archive.file_names().map(str::to_string).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "assurances.csv",
            "coordonnees.csv",
            "demandes.csv",
            "paiements.csv",
            "prelevements.csv"
        ]
    );
    let mut csv = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("coordonnees.csv").unwrap(), &mut csv)
        .unwrap();
    assert!(
        csv.contains("\nP123456-1;123456;000000001;coordonnees;"),
        "{csv}"
    );
    // A reissue: the command's next run still carries the change.
    let (audited,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'export ERP (ZIP)'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(audited, 1);
    assert_eq!(erp_export::cursor(&app.db).await.unwrap(), 0);
    // A bad date is said in French; an agent gets nothing.
    let res = admin
        .get(app.url(&format!("{}?depuis=31/02/2026", erp_export::zip::PATH)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("date invalide « 31/02/2026 »")
    );
    let (agent, _) = member(&app, "agent.zip@bailleur.fr", Role::Agent, Some("CV")).await;
    let res = agent
        .get(app.url(erp_export::zip::PATH))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let anonymous = common::client()
        .get(app.url(erp_export::zip::PATH))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&anonymous), "/gestion/connexion");
}

both_engines!(
    a_change_goes_back_to_the_erp_once_and_comes_back_unchanged,
    payments_requests_and_their_files_travel_together,
    an_administrator_downloads_the_export_as_a_zip,
);

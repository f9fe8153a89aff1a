//! Fichiers SEPA (pain.008), on SQLite and PostgreSQL: accounting sees the
//! list for a date, generates the file (valid against the official schema
//! of its version, checked with xmllint), downloads it, marks it as sent;
//! FRST then RCUR; refusals; what a tenant is told and sees; who may not.
mod common;

use app::back_office::ssr::staff::Role;
use app::direct_debit::ssr::collection::next_date;
use app::direct_debit::ssr::collection::pain008::Version;
use chrono::{Datelike, NaiveDate};
use common::{CLAIRE, Engine, TestApp, location, spawn, spawn_with};

const PAGE: &str = "/gestion/prelevements-sepa";
const CLAIRE_IBAN: &str = "FR9014506000191234567890118";
const BAD_IBAN: &str = "FR7630006000011234567890188";

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Claire (567890, a credit of 50 €) is billed `cents` today, and her
/// mandate is moved to the date's debit day.
async fn claire_owes(app: &TestApp, cents: i64, day: NaiveDate, key: &str) {
    sqlx::query(
        "INSERT INTO ledger_entry (reference, account_id, entry_date, label, kind, amount_cents)
         VALUES ($1, (SELECT id FROM client_account WHERE number = '567890'), $2, 'Loyer', 'facturation', $3)",
    )
    .bind(key)
    .bind(iso(app::infra::today()))
    .bind(cents)
    .execute(&app.db.pool)
    .await
    .unwrap();
    sqlx::query("UPDATE mandate SET debit_day = $1 WHERE rum = '++0567890000001'")
        .bind(i64::from(day.day()))
        .execute(&app.db.pool)
        .await
        .unwrap();
}

/// Paul (456789) owes 120 € on a mandate whose IBAN fails its check.
async fn paul_with_a_bad_mandate(app: &TestApp, day: NaiveDate) {
    sqlx::query(
        "INSERT INTO mandate (account_id, rum, holder, iban, bic, debit_day, status, signed_on)
         VALUES ((SELECT id FROM client_account WHERE number = '456789'), 'RUM-FAUX-1', 'BERNARD Paul', $1, 'AGRIFRPP', $2, 'actif', '2024-01-15')",
    )
    .bind(BAD_IBAN)
    .bind(i64::from(day.day()))
    .execute(&app.db.pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO ledger_entry (reference, account_id, entry_date, label, kind, amount_cents)
         VALUES ('TEST-PAUL', (SELECT id FROM client_account WHERE number = '456789'), $1, 'Loyer', 'facturation', 12000)",
    )
    .bind(iso(app::infra::today()))
    .execute(&app.db.pool)
    .await
    .unwrap();
}

async fn generate(app: &TestApp, browser: &reqwest::Client, date: NaiveDate) -> reqwest::Response {
    // Posted from the page showing the list for that date, as a browser does.
    let page = format!("{PAGE}?date={}", iso(date));
    app.submit_with(
        browser,
        &page,
        "/api/gestion_generer_sepa",
        &[("date", &iso(date))],
    )
    .await
}

async fn step(app: &TestApp, browser: &reqwest::Client, id: i64, etape: &str) -> reqwest::Response {
    let id = id.to_string();
    app.submit_with(
        browser,
        PAGE,
        "/api/gestion_fichier_sepa",
        &[("fichier", &id), ("etape", etape)],
    )
    .await
}

async fn newest_file(app: &TestApp) -> i64 {
    let (id,): (i64,) = sqlx::query_as("SELECT MAX(id) FROM sdd_collection")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    id
}

async fn download(app: &TestApp, browser: &reqwest::Client, id: i64) -> String {
    let res = browser
        .get(app.url(&format!("{PAGE}/{id}.xml")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("prelevements-")
    );
    res.text().await.unwrap()
}

/// xmllint (libxml2) against the official ISO 20022 schema in docs/sepa/.
fn validate(xml: &str, version: Version) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("fichier.xml");
    std::fs::write(&file, xml).unwrap();
    let xsd = format!(
        "{}/../docs/sepa/{}.xsd",
        env!("CARGO_MANIFEST_DIR"),
        version.code()
    );
    let out = std::process::Command::new("xmllint")
        .args(["--noout", "--schema", &xsd])
        .arg(&file)
        .output()
        .expect("xmllint (Debian's libxml2-utils, installed by scripts/install-tools.sh)");
    assert!(
        out.status.success(),
        "{}\n{xml}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The payment block (PmtInf) holding this IBAN: its sequence type.
fn sequence_of(xml: &str, iban: &str) -> String {
    let block = xml
        .split("<PmtInf>")
        .find(|b| b.contains(iban))
        .unwrap_or_else(|| panic!("{iban} not in the file"));
    block
        .split("<SeqTp>")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .unwrap()
        .to_string()
}

async fn accounting_prepares_generates_and_sends_a_sepa_file(engine: Engine) {
    let app = spawn(engine).await;
    let (compta, _) =
        common::staff::member(&app, "compta@bailleur.fr", Role::Accounting, None).await;
    let date = next_date(app::infra::today(), 2);
    claire_owes(&app, 40_000, date, "TEST-1").await;
    paul_with_a_bad_mandate(&app, date).await;

    // The list before generating: Claire's 350 € (400 billed, 50 of credit), Paul left out.
    let (status, page) = app
        .text(&compta, &format!("{PAGE}?date={}", iso(date)))
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("567890"), "{page}");
    assert!(page.contains("350,00"), "{page}");
    assert!(page.contains("Premier (FRST)"), "{page}");
    assert!(
        page.contains("Compte 456789 : IBAN du mandat invalide"),
        "{page}"
    );

    // Dates refused in French, next to the field.
    let wrong_day = date.with_day(6).unwrap();
    let past = date.checked_sub_months(chrono::Months::new(1)).unwrap();
    let (_, page) = app
        .text(&compta, &format!("{PAGE}?date={}", iso(wrong_day)))
        .await;
    assert!(
        page.contains("Les prélèvements ont lieu le 5, le 10 ou le 15 du mois."),
        "{page}"
    );
    let (_, page) = app
        .text(&compta, &format!("{PAGE}?date={}", iso(past)))
        .await;
    assert!(
        page.contains("La date de prélèvement doit être au plus tôt le"),
        "{page}"
    );
    let res = generate(&app, &compta, wrong_day).await;
    assert_eq!(res.status(), 200, "the page again with the refusal");
    let body = res.text().await.unwrap();
    assert!(body.contains("le 5, le 10 ou le 15"), "{body}");

    // Generated: valid against the 2019 schema, Claire FRST, Paul absent.
    let res = generate(&app, &compta, date).await;
    assert_eq!(
        (res.status().as_u16(), location(&res)),
        (303, PAGE.to_string())
    );
    let id = newest_file(&app).await;
    let xml = download(&app, &compta, id).await;
    validate(&xml, Version::V08);
    assert_eq!(sequence_of(&xml, CLAIRE_IBAN), "FRST");
    assert!(
        xml.contains("<InstdAmt Ccy=\"EUR\">350.00</InstdAmt>"),
        "{xml}"
    );
    assert!(!xml.contains(BAD_IBAN));
    assert!(xml.contains(&format!("<ReqdColltnDt>{}</ReqdColltnDt>", iso(date))));
    assert!(app::direct_debit::ssr::collection::pain008::verify(&xml).is_ok());

    // One file per date, however many clicks.
    let res = generate(&app, &compta, date).await;
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Un fichier existe déjà pour cette date")
    );

    // Claire is told, and sees it on Accueil.
    let mail = app.mail(CLAIRE.0, "Votre prochain prélèvement").await;
    let mail = common::html_unescape(&mail);
    assert!(
        mail.contains("350,00") && mail.contains(&date.format("%d/%m/%Y").to_string()),
        "{mail}"
    );
    let (_, home) = app.text(&app.signed_in(CLAIRE).await, "/").await;
    assert!(
        home.contains("Prochain prélèvement automatique : 350,00"),
        "{home}"
    );

    // Sent to the bank: the mandate is collected; next month's file says RCUR.
    assert_eq!(step(&app, &compta, id, "envoye").await.status(), 303);
    // A second click (another tab) is refused: the page shows the file sent, nothing moves.
    let res = step(&app, &compta, id, "envoye").await;
    assert_eq!(res.status(), 200);
    assert!(common::html_unescape(&res.text().await.unwrap()).contains("Envoyé à la banque"));
    let (collected,): (Option<String>,) =
        sqlx::query_as("SELECT collected_iban FROM mandate WHERE rum = '++0567890000001'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(collected.as_deref(), Some(CLAIRE_IBAN));
    let next = date.checked_add_months(chrono::Months::new(1)).unwrap();
    claire_owes(&app, 40_000, next, "TEST-2").await;
    assert_eq!(generate(&app, &compta, next).await.status(), 303);
    let second = newest_file(&app).await;
    let xml = download(&app, &compta, second).await;
    validate(&xml, Version::V08);
    assert_eq!(sequence_of(&xml, CLAIRE_IBAN), "RCUR");

    // A file not sent may be cancelled; its date is free again.
    assert_eq!(step(&app, &compta, second, "annuler").await.status(), 303);
    assert_eq!(generate(&app, &compta, next).await.status(), 303);

    let actions: Vec<(String,)> = sqlx::query_as("SELECT action FROM audit_log ORDER BY id")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    let actions: Vec<&str> = actions.iter().map(|a| a.0.as_str()).collect();
    for a in [
        "fichier SEPA généré",
        "fichier SEPA téléchargé",
        "fichier SEPA envoyé à la banque",
        "fichier SEPA annulé",
    ] {
        assert!(actions.contains(&a), "{a}: {actions:?}");
    }
}

async fn the_2009_version_validates_against_its_schema(engine: Engine) {
    let app = spawn_with(engine, |c| c.sdd.version = Version::V02).await;
    let (compta, _) =
        common::staff::member(&app, "compta@bailleur.fr", Role::Accounting, None).await;
    let date = next_date(app::infra::today(), 2);
    claire_owes(&app, 40_000, date, "TEST-1").await;
    assert_eq!(generate(&app, &compta, date).await.status(), 303);
    let xml = download(&app, &compta, newest_file(&app).await).await;
    assert!(xml.contains("urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"));
    validate(&xml, Version::V02);
}

async fn only_accounting_sees_or_makes_the_files(engine: Engine) {
    let app = spawn(engine).await;
    let (compta, _) =
        common::staff::member(&app, "compta@bailleur.fr", Role::Accounting, None).await;
    let (agent, _) =
        common::staff::member(&app, "agent@bailleur.fr", Role::Agent, Some("CV")).await;
    let date = next_date(app::infra::today(), 2);
    claire_owes(&app, 40_000, date, "TEST-1").await;
    assert_eq!(generate(&app, &compta, date).await.status(), 303);
    let id = newest_file(&app).await;

    let (status, page) = app.text(&agent, PAGE).await;
    assert_eq!(status, 404, "{page}");
    let res = agent
        .get(app.url(&format!("{PAGE}/{id}.xml")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let res = generate(&app, &agent, date).await;
    assert!(!res.status().is_redirection());
    let res = step(&app, &agent, id, "envoye").await;
    assert!(!res.status().is_redirection());
    let claire = app.signed_in(CLAIRE).await;
    let res = claire
        .get(app.url(&format!("{PAGE}/{id}.xml")))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&res), "/gestion/connexion");
    let (status,): (String,) = sqlx::query_as("SELECT status FROM sdd_collection WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(status, "generee");
}

both_engines!(
    accounting_prepares_generates_and_sends_a_sepa_file,
    the_2009_version_validates_against_its_schema,
    only_accounting_sees_or_makes_the_files,
);

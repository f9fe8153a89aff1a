//! Prélèvements automatiques over HTTP: the request and each refusal, the
//! RUM, the mandate PDF (read back with pdftotext) and its mail, cancelling,
//! the one-open-request-per-lease rule under concurrency, the registered
//! mandates, stopping, and that no tenant reaches another's, on SQLite and
//! PostgreSQL.
mod common;

use common::{CLAIRE, Engine, PAUL, SOPHIE, TestApp, location, pdf_text, spawn};

const GOOD_IBAN: &str = "FR76 3000 6000 0112 3456 7890 189";

async fn send(
    app: &TestApp,
    browser: &reqwest::Client,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    app.submit_with(browser, "/prelevements", "/api/demande_prelevement", fields)
        .await
}

fn good(object: &str) -> Vec<(&str, &str)> {
    vec![
        ("titulaire", "Sophie Martin"),
        ("iban", GOOD_IBAN),
        ("bic", "agrifrpp882"),
        ("jour", "10"),
        ("objet", object),
    ]
}

async fn accepted(app: &TestApp, browser: &reqwest::Client, object: &str) -> i64 {
    let res = send(app, browser, &good(object)).await;
    assert_eq!(res.status(), 303);
    location(&res).rsplit('=').next().unwrap().parse().unwrap()
}

async fn requests(app: &TestApp) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM direct_debit_request")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    n
}

async fn a_request_gets_a_rum_and_a_mandate_to_sign_by_mail_and_download(engine: Engine) {
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    let (_, page) = app.text(&sophie, "/prelevements").await;
    assert!(
        page.contains("Aucun prélèvement automatique n'est enregistré sur votre compte."),
        "{page}"
    );
    assert!(page.contains("Vous n'avez saisi aucune demande."));
    let id = accepted(&app, &sophie, "tout").await;
    let rum = format!("EL123456-{id:09}");
    let (_, page) = app
        .text(&sophie, &format!("/prelevements?demande={id}"))
        .await;
    assert!(
        page.contains(&format!("Votre demande n° {id:09} est enregistrée")),
        "{page}"
    );
    assert!(
        page.contains("Envoyée")
            && page.contains("Logement Type 3 n° 0012345, Stationnement, Garage n° 0098765"),
        "{page}"
    );
    let (stored,): (String,) = sqlx::query_as("SELECT rum FROM direct_debit_request WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(stored, rum);
    let res = sophie
        .get(app.url(&format!("/prelevements/mandat/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let text = pdf_text(&res.bytes().await.unwrap());
    for mention in [
        "Mandat de prélèvement SEPA",
        &format!("Référence unique du mandat (RUM) : {rum}"),
        "Type de paiement : paiement récurrent / répétitif",
        "Identifiant créancier SEPA (ICS) : FR72ZZZ123456",
        "Créancier",
        "Débiteur",
        "Nom du titulaire du compte : Sophie Martin",
        "IBAN : FR76 3000 6000 0112 3456 7890 189",
        "BIC : AGRIFRPP882",
        "Prélèvement le 10 de chaque mois",
        "vous autorisez (A)",
        "dans les 8 semaines suivant",
        "Fait à",
        "Signature du titulaire du compte",
    ] {
        assert!(
            text.contains(mention),
            "« {mention} » missing from:\n{text}"
        );
    }
    let mail = app
        .mail(SOPHIE.0, "Votre mandat de prélèvement SEPA à signer")
        .await;
    assert!(
        mail.contains("application/pdf") && mail.contains(&format!("mandat-sepa-{rum}.pdf")),
        "{mail}"
    );
}

async fn every_bad_field_is_refused_next_to_it_and_what_was_typed_stays(engine: Engine) {
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    for (field, value, message) in [
        (
            "iban",
            "FR76 3000 6000 0112 3456 7890 188",
            "La clé de contrôle de l'IBAN est incorrecte",
        ),
        (
            "iban",
            "FR76 3000 6000 0112 3456",
            "Un IBAN français compte 27 caractères ; celui-ci en compte 20.",
        ),
        (
            "iban",
            "US64 SVBK US6S 3300 9673 8637",
            "pas celui d'un pays de la zone SEPA",
        ),
        (
            "iban",
            "DE05 3704 0044 0532 0130 0A",
            "des lettres là où sa banque attend des chiffres",
        ),
        ("bic", "AGRI FR", "Un BIC compte 8 ou 11 caractères"),
        ("bic", "DEUTDEFF", "n'est pas celui d'une banque française"),
        ("jour", "12", "Choisissez le 5, le 10 ou le 15 du mois."),
        ("titulaire", "  ", "Indiquez le nom du titulaire du compte"),
        ("objet", "0098766", "Choisissez la location concernée."),
    ] {
        let mut fields = good("tout");
        fields.retain(|(k, _)| *k != field);
        fields.push((field, value));
        let res = send(&app, &sophie, &fields).await;
        assert_eq!(res.status(), 200, "{field}={value}");
        let body = res.text().await.unwrap();
        assert!(body.contains(message), "{field}={value}: {message}\n{body}");
        assert!(body.contains("aria-invalid=\"true\""), "{field}: marked");
        if field == "iban" {
            assert!(body.contains(&format!("value=\"{value}\"")), "{value} kept");
        }
    }
    assert_eq!(requests(&app).await, 0, "nothing recorded");
}

async fn one_open_request_per_lease_and_cancelling_frees_it(engine: Engine) {
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    let first = accepted(&app, &sophie, "0012345").await;
    let res = send(&app, &sophie, &good("tout")).await;
    assert_eq!(res.status(), 200);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("déjà en cours pour cette location")
    );
    // The garage alone is free.
    accepted(&app, &sophie, "0098765").await;
    let res = app
        .submit_with(
            &sophie,
            "/prelevements",
            "/api/annulation_prelevement",
            &[("demande", &first.to_string())],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, page) = app.text(&sophie, "/prelevements").await;
    assert!(page.contains("Annulée"), "{page}");
    accepted(&app, &sophie, "0012345").await;
    // Once cancelled, it cannot be cancelled again.
    let res = app
        .submit_with(
            &sophie,
            "/prelevements",
            "/api/annulation_prelevement",
            &[("demande", &first.to_string())],
        )
        .await;
    assert_eq!(location(&res), "/prelevements?annulation=impossible");
    let (_, page) = app
        .text(&sophie, "/prelevements?annulation=impossible")
        .await;
    assert!(page.contains("ne peut plus être annulée"), "{page}");
}

async fn concurrent_requests_get_distinct_rums_and_one_per_lease(engine: Engine) {
    let app = spawn(engine).await;
    let mut tabs = vec![];
    for who in [SOPHIE, SOPHIE, SOPHIE, PAUL, PAUL, CLAIRE] {
        tabs.push(app.signed_in(who).await);
    }
    let fields = good("tout");
    let sends = tabs.iter().map(|tab| send(&app, tab, &fields));
    let answers = futures::future::join_all(sends).await;
    let accepted = answers.iter().filter(|r| r.status() == 303).count();
    assert_eq!(
        accepted, 3,
        "one per account: the others are told it is in progress"
    );
    let rums: Vec<(String,)> =
        sqlx::query_as("SELECT rum FROM direct_debit_request WHERE status = 'envoyee'")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    let distinct: std::collections::HashSet<_> = rums.iter().collect();
    assert_eq!((rums.len(), distinct.len()), (3, 3));
    assert!(rums.iter().all(|(r,)| r.len() <= 35 && r.starts_with("EL")));
}

async fn no_tenant_reaches_another_tenants_requests_or_mandates(engine: Engine) {
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    let id = accepted(&app, &sophie, "tout").await;
    let paul = app.signed_in(PAUL).await;
    let (status, theirs) = app
        .get_with(&paul, &format!("/prelevements/mandat/{id}"))
        .await;
    let (_, unknown) = app.get_with(&paul, "/prelevements/mandat/999999").await;
    assert_eq!(status, 404);
    assert_eq!(
        theirs, unknown,
        "another's mandate reads as one that does not exist"
    );
    let res = app
        .submit_with(
            &paul,
            "/prelevements",
            "/api/annulation_prelevement",
            &[("demande", &id.to_string())],
        )
        .await;
    assert_eq!(location(&res), "/prelevements?annulation=impossible");
    let (_, page) = app
        .text(&paul, &format!("/prelevements?demande={id}"))
        .await;
    assert!(!page.contains(&format!("{id:09}")), "{page}");
    let (_, mine) = app.text(&sophie, "/prelevements").await;
    assert!(mine.contains("Envoyée"), "still open: {mine}");
    let visitor = common::client();
    let res = visitor
        .get(app.url(&format!("/prelevements/mandat/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        (res.status().as_u16(), location(&res)),
        (303, "/connexion".to_string())
    );
}

async fn registered_mandates_show_masked_and_can_be_stopped(engine: Engine) {
    let app = spawn(engine).await;
    sqlx::query(
        "INSERT INTO mandate (account_id, lease_id, rum, holder, iban, bic, bank_name, debit_day, status)
         SELECT a.id, l.id, 'ERP-RUM-0001', 'Sophie Martin', 'DE89370400440532013000', 'COBADEFFXXX',
                'CRCA Saint-Chamond', 5, 'actif'
         FROM client_account a JOIN lease l ON l.account_id = a.id WHERE a.number = '123456' AND l.reference = '0012345'",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    let sophie = app.signed_in(SOPHIE).await;
    let (_, page) = app.text(&sophie, "/prelevements").await;
    for shown in [
        "IBAN : DE89 •••• •••• •••• ••30 00",
        "RUM : ERP-RUM-0001",
        "ICS : FR72ZZZ123456",
        "CRCA Saint-Chamond",
        "le 5 du mois",
        "Actif",
    ] {
        assert!(page.contains(shown), "{shown}: {page}");
    }
    assert!(!page.contains("0532 0130"), "the full IBAN is never shown");
    let res = app
        .submit_with(
            &sophie,
            "/prelevements",
            "/api/arret_prelevement",
            &[("objet_arret", "0012345")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, page) = app.text(&sophie, "/prelevements").await;
    assert!(
        page.contains("Arrêt du prélèvement") && page.contains("Envoyée"),
        "{page}"
    );
}

async fn the_erp_import_registers_mandates_and_activates_the_request(engine: Engine) {
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    let id = accepted(&app, &sophie, "tout").await;
    let rum = format!("EL123456-{id:09}");
    let folder = tempfile::tempdir().unwrap();
    let import = |rows: String| {
        let path = folder.path().join("mandats.csv");
        std::fs::write(
            &path,
            format!("reference;compte;bail;rum;titulaire;iban;bic;banque;jour;statut;date_signature\n{rows}"),
        )
        .unwrap();
        let db = app.db.clone();
        let dir = folder.path().to_path_buf();
        let storage = app.data_dir.join("documents");
        async move {
            server::import::run(&db, &dir, &storage, false)
                .await
                .unwrap()
        }
    };
    // A bad row: refused with its reason, and nothing changes.
    let report = import(format!(
        "M1;123456;;{rum};Sophie Martin;FR76 3000 6000 0112 3456 7890 188;AGRIFRPP882;Crédit Agricole;10;actif;01/12/2026\n"
    ))
    .await;
    assert!(!report.committed);
    assert_eq!(report.bad_rows.len(), 1);
    assert_eq!(report.bad_rows[0].column, "iban");
    assert!(
        report.bad_rows[0].reason.contains("clé de contrôle"),
        "{}",
        report.bad_rows[0].reason
    );
    let report = import(format!(
        "M1;123456;;{rum};Sophie Martin;FR76 3000 6000 0112 3456 7890 189;AGRIFRPP882;Crédit Agricole;10;actif;01/12/2026\n"
    ))
    .await;
    assert!(report.committed, "{report}");
    let (_, page) = app.text(&sophie, "/prelevements").await;
    assert!(page.contains("Activée"), "{page}");
    assert!(
        page.contains(&format!("RUM : {rum}"))
            && page.contains("Crédit Agricole")
            && page.contains("Actif"),
        "{page}"
    );
    // The leases are free again: a change of bank account may be asked.
    accepted(&app, &sophie, "tout").await;
}

both_engines!(
    the_erp_import_registers_mandates_and_activates_the_request,
    a_request_gets_a_rum_and_a_mandate_to_sign_by_mail_and_download,
    every_bad_field_is_refused_next_to_it_and_what_was_typed_stays,
    one_open_request_per_lease_and_cancelling_frees_it,
    concurrent_requests_get_distinct_rums_and_one_per_lease,
    no_tenant_reaches_another_tenants_requests_or_mandates,
    registered_mandates_show_masked_and_can_be_stopped,
);

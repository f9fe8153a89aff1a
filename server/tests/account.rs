//! The tenant's account: Accueil's balance, Mon compte (ledger, periods,
//! pages, relevé PDF), Ma résidence and the lease choice, Documents divers
//! (notices, quittance), and that no tenant reaches another's, on SQLite and
//! PostgreSQL.
mod common;

use common::{CLAIRE, Engine, PAUL, SOPHIE, client, location, pdf_text, spawn};

const NBSP: char = '\u{a0}';

fn euros(s: &str) -> String {
    s.replace(' ', &NBSP.to_string())
}

async fn accueil_says_the_balance_as_the_seed_does(engine: Engine) {
    let app = spawn(engine).await;
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Paris)
        .format("%d/%m/%Y")
        .to_string();
    let (_, sophie) = app.text(&app.signed_in(SOPHIE).await, "/").await;
    assert!(
        sophie.contains(&format!(
            "Au {today}, votre solde est de {} en votre défaveur",
            euros("575,00 €")
        )),
        "{sophie}"
    );
    assert!(sophie.contains(&format!(
        "Un montant de {} reste à régler.",
        euros("575,00 €")
    )));
    let (_, paul) = app.text(&app.signed_in(PAUL).await, "/").await;
    assert!(
        paul.contains(&format!("Au {today}, votre solde est à jour.")),
        "{paul}"
    );
    assert!(!paul.contains("reste à régler"));
    let (_, claire) = app.text(&app.signed_in(CLAIRE).await, "/").await;
    assert!(
        claire.contains(&format!("crédit de {} en votre faveur", euros("50,00 €"))),
        "{claire}"
    );
}

async fn mon_compte_shows_the_ledger_by_period_and_page(engine: Engine) {
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    let (status, page) = app.text(&sophie, "/mon-compte").await;
    assert_eq!(status, 200);
    assert!(page.contains("Situation de votre compte") && page.contains("Vos écritures"));
    assert!(
        page.contains("Les 12 derniers mois, page 1 sur 3"),
        "{page}"
    );
    assert!(
        page.contains("Solde en fin de mois"),
        "the chart's text alternative"
    );
    let (_, second) = app
        .text(&sophie, "/mon-compte?periode=12-mois&page=2")
        .await;
    assert!(second.contains("page 2 sur 3"));
    let year = chrono::Utc::now()
        .format("%Y")
        .to_string()
        .parse::<i32>()
        .unwrap()
        - 1;
    let (_, last_year) = app
        .text(&sophie, &format!("/mon-compte?periode={year}"))
        .await;
    assert!(
        last_year.contains(&format!("Année {year}, page 1 sur 3")),
        "{last_year}"
    );
    let (_, march) = app
        .text(&sophie, &format!("/mon-compte?periode={year}&page=2"))
        .await;
    assert!(
        march.contains(&format!("Régularisation des charges {}", year - 1)),
        "{march}"
    );
    assert!(
        !march.contains(&format!("01/01/{}", year + 1))
            && !march.contains(&format!("01/12/{}", year - 1)),
        "only {year}"
    );
    // A period with no entry, a forged one, a page past the end.
    let (_, empty) = app.text(&sophie, "/mon-compte?periode=1990").await;
    assert!(
        empty.contains("Aucune écriture sur cette période."),
        "{empty}"
    );
    let (status, forged) = app
        .text(&sophie, "/mon-compte?periode=%3Cscript%3E&page=-4")
        .await;
    assert_eq!(status, 200);
    assert!(forged.contains("Les 12 derniers mois, page 1 sur 3"));
    let (_, past) = app.text(&sophie, "/mon-compte?page=999").await;
    assert!(past.contains("page 3 sur 3"));
}

async fn the_releve_is_a_pdf_and_bad_dates_come_back_next_to_the_fields(engine: Engine) {
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    let year = chrono::Utc::now()
        .format("%Y")
        .to_string()
        .parse::<i32>()
        .unwrap()
        - 1;
    let res = sophie
        .get(app.url(&format!(
            "/mon-compte/releve.pdf?du={year}-01-01&au={year}-12-31"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let text = pdf_text(&res.bytes().await.unwrap());
    for needed in [
        "Habitat Démo",
        "Relevé de compte",
        &format!("Du 01/01/{year} au 31/12/{year}"),
        "Compte client n° 123456",
        "Sophie DUPONT, Marc DUPONT",
        &format!("Régularisation des charges {}", year - 1),
        "Solde à la fin de la période : à jour",
    ] {
        assert!(text.contains(needed), "«{needed}» missing from:\n{text}");
    }
    // Refusals: back to Mon compte, dates kept, reason next to the fields.
    let res = sophie
        .get(app.url("/mon-compte/releve.pdf?du=2025-12-31&au=2025-01-01"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let back = location(&res);
    assert!(
        back.starts_with("/mon-compte?du=2025-12-31&au=2025-01-01&erreur=ordre"),
        "{back}"
    );
    let (_, page) = app.get_with(&sophie, &back).await;
    assert!(page.contains("La date de début doit précéder la date de fin."));
    assert!(
        page.contains("value=\"2025-12-31\""),
        "the typed date is kept"
    );
    for (query, code) in [
        ("du=hier&au=2025-01-01", "dates"),
        ("du=2999-01-01&au=2999-02-01", "futur"),
        ("du=1990-01-01&au=2025-01-01", "longue"),
    ] {
        let res = sophie
            .get(app.url(&format!("/mon-compte/releve.pdf?{query}")))
            .send()
            .await
            .unwrap();
        assert!(
            location(&res).contains(&format!("erreur={code}")),
            "{query}"
        );
    }
    // A period without entries still gives a relevé that says so.
    let res = sophie
        .get(app.url("/mon-compte/releve.pdf?du=1999-01-01&au=1999-12-31"))
        .send()
        .await
        .unwrap();
    assert!(pdf_text(&res.bytes().await.unwrap()).contains("Aucune écriture sur cette période."));
}

async fn documents_list_notices_and_make_a_quittance_for_paid_months(engine: Engine) {
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    let (_, page) = app.get_with(&sophie, "/documents").await;
    let ids: Vec<String> = page
        .split("/documents/avis/")
        .skip(1)
        .map(|s| s[..32].to_string())
        .collect();
    assert_eq!(
        ids.len(),
        5,
        "3 avis d'échéance and 2 avis de régularisation"
    );
    let res = sophie
        .get(app.url(&format!("/documents/avis/{}", ids[0])))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(pdf_text(&res.bytes().await.unwrap()).contains("Avis d'échéance"));
    // Quittance: a month paid in full, not the current one (left unpaid).
    let now = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Paris)
        .date_naive();
    let last = now - chrono::Months::new(1);
    let month = last.format("%Y-%m").to_string();
    assert!(page.contains(&format!("value=\"{month}\"")));
    let res = sophie
        .get(app.url(&format!("/documents/quittance?mois={month}")))
        .send()
        .await
        .unwrap();
    let text = pdf_text(&res.bytes().await.unwrap());
    assert!(
        text.contains("Quittance de loyer") && text.contains("575,00 €"),
        "{text}"
    );
    assert!(text.contains("article 21 de la loi n° 89-462 du 6 juillet 1989"));
    let current = now.format("%Y-%m").to_string();
    let (status, refused) = app
        .text(&sophie, &format!("/documents/quittance?mois={current}"))
        .await;
    assert_eq!(status, 404);
    assert!(refused.contains("entièrement réglés"), "{refused}");
    let (status, _) = app
        .text(&sophie, "/documents/quittance?mois=../../etc")
        .await;
    assert_eq!(status, 404);
}

async fn no_tenant_reaches_another_tenants_account(engine: Engine) {
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    let (_, page) = app.get_with(&sophie, "/documents").await;
    let sophies_notice = format!(
        "/documents/avis/{}",
        &page.split("/documents/avis/").nth(1).unwrap()[..32]
    );
    let paul = app.signed_in(PAUL).await;
    let (status, theirs) = app.text(&paul, &sophies_notice).await;
    let (status2, nothing) = app
        .text(&paul, "/documents/avis/00000000000000000000000000000000")
        .await;
    assert_eq!((status, status2), (404, 404));
    assert!(theirs.contains("Ce document est introuvable."));
    assert_eq!(
        theirs, nothing,
        "another's document and a missing one look the same"
    );
    // Every page and server function answers Paul with Paul's account only.
    for path in [
        "/",
        "/mon-compte",
        "/mon-compte?periode=tout",
        "/ma-residence",
        "/documents",
    ] {
        let (_, body) = app.get_with(&paul, path).await;
        assert!(
            !body.contains("123456") && !body.contains("DUPONT") && !body.contains("0012345"),
            "{path} leaks Sophie's account"
        );
    }
    let res = paul
        .post(app.url("/api/mon_compte"))
        .header("Origin", &app.base)
        .form(&[("periode", "tout"), ("page", "1")])
        .send()
        .await
        .unwrap();
    let body = res.text().await.unwrap();
    assert!(body.contains("Loyer du stationnement"), "{body}");
    assert!(
        !body.contains("Loyer et charges"),
        "Paul has no dwelling: {body}"
    );
    let res = paul
        .get(app.url(&format!(
            "/mon-compte/releve.pdf?du=2020-01-01&au={}",
            chrono::Utc::now().format("%Y-%m-%d")
        )))
        .send()
        .await
        .unwrap();
    let text = pdf_text(&res.bytes().await.unwrap());
    assert!(text.contains("456789") && !text.contains("123456"));
    // Paul cannot make Sophie's lease his pages' lease.
    let res = paul
        .post(app.url("/api/choix_location"))
        .header("Origin", &app.base)
        .form(&[("reference", "0012345"), ("retour", "/")])
        .send()
        .await
        .unwrap();
    let body = res.text().await.unwrap();
    assert!(
        body.contains("Cette location ne fait pas partie de votre compte."),
        "{body}"
    );
    let (_, home) = app.text(&paul, "/").await;
    assert!(home.contains("456789 / Stationnement 0045678"), "{home}");
    // Visitors are sent to Connexion from every download.
    let visitor = client();
    for path in [
        sophies_notice.as_str(),
        "/mon-compte/releve.pdf?du=2025-01-01&au=2025-02-01",
        "/documents/quittance?mois=2025-01",
    ] {
        let res = visitor.get(app.url(path)).send().await.unwrap();
        assert_eq!(
            (res.status().as_u16(), location(&res)),
            (303, "/connexion".to_string()),
            "{path}"
        );
    }
}

async fn ma_residence_and_the_lease_choice(engine: Engine) {
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    let (_, page) = app.text(&sophie, "/ma-residence").await;
    for needed in [
        "Logement 0012345",
        "Garage 0098765",
        "Bâtiment B – 3e étage – Porte 12",
        &euros("452,10 €"),
        "01/06/2019",
        "Agence Centre Ville",
        "04 77 32 72 47",
    ] {
        assert!(page.contains(needed), "«{needed}» missing");
    }
    assert_eq!(
        app.account_line(&sophie).await.as_deref(),
        Some("Compte Client n° 123456")
    );
    let (_, home) = app.text(&sophie, "/").await;
    assert!(home.contains("123456 / Logement 0012345"));
    let res = app
        .submit_with(
            &sophie,
            "/mon-compte",
            "/api/choix_location",
            &[("reference", "0098765"), ("retour", "/mon-compte")],
        )
        .await;
    assert_eq!(
        (res.status().as_u16(), location(&res)),
        (303, "/mon-compte".to_string())
    );
    let (_, home) = app.text(&sophie, "/").await;
    assert!(home.contains("123456 / Garage 0098765"), "{home}");
    // Only a local page to go back to.
    let res = app
        .submit_with(
            &sophie,
            "/",
            "/api/choix_location",
            &[("reference", "0012345"), ("retour", "//evil.example/")],
        )
        .await;
    assert_eq!(location(&res), "/");
}

async fn a_notice_missing_from_storage_says_so(engine: Engine) {
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    let (_, page) = app.get_with(&sophie, "/documents").await;
    let id = &page.split("/documents/avis/").nth(1).unwrap()[..32];
    let (stored,): (String,) =
        sqlx::query_as("SELECT stored_name FROM document WHERE public_id = $1")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    std::fs::remove_file(app.data_dir.join("documents").join(stored)).unwrap();
    let (status, text) = app.text(&sophie, &format!("/documents/avis/{id}")).await;
    assert_eq!(status, 404);
    assert!(
        text.contains("Ce document n'est pas disponible pour le moment."),
        "{text}"
    );
}

/// An account the ERP just created: no lease, no entry, no notice. Every
/// page says so in French instead of failing.
async fn an_empty_account_reads_as_empty_pages(engine: Engine) {
    let app = spawn(engine).await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("comptes.csv"), "compte;agence\n777777;CV\n").unwrap();
    std::fs::write(
        dir.path().join("personnes.csv"),
        "reference;compte;role;nom;prenom;date_naissance;telephone_domicile;telephone_mobile;telephone_travail;\
         email;situation_familiale;categorie_socio_professionnelle;profession;adresse\n\
         P777777-1;777777;signataire;VIDE;Victor;01/01/1980;;;;;;;;\n",
    )
    .unwrap();
    let report = server::import::run(&app.db, dir.path(), &app.data_dir.join("documents"), false)
        .await
        .unwrap();
    assert!(report.committed, "{report}");
    let hash = app::auth::ssr::hashing::hash("Compte-Vide-1980".to_string())
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO tenant_login (person_id, email, password_hash, created_at, activated_at)
         SELECT id, 'victor@exemple.com', $1, 0, 0 FROM person WHERE reference = 'P777777-1'",
    )
    .bind(hash)
    .execute(&app.db.pool)
    .await
    .unwrap();
    let victor = app
        .signed_in(("victor@exemple.com", "Compte-Vide-1980"))
        .await;
    for (path, says) in [
        ("/", "votre solde est à jour."),
        ("/mon-compte", "Aucune écriture sur cette période."),
        (
            "/ma-residence",
            "Aucune location n'est enregistrée sur votre compte.",
        ),
        (
            "/documents",
            "Aucun avis d'échéance n'est disponible pour le moment.",
        ),
        (
            "/documents",
            "Aucun mois n'est entièrement réglé pour le moment",
        ),
    ] {
        let (status, page) = app.text(&victor, path).await;
        assert_eq!(status, 200, "{path}");
        assert!(page.contains(says), "{path} should say «{says}»:\n{page}");
    }
    // No lease: the header line names the account only.
    let (_, home) = app.get_with(&victor, "/").await;
    let line = home
        .split("account-line\">")
        .nth(1)
        .and_then(|s| s.split("</p>").next())
        .unwrap();
    assert_eq!(common::strip_tags(line), "Compte Client n° 777777");
}

both_engines!(
    accueil_says_the_balance_as_the_seed_does,
    mon_compte_shows_the_ledger_by_period_and_page,
    the_releve_is_a_pdf_and_bad_dates_come_back_next_to_the_fields,
    documents_list_notices_and_make_a_quittance_for_paid_months,
    no_tenant_reaches_another_tenants_account,
    ma_residence_and_the_lease_choice,
    a_notice_missing_from_storage_says_so,
    an_empty_account_reads_as_empty_pages,
);

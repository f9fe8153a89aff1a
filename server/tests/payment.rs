//! Je règle mon loyer en ligne, end to end over HTTP: the form and its
//! refusals, the page that sends the browser to the bank, the built-in test
//! bank, the bank's notification (forged, tampered, replayed, concurrent),
//! the return page, and the limits, on SQLite and PostgreSQL.
mod common;

use app::payment::ssr::vads::{self, Algorithm, Fields};
use common::pay::{bank_form, hidden_fields, key, pay_at_bank, post, resign, start, validate};
use common::{Engine, PAUL, SOPHIE, TestApp, location, spawn};
use server::test_bank::{self, CARD_3DS, CARD_ACCEPTED, CARD_REFUSED};

async fn notification(app: &TestApp, id: i64, status: &str, key: &str) -> Fields {
    common::pay::notification(&app.db, id, status, key).await
}

const NBSP: char = '\u{a0}';

/// The text with the non-breaking space Money puts before "€".
fn euros(s: &str) -> String {
    s.replace(" €", &format!("{NBSP}€"))
}

async fn status_of(app: &TestApp, id: i64) -> String {
    common::pay::status_of(&app.db, id).await
}

async fn settled(app: &TestApp, id: i64) -> String {
    common::pay::settled(&app.db, id, 10).await
}

async fn credits(app: &TestApp, id: i64) -> i64 {
    common::pay::credits(&app.db, id).await
}

async fn payments(app: &TestApp) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM payment")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    n
}

async fn ipn(app: &TestApp, fields: &Fields) -> (u16, String) {
    // From another site, as the bank's server: no Origin of ours, no cookie.
    let res = reqwest::Client::new()
        .post(app.url("/paiement/ipn"))
        .form(fields)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

async fn paying_the_balance_through_the_test_bank_credits_once_and_mails_a_receipt(engine: Engine) {
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    let (_, page) = app.text(&sophie, "/paiement").await;
    assert!(
        page.contains(&euros("Je règle le solde de mon compte : 575,00 €")),
        "{page}"
    );
    assert!(page.contains("Vous n'avez effectué aucun paiement."));
    let id = start(&app.base, &sophie, "montant", "45,50").await;
    // The page may post only to the bank, and run only its own script.
    let res = sophie
        .get(app.url(&format!("/paiement/banque/{id}")))
        .send()
        .await
        .unwrap();
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        csp.contains(&format!("form-action 'self' {}", app.base)),
        "{csp}"
    );
    assert!(csp.contains("script-src 'sha256-"), "{csp}");
    let form = bank_form(&app.base, &sophie, id).await;
    assert_eq!(form["vads_amount"], "4550");
    assert_eq!(form["vads_currency"], "978");
    assert_eq!(form["vads_ctx_mode"], "TEST");
    assert_eq!(form["vads_trans_id"].len(), 6);
    assert!(
        vads::verify(&form, &key(), Algorithm::HmacSha256),
        "the shop signs its form"
    );
    let result = pay_at_bank(&app.base, &sophie, id, CARD_ACCEPTED, None).await;
    assert!(result.contains("Paiement accepté"), "{result}");
    assert_eq!(settled(&app, id).await, "accepte");
    assert_eq!(credits(&app, id).await, 1);
    // Back at the shop: the page says what the database says.
    let (_, back) = app
        .text(&sophie, &format!("/paiement?demande={id:09}"))
        .await;
    assert!(
        back.contains(&euros("Votre paiement de 45,50 € est accepté")),
        "{back}"
    );
    assert!(back.contains("Accepté") && back.contains(&format!("{id:09}")));
    let (_, home) = app.text(&sophie, "/").await;
    assert!(
        home.contains(&euros("votre solde est de 529,50 €")),
        "{home}"
    );
    let (_, ledger) = app.text(&sophie, "/mon-compte").await;
    assert!(
        ledger.contains(&format!("Paiement en ligne par carte bancaire n° {id:09}")),
        "{ledger}"
    );
    let mail = app
        .mail(SOPHIE.0, "Votre paiement en ligne est accepté")
        .await;
    assert!(
        mail.contains("REÇU DE PAIEMENT") && mail.contains(&euros("Montant : 45,50 €")),
        "{mail}"
    );
    assert!(mail.contains(&format!("Demande n° {id:09}")));
}

async fn every_bad_amount_is_refused_next_to_the_field_and_nothing_is_recorded(engine: Engine) {
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    for (typed, message) in [
        (
            "9,99",
            "Le montant minimum d'un règlement en ligne est de 10,00 €.",
        ),
        (
            "575,01",
            "Le montant ne peut pas dépasser la somme due, soit 575,00 €.",
        ),
        ("0", "Le montant doit être supérieur à zéro."),
        ("-20", "Le montant doit être supérieur à zéro."),
        (
            "vingt",
            "Le montant doit être écrit en chiffres, par exemple 45,50.",
        ),
        (
            "12,345",
            "Le montant a au plus deux chiffres après la virgule.",
        ),
        ("", "Indiquez un montant."),
    ] {
        let res = validate(&app.base, &sophie, "montant", typed).await;
        assert_eq!(res.status(), 200, "{typed}: the page again");
        let body = res.text().await.unwrap();
        assert!(body.contains(&euros(message)), "{typed}: {body}");
        assert!(
            body.contains(&format!("value=\"{typed}\"")),
            "{typed}: what was typed stays"
        );
    }
    let res = validate(&app.base, &sophie, "tout", "").await;
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Choisissez de régler le solde ou un autre montant.")
    );
    assert_eq!(payments(&app).await, 0);
    assert_eq!(payments(&app).await, 0);
}

async fn with_nothing_due_a_tenant_pays_ahead_within_the_bounds(engine: Engine) {
    let app = spawn(engine).await;
    let paul = app.signed_in(PAUL).await;
    let (_, page) = app.text(&paul, "/paiement").await;
    assert!(page.contains("Vous n'avez aucune somme à régler"), "{page}");
    assert!(
        page.contains("régler d'avance le montant de votre choix"),
        "{page}"
    );
    assert!(!page.contains("Je règle le solde de mon compte"), "{page}");
    // Paying "the balance" of nothing, too little, too much: refused, nothing recorded.
    let res = validate(&app.base, &paul, "solde", "").await;
    assert!(res.text().await.unwrap().contains("aucune somme à régler"));
    for (typed, message) in [
        (
            "9,99",
            "Le montant minimum d'un règlement en ligne est de 10,00 €.",
        ),
        ("2000,01", "Un règlement d'avance ne peut pas dépasser"),
        ("", "Indiquez un montant."),
    ] {
        let res = validate(&app.base, &paul, "montant", typed).await;
        assert_eq!(res.status(), 200, "{typed}: the page again");
        let body = res.text().await.unwrap();
        assert!(body.contains(&euros(message)), "{typed}: {body}");
    }
    assert_eq!(payments(&app).await, 0);

    // 50 € ahead: paid at the bank, credited once; the balance says credit.
    let (_, before) = app.text(&paul, "/mon-compte").await;
    let id = start(&app.base, &paul, "montant", "50").await;
    pay_at_bank(&app.base, &paul, id, CARD_ACCEPTED, None).await;
    assert_eq!(settled(&app, id).await, "accepte");
    assert_eq!(credits(&app, id).await, 1);
    let (_, after) = app.text(&paul, "/mon-compte").await;
    assert_ne!(before, after, "the payment is on the account");
    assert!(after.contains(&euros("50,00 €")), "{after}");
}

async fn forged_tampered_foreign_and_replayed_notifications_change_nothing(engine: Engine) {
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    let id = start(&app.base, &sophie, "montant", "100").await;
    let genuine = notification(&app, id, "AUTHORISED", &key()).await;

    let forged = notification(&app, id, "AUTHORISED", "1122334455667788").await;
    let mut tampered = genuine.clone();
    tampered.insert("vads_amount".into(), "1".into());
    let mut other_amount = genuine.clone();
    other_amount.insert("vads_amount".into(), "100".into());
    resign(&mut other_amount, &key());
    let mut other_shop = genuine.clone();
    other_shop.insert("vads_site_id".into(), "87654321".into());
    resign(&mut other_shop, &key());
    let mut unknown = genuine.clone();
    unknown.insert("vads_order_id".into(), "000009999".into());
    resign(&mut unknown, &key());
    let mut unsigned = genuine.clone();
    unsigned.remove("signature");
    for (name, fields, reason) in [
        ("forged", &forged, "signature invalide"),
        ("tampered", &tampered, "signature invalide"),
        ("unsigned", &unsigned, "signature invalide"),
        ("other amount", &other_amount, "incohérente"),
        ("other shop", &other_shop, "boutique inconnue"),
        ("unknown", &unknown, "demande inconnue"),
    ] {
        let (status, body) = ipn(&app, fields).await;
        assert_eq!(status, 400, "{name}");
        assert!(body.contains(reason), "{name}: {body}");
        assert_eq!(status_of(&app, id).await, "en_cours", "{name}");
    }
    assert_eq!(credits(&app, id).await, 0);
    assert_eq!(ipn(&app, &genuine).await, (200, "OK appliquée".into()));
    assert_eq!(ipn(&app, &genuine).await, (200, "OK déjà traitée".into()));
    // A later refusal never undoes an accepted payment.
    let refused = notification(&app, id, "REFUSED", &key()).await;
    assert_eq!(ipn(&app, &refused).await.0, 200);
    assert_eq!(status_of(&app, id).await, "accepte");
    assert_eq!(credits(&app, id).await, 1);
    let (recorded,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM payment_notification")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(recorded, 9, "every notification is recorded");
}

async fn ten_identical_notifications_at_once_credit_once(engine: Engine) {
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    let id = start(&app.base, &sophie, "montant", "60").await;
    let genuine = notification(&app, id, "CAPTURED", &key()).await;
    let sends = (0..10).map(|_| ipn(&app, &genuine));
    let answers = futures::future::join_all(sends).await;
    assert!(answers.iter().all(|(s, _)| *s == 200), "{answers:?}");
    assert_eq!(
        answers.iter().filter(|(_, b)| b == "OK appliquée").count(),
        1,
        "{answers:?}"
    );
    assert_eq!(credits(&app, id).await, 1);
    let (_, home) = app.text(&sophie, "/").await;
    assert!(
        home.contains(&euros("votre solde est de 515,00 €")),
        "{home}"
    );
}

async fn the_return_address_shows_the_database_never_its_parameters(engine: Engine) {
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    let id = start(&app.base, &sophie, "montant", "20").await;
    let forged = format!(
        "/paiement?demande={id:09}&vads_trans_status=AUTHORISED&vads_result=00&vads_auth_number=123456&signature=abc"
    );
    let (status, page) = app.text(&sophie, &forged).await;
    assert_eq!(status, 200);
    assert!(page.contains("est en cours de traitement"), "{page}");
    assert!(!page.contains("est accepté"));
    assert_eq!(credits(&app, id).await, 0);
    // Another tenant's number shows nothing of it.
    let paul = app.signed_in(PAUL).await;
    let (_, page) = app.text(&paul, &format!("/paiement?demande={id:09}")).await;
    assert!(!page.contains(&format!("{id:09}")), "{page}");
    // Nor can they open its bank form: back to their own payment page.
    let res = paul
        .get(app.url(&format!("/paiement/banque/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        (res.status().as_u16(), location(&res)),
        (303, "/paiement".to_string())
    );
    let visitor = common::client();
    let res = visitor
        .get(app.url(&format!("/paiement/banque/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        (res.status().as_u16(), location(&res)),
        (303, "/connexion".to_string())
    );
}

/// The JSON status the hydrated return page polls: the owner's payment only.
async fn the_status_answer_is_the_owners_alone(engine: Engine) {
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    let id = start(&app.base, &sophie, "montant", "20").await;
    let ask = |client: reqwest::Client, path: String| {
        let url = app.url(&path);
        async move {
            let res = client.get(url).send().await.unwrap();
            let status = res.status().as_u16();
            let body: serde_json::Value = res.json().await.unwrap();
            (
                status,
                body["statut"].as_str().unwrap_or_default().to_string(),
            )
        }
    };
    let path = format!("/paiement/statut/{id:09}");
    assert_eq!(
        ask(sophie.clone(), path.clone()).await,
        (200, "en_cours".into())
    );
    let key = key();
    let fields = notification(&app, id, "AUTHORISED", &key).await;
    assert_eq!(ipn(&app, &fields).await.0, 200);
    assert_eq!(
        ask(sophie.clone(), path.clone()).await,
        (200, "accepte".into())
    );
    // Another tenant, a visitor, an unknown or malformed number.
    let paul = app.signed_in(PAUL).await;
    assert_eq!(
        ask(paul.clone(), path.clone()).await,
        (404, "introuvable".into())
    );
    assert_eq!(
        ask(common::client(), path).await,
        (401, "non_connecte".into())
    );
    for bad in ["/paiement/statut/999999999", "/paiement/statut/abc"] {
        assert_eq!(
            ask(sophie.clone(), bad.into()).await,
            (404, "introuvable".into())
        );
    }
    // Without JavaScript the return page still reloads itself while under way.
    let other = start(&app.base, &sophie, "montant", "20").await;
    let (_, page) = app
        .get_with(&sophie, &format!("/paiement?demande={other:09}"))
        .await;
    assert!(
        page.contains("<noscript><meta http-equiv=\"refresh\" content=\"3\"></noscript>"),
        "{page}"
    );
}

async fn a_payment_under_way_limits_the_next(engine: Engine) {
    let app = spawn(engine).await;
    let first_tab = app.signed_in(SOPHIE).await;
    let second_tab = app.signed_in(SOPHIE).await;
    let id = start(&app.base, &first_tab, "montant", "500").await;
    let (_, page) = app.text(&second_tab, "/paiement").await;
    assert!(
        page.contains(&format!(
            "Un paiement de 500,00{NBSP}€ (demande n° {id:09}) est en cours"
        )),
        "{page}"
    );
    assert!(
        page.contains(&euros("Je règle le solde de mon compte : 75,00 €")),
        "{page}"
    );
    let res = validate(&app.base, &second_tab, "montant", "100").await;
    assert!(
        res.text()
            .await
            .unwrap()
            .contains(&euros("ne peut pas dépasser la somme due, soit 75,00 €"))
    );
    start(&app.base, &second_tab, "solde", "").await;
    let res = validate(&app.base, &first_tab, "solde", "").await;
    let body = res.text().await.unwrap();
    assert!(
        body.contains("déjà en cours pour la totalité de la somme due"),
        "{body}"
    );
    // No balance left to pay: only paying ahead is offered.
    let (_, page) = app.text(&first_tab, "/paiement").await;
    assert!(!page.contains("Je règle le solde de mon compte"), "{page}");
    assert!(
        page.contains("déjà en cours pour la totalité de la somme due"),
        "{page}"
    );
    assert_eq!(payments(&app).await, 2);
}

async fn refused_cards_and_the_3d_secure_step(engine: Engine) {
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    let refused = start(&app.base, &sophie, "montant", "20").await;
    let page = pay_at_bank(&app.base, &sophie, refused, CARD_REFUSED, None).await;
    assert!(page.contains("Paiement refusé"), "{page}");
    assert_eq!(settled(&app, refused).await, "refuse");
    let (_, back) = app
        .text(&sophie, &format!("/paiement?demande={refused:09}"))
        .await;
    assert!(back.contains("a été refusé par la banque"), "{back}");

    let wrong_code = start(&app.base, &sophie, "montant", "30").await;
    pay_at_bank(&app.base, &sophie, wrong_code, CARD_3DS, Some("000000")).await;
    assert_eq!(settled(&app, wrong_code).await, "refuse");

    let secure = start(&app.base, &sophie, "montant", "40").await;
    let page = pay_at_bank(&app.base, &sophie, secure, CARD_3DS, Some("123456")).await;
    assert!(page.contains("Paiement accepté"), "{page}");
    assert_eq!(settled(&app, secure).await, "accepte");
    for id in [refused, wrong_code] {
        assert_eq!(credits(&app, id).await, 0);
    }
    assert_eq!(credits(&app, secure).await, 1);
    let (_, history) = app.text(&sophie, "/paiement").await;
    assert_eq!(history.matches("Refusé").count(), 2, "{history}");
    assert_eq!(history.matches("Accepté").count(), 1, "{history}");
}

async fn the_test_bank_refuses_a_tampered_or_production_form(engine: Engine) {
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    let id = start(&app.base, &sophie, "montant", "20").await;
    let form = bank_form(&app.base, &sophie, id).await;
    let mut cheaper = form.clone();
    cheaper.insert("vads_amount".into(), "100".into());
    let (status, page) = post(&app.base, &sophie, test_bank::PAGE, &cheaper).await;
    assert_eq!(status, 400);
    assert!(
        page.contains("Erreur de paiement")
            && page.contains("signature du formulaire est invalide"),
        "{page}"
    );
    let mut production = form.clone();
    production.insert("vads_ctx_mode".into(), "PRODUCTION".into());
    resign(&mut production, &key());
    let (status, page) = post(&app.base, &sophie, test_bank::PAGE, &production).await;
    assert_eq!(status, 400);
    assert!(
        page.contains("n'accepte que le mode TEST")
            || page.contains("n&#x27;accepte que le mode TEST"),
        "{page}"
    );
    // An unknown card is asked again, nothing is paid.
    let (_, card_page) = post(&app.base, &sophie, test_bank::PAGE, &form).await;
    let mut fields = hidden_fields(&card_page);
    for (k, v) in [
        ("carte", "1234 5678 9012 3456"),
        ("expiration", "12/29"),
        ("cryptogramme", "123"),
        ("action", "payer"),
    ] {
        fields.insert(k.into(), v.into());
    }
    let (status, page) = post(&app.base, &sophie, "/banque-test/carte", &fields).await;
    assert_eq!(status, 422);
    assert!(page.contains("pas reconnu par la banque de test"), "{page}");
    assert_eq!(status_of(&app, id).await, "en_cours");
}

async fn transaction_ids_never_collide_under_concurrent_requests(engine: Engine) {
    let app = spawn(engine).await;
    let tabs: Vec<reqwest::Client> = {
        let mut v = vec![];
        for _ in 0..4 {
            v.push(app.signed_in(SOPHIE).await);
        }
        v
    };
    let requests = (0..20).map(|i| validate(&app.base, &tabs[i % 4], "montant", "10"));
    let answers = futures::future::join_all(requests).await;
    assert!(answers.iter().all(|r| r.status() == 303));
    let ids: Vec<(String, String)> =
        sqlx::query_as("SELECT trans_day, trans_id FROM payment ORDER BY trans_id")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(ids.len(), 20);
    let distinct: std::collections::HashSet<_> = ids.iter().collect();
    assert_eq!(distinct.len(), 20, "{ids:?}");
    assert!(
        ids.iter()
            .all(|(_, t)| t.len() == 6 && t.bytes().all(|b| b.is_ascii_digit()))
    );
}

both_engines!(
    paying_the_balance_through_the_test_bank_credits_once_and_mails_a_receipt,
    every_bad_amount_is_refused_next_to_the_field_and_nothing_is_recorded,
    with_nothing_due_a_tenant_pays_ahead_within_the_bounds,
    forged_tampered_foreign_and_replayed_notifications_change_nothing,
    ten_identical_notifications_at_once_credit_once,
    the_return_address_shows_the_database_never_its_parameters,
    the_status_answer_is_the_owners_alone,
    a_payment_under_way_limits_the_next,
    refused_cards_and_the_3d_secure_step,
    the_test_bank_refuses_a_tampered_or_production_form,
    transaction_ids_never_collide_under_concurrent_requests,
);

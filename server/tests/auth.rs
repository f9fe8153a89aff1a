//! Sign-up, sign-in, links, sessions and their refusals, on SQLite and PostgreSQL,
//! through the real server and plain HTML form posts (JavaScript off).
mod common;

use common::{Engine, SOPHIE, client, field_error, general_error, link_in, location, spawn};
use tower_sessions::cookie::time;

const NEW_PASSWORD: &str = "Chardon-Bleu-2027";

/// Sends the "Changement du mot de passe" form, to NEW_PASSWORD.
async fn change_password(app: &common::TestApp, current: &str) -> reqwest::Response {
    let fields = [
        ("current_password", current),
        ("password", NEW_PASSWORD),
        ("password_confirm", NEW_PASSWORD),
    ];
    app.submit(
        "/changement-mot-de-passe",
        "/api/changement_mot_de_passe",
        &fields,
    )
    .await
}

async fn page_after(res: reqwest::Response) -> String {
    assert_eq!(res.status(), 200, "expected the page again with its errors");
    res.text().await.unwrap()
}

async fn wrong_password_and_unknown_email_get_the_same_answer(engine: Engine) {
    let app = spawn(engine).await;
    let wrong = page_after(app.login_with(&app.client, SOPHIE.0, "pas-le-bon").await).await;
    let unknown = page_after(
        app.login_with(&app.client, "personne@exemple.com", "pas-le-bon")
            .await,
    )
    .await;
    assert_eq!(
        general_error(&wrong).as_deref(),
        Some("Identifiant ou mot de passe incorrect.")
    );
    assert_eq!(general_error(&wrong), general_error(&unknown));
    assert!(
        wrong.contains("value=\"sophie@exemple.com\""),
        "the identifier stays typed"
    );
    assert!(
        !wrong.contains("pas-le-bon"),
        "a password is never sent back"
    );
}

async fn sign_in_renews_the_session_and_sign_out_closes_it(engine: Engine) {
    let app = spawn(engine).await;
    // A session exists before sign-in: registration step 1 writes one.
    let res = app
        .step1(&app.client, "234567", "Martin", "Eloise", "02/07/1990")
        .await;
    let before = cookie_value(&res).expect("a session before sign-in");
    let res = app.login_with(&app.client, SOPHIE.0, SOPHIE.1).await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/");
    let cookie = res
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert_ne!(
        cookie_value(&res).unwrap(),
        before,
        "session id renewed at sign-in"
    );
    assert_eq!(
        app.account_line(&app.client).await.as_deref(),
        Some("Compte Client n° 123456")
    );
    let res = app.submit("/", "/api/deconnexion", &[]).await;
    assert_eq!(location(&res), "/connexion");
    assert_eq!(app.account_line(&app.client).await, None);
    let (_, page) = app.get("/mon-compte").await;
    assert!(
        !page.contains("Cette rubrique"),
        "a signed-out visitor sees no tenant page"
    );
}

fn cookie_value(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get("set-cookie")
        .map(|c| c.to_str().unwrap().split(';').next().unwrap().to_string())
}

async fn signed_in_pages_redirect_visitors_to_the_login_page(engine: Engine) {
    let app = spawn(engine).await;
    for path in [
        "/mon-compte",
        "/changement-mot-de-passe",
        "/changement-identifiant",
    ] {
        let res = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 302, "{path}");
        assert_eq!(location(&res), "/connexion", "{path}");
    }
}

async fn registration_goes_from_step_1_to_activation_and_sign_in(engine: Engine) {
    let app = spawn(engine).await;
    // Case, accents, punctuation and extra spaces do not matter.
    let res = app
        .step1(
            &app.client,
            " 345 678",
            "n guyen   lefevre",
            "jean pierre",
            "20/01/1975",
        )
        .await;
    assert_eq!(
        location(&res),
        "/inscription/etape-2",
        "{}",
        res.text().await.unwrap()
    );
    let res = app
        .submit(
            "/inscription/etape-2",
            "/api/inscription_etape_2",
            &[
                ("email", "JP.Nguyen@Exemple.com"),
                ("email_confirm", "jp.nguyen@exemple.com"),
                ("password", "Tournesol-Violet-88"),
                ("password_confirm", "Tournesol-Violet-88"),
                ("cgu", "oui"),
            ],
        )
        .await;
    assert_eq!(location(&res), "/info/inscription");
    // Not active yet: a right password says so, without signing in.
    let page = page_after(
        app.login_with(&app.client, "jp.nguyen@exemple.com", "Tournesol-Violet-88")
            .await,
    )
    .await;
    assert!(general_error(&page).unwrap().contains("pas encore activé"));
    let mail = app
        .mail("jp.nguyen@exemple.com", "Activation de votre compte")
        .await;
    let link = link_in(&mail);
    let (_, page) = app.get(&link).await;
    assert!(
        page.contains("Votre compte a été correctement activé"),
        "{page}"
    );
    assert!(page.contains("http-equiv=\"refresh\" content=\"5;url=/connexion\""));
    let (_, again) = app.get(&link).await;
    assert!(again.contains("Ce lien a déjà été utilisé."));
    let res = app
        .login_with(&app.client, "jp.nguyen@exemple.com", "Tournesol-Violet-88")
        .await;
    assert_eq!(location(&res), "/");
    // The same signatory cannot register twice.
    let other = client();
    let page = page_after(
        app.step1(
            &other,
            "345678",
            "N'GUYEN-LEFÈVRE",
            "Jean-Pierre",
            "20/01/1975",
        )
        .await,
    )
    .await;
    assert!(
        general_error(&page)
            .unwrap()
            .contains("ce compte a déjà un identifiant")
    );
}

async fn registration_step_1_refuses_each_bad_field_in_french(engine: Engine) {
    let app = spawn(engine).await;
    let long = "x".repeat(10_000);
    let cases: [(&str, &str, &str, &str, &str); 7] = [
        (
            "",
            "Martin",
            "Éloïse",
            "02/07/1990",
            "Saisissez votre numéro de compte client.",
        ),
        (
            "12345",
            "Martin",
            "Éloïse",
            "02/07/1990",
            "Le numéro du compte client comporte 6 chiffres.",
        ),
        (
            "1234567",
            "Martin",
            "Éloïse",
            "02/07/1990",
            "Le numéro du compte client comporte 6 chiffres.",
        ),
        (
            "12a456",
            "Martin",
            "Éloïse",
            "02/07/1990",
            "Le numéro du compte client ne contient que des chiffres.",
        ),
        (
            "234567",
            "Martin",
            "Éloïse",
            "02/07/2999",
            "La date de naissance ne peut pas être dans le futur.",
        ),
        (
            "234567",
            "Martin",
            "Éloïse",
            "31/02/1990",
            "La date de naissance doit être au format jj/mm/aaaa (exemple : 14/03/1985).",
        ),
        (
            "234567",
            &long,
            "Éloïse",
            "02/07/1990",
            "Ce champ est trop long.",
        ),
    ];
    for (account, last, first, birth, message) in cases {
        let page = page_after(app.step1(&app.client, account, last, first, birth).await).await;
        let errors: Vec<_> = ["account_number", "last_name", "birth_date"]
            .iter()
            .filter_map(|f| field_error(&page, f))
            .collect();
        assert!(
            errors.contains(&message.to_string()),
            "{message} not in {errors:?}"
        );
        assert!(
            page.contains(&format!("value=\"{}\"", first)),
            "other fields keep what was typed"
        );
    }
    // A wrong answer to the anti-robot question.
    let (_, page) = app.get("/inscription").await;
    let (_, token) = common::captcha(&page);
    let page = page_after(
        app.submit(
            "/inscription",
            "/api/inscription_etape_1",
            &[
                ("account_number", "234567"),
                ("last_name", "Martin"),
                ("first_name", "Éloïse"),
                ("birth_date", "02/07/1990"),
                ("captcha_answer", "99"),
                ("captcha_token", &token),
            ],
        )
        .await,
    )
    .await;
    assert!(
        field_error(&page, "captcha_answer")
            .unwrap()
            .starts_with("La réponse à la question n'est pas la bonne.")
    );
}

async fn a_wrong_identity_never_says_which_field_was_wrong(engine: Engine) {
    let app = spawn(engine).await;
    let mut answers = vec![];
    for (account, last, first, birth) in [
        ("234567", "MARTIN", "Éloïse", "03/07/1990"),
        ("234567", "MARTINEZ", "Éloïse", "02/07/1990"),
        ("234568", "MARTIN", "Éloïse", "02/07/1990"),
        ("123456", "DUPONT", "Léa", "09/05/2012"),
    ] {
        let page = page_after(app.step1(&app.client, account, last, first, birth).await).await;
        assert_eq!(field_error(&page, "account_number"), None);
        answers.push(general_error(&page).unwrap());
    }
    assert!(answers.iter().all(|a| a == &answers[0]), "{answers:?}");
    assert!(
        answers[0].starts_with("Les informations saisies ne permettent pas de vous identifier")
    );
}

async fn registration_attempts_are_limited_per_account_number(engine: Engine) {
    let app = spawn(engine).await;
    for _ in 0..5 {
        let page = page_after(
            app.step1(&client(), "234567", "MARTIN", "Éloïse", "01/01/1991")
                .await,
        )
        .await;
        assert!(
            general_error(&page)
                .unwrap()
                .starts_with("Les informations saisies")
        );
    }
    // Even the right answer is now refused for this account, from any browser.
    let page = page_after(
        app.step1(&client(), "234567", "MARTIN", "Éloïse", "02/07/1990")
            .await,
    )
    .await;
    assert!(
        general_error(&page)
            .unwrap()
            .starts_with("Trop de tentatives")
    );
}

async fn step_2_refuses_bad_input(engine: Engine) {
    let app = spawn(engine).await;
    let res = app
        .submit(
            "/inscription/etape-2",
            "/api/inscription_etape_2",
            &[
                ("email", "a@b.fr"),
                ("email_confirm", "a@b.fr"),
                ("password", "x"),
                ("password_confirm", "x"),
            ],
        )
        .await;
    let page = page_after(res).await;
    assert!(
        general_error(&page).unwrap().contains("expiré"),
        "step 2 needs step 1"
    );
    assert_eq!(
        location(
            &app.step1(&app.client, "234567", "Martin", "Eloise", "02/07/1990")
                .await
        ),
        "/inscription/etape-2"
    );
    // A taken address is not refused here (that would tell who has an
    // account): see attack.rs, a_taken_address_is_never_told.
    let cases: [(&str, &str, &str, &str, &str, &str); 5] = [
        (
            "email",
            "eloise @exemple.com",
            "eloise @exemple.com",
            "Tournesol-Violet-88",
            "Tournesol-Violet-88",
            "L'adresse e-mail ne doit pas contenir d'espace.",
        ),
        (
            "email_confirm",
            "eloise@exemple.com",
            "eloise@exemple.fr",
            "Tournesol-Violet-88",
            "Tournesol-Violet-88",
            "Les deux adresses e-mail ne sont pas identiques.",
        ),
        (
            "password",
            "eloise@exemple.com",
            "eloise@exemple.com",
            "Martin1990!",
            "Martin1990!",
            "Le mot de passe ne doit contenir ni votre nom",
        ),
        (
            "password",
            "eloise@exemple.com",
            "eloise@exemple.com",
            "Azerty123!",
            "Azerty123!",
            "Ce mot de passe est trop facile à deviner",
        ),
        (
            "password_confirm",
            "eloise@exemple.com",
            "eloise@exemple.com",
            "Tournesol-Violet-88",
            "Tournesol-Violet-89",
            "Les deux mots de passe ne sont pas identiques.",
        ),
    ];
    for (field, email, confirm, password, password_confirm, message) in cases {
        let page = page_after(
            app.submit(
                "/inscription/etape-2",
                "/api/inscription_etape_2",
                &[
                    ("email", email),
                    ("email_confirm", confirm),
                    ("password", password),
                    ("password_confirm", password_confirm),
                    ("cgu", "oui"),
                ],
            )
            .await,
        )
        .await;
        let error = field_error(&page, field).unwrap_or_default();
        assert!(
            error.starts_with(message),
            "{field}: {error:?} should start with {message:?}"
        );
    }
    let page = page_after(
        app.submit(
            "/inscription/etape-2",
            "/api/inscription_etape_2",
            &[
                ("email", "eloise@exemple.com"),
                ("email_confirm", "eloise@exemple.com"),
                ("password", "Tournesol-Violet-88"),
                ("password_confirm", "Tournesol-Violet-88"),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(
        field_error(&page, "cgu").as_deref(),
        Some("Vous devez accepter les conditions générales d'utilisation.")
    );
}

async fn failed_sign_ins_are_throttled_per_identifier(engine: Engine) {
    let app = spawn(engine).await;
    for _ in 0..10 {
        app.login_with(&client(), SOPHIE.0, "pas-le-bon").await;
    }
    let page = page_after(app.login_with(&client(), SOPHIE.0, SOPHIE.1).await).await;
    assert!(
        general_error(&page)
            .unwrap()
            .starts_with("Trop de tentatives")
    );
    // An unknown address is throttled the same way: nothing tells them apart.
    for _ in 0..10 {
        app.login_with(&client(), "personne@exemple.com", "pas-le-bon")
            .await;
    }
    let page = page_after(app.login_with(&client(), "personne@exemple.com", "x").await).await;
    assert!(
        general_error(&page)
            .unwrap()
            .starts_with("Trop de tentatives")
    );
}

async fn a_password_reset_closes_every_session_and_its_link_works_once(engine: Engine) {
    let app = spawn(engine).await;
    let elsewhere = client();
    assert_eq!(
        location(&app.login_with(&elsewhere, SOPHIE.0, SOPHIE.1).await),
        "/"
    );
    for email in ["inconnu@exemple.com", SOPHIE.0] {
        let res = app
            .submit(
                "/mot-de-passe-oublie",
                "/api/mot_de_passe_oublie",
                &[("email", email)],
            )
            .await;
        assert_eq!(
            location(&res),
            "/info/mot-de-passe-oublie",
            "same answer for {email}"
        );
    }
    let link = link_in(
        &app.mail(SOPHIE.0, "Réinitialisation de votre mot de passe")
            .await,
    );
    assert!(app.mails("inconnu@exemple.com").is_empty());
    let token = link.split("jeton=").nth(1).unwrap().to_string();
    let page = page_after(
        app.submit(
            &link,
            "/api/reinitialisation",
            &[
                ("jeton", &token),
                ("password", "court"),
                ("password_confirm", "court"),
            ],
        )
        .await,
    )
    .await;
    assert!(
        field_error(&page, "password")
            .unwrap()
            .contains("au moins 8 caractères")
    );
    let res = app
        .submit(
            &link,
            "/api/reinitialisation",
            &[
                ("jeton", &token),
                ("password", NEW_PASSWORD),
                ("password_confirm", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(location(&res), "/info/mot-de-passe-reinitialise");
    assert_eq!(
        app.account_line(&elsewhere).await,
        None,
        "the other session is closed"
    );
    let page = page_after(
        app.submit(
            &link,
            "/api/reinitialisation",
            &[
                ("jeton", &token),
                ("password", NEW_PASSWORD),
                ("password_confirm", NEW_PASSWORD),
            ],
        )
        .await,
    )
    .await;
    assert!(general_error(&page).unwrap().contains("déjà été utilisé"));
    assert!(
        general_error(&page_after(app.login_with(&client(), SOPHIE.0, SOPHIE.1).await).await)
            .is_some()
    );
    assert_eq!(
        location(&app.login_with(&client(), SOPHIE.0, NEW_PASSWORD).await),
        "/"
    );
}

async fn an_expired_link_says_so_and_offers_a_new_one(engine: Engine) {
    let app = spawn(engine).await;
    app.submit(
        "/mot-de-passe-oublie",
        "/api/mot_de_passe_oublie",
        &[("email", SOPHIE.0)],
    )
    .await;
    let link = link_in(&app.mail(SOPHIE.0, "Réinitialisation").await);
    sqlx::query("UPDATE auth_token SET expires_at = 0")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let (_, page) = app.get(&link).await;
    assert!(page.contains("Ce lien a expiré."), "{page}");
    assert!(page.contains("href=\"/mot-de-passe-oublie\""));
    let (_, page) = app
        .get("/mot-de-passe/reinitialisation?jeton=inventé")
        .await;
    assert!(
        page.contains("Ce lien n&#x27;est pas valide") || page.contains("Ce lien n'est pas valide")
    );
}

async fn changing_the_password_needs_the_current_one_and_closes_other_sessions(engine: Engine) {
    let app = spawn(engine).await;
    let other = client();
    app.login_with(&app.client, SOPHIE.0, SOPHIE.1).await;
    app.login_with(&other, SOPHIE.0, SOPHIE.1).await;
    let page = page_after(
        app.submit(
            "/changement-mot-de-passe",
            "/api/changement_mot_de_passe",
            &[
                ("current_password", "pas-le-bon"),
                ("password", NEW_PASSWORD),
                ("password_confirm", NEW_PASSWORD),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(
        field_error(&page, "current_password").as_deref(),
        Some("Le mot de passe actuel est incorrect.")
    );
    let res = change_password(&app, SOPHIE.1).await;
    assert_eq!(location(&res), "/info/mot-de-passe-modifie");
    assert!(
        app.account_line(&app.client).await.is_some(),
        "this session goes on"
    );
    assert_eq!(
        app.account_line(&other).await,
        None,
        "the other one is closed"
    );
}

async fn changing_the_identifier_is_confirmed_from_the_new_address(engine: Engine) {
    let app = spawn(engine).await;
    app.login_with(&app.client, SOPHIE.0, SOPHIE.1).await;
    let res = app
        .change_identifier("sophie.d@exemple.com", SOPHIE.1)
        .await;
    assert_eq!(location(&res), "/info/identifiant-envoye");
    app.mail(SOPHIE.0, "Demande de changement de votre identifiant")
        .await;
    let link = link_in(
        &app.mail("sophie.d@exemple.com", "Confirmez votre nouvel identifiant")
            .await,
    );
    assert_eq!(
        location(
            &app.login_with(&client(), "sophie.d@exemple.com", SOPHIE.1)
                .await
        ),
        "",
        "not before the link"
    );
    let (_, page) = app.get_with(&client(), &link).await;
    assert!(page.contains("Votre identifiant a été modifié"));
    app.mail(SOPHIE.0, "Votre identifiant a été modifié").await;
    assert_eq!(
        location(
            &app.login_with(&client(), "sophie.d@exemple.com", SOPHIE.1)
                .await
        ),
        "/"
    );
    let (_, again) = app.get_with(&client(), &link).await;
    assert!(again.contains("Ce lien a déjà été utilisé."));
}

async fn requests_from_another_origin_are_refused(engine: Engine) {
    let app = spawn(engine).await;
    let form = [
        ("__action", "/api/connexion"),
        ("email", SOPHIE.0),
        ("password", SOPHIE.1),
    ];
    let foreign = app
        .client
        .post(app.url("/connexion"))
        .header("Origin", "https://pirate.example")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), 403);
    assert!(
        foreign
            .text()
            .await
            .unwrap()
            .contains("ne provient pas d'une page de l'espace locataire")
    );
    let no_origin = app
        .client
        .post(app.url("/api/connexion"))
        .form(&form[1..])
        .send()
        .await
        .unwrap();
    assert_eq!(no_origin.status(), 403);
    assert_eq!(app.account_line(&app.client).await, None);
}

async fn server_functions_check_the_session_themselves(engine: Engine) {
    let app = spawn(engine).await;
    let res = app
        .client
        .post(app.url("/api/changement_mot_de_passe"))
        .header("Origin", &app.base)
        .header("accept", "application/json")
        .form(&[
            ("current_password", SOPHIE.1),
            ("password", NEW_PASSWORD),
            ("password_confirm", NEW_PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 500);
    assert_eq!(res.text().await.unwrap(), "\"NotSignedIn\"");
    // A plain form sent after the session ended leads to the login page.
    let res = change_password(&app, SOPHIE.1).await;
    assert_eq!(location(&res), "/connexion");
    assert_eq!(
        location(&app.login_with(&client(), SOPHIE.0, SOPHIE.1).await),
        "/",
        "the password did not change"
    );
}

async fn pages_carry_security_headers_and_a_csp_nonce(engine: Engine) {
    let app = spawn(engine).await;
    let res = app.client.get(app.url("/connexion")).send().await.unwrap();
    let h = res.headers();
    let csp = h
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        csp.contains("frame-ancestors 'none'") && csp.contains("'wasm-unsafe-eval'"),
        "{csp}"
    );
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff");
    assert_eq!(h.get("referrer-policy").unwrap(), "same-origin");
    let body = res.text().await.unwrap();
    assert!(
        body.contains(&format!("<script type=\"module\" nonce=\"{nonce}\">")),
        "the hydration script carries the nonce"
    );
    assert!(body.contains("<html lang=\"fr\">"));
}

async fn a_forged_or_incomplete_form_gets_a_french_page(engine: Engine) {
    let app = spawn(engine).await;
    let res = app
        .submit("/connexion", "/api/connexion", &[("email", SOPHIE.0)])
        .await;
    let page = page_after(res).await;
    assert!(
        general_error(&page)
            .unwrap()
            .contains("Le formulaire envoyé est incomplet")
    );
    let res = app
        .client
        .post(app.url("/connexion"))
        .header("Origin", &app.base)
        .form(&[("email", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Le formulaire envoyé est incomplet")
    );
    let (status, page) = app.get("/nulle-part").await;
    assert_eq!(status, 404);
    assert!(page.contains("Page introuvable"));
}

/// Production runs one server per process with many people at once: many
/// clients signing in and reading pages on one server all get their answer.
/// (Eight, not more, for one identifier: every sign-in is counted before it
/// is checked, and more than ten at the same instant for one tenant is an
/// attack, see attack.rs.)
async fn one_server_answers_many_clients_at_once(engine: Engine) {
    let app = std::sync::Arc::new(spawn(engine).await);
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let app = app.clone();
        tasks.spawn(async move {
            let browser = client();
            let res = app.login_with(&browser, SOPHIE.0, SOPHIE.1).await;
            assert_eq!(res.status(), 303);
            for path in ["/", "/connexion", "/inscription", "/"] {
                let (status, _) = app.get_with(&browser, path).await;
                assert!(status == 200 || status == 303, "{path}: {status}");
            }
            app.account_line(&browser).await
        });
    }
    let lines = tasks.join_all().await;
    assert_eq!(lines.len(), 8);
    assert!(
        lines
            .iter()
            .all(|l| l.as_deref() == Some("Compte Client n° 123456")),
        "{lines:?}"
    );
}

/// The session rows, decoded as the store wrote them (MessagePack).
async fn session_records(app: &common::TestApp) -> Vec<tower_sessions::session::Record> {
    let table = match app.db.engine {
        app::infra::db::Engine::Sqlite => "tower_sessions",
        app::infra::db::Engine::Postgres => "tower_sessions.session",
    };
    let rows: Vec<(String, Vec<u8>)> = sqlx::query_as(&format!("SELECT id, data FROM {table}"))
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    rows.iter()
        .map(|(_, data)| rmp_serde::from_slice(data).unwrap())
        .collect()
}

async fn an_active_tenant_stays_signed_in_past_the_idle_delay(engine: Engine) {
    let app = spawn(engine).await;
    let browser = app.signed_in(SOPHIE).await;
    // As if the tenant had signed in 29 minutes ago and been active since:
    // the stored session is a minute from its end, last noted 2 minutes ago.
    let soon = time::OffsetDateTime::now_utc() + time::Duration::minutes(1);
    let mut records = session_records(&app).await;
    assert_eq!(records.len(), 1, "one signed-in session");
    let mut record = records.remove(0);
    let seen = chrono::Utc::now().timestamp() - 120;
    record.data.insert("seen".into(), seen.into());
    record.expiry_date = soon;
    let table = match app.db.engine {
        app::infra::db::Engine::Sqlite => "tower_sessions",
        app::infra::db::Engine::Postgres => "tower_sessions.session",
    };
    sqlx::query(&format!("UPDATE {table} SET data = $1 WHERE id = $2"))
        .bind(rmp_serde::to_vec(&record).unwrap())
        .bind(record.id.to_string())
        .execute(&app.db.pool)
        .await
        .unwrap();

    let (status, _) = app.get_with(&browser, "/mon-compte").await;
    assert_eq!(status, 200, "still signed in");
    let after = session_records(&app).await;
    assert_eq!(after.len(), 1);
    assert!(
        after[0].expiry_date > soon + time::Duration::minutes(25),
        "a request pushes the end back to 30 minutes: {:?}",
        after[0].expiry_date
    );

    // Within the minute, another page does not write the session again.
    let noted = after[0].data.get("seen").cloned();
    app.get_with(&browser, "/").await;
    assert_eq!(
        session_records(&app).await[0].data.get("seen").cloned(),
        noted
    );
}

both_engines!(
    wrong_password_and_unknown_email_get_the_same_answer,
    sign_in_renews_the_session_and_sign_out_closes_it,
    signed_in_pages_redirect_visitors_to_the_login_page,
    registration_goes_from_step_1_to_activation_and_sign_in,
    registration_step_1_refuses_each_bad_field_in_french,
    a_wrong_identity_never_says_which_field_was_wrong,
    registration_attempts_are_limited_per_account_number,
    step_2_refuses_bad_input,
    failed_sign_ins_are_throttled_per_identifier,
    a_password_reset_closes_every_session_and_its_link_works_once,
    an_expired_link_says_so_and_offers_a_new_one,
    changing_the_password_needs_the_current_one_and_closes_other_sessions,
    changing_the_identifier_is_confirmed_from_the_new_address,
    requests_from_another_origin_are_refused,
    server_functions_check_the_session_themselves,
    pages_carry_security_headers_and_a_csp_nonce,
    a_forged_or_incomplete_form_gets_a_french_page,
    one_server_answers_many_clients_at_once,
    an_active_tenant_stays_signed_in_past_the_idle_delay,
);

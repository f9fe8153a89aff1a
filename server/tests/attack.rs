//! Issue 14, "hold under attack": what an attacker tries against sign-in,
//! sessions, redirects and addresses, on SQLite and PostgreSQL, through the
//! real server. Each test failed before its fix.
mod common;

use app::auth::ssr::hashing;
use app::back_office::ssr::second_factor;
use common::{Engine, SOPHIE, client, field_error, general_error, link_in, location, spawn};
use server::demo::{DEMO_STAFF_EMAIL, DEMO_STAFF_PASSWORD, DEMO_STAFF_TOTP};

/// Sends `n` requests at once and waits for all of them.
async fn all_at_once<F, Fut>(n: usize, f: F) -> Vec<reqwest::Response>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = reqwest::Response> + Send + 'static,
{
    let tasks: Vec<_> = (0..n).map(|_| tokio::spawn(f())).collect();
    let mut out = vec![];
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

async fn page(res: reqwest::Response) -> String {
    res.text().await.unwrap()
}

async fn two_hundred_parallel_guesses_run_at_most_ten_password_checks(engine: Engine) {
    let app = spawn(engine).await;
    let before = hashing::verifications();
    let url = app.url("/connexion");
    let origin = app.base.clone();
    let answers = all_at_once(200, || {
        let (url, origin) = (url.clone(), origin.clone());
        async move {
            client()
                .post(url)
                .header("Origin", origin)
                .form(&[
                    ("__action", "/api/connexion"),
                    ("email", SOPHIE.0),
                    ("password", "pas-le-bon"),
                ])
                .send()
                .await
                .unwrap()
        }
    })
    .await;
    let ran = hashing::verifications() - before;
    assert!(ran <= 10, "{ran} password checks for a limit of 10");
    for res in answers {
        let text = page(res).await;
        let said = general_error(&text).unwrap_or_default();
        assert!(
            said.starts_with("Identifiant ou mot de passe incorrect")
                || said.starts_with("Trop de tentatives")
                || said.starts_with("Trop de demandes"),
            "{said}"
        );
    }
    // The window is closed, even to the right password.
    let text = page(app.login_with(&client(), SOPHIE.0, SOPHIE.1).await).await;
    assert!(
        general_error(&text)
            .unwrap()
            .starts_with("Trop de tentatives")
    );
}

async fn staff_sign_in(
    app: &common::TestApp,
    browser: &reqwest::Client,
    code: &str,
    forwarded: Option<&str>,
) -> reqwest::Response {
    let mut req = browser
        .post(app.url("/gestion/connexion"))
        .header("Origin", &app.base)
        .form(&[
            ("__action", "/api/gestion_connexion"),
            ("email", DEMO_STAFF_EMAIL),
            ("password", DEMO_STAFF_PASSWORD),
            ("code", code),
        ]);
    if let Some(xff) = forwarded {
        req = req.header("X-Forwarded-For", xff);
    }
    req.send().await.unwrap()
}

async fn a_known_staff_password_does_not_let_the_code_be_brute_forced(engine: Engine) {
    let app = spawn(engine).await;
    let before = hashing::verifications();
    let app = std::sync::Arc::new(app);
    let answers = all_at_once(200, || {
        let app = app.clone();
        async move { staff_sign_in(&app, &client(), "000000", None).await }
    })
    .await;
    let ran = hashing::verifications() - before;
    assert!(ran <= 5, "{ran} checks for a staff limit of 5");
    assert!(answers.iter().all(|r| r.status() == 200), "none signed in");
    let right = second_factor::current_code(DEMO_STAFF_TOTP).unwrap();
    let text = page(staff_sign_in(&app, &client(), &right, None).await).await;
    assert!(
        general_error(&text)
            .unwrap()
            .starts_with("Trop de tentatives")
    );
}

async fn a_taken_address_is_never_told(engine: Engine) {
    let app = spawn(engine).await;
    // Identifier change: a wrong password is refused first, whatever the address.
    app.login_with(&app.client, SOPHIE.0, SOPHIE.1).await;
    let change = |email: &'static str, password: &'static str| {
        let app = &app;
        async move {
            app.submit(
                "/changement-identifiant",
                "/api/changement_identifiant",
                &[
                    ("email", email),
                    ("email_confirm", email),
                    ("current_password", password),
                ],
            )
            .await
        }
    };
    let text = page(change("paul.bernard@exemple.com", "pas-le-bon").await).await;
    assert_eq!(
        field_error(&text, "current_password").as_deref(),
        Some("Le mot de passe actuel est incorrect.")
    );
    assert_eq!(
        field_error(&text, "email"),
        None,
        "nothing said of the address"
    );
    // With the right password, a taken address gets the same answer as a free one.
    let taken = change("paul.bernard@exemple.com", SOPHIE.1).await;
    assert_eq!(location(&taken), "/info/identifiant-envoye");
    app.mail(
        "paul.bernard@exemple.com",
        "Votre adresse e-mail a été proposée pour un compte",
    )
    .await;
    let tokens: Vec<(i64,)> =
        sqlx::query_as("SELECT id FROM auth_token WHERE new_email = 'paul.bernard@exemple.com'")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert!(tokens.is_empty(), "no change recorded for a taken address");
    // Registration step 2: the same answer as for a free address.
    let browser = client();
    let step1 = app
        .step1(&browser, "234567", "Martin", "Eloise", "02/07/1990")
        .await;
    assert_eq!(location(&step1), "/inscription/etape-2");
    let res = app
        .step2(&browser, "claire.petit@exemple.com", "Tournesol-Violet-88")
        .await;
    assert_eq!(location(&res), "/info/inscription");
    app.mail(
        "claire.petit@exemple.com",
        "Votre adresse e-mail a été proposée pour un compte",
    )
    .await;
    let logins: Vec<(i64,)> =
        sqlx::query_as("SELECT id FROM tenant_login WHERE email = 'claire.petit@exemple.com'")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(logins.len(), 1, "Claire's login only, no second one");
}

async fn a_tenant_sign_in_leaves_no_staff_identity_behind(engine: Engine) {
    let app = spawn(engine).await;
    let browser = client();
    let code = second_factor::current_code(DEMO_STAFF_TOTP).unwrap();
    let res = staff_sign_in(&app, &browser, &code, None).await;
    assert_eq!(location(&res), "/gestion");
    assert_eq!(app.get_with(&browser, "/gestion").await.0, 200);
    assert_eq!(
        location(&app.login_with(&browser, SOPHIE.0, SOPHIE.1).await),
        "/"
    );
    let res = browser.get(app.url("/gestion")).send().await.unwrap();
    assert_eq!(
        location(&res),
        "/gestion/connexion",
        "the staff session is gone: back to the staff sign-in"
    );
}

async fn a_password_change_cancels_a_pending_identifier_change(engine: Engine) {
    let app = spawn(engine).await;
    app.login_with(&app.client, SOPHIE.0, SOPHIE.1).await;
    let res = app
        .change_identifier("sophie.nouvelle@exemple.com", SOPHIE.1)
        .await;
    assert_eq!(location(&res), "/info/identifiant-envoye");
    let link = link_in(
        &app.mail(
            "sophie.nouvelle@exemple.com",
            "Confirmez votre nouvel identifiant",
        )
        .await,
    );
    let new_password = "Chardon-Bleu-2027";
    let res = app
        .submit(
            "/changement-mot-de-passe",
            "/api/changement_mot_de_passe",
            &[
                ("current_password", SOPHIE.1),
                ("password", new_password),
                ("password_confirm", new_password),
            ],
        )
        .await;
    assert_eq!(location(&res), "/info/mot-de-passe-modifie");
    let (_, text) = app.get_with(&client(), &link).await;
    assert!(text.contains("Ce lien a déjà été utilisé."), "cancelled");
    assert_eq!(
        location(&app.login_with(&client(), SOPHIE.0, new_password).await),
        "/",
        "the identifier did not change"
    );
}

async fn confirming_a_new_identifier_closes_the_other_sessions(engine: Engine) {
    let app = spawn(engine).await;
    let elsewhere = app.signed_in(SOPHIE).await;
    app.login_with(&app.client, SOPHIE.0, SOPHIE.1).await;
    app.change_identifier("sophie.d@exemple.com", SOPHIE.1)
        .await;
    let link = link_in(
        &app.mail("sophie.d@exemple.com", "Confirmez votre nouvel identifiant")
            .await,
    );
    assert!(app.account_line(&elsewhere).await.is_some());
    app.get_with(&client(), &link).await;
    assert_eq!(app.account_line(&elsewhere).await, None, "signed out");
}

async fn unactivated_logins_expire_and_a_reset_does_not_activate(engine: Engine) {
    let app = spawn(engine).await;
    let register = |browser: reqwest::Client, account, last, first, birth, email| {
        let app = &app;
        async move {
            app.step1(&browser, account, last, first, birth).await;
            app.submit_with(
                &browser,
                "/inscription/etape-2",
                "/api/inscription_etape_2",
                &[
                    ("email", email),
                    ("email_confirm", email),
                    ("password", "Tournesol-Violet-88"),
                    ("password_confirm", "Tournesol-Violet-88"),
                    ("cgu", "oui"),
                ],
            )
            .await
        }
    };
    let squatted = "cible@exemple.com";
    let res = register(
        client(),
        "234567",
        "Martin",
        "Eloise",
        "02/07/1990",
        squatted,
    )
    .await;
    assert_eq!(location(&res), "/info/inscription");
    // A reset by mail sets the password but does not activate the login.
    app.submit(
        "/mot-de-passe-oublie",
        "/api/mot_de_passe_oublie",
        &[("email", squatted)],
    )
    .await;
    let link = link_in(&app.mail(squatted, "Réinitialisation").await);
    let token = link.split("jeton=").nth(1).unwrap().to_string();
    let res = app
        .submit(
            &link,
            "/api/reinitialisation",
            &[
                ("jeton", &token),
                ("password", "Pervenche-Rose-77"),
                ("password_confirm", "Pervenche-Rose-77"),
            ],
        )
        .await;
    assert_eq!(location(&res), "/info/mot-de-passe-reinitialise");
    let text = page(
        app.login_with(&client(), squatted, "Pervenche-Rose-77")
            .await,
    )
    .await;
    assert!(general_error(&text).unwrap().contains("pas encore activé"));
    // 49 hours later the address is free again: the owner can register with it.
    sqlx::query("UPDATE tenant_login SET created_at = created_at - 49 * 3600 WHERE email = $1")
        .bind(squatted)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let text = page(
        app.login_with(&client(), squatted, "Pervenche-Rose-77")
            .await,
    )
    .await;
    assert!(
        general_error(&text)
            .unwrap()
            .starts_with("Identifiant ou mot de passe incorrect")
    );
    let demo = &server::demo::UNREGISTERED[1];
    let res = register(
        client(),
        demo.account,
        demo.last_name,
        demo.first_name,
        demo.birth_date,
        squatted,
    )
    .await;
    assert_eq!(location(&res), "/info/inscription");
    app.mail(squatted, "Activation de votre compte").await;
    let owner: Vec<(i64,)> = sqlx::query_as("SELECT person_id FROM tenant_login WHERE email = $1")
        .bind(squatted)
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(owner.len(), 1);
}

async fn the_lease_choice_goes_back_only_to_our_own_pages(engine: Engine) {
    let app = spawn(engine).await;
    let paul = app.signed_in(common::PAUL).await;
    let (reference,): (String,) = sqlx::query_as(
        "SELECT l.reference FROM lease l JOIN person p ON p.account_id = l.account_id
         JOIN tenant_login t ON t.person_id = p.id WHERE t.email = $1 AND l.end_date IS NULL
         ORDER BY l.reference LIMIT 1",
    )
    .bind(common::PAUL.0)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    for (back, expected) in [
        ("/\t/evil.example", "/"),
        ("//evil.example", "/"),
        ("https://evil.example", "/"),
        ("/mon-compte", "/mon-compte"),
    ] {
        let res = app
            .submit_with(
                &paul,
                "/",
                "/api/choix_location",
                &[("reference", &reference), ("retour", back)],
            )
            .await;
        assert_eq!(location(&res), expected, "{back:?}");
    }
}

async fn signed_in_pages_and_server_answers_are_never_cached(engine: Engine) {
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    for path in ["/", "/mon-compte", "/connexion"] {
        let res = sophie.get(app.url(path)).send().await.unwrap();
        assert_eq!(
            res.headers().get("cache-control").unwrap(),
            "no-store",
            "{path}"
        );
    }
    // A server function's own answer (what the hydrated page fetches).
    let res = sophie
        .post(app.url("/api/moi"))
        .header("Origin", &app.base)
        .header("Accept", "application/json")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers().get("cache-control").unwrap(), "no-store");
}

#[cfg(unix)]
async fn data_folders_and_files_are_private_from_the_start(engine: Engine) {
    use std::os::unix::fs::PermissionsExt;
    // A data folder that does not exist yet, as on a first start.
    let app = common::spawn_with(engine, |c| c.data_dir = c.data_dir.join("neuf")).await;
    let mode = |p: std::path::PathBuf| {
        std::fs::metadata(&p)
            .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
            .permissions()
            .mode()
            & 0o777
    };
    for folder in [
        app.data_dir.clone(),
        app.config.outbox_dir.clone(),
        app.config.uploads_dir(),
        app.config.documents_dir(),
    ] {
        assert_eq!(mode(folder.clone()), 0o700, "{}", folder.display());
    }
    if matches!(engine, Engine::Sqlite) {
        let file = app.data_dir.parent().unwrap().join("donnees/test.sqlite");
        assert_eq!(mode(file), 0o600);
    }
}

async fn a_forged_forwarded_address_is_not_believed(engine: Engine) {
    let app = common::spawn_with(engine, |c| c.proxy_hops = 1).await;
    let code = second_factor::current_code(DEMO_STAFF_TOTP).unwrap();
    // The client wrote 6.6.6.6; the (trusted) proxy appended 203.0.113.9.
    let res = staff_sign_in(&app, &client(), &code, Some("6.6.6.6, 203.0.113.9")).await;
    assert_eq!(location(&res), "/gestion");
    let ips: Vec<(String,)> = sqlx::query_as("SELECT ip FROM audit_log WHERE action = 'connexion'")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(ips, vec![("203.0.113.9".to_string(),)]);
}

both_engines!(
    two_hundred_parallel_guesses_run_at_most_ten_password_checks,
    a_known_staff_password_does_not_let_the_code_be_brute_forced,
    a_taken_address_is_never_told,
    a_tenant_sign_in_leaves_no_staff_identity_behind,
    a_password_change_cancels_a_pending_identifier_change,
    confirming_a_new_identifier_closes_the_other_sessions,
    unactivated_logins_expire_and_a_reset_does_not_activate,
    the_lease_choice_goes_back_only_to_our_own_pages,
    signed_in_pages_and_server_answers_are_never_cached,
    data_folders_and_files_are_private_from_the_start,
    a_forged_forwarded_address_is_not_believed,
);

/// The production settings a landlord gives (a real bank's page, its key…).
fn production(dir: &std::path::Path) -> Vec<(&'static str, String)> {
    vec![
        ("ESPACE_MODE", "production".into()),
        ("ESPACE_DATA_DIR", dir.display().to_string()),
        ("ESPACE_LISTEN", "127.0.0.1:0".into()),
        ("ESPACE_SECRET", "f3a9c2e1d4b5a6978877665544332211aa".into()),
        ("ESPACE_BASE_URL", "https://locataires.exemple.fr".into()),
        ("ESPACE_SMTP_URL", "smtp://127.0.0.1:2525".into()),
        ("ESPACE_PAYMENT_SITE_ID", "87654321".into()),
        ("ESPACE_PAYMENT_KEY", "a1b2c3d4e5f6a7b8".into()),
        (
            "ESPACE_PAYMENT_URL",
            "https://paiement.exemple.fr/vads-payment/".into(),
        ),
        ("ESPACE_CREDITOR_ICS", "FR53ZZZ999999".into()),
        (
            "ESPACE_SDD_CREDITOR_IBAN",
            "FR7630004000031234567890143".into(),
        ),
        ("ESPACE_PAYMENT_MODE", "PRODUCTION".into()),
        ("ESPACE_LEGAL_SIREN", "272 100 018".into()),
        ("ESPACE_LEGAL_DIRECTOR", "Mme la directrice générale".into()),
        (
            "ESPACE_LEGAL_HOST",
            "Hébergeur, 2 rue du Serveur, 69000 Lyon".into(),
        ),
        ("ESPACE_LEGAL_DPO", "dpo@bailleur.fr".into()),
    ]
}

/// Runs the real binary; it must stop by itself (within 20 s) and fail.
fn refused(args: &[&str], vars: &[(&'static str, String)]) -> String {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args(args)
        .env_clear()
        .envs(vars.iter().map(|(k, v)| (*k, v.as_str())))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("`server {}` started instead of refusing", args.join(" "));
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        !out.status.success(),
        "`server {}` must fail",
        args.join(" ")
    );
    String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout)
}

#[test]
fn production_refuses_demo_data_and_the_banks_test_mode() {
    let dir = tempfile::tempdir().unwrap();
    let vars = production(dir.path());
    for args in [&["demo-data"][..], &["serve", "--demo"][..]] {
        let said = refused(args, &vars);
        assert!(said.contains("refusées en mode production"), "{said}");
        assert!(!said.contains(DEMO_STAFF_PASSWORD) && !said.contains(DEMO_STAFF_TOTP));
    }
    let without_mode: Vec<_> = vars
        .iter()
        .filter(|(k, _)| *k != "ESPACE_PAYMENT_MODE")
        .cloned()
        .collect();
    let said = refused(&["serve"], &without_mode);
    assert!(
        said.contains("ESPACE_PAYMENT_MODE=PRODUCTION est obligatoire"),
        "{said}"
    );
}

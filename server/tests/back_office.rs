//! Gestion, on SQLite and PostgreSQL: staff sign-in with a second factor
//! (throttled like a password), the role-by-action authorisation matrix,
//! a full round trip with a tenant, and the audit log.
mod common;

use app::back_office::ssr::{accounts, second_factor, staff::Role, team};
use common::upload::{file, pdf};
use common::{Engine, SOPHIE, general_error, location, spawn};
use server::demo::{DEMO_STAFF_EMAIL, DEMO_STAFF_PASSWORD, DEMO_STAFF_TOTP};

use common::staff::PASSWORD;

struct Member {
    client: reqwest::Client,
}

async fn member(
    app: &common::TestApp,
    email: &str,
    role: Role,
    agency: Option<&str>,
) -> (Member, String) {
    let (client, totp) = common::staff::member(app, email, role, agency).await;
    (Member { client }, totp)
}

/// The staff sign-in form, posted without JavaScript.
async fn sign_in(
    app: &common::TestApp,
    client: &reqwest::Client,
    email: &str,
    password: &str,
    code: &str,
) -> reqwest::Response {
    app.submit_with(
        client,
        "/gestion/connexion",
        "/api/gestion_connexion",
        &[("email", email), ("password", password), ("code", code)],
    )
    .await
}

/// The demo agent signs in with the current code. The last accepted step
/// is forgotten first, so that only what the test checks can refuse it.
async fn demo_agent_signs_in(app: &common::TestApp, client: &reqwest::Client) -> reqwest::Response {
    sqlx::query("UPDATE staff SET totp_last_step = 0 WHERE email = $1")
        .bind(DEMO_STAFF_EMAIL)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let code = second_factor::current_code(DEMO_STAFF_TOTP).unwrap();
    sign_in(app, client, DEMO_STAFF_EMAIL, DEMO_STAFF_PASSWORD, &code).await
}

async fn staff_id(app: &common::TestApp, email: &str) -> i64 {
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM staff WHERE email = $1")
        .bind(email)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    id
}

/// Where a GET of `path` sends this browser ("" when it answers the page).
async fn sent_to(app: &common::TestApp, client: &reqwest::Client, path: &str) -> String {
    location(&client.get(app.url(path)).send().await.unwrap())
}

async fn status(app: &common::TestApp, client: &reqwest::Client, path: &str) -> u16 {
    app.get_with(client, path).await.0
}

async fn sophies_request(app: &common::TestApp) -> (i64, String) {
    let sophie = app.signed_in(SOPHIE).await;
    app.upload(
        &sophie,
        "/nous-contacter",
        &[
            ("__action", "demande"),
            ("objet", "Demande technique"),
            ("message", "Le volet est cassé."),
            ("type_fichier1", "autre"),
        ],
        vec![file("fichier1", "volet.pdf", pdf(300))],
        false,
    )
    .await;
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM tenant_request")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let (public,): (String,) = sqlx::query_as("SELECT public_id FROM request_attachment")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    (id, public)
}

async fn every_role_sees_only_what_it_may(engine: Engine) {
    let app = spawn(engine).await;
    let (id, attachment) = sophies_request(&app).await;
    let (agent_cv, _) = member(&app, "agent.cv@bailleur.fr", Role::Agent, Some("CV")).await;
    let (agent_no, _) = member(&app, "agent.no@bailleur.fr", Role::Agent, Some("NO")).await;
    let (compta, _) = member(&app, "compta@bailleur.fr", Role::Accounting, None).await;
    let (admin, _) = member(&app, "admin@bailleur.fr", Role::Admin, None).await;
    let tenant = app.signed_in(SOPHIE).await;
    let visitor = common::client();
    let request = format!("/gestion/demandes/{id}");
    let file = format!("/gestion/pieces-jointes/{attachment}");
    // (path, agent CV, agent NO, comptabilité, administrateur); tenants and visitors: sign-in.
    let matrix: [(&str, [u16; 4]); 9] = [
        ("/gestion", [200, 200, 200, 200]),
        (&request, [200, 404, 404, 200]),
        ("/gestion/demandes/999999", [404, 404, 404, 404]),
        ("/gestion/locataires/123456", [200, 404, 200, 200]),
        ("/gestion/paiements", [404, 404, 200, 200]),
        ("/gestion/paiements.csv", [404, 404, 200, 200]),
        ("/gestion/journal", [404, 404, 404, 200]),
        ("/gestion/equipe", [404, 404, 404, 200]),
        (&file, [200, 404, 404, 200]),
    ];
    for (path, expected) in matrix {
        let got = [
            status(&app, &agent_cv.client, path).await,
            status(&app, &agent_no.client, path).await,
            status(&app, &compta.client, path).await,
            status(&app, &admin.client, path).await,
        ];
        assert_eq!(got, expected, "{path}");
        for (who, client) in [("tenant", &tenant), ("visitor", &visitor)] {
            let res = client.get(app.url(path)).send().await.unwrap();
            assert!(
                matches!(res.status().as_u16(), 302 | 303),
                "{who} on {path}: {}",
                res.status()
            );
            assert_eq!(location(&res), "/gestion/connexion", "{who} on {path}");
        }
    }
    // Another agency's request: the same page as one that does not exist.
    let (_, other) = app.get_with(&agent_no.client, &request).await;
    let (_, unknown) = app
        .get_with(&agent_no.client, "/gestion/demandes/999999")
        .await;
    assert_eq!(common::strip_tags(&other), common::strip_tags(&unknown));
    let (_, inbox) = app.get_with(&agent_no.client, "/gestion").await;
    assert!(
        !inbox.contains("Le volet") && !inbox.contains("DUPONT"),
        "agent NO sees no CV request"
    );
    // An action on it is refused too.
    let res = app
        .submit_with(
            &agent_no.client,
            &request,
            "/api/gestion_traiter",
            &[
                ("demande", &id.to_string()),
                ("statut", "prise_en_charge"),
                ("reponse", ""),
            ],
        )
        .await;
    assert!(
        general_error(&res.text().await.unwrap())
            .unwrap()
            .contains("Introuvable")
    );
    let (status_now,): (String,) = sqlx::query_as("SELECT status FROM tenant_request")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(status_now, "envoyee");
}

async fn a_tenant_sends_an_agent_answers_the_tenant_sees_it(engine: Engine) {
    let app = spawn(engine).await;
    let (id, _) = sophies_request(&app).await;
    let (agent, _) = member(&app, "agent.cv@bailleur.fr", Role::Agent, Some("CV")).await;
    let (_, inbox) = app.text(&agent.client, "/gestion").await;
    assert!(
        inbox.contains("Demande écrite n° 000000001")
            && inbox.contains("Sophie DUPONT (compte 123456)"),
        "{inbox}"
    );
    let request = format!("/gestion/demandes/{id}");
    // A forged transition: a written request is never « acceptée ».
    let res = app
        .submit_with(
            &agent.client,
            &request,
            "/api/gestion_traiter",
            &[
                ("demande", &id.to_string()),
                ("statut", "acceptee"),
                ("reponse", ""),
            ],
        )
        .await;
    let page = res.text().await.unwrap();
    assert!(
        common::field_error(&page, "statut")
            .unwrap()
            .contains("n'est pas possible"),
        "{page}"
    );
    let res = app
        .submit_with(
            &agent.client,
            &request,
            "/api/gestion_traiter",
            &[
                ("demande", &id.to_string()),
                ("statut", "prise_en_charge"),
                ("reponse", "Un technicien passe jeudi."),
            ],
        )
        .await;
    assert_eq!(
        (res.status().as_u16(), location(&res)),
        (303, request.clone())
    );
    let (_, page) = app.text(&agent.client, &request).await;
    assert!(
        page.contains("Prise en charge, pris en charge par agent.cv@bailleur.fr"),
        "{page}"
    );
    let sophie = app.signed_in(SOPHIE).await;
    let (_, mine) = app.text(&sophie, "/nous-contacter").await;
    assert!(
        mine.contains("Prise en charge") && mine.contains("Réponse : Un technicien passe jeudi."),
        "{mine}"
    );
    app.mail(SOPHIE.0, "Votre demande n° 000000001 : Prise en charge")
        .await;
    let actions: Vec<(String,)> = sqlx::query_as("SELECT action FROM audit_log ORDER BY id")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    let actions: Vec<&str> = actions.iter().map(|a| a.0.as_str()).collect();
    assert_eq!(
        actions,
        [
            "connexion",
            "consultation demande",
            "avancement",
            "consultation demande"
        ]
    );
}

async fn the_second_factor_is_required_and_throttled(engine: Engine) {
    let app = spawn(engine).await;
    let created = accounts::create(
        &app.db,
        "agent@bailleur.fr",
        "Agent",
        Role::Agent,
        Some("CV"),
        PASSWORD,
    )
    .await
    .unwrap()
    .unwrap();
    let client = common::client();
    let try_code = |code: String| {
        let client = client.clone();
        let app = &app;
        async move {
            app.submit_with(
                &client,
                "/gestion/connexion",
                "/api/gestion_connexion",
                &[
                    ("email", "agent@bailleur.fr"),
                    ("password", PASSWORD),
                    ("code", &code),
                ],
            )
            .await
        }
    };
    let res = try_code("000000".into()).await;
    assert_eq!(
        general_error(&res.text().await.unwrap()).unwrap(),
        accounts::REFUSED
    );
    // A recovery code works once.
    let recovery = created.recovery_codes[0].clone();
    assert_eq!(try_code(recovery.clone()).await.status().as_u16(), 303);
    let other = common::client();
    let res = app
        .submit_with(
            &other,
            "/gestion/connexion",
            "/api/gestion_connexion",
            &[
                ("email", "agent@bailleur.fr"),
                ("password", PASSWORD),
                ("code", &recovery),
            ],
        )
        .await;
    assert_eq!(
        general_error(&res.text().await.unwrap()).unwrap(),
        accounts::REFUSED,
        "spent"
    );
    // Wrong codes count like wrong passwords: then even the right one waits.
    for _ in 0..5 {
        try_code("123456".into()).await;
    }
    let right = second_factor::current_code(&created.totp_secret).unwrap();
    let res = try_code(right).await;
    assert!(
        general_error(&res.text().await.unwrap())
            .unwrap()
            .contains("Trop de tentatives")
    );
}

async fn accounting_moves_direct_debit_requests(engine: Engine) {
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    let fields = [
        ("titulaire", "Sophie Dupont"),
        ("iban", "FR76 3000 6000 0112 3456 7890 189"),
        ("bic", "agrifrpp882"),
        ("jour", "10"),
        ("objet", "tout"),
    ];
    let res = app
        .submit_with(
            &sophie,
            "/prelevements",
            "/api/demande_prelevement",
            &fields,
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (id, rum): (i64, String) = sqlx::query_as("SELECT id, rum FROM direct_debit_request")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let (agent, _) = member(&app, "agent.cv@bailleur.fr", Role::Agent, Some("CV")).await;
    let (compta, _) = member(&app, "compta@bailleur.fr", Role::Accounting, None).await;
    let page = format!("/gestion/prelevements/{id}");
    assert_eq!(
        status(&app, &agent.client, "/gestion/prelevements").await,
        404
    );
    assert_eq!(status(&app, &agent.client, &page).await, 404);
    let (_, list) = app.text(&compta.client, "/gestion/prelevements").await;
    assert!(list.contains(&rum) && list.contains("123456"), "{list}");
    let (_, inbox) = app.text(&compta.client, "/gestion").await;
    assert!(
        inbox.contains("Prélèvement automatique n° ") && inbox.contains("compte 123456"),
        "{inbox}"
    );
    let (_, agents) = app.text(&agent.client, "/gestion").await;
    assert!(
        !agents.contains("Prélèvement automatique n° "),
        "agents do not handle direct debit"
    );
    let decide = |statut: &'static str, motif: &'static str| {
        let client = compta.client.clone();
        let app = &app;
        let page = page.clone();
        async move {
            app.submit_with(
                &client,
                &page,
                "/api/gestion_decider_prelevement",
                &[
                    ("demande", &id.to_string()),
                    ("statut", statut),
                    ("motif", motif),
                ],
            )
            .await
        }
    };
    assert_eq!(decide("mandat_recu", "").await.status().as_u16(), 303);
    let (_, mine) = app.text(&sophie, "/prelevements").await;
    assert!(mine.contains("Mandat reçu"), "{mine}");
    let refused = decide("refusee", "  ").await.text().await.unwrap();
    assert!(
        common::field_error(&refused, "motif")
            .unwrap()
            .contains("motif du refus")
    );
    let forged = decide("mandat_recu", "").await.text().await.unwrap();
    assert!(
        common::field_error(&forged, "statut")
            .unwrap()
            .contains("n'est pas possible")
    );
    assert_eq!(decide("activee", "").await.status().as_u16(), 303);
    let (_, mine) = app.text(&sophie, "/prelevements").await;
    assert!(
        mine.contains("Activée") && mine.contains(&format!("RUM : {rum}")),
        "{mine}"
    );
    app.mail(SOPHIE.0, "Votre demande de prélèvement n° ").await;
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'prélèvement'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(n, 2);
}

async fn an_administrator_creates_a_staff_account(engine: Engine) {
    let app = spawn(engine).await;
    let (admin, _) = member(&app, "admin@bailleur.fr", Role::Admin, None).await;
    let (agent, _) = member(&app, "agent.cv@bailleur.fr", Role::Agent, Some("CV")).await;
    let fields = [
        ("email", "nouvelle@bailleur.fr"),
        ("nom", "Nouvelle Agente"),
        ("role", "agent"),
        ("agence", "NO"),
        ("password", "Provisoire-2026-xyz"),
    ];
    // An agent may not: the same refusal as for what does not exist.
    let res = app
        .submit_with(
            &agent.client,
            "/gestion/equipe",
            "/api/gestion_nouveau_membre",
            &fields,
        )
        .await;
    assert!(
        general_error(&res.text().await.unwrap())
            .unwrap()
            .contains("Introuvable")
    );
    let mut bad = fields;
    bad[2] = ("role", "directeur");
    let res = app
        .submit_with(
            &admin.client,
            "/gestion/equipe",
            "/api/gestion_nouveau_membre",
            &bad,
        )
        .await;
    assert!(
        common::field_error(&res.text().await.unwrap(), "role")
            .unwrap()
            .contains("dans la liste")
    );
    let res = app
        .submit_with(
            &admin.client,
            "/gestion/equipe",
            "/api/gestion_nouveau_membre",
            &fields,
        )
        .await;
    assert_eq!(location(&res), "/gestion/equipe");
    let (_, page) = app.text(&admin.client, "/gestion/equipe").await;
    assert!(
        page.contains("Compte créé pour nouvelle@bailleur.fr") && page.contains("otpauth://totp/"),
        "{page}"
    );
    let (_, again) = app.text(&admin.client, "/gestion/equipe").await;
    assert!(!again.contains("otpauth://"), "the key is shown once");
    assert!(again.contains("Nouvelle Agente"));
    let (_, audit) = app.text(&admin.client, "/gestion/journal").await;
    assert!(
        audit.contains("création compte personnel") && audit.contains("nouvelle@bailleur.fr"),
        "{audit}"
    );
}

/// RFC 6238 §5.2: a code is accepted once, even by two sign-ins at once.
async fn a_totp_code_is_accepted_once(engine: Engine) {
    let app = spawn(engine).await;
    let email = "agent.cv@bailleur.fr";
    let created = accounts::create(&app.db, email, "Agent", Role::Agent, Some("CV"), PASSWORD)
        .await
        .unwrap()
        .unwrap();
    let code = second_factor::current_code(&created.totp_secret).unwrap();
    let browser = common::client();
    let res = sign_in(&app, &browser, email, PASSWORD, &code).await;
    assert_eq!(location(&res), "/gestion", "the first use");
    let res = app
        .submit_with(&browser, "/gestion", "/api/gestion_deconnexion", &[])
        .await;
    assert_eq!(location(&res), "/gestion/connexion");
    assert_eq!(
        sent_to(&app, &browser, "/gestion").await,
        "/gestion/connexion"
    );
    // The same code, at once, in the same browser and in another one.
    for client in [browser, common::client()] {
        let res = sign_in(&app, &client, email, PASSWORD, &code).await;
        assert_eq!(
            general_error(&res.text().await.unwrap()).unwrap(),
            accounts::REFUSED,
            "a code already used"
        );
    }
    // Eight simultaneous uses of a fresh account's code: one passes.
    let other = accounts::create(
        &app.db,
        "compta@bailleur.fr",
        "Compta",
        Role::Accounting,
        None,
        PASSWORD,
    )
    .await
    .unwrap()
    .unwrap();
    let code = second_factor::current_code(&other.totp_secret).unwrap();
    let checks = (0..8).map(|_| second_factor::check(&app.db, other.id, &other.totp_secret, &code));
    let passed = futures::future::join_all(checks)
        .await
        .into_iter()
        .filter(|ok| *ok.as_ref().unwrap())
        .count();
    assert_eq!(passed, 1);
}

/// Posts one of Équipe's forms as `client`.
async fn team_form(
    app: &common::TestApp,
    client: &reqwest::Client,
    action: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    app.submit_with(client, "/gestion/equipe", action, fields)
        .await
}

async fn an_administrator_revokes_a_staff_member(engine: Engine) {
    let app = spawn(engine).await;
    let (admin, _) = member(&app, "admin@bailleur.fr", Role::Admin, None).await;
    let agent = common::client();
    assert_eq!(
        location(&demo_agent_signs_in(&app, &agent).await),
        "/gestion"
    );
    let agent_id = staff_id(&app, DEMO_STAFF_EMAIL).await.to_string();
    let agent_id = agent_id.as_str();
    let admin_id = staff_id(&app, "admin@bailleur.fr").await.to_string();
    let admin_id = admin_id.as_str();
    let equipe = "/gestion/equipe";
    // An agent may not, not even on an administrator: « Introuvable », nothing changed.
    let forged: [(&str, Vec<(&str, &str)>); 4] = [
        ("/api/gestion_desactiver_membre", vec![("membre", admin_id)]),
        ("/api/gestion_reactiver_membre", vec![("membre", admin_id)]),
        ("/api/gestion_fermer_sessions", vec![("membre", admin_id)]),
        (
            "/api/gestion_changer_role",
            vec![
                ("membre", admin_id),
                ("nouveau_role", "agent"),
                ("nouvelle_agence", "CV"),
            ],
        ),
    ];
    for (action, fields) in &forged {
        let page = team_form(&app, &agent, action, fields)
            .await
            .text()
            .await
            .unwrap();
        assert!(
            general_error(&page).unwrap().contains("Introuvable"),
            "{action}"
        );
    }
    let admin_row: (i64, String, i64) =
        sqlx::query_as("SELECT active, role, session_epoch FROM staff WHERE email = $1")
            .bind("admin@bailleur.fr")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(admin_row, (1, "administrateur".to_string(), 0));
    assert_eq!(status(&app, &admin.client, equipe).await, 200);
    // An administrator neither deactivates nor demotes themself.
    for (action, fields) in [&forged[0], &forged[3]] {
        let page = team_form(&app, &admin.client, action, fields)
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(
            general_error(&page).unwrap(),
            team::NOT_YOURSELF,
            "{action}"
        );
    }
    // A new role applies at the member's next request.
    assert_eq!(status(&app, &agent, "/gestion/paiements").await, 404);
    let to_accounting = [
        ("membre", agent_id),
        ("nouveau_role", "comptabilite"),
        ("nouvelle_agence", ""),
    ];
    let res = team_form(
        &app,
        &admin.client,
        "/api/gestion_changer_role",
        &to_accounting,
    )
    .await;
    assert_eq!(location(&res), equipe);
    assert_eq!(status(&app, &agent, "/gestion/paiements").await, 200);
    let no_agency = [
        ("membre", agent_id),
        ("nouveau_role", "agent"),
        ("nouvelle_agence", ""),
    ];
    let page = team_form(&app, &admin.client, "/api/gestion_changer_role", &no_agency)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        common::field_error(&page, "nouvelle_agence")
            .unwrap()
            .contains("agence"),
        "{page}"
    );
    // Closing the sessions signs the agent out at the next request.
    let res = team_form(
        &app,
        &admin.client,
        "/api/gestion_fermer_sessions",
        &[("membre", agent_id)],
    )
    .await;
    assert_eq!(location(&res), equipe);
    assert_eq!(
        sent_to(&app, &agent, "/gestion").await,
        "/gestion/connexion"
    );
    assert_eq!(
        location(&demo_agent_signs_in(&app, &agent).await),
        "/gestion"
    );
    // Deactivated: the open session ends and the right password and code are refused.
    let res = team_form(
        &app,
        &admin.client,
        "/api/gestion_desactiver_membre",
        &[("membre", agent_id)],
    )
    .await;
    assert_eq!(location(&res), equipe);
    assert_eq!(
        sent_to(&app, &agent, "/gestion").await,
        "/gestion/connexion"
    );
    let res = demo_agent_signs_in(&app, &agent).await;
    assert_eq!(
        general_error(&res.text().await.unwrap()).unwrap(),
        accounts::REFUSED
    );
    let (_, listed) = app.text(&admin.client, equipe).await;
    assert!(
        listed.contains("Agent de démonstration") && listed.contains("désactivé"),
        "{listed}"
    );
    // Reactivated, the agent signs in again.
    let res = team_form(
        &app,
        &admin.client,
        "/api/gestion_reactiver_membre",
        &[("membre", agent_id)],
    )
    .await;
    assert_eq!(location(&res), equipe);
    assert_eq!(
        location(&demo_agent_signs_in(&app, &agent).await),
        "/gestion"
    );
    let (_, journal) = app.text(&admin.client, "/gestion/journal").await;
    for action in [
        "changement de rôle",
        "fermeture des sessions",
        "désactivation compte personnel",
        "réactivation compte personnel",
    ] {
        assert!(journal.contains(action), "{action}: {journal}");
    }
}

/// Accounting opens a file for the money: not what the tenant sent, their
/// homes, documents or contact details (an agent of the agency sees them).
async fn accounting_sees_the_money_of_a_file_only(engine: Engine) {
    let app = spawn(engine).await;
    let (id, _) = sophies_request(&app).await;
    let (agent, _) = member(&app, "agent.cv@bailleur.fr", Role::Agent, Some("CV")).await;
    let (compta, _) = member(&app, "compta@bailleur.fr", Role::Accounting, None).await;
    let path = "/gestion/locataires/123456";
    let link = format!("/gestion/demandes/{id}");
    let private = |html: &str| {
        let text = common::html_unescape(&common::strip_tags(html));
        [
            html.contains(&link),
            text.contains("Demande technique"),
            text.contains("Avis d'échéance"),
            text.contains(SOPHIE.0),
            text.contains("assurée jusqu'au") || text.contains("sans attestation"),
        ]
    };
    let (_, seen) = app.get_with(&agent.client, path).await;
    assert_eq!(private(&seen), [true; 5], "the agent's file: {seen}");
    let (status, file) = app.get_with(&compta.client, path).await;
    assert_eq!(status, 200);
    assert_eq!(private(&file), [false; 5], "accounting's file: {file}");
    let text = common::html_unescape(&common::strip_tags(&file));
    assert!(
        text.contains("DUPONT")
            && text.contains("Solde : ")
            && text.contains("Mandats de prélèvement"),
        "{text}"
    );
}

/// The payments page says the bank's mode; the export quotes every cell
/// and neutralises what a spreadsheet would run as a formula.
async fn payments_show_the_mode_and_export_no_formula(engine: Engine) {
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    let id = common::pay::start(&app.base, &sophie, "montant", "45,50").await;
    sqlx::query("UPDATE payment SET bank_reference = $1 WHERE id = $2")
        .bind("=HYPERLINK(\"x\")")
        .bind(id)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let (compta, _) = member(&app, "compta@bailleur.fr", Role::Accounting, None).await;
    let (_, page) = app.text(&compta.client, "/gestion/paiements").await;
    assert!(
        page.contains("Mode de paiement : TEST (banque de test : aucun paiement réel)"),
        "{page}"
    );
    let res = compta
        .client
        .get(app.url("/gestion/paiements.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    // Bytes, not text(): the decoder would take the BOM away.
    let csv = String::from_utf8(res.bytes().await.unwrap().to_vec()).unwrap();
    assert!(
        csv.starts_with("\u{feff}\"date\";\"compte\";\"montant\";\"statut\";\"reference\"\r\n"),
        "{csv}"
    );
    assert!(
        csv.contains("\"123456\";\"45,50\";\"en_cours\";\"'=HYPERLINK(\"\"x\"\")\"\r\n"),
        "{csv}"
    );
}

both_engines!(
    a_totp_code_is_accepted_once,
    an_administrator_revokes_a_staff_member,
    accounting_sees_the_money_of_a_file_only,
    payments_show_the_mode_and_export_no_formula,
    an_administrator_creates_a_staff_account,
    accounting_moves_direct_debit_requests,
    every_role_sees_only_what_it_may,
    a_tenant_sends_an_agent_answers_the_tenant_sees_it,
    the_second_factor_is_required_and_throttled,
);

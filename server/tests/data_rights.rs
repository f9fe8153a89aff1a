//! The legal pages, Mes données, Fermer mon accès and the retention job, on
//! SQLite and PostgreSQL: what each shows, what goes and what stays, and
//! that nobody reaches another tenant's data.
mod common;

use app::privacy::ssr::retention::{self, Retention};
use common::upload::{file, pdf};
use common::{Engine, PAUL, SOPHIE, field_error, location, spawn, spawn_with};
use std::io::Read;

const DAY: i64 = 86_400;

async fn the_legal_pages_show_the_configured_details(engine: Engine) {
    let app = spawn_with(engine, |c| {
        c.legal.director = "Mme Jeanne Exemple, directrice générale".into();
        c.legal.host = "Hébergeur Test SAS, 5 rue des Serveurs, 69003 Lyon".into();
        c.legal.dpo = "dpo@habitat-test.fr".into();
        c.retention.audit_days = 180;
    })
    .await;
    let (status, page) = app.text(&app.client, "/mentions-legales").await;
    assert_eq!(status, 200);
    for shown in [
        "Mentions légales",
        "Habitat Test",
        "Directeur de la publication",
        "Mme Jeanne Exemple, directrice générale",
        "Hébergeur Test SAS, 5 rue des Serveurs, 69003 Lyon",
    ] {
        assert!(page.contains(shown), "{shown}: {page}");
    }
    let (_, page) = app.text(&app.client, "/confidentialite").await;
    for shown in [
        "Responsable du traitement",
        "dpo@habitat-test.fr",
        "Exécution du contrat de location",
        "180 jours après l'action",
        "395 jours après leur réception",
        "CNIL",
    ] {
        assert!(page.contains(shown), "{shown}: {page}");
    }
    let (_, page) = app.text(&app.client, "/accessibilite").await;
    for shown in [
        "article 47 de la loi n° 2005-102",
        "partiellement conforme avec le référentiel général d'amélioration de l'accessibilité (RGAA), version 4.1",
        "Défenseur des droits",
        "dpo@habitat-test.fr",
    ] {
        assert!(page.contains(shown), "{shown}: {page}");
    }
    let (_, html) = app.get("/plan-du-site").await;
    for link in [
        "href=\"/connexion\"",
        "href=\"/mon-compte\"",
        "href=\"/mes-donnees\"",
        "href=\"/fermer-mon-acces\"",
        "href=\"/accessibilite\"",
    ] {
        assert!(html.contains(link), "{link}");
    }
    // Every page's footer: the links and the status.
    let (_, home) = app.text(&app.client, "/connexion").await;
    for shown in [
        "Mentions légales",
        "Données personnelles",
        "Plan du site",
        "Accessibilité : partiellement conforme",
    ] {
        assert!(home.contains(shown), "{shown}: {home}");
    }
}

async fn closing_the_access_removes_the_login_and_keeps_the_account(engine: Engine) {
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    let other_device = app.signed_in(SOPHIE).await;
    let before = account_rows(&app).await;
    let page = "/fermer-mon-acces";
    let action = "/api/fermer_acces";
    // Refusals: nothing happens, each said next to its field.
    let res = app
        .submit_with(&sophie, page, action, &[("current_password", SOPHIE.1)])
        .await;
    let html = res.text().await.unwrap();
    assert!(
        field_error(&html, "confirmation")
            .unwrap()
            .contains("Cochez la case")
    );
    let res = app
        .submit_with(
            &sophie,
            page,
            action,
            &[("current_password", "pas-le-bon"), ("confirmation", "oui")],
        )
        .await;
    let html = res.text().await.unwrap();
    assert!(
        field_error(&html, "current_password")
            .unwrap()
            .contains("incorrect")
    );
    assert_eq!(
        app.account_line(&sophie).await.as_deref(),
        Some("Compte Client n° 123456")
    );
    // Closed.
    let res = app
        .submit_with(
            &sophie,
            page,
            action,
            &[("current_password", SOPHIE.1), ("confirmation", "oui")],
        )
        .await;
    assert_eq!(location(&res), "/info/acces-ferme");
    let mail = app
        .mail(SOPHIE.0, "Votre accès à l'Espace Locataire est fermé")
        .await;
    assert!(mail.contains("Inscription locataire"), "{mail}");
    for browser in [&sophie, &other_device] {
        assert_eq!(
            app.account_line(browser).await,
            None,
            "every session is closed"
        );
    }
    let res = app.login_with(&app.client, SOPHIE.0, SOPHIE.1).await;
    assert_eq!(res.status(), 200, "the old password opens nothing");
    let (email, hash): (String, String) =
        sqlx::query_as("SELECT email, password_hash FROM tenant_login WHERE closed_at IS NOT NULL")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert!(email.starts_with("ferme-") && hash == "!", "{email}");
    assert_eq!(
        account_rows(&app).await,
        before,
        "the account's history stays"
    );
    let (audited,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'fermeture de l''accès' AND staff_id IS NULL",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(audited, 1);
    // The same signatory may register again: the row is reopened, and stays
    // closed until the new address is proved.
    let new = "sophie.nouvelle@exemple.com";
    register_again(&app, new).await;
    assert_eq!(sophie_logins(&app).await, (1, 1, new.to_string()));
    let first = common::link_in(&app.mail(new, "Activation de votre compte").await);
    // Never activated: the retention job closes it again, and nothing fails
    // on the payments and requests that name it.
    let storage = app::uploads::Storage::Local(app.data_dir.join("pieces-jointes"));
    let later = app::infra::now() + 31 * DAY;
    retention::run(&app.db, &storage, Retention::default(), later, false)
        .await
        .unwrap();
    let (_, _, email) = sophie_logins(&app).await;
    assert!(email.starts_with("ferme-"), "{email}");
    assert_eq!(account_rows(&app).await, before);
    // Registered and activated: open again, with the account's history.
    register_again(&app, new).await;
    // The second mail's link (the first one's token is gone); both mails may
    // carry the same file time, so by content rather than by order.
    let link = new_link(&app, new, &first).await;
    app.get(&link).await;
    assert_eq!(sophie_logins(&app).await, (1, 0, new.to_string()));
    let browser = app.signed_in((new, "Tournesol-Violet-88")).await;
    assert_eq!(
        app.account_line(&browser).await.as_deref(),
        Some("Compte Client n° 123456")
    );
}

async fn register_again(app: &common::TestApp, email: &str) {
    let browser = common::client();
    let res = app
        .step1(&browser, "123456", "Dupont", "Sophie", "14/03/1985")
        .await;
    assert_eq!(location(&res), "/inscription/etape-2");
    let res = app.step2(&browser, email, "Tournesol-Violet-88").await;
    assert_eq!(location(&res), "/info/inscription");
}

/// The activation link mailed to `to` that is not `old`, once written.
async fn new_link(app: &common::TestApp, to: &str, old: &str) -> String {
    for _ in 0..100 {
        if let Some(link) = app
            .mails(to)
            .iter()
            .filter(|m| m.contains("jeton="))
            .map(|m| common::link_in(m))
            .find(|l| l != old)
        {
            return link;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no second activation mail to {to}");
}

/// Sophie's logins: (how many, how many closed, the address).
async fn sophie_logins(app: &common::TestApp) -> (i64, i64, String) {
    sqlx::query_as(
        "SELECT COUNT(*), COUNT(t.closed_at), MAX(t.email) FROM tenant_login t JOIN person p ON p.id = t.person_id
         WHERE p.first_name = 'Sophie'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
}

/// Rows of Sophie's account the landlord must keep.
async fn account_rows(app: &common::TestApp) -> (i64, i64, i64) {
    sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM payment p JOIN client_account a ON a.id = p.account_id WHERE a.number = '123456'),
                (SELECT COUNT(*) FROM tenant_request r JOIN client_account a ON a.id = r.account_id WHERE a.number = '123456'),
                (SELECT COUNT(*) FROM direct_debit_request r JOIN client_account a ON a.id = r.account_id WHERE a.number = '123456')",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
}

async fn my_data_is_a_zip_of_my_own_account_only(engine: Engine) {
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    send_request(&app, &sophie, "Mon avis d'imposition.", "avis.pdf").await;
    let (_, page) = app.text(&sophie, "/mes-donnees").await;
    assert!(page.contains("Vous n'avez demandé aucune copie."), "{page}");
    let res = app
        .submit_with(&sophie, "/mes-donnees", "/api/preparer_mes_donnees", &[])
        .await;
    let back = location(&res);
    assert!(back.starts_with("/mes-donnees?copie="), "{back}");
    let id = back.rsplit('=').next().unwrap().to_string();
    let zip_path = format!("/mes-donnees/export.zip?copie={id}");
    let mut ready = false;
    for _ in 0..100 {
        let (_, html) = app.get_with(&sophie, "/mes-donnees").await;
        if html.contains(&zip_path.replace('&', "&amp;")) {
            ready = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(ready, "the copy is linked once ready");
    // Another tenant gets "introuvable", as for a number that does not exist.
    let paul = app.signed_in(PAUL).await;
    let (status, _) = app.get_with(&paul, &zip_path).await;
    assert_eq!(status, 404);
    let (status, _) = app.get_with(&app.client, &zip_path).await;
    assert_eq!(status, 303, "signed out: to Connexion");
    let bytes = sophie
        .get(app.url(&zip_path))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let names: Vec<String> = zip.file_names().map(String::from).collect();
    for expected in ["LISEZMOI.txt", "donnees.json", "releve-de-compte.pdf"] {
        assert!(names.iter().any(|n| n == expected), "{expected}: {names:?}");
    }
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("pieces-jointes/") && n.ends_with("avis.pdf")),
        "{names:?}"
    );
    let mut json = String::new();
    zip.by_name("donnees.json")
        .unwrap()
        .read_to_string(&mut json)
        .unwrap();
    let data: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(data["identifiant"][0]["email"], SOPHIE.0);
    assert_eq!(data["compte"][0]["number"], "123456");
    assert_eq!(data["vous"][0]["first_name"], "Sophie");
    assert!(data["ecritures"].as_array().unwrap().len() > 5);
    assert_eq!(data["demandes"][0]["body"], "Mon avis d'imposition.");
    assert!(!json.contains("password_hash") && !json.contains("$argon2"));
    assert!(
        !json.contains("BERNARD") && !json.contains("paul.bernard"),
        "no one else's data"
    );
    let (audited,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'copie de ses données'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(audited, 1);
}

async fn retention_deletes_what_outlived_its_period_and_keeps_the_rest(engine: Engine) {
    let app = spawn(engine).await;
    let db = &app.db;
    let storage = app::uploads::Storage::Local(app.data_dir.join("pieces-jointes"));
    let now = app::infra::now();
    let r = Retention::default();
    let old = |days: i64| now - (days + 1) * DAY;
    let fresh = now - DAY;
    // One old and one fresh row of each kind.
    for (email, created) in [
        ("vieux@exemple.com", old(r.unactivated_days)),
        ("neuf@exemple.com", fresh),
    ] {
        sqlx::query(
            "INSERT INTO tenant_login (person_id, email, password_hash, created_at)
             SELECT p.id, $1, 'x', $2 FROM person p
             WHERE p.role = 'signataire' AND NOT EXISTS (SELECT 1 FROM tenant_login t WHERE t.person_id = p.id)
             ORDER BY p.id LIMIT 1",
        )
        .bind(email)
        .bind(created)
        .execute(&db.pool)
        .await
        .unwrap();
    }
    for (at, action) in [
        (old(r.audit_days), "vieille action"),
        (fresh, "action récente"),
    ] {
        app::infra::audit::record(db, None, action, None, "", "127.0.0.1")
            .await
            .unwrap();
        sqlx::query("UPDATE audit_log SET at = $1 WHERE action = $2")
            .bind(at)
            .bind(action)
            .execute(&db.pool)
            .await
            .unwrap();
    }
    for (at, body) in [(old(r.ipn_days), "vads_old=1"), (fresh, "vads_new=1")] {
        sqlx::query(
            "INSERT INTO payment_notification (received_at, remote_addr, outcome, body) VALUES ($1, '127.0.0.1', 'refusee', $2)",
        )
        .bind(at)
        .bind(body)
        .execute(&db.pool)
        .await
        .unwrap();
    }
    // A request that ended long ago, with its attachment stored.
    let sophie = app.signed_in(SOPHIE).await;
    send_request(&app, &sophie, "Pièce ancienne.", "ancienne.pdf").await;
    assert_eq!(app.stored_files(), 1);
    sqlx::query("UPDATE tenant_request SET status = 'cloturee', updated_at = $1")
        .bind(old(r.attachments_days))
        .execute(&db.pool)
        .await
        .unwrap();

    let expect = |report: &retention::Report, rule: &str| {
        report
            .iter()
            .find(|(n, _)| *n == rule)
            .map(|(_, c)| *c)
            .unwrap()
    };
    let dry = retention::run(db, &storage, r, now, true).await.unwrap();
    assert_eq!(expect(&dry, "inscriptions jamais activées"), 1);
    assert_eq!(expect(&dry, "journal des actions"), 1);
    assert_eq!(expect(&dry, "détail des notifications de paiement"), 1);
    assert_eq!(expect(&dry, "pièces jointes des demandes terminées"), 1);
    assert_eq!(app.stored_files(), 1, "a dry run deletes nothing");
    let pool = app.db.pool.clone();
    let count = |sql: &'static str| {
        let pool = pool.clone();
        async move {
            let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&pool).await.unwrap();
            n
        }
    };
    assert_eq!(
        count("SELECT COUNT(*) FROM tenant_login WHERE email = 'vieux@exemple.com'").await,
        1
    );

    let done = retention::run(db, &storage, r, now, false).await.unwrap();
    assert_eq!(done, dry);
    assert_eq!(
        count("SELECT COUNT(*) FROM tenant_login WHERE email = 'vieux@exemple.com'").await,
        0
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM tenant_login WHERE email = 'neuf@exemple.com'").await,
        1
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM audit_log WHERE action = 'vieille action'").await,
        0
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM audit_log WHERE action = 'action récente'").await,
        1
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM payment_notification WHERE body = 'vads_new=1'").await,
        1
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM payment_notification WHERE body = ''").await,
        1,
        "the row stays, its body goes"
    );
    assert_eq!(count("SELECT COUNT(*) FROM request_attachment").await, 0);
    assert_eq!(
        count("SELECT COUNT(*) FROM tenant_request").await,
        1,
        "the request itself stays"
    );
    assert_eq!(app.stored_files(), 0, "the file is gone from the storage");
    // A second run finds nothing left.
    let again = retention::run(db, &storage, r, now, false).await.unwrap();
    assert!(again.iter().all(|(_, n)| *n == 0), "{again:?}");
}

async fn one_instance_claims_the_daily_run(engine: Engine) {
    let app = spawn(engine).await;
    let now = app::infra::now();
    let claims =
        futures::future::join_all((0..4).map(|_| retention::claim(&app.db, "retention", now)))
            .await;
    let won = claims.into_iter().filter(|c| *c.as_ref().unwrap()).count();
    assert_eq!(won, 1, "four instances at once: one runs it");
    assert!(
        !retention::claim(&app.db, "retention", now + 3600)
            .await
            .unwrap(),
        "not again the same day"
    );
    assert!(
        retention::claim(&app.db, "retention", now + DAY + 1)
            .await
            .unwrap(),
        "the next day"
    );
}

both_engines!(
    the_legal_pages_show_the_configured_details,
    closing_the_access_removes_the_login_and_keeps_the_account,
    my_data_is_a_zip_of_my_own_account_only,
    retention_deletes_what_outlived_its_period_and_keeps_the_rest,
    one_instance_claims_the_daily_run,
);

/// Sends a written request from Nous contacter with one attachment.
async fn send_request(app: &common::TestApp, browser: &reqwest::Client, message: &str, name: &str) {
    let res = app
        .upload(
            browser,
            "/nous-contacter",
            &[
                ("__action", "demande"),
                ("objet", "Demande administrative"),
                ("message", message),
                ("type_fichier1", "avis_imposition"),
            ],
            vec![file("fichier1", name, pdf(900))],
            false,
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
}

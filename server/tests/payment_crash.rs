//! The real server binary, as production runs it. kill -9 during a payment:
//! killed at each point of the flow and started again on the same database,
//! it neither loses a paid payment nor credits one twice; the bank's retry
//! completes it. Two instances on one database never hand out the same
//! transaction id.
mod common;

use common::pay::{credits, key, notification, pay_at_bank, settled, start, status_of};
use common::{Engine, SECRET, SOPHIE, fresh_database};
use server::test_bank::CARD_ACCEPTED;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

struct Portal {
    child: Child,
    base: String,
    envs: Vec<(String, String)>,
}

impl Portal {
    async fn start(envs: Vec<(String, String)>, base: String) -> Self {
        let child = Command::new(env!("CARGO_BIN_EXE_server"))
            .args(["serve", "--demo"])
            .envs(envs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server binary");
        let portal = Self { child, base, envs };
        portal.wait_ready().await;
        portal
    }

    async fn wait_ready(&self) {
        let probe = reqwest::Client::new();
        for _ in 0..600 {
            if let Ok(res) = probe.get(format!("{}/connexion", self.base)).send().await
                && res.status() == 200
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the server did not start");
    }

    /// SIGKILL: no shutdown, no flush, as a crash or an OOM kill.
    fn kill9(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    async fn restart(&mut self) {
        let envs = std::mem::take(&mut self.envs);
        *self = Self::start(envs, self.base.clone()).await;
    }
}

impl Drop for Portal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn settings(dir: &std::path::Path, database_url: &str, port: u16) -> Vec<(String, String)> {
    [
        ("ESPACE_DATA_DIR", dir.to_str().unwrap().to_string()),
        ("ESPACE_DATABASE_URL", database_url.to_string()),
        ("ESPACE_LISTEN", format!("127.0.0.1:{port}")),
        ("ESPACE_SECRET", SECRET.to_string()),
        ("ESPACE_LANDLORD_NAME", "Habitat Test".to_string()),
        // The bank answers the browser at once but notifies 2 s later: the
        // kill lands between the two.
        ("ESPACE_TEST_BANK_DELAY", "2".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

async fn sign_in(base: &str) -> reqwest::Client {
    let browser = common::client();
    let form = [
        ("__action", "/api/connexion"),
        ("email", SOPHIE.0),
        ("password", SOPHIE.1),
    ];
    let res = browser
        .post(format!("{base}/connexion"))
        .header("Origin", base)
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    browser
}

async fn killed_at_every_step_the_payment_completes_once(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let database_url = fresh_database(engine, dir.path()).await;
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut portal = Portal::start(settings(dir.path(), &database_url, port), base.clone()).await;
    let db = app::infra::Db::connect(&database_url).await.unwrap();
    let sophie = sign_in(&base).await;

    // 1. Killed after the bank's answer, before its notification.
    let paid = start(&base, &sophie, "montant", "45,50").await;
    let page = pay_at_bank(&base, &sophie, paid, CARD_ACCEPTED, None).await;
    assert!(page.contains("Paiement accepté"));
    portal.kill9();
    assert_eq!(
        status_of(&db, paid).await,
        "en_cours",
        "killed before the notification"
    );
    portal.restart().await;
    assert_eq!(
        settled(&db, paid, 30).await,
        "accepte",
        "the bank's retry completes it"
    );
    assert_eq!(credits(&db, paid).await, 1);

    // 2. Killed right after VALIDER: the session and the request survive.
    let second = start(&base, &sophie, "montant", "20").await;
    portal.kill9();
    portal.restart().await;
    pay_at_bank(&base, &sophie, second, CARD_ACCEPTED, None).await;
    assert_eq!(settled(&db, second, 30).await, "accepte");
    assert_eq!(credits(&db, second).await, 1);

    // 3. Killed while ten copies of a notification are being applied.
    let third = start(&base, &sophie, "montant", "30").await;
    let ipn = notification(&db, third, "AUTHORISED", &key()).await;
    let sender = reqwest::Client::new();
    let flood: Vec<_> = (0..10)
        .map(|_| {
            let request = sender
                .post(format!("{base}/paiement/ipn"))
                .form(&ipn)
                .send();
            tokio::spawn(async move { request.await.map(|r| r.status().as_u16()) })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(15)).await;
    portal.kill9();
    for f in flood {
        let _ = f.await;
    }
    let before = credits(&db, third).await;
    assert!(before <= 1, "never twice, even killed mid-way");
    portal.restart().await;
    // The bank notifies again until acknowledged.
    let res = sender
        .post(format!("{base}/paiement/ipn"))
        .form(&ipn)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(status_of(&db, third).await, "accepte");
    assert_eq!(credits(&db, third).await, 1);
    let (total,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM ledger_entry WHERE reference LIKE 'PORTAIL-PAIEMENT-%'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(total, 3);
}

async fn two_instances_never_hand_out_the_same_transaction_id(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let database_url = fresh_database(engine, dir.path()).await;
    let (port_a, port_b) = (free_port(), free_port());
    let base_a = format!("http://127.0.0.1:{port_a}");
    let base_b = format!("http://127.0.0.1:{port_b}");
    let _a = Portal::start(settings(dir.path(), &database_url, port_a), base_a.clone()).await;
    let _b = Portal::start(settings(dir.path(), &database_url, port_b), base_b.clone()).await;
    let (tab_a, tab_b) = (sign_in(&base_a).await, sign_in(&base_b).await);
    let requests = (0..16).map(|i| {
        let (base, tab) = if i % 2 == 0 {
            (&base_a, &tab_a)
        } else {
            (&base_b, &tab_b)
        };
        common::pay::validate(base, tab, "montant", "10")
    });
    let answers = futures::future::join_all(requests).await;
    assert!(answers.iter().all(|r| r.status() == 303));
    let db = app::infra::Db::connect(&database_url).await.unwrap();
    let ids: Vec<(String, String)> = sqlx::query_as("SELECT trans_day, trans_id FROM payment")
        .fetch_all(&db.pool)
        .await
        .unwrap();
    let distinct: std::collections::HashSet<_> = ids.iter().collect();
    assert_eq!((ids.len(), distinct.len()), (16, 16), "{ids:?}");
}

both_engines!(
    killed_at_every_step_the_payment_completes_once,
    two_instances_never_hand_out_the_same_transaction_id,
);

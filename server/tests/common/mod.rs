//! Starts the real server on port 0 with a fresh database (SQLite file or a
//! new PostgreSQL database), the demo data, an outbox in a temporary folder,
//! and a cookie-keeping HTTP client that does not follow redirects.
#![allow(dead_code)]

pub mod pay;
pub mod smtp;
pub mod staff;
pub mod upload;

use reqwest::redirect::Policy;
use server::config::{Config, Mode};
use std::path::PathBuf;
use std::time::Duration;

#[derive(Clone, Copy, Debug)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// Runs one test body on both engines: `both_engines!(name);` after `async fn name(engine)`.
#[macro_export]
macro_rules! both_engines {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() { super::$name($crate::common::Engine::Sqlite).await }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() { super::$name($crate::common::Engine::Postgres).await }
        }
    )*};
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub outbox: PathBuf,
    pub db: app::infra::Db,
    /// The server's data folder (the demo export is in `demo-export/`).
    pub data_dir: PathBuf,
    /// What the server was started with (a second instance uses it too).
    pub config: Config,
    _dir: tempfile::TempDir,
}

pub const PG_ADMIN: &str = "postgres://postgres@127.0.0.1:5432/postgres";

pub async fn fresh_database(engine: Engine, dir: &std::path::Path) -> String {
    match engine {
        // A folder that does not exist yet: the server must create it.
        Engine::Sqlite => format!("sqlite://{}/donnees/test.sqlite", dir.display()),
        Engine::Postgres => {
            let name = format!("espace_test_{}", hex::encode(rand::random::<[u8; 8]>()));
            let admin = sqlx::postgres::PgPoolOptions::new()
                .max_connections(1)
                .connect(PG_ADMIN)
                .await
                .expect("PostgreSQL at 127.0.0.1:5432");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&admin)
                .await
                .expect("create database");
            format!("postgres://postgres@127.0.0.1:5432/{name}")
        }
    }
}

/// A browser-like client: keeps cookies, asks for HTML, follows no redirect.
pub fn client() -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("accept", "text/html,application/xhtml+xml".parse().unwrap());
    reqwest::Client::builder()
        .default_headers(headers)
        .cookie_store(true)
        .redirect(Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

/// The configuration's secret in tests: the test bank's key derives from it.
pub const SECRET: &str = "un-secret-de-test-de-plus-de-32-caracteres";

/// Small limits, so that the refusals are tested without sending 25 MB.
pub const TEST_UPLOAD_LIMITS: app::uploads::Limits = app::uploads::Limits {
    per_file: 1024 * 1024,
    files: 3,
    per_request: 2 * 1024 * 1024,
};

/// Another instance of the server on the same database and folders, as
/// after a restart or beside the first; it stops when dropped.
pub async fn restart(app: &TestApp) -> Instance {
    Instance(
        server::start(app.config.clone())
            .await
            .expect("second instance starts"),
    )
}

pub struct Instance(pub server::Running);

impl Drop for Instance {
    fn drop(&mut self) {
        self.0.task.abort();
    }
}

pub async fn spawn(engine: Engine) -> TestApp {
    spawn_with(engine, |_| {}).await
}

/// The same, with the configuration changed first (S3 storage…).
pub async fn spawn_with(engine: Engine, change: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let config = Config {
        mode: Mode::Embedded,
        data_dir: dir.path().to_path_buf(),
        database_url: fresh_database(engine, dir.path()).await,
        listen: "127.0.0.1:0".parse().unwrap(),
        base_url: None,
        smtp_url: None,
        outbox_dir: dir.path().join("outbox"),
        mail_from: "Espace Locataire <no-reply@exemple.com>".into(),
        secret: Some(SECRET.into()),
        site_root: "target/site".into(),
        proxy_hops: 0,
        landlord_name: "Habitat Test".into(),
        payment: server::config::PaymentConfig::embedded(),
        creditor_ics: app::domain::Ics::parse(server::config::DEMO_ICS).unwrap(),
        sdd: server::config::sdd(&|_| None).unwrap(),
        upload_limits: TEST_UPLOAD_LIMITS,
        s3: None,
        legal: server::config::legal(&|_| None, Mode::Embedded).unwrap(),
        retention: server::config::retention(&|_| None).unwrap(),
        ops: server::config::Ops::default(),
    };
    let mut config = config;
    change(&mut config);
    let outbox = config.outbox_dir.clone();
    let data_dir = config.data_dir.clone();
    let running = server::start(config.clone()).await.expect("server starts");
    server::demo::load(&running.db, &data_dir)
        .await
        .expect("demo data");
    TestApp {
        base: running.base_url,
        client: client(),
        outbox,
        db: running.db,
        data_dir,
        config,
        _dir: dir,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> (u16, String) {
        self.get_with(&self.client, path).await
    }

    pub async fn get_with(&self, client: &reqwest::Client, path: &str) -> (u16, String) {
        let res = client.get(self.url(path)).send().await.unwrap();
        (res.status().as_u16(), res.text().await.unwrap())
    }

    /// Posts a form as a browser without JavaScript does: to the page, with
    /// the hidden `__action`, from our own origin.
    pub async fn submit(
        &self,
        page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        self.submit_with(&self.client, page, action, fields).await
    }

    pub async fn submit_with(
        &self,
        client: &reqwest::Client,
        page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let mut form: Vec<(&str, &str)> = vec![("__action", action)];
        form.extend_from_slice(fields);
        client
            .post(self.url(page))
            .header("Origin", &self.base)
            .form(&form)
            .send()
            .await
            .unwrap()
    }

    pub async fn login_with(
        &self,
        client: &reqwest::Client,
        email: &str,
        password: &str,
    ) -> reqwest::Response {
        self.submit_with(
            client,
            "/connexion",
            "/api/connexion",
            &[("email", email), ("password", password)],
        )
        .await
    }

    /// Sends « Changement de l'identifiant » from the default browser.
    pub async fn change_identifier(&self, email: &str, current: &str) -> reqwest::Response {
        self.submit(
            "/changement-identifiant",
            "/api/changement_identifiant",
            &[
                ("email", email),
                ("email_confirm", email),
                ("current_password", current),
            ],
        )
        .await
    }

    /// The signed-in account line of the home page, if any.
    pub async fn account_line(&self, client: &reqwest::Client) -> Option<String> {
        let (_, body) = self.get_with(client, "/").await;
        body.find("Compte Client n° ").map(|i| {
            strip_tags(&body[i..i + 200])
                .split(" / ")
                .next()
                .unwrap_or("")
                .to_string()
        })
    }

    /// The newest mail to `to` with this subject, once written by the background sender.
    pub async fn mail(&self, to: &str, subject: &str) -> String {
        for _ in 0..100 {
            if let Some(m) = self
                .mails(to)
                .into_iter()
                .find(|m| decode_subject(m).contains(subject))
            {
                return m;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let subjects: Vec<String> = self.mails(to).iter().map(|m| decode_subject(m)).collect();
        panic!("no mail « {subject} » to {to}; its mails: {subjects:?}");
    }

    pub fn mails(&self, to: &str) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(&self.outbox) else {
            return vec![];
        };
        let mut files: Vec<_> = entries
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
            .collect();
        files.sort_by_key(|e| std::cmp::Reverse(e.metadata().and_then(|m| m.modified()).ok()));
        files
            .iter()
            .map(|e| decode_body(&std::fs::read_to_string(e.path()).unwrap()))
            .filter(|m| m.contains(&format!("To: {to}")))
            .collect()
    }

    /// Registration step 2 (after `step1` in the same browser): the address
    /// twice, the password twice, the terms accepted.
    pub async fn step2(
        &self,
        client: &reqwest::Client,
        email: &str,
        password: &str,
    ) -> reqwest::Response {
        self.submit_with(
            client,
            "/inscription/etape-2",
            "/api/inscription_etape_2",
            &[
                ("email", email),
                ("email_confirm", email),
                ("password", password),
                ("password_confirm", password),
                ("cgu", "oui"),
            ],
        )
        .await
    }

    /// Passes registration step 1 for a demo signatory; answers the anti-robot question.
    pub async fn step1(
        &self,
        client: &reqwest::Client,
        account: &str,
        last: &str,
        first: &str,
        birth: &str,
    ) -> reqwest::Response {
        let (_, page) = self.get_with(client, "/inscription").await;
        let (question, token) = captcha(&page);
        let answer = app::auth::ssr::captcha::solve(&question)
            .unwrap()
            .to_string();
        self.submit_with(
            client,
            "/inscription",
            "/api/inscription_etape_1",
            &[
                ("account_number", account),
                ("last_name", last),
                ("first_name", first),
                ("birth_date", birth),
                ("captcha_answer", &answer),
                ("captcha_token", &token),
            ],
        )
        .await
    }
}

/// The anti-robot question and its token, read from the registration page.
pub fn captcha(page: &str) -> (String, String) {
    let q_start = page.find("Combien font").expect("question on the page");
    let question = page[q_start..].split('?').next().unwrap().to_string() + "?";
    let t_start = page.find("name=\"captcha_token\" value=\"").expect("token") + 28;
    let token = page[t_start..].split('"').next().unwrap().to_string();
    (question, token)
}

pub fn link_in(mail: &str) -> String {
    let start = mail.find("http://").expect("a link");
    let link: String = mail[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    link.split_once("127.0.0.1")
        .map(|(_, rest)| rest.split_once('/').map(|(_, p)| format!("/{p}")).unwrap())
        .unwrap()
}

pub fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

pub fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The message of a field's error on a re-rendered page.
pub fn field_error(page: &str, field: &str) -> Option<String> {
    let marker = format!("id=\"champ-{field}-erreur\"");
    let start = page.find(&marker)?;
    let text = &page[start..];
    let open = text.find('>')? + 1;
    Some(html_unescape(&strip_tags(
        &text[open..open + text[open..].find("</p>")?],
    )))
}

/// The general (not field) refusal on a re-rendered page.
pub fn general_error(page: &str) -> Option<String> {
    let start = page.find("class=\"alert alert-error\"")?;
    let text = &page[start..];
    let open = text.find('>')? + 1;
    Some(html_unescape(&strip_tags(
        &text[open..open + text[open..].find("</p>")?],
    )))
}

pub fn html_unescape(s: &str) -> String {
    s.replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Headers as they are; the body (quoted-printable) decoded.
fn decode_body(mail: &str) -> String {
    match mail.split_once("\r\n\r\n") {
        Some((headers, body)) => format!("{headers}\r\n\r\n{}", decode_qp(body)),
        None => mail.to_string(),
    }
}

fn decode_qp(s: &str) -> String {
    let joined = s.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'=' && i + 2 < bytes.len())
            .then(|| std::str::from_utf8(&bytes[i + 1..i + 3]).ok())
            .flatten()
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        if let Some(b) = escaped {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The Subject header, unfolded, its encoded words (RFC 2047, base64) decoded
/// in place; adjacent encoded words join without the space between them.
fn decode_subject(mail: &str) -> String {
    use base64::Engine as _;
    let unfolded = mail.replace("\r\n ", " ").replace("\n ", " ");
    let line = unfolded
        .lines()
        .find(|l| l.starts_with("Subject: "))
        .unwrap_or_default();
    let mut out: Vec<u8> = vec![];
    let mut previous_encoded = false;
    for word in line.trim_start_matches("Subject: ").split(' ') {
        let encoded = word
            .strip_prefix("=?utf-8?b?")
            .or_else(|| word.strip_prefix("=?UTF-8?B?"));
        let joins_previous = previous_encoded && encoded.is_some();
        if !out.is_empty() && !joins_previous {
            out.push(b' ');
        }
        match encoded {
            Some(b) => out.extend(
                base64::engine::general_purpose::STANDARD
                    .decode(b.trim_end_matches("?="))
                    .unwrap_or_default(),
            ),
            None => out.extend(word.as_bytes()),
        }
        previous_encoded = encoded.is_some();
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub const SOPHIE: (&str, &str) = ("sophie@exemple.com", "Locataire-Demo-2026");
pub const PAUL: (&str, &str) = ("paul.bernard@exemple.com", "Parking-Balay-1962");
pub const CLAIRE: (&str, &str) = ("claire.petit@exemple.com", "Gambetta-Claire-1979");

impl TestApp {
    /// A new browser signed in as `who`.
    pub async fn signed_in(&self, who: (&str, &str)) -> reqwest::Client {
        let browser = client();
        let res = self.login_with(&browser, who.0, who.1).await;
        assert_eq!(res.status(), 303, "sign-in of {}", who.0);
        browser
    }

    /// The page's text without tags, for assertions on what a person reads.
    pub async fn text(&self, client: &reqwest::Client, path: &str) -> (u16, String) {
        let (status, body) = self.get_with(client, path).await;
        (status, html_unescape(&strip_tags(&body)))
    }
}

/// The text of a PDF, as `pdftotext -layout` extracts it.
pub fn pdf_text(bytes: &[u8]) -> String {
    assert!(
        bytes.starts_with(b"%PDF-"),
        "not a PDF: {:?}",
        String::from_utf8_lossy(&bytes[..bytes.len().min(200)])
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils, installed by scripts/install-tools.sh)");
    // Amounts are written with non-breaking spaces; compare with plain ones.
    String::from_utf8(out.stdout)
        .unwrap()
        .replace('\u{a0}', " ")
}

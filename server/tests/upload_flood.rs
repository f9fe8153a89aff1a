//! Issue 14, uploads under attack, on SQLite and PostgreSQL, through the real
//! server: a visitor's huge post is answered before its body is read (no
//! memory, no file); a session, and the instance, run only so many uploads
//! at once and say so at once past that; text fields are capped in number
//! and in size. Each test failed before the fix.
//!
//! The server runs in this process, so its memory is this process's: the
//! tests of this file run one at a time (`SERIAL`) so that one measures
//! its own requests only.
mod common;

use app::uploads::Limits;
use common::upload::{file, pdf};
use common::{
    CLAIRE, Engine, PAUL, SOPHIE, TestApp, general_error, html_unescape, location, spawn,
    spawn_with,
};
use futures::SinkExt;
use futures::channel::mpsc;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};

static SERIAL: LazyLock<tokio::sync::Mutex<()>> = LazyLock::new(|| tokio::sync::Mutex::new(()));

const PAGE: &str = "/nous-contacter";
const BOUNDARY: &str = "espace-flood-1f4c9a";
const MB: u64 = 1024 * 1024;
const CHUNK: usize = 64 * 1024;

const FORM: [(&str, &str); 3] = [
    ("__action", "demande"),
    ("objet", "Demande administrative"),
    ("message", "Voici mes pièces."),
];

/// The same, with one file of type RIB.
const WITH_FILE: [(&str, &str); 4] = [FORM[0], FORM[1], FORM[2], ("type_fichier1", "rib")];

fn text_part(name: &str, value: &str) -> Vec<u8> {
    format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
        .into_bytes()
}

fn file_head(name: &str, file_name: &str) -> Vec<u8> {
    format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\n\
         Content-Type: application/pdf\r\n\r\n"
    )
    .into_bytes()
}

/// A contact request with a small PDF, then the start of a second PDF whose
/// rest is still to come: once the server has stored the first, it is
/// reading this request's body.
fn opening() -> Vec<u8> {
    let mut b = vec![];
    for (k, v) in FORM
        .iter()
        .chain(&[("type_fichier1", "rib"), ("type_fichier2", "rib")])
    {
        b.extend(text_part(k, v));
    }
    b.extend(file_head("fichier1", "petit.pdf"));
    b.extend(pdf(2_000));
    b.extend(b"\r\n");
    b.extend(file_head("fichier2", "suite.pdf"));
    b.extend(pdf(16));
    b
}

fn closing() -> Vec<u8> {
    format!("\r\n--{BOUNDARY}--\r\n").into_bytes()
}

/// 50 MB, made as it is sent: the client never holds it.
fn fifty_megabytes() -> reqwest::Body {
    let pieces = std::iter::once(opening())
        .chain((0..50 * MB as usize / CHUNK).map(|_| vec![b'A'; CHUNK]))
        .chain(std::iter::once(closing()));
    reqwest::Body::wrap_stream(futures::stream::iter(pieces.map(Ok::<_, std::io::Error>)))
}

fn streamed_post(
    app: &TestApp,
    client: &reqwest::Client,
    body: reqwest::Body,
) -> reqwest::RequestBuilder {
    client
        .post(app.url(PAGE))
        .header("Origin", &app.base)
        .header(
            "Content-Type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body)
}

/// A figure of this process's memory, in kB ("VmRSS:", "VmHWM:").
fn memory_kb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn files_in(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .map(|d| d.flatten().count())
        .unwrap_or(0)
}

/// Until `stop`: the most files ever seen in `dir` (temporary ones too) and
/// the highest resident memory, sampled every 5 ms.
fn watch(dir: PathBuf, stop: Arc<AtomicBool>) -> tokio::task::JoinHandle<(usize, u64)> {
    tokio::spawn(async move {
        let (mut files, mut rss) = (0usize, 0u64);
        while !stop.load(Ordering::Relaxed) {
            files = files.max(files_in(&dir));
            rss = rss.max(memory_kb("VmRSS:"));
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        (files, rss)
    })
}

async fn a_visitors_huge_posts_cost_neither_memory_nor_disk(engine: Engine) {
    let _serial = SERIAL.lock().await;
    // The default limits (10 MB a file), as in the measured attack.
    let app = spawn_with(engine, |c| c.upload_limits = Limits::default()).await;
    // Made first, and warmed up: a client's and a first answer's one-time
    // costs are not the flood's.
    let visitors: Vec<reqwest::Client> = (0..3).map(|_| common::client()).collect();
    for visitor in &visitors {
        let res = app.upload(visitor, PAGE, &FORM, vec![], false).await;
        assert_eq!(res.status().as_u16(), 303);
    }
    // Linux: the peak (VmHWM) starts again from the current figure.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let (peak_before, rss_before) = (memory_kb("VmHWM:"), memory_kb("VmRSS:"));
    let stop = Arc::new(AtomicBool::new(false));
    let watcher = watch(app.data_dir.join("pieces-jointes"), stop.clone());
    let started = Instant::now();
    let posts = visitors
        .iter()
        .map(|visitor| streamed_post(&app, visitor, fifty_megabytes()).send());
    let answers = futures::future::join_all(posts).await;
    let took = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    let (files_seen, rss_peak) = watcher.await.unwrap();
    let grown = memory_kb("VmHWM:")
        .saturating_sub(peak_before)
        .max(rss_peak.saturating_sub(rss_before));
    // Sent to Connexion; or the connection closed on the unread rest.
    for res in answers.into_iter().flatten() {
        assert_eq!(
            (res.status().as_u16(), location(&res)),
            (303, "/connexion".to_string())
        );
    }
    assert_eq!(files_seen, 0, "no file written, even for a moment");
    assert_eq!(app.stored_files(), 0);
    assert!(
        grown < 10 * 1024,
        "memory grew by {grown} kB for 3 anonymous posts of 50 MB"
    );
    assert!(took < Duration::from_secs(20), "{took:?}");
    assert_eq!(app.requests("demande").await, 0);
}

/// An upload held open: its form and first file sent, the rest on `finish`.
struct Slow {
    rest: mpsc::Sender<Result<Vec<u8>, std::io::Error>>,
    answer: tokio::task::JoinHandle<u16>,
}

async fn slow_upload(app: &TestApp, client: &reqwest::Client) -> Slow {
    let (mut rest, body) = mpsc::channel::<Result<Vec<u8>, std::io::Error>>(4);
    rest.send(Ok(opening())).await.unwrap();
    let request = streamed_post(app, client, reqwest::Body::wrap_stream(body)).send();
    let answer = tokio::spawn(async move {
        request
            .await
            .map(|r| r.status().as_u16())
            .unwrap_or_default()
    });
    Slow { rest, answer }
}

impl Slow {
    /// Sends the rest of the body; the answer's status.
    async fn finish(self) -> u16 {
        let Slow { mut rest, answer } = self;
        rest.send(Ok(closing())).await.unwrap();
        drop(rest);
        answer.await.unwrap()
    }
}

/// Waits until the server has stored `n` files: the uploads that sent them
/// are being read, holding their places.
async fn stored(app: &TestApp, n: usize) {
    for _ in 0..400 {
        if app.stored_files() >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("the server never stored {n} files");
}

/// One more upload, with and without JavaScript: refused at once, in French.
async fn refused_at_once(app: &TestApp, client: &reqwest::Client) {
    let started = Instant::now();
    let one = || vec![file("fichier1", "a.pdf", pdf(100))];
    let res = app.upload(client, PAGE, &WITH_FILE, one(), false).await;
    assert_eq!(res.status().as_u16(), 429);
    let page = html_unescape(&res.text().await.unwrap());
    let said = general_error(&page).unwrap_or_default();
    assert!(said.starts_with("Trop d'envois"), "{said}");
    let res = app.upload(client, PAGE, &WITH_FILE, one(), true).await;
    assert_eq!(res.status().as_u16(), 429);
    let outcome: serde_json::Value = res.json().await.unwrap();
    let said = outcome["Refused"]["general"].as_str().unwrap_or_default();
    assert!(said.starts_with("Trop d'envois"), "{outcome}");
    assert!(started.elapsed() < Duration::from_secs(3), "never queued");
}

async fn accepted(app: &TestApp, client: &reqwest::Client) {
    let files = vec![file("fichier1", "a.pdf", pdf(100))];
    let res = app.upload(client, PAGE, &WITH_FILE, files, false).await;
    assert_eq!(res.status().as_u16(), 303);
}

async fn a_session_runs_two_uploads_at_once_and_hears_at_once_past_them(engine: Engine) {
    let _serial = SERIAL.lock().await;
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    let first = slow_upload(&app, &sophie).await;
    let second = slow_upload(&app, &sophie).await;
    stored(&app, 2).await;
    refused_at_once(&app, &sophie).await;
    // Another tenant is not held up by her.
    accepted(&app, &app.signed_in(PAUL).await).await;
    assert_eq!((first.finish().await, second.finish().await), (303, 303));
    // The places are given back.
    accepted(&app, &sophie).await;
    assert_eq!(app.requests("demande").await, 4);
}

async fn the_instance_runs_so_many_uploads_at_once_and_says_so_past_them(engine: Engine) {
    let _serial = SERIAL.lock().await;
    // 100 MB a request: the instance's budget holds two at once.
    let limits = Limits {
        per_file: 10 * MB,
        files: 3,
        per_request: 100 * MB,
    };
    assert_eq!(server::uploads::Gates::size(&limits), 2);
    let app = spawn_with(engine, move |c| c.upload_limits = limits).await;
    let first = slow_upload(&app, &app.signed_in(SOPHIE).await).await;
    let second = slow_upload(&app, &app.signed_in(PAUL).await).await;
    stored(&app, 2).await;
    let claire = app.signed_in(CLAIRE).await;
    refused_at_once(&app, &claire).await;
    assert_eq!((first.finish().await, second.finish().await), (303, 303));
    accepted(&app, &claire).await;
    assert_eq!(app.requests("demande").await, 3);
}

async fn text_fields_are_capped_in_number_and_in_size(engine: Engine) {
    let _serial = SERIAL.lock().await;
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    let names: Vec<String> = (0..60).map(|i| format!("champ{i}")).collect();
    let mut many = FORM.to_vec();
    many.extend(names.iter().map(|n| (n.as_str(), "x")));
    // Five fields of 60 KB: each under its own cap, 300 KB in all.
    let big = "x".repeat(60 * 1024);
    let mut long = FORM.to_vec();
    long.extend(names.iter().take(5).map(|n| (n.as_str(), big.as_str())));
    for (what, fields, said) in [
        ("60 fields", &many, "trop de champs"),
        ("300 KB of text", &long, "trop long"),
    ] {
        let res = app.upload(&sophie, PAGE, fields, vec![], true).await;
        let outcome: serde_json::Value = res.json().await.unwrap();
        let general = outcome["Refused"]["general"].as_str().unwrap_or_default();
        assert!(general.contains(said), "{what}: {outcome}");
        let res = app.upload(&sophie, PAGE, fields, vec![], false).await;
        assert_eq!(res.status().as_u16(), 200, "{what}");
        let page = res.text().await.unwrap();
        let general = general_error(&page).unwrap_or_default();
        assert!(general.contains(said), "{what}: {general}");
    }
    assert_eq!(app.requests("demande").await, 0, "nothing recorded");
    let res = app.upload(&sophie, PAGE, &FORM, vec![], true).await;
    let outcome: serde_json::Value = res.json().await.unwrap();
    assert!(outcome["Redirect"].is_string(), "{outcome}");
    assert_eq!(app.requests("demande").await, 1);
}

both_engines!(
    a_visitors_huge_posts_cost_neither_memory_nor_disk,
    a_session_runs_two_uploads_at_once_and_hears_at_once_past_them,
    the_instance_runs_so_many_uploads_at_once_and_says_so_past_them,
    text_fields_are_capped_in_number_and_in_size,
);

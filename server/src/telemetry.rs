//! What the landlord's IT watches (docs/deploying.md): logs as text or JSON
//! lines, each request's lines carrying its id, and Prometheus metrics on a
//! separate address.
use app::infra::AppState;
use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::net::SocketAddr;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tracing::Instrument;
use tracing_subscriber::EnvFilter;

/// Set once the Prometheus recorder is installed.
static ENABLED: AtomicBool = AtomicBool::new(false);

pub static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Text for a terminal; one JSON object a line for a log collector.
pub fn init_logs(json: bool) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    if json {
        // Every span the line was written in, the request's (its id) first:
        // libraries open spans of their own inside it.
        builder
            .json()
            .with_current_span(false)
            .with_span_list(true)
            .init();
    } else {
        builder.init();
    }
}

/// Every request runs in a span named by its id: the proxy's `X-Request-Id`
/// when it sends a sane one, else a new one. The answer carries it, so that
/// a tenant's "error" can be found in the logs from the proxy's line.
/// Also counts the request and its duration by route template.
pub async fn observe(req: Request, next: Next) -> Response {
    let id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| is_sane_id(v))
        .map_or_else(new_id, str::to_string);
    // The template (`/paiement/retour/{numero}`), never the address: an
    // address would make one series per account number.
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or("autre", |p| p.as_str())
        .to_string();
    // The methods a browser, nginx or a probe sends; any other is one label,
    // so that made-up methods cannot grow the series without end.
    let method = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"]
        .into_iter()
        .find(|m| *m == req.method().as_str())
        .unwrap_or("autre");
    let span = tracing::info_span!("requete", id = %id);
    let started = Instant::now();
    let mut res = next.run(req).instrument(span).await;
    // Without a recorder the labels would be built for nothing.
    if ENABLED.load(Ordering::Relaxed) {
        let status = res.status().as_u16().to_string();
        metrics::counter!("espace_http_requests_total", "route" => route.clone(), "method" => method, "status" => status).increment(1);
        metrics::histogram!("espace_http_request_duration_seconds", "route" => route)
            .record(started.elapsed().as_secs_f64());
    }
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(REQUEST_ID.clone(), value);
    }
    res
}

fn is_sane_id(v: &str) -> bool {
    (1..=64).contains(&v.len())
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
}

fn new_id() -> String {
    hex::encode(rand::random::<[u8; 8]>())
}

/// Seconds of request duration the histogram tells apart.
const BUCKETS: [f64; 12] = [
    0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 15.0,
];

/// The process's one recorder (a second server in the same process, as in
/// the tests, shares it).
fn recorder() -> Result<PrometheusHandle, String> {
    static HANDLE: OnceLock<Result<PrometheusHandle, String>> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Suffix("duration_seconds".into()), &BUCKETS)
                .map_err(|e| e.to_string())?
                .build_recorder();
            let handle = recorder.handle();
            metrics::set_global_recorder(recorder)
                .map_err(|_| "un autre enregistreur de métriques est installé".to_string())?;
            describe();
            ENABLED.store(true, Ordering::Relaxed);
            let upkeep = handle.clone();
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(Duration::from_secs(5)).await;
                    upkeep.run_upkeep();
                }
            });
            Ok(handle)
        })
        .clone()
}

fn describe() {
    use metrics::{describe_counter, describe_gauge, describe_histogram};
    describe_counter!(
        "espace_http_requests_total",
        "Requêtes par modèle de route, méthode et statut"
    );
    describe_histogram!(
        "espace_http_request_duration_seconds",
        "Durée des requêtes par modèle de route"
    );
    describe_gauge!(
        "espace_db_connections",
        "Connexions ouvertes du pool de la base"
    );
    describe_gauge!(
        "espace_db_connections_idle",
        "Connexions inoccupées du pool de la base"
    );
    describe_gauge!(
        "espace_mails_waiting",
        "Courriels en attente d'envoi dans la file"
    );
    describe_counter!(
        "espace_mails_total",
        "Courriels par issue (sent, refused, given_up)"
    );
    describe_counter!("espace_payments_total", "Paiements en ligne par issue");
    describe_counter!("espace_ipn_total", "Notifications de la banque par issue");
    describe_counter!(
        "espace_job_runs_total",
        "Exécutions des tâches planifiées par tâche et issue"
    );
}

/// Starts the metrics listener when configured; returns its address.
pub async fn serve_metrics(
    listen: Option<SocketAddr>,
    app: AppState,
) -> Result<Option<SocketAddr>, String> {
    let Some(listen) = listen else {
        return Ok(None);
    };
    let handle = recorder()?;
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| format!("ESPACE_METRICS_LISTEN={listen} : impossible d'écouter ({e})"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let router = Router::new()
        .route("/metrics", get(render))
        .with_state((handle, app));
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, router).await {
            tracing::error!(error = %e, "metrics listener stopped");
        }
    });
    tracing::info!(%addr, "metrics on http://{addr}/metrics");
    Ok(Some(addr))
}

/// The gauges are read when Prometheus asks, not kept up to date.
async fn render(State((handle, app)): State<(PrometheusHandle, AppState)>) -> Response {
    let pool = &app.db.pool;
    metrics::gauge!("espace_db_connections").set(f64::from(pool.size()));
    metrics::gauge!("espace_db_connections_idle").set(pool.num_idle() as f64);
    // A database that does not answer must not hold the scrape.
    if let Some(queue) = app.mailer.queue()
        && let Ok(Ok(n)) = tokio::time::timeout(Duration::from_secs(1), queue.waiting()).await
    {
        metrics::gauge!("espace_mails_waiting").set(n as f64);
    }
    let mut res = handle.render().into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    res
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_short_plain_request_ids_are_kept() {
        assert!(super::is_sane_id("9f1c2a7e-proxy.1"));
        assert!(!super::is_sane_id(""));
        assert!(!super::is_sane_id("a b"));
        assert!(!super::is_sane_id("x\"}{\n"));
        assert!(!super::is_sane_id(&"a".repeat(65)));
        assert_eq!(super::new_id().len(), 16);
    }
}

//! The server: configuration, database, mail, sessions, middleware and the
//! Leptos app, put together. `main.rs` is the command line; the integration
//! tests start the same server with `start`.
pub mod assets;
pub mod backup;
pub mod config;
pub mod demo;
pub mod files;
pub mod forms;
pub mod health;
pub mod import;
pub mod security;
pub mod sessions;
pub mod shutdown;
pub mod telemetry;
pub mod test_bank;
pub mod turns;
pub mod unavailable;
pub mod uploads;

use app::infra::{AppState, Db, Mailer, Settings};
use app::payment::ssr::PaymentSettings;
use axum::Router;
use axum::extract::FromRef;
use axum::http::{HeaderValue, header};
use axum::routing::get;
use axum::serve::ListenerExt;
use config::Config;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use std::net::SocketAddr;
use std::sync::Arc;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_sessions::cookie::{SameSite, time};
use tower_sessions::{ExpiredDeletion, Expiry, SessionManagerLayer};

/// How long an idle tenant session stays open.
pub const IDLE_MINUTES: i64 = 30;

/// Behind an Arc: axum clones every middleware's state for every request,
/// and the whole state cost about an eighth of /connexion's CPU (`FromFn::clone`
/// 8.6 %, `LeptosOptions` clone and drop 3.7 %; docs/benchmarks.md).
#[derive(Clone)]
pub struct ServerState(Arc<Shared>);

impl std::ops::Deref for ServerState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl FromRef<ServerState> for LeptosOptions {
    fn from_ref(state: &ServerState) -> Self {
        state.leptos_options.clone()
    }
}

impl FromRef<ServerState> for AppState {
    fn from_ref(state: &ServerState) -> Self {
        state.app.clone()
    }
}

pub struct Shared {
    pub leptos_options: LeptosOptions,
    pub app: AppState,
    pub base_url: String,
    pub secure_cookies: bool,
    /// Uploads running at once, in all and per session (issue 14).
    pub uploads: uploads::Gates,
    /// Requests worked on at once (turns.rs).
    pub turns: turns::Turns,
}

impl ServerState {
    /// What every render and server function finds in context.
    pub fn context(&self) -> impl Fn() + Clone + Send + Sync + 'static {
        let app = self.app.clone();
        move || {
            provide_context(app.clone());
            // The signed-in tenant, read once per request (layout and page share it).
            provide_context(app::auth::ssr::session::RequestMemo::default());
            security::page_csp();
        }
    }
}

/// A running server: its address, and its task (ends on SIGTERM / Ctrl-C).
pub struct Running {
    pub addr: SocketAddr,
    pub base_url: String,
    pub db: Db,
    /// Where Prometheus reads, when configured.
    pub metrics_addr: Option<SocketAddr>,
    pub task: tokio::task::JoinHandle<()>,
}

pub async fn start(config: Config) -> Result<Running, String> {
    files::prepare(&config)?;
    // Held for the process's life: `server restore` refuses while it is.
    if let Some(lock) = backup::hold_while_running(&config.database_url)? {
        std::mem::forget(lock);
    }
    let db = Db::connect(&config.database_url)
        .await
        .map_err(|e| format!("base de données {} : {e}", redact(&config.database_url)))?;
    let store = sessions::Store::connect(&config.database_url)
        .await
        .map_err(|e| format!("sessions : {e}"))?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| format!("impossible d'écouter sur {} : {e}", config.listen))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let base_url = config
        .base_url
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"));
    let state = ServerState(Arc::new(Shared {
        leptos_options: leptos_options(&config, addr),
        app: AppState {
            db: db.clone(),
            settings: Arc::new(settings(&config, &base_url)?),
            mailer: Arc::new(mailer(&config)?.queued(db.clone())),
        },
        secure_cookies: base_url.starts_with("https://"),
        base_url: base_url.clone(),
        uploads: uploads::Gates::new(&config.upload_limits),
        turns: turns::Turns::new(config.ops.requests_at_once),
    }));
    spawn_session_cleanup(store.clone());
    spawn_insurance_reminders(&state.app);
    spawn_retention(&state.app);
    tokio::spawn(app::infra::mail_queue::run(Mailer::clone(
        &state.app.mailer,
    )));
    let metrics_addr =
        telemetry::serve_metrics(config.ops.metrics_listen, state.app.clone()).await?;
    if config.payment.test_bank {
        test_bank::spawn_delivery(db.clone(), config.payment.test_bank_delay_secs);
    }
    let router = router(state, store);
    let listener = listener.tap_io(|tcp| {
        // Without it, every response written in pieces waits ~40 ms (Nagle + delayed ACK).
        let _ = tcp.set_nodelay(true);
    });
    let grace = config.ops.shutdown_grace;
    let task = tokio::spawn(async move {
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        shutdown::bounded(
            |stop| {
                axum::serve(listener, service)
                    .with_graceful_shutdown(stop)
                    .into_future()
            },
            grace,
        )
        .await;
    });
    Ok(Running {
        addr,
        base_url,
        db,
        metrics_addr,
        task,
    })
}

fn settings(config: &Config, base_url: &str) -> Result<Settings, String> {
    let secret = config.load_secret()?;
    app::infra::mail::set_log_key(&secret);
    Ok(Settings {
        base_url: base_url.to_string(),
        payment: payment_settings(config, base_url, &secret),
        creditor_ics: config.creditor_ics.clone(),
        sdd: config.sdd.clone(),
        upload_limits: config.upload_limits,
        storage: config.storage()?,
        secret,
        password_policy: Default::default(),
        proxy_hops: config.proxy_hops,
        landlord_name: config.landlord_name.clone(),
        documents_dir: config.documents_dir(),
        legal: config.legal.clone(),
        retention: config.retention,
    })
}

fn payment_settings(config: &Config, base_url: &str, secret: &[u8]) -> PaymentSettings {
    let pay = &config.payment;
    PaymentSettings {
        site_id: pay.site_id.clone(),
        bank_name: pay.bank_name.clone(),
        // Embedded: a key of this installation's own, never a published one,
        // so that nobody can sign a notification for it.
        key: pay
            .key
            .clone()
            .unwrap_or_else(|| test_bank::derived_key(secret)),
        mode: pay.mode,
        algorithm: pay.algorithm,
        page_url: pay
            .page_url
            .clone()
            .unwrap_or_else(|| format!("{base_url}{}", test_bank::PAGE)),
        minimum: pay.minimum,
        maximum_ahead: pay.maximum_ahead,
        pending_for_secs: 30 * 60,
        test_bank: pay.test_bank,
    }
}

fn mailer(config: &Config) -> Result<Mailer, String> {
    Mailer::new(
        &config.mail_from,
        config.smtp_url.as_deref(),
        config.outbox_dir.clone(),
    )
}

fn leptos_options(config: &Config, addr: SocketAddr) -> LeptosOptions {
    let reload_port = std::env::var("LEPTOS_RELOAD_PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(3001);
    LeptosOptions::builder()
        .output_name("app")
        .site_root(config.site_root.clone())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .reload_port(reload_port)
        .build()
}

fn router(state: ServerState, store: sessions::Store) -> Router {
    let routes = generate_route_list(app::App);
    let options = state.leptos_options.clone();
    let pkg_dir = format!("{}/pkg", options.site_root);
    let sessions = SessionManagerLayer::new(store)
        .with_name("espace_session")
        .with_secure(state.secure_cookies)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_expiry(Expiry::OnInactivity(time::Duration::minutes(IDLE_MINUTES)));
    let pkg = built_files(&state, &pkg_dir);
    Router::new()
        .leptos_routes_with_context(&state, routes, state.context(), move || {
            app::shell(options.clone())
        })
        .route(app::routes::LOGO, get(app::infra::logo::logo))
        .route(app::infra::pwa::MANIFEST, get(app::infra::pwa::manifest))
        .route(
            app::infra::pwa::SERVICE_WORKER,
            get(app::infra::pwa::service_worker),
        )
        .route(app::infra::pwa::OFFLINE, get(app::infra::pwa::offline))
        .route(
            &format!("{}/{{name}}", app::infra::pwa::ICONS),
            get(app::infra::pwa::icon),
        )
        .route(
            app::routes::STATEMENT_PDF,
            get(app::account::statement::statement_pdf),
        )
        .route(
            &format!("{}/{{id}}", app::routes::DOCUMENT_PDF),
            get(app::documents::ssr::notice_pdf),
        )
        .route(
            app::routes::RECEIPT_PDF,
            get(app::documents::ssr::receipt_pdf),
        )
        .route(
            &format!("{}/{{id}}", app::routes::PAYMENT_BANK),
            get(app::payment::ssr::bank_form::bank_redirect),
        )
        .route(
            app::routes::PAYMENT_IPN,
            axum::routing::post(app::payment::ssr::ipn::notification).layer(
                axum::extract::DefaultBodyLimit::max(app::payment::ssr::ipn::MAX_BODY),
            ),
        )
        .route(
            &format!("{}/{{numero}}", app::routes::PAYMENT_STATUS),
            get(app::payment::ssr::status::status),
        )
        .route(
            &format!("{}/{{id}}", app::routes::MANDATE_PDF),
            get(app::direct_debit::ssr::mandate_pdf::download),
        )
        .route(app::routes::MY_DATA_ZIP, get(app::privacy::ssr::download))
        .route(
            &format!("{}/{{id}}", app::routes::ATTACHMENT),
            get(app::requests::ssr::download::attachment),
        )
        .route(
            &format!("{}/{{id}}", app::back_office::ssr::collections::PAGE),
            get(app::back_office::ssr::collections::download),
        )
        .route(
            app::back_office::ssr::erp_export::zip::PATH,
            get(app::back_office::ssr::erp_export::zip::download),
        )
        .route(
            "/gestion/paiements.csv",
            get(app::back_office::ssr::payments::csv),
        )
        .route(
            &format!("{}{{id}}", app::back_office::ssr::download::PREFIX),
            get(app::back_office::ssr::download::attachment),
        )
        .merge(test_bank::routes(&state))
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            forms::plain_form_posts,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::same_origin,
        ))
        .layer(axum::middleware::from_fn(keep_alive))
        .layer(sessions)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            unavailable::page,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::headers,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.turns.clone(),
            turns::take,
        ))
        .layer(axum::middleware::from_fn(answer_in_time))
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(4)))
        .merge(pkg)
        .layer(axum::middleware::from_fn(telemetry::observe))
        .merge(health::routes(state.app.clone()))
        .with_state(state)
}

/// An active tenant's session lasts the idle delay after their last request.
async fn keep_alive(
    session: tower_sessions::Session,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if let Err(e) = app::auth::ssr::session::keep_alive(&session).await {
        tracing::warn!(error = ?e, "session not kept alive");
    }
    next.run(req).await
}

/// /pkg, outside the session, form, deadline and compression layers: the
/// built files need none of them, only the security headers. From memory in
/// a release server (`assets`); from disk under `cargo leptos watch`, where
/// they change, with the brotli/gzip copies beside them when present.
fn built_files(state: &ServerState, pkg_dir: &str) -> Router<ServerState> {
    let headers = axum::middleware::from_fn_with_state(state.clone(), security::headers);
    if config::watching() {
        let dir = tower::ServiceBuilder::new()
            .layer(SetResponseHeaderLayer::overriding(
                header::CACHE_CONTROL,
                HeaderValue::from_static("no-cache"),
            ))
            .service(
                ServeDir::new(pkg_dir)
                    .precompressed_br()
                    .precompressed_gzip(),
            );
        return Router::new().nest_service("/pkg", dir).layer(headers);
    }
    let assets = assets::Assets::load(std::path::Path::new(pkg_dir)).unwrap_or_else(|e| {
        tracing::error!(error = %e, dir = pkg_dir, "built files unreadable");
        assets::Assets::default()
    });
    tracing::info!(files = assets.len(), "built files in memory");
    let files = Router::new()
        .route("/{*file}", get(assets::serve))
        .with_state(assets);
    Router::new().nest("/pkg", files).layer(headers)
}

/// A request never waits more than this for its answer: a French error page
/// rather than a browser left waiting (see docs/known-issues.md).
const REQUEST_DEADLINE: std::time::Duration = std::time::Duration::from_secs(15);
const UPLOAD_DEADLINE: std::time::Duration = std::time::Duration::from_secs(600);

async fn answer_in_time(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let path = req.uri().path().to_string();
    // Files come at the tenant's connection speed: 25 MB on a slow line.
    let deadline = if uploads::is_multipart(req.headers()) {
        UPLOAD_DEADLINE
    } else {
        REQUEST_DEADLINE
    };
    match tokio::time::timeout(deadline, next.run(req)).await {
        Ok(res) => res,
        Err(_) => {
            tracing::error!(%path, "request stalled past its deadline");
            unavailable::answer(
                "La page n'a pas pu être préparée à temps. Merci de réessayer dans quelques instants.",
            )
        }
    }
}

/// Any other address: the app's own "Page introuvable", rendered whole.
async fn not_found(
    axum::extract::State(state): axum::extract::State<ServerState>,
    req: axum::extract::Request,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let options = state.leptos_options.clone();
    let handler = leptos_axum::render_app_async_with_context(state.context(), move || {
        app::shell(options.clone())
    });
    handler(req).await.into_response()
}

/// Every instance runs it; the database makes each reminder go once.
fn spawn_insurance_reminders(app: &AppState) {
    use app::insurance::ssr::reminders;
    let app = app.clone();
    tokio::spawn(async move {
        let link = app.settings.link(app::routes::INSURANCE);
        loop {
            let today = app::infra::today();
            let run = reminders::run_once(
                &app.db,
                &app.mailer,
                &link,
                &app.settings.landlord_name,
                today,
            );
            let result = run.await;
            job_ran("rappels_assurance", result.is_ok());
            match result {
                Ok(0) => {}
                Ok(n) => tracing::info!(mails = n, "insurance reminders sent"),
                Err(e) => tracing::error!(error = %e, "insurance reminders"),
            }
            tokio::time::sleep(reminders::EVERY).await;
        }
    });
}

/// Every instance looks every hour; the one that claims the day's run in the
/// database runs it (docs/privacy.md).
fn spawn_retention(app: &AppState) {
    use app::privacy::ssr::retention;
    let app = app.clone();
    tokio::spawn(async move {
        // Not at start: a server that starts often (tests, deployments)
        // would race the data it is loading.
        tokio::time::sleep(std::time::Duration::from_secs(600)).await;
        loop {
            let result = retention::run_if_due(&app).await;
            if !matches!(result, Ok(None)) {
                job_ran("conservation", result.is_ok());
            }
            match result {
                Ok(Some(report)) => tracing::info!(?report, "retention applied"),
                Ok(None) => {}
                Err(e) => tracing::error!(error = %e, "retention"),
            }
            tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
        }
    });
}

fn job_ran(job: &'static str, ok: bool) {
    let outcome = if ok { "ok" } else { "erreur" };
    metrics::counter!("espace_job_runs_total", "job" => job, "outcome" => outcome).increment(1);
}

fn spawn_session_cleanup(store: sessions::Store) {
    tokio::spawn(async move {
        // Every instance may run it: deleting expired rows twice is harmless.
        let _ = store
            .continuously_delete_expired(tokio::time::Duration::from_secs(600))
            .await;
    });
}

/// A database URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_string(),
    }
}

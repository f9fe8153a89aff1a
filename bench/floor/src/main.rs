//! The floor of `bench/run.sh`: one fixed 2 KB HTML page from axum 0.8, with
//! TCP_NODELAY as the portal sets it. Every figure of the benchmark is given
//! as a ratio to this one, measured in the same run on the same machine.
use axum::Router;
use axum::response::Html;
use axum::routing::get;
use axum::serve::ListenerExt;

#[tokio::main]
async fn main() {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:3399".into());
    let page: &'static str = Box::leak(page().into_boxed_str());
    let app = Router::new().route("/", get(move || async move { Html(page) }));
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .expect("floor: address")
        .tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
    axum::serve(listener, app).await.expect("floor: serve");
}

/// About 2 KB of HTML, the size of a small page of the portal's shell.
fn page() -> String {
    let mut html = String::from(
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Plancher</title></head><body><main>",
    );
    while html.len() < 2000 {
        html.push_str("<p>Une page fixe, servie sans base de données ni rendu.</p>");
    }
    html.push_str("</main></body></html>");
    html
}

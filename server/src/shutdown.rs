//! Stopping an instance (docs/deploying.md): on SIGTERM or Ctrl-C it stops
//! accepting connections at once (the proxy sends new requests to the other
//! instances), lets the requests under way finish for at most the configured
//! grace, then exits even if some have not.
use std::future::Future;
use std::time::Duration;

/// Runs `serve` (given the future that tells it to stop accepting) until it
/// ends by itself, or until `grace` after the stop signal.
pub async fn bounded<S, F>(serve: S, grace: Duration)
where
    S: FnOnce(std::pin::Pin<Box<dyn Future<Output = ()> + Send>>) -> F,
    F: Future<Output = std::io::Result<()>>,
{
    let (tx, rx) = tokio::sync::watch::channel(false);
    let stop = Box::pin(async move {
        let mut rx = rx;
        let _ = rx.wait_for(|stopping| *stopping).await;
    });
    let serving = serve(stop);
    tokio::pin!(serving);
    let result = tokio::select! {
        r = &mut serving => r,
        () = signal() => {
            tracing::info!(grace_seconds = grace.as_secs(), "arrêt demandé : plus de nouvelle connexion, fin des requêtes en cours");
            let _ = tx.send(true);
            match tokio::time::timeout(grace, &mut serving).await {
                Ok(r) => r,
                Err(_) => {
                    tracing::warn!("arrêt : des requêtes duraient encore au bout du délai, abandonnées");
                    Ok(())
                }
            }
        }
    };
    if let Err(e) = result {
        tracing::error!(error = %e, "server stopped");
    }
    tracing::info!("arrêté");
}

async fn signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
}

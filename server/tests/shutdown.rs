//! Stopping an instance (docs/deploying.md): after SIGTERM it stops
//! accepting at once, lets a request under way finish, and exits after the
//! grace even if one never ends. One test in its own process: it signals it.
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_stops_accepting_and_waits_a_bounded_time() {
    // A server whose work never ends, even when told to stop.
    let never = |stop: std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>| async move {
        stop.await;
        std::future::pending::<std::io::Result<()>>().await
    };
    let stopping = tokio::spawn(server::shutdown::bounded(never, Duration::from_secs(1)));
    // The signal handler is in place once `bounded` has started.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let sent = Instant::now();
    // SAFETY: raise() only sends a signal to this process, which handles it.
    unsafe { libc::raise(libc::SIGTERM) };
    tokio::time::timeout(Duration::from_secs(5), stopping)
        .await
        .expect("exits after its grace")
        .unwrap();
    let took = sent.elapsed();
    assert!(
        took >= Duration::from_millis(900),
        "waited for the work under way: {took:?}"
    );

    // A server whose requests end soon after the stop: exits then, not at the grace.
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let prompt = move |stop: std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>| async move {
        stop.await;
        let _ = tx.send(());
        tokio::time::sleep(Duration::from_millis(100)).await;
        Ok(())
    };
    let stopping = tokio::spawn(server::shutdown::bounded(prompt, Duration::from_secs(30)));
    tokio::time::sleep(Duration::from_millis(200)).await;
    let sent = Instant::now();
    unsafe { libc::raise(libc::SIGTERM) };
    rx.await.expect("told to stop accepting");
    tokio::time::timeout(Duration::from_secs(5), stopping)
        .await
        .expect("exits when the requests are done")
        .unwrap();
    assert!(sent.elapsed() < Duration::from_secs(5));
}

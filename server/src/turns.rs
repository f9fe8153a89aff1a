//! How many requests the server works on at once. Every signed-in page waits
//! on the database between its parts, so without a limit each open
//! connection holds a half-built page in memory (256 connections took the
//! server from 45 to 95 MB, docs/benchmarks.md) and the two cores switch
//! between all of them. With a limit the others wait their turn in order
//! (tokio's semaphore is fair), inside the request deadline: past it they get
//! the French "réessayez" page, never a dropped connection.
//!
//! A post's body comes at the sender's speed: it is read whole before the
//! post takes its turn, so that a slow sender never holds one. Files
//! (multipart) have their own limits (`uploads::Gates`) and take no turn: an
//! upload lasts minutes on a slow line.
use crate::security::error_page;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// The most a post without files carries; the handlers' own limits are
/// lower still (a form 64 KB, the bank's notification 32 KB).
const MAX_POST_BYTES: usize = 2 * 1024 * 1024;

#[derive(Clone)]
pub struct Turns(Arc<Semaphore>);

impl Turns {
    pub fn new(at_once: usize) -> Self {
        Self(Arc::new(Semaphore::new(at_once.max(1))))
    }
}

pub async fn take(State(limit): State<Turns>, req: Request, next: Next) -> Response {
    let req = match *req.method() {
        Method::GET | Method::HEAD => req,
        _ if crate::uploads::is_multipart(req.headers()) => return next.run(req).await,
        _ => match read_whole(req).await {
            Ok(req) => req,
            Err(refused) => return refused,
        },
    };
    // The semaphore is never closed: `acquire` cannot fail.
    let _turn = limit.0.acquire().await.ok();
    next.run(req).await
}

async fn read_whole(req: Request) -> Result<Request, Response> {
    let (parts, body) = req.into_parts();
    match to_bytes(body, MAX_POST_BYTES).await {
        Ok(bytes) => Ok(Request::from_parts(parts, Body::from(bytes))),
        // Too long, or the sender went away mid-body.
        Err(_) => Err(error_page(
            StatusCode::PAYLOAD_TOO_LARGE,
            "La demande envoyée est trop volumineuse.",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::http::header;
    use axum::routing::get;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;
    use tower::ServiceExt;

    /// A page that counts how many of it run at once and takes 30 ms.
    fn app(limit: usize, most: Arc<AtomicUsize>) -> Router {
        let running = Arc::new(AtomicUsize::new(0));
        let page = move |_body: axum::body::Bytes| {
            let (running, most) = (running.clone(), most.clone());
            async move {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(30)).await;
                running.fetch_sub(1, Ordering::SeqCst);
                "page"
            }
        };
        Router::new()
            .route("/", get(page.clone()).head(page.clone()).post(page))
            .layer(axum::middleware::from_fn_with_state(
                Turns::new(limit),
                take,
            ))
    }

    fn request(method: Method, content_type: &str, body: Body) -> Request {
        Request::builder()
            .method(method)
            .uri("/")
            .header(header::CONTENT_TYPE, content_type)
            .body(body)
            .unwrap()
    }

    async fn at_once(limit: usize, method: Method, content_type: &str) -> usize {
        let most = Arc::new(AtomicUsize::new(0));
        let app = app(limit, most.clone());
        let calls = (0..6).map(|_| {
            let req = request(method.clone(), content_type, Body::from("a=1"));
            app.clone().oneshot(req)
        });
        for res in futures::future::join_all(calls).await {
            assert_eq!(res.unwrap().status(), 200);
        }
        most.load(Ordering::SeqCst)
    }

    #[tokio::test]
    async fn requests_beyond_the_limit_wait_their_turn() {
        let form = "application/x-www-form-urlencoded";
        assert_eq!(at_once(2, Method::GET, form).await, 2);
        assert_eq!(at_once(1, Method::HEAD, form).await, 1);
        assert_eq!(at_once(1, Method::POST, form).await, 1);
    }

    #[tokio::test]
    async fn files_take_no_turn() {
        let files = "multipart/form-data; boundary=x";
        assert_eq!(at_once(1, Method::POST, files).await, 6);
    }

    #[tokio::test]
    async fn a_slow_sender_holds_no_turn() {
        let app = app(1, Arc::default());
        let (tx, rx) = futures::channel::mpsc::unbounded::<Result<String, std::io::Error>>();
        tx.unbounded_send(Ok("a=".into())).unwrap();
        let slow = request(Method::POST, "text/plain", Body::from_stream(rx));
        let slow = tokio::spawn(app.clone().oneshot(slow));
        tokio::time::sleep(Duration::from_millis(20)).await;
        let page = request(Method::GET, "text/plain", Body::empty());
        let res = tokio::time::timeout(Duration::from_secs(2), app.oneshot(page)).await;
        assert_eq!(res.expect("the page waited").unwrap().status(), 200);
        drop(tx);
        assert_eq!(slow.await.unwrap().unwrap().status(), 200);
    }

    #[tokio::test]
    async fn an_oversized_post_is_refused_in_french() {
        let app = app(1, Arc::default());
        let big = vec![b'a'; MAX_POST_BYTES + 1];
        let res = app
            .oneshot(request(Method::POST, "text/plain", Body::from(big)))
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
        let body = to_bytes(res.into_body(), usize::MAX).await.unwrap();
        assert!(String::from_utf8_lossy(&body).contains("trop volumineuse"));
    }
}

//! The built files (/pkg) are served from memory: compressed as the browser
//! accepts, revalidated by ETag, with the security headers, and without a
//! session (a built file never sets a cookie).
mod common;

use common::{Engine, spawn_with};

async fn built_files_come_from_memory_as_the_browser_accepts(engine: Engine) {
    let site = tempfile::tempdir().unwrap();
    let pkg = site.path().join("pkg");
    std::fs::create_dir_all(pkg.join("sous")).unwrap();
    std::fs::write(pkg.join("app.css"), "body{color:#000}").unwrap();
    std::fs::write(pkg.join("app.css.br"), b"brotli-bytes").unwrap();
    std::fs::write(pkg.join("app.css.gz"), b"gzip-bytes").unwrap();
    std::fs::write(pkg.join("app.wasm"), b"\0asm").unwrap();
    std::fs::write(pkg.join("sous/chunk.js"), "export{}").unwrap();
    let root = site.path().display().to_string();
    let app = spawn_with(engine, |c| c.site_root = root).await;
    // Read at start: a change on disk afterwards is not seen.
    std::fs::write(pkg.join("app.wasm"), b"changed").unwrap();
    let get = |path: &str, encoding: &'static str| {
        app.client
            .get(app.url(path))
            .header("accept-encoding", encoding)
            .send()
    };

    let br = get("/pkg/app.css", "gzip, deflate, br").await.unwrap();
    assert_eq!(br.status(), 200);
    let h = br.headers().clone();
    assert_eq!(h["content-encoding"], "br");
    assert_eq!(h["content-type"], "text/css; charset=utf-8");
    assert_eq!(h["cache-control"], "no-cache");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(h.get("set-cookie").is_none());
    let etag = h["etag"].to_str().unwrap().to_string();
    assert_eq!(br.bytes().await.unwrap().as_ref(), b"brotli-bytes");

    let gz = get("/pkg/app.css", "gzip, br;q=0").await.unwrap();
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    assert_eq!(gz.bytes().await.unwrap().as_ref(), b"gzip-bytes");
    let plain = get("/pkg/app.css", "identity").await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.bytes().await.unwrap().as_ref(), b"body{color:#000}");

    let revalidate = |tags: String, encoding: &'static str| {
        app.client
            .get(app.url("/pkg/app.css"))
            .header("accept-encoding", encoding)
            .header("if-none-match", tags)
            .send()
    };
    let again = revalidate(etag.clone(), "br").await.unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["etag"].to_str().unwrap(), etag);
    let listed = revalidate(format!("\"autre\", W/{etag}"), "br")
        .await
        .unwrap();
    assert_eq!(listed.status(), 304);
    // The gzip copy is another representation: the brotli copy's tag is not its own.
    let other = revalidate(etag.clone(), "gzip").await.unwrap();
    assert_eq!(other.status(), 200);
    assert_ne!(other.headers()["etag"].to_str().unwrap(), etag);

    let wasm = get("/pkg/app.wasm", "br").await.unwrap();
    assert_eq!(wasm.headers()["content-type"], "application/wasm");
    assert!(wasm.headers().get("content-encoding").is_none());
    assert_eq!(wasm.bytes().await.unwrap().as_ref(), b"\0asm");
    let nested = get("/pkg/sous/chunk.js", "br").await.unwrap();
    assert_eq!(nested.status(), 200);
    assert_eq!(
        nested.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    for missing in ["/pkg/absent.js", "/pkg/app.css.br", "/pkg/..%2FCargo.toml"] {
        let res = get(missing, "br").await.unwrap();
        assert_eq!(res.status(), 404, "{missing}");
    }
}

both_engines!(built_files_come_from_memory_as_the_browser_accepts);

//! The built browser files (/pkg: the WASM main module and its chunks, the
//! JS, the CSS), read into memory once at start. They never change while a
//! release server runs, and reading them from disk on every request cost a
//! trip to tokio's blocking pool and two thread switches each (profile in
//! docs/benchmarks.md). Served outside the session, form and compression
//! layers: a built file needs none of them. Under `cargo leptos watch`
//! (`config::watching`) the files do change, and are read from disk instead.
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// One file, with the brotli and gzip copies `scripts/compress-assets.sh`
/// wrote beside it when there are some.
struct Asset {
    mime: &'static str,
    /// Of the plain file; the compressed copies add their coding to it.
    etag: String,
    plain: Bytes,
    br: Option<Bytes>,
    gzip: Option<Bytes>,
}

/// Every file under the folder, by its path below it ("app.wasm").
#[derive(Clone, Default)]
pub struct Assets(Arc<HashMap<String, Asset>>);

impl Assets {
    pub fn load(dir: &Path) -> std::io::Result<Self> {
        let mut files = HashMap::new();
        if dir.is_dir() {
            read_dir(dir, "", &mut files)?;
        }
        Ok(Self(Arc::new(files)))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn read_dir(dir: &Path, prefix: &str, files: &mut HashMap<String, Asset>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
        let path = entry.path();
        if path.is_dir() {
            read_dir(&path, &format!("{name}/"), files)?;
        } else if !name.ends_with(".br") && !name.ends_with(".gz") {
            files.insert(name, read_asset(&path)?);
        }
    }
    Ok(())
}

fn read_asset(path: &Path) -> std::io::Result<Asset> {
    let plain = Bytes::from(std::fs::read(path)?);
    let beside = |ext: &str| {
        let mut p = path.as_os_str().to_owned();
        p.push(ext);
        std::fs::read(p).ok().map(Bytes::from)
    };
    // The same content gives the same tag on every instance behind a proxy.
    let digest = Sha256::digest(&plain);
    let etag = format!("\"{}\"", hex::encode(&digest[..12]));
    Ok(Asset {
        mime: mime(path),
        etag,
        br: beside(".br"),
        gzip: beside(".gz"),
        plain,
    })
}

fn mime(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "wasm" => "application/wasm",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// GET /pkg/{file}: the file from memory, compressed as the browser accepts,
/// 304 when the browser's copy is current.
pub async fn serve(State(assets): State<Assets>, req: Request) -> Response {
    let name = req.uri().path().trim_start_matches('/');
    let Some(asset) = assets.0.get(name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let headers = req.headers();
    let (bytes, encoding) = variant(asset, headers);
    // Each encoding is its own representation: its own strong tag.
    let etag = match encoding {
        Some(coding) => format!("{}-{coding}\"", asset.etag.trim_end_matches('"')),
        None => asset.etag.clone(),
    };
    let mut res = if matches(headers, &etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        body(asset, bytes, encoding)
    };
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    // Chunks of one build must go together: always ask whether they changed.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    res
}

/// The copy to send: brotli, gzip or plain, as the browser accepts.
fn variant(asset: &Asset, headers: &HeaderMap) -> (Bytes, Option<&'static str>) {
    match (&asset.br, &asset.gzip) {
        (Some(br), _) if accepts(headers, "br") => (br.clone(), Some("br")),
        (_, Some(gz)) if accepts(headers, "gzip") => (gz.clone(), Some("gzip")),
        _ => (asset.plain.clone(), None),
    }
}

/// If-None-Match names this tag (in a list, weak or not) or `*`.
fn matches(headers: &HeaderMap, etag: &str) -> bool {
    list_items(headers, header::IF_NONE_MATCH)
        .map(|t| t.trim_start_matches("W/"))
        .any(|t| t == "*" || t == etag)
}

fn body(asset: &Asset, bytes: Bytes, encoding: Option<&'static str>) -> Response {
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(asset.mime));
    if let Some(encoding) = encoding {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    res
}

/// Whether Accept-Encoding lists this coding with a weight above zero.
fn accepts(headers: &HeaderMap, coding: &str) -> bool {
    list_items(headers, header::ACCEPT_ENCODING).any(|item| {
        let mut parts = item.split(';').map(str::trim);
        let name_ok = parts.next().is_some_and(|n| n.eq_ignore_ascii_case(coding));
        let refused = parts.any(|p| {
            p.strip_prefix("q=")
                .and_then(|q| q.parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        name_ok && !refused
    })
}

/// The items of a comma-separated header, over all its lines, trimmed.
fn list_items(headers: &HeaderMap, name: header::HeaderName) -> impl Iterator<Item = &str> {
    headers
        .get_all(name)
        .into_iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
}

#[cfg(test)]
mod tests {
    use super::accepts;
    use axum::http::{HeaderMap, HeaderValue, header};

    fn with(v: &'static str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_static(v));
        h
    }

    #[test]
    fn a_coding_is_accepted_only_when_listed_without_a_zero_weight() {
        assert!(accepts(&with("gzip, deflate, br, zstd"), "br"));
        assert!(accepts(&with("gzip;q=0.5, br;q=1.0"), "br"));
        assert!(!accepts(&with("gzip, br;q=0"), "br"));
        assert!(accepts(&with("gzip, br;q=0"), "gzip"));
        assert!(!accepts(&with("identity"), "gzip"));
        assert!(!accepts(&HeaderMap::new(), "br"));
        assert!(!accepts(&with("brotli"), "br"));
    }
}

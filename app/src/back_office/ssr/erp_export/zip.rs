//! `GET /gestion/export-erp.zip`: the same export as `server export`, as a
//! ZIP, for an administrator. A reissue: it never moves the cursor, so the
//! command's next run still carries everything. Audited.

use super::super::{audit, staff};
use crate::infra::AppState;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use std::io::Write;

pub const PATH: &str = "/gestion/export-erp.zip";

#[derive(serde::Deserialize)]
pub struct Params {
    /// jj/mm/aaaa; without it, since the last export.
    #[serde(default)]
    depuis: String,
}

pub async fn download(
    State(st): State<AppState>,
    session: tower_sessions::Session,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
    Query(params): Query<Params>,
) -> Response {
    let me = match staff::current(&st.db, &session).await {
        Ok(me) if me.is_admin() => me,
        Ok(_) => return super::super::download::not_found(),
        Err(_) => return crate::infra::web::see_other(crate::back_office::LOGIN),
    };
    let since = if params.depuis.trim().is_empty() {
        super::cursor(&st.db).await
    } else {
        match super::day_start(&params.depuis) {
            Ok(s) => Ok(s),
            Err(reason) => {
                return crate::infra::web::simple_page(
                    axum::http::StatusCode::BAD_REQUEST,
                    "Export ERP",
                    &reason,
                    (crate::back_office::HOME, "Retour à la gestion"),
                );
            }
        }
    };
    let export = match since {
        Ok(since) => {
            let until = crate::infra::now() - super::SETTLE_SECONDS;
            super::build(&st.db, &st.settings.storage, since, until).await
        }
        Err(e) => Err(e),
    };
    let Ok(export) = export else {
        return crate::documents::ssr::technical_problem();
    };
    let Ok(bytes) = archive(&export.files) else {
        tracing::error!("export: zip not written");
        return crate::documents::ssr::technical_problem();
    };
    let ip = crate::infra::ip_from(&headers, Some(peer), st.settings.proxy_hops);
    let summary = export.summary().replace('\n', " ; ");
    let _ = audit::log(&st.db, &me, "export ERP (ZIP)", None, &summary, &ip).await;
    if let Err(e) = super::record(&st.db, &export, true).await {
        tracing::error!(error = ?e, "export: ZIP download not recorded");
    }
    let name = format!(
        "export-erp-{}.zip",
        crate::infra::paris_day(export.until).format("%Y%m%d")
    );
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/zip"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

fn archive(files: &[super::ExportFile]) -> ::zip::result::ZipResult<Vec<u8>> {
    let mut out = ::zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = ::zip::write::SimpleFileOptions::default()
        .compression_method(::zip::CompressionMethod::Deflated);
    for f in files {
        out.start_file(f.name.as_str(), options)?;
        out.write_all(&f.bytes)?;
    }
    Ok(out.finish()?.into_inner())
}

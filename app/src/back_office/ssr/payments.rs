//! Payments by date with status and bank reference, and their CSV export
//! for accounting (comptabilité and administrators).
use super::staff::Staff;
use super::{audit, staff};
use crate::back_office::PaymentRow;
use crate::domain::Money;
use crate::error::AppError;
use crate::infra::AppState;

pub async fn list(st: &AppState, staff: &Staff) -> Result<Vec<PaymentRow>, AppError> {
    if !staff.handles_money() {
        return Err(AppError::NotFound);
    }
    let rows: Vec<(i64, String, i64, String, Option<String>, String)> = sqlx::query_as(
        "SELECT p.created_at, a.number, p.amount_cents, p.status, p.bank_reference, p.trans_id
         FROM payment p JOIN client_account a ON a.id = p.account_id
         ORDER BY p.created_at DESC, p.id DESC LIMIT 1000",
    )
    .fetch_all(&st.db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(at, account, cents, status, reference, trans_id)| PaymentRow {
                date: super::inbox::when(at),
                account,
                amount: Money::from_cents(cents).to_string(),
                status,
                reference: reference.unwrap_or(trans_id),
            },
        )
        .collect())
}

/// `GET /gestion/paiements.csv`: semicolons and a BOM, as French
/// spreadsheets expect.
pub async fn csv(
    axum::extract::State(st): axum::extract::State<AppState>,
    session: tower_sessions::Session,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<std::net::SocketAddr>,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let me = match staff::current(&st.db, &session).await {
        Ok(me) => me,
        Err(_) => return crate::infra::web::see_other(crate::back_office::LOGIN),
    };
    let rows = match list(&st, &me).await {
        Ok(rows) => rows,
        Err(AppError::NotFound) => return super::download::not_found(),
        Err(_) => return crate::documents::ssr::technical_problem(),
    };
    let ip = crate::infra::ip_from(&headers, Some(peer), st.settings.trust_proxy);
    let _ = audit::log(
        &st.db,
        &me,
        "export paiements",
        None,
        &format!("{} lignes", rows.len()),
        &ip,
    )
    .await;
    let mut out = String::from("\u{feff}date;compte;montant;statut;reference\r\n");
    for r in rows {
        let amount = r
            .amount
            .replace(['\u{a0}', '\u{202f}', ' '], "")
            .replace('€', "");
        out.push_str(&format!(
            "{};{};{};{};{}\r\n",
            r.date, r.account, amount, r.status, r.reference
        ));
    }
    let mut res = out.into_response();
    let h = res.headers_mut();
    h.insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    h.insert(
        axum::http::header::CONTENT_DISPOSITION,
        axum::http::HeaderValue::from_static("attachment; filename=\"paiements.csv\""),
    );
    h.insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("private, no-store"),
    );
    res
}

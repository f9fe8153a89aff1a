//! Payments by date with status and bank reference, and their CSV export
//! for accounting (comptabilité and administrators).
use super::staff::Staff;
use super::{audit, staff};
use crate::back_office::{PaymentRow, PaymentsView};
use crate::domain::Money;
use crate::error::AppError;
use crate::infra::AppState;
use crate::payment::ssr::CtxMode;

/// The payments page: the bank's mode in use (TEST takes the bank's test
/// cards and moves no money), then the payments.
pub async fn view(st: &AppState, staff: &Staff) -> Result<PaymentsView, AppError> {
    let rows = list(st, staff).await?;
    let mode = st.settings.payment.mode;
    Ok(PaymentsView {
        mode: match mode {
            CtxMode::Test => {
                "Mode de paiement : TEST (banque de test : aucun paiement réel)".into()
            }
            CtxMode::Production => "Mode de paiement : PRODUCTION (paiements réels)".into(),
        },
        test: mode == CtxMode::Test,
        rows,
    })
}

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
/// spreadsheets expect; every cell quoted and neutralised (see [`csv_cell`]).
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
    let ip = crate::infra::ip_from(&headers, Some(peer), st.settings.proxy_hops);
    let _ = audit::log(
        &st.db,
        &me,
        "export paiements",
        None,
        &format!("{} lignes", rows.len()),
        &ip,
    )
    .await;
    let mut res = csv_text(&rows).into_response();
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

/// The export's text: a BOM, a header line, one line a payment.
fn csv_text(rows: &[PaymentRow]) -> String {
    let line = |cells: [String; 5]| cells.join(";") + "\r\n";
    let header = ["date", "compte", "montant", "statut", "reference"].map(csv_cell);
    let mut out = String::from("\u{feff}") + &line(header);
    for r in rows {
        out.push_str(&line([
            csv_cell(&r.date),
            csv_cell(&r.account),
            csv_amount(&r.amount),
            csv_cell(&r.status),
            csv_cell(&r.reference),
        ]));
    }
    out
}

/// One text cell, always quoted (a `;`, a quote or a line break in a value
/// cannot shift the columns). A value starting with `=`, `+`, `-`, `@`, a
/// tab or a carriage return is what a spreadsheet runs as a formula: a `'`
/// before it makes it text (OWASP, CSV injection). Applied to every text,
/// whoever typed it: references come from the bank, numbers from the ERP.
pub fn csv_cell(value: &str) -> String {
    let formula = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let value = if formula {
        format!("'{value}")
    } else {
        value.to_string()
    };
    format!("\"{}\"", value.replace('"', "\"\""))
}

/// An amount, from the `Money` we formatted out of a whole number of cents
/// (never typed by a tenant), spaces and € removed: "-1234,50". It stays a
/// number the spreadsheet can add up, so its minus sign is not neutralised
/// (a `'` would make a refund text). Only a plain decimal number skips
/// [`csv_cell`]: anything else in this column would be neutralised as text.
fn csv_amount(formatted: &str) -> String {
    let amount = formatted
        .replace(['\u{a0}', '\u{202f}', ' '], "")
        .replace('€', "");
    let digits = amount.strip_prefix('-').unwrap_or(&amount);
    let number = match digits.split_once(',') {
        Some((units, cents)) => is_digits(units) && is_digits(cents),
        None => is_digits(digits),
    };
    if number {
        format!("\"{amount}\"")
    } else {
        csv_cell(&amount)
    }
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::{csv_amount, csv_cell};

    #[test]
    fn cells_are_quoted_and_formulas_neutralised() {
        for (raw, cell) in [
            ("123456", "\"123456\""),
            ("accepte", "\"accepte\""),
            ("", "\"\""),
            ("a;b", "\"a;b\""),
            ("dit \"oui\"", "\"dit \"\"oui\"\"\""),
            ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""),
            ("+33 6", "\"'+33 6\""),
            ("-2+3", "\"'-2+3\""),
            ("@SUM(A1)", "\"'@SUM(A1)\""),
            ("\tcmd", "\"'\tcmd\""),
            ("\rcmd", "\"'\rcmd\""),
            ("a=b", "\"a=b\""),
        ] {
            assert_eq!(csv_cell(raw), cell, "{raw:?}");
        }
    }

    #[test]
    fn our_amounts_stay_numbers() {
        assert_eq!(csv_amount("1\u{a0}234,50\u{a0}€"), "\"1234,50\"");
        assert_eq!(csv_amount("-12,00\u{a0}€"), "\"-12,00\"");
        assert_eq!(csv_amount("45"), "\"45\"");
        assert_eq!(csv_amount("-1+2"), "\"'-1+2\"");
        assert_eq!(csv_amount("=1"), "\"'=1\"");
        assert_eq!(csv_amount("-"), "\"'-\"");
    }
}

//! `GET /mon-compte/releve.pdf?du=…&au=…`: the relevé de compte of a period,
//! as PDF. Wrong dates send the tenant back to Mon compte with the dates
//! typed and the reason next to the fields.

use super::ssr::{balance_at, entries};
use crate::documents::ssr::{Letterhead, download_tenant, letterhead, technical_problem};
use crate::domain::Money;
use crate::error::AppError;
use crate::infra::french_date;
use crate::infra::pdf::{MARGIN, Pdf, WIDTH};
use crate::infra::{AppState, today, web};
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use std::collections::HashMap;
use tower_sessions::Session;

/// Longest period of one relevé (a guard against a 100-year PDF).
const MAX_DAYS: i64 = 3660;

/// Dates come from `<input type=date>` (ISO) or, in browsers without it,
/// typed as dd/mm/yyyy.
fn parse_day(raw: &str) -> Option<NaiveDate> {
    let raw = raw.trim();
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(raw, "%d/%m/%Y"))
        .ok()
}

/// The period, or the refusal code shown by Mon compte.
pub fn period(
    from: &str,
    to: &str,
    today: NaiveDate,
) -> Result<(NaiveDate, NaiveDate), &'static str> {
    let (Some(from), Some(to)) = (parse_day(from), parse_day(to)) else {
        return Err("dates");
    };
    if from > to {
        return Err("ordre");
    }
    if from > today {
        return Err("futur");
    }
    if (to - from).num_days() > MAX_DAYS {
        return Err("longue");
    }
    Ok((from, to.min(today)))
}

pub async fn statement_pdf(
    State(st): State<AppState>,
    session: Session,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let tenant = match download_tenant(&st, &session).await {
        Ok(t) => t,
        Err(res) => return res,
    };
    let raw = |k: &str| {
        q.get(k)
            .map(|v| v.chars().take(20).collect::<String>())
            .unwrap_or_default()
    };
    let (from, to) = match period(&raw("du"), &raw("au"), today()) {
        Ok(p) => p,
        Err(code) => {
            let back = format!(
                "{}?du={}&au={}&erreur={code}#releve-section",
                crate::routes::ACCOUNT,
                urlencode(&raw("du")),
                urlencode(&raw("au"))
            );
            return web::see_other(&back);
        }
    };
    match build(&st, &tenant, from, to).await {
        Ok(bytes) => web::pdf(bytes, &format!("releve-{from}-{to}.pdf")),
        Err(_) => technical_problem(),
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub async fn build(
    st: &AppState,
    tenant: &crate::auth::ssr::queries::Tenant,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<u8>, AppError> {
    let db = &st.db;
    let opening = balance_at(db, tenant.account_id, from.pred_opt().unwrap_or(from)).await?;
    let lines = entries(db, tenant.account_id, from, to, false, 100_000, 0).await?;
    let closing = balance_at(db, tenant.account_id, to).await?;
    let head = letterhead(st, tenant).await?;
    let period = format!(
        "Du {} au {}",
        french_date(&from.to_string()),
        french_date(&to.to_string())
    );
    tokio::task::spawn_blocking(move || document(&head, &period, opening, &lines, closing))
        .await
        .map_err(|e| AppError::internal("statement pdf task", e))?
        .map_err(|e| AppError::internal("statement pdf", e))
}

const COLS: [f32; 4] = [
    MARGIN + 62.0,
    WIDTH - MARGIN - 150.0,
    WIDTH - MARGIN - 75.0,
    WIDTH - MARGIN,
];

fn document(
    head: &Letterhead,
    period: &str,
    opening: Money,
    lines: &[super::LedgerLine],
    closing: Money,
) -> Result<Vec<u8>, String> {
    let mut pdf = Pdf::new(&format!("Relevé de compte {} — {period}", head.account));
    head.draw(&mut pdf, "Relevé de compte", period);
    let header = |pdf: &mut Pdf| {
        pdf.text_at(MARGIN, 9.0, true, "Date");
        pdf.text_at(COLS[0], 9.0, true, "Libellé");
        pdf.right_at(COLS[1], 9.0, true, "Facturation");
        pdf.right_at(COLS[2], 9.0, true, "Règlement");
        pdf.right_at(COLS[3], 9.0, true, "Solde");
        pdf.down(6.0);
        pdf.rule();
    };
    header(&mut pdf);
    pdf.text_at(COLS[0], 9.0, false, "Solde au début de la période");
    pdf.right_at(COLS[3], 9.0, false, &opening.to_string());
    pdf.down(14.0);
    if lines.is_empty() {
        pdf.text_at(COLS[0], 9.0, false, "Aucune écriture sur cette période.");
        pdf.down(14.0);
    }
    let amount = |m: Option<Money>| m.map(|m| m.to_string()).unwrap_or_default();
    for l in lines {
        let before = pdf.y;
        pdf.ensure(14.0);
        if pdf.y < before {
            header(&mut pdf);
        }
        pdf.text_at(MARGIN, 9.0, false, &l.date);
        pdf.text_at(
            COLS[0],
            9.0,
            false,
            &l.label.chars().take(45).collect::<String>(),
        );
        pdf.right_at(COLS[1], 9.0, false, &amount(l.charge));
        pdf.right_at(COLS[2], 9.0, false, &amount(l.payment));
        pdf.right_at(COLS[3], 9.0, false, &l.balance.to_string());
        pdf.down(14.0);
    }
    pdf.rule();
    let sentence = match closing.cents() {
        0 => "Solde à la fin de la période : à jour".to_string(),
        c if c > 0 => format!("Solde à la fin de la période : {closing} à régler"),
        _ => format!("Solde à la fin de la période : crédit de {}", closing.abs()),
    };
    pdf.line(11.0, true, &sentence);
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::period;
    use chrono::NaiveDate;

    #[test]
    fn periods_are_checked() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert!(period("2025-01-01", "2025-12-31", today).is_ok());
        assert!(period("01/01/2025", "31/12/2025", today).is_ok());
        assert_eq!(period("2025-12-31", "2025-01-01", today), Err("ordre"));
        assert_eq!(period("2027-01-01", "2027-02-01", today), Err("futur"));
        assert_eq!(period("1990-01-01", "2025-01-01", today), Err("longue"));
        assert_eq!(period("", "2025-01-01", today), Err("dates"));
        assert_eq!(period("2025-02-30", "2025-03-01", today), Err("dates"));
        assert_eq!(period("2026-01-01", "2030-01-01", today).unwrap().1, today);
    }
}

//! Claims the agency recorded (by phone, at the desk) and the ERP exported:
//! shown in Mes réclamations beside the portal's own, read-only.
use super::{ClaimView, MessageView};
use crate::error::AppError;
use crate::infra::Db;
use crate::infra::french_date as french;
use crate::requests::{Area, Status, progress};

type Row = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

/// (yyyy-mm-dd, claim) for each claim of the account the portal did not create.
pub async fn claims(db: &Db, account_id: i64) -> Result<Vec<(String, ClaimView)>, AppError> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, reference, opened_on, category, place, description, status,
                taken_on, resolved_on, closed_on, answer
         FROM erp_claim WHERE account_id = $1 AND request_id IS NULL
         ORDER BY opened_on DESC, id DESC LIMIT 30",
    )
    .bind(account_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(view).collect())
}

fn view(row: Row) -> (String, ClaimView) {
    let (id, number, opened, category, place, description, status, taken, resolved, closed, answer) =
        row;
    let last_date = [&closed, &resolved, &taken]
        .into_iter()
        .flatten()
        .next()
        .map_or_else(|| french(&opened), |d| french(d.as_str()));
    let mut messages = vec![];
    if !description.is_empty() {
        messages.push(MessageView {
            author: "Vous (à votre agence)".into(),
            at: french(&opened),
            body: description,
        });
    }
    if !answer.is_empty() {
        messages.push(MessageView {
            author: "Votre bailleur".into(),
            at: last_date,
            body: answer,
        });
    }
    let history = [
        (Some(&opened), Status::Sent),
        (taken.as_ref(), Status::Taken),
        (resolved.as_ref(), Status::Resolved),
        (closed.as_ref(), Status::Closed),
    ]
    .into_iter()
    .filter_map(|(d, s)| d.map(|d| (french(d), s.label(Area::Claim).to_string())))
    .collect();
    let claim = ClaimView {
        id,
        number,
        date: french(&opened),
        category,
        place,
        emergency: false,
        progress: progress(&status, Area::Claim),
        open: false,
        reopenable: false,
        messages,
        history,
        attachments: vec![],
        by_agency: true,
    };
    (opened, claim)
}

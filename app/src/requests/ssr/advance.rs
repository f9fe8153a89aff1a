//! What the landlord's staff do to a request (the back office calls this):
//! move it to a new status, with an answer, in one transaction; apply what
//! it asked once accepted (an insurance period on the lease, new phones or
//! situation on the person); then tell the tenant by mail. The tenant sees
//! the new Avancement, the answer and the history on the page.
use super::store::event;
use crate::error::AppError;
use crate::infra::{Db, Mailer, now};
use crate::requests::{Area, Status, number_label};

#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    NotFound,
    /// A move the request's status does not allow (a forged form).
    Transition,
}

pub struct Move<'a> {
    pub request_id: i64,
    pub to: Status,
    /// Sent to the tenant as a message, when not empty.
    pub answer: &'a str,
}

/// `site`: the portal's public address, for the mail's link.
pub async fn advance(
    db: &Db,
    mailer: &Mailer,
    site: &str,
    m: Move<'_>,
) -> Result<Result<(), Refusal>, AppError> {
    type Row = (String, String, i64, i64, Option<i64>, i64, String);
    let row: Option<Row> = sqlx::query_as(
        "SELECT area, status, number, login_id, lease_id, account_id, payload FROM tenant_request WHERE id = $1",
    )
    .bind(m.request_id)
    .fetch_optional(&db.pool)
    .await?;
    let Some((area, status, number, login_id, lease_id, _, payload)) = row else {
        return Ok(Err(Refusal::NotFound));
    };
    let (Some(area), Some(from)) = (Area::from_code(&area), Status::from_code(&status)) else {
        return Ok(Err(Refusal::NotFound));
    };
    if !from.can_move(m.to, area) {
        return Ok(Err(Refusal::Transition));
    }
    let at = now();
    let mut tx = db.pool.begin().await?;
    // Only from the status read above: two staff members moving it at once
    // cannot both succeed.
    let done = sqlx::query(
        "UPDATE tenant_request SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4",
    )
    .bind(m.to.code())
    .bind(at)
    .bind(m.request_id)
    .bind(from.code())
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(Err(Refusal::Transition));
    }
    event(&mut tx, m.request_id, m.to, at).await?;
    if !m.answer.trim().is_empty() {
        sqlx::query(
            "INSERT INTO request_message (request_id, author, body, created_at) VALUES ($1, 'bailleur', $2, $3)",
        )
        .bind(m.request_id)
        .bind(m.answer.trim())
        .bind(at)
        .execute(&mut *tx)
        .await?;
    }
    if m.to == Status::Accepted {
        apply(&mut tx, area, login_id, lease_id, &payload).await?;
    }
    tx.commit().await?;
    tell(db, mailer, site, login_id, area, number, m.to, m.answer).await;
    Ok(Ok(()))
}

/// What an accepted request changes in the landlord's data.
async fn apply(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    area: Area,
    login_id: i64,
    lease_id: Option<i64>,
    payload: &str,
) -> Result<(), AppError> {
    let p: serde_json::Value = serde_json::from_str(payload).unwrap_or_default();
    let text = |k: &str| p[k].as_str().unwrap_or_default().to_string();
    let person = "(SELECT person_id FROM tenant_login WHERE id = $1)";
    let (sql, values): (String, Vec<String>) = match area {
        Area::Insurance => (
            "UPDATE lease SET insurance_from = $2, insurance_to = $3 WHERE id = $1".into(),
            vec![text("du"), text("au")],
        ),
        Area::ContactDetails => (
            format!(
                "UPDATE person SET phone_home = $2, phone_mobile = $3, phone_work = $4 WHERE id = {person}"
            ),
            vec![text("phone_home"), text("phone_mobile"), text("phone_work")],
        ),
        Area::FamilySituation => (
            format!("UPDATE person SET family_situation = $2 WHERE id = {person}"),
            vec![text("family_situation")],
        ),
        Area::WorkSituation => (
            format!(
                "UPDATE person SET occupation_category = $2, profession = $3 WHERE id = {person}"
            ),
            vec![text("occupation_category"), text("profession")],
        ),
        Area::Request | Area::Claim => return Ok(()),
    };
    let id = if area == Area::Insurance {
        lease_id.unwrap_or(-1)
    } else {
        login_id
    };
    let mut q = sqlx::query(&sql).bind(id);
    for v in values {
        q = q.bind(v);
    }
    q.execute(&mut **tx).await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn tell(
    db: &Db,
    mailer: &Mailer,
    site: &str,
    login_id: i64,
    area: Area,
    number: i64,
    to: Status,
    answer: &str,
) {
    let Some(email) = crate::auth::ssr::queries::mail_address(db, login_id).await else {
        return;
    };
    let page = crate::requests::page_of(area);
    let number = number_label(number);
    let mut body = format!(
        "Bonjour,\n\nVotre {} n° {number} est maintenant : {}.\n",
        area.label().to_lowercase(),
        to.label(area)
    );
    if !answer.trim().is_empty() {
        body.push_str(&format!(
            "\nRéponse de votre bailleur :\n{}\n",
            answer.trim()
        ));
    }
    body.push_str(&format!("\nRetrouvez-la sur votre espace : {site}{page}\n"));
    mailer.send_later(
        &email,
        &format!("Votre demande n° {number} : {}", to.label(area)),
        body,
    );
}

//! Claims: listing with history and messages, recording, replying, reopening.
use super::{ClaimView, ClaimsView, MessageView, rules};
use crate::auth::ssr::queries::Tenant;
use crate::error::AppError;
use crate::forms::FormOutcome;
use crate::infra::paris_day;
use crate::infra::{AppState, Db, now};
use crate::requests::ssr::store::{attach_all, attachments, event};
use crate::requests::ssr::{NewRequest, record, start_state, typed_files};
use crate::requests::{Area, Status, number_label, progress};
use crate::uploads::Received;

fn when(ts: i64) -> String {
    crate::infra::paris_time(ts)
}

pub async fn view(st: &AppState, tenant: &Tenant) -> Result<ClaimsView, AppError> {
    type Row = (i64, i64, String, String, i64, String, i64, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, number, subject, place, emergency, status, created_at, updated_at
         FROM tenant_request WHERE account_id = $1 AND area = 'reclamation'
         ORDER BY created_at DESC, id DESC LIMIT 30",
    )
    .bind(tenant.account_id)
    .fetch_all(&st.db.pool)
    .await?;
    let mut claims = vec![];
    for (id, number, category, place, emergency, status, created, updated) in rows {
        let s = Status::from_code(&status);
        let day = paris_day(created).format("%Y-%m-%d").to_string();
        claims.push((
            day,
            ClaimView {
                id,
                number: number_label(number),
                date: paris_day(created).format("%d/%m/%Y").to_string(),
                category,
                place,
                emergency: emergency != 0,
                progress: progress(&status, Area::Claim),
                open: s.is_some_and(Status::is_open),
                reopenable: reopenable(s, updated),
                messages: messages(&st.db, id).await?,
                history: history(&st.db, id).await?,
                attachments: attachments(&st.db, id).await?,
                by_agency: false,
            },
        ));
    }
    claims.extend(super::agency::claims(&st.db, tenant.account_id).await?);
    // Newest first, the agency's beside the portal's (stable: same day keeps order).
    claims.sort_by(|a, b| b.0.cmp(&a.0));
    let claims = claims.into_iter().map(|(_, c)| c).collect();
    let phone: Option<(String,)> = sqlx::query_as(
        "SELECT g.phone FROM client_account a JOIN agency g ON g.id = a.agency_id WHERE a.id = $1",
    )
    .bind(tenant.account_id)
    .fetch_optional(&st.db.pool)
    .await?;
    Ok(ClaimsView {
        claims,
        emergency_phone: phone.map(|p| p.0).unwrap_or_default(),
        max_files: st.settings.upload_limits.files,
    })
}

fn reopenable(status: Option<Status>, updated_at: i64) -> bool {
    matches!(status, Some(Status::Resolved | Status::Closed))
        && now() - updated_at <= rules::REOPEN_DAYS * 86_400
}

async fn messages(db: &Db, id: i64) -> Result<Vec<MessageView>, AppError> {
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT author, body, created_at FROM request_message WHERE request_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(author, body, at)| MessageView {
            author: if author == "locataire" {
                "Vous".into()
            } else {
                "Votre bailleur".into()
            },
            at: when(at),
            body,
        })
        .collect())
}

async fn history(db: &Db, id: i64) -> Result<Vec<(String, String)>, AppError> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT status, created_at FROM request_event WHERE request_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(s, at)| (when(at), progress(&s, Area::Claim)))
        .collect())
}

pub async fn create(
    st: &AppState,
    tenant: &Tenant,
    got: &Received,
) -> Result<FormOutcome, AppError> {
    let mut state = start_state(got, &["categorie", "lieu", "description", "urgence"]);
    let category = state.check("categorie", rules::category(got.field("categorie")));
    let place = state.check("lieu", rules::place(got.field("lieu")));
    let body = state.check(
        "description",
        crate::requests::rules::message(got.field("description")),
    );
    let mut files = typed_files(got, &[], &mut state);
    files.iter_mut().for_each(|f| f.doc_type = "photo");
    let (Some(category), Some(place), Some(body), true) = (category, place, body, state.is_ok())
    else {
        return Ok(FormOutcome::Refused(state));
    };
    let emergency = got.field("urgence") == "oui";
    let new = NewRequest {
        area: Area::Claim,
        account_id: tenant.account_id,
        login_id: tenant.login_id,
        lease_id: tenant.lease_id,
        subject: category,
        place,
        body: &body,
        payload: "{}".into(),
        emergency,
    };
    let (id, number) = record(&st.db, new, &files).await?;
    sqlx::query(
        "INSERT INTO request_message (request_id, author, body, created_at) VALUES ($1, 'locataire', $2, $3)",
    )
    .bind(id)
    .bind(&body)
    .bind(now())
    .execute(&st.db.pool)
    .await?;
    Ok(FormOutcome::to(format!(
        "{}?envoi={}",
        crate::routes::CLAIMS,
        number_label(number)
    )))
}

/// The tenant's own open claim, by the id the form carries.
async fn own_claim(
    db: &Db,
    tenant: &Tenant,
    id: &str,
) -> Result<Option<(i64, Status, i64)>, AppError> {
    let Ok(id) = id.trim().parse::<i64>() else {
        return Ok(None);
    };
    let row: Option<(i64, String, i64)> = sqlx::query_as(
        "SELECT id, status, updated_at FROM tenant_request
         WHERE id = $1 AND account_id = $2 AND area = 'reclamation'",
    )
    .bind(id)
    .bind(tenant.account_id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.and_then(|(id, s, at)| Status::from_code(&s).map(|s| (id, s, at))))
}

pub async fn reply(
    st: &AppState,
    tenant: &Tenant,
    claim: &str,
    got: &Received,
) -> Result<FormOutcome, AppError> {
    let mut state = start_state(got, &["reponse"]);
    let claim = own_claim(&st.db, tenant, claim).await?;
    let Some((id, status, _)) = claim.filter(|(_, s, _)| s.is_open()) else {
        return Ok(FormOutcome::to(format!(
            "{}?refus=reponse",
            crate::routes::CLAIMS
        )));
    };
    let _ = status;
    let body = state.check(
        "reponse",
        crate::requests::rules::message(got.field("reponse")),
    );
    let mut files = typed_files(got, &[], &mut state);
    files.iter_mut().for_each(|f| f.doc_type = "photo");
    let (Some(body), true) = (body, state.is_ok()) else {
        return Ok(FormOutcome::Refused(state));
    };
    let at = now();
    let mut tx = st.db.pool.begin().await?;
    sqlx::query("UPDATE tenant_request SET updated_at = $1 WHERE id = $2")
        .bind(at)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO request_message (request_id, author, body, created_at) VALUES ($1, 'locataire', $2, $3)",
    )
    .bind(id)
    .bind(&body)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    attach_all(&mut tx, id, &files, at).await?;
    tx.commit().await?;
    Ok(FormOutcome::to(format!(
        "{}#reclamation-{id}",
        crate::routes::CLAIMS
    )))
}

pub async fn reopen(st: &AppState, tenant: &Tenant, id: &str) -> Result<FormOutcome, AppError> {
    let claim = own_claim(&st.db, tenant, id).await?;
    let Some((id, _, _)) = claim.filter(|(_, s, at)| reopenable(Some(*s), *at)) else {
        return Ok(FormOutcome::to(format!(
            "{}?refus=rouvrir",
            crate::routes::CLAIMS
        )));
    };
    let at = now();
    let mut tx = st.db.pool.begin().await?;
    sqlx::query("UPDATE tenant_request SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(Status::Reopened.code())
        .bind(at)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    event(&mut tx, id, Status::Reopened, at).await?;
    tx.commit().await?;
    Ok(FormOutcome::to(format!(
        "{}#reclamation-{id}",
        crate::routes::CLAIMS
    )))
}

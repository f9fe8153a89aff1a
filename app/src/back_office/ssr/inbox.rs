//! One inbox of what tenants sent, oldest first, filtered by agency, type,
//! status and age; a request's detail; taking, answering and moving it.
use super::audit;
use super::staff::Staff;
use crate::back_office::{InboxItem, InboxView, RequestDetail};
use crate::error::AppError;
use crate::forms::{FormOutcome, FormState};
use crate::infra::{AppState, client_ip, now};
use crate::requests::ssr::advance::{Move, Refusal, advance};
use crate::requests::{Area, AttachmentView, Status, number_label, progress};

pub fn when(ts: i64) -> String {
    crate::infra::paris_time(ts)
}

pub struct Filters {
    pub agency: Option<String>,
    pub area: Option<String>,
    pub status: Option<String>,
    /// Older than this many days.
    pub age: Option<String>,
}

const ITEM_SQL: &str = "SELECT r.id, r.area, r.number, r.created_at, r.subject, r.status, r.emergency,
        a.number, g.name, COALESCE(s.name, ''),
        (SELECT p.first_name || ' ' || p.last_name FROM tenant_login t JOIN person p ON p.id = t.person_id WHERE t.id = r.login_id)
    FROM tenant_request r JOIN client_account a ON a.id = r.account_id
    JOIN agency g ON g.id = a.agency_id LEFT JOIN staff s ON s.id = r.staff_id";

type ItemRow = (
    i64,
    String,
    i64,
    i64,
    String,
    String,
    i64,
    String,
    String,
    String,
    Option<String>,
);

fn item(r: ItemRow) -> InboxItem {
    let (id, area, number, created, subject, status, emergency, account, agency, taken, name) = r;
    let area = Area::from_code(&area).unwrap_or(Area::Request);
    InboxItem {
        id,
        href: format!("{}/demandes/{id}", crate::back_office::HOME),
        kind: area.label().to_string(),
        number: number_label(number),
        date: when(created),
        age_days: (now() - created) / 86_400,
        tenant: format!("{} (compte {account})", name.unwrap_or_default()),
        agency,
        subject,
        status: progress(&status, area),
        taken_by: taken,
        emergency: emergency != 0,
    }
}

pub async fn inbox(st: &AppState, staff: &Staff, f: Filters) -> Result<InboxView, AppError> {
    let debits = if staff.handles_money() && f.area.as_deref().is_none_or(|a| a == "prelevement") {
        super::direct_debit::inbox_items(st).await?
    } else {
        vec![]
    };
    let only_debits = f.area.as_deref() == Some("prelevement");
    let mut view = requests(st, staff, f).await?;
    if only_debits {
        view.items.clear();
    }
    view.items.extend(debits);
    view.items.sort_by_key(|i| std::cmp::Reverse(i.age_days));
    Ok(view)
}

async fn requests(st: &AppState, staff: &Staff, f: Filters) -> Result<InboxView, AppError> {
    if !staff.handles_requests() {
        return Ok(InboxView {
            staff: staff.name.clone(),
            items: vec![],
            agencies: vec![],
        });
    }
    // Every filter is bound, never spliced: they come from the address bar.
    let agency = match staff.agency_id {
        Some(own) if !staff.is_admin() => own,
        _ => f
            .agency
            .as_deref()
            .and_then(|a| a.parse().ok())
            .unwrap_or(-1),
    };
    let area = f
        .area
        .filter(|a| Area::from_code(a).is_some())
        .unwrap_or_default();
    let status = f
        .status
        .filter(|s| s == "ouvertes" || Status::from_code(s).is_some())
        .unwrap_or_else(|| "ouvertes".into());
    let days: i64 = f.age.as_deref().and_then(|a| a.parse().ok()).unwrap_or(0);
    let sql = format!(
        "{ITEM_SQL} WHERE ($1 = -1 OR a.agency_id = $1) AND ($2 = '' OR r.area = $2)
           AND (($3 = 'ouvertes' AND r.status NOT IN ('acceptee', 'refusee', 'resolue', 'cloturee')) OR r.status = $3)
           AND r.created_at <= $4
         ORDER BY r.created_at, r.id LIMIT 200"
    );
    let rows: Vec<ItemRow> = sqlx::query_as(&sql)
        .bind(agency)
        .bind(&area)
        .bind(&status)
        .bind(now() - days * 86_400)
        .fetch_all(&st.db.pool)
        .await?;
    let agencies: Vec<(i64, String)> = sqlx::query_as("SELECT id, name FROM agency ORDER BY name")
        .fetch_all(&st.db.pool)
        .await?;
    Ok(InboxView {
        staff: staff.name.clone(),
        items: rows.into_iter().map(item).collect(),
        agencies: agencies
            .into_iter()
            .filter(|(id, _)| staff.sees_agency(*id))
            .map(|(id, n)| (id.to_string(), n))
            .collect(),
    })
}

/// The request if this staff member may see it: else `NotFound`, the same
/// answer as for an id that does not exist.
async fn visible(st: &AppState, staff: &Staff, id: &str) -> Result<(i64, i64, i64), AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let row: Option<(i64, i64, i64)> = sqlx::query_as(
        "SELECT r.id, a.id, a.agency_id FROM tenant_request r JOIN client_account a ON a.id = r.account_id WHERE r.id = $1",
    )
    .bind(id)
    .fetch_optional(&st.db.pool)
    .await?;
    match row {
        Some(r) if staff.handles_requests() && staff.sees_agency(r.2) => Ok(r),
        _ => Err(AppError::NotFound),
    }
}

pub async fn detail(st: &AppState, staff: &Staff, id: &str) -> Result<RequestDetail, AppError> {
    let (id, account_id, _) = visible(st, staff, id).await?;
    let sql = format!("{ITEM_SQL} WHERE r.id = $1");
    let row: ItemRow = sqlx::query_as(&sql).bind(id).fetch_one(&st.db.pool).await?;
    let (place, body, area_code, status_code): (String, String, String, String) =
        sqlx::query_as("SELECT place, body, area, status FROM tenant_request WHERE id = $1")
            .bind(id)
            .fetch_one(&st.db.pool)
            .await?;
    let area = Area::from_code(&area_code).unwrap_or(Area::Request);
    let from = Status::from_code(&status_code).unwrap_or(Status::Sent);
    let it = item(row);
    let messages: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT author, body, created_at FROM request_message WHERE request_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&st.db.pool)
    .await?;
    let history: Vec<(String, i64)> = sqlx::query_as(
        "SELECT status, created_at FROM request_event WHERE request_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&st.db.pool)
    .await?;
    let attachments = crate::requests::ssr::store::attachments(&st.db, id)
        .await?
        .into_iter()
        .map(|a| AttachmentView {
            href: a
                .href
                .replacen("/pieces-jointes/", super::download::PREFIX, 1),
            ..a
        })
        .collect();
    audit::log(
        &st.db,
        staff,
        "consultation demande",
        Some(account_id),
        &format!("{} n° {}", it.kind, it.number),
        &client_ip(),
    )
    .await?;
    Ok(RequestDetail {
        id,
        title: format!("{} n° {}", it.kind, it.number),
        tenant: it.tenant,
        account: String::new(),
        agency: it.agency,
        subject: it.subject,
        place,
        body,
        emergency: it.emergency,
        status: it.status,
        taken_by: it.taken_by,
        moves: Status::ALL
            .into_iter()
            .filter(|to| from.can_move(*to, area))
            .map(|s| (s.code().to_string(), s.label(area).to_string()))
            .collect(),
        messages: messages
            .into_iter()
            .map(|(a, b, at)| {
                (
                    if a == "locataire" {
                        "Locataire".into()
                    } else {
                        "Bailleur".into()
                    },
                    when(at),
                    b,
                )
            })
            .collect(),
        history: history
            .into_iter()
            .map(|(s, at)| (when(at), progress(&s, area)))
            .collect(),
        attachments,
    })
}

/// One form: the new status (taking it in charge is « prise en charge »)
/// and an optional answer to the tenant.
pub async fn handle(
    st: &AppState,
    staff: &Staff,
    id: &str,
    status: &str,
    answer: &str,
) -> Result<FormOutcome, AppError> {
    let (id, account_id, _) = visible(st, staff, id).await?;
    let mut form = FormState::default();
    form.keep_text("reponse", answer, crate::requests::rules::MAX_MESSAGE);
    let Some(to) = Status::from_code(status) else {
        form.error("statut", "Choisissez le nouvel avancement dans la liste.");
        return Ok(FormOutcome::Refused(form));
    };
    if answer.chars().count() > crate::requests::rules::MAX_MESSAGE {
        form.error("reponse", "La réponse dépasse 4 000 caractères.");
        return Ok(FormOutcome::Refused(form));
    }
    let m = Move {
        request_id: id,
        to,
        answer,
    };
    match advance(&st.db, &st.mailer, &st.settings.base_url, m).await? {
        Ok(()) => {}
        Err(Refusal::NotFound) => return Err(AppError::NotFound),
        Err(Refusal::Transition) => {
            form.error(
                "statut",
                "Cet avancement n'est pas possible depuis l'état actuel de la demande.",
            );
            return Ok(FormOutcome::Refused(form));
        }
    }
    if to == Status::Taken {
        sqlx::query("UPDATE tenant_request SET staff_id = $1 WHERE id = $2")
            .bind(staff.id)
            .bind(id)
            .execute(&st.db.pool)
            .await?;
    }
    audit::log(
        &st.db,
        staff,
        "avancement",
        Some(account_id),
        &format!("demande {id} : {}", to.code()),
        &client_ip(),
    )
    .await?;
    Ok(FormOutcome::to(format!(
        "{}/demandes/{id}",
        crate::back_office::HOME
    )))
}

/// Everything an account sent, newest first (the tenant's file).
pub async fn for_account(st: &AppState, account_id: i64) -> Result<Vec<InboxItem>, AppError> {
    let sql = format!(
        "{ITEM_SQL} WHERE r.account_id = $1 ORDER BY r.created_at DESC, r.id DESC LIMIT 100"
    );
    let rows: Vec<ItemRow> = sqlx::query_as(&sql)
        .bind(account_id)
        .fetch_all(&st.db.pool)
        .await?;
    Ok(rows.into_iter().map(item).collect())
}

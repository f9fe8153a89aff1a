//! Direct-debit requests for accounting: « mandat reçu » when the signed
//! mandate arrives, « activée » (the mandate becomes active under its RUM; a
//! stop request revokes the account's mandates), or « refusée » with its
//! reason. The tenant sees it in Prélèvements automatiques and gets a mail.
use super::staff::Staff;
use super::{audit, inbox::when};
use crate::back_office::DebitRequest;
use crate::direct_debit::ssr::store::progress;
use crate::domain::Iban;
use crate::error::AppError;
use crate::forms::{FormOutcome, FormState};
use crate::infra::{AppState, client_ip, now, today};

type Row = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    String,
    Option<i64>,
    Option<String>,
    String,
    Option<String>,
    i64,
    i64,
);

const SQL: &str =
    "SELECT r.id, r.account_id, a.number, r.kind, r.holder, r.iban, r.bic, r.debit_day, r.rum,
        r.status, r.reason, r.created_at, r.login_id
    FROM direct_debit_request r JOIN client_account a ON a.id = r.account_id";

fn view(r: Row) -> DebitRequest {
    let (id, _, account, kind, holder, iban, bic, day, rum, status, reason, created, _) = r;
    DebitRequest {
        id,
        date: when(created),
        account,
        kind: if kind == "arret" {
            "Arrêt du prélèvement".into()
        } else {
            "Mise en place ou modification".into()
        },
        holder,
        iban: Iban::parse(&iban).map(|i| i.masked()).unwrap_or_default(),
        bic,
        day: day.map(|d| format!("le {d} du mois")).unwrap_or_default(),
        rum: rum.unwrap_or_default(),
        progress: progress(&status, reason.as_deref()),
        moves: moves(&kind, &status),
    }
}

fn moves(kind: &str, status: &str) -> Vec<(String, String)> {
    let mut out = vec![];
    if status == "envoyee" && kind == "mise_en_place" {
        out.push(("mandat_recu".to_string(), "Mandat reçu".to_string()));
    }
    if status == "envoyee" || status == "mandat_recu" {
        out.push(("activee".into(), "Activée".into()));
        out.push(("refusee".into(), "Refusée (motif obligatoire)".into()));
    }
    out
}

pub async fn list(st: &AppState, staff: &Staff) -> Result<Vec<DebitRequest>, AppError> {
    if !staff.handles_money() {
        return Err(AppError::NotFound);
    }
    let sql =
        format!("{SQL} WHERE r.status IN ('envoyee', 'mandat_recu') ORDER BY r.created_at, r.id");
    let rows: Vec<Row> = sqlx::query_as(&sql).fetch_all(&st.db.pool).await?;
    Ok(rows.into_iter().map(view).collect())
}

async fn find(st: &AppState, staff: &Staff, id: &str) -> Result<Row, AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let sql = format!("{SQL} WHERE r.id = $1");
    let row: Option<Row> = sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(&st.db.pool)
        .await?;
    row.filter(|_| staff.handles_money())
        .ok_or(AppError::NotFound)
}

pub async fn detail(st: &AppState, staff: &Staff, id: &str) -> Result<DebitRequest, AppError> {
    let row = find(st, staff, id).await?;
    audit::log(
        &st.db,
        staff,
        "consultation prélèvement",
        Some(row.1),
        &format!("demande {}", row.0),
        &client_ip(),
    )
    .await?;
    Ok(view(row))
}

pub async fn decide(
    st: &AppState,
    staff: &Staff,
    id: &str,
    to: &str,
    reason: &str,
) -> Result<FormOutcome, AppError> {
    let row = find(st, staff, id).await?;
    let (id, account_id, _, kind, holder, iban, bic, day, rum, status, _, _, login_id) =
        row.clone();
    let mut form = FormState::default();
    form.keep("motif", reason);
    if !moves(&kind, &status).iter().any(|(code, _)| code == to) {
        form.error(
            "statut",
            "Cet avancement n'est pas possible depuis l'état actuel de la demande.",
        );
        return Ok(FormOutcome::Refused(form));
    }
    let reason = reason.trim();
    if to == "refusee" && reason.is_empty() {
        form.error(
            "motif",
            "Indiquez le motif du refus : il est montré au locataire.",
        );
        return Ok(FormOutcome::Refused(form));
    }
    let t = now();
    let mut tx = st.db.pool.begin().await?;
    let done = sqlx::query(
        "UPDATE direct_debit_request SET status = $1, reason = $2, updated_at = $3 WHERE id = $4 AND status = $5",
    )
    .bind(to)
    .bind((to == "refusee").then_some(reason))
    .bind(t)
    .bind(id)
    .bind(&status)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        form.error(
            "statut",
            "Cette demande vient d'être traitée par quelqu'un d'autre.",
        );
        return Ok(FormOutcome::Refused(form));
    }
    if to == "activee" || to == "refusee" {
        sqlx::query(
            "UPDATE direct_debit_request_lease SET open_lease = NULL WHERE request_id = $1",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
    }
    if to == "activee" {
        // One lease: its own mandate; several: the whole account.
        let leases: Vec<(i64,)> =
            sqlx::query_as("SELECT lease_id FROM direct_debit_request_lease WHERE request_id = $1")
                .bind(id)
                .fetch_all(&mut *tx)
                .await?;
        let lease = (leases.len() == 1).then(|| leases[0].0);
        sqlx::query("UPDATE mandate SET status = 'revoque' WHERE account_id = $1 AND status = 'actif' AND ($2 = -1 OR lease_id IS NULL OR lease_id = $2)")
            .bind(account_id)
            .bind(lease.unwrap_or(-1))
            .execute(&mut *tx)
            .await?;
        if kind == "mise_en_place" {
            sqlx::query(
                "INSERT INTO mandate (account_id, lease_id, rum, holder, iban, bic, debit_day, status, signed_on)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 'actif', $8)",
            )
            .bind(account_id)
            .bind(lease)
            .bind(rum.clone().unwrap_or_default())
            .bind(&holder)
            .bind(&iban)
            .bind(&bic)
            .bind(day.unwrap_or(5))
            .bind(crate::infra::iso(today()))
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    audit::log(
        &st.db,
        staff,
        "prélèvement",
        Some(account_id),
        &format!("demande {id} : {to}"),
        &client_ip(),
    )
    .await?;
    tell(st, login_id, id, &progress(to, Some(reason))).await;
    Ok(FormOutcome::to(format!(
        "{}/prelevements",
        crate::back_office::HOME
    )))
}

async fn tell(st: &AppState, login_id: i64, id: i64, progress: &str) {
    let Some(to) = crate::auth::ssr::queries::mail_address(&st.db, login_id).await else {
        return;
    };
    let number = format!("{id:09}");
    let body = format!(
        "Bonjour,\n\nVotre demande de prélèvement automatique n° {number} : {progress}.\n\
         Retrouvez-la sur votre espace : {}\n\n{}",
        st.settings.link(crate::routes::DIRECT_DEBIT),
        st.settings.landlord_name
    );
    st.mailer.send_later(
        &to,
        &format!("Votre demande de prélèvement n° {number} : {progress}"),
        body,
    );
}

/// The open direct-debit requests, as inbox lines.
pub async fn inbox_items(st: &AppState) -> Result<Vec<crate::back_office::InboxItem>, AppError> {
    let sql = format!(
        "{SQL} WHERE r.status IN ('envoyee', 'mandat_recu') ORDER BY r.created_at, r.id LIMIT 200"
    );
    let rows: Vec<Row> = sqlx::query_as(&sql).fetch_all(&st.db.pool).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let created = r.11;
            let v = view(r);
            crate::back_office::InboxItem {
                id: v.id,
                href: format!("{}/prelevements/{}", crate::back_office::HOME, v.id),
                kind: "Prélèvement automatique".into(),
                number: format!("{:09}", v.id),
                date: v.date,
                age_days: (now() - created) / 86_400,
                tenant: format!("compte {}", v.account),
                agency: String::new(),
                subject: v.kind,
                status: v.progress,
                taken_by: String::new(),
                emergency: false,
            }
        })
        .collect())
}

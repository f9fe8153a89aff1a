//! A tenant by account number, name or email, and the tenant's file.
use super::staff::Staff;
use super::{audit, inbox};
use crate::back_office::{TenantFile, TenantHit};
use crate::error::AppError;
use crate::infra::{AppState, client_ip, today};

pub async fn search(st: &AppState, staff: &Staff, q: &str) -> Result<Vec<TenantHit>, AppError> {
    let q = q.trim();
    if q.chars().count() < 2 {
        return Ok(vec![]);
    }
    let like = format!("%{}%", q.to_lowercase().replace(['%', '_'], ""));
    let rows: Vec<(String, i64, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT a.number, a.agency_id, g.name, p.first_name, p.last_name,
             CASE WHEN t.closed_at IS NULL THEN t.email ELSE 'accès fermé' END
         FROM client_account a JOIN agency g ON g.id = a.agency_id
         JOIN person p ON p.account_id = a.id AND p.role = 'signataire'
         LEFT JOIN tenant_login t ON t.person_id = p.id
         WHERE a.number = $1 OR lower(p.last_name) LIKE $2 OR lower(p.first_name) LIKE $2 OR lower(t.email) LIKE $2
         ORDER BY a.number LIMIT 50",
    )
    .bind(q)
    .bind(&like)
    .fetch_all(&st.db.pool)
    .await?;
    audit::log(&st.db, staff, "recherche locataire", None, q, &client_ip()).await?;
    Ok(rows
        .into_iter()
        .filter(|r| staff.sees_agency(r.1))
        .map(|(account, _, agency, first, last, email)| TenantHit {
            account,
            names: format!("{first} {last}"),
            email: email.unwrap_or_default(),
            agency,
        })
        .collect())
}

/// A tenant's file. Accounting gets what reconciling money needs: who the
/// account is (names, no contact details), the balance and ledger, payments
/// and mandates; not what the tenant sent, their homes nor their documents,
/// which are not even read for that role.
pub async fn file(st: &AppState, staff: &Staff, number: &str) -> Result<TenantFile, AppError> {
    let (id, agency) = open(st, staff, number).await?;
    let whole = staff.sees_whole_file();
    let day = today();
    Ok(TenantFile {
        account: number.to_string(),
        agency,
        people: people(st, id, whole).await?,
        leases: if whole {
            Some(leases(st, id).await?)
        } else {
            None
        },
        balance: crate::account::ssr::balance_at(&st.db, id, day)
            .await?
            .to_string(),
        ledger: ledger(st, id).await?,
        requests: if whole {
            Some(inbox::for_account(st, id).await?)
        } else {
            None
        },
        payments: payments(st, id).await?,
        mandates: mandates(st, id).await?,
        documents: if whole {
            Some(documents(st, id).await?)
        } else {
            None
        },
    })
}

/// The account's id and agency, if this staff member may see it; the
/// opening is audited.
async fn open(st: &AppState, staff: &Staff, number: &str) -> Result<(i64, String), AppError> {
    let row: Option<(i64, i64, String)> = sqlx::query_as(
        "SELECT a.id, a.agency_id, g.name FROM client_account a JOIN agency g ON g.id = a.agency_id WHERE a.number = $1",
    )
    .bind(number)
    .fetch_optional(&st.db.pool)
    .await?;
    let Some((id, _, agency)) = row.filter(|r| staff.sees_agency(r.1)) else {
        return Err(AppError::NotFound);
    };
    audit::log(
        &st.db,
        staff,
        "consultation dossier",
        Some(id),
        number,
        &client_ip(),
    )
    .await?;
    Ok((id, agency))
}

/// (name, role, email); the email only with the whole file.
async fn people(
    st: &AppState,
    id: i64,
    whole: bool,
) -> Result<Vec<(String, String, String)>, AppError> {
    let people: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT p.first_name || ' ' || p.last_name, p.role,
             CASE WHEN t.closed_at IS NULL THEN t.email ELSE 'accès fermé' END FROM person p
         LEFT JOIN tenant_login t ON t.person_id = p.id WHERE p.account_id = $1 ORDER BY p.id",
    )
    .bind(id)
    .fetch_all(&st.db.pool)
    .await?;
    Ok(people
        .into_iter()
        .map(|(n, role, email)| (n, role, email.filter(|_| whole).unwrap_or_default()))
        .collect())
}

async fn leases(st: &AppState, id: i64) -> Result<Vec<(String, String, String)>, AppError> {
    let leases: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT label, address, insurance_to FROM lease WHERE account_id = $1 ORDER BY reference",
    )
    .bind(id)
    .fetch_all(&st.db.pool)
    .await?;
    Ok(leases
        .into_iter()
        .map(|(l, a, to)| {
            let insurance = to
                .map(|t| format!("assurée jusqu'au {}", crate::infra::french_date(&t)))
                .unwrap_or_else(|| "sans attestation".into());
            (l, a, insurance)
        })
        .collect())
}

async fn ledger(st: &AppState, id: i64) -> Result<Vec<(String, String, String)>, AppError> {
    let day = today();
    let ledger = crate::account::ssr::entries(
        &st.db,
        id,
        day - chrono::Duration::days(365),
        day,
        true,
        12,
        0,
    )
    .await?;
    Ok(ledger
        .into_iter()
        .map(|l| {
            let amount = match (l.charge, l.payment) {
                (Some(c), _) => format!("+ {c}"),
                (_, Some(p)) => format!("− {p}"),
                _ => String::new(),
            };
            (l.date, l.label, amount)
        })
        .collect())
}

async fn payments(
    st: &AppState,
    id: i64,
) -> Result<Vec<(String, String, String, String)>, AppError> {
    let payments: Vec<(i64, i64, String, Option<String>)> = sqlx::query_as(
        "SELECT created_at, amount_cents, status, bank_reference FROM payment WHERE account_id = $1 ORDER BY id DESC LIMIT 20",
    )
    .bind(id)
    .fetch_all(&st.db.pool)
    .await?;
    Ok(payments
        .into_iter()
        .map(|(at, c, s, r)| {
            (
                inbox::when(at),
                crate::domain::Money::from_cents(c).to_string(),
                s,
                r.unwrap_or_default(),
            )
        })
        .collect())
}

async fn mandates(st: &AppState, id: i64) -> Result<Vec<(String, String)>, AppError> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT rum, status FROM mandate WHERE account_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(&st.db.pool)
            .await?;
    Ok(rows)
}

async fn documents(st: &AppState, id: i64) -> Result<Vec<(String, String)>, AppError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT CASE kind WHEN 'avis_echeance' THEN 'Avis d''échéance' ELSE 'Avis de régularisation' END, period
         FROM document WHERE account_id = $1 ORDER BY period DESC LIMIT 24",
    )
    .bind(id)
    .fetch_all(&st.db.pool)
    .await?;
    Ok(rows)
}

//! The SQL of sign-up and sign-in, written once for SQLite and PostgreSQL.
use crate::auth::SignedIn;
use crate::error::AppError;
use crate::infra::{Db, now};

/// The registration match: a signatory of this account, with this name and
/// birth date, who has no active login yet.
pub async fn signatory_without_login(
    db: &Db,
    account: &str,
    last_key: &str,
    first_key: &str,
    birth_iso: &str,
) -> Result<Option<i64>, AppError> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT p.id FROM person p
         JOIN client_account a ON a.id = p.account_id
         LEFT JOIN tenant_login l ON l.person_id = p.id
         WHERE a.number = $1 AND p.role = 'signataire'
           AND p.last_name_key = $2 AND p.first_name_key = $3 AND p.birth_date = $4
           AND l.activated_at IS NULL",
    )
    .bind(account)
    .bind(last_key)
    .bind(first_key)
    .bind(birth_iso)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|(id,)| id))
}

/// What a password must not contain: the person's names, account number, birth date.
pub async fn personal_words(db: &Db, person_id: i64) -> Result<Vec<String>, AppError> {
    let row: Option<(String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT p.last_name, p.first_name, a.number, p.birth_date FROM person p
         JOIN client_account a ON a.id = p.account_id WHERE p.id = $1",
    )
    .bind(person_id)
    .fetch_optional(&db.pool)
    .await?;
    let Some((last, first, number, birth)) = row else {
        return Ok(vec![]);
    };
    let mut words = vec![last, first, number];
    if let Some(date) = birth
        .as_deref()
        .and_then(crate::domain::BirthDate::from_iso)
    {
        words.push(date.french());
        words.push(date.french().replace('/', ""));
        words.push(date.iso().replace('-', ""));
    }
    Ok(words)
}

/// A login never activated within the activation link's validity no longer
/// counts: not for signing in, not for keeping its address.
const LIVE: &str = "(activated_at IS NOT NULL OR created_at >= $2)";

fn stale_before() -> i64 {
    now() - super::tokens::ACTIVATION_SECS
}

pub async fn email_taken(db: &Db, email: &str) -> Result<bool, AppError> {
    let row: Option<(i64,)> = sqlx::query_as(&format!(
        "SELECT id FROM tenant_login WHERE email = $1 AND {LIVE}"
    ))
    .bind(email)
    .bind(stale_before())
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.is_some())
}

pub struct LoginRow {
    pub id: i64,
    pub password_hash: String,
    pub activated: bool,
    pub epoch: i64,
}

pub async fn login_by_email(db: &Db, email: &str) -> Result<Option<LoginRow>, AppError> {
    let row: Option<(i64, String, Option<i64>, i64)> = sqlx::query_as(&format!(
        "SELECT id, password_hash, activated_at, session_epoch FROM tenant_login WHERE email = $1 AND {LIVE}"
    ))
    .bind(email)
    .bind(stale_before())
    .fetch_optional(&db.pool)
    .await?;
    Ok(
        row.map(|(id, password_hash, activated_at, epoch)| LoginRow {
            id,
            password_hash,
            activated: activated_at.is_some(),
            epoch,
        }),
    )
}

pub async fn email_of(db: &Db, id: i64) -> Result<Option<String>, AppError> {
    let row: Option<(String,)> = sqlx::query_as("SELECT email FROM tenant_login WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(|(e,)| e))
}

/// What a mail or the bank's form names the tenant by: the login's email and
/// the account number.
/// The login's address, parsed, for a mail about one of its requests; None
/// (logged) when it cannot be read: the mail is then skipped, never the action.
pub async fn mail_address(db: &Db, login_id: i64) -> Option<crate::domain::Email> {
    match email_of(db, login_id).await {
        Ok(Some(e)) => crate::domain::Email::parse(&e).ok(),
        Ok(None) => None,
        Err(e) => {
            tracing::error!(login_id, error = %e, "no address for a mail");
            None
        }
    }
}

pub async fn email_and_account(
    db: &Db,
    login_id: i64,
    account_id: i64,
) -> Result<Option<(String, String)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT l.email, a.number FROM tenant_login l, client_account a WHERE l.id = $1 AND a.id = $2",
    )
    .bind(login_id)
    .bind(account_id)
    .fetch_optional(&db.pool)
    .await?)
}

/// The signed-in tenant and the login's current session epoch.
/// What the server knows of a signed-in tenant beyond what pages show: the
/// account and the lease the pages refer to (ids never leave the server).
#[derive(Clone, Debug)]
pub struct Tenant {
    pub login_id: i64,
    pub account_id: i64,
    pub lease_id: Option<i64>,
}

/// The open lease the tenant chose (`chosen`, a lease reference kept in the
/// session) when it is one of the account's, else the first dwelling.
pub async fn signed_in(
    db: &Db,
    login_id: i64,
    chosen: Option<String>,
) -> Result<Option<(SignedIn, Tenant, i64)>, AppError> {
    // One statement: the login with its open leases (a row each, or one row
    // with no lease), the chosen lease first, then dwellings, then the others.
    type Row = (
        i64,
        String,
        i64,
        String,
        String,
        String,
        i64,
        Option<i64>,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT l.id, l.email, l.session_epoch, p.first_name, p.last_name, a.number, a.id,
                le.id, le.kind, le.reference
         FROM tenant_login l
         JOIN person p ON p.id = l.person_id
         JOIN client_account a ON a.id = p.account_id
         LEFT JOIN lease le ON le.account_id = a.id AND le.end_date IS NULL
         WHERE l.id = $1 AND l.activated_at IS NOT NULL
         ORDER BY CASE WHEN le.reference = $2 THEN 0 WHEN le.kind = 'logement' THEN 1 ELSE 2 END, le.id",
    )
    .bind(login_id)
    .bind(chosen.unwrap_or_default())
    .fetch_all(&db.pool)
    .await?;
    let Some((id, email, epoch, first_name, last_name, account, account_id, ..)) =
        rows.first().cloned()
    else {
        return Ok(None);
    };
    let leases: Vec<(i64, String, String)> = rows
        .into_iter()
        .filter_map(|r| Some((r.7?, r.8?, r.9?)))
        .collect();
    let label = |k: &str, r: &str| format!("{} {r}", lease_kind_label(k));
    let user = SignedIn {
        login_id: id,
        email,
        first_name,
        last_name,
        account_number: account,
        lease: leases.first().map(|(_, k, r)| label(k, r)),
        leases: leases
            .iter()
            .map(|(_, k, r)| (r.clone(), label(k, r)))
            .collect(),
    };
    let tenant = Tenant {
        login_id: id,
        account_id,
        lease_id: leases.first().map(|l| l.0),
    };
    Ok(Some((user, tenant, epoch)))
}

pub fn lease_kind_label(kind: &str) -> &'static str {
    match kind {
        "logement" => "Logement",
        "garage" => "Garage",
        _ => "Stationnement",
    }
}

/// Creates a login waiting for activation, replacing the person's earlier
/// registration that was never activated, and any login of this address that
/// was never activated within `activation_secs` (an address cannot be kept
/// by someone who never proved it is theirs). Returns the login id, or
/// Err(()) when the address belongs to another login.
pub async fn create_pending_login(
    db: &Db,
    person_id: i64,
    email: &str,
    password_hash: &str,
    activation_secs: i64,
) -> Result<Result<i64, ()>, AppError> {
    delete_stale(db, email, activation_secs).await?;
    let mut tx = db.pool.begin().await?;
    sqlx::query("DELETE FROM auth_token WHERE login_id IN (SELECT id FROM tenant_login WHERE person_id = $1 AND activated_at IS NULL)")
        .bind(person_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "DELETE FROM tenant_login WHERE person_id = $1 AND activated_at IS NULL AND closed_at IS NULL",
    )
    .bind(person_id)
    .execute(&mut *tx)
    .await?;
    // A closed login is reopened in place (the account's history names it,
    // so it is never deleted); it stays marked closed until activated.
    let inserted: Result<Vec<(i64,)>, sqlx::Error> = sqlx::query_as(
        "INSERT INTO tenant_login (person_id, email, password_hash, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (person_id) DO UPDATE SET email = excluded.email, password_hash = excluded.password_hash,
             created_at = excluded.created_at
         WHERE tenant_login.closed_at IS NOT NULL
         RETURNING id",
    )
    .bind(person_id)
    .bind(email)
    .bind(password_hash)
    .bind(now())
    .fetch_all(&mut *tx)
    .await;
    match inserted.map(|rows| rows.first().map(|(id,)| *id)) {
        Ok(Some(id)) => {
            tx.commit().await?;
            Ok(Ok(id))
        }
        // The signatory's login was activated meanwhile (not closed).
        Ok(None) => Ok(Err(())),
        Err(e) if crate::infra::db::is_unique_violation(&e) => Ok(Err(())),
        Err(e) => Err(e.into()),
    }
}

pub async fn insert_token(
    db: &Db,
    login_id: i64,
    purpose: &str,
    token_hash: &str,
    new_email: Option<&str>,
    lifetime: i64,
) -> Result<(), AppError> {
    let t = now();
    sqlx::query(
        "INSERT INTO auth_token (login_id, purpose, token_hash, new_email, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(login_id)
    .bind(purpose)
    .bind(token_hash)
    .bind(new_email)
    .bind(t)
    .bind(t + lifetime)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Why a link cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenProblem {
    Unknown,
    Used,
    Expired,
}

/// Looks a link up without spending it (to show the reset form).
pub async fn peek_token(
    db: &Db,
    purpose: &str,
    token_hash: &str,
) -> Result<Result<i64, TokenProblem>, AppError> {
    let row: Option<(i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT login_id, expires_at, used_at FROM auth_token WHERE token_hash = $1 AND purpose = $2",
    )
    .bind(token_hash)
    .bind(purpose)
    .fetch_optional(&db.pool)
    .await?;
    Ok(match row {
        None => Err(TokenProblem::Unknown),
        Some((_, _, Some(_))) => Err(TokenProblem::Used),
        Some((_, expires, None)) if expires <= now() => Err(TokenProblem::Expired),
        Some((login_id, _, None)) => Ok(login_id),
    })
}

/// Spends a link, atomically: of two simultaneous uses, one wins.
/// Returns the login and, for an identifier change, the new address.
pub async fn spend_token(
    db: &Db,
    purpose: &str,
    token_hash: &str,
) -> Result<Result<(i64, Option<String>), TokenProblem>, AppError> {
    let t = now();
    let rows: Vec<(i64, Option<String>)> = sqlx::query_as(
        "UPDATE auth_token SET used_at = $1
         WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1
         RETURNING login_id, new_email",
    )
    .bind(t)
    .bind(token_hash)
    .bind(purpose)
    .fetch_all(&db.pool)
    .await?;
    match rows.into_iter().next() {
        Some(found) => Ok(Ok(found)),
        None => Ok(Err(peek_token(db, purpose, token_hash)
            .await?
            .err()
            .unwrap_or(TokenProblem::Used))),
    }
}

pub async fn activate(db: &Db, login_id: i64) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE tenant_login SET activated_at = $1, closed_at = NULL WHERE id = $2 AND activated_at IS NULL",
    )
        .bind(now())
        .bind(login_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Sets a new password and closes every session of the login. It spends
/// the login's pending links (reset, identifier change): a change asked
/// before the password changed is not carried out after. It does not
/// activate a pending login: only the activation link does.
/// Returns the new session epoch.
pub async fn set_password(db: &Db, login_id: i64, hash: &str) -> Result<i64, AppError> {
    let mut tx = db.pool.begin().await?;
    let epochs: Vec<(i64,)> = sqlx::query_as(
        "UPDATE tenant_login SET password_hash = $1, session_epoch = session_epoch + 1
         WHERE id = $2 RETURNING session_epoch",
    )
    .bind(hash)
    .bind(login_id)
    .fetch_all(&mut *tx)
    .await?;
    let Some((epoch,)) = epochs.first().copied() else {
        return Err(AppError::internal("set_password", "no such login"));
    };
    sqlx::query("UPDATE auth_token SET used_at = $1 WHERE login_id = $2 AND purpose IN ('password_reset', 'email_change') AND used_at IS NULL")
        .bind(now())
        .bind(login_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(epoch)
}

/// Replaces the identifier; Err(()) when another login took the address meanwhile.
pub async fn set_email(
    db: &Db,
    login_id: i64,
    email: &str,
) -> Result<Result<String, ()>, AppError> {
    let old: Option<(String,)> = sqlx::query_as("SELECT email FROM tenant_login WHERE id = $1")
        .bind(login_id)
        .fetch_optional(&db.pool)
        .await?;
    let Some((old,)) = old else {
        return Ok(Err(()));
    };
    delete_stale(db, email, super::tokens::ACTIVATION_SECS).await?;
    // The epoch moves: every session open under the old identifier closes.
    let updated = sqlx::query(
        "UPDATE tenant_login SET email = $1, session_epoch = session_epoch + 1 WHERE id = $2",
    )
    .bind(email)
    .bind(login_id)
    .execute(&db.pool)
    .await;
    match updated {
        Ok(_) => Ok(Ok(old)),
        Err(e) if crate::infra::db::is_unique_violation(&e) => Ok(Err(())),
        Err(e) => Err(e.into()),
    }
}

/// Removes the never-activated, expired logins of an address (and their links).
/// A closed login reopened by a registration never activated is closed again
/// rather than deleted (the account's history names it).
async fn delete_stale(db: &Db, email: &str, activation_secs: i64) -> Result<(), AppError> {
    let stale = "SELECT id FROM tenant_login WHERE email = $1 AND activated_at IS NULL AND created_at < $2 AND closed_at IS NULL";
    for sql in [
        format!(
            "UPDATE tenant_login SET {CLOSED} WHERE email = $1 AND activated_at IS NULL AND created_at < $2 AND closed_at IS NOT NULL"
        ),
        format!("DELETE FROM auth_token WHERE login_id IN ({stale})"),
        format!("DELETE FROM tenant_login WHERE id IN ({stale})"),
    ] {
        sqlx::query(&sql)
            .bind(email)
            .bind(now() - activation_secs)
            .execute(&db.pool)
            .await?;
    }
    Ok(())
}

/// What a closed login keeps: 'ferme-<id>' is no address (nobody can sign in
/// with it or register it), '!' no password hash; created_at 0 makes it stale.
pub const CLOSED: &str =
    "email = 'ferme-' || CAST(id AS TEXT), password_hash = '!', created_at = 0";

/// Closes a login (Fermer mon accès): no address, no password, no link, no
/// session left (the epoch moves). Returns the login's account.
pub async fn close_login(db: &Db, login_id: i64) -> Result<Option<i64>, AppError> {
    let mut tx = db.pool.begin().await?;
    sqlx::query("DELETE FROM auth_token WHERE login_id = $1")
        .bind(login_id)
        .execute(&mut *tx)
        .await?;
    // 'ferme-<id>' is no address: nobody can sign in with it or register it.
    sqlx::query(&format!(
        "UPDATE tenant_login SET {CLOSED}, activated_at = NULL, closed_at = $2, session_epoch = session_epoch + 1
         WHERE id = $1"
    ))
    .bind(login_id)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    let account: Option<(i64,)> = sqlx::query_as(
        "SELECT p.account_id FROM tenant_login t JOIN person p ON p.id = t.person_id WHERE t.id = $1",
    )
    .bind(login_id)
    .fetch_optional(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(account.map(|(a,)| a))
}

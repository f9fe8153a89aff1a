//! The retention job (docs/privacy.md): once a day, whichever instance claims
//! it first deletes what has outlived its period. Each rule counts first, so
//! `server retention --dry-run` prints what a run would delete, and deletes
//! nothing.
use crate::error::AppError;
use crate::infra::{AppState, Db, now};
use crate::uploads::Storage;

const DAY: i64 = 86_400;

/// How long each kind of data is kept, in days (configuration
/// `ESPACE_RETENTION_*`, README).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retention {
    /// Logins never activated, after their creation.
    pub unactivated_days: i64,
    /// Mailed links, after they expired or were used.
    pub tokens_days: i64,
    /// The bank's notifications' bodies (the row, its outcome and the body's
    /// SHA-256 stay), after receipt: 13 months, a card payment's dispute window.
    pub ipn_days: i64,
    /// Attachments of requests that reached their end, after the last change.
    pub attachments_days: i64,
    /// The audit log's entries.
    pub audit_days: i64,
    /// Copies made by Mes données, after they were made.
    pub exports_days: i64,
}

impl Default for Retention {
    fn default() -> Self {
        Self {
            unactivated_days: 30,
            tokens_days: 7,
            ipn_days: 395,
            attachments_days: 730,
            audit_days: 365,
            exports_days: 7,
        }
    }
}

impl Retention {
    /// The politique de confidentialité's table: (what, when it goes).
    pub fn described(&self) -> Vec<(String, String)> {
        let after = |days: i64, from: &str| format!("{days} jours après {from}");
        vec![
            (
                "Inscriptions jamais activées".into(),
                after(self.unactivated_days, "l'inscription"),
            ),
            (
                "Liens envoyés par mail".into(),
                after(self.tokens_days, "leur expiration ou leur usage"),
            ),
            (
                "Courriels envoyés (leur copie dans la file d'envoi)".into(),
                after(self.tokens_days, "leur envoi"),
            ),
            ("Sessions de connexion".into(), "À leur expiration".into()),
            (
                "Détail des notifications de paiement de la banque".into(),
                after(self.ipn_days, "leur réception"),
            ),
            (
                "Pièces jointes des demandes terminées".into(),
                after(self.attachments_days, "la fin de la demande"),
            ),
            (
                "Journal des actions".into(),
                after(self.audit_days, "l'action"),
            ),
            (
                "Copies de vos données (Mes données)".into(),
                after(self.exports_days, "leur préparation"),
            ),
            (
                "Identifiant et mot de passe d'un accès fermé".into(),
                "À la fermeture".into(),
            ),
        ]
    }
}

/// What one run deleted (or, dry, would delete): (rule, count).
pub type Report = Vec<(&'static str, i64)>;

/// A rule: what it counts and deletes, all rows older than the cutoff ($1).
struct Rule {
    name: &'static str,
    days: i64,
    count: &'static str,
    delete: &'static [&'static str],
}

const ENDED: &str = "('acceptee', 'refusee', 'resolue', 'cloturee')";

fn rules(r: &Retention) -> Vec<Rule> {
    vec![
        Rule {
            name: "inscriptions jamais activées",
            days: r.unactivated_days,
            // Closed logins have created_at 0, but one a registration
            // reopened: it counts until activated.
            count: "SELECT COUNT(*) FROM tenant_login WHERE activated_at IS NULL AND created_at > 0 AND created_at < $1",
            delete: &[
                "DELETE FROM auth_token WHERE login_id IN (SELECT id FROM tenant_login WHERE activated_at IS NULL AND closed_at IS NULL AND created_at < $1)",
                "DELETE FROM tenant_login WHERE activated_at IS NULL AND closed_at IS NULL AND created_at < $1",
                // A closed login reopened by a registration never activated: closed again.
                "UPDATE tenant_login SET email = 'ferme-' || CAST(id AS TEXT), password_hash = '!', created_at = 0
                 WHERE activated_at IS NULL AND closed_at IS NOT NULL AND created_at > 0 AND created_at < $1",
            ],
        },
        Rule {
            name: "liens envoyés par mail",
            days: r.tokens_days,
            count: "SELECT COUNT(*) FROM auth_token WHERE expires_at < $1 OR used_at < $1",
            delete: &["DELETE FROM auth_token WHERE expires_at < $1 OR used_at < $1"],
        },
        Rule {
            // A mail's copy holds the links it carried: it goes with them.
            name: "courriels envoyés",
            days: r.tokens_days,
            count: "SELECT COUNT(*) FROM mail_queue WHERE sent_at < $1 OR failed_at < $1",
            delete: &["DELETE FROM mail_queue WHERE sent_at < $1 OR failed_at < $1"],
        },
        Rule {
            name: "détail des notifications de paiement",
            days: r.ipn_days,
            count: "SELECT COUNT(*) FROM payment_notification WHERE received_at < $1 AND body <> ''",
            delete: &[
                "UPDATE payment_notification SET body = '' WHERE received_at < $1 AND body <> ''",
            ],
        },
        Rule {
            name: "journal des actions",
            days: r.audit_days,
            // A tenant's closing of their access stays: the proof that an
            // erasure was asked for and done.
            count: "SELECT COUNT(*) FROM audit_log WHERE at < $1 AND action <> 'fermeture de l''accès'",
            delete: &["DELETE FROM audit_log WHERE at < $1 AND action <> 'fermeture de l''accès'"],
        },
    ]
}

/// Applies every period as of `at` (seconds). `dry`: counts only.
pub async fn run(
    db: &Db,
    storage: &Storage,
    r: Retention,
    at: i64,
    dry: bool,
) -> Result<Report, AppError> {
    let mut report = Report::new();
    for rule in rules(&r) {
        let cutoff = at - rule.days * DAY;
        let n = count(db, rule.count, cutoff).await?;
        // One rule failing (logged) does not hold the others back.
        if !dry
            && n > 0
            && let Err(e) = apply(db, rule.delete, cutoff).await
        {
            tracing::error!(rule = rule.name, error = %e, "retention rule failed");
            continue;
        }
        report.push((rule.name, n));
    }
    let files = stored_files(db, at - r.attachments_days * DAY, ATTACHMENTS).await?;
    report.push(("pièces jointes des demandes terminées", files.len() as i64));
    let copies = stored_files(db, at - r.exports_days * DAY, EXPORTS).await?;
    report.push(("copies de Mes données", copies.len() as i64));
    if !dry {
        purge_files(
            db,
            storage,
            &files,
            "DELETE FROM request_attachment WHERE id = $1",
        )
        .await?;
        purge_files(
            db,
            storage,
            &copies,
            "DELETE FROM data_export WHERE id = $1",
        )
        .await?;
        housekeeping(db, at).await?;
    }
    Ok(report)
}

/// A rule's statements, all or none.
async fn apply(db: &Db, statements: &[&str], cutoff: i64) -> Result<(), sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    for sql in statements {
        sqlx::query(sql).bind(cutoff).execute(&mut *tx).await?;
    }
    tx.commit().await
}

async fn count(db: &Db, sql: &str, cutoff: i64) -> Result<i64, AppError> {
    let (n,): (i64,) = sqlx::query_as(sql).bind(cutoff).fetch_one(&db.pool).await?;
    Ok(n)
}

const ATTACHMENTS: &str = "SELECT f.id, f.stored_name FROM request_attachment f
     JOIN tenant_request r ON r.id = f.request_id
     WHERE r.status IN ENDED AND r.updated_at < $1";

const EXPORTS: &str = "SELECT id, COALESCE(stored_name, '') FROM data_export WHERE created_at < $1";

/// Rows older than the cutoff that carry a file: (row id, stored name).
async fn stored_files(db: &Db, cutoff: i64, sql: &str) -> Result<Vec<(i64, String)>, AppError> {
    Ok(sqlx::query_as(&sql.replace("ENDED", ENDED))
        .bind(cutoff)
        .fetch_all(&db.pool)
        .await?)
}

/// The file first, then its row: a failure leaves the row, and the next run
/// tries again; a file already gone is no failure.
async fn purge_files(
    db: &Db,
    storage: &Storage,
    files: &[(i64, String)],
    delete: &str,
) -> Result<(), AppError> {
    for (id, stored) in files {
        if !stored.is_empty()
            && let Err(e) = storage.delete(stored).await
            && e.kind() != std::io::ErrorKind::NotFound
        {
            tracing::error!(file = %stored, error = %e, "retention: file not deleted");
            continue;
        }
        sqlx::query(delete).bind(id).execute(&db.pool).await?;
    }
    Ok(())
}

/// Counters and answered challenges past their window: nothing personal
/// beyond an address, nothing to report.
async fn housekeeping(db: &Db, at: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM throttle WHERE window_start < $1")
        .bind(at - DAY)
        .execute(&db.pool)
        .await?;
    sqlx::query("DELETE FROM captcha_used WHERE expires_at < $1")
        .bind(at)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Claims today's run for this instance: the one whose UPDATE moves
/// `next_at` runs the job; every other instance sees 0 rows and waits.
pub async fn claim(db: &Db, job: &str, at: i64) -> Result<bool, AppError> {
    let done =
        sqlx::query("UPDATE scheduled_job SET next_at = $2 WHERE name = $1 AND next_at <= $3")
            .bind(job)
            .bind(at + DAY)
            .bind(at)
            .execute(&db.pool)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// The daily run, as the server's background task calls it.
pub async fn run_if_due(st: &AppState) -> Result<Option<Report>, AppError> {
    let at = now();
    if !claim(&st.db, "retention", at).await? {
        return Ok(None);
    }
    let s = &st.settings;
    run(&st.db, &s.storage, s.retention, at, false)
        .await
        .map(Some)
}

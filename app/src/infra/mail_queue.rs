//! The outgoing mail queue (table `mail_queue`, docs/deploying.md).
//!
//! Every instance runs the worker. A mail is sent by the instance whose
//! conditional `UPDATE` claims it (a lease of [`LEASE`]), so that two
//! instances never send the same one; a refusal puts it back with a longer
//! wait each time, and after [`GIVE_UP_AFTER`] it is marked failed and logged
//! as an error. Only a crash between the mail server's "accepted" and the
//! `UPDATE` that records it can send a mail twice (once the lease runs out):
//! a duplicate activation mail is better than none.
use super::Db;
use super::mail::{Mailer, fingerprint};
use crate::domain::Email;
use crate::infra::now;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// How long an instance holds a mail while it sends it; longer than lettre's
/// SMTP timeout (60 s), so that a slow send is not taken over by another.
pub const LEASE: i64 = 120;
/// The first wait after a refusal; each next one doubles, up to [`MAX_WAIT`].
pub const FIRST_WAIT: i64 = 30;
pub const MAX_WAIT: i64 = 3600;
/// A mail server down for a long weekend still gets the mail.
pub const GIVE_UP_AFTER: i64 = 4 * 24 * 3600;
/// The worker also looks this often, for mail queued by another instance.
const POLL: Duration = Duration::from_secs(5);
const BATCH: i64 = 20;

/// One mail, as queued.
#[derive(Clone, Debug)]
pub struct Outgoing {
    pub to: Email,
    pub subject: String,
    pub body: String,
    pub pdf: Option<(String, Vec<u8>)>,
}

impl Outgoing {
    pub fn new(to: &Email, subject: &str, body: String, pdf: Option<(String, Vec<u8>)>) -> Self {
        Self {
            to: to.clone(),
            subject: subject.to_string(),
            body,
            pdf,
        }
    }
}

#[derive(Clone)]
pub struct Queue {
    db: Db,
    /// Wakes this instance's worker as soon as a mail is queued here.
    wake: Arc<Notify>,
}

/// What one pass of the worker did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Pass {
    pub sent: u32,
    pub refused: u32,
    pub given_up: u32,
}

impl Queue {
    pub fn new(db: Db) -> Self {
        Self {
            db,
            wake: Arc::new(Notify::new()),
        }
    }

    pub async fn push(&self, mail: &Outgoing) -> Result<(), sqlx::Error> {
        let at = now();
        let (pdf_name, pdf) = match &mail.pdf {
            Some((name, bytes)) => (Some(name.clone()), Some(bytes.clone())),
            None => (None, None),
        };
        sqlx::query(
            "INSERT INTO mail_queue (to_addr, subject, body, pdf_name, pdf, created_at, next_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6)",
        )
        .bind(mail.to.as_str())
        .bind(&mail.subject)
        .bind(&mail.body)
        .bind(pdf_name)
        .bind(pdf)
        .bind(at)
        .execute(&self.db.pool)
        .await?;
        metrics::counter!("espace_mails_queued_total").increment(1);
        self.wake.notify_one();
        Ok(())
    }

    /// Mail not yet sent nor given up (for the metrics and the fault bench).
    pub async fn waiting(&self) -> Result<i64, sqlx::Error> {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM mail_queue WHERE sent_at IS NULL AND failed_at IS NULL",
        )
        .fetch_one(&self.db.pool)
        .await?;
        Ok(n)
    }

    /// Sends what is due, one claimed mail at a time, until none is left.
    pub async fn pass(&self, mailer: &Mailer) -> Result<Pass, sqlx::Error> {
        let mut pass = Pass::default();
        loop {
            let due = self.due(now()).await?;
            if due.is_empty() {
                return Ok(pass);
            }
            for id in due {
                if let Some(mail) = self.claim(id).await? {
                    self.send(mailer, id, &mail, &mut pass).await?;
                }
            }
        }
    }

    async fn due(&self, at: i64) -> Result<Vec<i64>, sqlx::Error> {
        let rows: Vec<(i64,)> = sqlx::query_as(
            "SELECT id FROM mail_queue WHERE sent_at IS NULL AND failed_at IS NULL \
             AND next_at <= $1 AND claimed_until <= $1 ORDER BY id LIMIT $2",
        )
        .bind(at)
        .bind(BATCH)
        .fetch_all(&self.db.pool)
        .await?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    /// The lease: only the instance whose UPDATE changes the row sends it.
    async fn claim(&self, id: i64) -> Result<Option<Outgoing>, sqlx::Error> {
        let at = now();
        let claimed = sqlx::query(
            "UPDATE mail_queue SET claimed_until = $2 WHERE id = $1 \
             AND sent_at IS NULL AND failed_at IS NULL AND claimed_until <= $3",
        )
        .bind(id)
        .bind(at + LEASE)
        .bind(at)
        .execute(&self.db.pool)
        .await?;
        if claimed.rows_affected() != 1 {
            return Ok(None);
        }
        type Row = (String, String, String, Option<String>, Option<Vec<u8>>);
        let (to, subject, body, pdf_name, pdf): Row = sqlx::query_as(
            "SELECT to_addr, subject, body, pdf_name, pdf FROM mail_queue WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&self.db.pool)
        .await?;
        let Ok(to) = Email::parse(&to) else {
            self.give_up(id, "adresse illisible").await?;
            return Ok(None);
        };
        let pdf = pdf_name.zip(pdf);
        Ok(Some(Outgoing {
            to,
            subject,
            body,
            pdf,
        }))
    }

    async fn send(
        &self,
        mailer: &Mailer,
        id: i64,
        mail: &Outgoing,
        pass: &mut Pass,
    ) -> Result<(), sqlx::Error> {
        match mailer.deliver(mail).await {
            Ok(()) => {
                sqlx::query("UPDATE mail_queue SET sent_at = $2, last_error = NULL WHERE id = $1")
                    .bind(id)
                    .bind(now())
                    .execute(&self.db.pool)
                    .await?;
                metrics::counter!("espace_mails_total", "outcome" => "sent").increment(1);
                pass.sent += 1;
            }
            Err(error) => {
                metrics::counter!("espace_mails_total", "outcome" => "refused").increment(1);
                if self.refused(id, &error).await? {
                    tracing::error!(to = %fingerprint(&mail.to), subject = mail.subject, %error, "mail given up");
                    pass.given_up += 1;
                } else {
                    tracing::warn!(to = %fingerprint(&mail.to), subject = mail.subject, %error, "mail refused, retried later");
                    pass.refused += 1;
                }
            }
        }
        Ok(())
    }

    /// Puts a refused mail back with its next wait; true when given up.
    async fn refused(&self, id: i64, error: &str) -> Result<bool, sqlx::Error> {
        let (attempts, created_at): (i32, i64) =
            sqlx::query_as("SELECT attempts, created_at FROM mail_queue WHERE id = $1")
                .bind(id)
                .fetch_one(&self.db.pool)
                .await?;
        let at = now();
        if at - created_at >= GIVE_UP_AFTER {
            self.give_up(id, error).await?;
            return Ok(true);
        }
        sqlx::query(
            "UPDATE mail_queue SET attempts = attempts + 1, next_at = $2, \
             claimed_until = 0, last_error = $3 WHERE id = $1",
        )
        .bind(id)
        .bind(at + backoff(attempts))
        .bind(error)
        .execute(&self.db.pool)
        .await?;
        Ok(false)
    }

    async fn give_up(&self, id: i64, error: &str) -> Result<(), sqlx::Error> {
        metrics::counter!("espace_mails_total", "outcome" => "given_up").increment(1);
        sqlx::query("UPDATE mail_queue SET failed_at = $2, last_error = $3 WHERE id = $1")
            .bind(id)
            .bind(now())
            .bind(error)
            .execute(&self.db.pool)
            .await?;
        Ok(())
    }
}

/// 30 s, 1 min, 2 min, … up to an hour between attempts.
pub fn backoff(attempts: i32) -> i64 {
    let doublings = attempts.clamp(0, 16) as u32;
    FIRST_WAIT.saturating_mul(1 << doublings).min(MAX_WAIT)
}

/// The worker every instance runs: woken by a mail queued here, or every
/// few seconds for those queued by another instance or due after a wait.
pub async fn run(mailer: Mailer) {
    let Some(queue) = mailer.queue().cloned() else {
        return;
    };
    loop {
        match queue.pass(&mailer).await {
            Ok(p) if p != Pass::default() => tracing::debug!(?p, "mail queue pass"),
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "mail queue unreadable"),
        }
        let _ = tokio::time::timeout(POLL, queue.wake.notified()).await;
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_wait_doubles_up_to_an_hour() {
        let waits: Vec<i64> = (0..9).map(super::backoff).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
        assert_eq!(super::backoff(1000), 3600);
    }
}

//! The outgoing mail queue (table `mail_queue`, docs/deploying.md).
//!
//! Every instance runs the worker. A mail is sent by the instance whose
//! conditional `UPDATE` claims it (a lease of [`LEASE`], marked with the
//! instance's own token), so that two instances never send the same one; a
//! send is cut short well before its lease runs out. A temporary refusal puts
//! it back with a longer wait each time, and after [`GIVE_UP_AFTER`], or at
//! once for a permanent refusal, it is marked failed and logged as an error.
//! Once sent or given up, its text (which holds the mailed links) and its
//! PDF are emptied. Only a crash between the mail server's "accepted" and the
//! `UPDATE` that records it can send a mail twice (once the lease runs out):
//! a duplicate activation mail is better than none. The instances' clocks
//! must agree (NTP), as for the sessions' expiry.
use super::Db;
use super::mail::{Mailer, Refusal, fingerprint};
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
/// A send still running this long before its lease ends is given up (and
/// retried), so that no other instance takes the mail while it is sent.
const SEND_TIMEOUT: Duration = Duration::from_secs(LEASE as u64 - 30);
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
    /// This instance's mark on the mails it holds: only the holder records
    /// what became of one.
    me: Arc<str>,
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
            me: hex::encode(rand::random::<[u8; 8]>()).into(),
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
            "UPDATE mail_queue SET claimed_until = $2, claimed_by = $4 WHERE id = $1 \
             AND sent_at IS NULL AND failed_at IS NULL AND claimed_until <= $3",
        )
        .bind(id)
        .bind(at + LEASE)
        .bind(at)
        .bind(&*self.me)
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
        let sent = match tokio::time::timeout(SEND_TIMEOUT, mailer.deliver(mail)).await {
            Ok(sent) => sent,
            Err(_) => Err(Refusal::transient("envoi trop long, interrompu".into())),
        };
        let (to, subject) = (fingerprint(&mail.to), mail.subject.as_str());
        match sent {
            Ok(()) => {
                metrics::counter!("espace_mails_total", "outcome" => "sent").increment(1);
                pass.sent += 1;
                if !self.done(id, "sent_at", None).await? {
                    tracing::warn!(%to, subject, "mail sent after its lease ran out: it may go twice");
                }
            }
            Err(refusal) if refusal.permanent || self.too_old(id).await? => {
                metrics::counter!("espace_mails_total", "outcome" => "given_up").increment(1);
                tracing::error!(%to, subject, reason = refusal.reason, "mail given up");
                self.done(id, "failed_at", Some(&refusal.reason)).await?;
                pass.given_up += 1;
            }
            Err(refusal) => {
                metrics::counter!("espace_mails_total", "outcome" => "refused").increment(1);
                tracing::warn!(%to, subject, reason = refusal.reason, "mail refused, retried later");
                self.retry(id, &refusal.reason).await?;
                pass.refused += 1;
            }
        }
        Ok(())
    }

    async fn too_old(&self, id: i64) -> Result<bool, sqlx::Error> {
        let (created_at,): (i64,) =
            sqlx::query_as("SELECT created_at FROM mail_queue WHERE id = $1")
                .bind(id)
                .fetch_one(&self.db.pool)
                .await?;
        Ok(now() - created_at >= GIVE_UP_AFTER)
    }

    /// Puts a refused mail back with its next wait.
    async fn retry(&self, id: i64, reason: &str) -> Result<(), sqlx::Error> {
        let (attempts,): (i32,) = sqlx::query_as("SELECT attempts FROM mail_queue WHERE id = $1")
            .bind(id)
            .fetch_one(&self.db.pool)
            .await?;
        sqlx::query(
            "UPDATE mail_queue SET attempts = attempts + 1, next_at = $2, \
             claimed_until = 0, last_error = $3 WHERE id = $1 AND claimed_by = $4",
        )
        .bind(id)
        .bind(now() + backoff(attempts))
        .bind(reason)
        .bind(&*self.me)
        .execute(&self.db.pool)
        .await?;
        Ok(())
    }

    /// Records a mail as sent or given up (`column`), if this instance still
    /// holds it, and empties its text and PDF: the links it carried are not
    /// kept. False when another instance took it meanwhile.
    async fn done(&self, id: i64, column: &str, reason: Option<&str>) -> Result<bool, sqlx::Error> {
        let sql = format!(
            "UPDATE mail_queue SET {column} = $2, last_error = $3, body = '', pdf = NULL, \
             pdf_name = NULL WHERE id = $1 AND claimed_by = $4"
        );
        let done = sqlx::query(&sql)
            .bind(id)
            .bind(now())
            .bind(reason)
            .bind(&*self.me)
            .execute(&self.db.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn give_up(&self, id: i64, reason: &str) -> Result<(), sqlx::Error> {
        metrics::counter!("espace_mails_total", "outcome" => "given_up").increment(1);
        self.done(id, "failed_at", Some(reason)).await?;
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

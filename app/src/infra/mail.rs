//! Mail, through lettre: an outbox folder by default (one `.eml` a message),
//! SMTP in production. A server's mail goes through the queue in the database
//! (`mail_queue`): the request only writes a row, so that it takes the same
//! time whether a mail goes out or not (no account probing by timing), a slow
//! mail server never holds a tenant's page, and one that is down delays the
//! mail instead of losing it.
use crate::domain::Email;
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;
use tracing::Instrument;

pub use super::mail_queue::{Outgoing, Queue};

static LOG_KEY: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();

/// The installation's secret keys the fingerprints (set once at start).
pub fn set_log_key(secret: &[u8]) {
    let _ = LOG_KEY.set(secret.to_vec());
}

/// Who a mail went to, in the logs: never the address itself (personal data
/// that log files keep and spread), but a short HMAC-SHA-256 of it under the
/// installation's secret: a list of candidate addresses does not reverse it,
/// and support, with the secret, can compare it with a tenant's address.
pub fn fingerprint(to: &Email) -> String {
    use hmac::{Hmac, Mac};
    let key = LOG_KEY.get().map_or(&[][..], Vec::as_slice);
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(key).expect("HMAC takes any key");
    mac.update(to.as_str().as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..6])
}

#[derive(Clone)]
pub enum Transport {
    Outbox(PathBuf),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

#[derive(Clone)]
pub struct Mailer {
    pub transport: Transport,
    pub from: Mailbox,
    /// The server's queue; without it (tools, some tests) mail is sent
    /// directly in a background task.
    queue: Option<Queue>,
}

impl Mailer {
    /// `smtp_url`: e.g. `smtps://user:password@smtp.example.fr:465`; None: the outbox folder.
    pub fn new(from: &str, smtp_url: Option<&str>, outbox: PathBuf) -> Result<Self, String> {
        let from = from
            .parse()
            .map_err(|e| format!("ESPACE_MAIL_FROM : {e}"))?;
        let transport = match smtp_url {
            Some(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| format!("ESPACE_SMTP_URL : {e}"))?
                    .build(),
            ),
            None => Transport::Outbox(outbox),
        };
        Ok(Self {
            transport,
            from,
            queue: None,
        })
    }

    /// Mail goes through the database's queue, sent by `mail_queue::run`.
    pub fn queued(mut self, db: crate::infra::Db) -> Self {
        self.queue = Some(Queue::new(db));
        self
    }

    pub fn queue(&self) -> Option<&Queue> {
        self.queue.as_ref()
    }

    /// Queues a plain-text mail; failures are logged with their context.
    pub fn send_later(&self, to: &Email, subject: &str, body: String) {
        self.later(Outgoing::new(to, subject, body, None));
    }

    /// Queues a mail with one PDF attached (a mandate to sign, a receipt).
    pub fn send_later_with_pdf(
        &self,
        to: &Email,
        subject: &str,
        body: String,
        pdf: (String, Vec<u8>),
    ) {
        self.later(Outgoing::new(to, subject, body, Some(pdf)));
    }

    /// Queued in a task of its own, so that the request's answer takes the
    /// same time whether a mail goes out or not (a reset asked for an
    /// unknown address sends nothing, and must not answer faster). A
    /// database that does not answer is tried again for about a minute.
    fn later(&self, mail: Outgoing) {
        let mailer = self.clone();
        // The request's span (its request id) follows the task's log lines.
        let queuing = async move {
            let Some(queue) = &mailer.queue else {
                if let Err(refusal) = mailer.deliver(&mail).await {
                    tracing::error!(to = %fingerprint(&mail.to), subject = mail.subject, reason = refusal.reason, "mail not sent");
                }
                return;
            };
            for wait in [1, 2, 4, 8, 16, 32, 0] {
                match queue.push(&mail).await {
                    Ok(()) => return,
                    Err(e) if wait > 0 => {
                        tracing::warn!(to = %fingerprint(&mail.to), subject = mail.subject, error = %e, "mail not queued yet, tried again");
                        tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
                    }
                    Err(e) => {
                        tracing::error!(to = %fingerprint(&mail.to), subject = mail.subject, error = %e, "mail lost: the database did not answer");
                    }
                }
            }
        };
        tokio::spawn(queuing.instrument(tracing::Span::current()));
    }

    /// Sends now, through the transport (the queue's worker calls it).
    pub async fn deliver(&self, mail: &Outgoing) -> Result<(), Refusal> {
        let message = self.message(mail)?;
        let (to, subject) = (&mail.to, mail.subject.as_str());
        match &self.transport {
            Transport::Outbox(dir) => {
                let written = match tokio::fs::create_dir_all(dir).await {
                    Ok(()) => AsyncFileTransport::<Tokio1Executor>::new(dir)
                        .send(message)
                        .await
                        .map_err(|e| e.to_string()),
                    Err(e) => Err(e.to_string()),
                };
                let id =
                    written.map_err(|e| Refusal::transient(format!("dossier d'envoi : {e}")))?;
                tracing::info!(to = %fingerprint(to), subject, file = %dir.join(format!("{id}.eml")).display(), "mail written to the outbox");
            }
            Transport::Smtp(smtp) => {
                smtp.send(message).await.map_err(|e| Refusal::smtp(&e))?;
                tracing::info!(to = %fingerprint(to), subject, "mail sent");
            }
        }
        Ok(())
    }

    fn message(&self, mail: &Outgoing) -> Result<Message, Refusal> {
        use lettre::message::{Attachment, MultiPart, SinglePart};
        let invalid = |_| Refusal::permanent("message invalide");
        let to_box: Mailbox = mail.to.as_str().parse().map_err(invalid)?;
        let builder = Message::builder()
            .from(self.from.clone())
            .to(to_box)
            .subject(&mail.subject);
        let body = mail.body.clone();
        match mail.pdf.clone() {
            None => builder.header(ContentType::TEXT_PLAIN).body(body),
            Some((name, bytes)) => builder.multipart(
                MultiPart::mixed()
                    .singlepart(SinglePart::plain(body))
                    .singlepart(Attachment::new(name).body(bytes, pdf_type())),
            ),
        }
        .map_err(|_| Refusal::permanent("message invalide"))
    }
}

fn pdf_type() -> ContentType {
    ContentType::parse("application/pdf").expect("a valid content type")
}

/// Why a mail was not sent: whether trying again can help, and a reason
/// for the logs and the queue that never holds the address (a mail
/// server's answer often names it, so only its code is kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub permanent: bool,
    pub reason: String,
}

impl Refusal {
    pub fn permanent(reason: &str) -> Self {
        Self {
            permanent: true,
            reason: reason.to_string(),
        }
    }

    pub fn transient(reason: String) -> Self {
        Self {
            permanent: false,
            reason,
        }
    }

    fn smtp(e: &lettre::transport::smtp::Error) -> Self {
        let reason = match e.status() {
            Some(code) => format!("refusé par le serveur de courriel (code {code})"),
            None if e.is_timeout() => "serveur de courriel : délai dépassé".into(),
            None if e.is_tls() => "serveur de courriel : échec TLS".into(),
            None => "serveur de courriel injoignable".into(),
        };
        Self {
            permanent: e.is_permanent(),
            reason,
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_fingerprint_hides_the_address_but_tells_two_apart() {
        let a = crate::domain::Email::parse("sophie@exemple.com").unwrap();
        let b = crate::domain::Email::parse("claire@exemple.com").unwrap();
        let fa = super::fingerprint(&a);
        assert_eq!(fa.len(), 12);
        assert!(!fa.contains("sophie") && fa != super::fingerprint(&b));
    }
}

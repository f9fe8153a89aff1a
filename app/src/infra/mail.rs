//! Mail, through lettre: an outbox folder by default (one `.eml` a message),
//! SMTP in production. Sending happens in the background so that a request
//! takes the same time whether a mail goes out or not (no account probing by
//! timing), and a slow mail server never holds a tenant's page.
use crate::domain::Email;
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;

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
        Ok(Self { transport, from })
    }

    /// Queues a plain-text mail; failures are logged with their context.
    pub fn send_later(&self, to: &Email, subject: &str, body: String) {
        let mailer = self.clone();
        let to = to.clone();
        let subject = subject.to_string();
        tokio::spawn(async move {
            if let Err(err) = mailer.send(&to, &subject, body).await {
                tracing::error!(to = %fingerprint(&to), subject, error = %err, "mail not sent");
            }
        });
    }

    /// Queues a mail with one PDF attached (a mandate to sign, a receipt).
    pub fn send_later_with_pdf(
        &self,
        to: &Email,
        subject: &str,
        body: String,
        pdf: (String, Vec<u8>),
    ) {
        let mailer = self.clone();
        let to = to.clone();
        let subject = subject.to_string();
        tokio::spawn(async move {
            if let Err(err) = mailer.send_with(&to, &subject, body, Some(pdf)).await {
                tracing::error!(to = %fingerprint(&to), subject, error = %err, "mail not sent");
            }
        });
    }

    pub async fn send(&self, to: &Email, subject: &str, body: String) -> Result<(), String> {
        self.send_with(to, subject, body, None).await
    }

    async fn send_with(
        &self,
        to: &Email,
        subject: &str,
        body: String,
        pdf: Option<(String, Vec<u8>)>,
    ) -> Result<(), String> {
        use lettre::message::{Attachment, MultiPart, SinglePart};
        let to_box: Mailbox = to.as_str().parse().map_err(|e| format!("{e}"))?;
        let builder = Message::builder()
            .from(self.from.clone())
            .to(to_box)
            .subject(subject);
        let message = match pdf {
            None => builder.header(ContentType::TEXT_PLAIN).body(body),
            Some((name, bytes)) => builder.multipart(
                MultiPart::mixed()
                    .singlepart(SinglePart::plain(body))
                    .singlepart(Attachment::new(name).body(
                        bytes,
                        ContentType::parse("application/pdf").map_err(|e| e.to_string())?,
                    )),
            ),
        }
        .map_err(|e| e.to_string())?;
        match &self.transport {
            Transport::Outbox(dir) => {
                tokio::fs::create_dir_all(dir)
                    .await
                    .map_err(|e| e.to_string())?;
                let id = AsyncFileTransport::<Tokio1Executor>::new(dir)
                    .send(message)
                    .await
                    .map_err(|e| e.to_string())?;
                tracing::info!(to = %fingerprint(to), subject, file = %dir.join(format!("{id}.eml")).display(), "mail written to the outbox");
            }
            Transport::Smtp(smtp) => {
                smtp.send(message).await.map_err(|e| e.to_string())?;
                tracing::info!(to = %fingerprint(to), subject, "mail sent");
            }
        }
        Ok(())
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

//! Configuration, from environment variables (optionally loaded from a file
//! named by `ESPACE_CONFIG_FILE`). Every variable is listed in the README.
//! The embedded default needs none: SQLite file, outbox folder, a secret
//! generated on first start and kept in the data folder. Production mode
//! refuses to start without the settings that must not be defaults.
use app::direct_debit::ssr::collection::SddSettings;
use app::direct_debit::ssr::collection::pain008::Version;
use app::domain::{Bic, Iban, Ics, Money};
use app::payment::ssr::CtxMode;
use app::payment::ssr::vads::Algorithm;
use app::uploads::Limits;
use app::uploads::storage::S3Config;
pub use ops::{Ops, json_logs, ops};
pub use rights::{legal, retention};
use std::net::SocketAddr;

mod ops;
mod rights;
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Embedded,
    Production,
}

#[derive(Clone, Debug)]
pub struct Config {
    pub mode: Mode,
    pub data_dir: PathBuf,
    pub database_url: String,
    pub listen: SocketAddr,
    /// None: derived from the bound address (http://127.0.0.1:PORT).
    pub base_url: Option<String>,
    pub smtp_url: Option<String>,
    pub outbox_dir: PathBuf,
    pub mail_from: String,
    pub secret: Option<String>,
    pub site_root: String,
    /// ESPACE_TRUST_PROXY: how many reverse proxies in front add their entry
    /// to X-Forwarded-For (0: none is trusted).
    pub proxy_hops: usize,
    pub landlord_name: String,
    pub payment: PaymentConfig,
    /// The landlord's SEPA creditor identifier (ICS), checked here.
    pub creditor_ics: Ics,
    /// The account direct debits are collected on, and the file's format.
    pub sdd: SddSettings,
    /// What a tenant may attach to a request.
    pub upload_limits: Limits,
    /// Attachments in an S3-compatible bucket; None: the data folder.
    pub s3: Option<S3Config>,
    /// The legal pages' names and contacts.
    pub legal: app::legal::LegalSettings,
    /// How long each kind of data is kept.
    pub retention: app::privacy::ssr::retention::Retention,
    /// Metrics and stopping.
    pub ops: Ops,
}

/// The bank (README, "Paiement en ligne"). In embedded mode everything has a
/// default and the built-in test bank answers; production names the real one.
#[derive(Clone, Debug)]
pub struct PaymentConfig {
    pub site_id: String,
    /// ESPACE_PAYMENT_BANK_NAME: how the payment page names the bank.
    pub bank_name: String,
    /// None in embedded mode: a key is derived from the secret.
    pub key: Option<String>,
    pub mode: CtxMode,
    pub algorithm: Algorithm,
    /// None: the built-in test bank's page.
    pub page_url: Option<String>,
    pub minimum: Money,
    /// The most a tenant may pay ahead when nothing is due.
    pub maximum_ahead: Money,
    pub test_bank: bool,
    /// Seconds the test bank waits before its first notification (tests use it
    /// to stop the server between the bank's answer and the notification).
    pub test_bank_delay_secs: u64,
}

/// Values that would be a mistake in production.
const KNOWN_BAD_SECRETS: [&str; 4] = [
    "changeme",
    "secret",
    "change-me",
    "0000000000000000000000000000000000000000",
];

impl Config {
    pub fn from_env() -> Result<Self, String> {
        if let Ok(file) = std::env::var("ESPACE_CONFIG_FILE") {
            dotenvy::from_path(&file)
                .map_err(|e| format!("ESPACE_CONFIG_FILE={file} : fichier illisible ({e})"))?;
        }
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// Reads the configuration from `lookup` (the environment, or a map in tests).
    pub fn from_vars(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let var = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let mode = match var("ESPACE_MODE").as_deref() {
            None | Some("embedded") => Mode::Embedded,
            Some("production") => Mode::Production,
            Some(other) => {
                return Err(format!(
                    "ESPACE_MODE={other} : valeurs possibles « embedded » ou « production »"
                ));
            }
        };
        let data_dir = PathBuf::from(var("ESPACE_DATA_DIR").unwrap_or_else(|| "data".into()));
        let listen = var("ESPACE_LISTEN")
            .or_else(|| var("LEPTOS_SITE_ADDR"))
            .unwrap_or_else(|| "127.0.0.1:3000".into());
        let listen = listen.parse().map_err(|_| {
            format!("ESPACE_LISTEN={listen} : adresse invalide (exemple 127.0.0.1:3000)")
        })?;
        let config = Self {
            mode,
            database_url: var("ESPACE_DATABASE_URL").unwrap_or_else(|| {
                format!("sqlite://{}/espace-locataire.sqlite", data_dir.display())
            }),
            listen,
            base_url: var("ESPACE_BASE_URL").map(|u| u.trim_end_matches('/').to_string()),
            smtp_url: var("ESPACE_SMTP_URL"),
            outbox_dir: var("ESPACE_OUTBOX_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| data_dir.join("outbox")),
            mail_from: var("ESPACE_MAIL_FROM")
                .unwrap_or_else(|| "Espace Locataire <no-reply@espace-locataire.localhost>".into()),
            secret: var("ESPACE_SECRET"),
            site_root: var("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()),
            proxy_hops: proxy_hops(var("ESPACE_TRUST_PROXY"))?,
            landlord_name: var("ESPACE_LANDLORD_NAME").unwrap_or_else(|| "Habitat Démo".into()),
            payment: PaymentConfig::from_vars(&var, mode)?,
            creditor_ics: Ics::parse(
                &var("ESPACE_CREDITOR_ICS").unwrap_or_else(|| DEMO_ICS.into()),
            )
            .map_err(|e| format!("ESPACE_CREDITOR_ICS : {e}"))?,
            upload_limits: upload_limits(&var)?,
            s3: s3(&var)?,
            sdd: sdd(&var)?,
            legal: legal(&var, mode)?,
            retention: retention(&var)?,
            ops: ops(&var)?,
            data_dir,
        };
        config.check_production()?;
        Ok(config)
    }

    fn check_production(&self) -> Result<(), String> {
        if self.mode != Mode::Production {
            return Ok(());
        }
        let mut missing = vec![];
        match self.secret.as_deref() {
            None => missing.push(
                "ESPACE_SECRET est obligatoire (au moins 32 caractères aléatoires).".to_string(),
            ),
            Some(s) if s.len() < 32 || KNOWN_BAD_SECRETS.contains(&s) => missing.push(
                "ESPACE_SECRET est trop court ou connu : donnez au moins 32 caractères aléatoires."
                    .into(),
            ),
            _ => {}
        }
        if self.base_url.is_none() {
            missing.push("ESPACE_BASE_URL est obligatoire (l'adresse publique, https://…).".into());
        }
        if self.smtp_url.is_none() {
            missing.push(
                "ESPACE_SMTP_URL est obligatoire (smtps://utilisateur:motdepasse@serveur:465)."
                    .into(),
            );
        }
        let pay = &self.payment;
        if pay.key.as_deref().is_none_or(|k| k.len() < 16) {
            missing.push(
                "ESPACE_PAYMENT_KEY est obligatoire (la clé de la boutique donnée par la banque)."
                    .into(),
            );
        }
        if pay.page_url.is_none() {
            missing.push(
                "ESPACE_PAYMENT_URL est obligatoire (la page de paiement de la banque, https://…)."
                    .into(),
            );
        }
        if pay.site_id == DEMO_SITE_ID {
            missing.push("ESPACE_PAYMENT_SITE_ID est obligatoire (l'identifiant de la boutique à la banque).".into());
        }
        if self.creditor_ics.as_str() == DEMO_ICS {
            missing.push(
                "ESPACE_CREDITOR_ICS est obligatoire (l'identifiant créancier SEPA du bailleur)."
                    .into(),
            );
        }
        if self.sdd.creditor_iban.as_str() == DEMO_CREDITOR_IBAN {
            missing.push(
                "ESPACE_SDD_CREDITOR_IBAN est obligatoire (le compte du bailleur sur lequel les prélèvements sont encaissés)."
                    .into(),
            );
        }
        if pay.mode != CtxMode::Production {
            missing.push(
                "ESPACE_PAYMENT_MODE=PRODUCTION est obligatoire : en mode TEST, la banque accepte ses cartes de test publiées et l'espace locataire créditerait des paiements qui n'ont pas eu lieu.".into(),
            );
        }
        if pay.test_bank {
            missing.push(
                "ESPACE_TEST_BANK : la banque de test est refusée en mode production.".into(),
            );
        }
        missing.extend(rights::missing_legal(&self.legal));
        if missing.is_empty() {
            Ok(())
        } else {
            Err(missing.join("\n"))
        }
    }

    /// The demo data holds published passwords and a published TOTP key:
    /// never in production.
    pub fn allow_demo(&self) -> Result<(), String> {
        match self.mode {
            Mode::Embedded => Ok(()),
            Mode::Production => Err(
                "les données de démonstration sont refusées en mode production : elles contiennent des mots de passe \
et une clé de second facteur publiés (README). Chargez les vraies données avec « server import »."
                    .into(),
            ),
        }
    }

    /// Where the landlord's notices (PDF) are kept.
    pub fn documents_dir(&self) -> PathBuf {
        self.data_dir.join("documents")
    }

    /// Where tenants' attachments are kept.
    pub fn uploads_dir(&self) -> PathBuf {
        self.data_dir.join("pieces-jointes")
    }

    /// Where attachments are: S3 when configured, the data folder otherwise.
    pub fn storage(&self) -> Result<app::uploads::Storage, String> {
        match &self.s3 {
            Some(s3) => app::uploads::Storage::s3(s3).map_err(|e| format!("ESPACE_S3_* : {e}")),
            None => Ok(app::uploads::Storage::Local(self.uploads_dir())),
        }
    }

    /// The signing secret: configured, or (embedded mode) generated once and kept.
    pub fn load_secret(&self) -> Result<Vec<u8>, String> {
        if let Some(s) = &self.secret {
            return Ok(s.as_bytes().to_vec());
        }
        let path = self.data_dir.join("secret.key");
        if let Ok(existing) = std::fs::read_to_string(&path) {
            return Ok(existing.trim().as_bytes().to_vec());
        }
        let mut bytes = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
        let generated = hex::encode(bytes);
        std::fs::create_dir_all(&self.data_dir)
            .and_then(|_| crate::files::write_private(&path, generated.as_bytes()))
            .map_err(|e| format!("impossible d'écrire {} : {e}", path.display()))?;
        Ok(generated.into_bytes())
    }
}

/// The embedded default's creditor identifier (a valid example, no real creditor).
pub const DEMO_ICS: &str = "FR72ZZZ123456";

/// The embedded default's shop, known only to the built-in test bank.
pub const DEMO_SITE_ID: &str = "12345678";

impl PaymentConfig {
    /// The embedded default: the test bank, a derived key, 10 € minimum.
    pub fn embedded() -> Self {
        Self::from_vars(&|_| None, Mode::Embedded).expect("defaults are valid")
    }

    fn from_vars(var: &impl Fn(&str) -> Option<String>, mode: Mode) -> Result<Self, String> {
        let ctx_mode = match var("ESPACE_PAYMENT_MODE").as_deref() {
            None | Some("TEST") => CtxMode::Test,
            Some("PRODUCTION") => CtxMode::Production,
            Some(other) => {
                return Err(format!(
                    "ESPACE_PAYMENT_MODE={other} : valeurs possibles « TEST » ou « PRODUCTION »"
                ));
            }
        };
        let minimum = match var("ESPACE_PAYMENT_MINIMUM") {
            None => Money::from_cents(1000),
            Some(raw) => Money::parse(&raw)
                .ok()
                .filter(|m| m.cents() > 0)
                .ok_or_else(|| {
                    format!("ESPACE_PAYMENT_MINIMUM={raw} : montant invalide (exemple 10,00)")
                })?,
        };
        let maximum_ahead = match var("ESPACE_PAYMENT_MAXIMUM_AHEAD") {
            None => Money::from_cents(200_000),
            Some(raw) => Money::parse(&raw)
                .ok()
                .filter(|m| *m >= minimum)
                .ok_or_else(|| {
                    format!(
                        "ESPACE_PAYMENT_MAXIMUM_AHEAD={raw} : montant invalide, au moins le minimum (exemple 2000,00)"
                    )
                })?,
        };
        let test_bank = match var("ESPACE_TEST_BANK").as_deref() {
            None => mode == Mode::Embedded,
            Some(v) => v == "true" || v == "1",
        };
        let site_id = var("ESPACE_PAYMENT_SITE_ID").unwrap_or_else(|| DEMO_SITE_ID.into());
        if !(site_id.len() == 8 && site_id.bytes().all(|b| b.is_ascii_digit())) {
            return Err(format!(
                "ESPACE_PAYMENT_SITE_ID={site_id} : 8 chiffres attendus"
            ));
        }
        Ok(Self {
            site_id,
            bank_name: var("ESPACE_PAYMENT_BANK_NAME").unwrap_or_else(|| "sa banque".into()),
            key: var("ESPACE_PAYMENT_KEY"),
            mode: ctx_mode,
            algorithm: Algorithm::parse(&var("ESPACE_PAYMENT_SIGNATURE").unwrap_or_default())
                .map_err(|e| format!("ESPACE_PAYMENT_SIGNATURE : {e}"))?,
            page_url: var("ESPACE_PAYMENT_URL"),
            minimum,
            maximum_ahead,
            test_bank,
            test_bank_delay_secs: var("ESPACE_TEST_BANK_DELAY")
                .and_then(|v| v.parse().ok())
                .unwrap_or(0),
        })
    }
}

pub const DEMO_CREDITOR_IBAN: &str = "FR7630006000011234567890189";
const DEMO_CREDITOR_BIC: &str = "AGRIFRPP";

/// The direct-debit collection: the creditor's account, the pain.008
/// version, the pre-notification delay.
pub fn sdd(var: &impl Fn(&str) -> Option<String>) -> Result<SddSettings, String> {
    let iban = var("ESPACE_SDD_CREDITOR_IBAN").unwrap_or_else(|| DEMO_CREDITOR_IBAN.into());
    let bic = var("ESPACE_SDD_CREDITOR_BIC").unwrap_or_else(|| DEMO_CREDITOR_BIC.into());
    let version = var("ESPACE_SDD_VERSION").unwrap_or_else(|| "pain.008.001.08".into());
    let days = var("ESPACE_SDD_PRENOTICE_DAYS").unwrap_or_else(|| "2".into());
    Ok(SddSettings {
        creditor_iban: Iban::parse(&iban)
            .map_err(|e| format!("ESPACE_SDD_CREDITOR_IBAN={iban} : {e}"))?,
        creditor_bic: Bic::parse(&bic)
            .map_err(|e| format!("ESPACE_SDD_CREDITOR_BIC={bic} : {e}"))?,
        version: Version::parse(&version).ok_or_else(|| {
            format!("ESPACE_SDD_VERSION={version} : « pain.008.001.08 » ou « pain.008.001.02 »")
        })?,
        prenotice_days: days
            .parse()
            .ok()
            .filter(|d| (1..=30).contains(d))
            .ok_or_else(|| {
                format!("ESPACE_SDD_PRENOTICE_DAYS={days} : un nombre de jours de 1 à 30")
            })?,
        mandate_email: match var("ESPACE_SDD_MANDATE_EMAIL") {
            None => String::new(),
            Some(raw) => app::domain::Email::parse(&raw)
                .map(|e| e.as_str().to_string())
                .map_err(|e| format!("ESPACE_SDD_MANDATE_EMAIL={raw} : {e}"))?,
        },
    })
}

/// ESPACE_TRUST_PROXY: `false` (or unset, or 0), `true` (one proxy), or the
/// number of proxies in front (a CDN then a load balancer: 2).
fn proxy_hops(value: Option<String>) -> Result<usize, String> {
    match value.as_deref().map(str::trim) {
        None | Some("false") | Some("0") => Ok(0),
        Some("true") => Ok(1),
        Some(v) => v.parse().ok().filter(|n| (1..=5).contains(n)).ok_or(format!(
            "ESPACE_TRUST_PROXY={v} : « false », « true » ou le nombre de proxys devant le serveur (1 à 5)"
        )),
    }
}

/// ESPACE_UPLOAD_MAX_FILE_MB, ESPACE_UPLOAD_MAX_FILES, ESPACE_UPLOAD_MAX_TOTAL_MB.
fn upload_limits(var: &impl Fn(&str) -> Option<String>) -> Result<Limits, String> {
    let default = Limits::default();
    let number = |name: &str, default: u64| -> Result<u64, String> {
        match var(name) {
            None => Ok(default),
            Some(v) => v
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|n| (1..=1024).contains(n))
                .ok_or(format!("{name}={v} : un nombre entier entre 1 et 1024")),
        }
    };
    const MB: u64 = 1024 * 1024;
    Ok(Limits {
        per_file: number("ESPACE_UPLOAD_MAX_FILE_MB", default.per_file / MB)? * MB,
        files: number("ESPACE_UPLOAD_MAX_FILES", default.files as u64)? as usize,
        per_request: number("ESPACE_UPLOAD_MAX_TOTAL_MB", default.per_request / MB)? * MB,
    })
}

/// ESPACE_S3_BUCKET (turns it on), ESPACE_S3_ENDPOINT, ESPACE_S3_REGION,
/// ESPACE_S3_ACCESS_KEY_ID, ESPACE_S3_SECRET_ACCESS_KEY.
fn s3(var: &impl Fn(&str) -> Option<String>) -> Result<Option<S3Config>, String> {
    let Some(bucket) = var("ESPACE_S3_BUCKET") else {
        return Ok(None);
    };
    let required = |name: &str| {
        var(name).ok_or(format!(
            "{name} est obligatoire quand ESPACE_S3_BUCKET est donné."
        ))
    };
    Ok(Some(S3Config {
        bucket,
        endpoint: var("ESPACE_S3_ENDPOINT"),
        region: var("ESPACE_S3_REGION").unwrap_or_else(|| "us-east-1".into()),
        access_key_id: required("ESPACE_S3_ACCESS_KEY_ID")?,
        secret_access_key: required("ESPACE_S3_SECRET_ACCESS_KEY")?,
    }))
}

/// Whether `cargo leptos watch` runs this server (it sets LEPTOS_WATCH to
/// "true"; other cargo-leptos commands set "false"): the built files then
/// change under us, and the page may talk to the reload socket. Read once:
/// every page render asks.
pub fn watching() -> bool {
    static WATCHING: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *WATCHING.get_or_init(|| std::env::var("LEPTOS_WATCH").as_deref() == Ok("true"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn from(pairs: &[(&str, &str)]) -> Result<Config, String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_vars(|k| map.get(k).cloned())
    }

    #[test]
    fn the_embedded_default_needs_nothing() {
        let c = from(&[]).unwrap();
        assert_eq!(c.mode, Mode::Embedded);
        assert_eq!(c.database_url, "sqlite://data/espace-locataire.sqlite");
        assert_eq!(c.listen.to_string(), "127.0.0.1:3000");
        assert!(c.smtp_url.is_none() && c.secret.is_none());
    }

    #[test]
    fn production_refuses_a_missing_or_default_secret_with_a_clear_message() {
        let base = [
            ("ESPACE_MODE", "production"),
            ("ESPACE_BASE_URL", "https://locataires.exemple.fr"),
            ("ESPACE_SMTP_URL", "smtps://u:p@smtp.exemple.fr"),
        ];
        let missing = from(&base).unwrap_err();
        assert!(
            missing.contains("ESPACE_SECRET est obligatoire"),
            "{missing}"
        );
        for bad in ["changeme", "trop-court"] {
            let err = from(&[base[0], base[1], base[2], ("ESPACE_SECRET", bad)]).unwrap_err();
            assert!(
                err.contains("ESPACE_SECRET est trop court ou connu"),
                "{err}"
            );
        }
        let complete = [
            base[0],
            base[1],
            base[2],
            ("ESPACE_SECRET", "f3a9c2e1d4b5a6978877665544332211aa"),
            ("ESPACE_PAYMENT_SITE_ID", "87654321"),
            ("ESPACE_PAYMENT_KEY", "a1b2c3d4e5f6a7b8"),
            (
                "ESPACE_PAYMENT_URL",
                "https://paiement.systempay.fr/vads-payment/",
            ),
            ("ESPACE_CREDITOR_ICS", "FR53ZZZ999999"),
            ("ESPACE_SDD_CREDITOR_IBAN", "FR7630004000031234567890143"),
            ("ESPACE_LEGAL_SIREN", "272 100 018"),
            ("ESPACE_LEGAL_DIRECTOR", "Mme la directrice générale"),
            (
                "ESPACE_LEGAL_HOST",
                "Hébergeur, 2 rue du Serveur, 69000 Lyon",
            ),
            ("ESPACE_LEGAL_DPO", "dpo@bailleur.fr"),
            ("ESPACE_PAYMENT_MODE", "PRODUCTION"),
        ];
        let ok = from(&complete).unwrap();
        assert!(
            ok.allow_demo()
                .unwrap_err()
                .contains("refusées en mode production")
        );
        assert!(from(&[]).unwrap().allow_demo().is_ok());
        // The bank's TEST mode, said or by default, is refused.
        for test_mode in [None, Some("TEST")] {
            let mut vars: Vec<_> = complete[..complete.len() - 1].to_vec();
            if let Some(m) = test_mode {
                vars.push(("ESPACE_PAYMENT_MODE", m));
            }
            let err = from(&vars).unwrap_err();
            assert!(
                err.contains("ESPACE_PAYMENT_MODE=PRODUCTION est obligatoire"),
                "{err}"
            );
        }
        assert!(!ok.payment.test_bank);
        let mut with_test_bank = complete.to_vec();
        with_test_bank.push(("ESPACE_TEST_BANK", "true"));
        let err = from(&with_test_bank).unwrap_err();
        assert!(
            err.contains("la banque de test est refusée en mode production"),
            "{err}"
        );
        let err = from(&[("ESPACE_MODE", "production")]).unwrap_err();
        for name in [
            "ESPACE_BASE_URL",
            "ESPACE_SMTP_URL",
            "ESPACE_PAYMENT_KEY",
            "ESPACE_PAYMENT_URL",
            "ESPACE_PAYMENT_SITE_ID",
            "ESPACE_CREDITOR_ICS",
            "ESPACE_LEGAL_DIRECTOR",
            "ESPACE_LEGAL_HOST",
            "ESPACE_LEGAL_DPO",
            "ESPACE_LEGAL_SIREN",
        ] {
            assert!(err.contains(name), "{name}: {err}");
        }
    }

    #[test]
    fn legal_details_and_retention_periods_are_read_and_checked() {
        let c = from(&[
            ("ESPACE_LEGAL_DIRECTOR", "M. Directeur"),
            ("ESPACE_ACCESSIBILITY_STATUS", "totale"),
            ("ESPACE_RETENTION_AUDIT_DAYS", "180"),
        ])
        .unwrap();
        assert_eq!(c.legal.director, "M. Directeur");
        assert_eq!(c.legal.conformity, app::legal::Conformity::Totale);
        assert_eq!(c.retention.audit_days, 180);
        assert_eq!(c.retention.ipn_days, 395);
        let err = from(&[("ESPACE_ACCESSIBILITY_STATUS", "bof")]).unwrap_err();
        assert!(
            err.contains("« non », « partielle » ou « totale »"),
            "{err}"
        );
        for bad in ["0", "-3", "dix", "99999"] {
            let err = from(&[("ESPACE_RETENTION_IPN_DAYS", bad)]).unwrap_err();
            assert!(err.contains("ESPACE_RETENTION_IPN_DAYS"), "{err}");
        }
    }

    #[test]
    fn bad_values_are_refused_in_french() {
        assert!(
            from(&[("ESPACE_MODE", "prod")])
                .unwrap_err()
                .contains("valeurs possibles")
        );
        assert!(
            from(&[("ESPACE_LISTEN", "nulle part")])
                .unwrap_err()
                .contains("adresse invalide")
        );
        for (name, value, message) in [
            ("ESPACE_PAYMENT_MODE", "test", "valeurs possibles"),
            ("ESPACE_PAYMENT_MINIMUM", "dix", "montant invalide"),
            ("ESPACE_PAYMENT_MINIMUM", "0", "montant invalide"),
            ("ESPACE_PAYMENT_SITE_ID", "1234", "8 chiffres"),
            ("ESPACE_PAYMENT_SIGNATURE", "MD5", "inconnu"),
            (
                "ESPACE_CREDITOR_ICS",
                "FR73ZZZ123456",
                "clé de contrôle est incorrecte",
            ),
            ("ESPACE_CREDITOR_ICS", "FR72", "forme attendue"),
            ("ESPACE_REQUESTS_AT_ONCE", "0", "entre 1 et 4096"),
            ("ESPACE_REQUESTS_AT_ONCE", "beaucoup", "entre 1 et 4096"),
        ] {
            let err = from(&[(name, value)]).unwrap_err();
            assert!(err.contains(message), "{name}={value}: {err}");
        }
    }

    #[test]
    fn trusted_proxies_are_counted() {
        let hops = |v: &str| from(&[("ESPACE_TRUST_PROXY", v)]).map(|c| c.proxy_hops);
        assert_eq!(from(&[]).unwrap().proxy_hops, 0);
        assert_eq!(hops("false"), Ok(0));
        assert_eq!(hops("true"), Ok(1));
        assert_eq!(hops("2"), Ok(2));
        assert!(hops("oui").unwrap_err().contains("nombre de proxys"));
        assert!(hops("9").is_err());
    }

    #[test]
    fn requests_at_once_are_configurable() {
        let at_once = |v: &[(&str, &str)]| from(v).unwrap().ops.requests_at_once;
        assert_eq!(at_once(&[]), ops::default_requests_at_once());
        assert!(ops::default_requests_at_once() >= 4);
        assert_eq!(at_once(&[("ESPACE_REQUESTS_AT_ONCE", "4")]), 4);
    }

    #[test]
    fn an_embedded_secret_is_generated_once_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let c = from(&[("ESPACE_DATA_DIR", dir.path().to_str().unwrap())]).unwrap();
        let first = c.load_secret().unwrap();
        assert_eq!(first.len(), 64);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let meta = std::fs::metadata(dir.path().join("secret.key")).unwrap();
            assert_eq!(meta.permissions().mode() & 0o777, 0o600);
        }
        assert_eq!(c.load_secret().unwrap(), first);
    }
}

//! Configuration, from environment variables (optionally loaded from a file
//! named by `ESPACE_CONFIG_FILE`). Every variable is listed in the README.
//! The embedded default needs none: SQLite file, outbox folder, a secret
//! generated on first start and kept in the data folder. Production mode
//! refuses to start without the settings that must not be defaults.
use std::net::SocketAddr;
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
    pub trust_proxy: bool,
    pub landlord_name: String,
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
            trust_proxy: var("ESPACE_TRUST_PROXY").is_some_and(|v| v == "true" || v == "1"),
            landlord_name: var("ESPACE_LANDLORD_NAME").unwrap_or_else(|| "Habitat Démo".into()),
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
        if missing.is_empty() {
            Ok(())
        } else {
            Err(missing.join("\n"))
        }
    }

    /// The signing secret: configured, or (embedded mode) generated once and kept.
    /// Where the landlord's notices (PDF) are kept.
    pub fn documents_dir(&self) -> PathBuf {
        self.data_dir.join("documents")
    }

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
            .and_then(|_| std::fs::write(&path, &generated))
            .map_err(|e| format!("impossible d'écrire {} : {e}", path.display()))?;
        restrict_permissions(&path);
        Ok(generated.into_bytes())
    }
}

#[cfg(unix)]
fn restrict_permissions(path: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
}

#[cfg(not(unix))]
fn restrict_permissions(_: &std::path::Path) {}

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
        let ok = from(&[
            base[0],
            base[1],
            base[2],
            ("ESPACE_SECRET", "f3a9c2e1d4b5a6978877665544332211aa"),
        ]);
        assert!(ok.is_ok());
        let err = from(&[("ESPACE_MODE", "production")]).unwrap_err();
        assert!(
            err.contains("ESPACE_BASE_URL") && err.contains("ESPACE_SMTP_URL"),
            "{err}"
        );
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
    }

    #[test]
    fn an_embedded_secret_is_generated_once_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let c = from(&[("ESPACE_DATA_DIR", dir.path().to_str().unwrap())]).unwrap();
        let first = c.load_secret().unwrap();
        assert_eq!(first.len(), 64);
        assert_eq!(c.load_secret().unwrap(), first);
    }
}

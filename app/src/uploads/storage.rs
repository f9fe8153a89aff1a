//! Where attachments are kept: a local folder by default, or S3-compatible
//! object storage (object_store, the Apache Arrow project's maintained
//! client: AWS, OVHcloud, Scaleway, MinIO…). Each file gets a random name
//! (the original is only displayed). Locally it is written to a temporary
//! name and renamed, so that a crash never leaves half a file under a name
//! the database knows; an object store's PUT is atomic by itself.
use object_store::ObjectStore;
use object_store::path::Path as ObjectPath;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub enum Storage {
    Local(PathBuf),
    Object(Arc<dyn ObjectStore>),
}

/// An S3-compatible bucket (ESPACE_S3_* in the README).
#[derive(Clone, Debug)]
pub struct S3Config {
    pub bucket: String,
    /// e.g. https://s3.fr-par.scw.cloud; None: AWS.
    pub endpoint: Option<String>,
    pub region: String,
    pub access_key_id: String,
    pub secret_access_key: String,
}

fn io(e: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

impl Storage {
    pub fn s3(c: &S3Config) -> Result<Self, String> {
        let mut b = object_store::aws::AmazonS3Builder::new()
            .with_bucket_name(&c.bucket)
            .with_region(&c.region)
            .with_access_key_id(&c.access_key_id)
            .with_secret_access_key(&c.secret_access_key);
        if let Some(endpoint) = &c.endpoint {
            b = b
                .with_endpoint(endpoint)
                .with_allow_http(endpoint.starts_with("http://"));
        }
        b.build()
            .map(|s| Self::Object(Arc::new(s)))
            .map_err(|e| e.to_string())
    }

    /// Whether a file can be written now (the readiness probe): a small
    /// file written and removed in the folder. A bucket is not probed (each
    /// probe would be a paid request); its errors show on the uploads.
    pub async fn writable(&self) -> std::io::Result<()> {
        match self {
            Self::Local(dir) => {
                tokio::fs::create_dir_all(dir).await?;
                let probe = dir.join(format!(".sante-{}", hex::encode(rand::random::<[u8; 8]>())));
                tokio::fs::write(&probe, b"ok").await?;
                tokio::fs::remove_file(&probe).await
            }
            Self::Object(_) => Ok(()),
        }
    }

    /// Stores `bytes`; returns the name to record.
    pub async fn put(&self, bytes: &[u8], extension: &str) -> std::io::Result<String> {
        let name = format!("{}.{extension}", hex::encode(rand::random::<[u8; 16]>()));
        match self {
            Self::Local(dir) => {
                tokio::fs::create_dir_all(dir).await?;
                let partial = dir.join(format!(".{name}.partiel"));
                let written = match tokio::fs::write(&partial, bytes).await {
                    Ok(()) => tokio::fs::rename(&partial, dir.join(&name)).await,
                    Err(e) => Err(e),
                };
                if let Err(e) = written {
                    // Never half a file left behind (a disk that filled up).
                    let _ = tokio::fs::remove_file(&partial).await;
                    return Err(e);
                }
            }
            Self::Object(store) => {
                store
                    .put(&ObjectPath::from(name.as_str()), bytes.to_vec().into())
                    .await
                    .map_err(io)?;
            }
        }
        Ok(name)
    }

    /// The file stored under `name` (a name this storage gave, nothing else).
    pub async fn get(&self, name: &str) -> std::io::Result<Vec<u8>> {
        if !is_stored_name(name) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "nom refusé",
            ));
        }
        match self {
            Self::Local(dir) => tokio::fs::read(dir.join(name)).await,
            Self::Object(store) => {
                let got = store.get(&ObjectPath::from(name)).await.map_err(io)?;
                Ok(got.bytes().await.map_err(io)?.to_vec())
            }
        }
    }

    /// Removes a file whose request was not recorded.
    pub async fn delete(&self, name: &str) -> std::io::Result<()> {
        if !is_stored_name(name) {
            return Ok(());
        }
        match self {
            Self::Local(dir) => tokio::fs::remove_file(dir.join(name)).await,
            Self::Object(store) => store.delete(&ObjectPath::from(name)).await.map_err(io),
        }
    }
}

/// 32 hex digits, a dot, a short extension: no way out of the folder.
fn is_stored_name(name: &str) -> bool {
    match name.split_once('.') {
        Some((id, ext)) => {
            id.len() == 32
                && id.bytes().all(|b| b.is_ascii_hexdigit())
                && (1..=4).contains(&ext.len())
                && ext.bytes().all(|b| b.is_ascii_alphanumeric())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn round_trip(storage: &Storage) {
        let a = storage.put(b"%PDF-1.7", "pdf").await.unwrap();
        let b = storage.put(b"%PDF-1.7", "pdf").await.unwrap();
        assert_ne!(a, b);
        assert_eq!(storage.get(&a).await.unwrap(), b"%PDF-1.7");
        assert!(storage.get("../secret.key").await.is_err());
        assert!(storage.get("secret.key").await.is_err());
        storage.delete(&a).await.unwrap();
        assert!(storage.get(&a).await.is_err());
    }

    #[tokio::test]
    async fn stores_under_a_random_name_and_reads_back_only_its_names() {
        let dir = std::env::temp_dir().join(format!(
            "espace-storage-{}",
            hex::encode(rand::random::<[u8; 8]>())
        ));
        round_trip(&Storage::Local(dir.clone())).await;
        let leftovers: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
        assert_eq!(leftovers.len(), 1, "no partial file left");
        let _ = std::fs::remove_dir_all(dir);
    }

    #[tokio::test]
    async fn an_object_store_behaves_the_same() {
        round_trip(&Storage::Object(Arc::new(
            object_store::memory::InMemory::new(),
        )))
        .await;
    }
}

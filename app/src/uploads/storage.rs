//! Where attachments are kept: a local folder by default. Each file gets a
//! random name (the original is only displayed); it is written to a
//! temporary name and renamed, so that a crash never leaves half a file
//! under a name the database knows.
use std::path::PathBuf;

#[derive(Clone, Debug)]
pub enum Storage {
    Local(PathBuf),
}

impl Storage {
    /// Stores `bytes`; returns the name to record.
    pub async fn put(&self, bytes: &[u8], extension: &str) -> std::io::Result<String> {
        let Self::Local(dir) = self;
        tokio::fs::create_dir_all(dir).await?;
        let name = format!("{}.{extension}", hex::encode(rand::random::<[u8; 16]>()));
        let partial = dir.join(format!(".{name}.partiel"));
        tokio::fs::write(&partial, bytes).await?;
        tokio::fs::rename(&partial, dir.join(&name)).await?;
        Ok(name)
    }

    /// The file stored under `name` (a name this storage gave, nothing else).
    pub async fn get(&self, name: &str) -> std::io::Result<Vec<u8>> {
        let Self::Local(dir) = self;
        if !is_stored_name(name) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "nom refusé",
            ));
        }
        tokio::fs::read(dir.join(name)).await
    }

    /// Removes a file whose request was not recorded.
    pub async fn delete(&self, name: &str) -> std::io::Result<()> {
        let Self::Local(dir) = self;
        if !is_stored_name(name) {
            return Ok(());
        }
        tokio::fs::remove_file(dir.join(name)).await
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

    #[tokio::test]
    async fn stores_under_a_random_name_and_reads_back_only_its_names() {
        let dir = tempfile_dir();
        let storage = Storage::Local(dir.clone());
        let a = storage.put(b"%PDF-1.7", "pdf").await.unwrap();
        let b = storage.put(b"%PDF-1.7", "pdf").await.unwrap();
        assert_ne!(a, b);
        assert_eq!(storage.get(&a).await.unwrap(), b"%PDF-1.7");
        assert!(storage.get("../secret.key").await.is_err());
        assert!(storage.get("secret.key").await.is_err());
        storage.delete(&a).await.unwrap();
        assert!(storage.get(&a).await.is_err());
        let leftovers: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
        assert_eq!(leftovers.len(), 1, "no partial file left");
        let _ = std::fs::remove_dir_all(dir);
    }

    fn tempfile_dir() -> PathBuf {
        std::env::temp_dir().join(format!(
            "espace-storage-{}",
            hex::encode(rand::random::<[u8; 8]>())
        ))
    }
}

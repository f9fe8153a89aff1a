//! The folders and files that hold tenants' data (the SQLite database, the
//! outbox with its reset links, the attachments, the secret) are created
//! readable by the server's user alone, from the start: 0700 folders, 0600
//! files. `main` also sets the process umask to 077, so that what SQLite,
//! lettre or the storage create later (WAL files, mails, uploads) is private
//! too; this module covers the server started without `main` (tests).
use crate::config::Config;
use std::path::{Path, PathBuf};

/// Creates the private folders and the SQLite file if missing. A folder
/// that already exists keeps its permissions (it may be `/tmp` or `.`): only
/// what the server creates is made private here.
pub fn prepare(config: &Config) -> Result<(), String> {
    let mut folders = vec![config.data_dir.clone(), config.outbox_dir.clone()];
    if config.s3.is_none() {
        folders.push(config.uploads_dir());
    }
    folders.push(config.documents_dir());
    let sqlite = sqlite_file(&config.database_url);
    if let Some(parent) = sqlite.as_ref().and_then(|f| f.parent()) {
        folders.push(parent.to_path_buf());
    }
    for folder in folders.iter().filter(|f| !f.as_os_str().is_empty()) {
        if !folder.exists() {
            private_folder(folder).map_err(|e| format!("dossier {} : {e}", folder.display()))?;
        }
    }
    if let Some(file) = sqlite.filter(|f| !f.exists()) {
        private_file(&file).map_err(|e| format!("fichier {} : {e}", file.display()))?;
    }
    Ok(())
}

/// The path of a `sqlite://…` URL (None for PostgreSQL or in-memory).
pub fn sqlite_file(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

#[cfg(unix)]
fn private_folder(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(path)?;
    // The mode asked for is masked by the umask: set it exactly.
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700))
}

#[cfg(unix)]
fn private_file(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
}

/// Writes a new file that only the server's user can read, never world
/// readable even for an instant (created with its mode, not chmod'ed after).
#[cfg(unix)]
pub fn write_private(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?
        .write_all(contents)
}

#[cfg(not(unix))]
fn private_folder(path: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(path)
}

#[cfg(not(unix))]
fn private_file(_: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(not(unix))]
pub fn write_private(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, contents)
}

/// Files created by this process from now on are private (umask 077).
pub fn private_umask() {
    #[cfg(unix)]
    // SAFETY: umask only changes this process's file-creation mask.
    unsafe {
        libc::umask(0o077);
    }
}

/// For what still uses glibc's malloc (SQLite's C code, and the test binaries,
/// which keep the default allocator; the server binary uses mimalloc).
/// Large blocks (Argon2's 19 MiB) always come from mmap and go back to the
/// system when freed. glibc otherwise raises its mmap threshold after the
/// first such free, and each blocking thread's arena then keeps its 19 MiB:
/// measured with bench/attack.sh, ten password checks left the server
/// 190 MB larger. Setting the threshold fixes it (and stops its adjustment).
pub fn return_large_blocks() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only tunes this process's allocator, before any thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1024 * 1024);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_sqlite_file_is_read_from_its_url() {
        let f = |u| super::sqlite_file(u).map(|p| p.display().to_string());
        assert_eq!(
            f("sqlite://data/x.sqlite?mode=rwc").as_deref(),
            Some("data/x.sqlite")
        );
        assert_eq!(f("sqlite:/tmp/y.db").as_deref(), Some("/tmp/y.db"));
        assert_eq!(f("postgres://u@h/db"), None);
        assert_eq!(f("sqlite::memory:"), None);
    }
}

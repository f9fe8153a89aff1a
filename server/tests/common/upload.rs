//! Posting forms with files as a browser does (multipart/form-data), with
//! JavaScript off (a page comes back) or on (JSON comes back).
use super::TestApp;
use reqwest::multipart::{Form, Part};

/// A small but real PDF's first bytes: its type is read from them.
pub fn pdf(len: usize) -> Vec<u8> {
    let mut b = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n".to_vec();
    b.resize(len.max(b.len()), b' ');
    b
}

pub fn png() -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    b.resize(64, 0);
    b
}

/// A Windows program, named like a PDF.
pub fn exe() -> Vec<u8> {
    let mut b = b"MZ\x90\0\x03\0\0\0".to_vec();
    b.resize(64, 0);
    b
}

pub struct File<'a> {
    pub field: &'a str,
    pub name: &'a str,
    pub bytes: Vec<u8>,
}

pub fn file<'a>(field: &'a str, name: &'a str, bytes: Vec<u8>) -> File<'a> {
    File { field, name, bytes }
}

impl TestApp {
    pub async fn upload(
        &self,
        client: &reqwest::Client,
        page: &str,
        fields: &[(&str, &str)],
        files: Vec<File<'_>>,
        json: bool,
    ) -> reqwest::Response {
        let mut form = Form::new();
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        for f in files {
            form = form.part(
                f.field.to_string(),
                Part::bytes(f.bytes).file_name(f.name.to_string()),
            );
        }
        let mut req = client
            .post(self.url(page))
            .header("Origin", &self.base)
            .multipart(form);
        if json {
            req = req.header("Accept", "application/json");
        }
        req.send().await.unwrap()
    }

    /// How many requests of this area are recorded.
    pub async fn requests(&self, area: &str) -> i64 {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM tenant_request WHERE area = $1")
            .bind(area)
            .fetch_one(&self.db.pool)
            .await
            .unwrap();
        n
    }

    /// The files in the attachments' folder (none is left by a refused post).
    pub fn stored_files(&self) -> usize {
        std::fs::read_dir(self.data_dir.join("pieces-jointes"))
            .map(|d| d.flatten().count())
            .unwrap_or(0)
    }
}

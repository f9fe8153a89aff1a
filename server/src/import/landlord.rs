//! `bailleur.csv`: the landlord itself (one row: name, head-office address,
//! phone, and optionally its logo), printed on every PDF and shown in Nous
//! contacter; the logo heads every page.

use super::source::Source;
use super::store::Tx;
use super::{BadRow, FileReport, Report};
use std::path::Path;

const FILE: &str = "bailleur.csv";
const COLUMNS: [&str; 3] = ["nom", "adresse", "telephone"];

pub async fn import(
    tx: &mut Tx,
    folder: &Path,
    storage: &Path,
    report: &mut Report,
) -> Result<(), sqlx::Error> {
    let path = folder.join(FILE);
    if !path.exists() {
        return Ok(());
    }
    let bad = |line: u64, column: &str, reason: &str| BadRow {
        file: FILE.into(),
        line,
        column: column.into(),
        reason: reason.into(),
    };
    let mut src = match Source::open(&path) {
        Ok(src) => src,
        Err(reason) => {
            report.bad_rows.push(bad(1, "fichier", &reason));
            return Ok(());
        }
    };
    let mut out = FileReport {
        file: FILE.into(),
        encoding: src.encoding.name(),
        separator: src.separator,
        ..Default::default()
    };
    for col in src.missing_columns(&COLUMNS) {
        report.bad_rows.push(bad(1, &col, "colonne manquante"));
    }
    let Some(Ok(rec)) = src.next() else {
        report.bad_rows.push(bad(
            2,
            "ligne",
            "le bailleur est décrit sur la deuxième ligne",
        ));
        report.files.push(out);
        return Ok(());
    };
    out.read = 1;
    let values: Vec<&str> = COLUMNS.iter().map(|c| src.get(&rec, c)).collect();
    if let Some(i) = values.iter().position(|v| v.is_empty()) {
        report
            .bad_rows
            .push(bad(rec.line, COLUMNS[i], "valeur manquante"));
        out.refused = 1;
        report.files.push(out);
        return Ok(());
    }
    let logo = match store_logo(folder, storage, src.get(&rec, "logo")) {
        Ok(logo) => logo,
        Err(reason) => {
            report.bad_rows.push(bad(rec.line, "logo", &reason));
            out.refused = 1;
            report.files.push(out);
            return Ok(());
        }
    };
    let current: Option<(String, String, String, String)> =
        sqlx::query_as("SELECT name, address, phone, logo FROM landlord WHERE id = 1")
            .fetch_optional(&mut **tx)
            .await?;
    let new = (
        values[0].to_string(),
        values[1].to_string(),
        values[2].to_string(),
        logo,
    );
    let sql = match current {
        Some(c) if c == new => {
            out.counts.unchanged = 1;
            None
        }
        Some(_) => {
            out.counts.updated = 1;
            Some("UPDATE landlord SET name = $1, address = $2, phone = $3, logo = $4 WHERE id = 1")
        }
        None => {
            out.counts.created = 1;
            Some("INSERT INTO landlord (id, name, address, phone, logo) VALUES (1, $1, $2, $3, $4)")
        }
    };
    if let Some(sql) = sql {
        sqlx::query(sql)
            .bind(&new.0)
            .bind(&new.1)
            .bind(&new.2)
            .bind(&new.3)
            .execute(&mut **tx)
            .await?;
    }
    report.files.push(out);
    Ok(())
}

/// The largest logo accepted: a header image, not a poster.
const MAX_LOGO: usize = 512 * 1024;

/// Copies the logo (PNG or SVG, inside the export folder) into the storage
/// under its SHA-256; returns its stored name, "" when the row names none.
/// An SVG that could run script is refused: it is served from our origin.
fn store_logo(folder: &Path, storage: &Path, relative: &str) -> Result<String, String> {
    use sha2::{Digest, Sha256};
    if relative.is_empty() {
        return Ok(String::new());
    }
    let path = folder.join(relative);
    if relative.contains("..") || !path.starts_with(folder) {
        return Err(format!("chemin refusé « {relative} »"));
    }
    let bytes = std::fs::read(&path).map_err(|_| format!("fichier introuvable « {relative} »"))?;
    if bytes.len() > MAX_LOGO {
        return Err(format!("« {relative} » dépasse 512 Ko"));
    }
    let extension = logo_kind(&bytes)
        .ok_or_else(|| format!("« {relative} » n'est ni une image PNG ni une image SVG sûre"))?;
    let name = format!("{}.{extension}", hex::encode(Sha256::digest(&bytes)));
    let target = storage.join(&name);
    if !target.exists() {
        std::fs::create_dir_all(storage)
            .and_then(|_| std::fs::write(&target, &bytes))
            .map_err(|e| format!("copie impossible ({e})"))?;
    }
    Ok(name)
}

/// "png", "svg", or None (another format, or an SVG with script in it).
pub fn logo_kind(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some("png");
    }
    let text = std::str::from_utf8(bytes).ok()?.to_lowercase();
    let unsafe_svg = [
        "<script",
        "javascript",
        "<foreignobject",
        "href=\"http",
        "href='http",
        "&#",
    ]
    .iter()
    .any(|bad| text.contains(bad))
        || has_event_handler(&text);
    (text.contains("<svg") && !unsafe_svg).then_some("svg")
}

/// An attribute such as ` onload=` (or `/onload=`, after a line break)
/// anywhere in the (lower-cased) text. The CSP of `GET /logo` stops script
/// anyway; this keeps such a file out of the portal in the first place.
fn has_event_handler(text: &str) -> bool {
    text.match_indices("on").any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let rest = text[i + 2..].trim_start_matches(|c: char| c.is_ascii_alphabetic());
        before.is_some_and(|b| b.is_whitespace() || b == '/')
            && rest.len() < text.len() - i - 2
            && rest.trim_start().starts_with('=')
    })
}

#[cfg(test)]
mod tests {
    use super::logo_kind;

    #[test]
    fn logos_are_png_or_script_free_svg() {
        assert_eq!(logo_kind(b"\x89PNG\r\n\x1a\n...."), Some("png"));
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>"#;
        assert_eq!(logo_kind(svg), Some("svg"));
        assert_eq!(logo_kind(b"<svg><script>alert(1)</script></svg>"), None);
        assert_eq!(logo_kind(b"<svg onload=\"x()\"></svg>"), None);
        assert_eq!(
            logo_kind(b"<svg><text>one online</text></svg>"),
            Some("svg")
        );
        assert_eq!(logo_kind(b"GIF89a"), None);
    }
}

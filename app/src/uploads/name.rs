//! The name a tenant's file is shown under. Kept for display only (files are
//! stored under random names): no path, no control, format or markup
//! characters, no leading dots, at most 80 characters, never empty.
//!
//! It always ends with the extension of the type read from the content, so
//! that what a reader sees is what opens. A name that already ends with it
//! stays as typed ("Attestation.PDF"; jpg and jpeg, heic and heif alike);
//! any other last extension stays readable but stops being one: its dot
//! becomes "_" and the real extension follows ("facture.pdf.exe", a PDF,
//! shows as "facture.pdf_exe.pdf"). Appending alone ("facture.pdf.exe.pdf")
//! would leave ".exe" looking like an extension in the middle.

const MAX_CHARS: usize = 80;

/// Unicode's format characters (general category Cf, Unicode 16). Invisible,
/// and some reorder what follows them: U+202E shows "fdp.exe" as "exe.pdf".
/// Listed here: the standard library has no category lookup.
const FORMAT: &[(char, char)] = &[
    ('\u{00AD}', '\u{00AD}'),
    ('\u{0600}', '\u{0605}'),
    ('\u{061C}', '\u{061C}'),
    ('\u{06DD}', '\u{06DD}'),
    ('\u{070F}', '\u{070F}'),
    ('\u{0890}', '\u{0891}'),
    ('\u{08E2}', '\u{08E2}'),
    ('\u{180E}', '\u{180E}'),
    ('\u{200B}', '\u{200F}'),
    ('\u{202A}', '\u{202E}'),
    ('\u{2060}', '\u{2064}'),
    ('\u{2066}', '\u{206F}'),
    ('\u{FEFF}', '\u{FEFF}'),
    ('\u{FFF9}', '\u{FFFB}'),
    ('\u{110BD}', '\u{110BD}'),
    ('\u{110CD}', '\u{110CD}'),
    ('\u{13430}', '\u{1343F}'),
    ('\u{1BCA0}', '\u{1BCA3}'),
    ('\u{1D173}', '\u{1D17A}'),
    ('\u{E0001}', '\u{E0001}'),
    ('\u{E0020}', '\u{E007F}'),
];

/// Also removed: line and paragraph separators (a name is one line), and
/// what file systems or markup give a meaning to.
fn is_removed(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}')
        || "<>:\"|?*".contains(c)
        || FORMAT.iter().any(|(from, to)| (*from..=*to).contains(&c))
}

pub fn display_name(original: &str, extension: &str) -> String {
    let cleaned = clean(original);
    let (stem, shown_extension) = match cleaned.rsplit_once('.') {
        Some((stem, typed)) if same_type(typed, extension) => (stem.to_string(), typed),
        Some((stem, other)) => (format!("{stem}_{other}"), extension),
        None => (cleaned.clone(), extension),
    };
    let room = MAX_CHARS.saturating_sub(shown_extension.chars().count() + 1);
    let stem: String = stem.chars().take(room).collect();
    let stem = match stem.trim_end() {
        "" => "document",
        kept => kept,
    };
    format!("{stem}.{shown_extension}")
}

/// The last path component, without removed characters, surrounding
/// spaces, leading dots (hidden files) or trailing dots (Windows drops them).
fn clean(original: &str) -> String {
    let base = original.rsplit(['/', '\\']).next().unwrap_or("");
    let kept: String = base.chars().filter(|c| !is_removed(*c)).collect();
    kept.trim_matches(|c: char| c == '.' || c.is_whitespace())
        .to_string()
}

/// Whether a typed extension names the detected type (case aside).
fn same_type(typed: &str, detected: &str) -> bool {
    fn canonical(e: &str) -> String {
        match e.to_ascii_lowercase().as_str() {
            "jpeg" => "jpg".into(),
            "heif" => "heic".into(),
            other => other.to_string(),
        }
    }
    canonical(typed) == canonical(detected)
}

#[cfg(test)]
mod tests {
    use super::display_name;

    #[test]
    fn paths_controls_and_markup_are_removed() {
        assert_eq!(
            display_name("C:\\Users\\Moi\\Attestation 2026.pdf", "pdf"),
            "Attestation 2026.pdf"
        );
        assert_eq!(display_name("../../etc/passwd", "pdf"), "passwd.pdf");
        assert_eq!(
            display_name("<img src=x onerror=alert(1)>.png", "png"),
            "img src=x onerror=alert(1).png"
        );
        assert_eq!(display_name("..\u{0}\n", "jpg"), "document.jpg");
        assert_eq!(display_name("", "pdf"), "document.pdf");
        assert_eq!(
            display_name("Pièce d'identité é.jpg", "jpg"),
            "Pièce d'identité é.jpg"
        );
        let long = display_name(&"a".repeat(300), "pdf");
        assert_eq!(long.chars().count(), 80);
        assert!(long.ends_with("aaa.pdf"), "{long}");
        let long_pdf = display_name(&format!("{}.pdf", "é".repeat(300)), "pdf");
        assert_eq!(long_pdf.chars().count(), 80);
        assert!(long_pdf.ends_with("é.pdf"), "{long_pdf}");
    }

    #[test]
    fn format_characters_are_removed() {
        // Right-to-left override: "\u{202E}fdp.exe" is displayed "exe.pdf".
        assert_eq!(display_name("\u{202E}fdp.exe", "pdf"), "fdp_exe.pdf");
        assert_eq!(
            display_name("\u{FEFF}rapport\u{200B}\u{2066}.p\u{00AD}df\u{2069}", "pdf"),
            "rapport.pdf"
        );
        assert_eq!(
            display_name("\u{E0041}\u{2028}\u{200F}", "pdf"),
            "document.pdf"
        );
    }

    #[test]
    fn the_detected_type_is_always_the_last_extension() {
        assert_eq!(display_name("photo.pdf.exe", "pdf"), "photo.pdf_exe.pdf");
        assert_eq!(display_name("photo.pdf.exe", "jpg"), "photo.pdf_exe.jpg");
        assert_eq!(display_name("facture.pdf", "png"), "facture_pdf.png");
        assert_eq!(display_name("scan", "pdf"), "scan.pdf");
        assert_eq!(display_name("scan. . ", "pdf"), "scan.pdf");
        // Already right: kept as typed.
        assert_eq!(display_name("Attestation.pdf", "pdf"), "Attestation.pdf");
        assert_eq!(display_name("Attestation.PDF", "pdf"), "Attestation.PDF");
        assert_eq!(display_name("IMG_0042.JPEG", "jpg"), "IMG_0042.JPEG");
        assert_eq!(display_name("vacances.jpeg", "jpg"), "vacances.jpeg");
        assert_eq!(display_name("IMG_0043.HEIF", "heic"), "IMG_0043.HEIF");
    }
}

//! The name a tenant's file is shown under. Kept for display only (files are
//! stored under random names): no path, no control or markup characters, no
//! leading dots, at most 80 characters, never empty.

pub fn display_name(original: &str, extension: &str) -> String {
    let base = original.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !"<>:\"|?*".contains(*c))
        .collect::<String>()
        .trim()
        .trim_start_matches('.')
        .chars()
        .take(80)
        .collect();
    if cleaned.is_empty() {
        format!("document.{extension}")
    } else {
        cleaned
    }
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
        assert_eq!(display_name("../../etc/passwd", "pdf"), "passwd");
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
        assert_eq!(display_name(&"a".repeat(300), "pdf").chars().count(), 80);
    }
}

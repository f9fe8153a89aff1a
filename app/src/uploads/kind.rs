//! A file's type, decided from its first bytes (`infer`, maintained, magic
//! numbers of the formats): a ".pdf" that is a program is not a PDF.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Pdf,
    Jpeg,
    Png,
    /// Photos from iPhones; kept as sent, shown as a download.
    Heic,
}

impl FileKind {
    /// The accepted kinds, or None for anything else (or an empty file).
    pub fn of(bytes: &[u8]) -> Option<Self> {
        let found = infer::get(bytes)?;
        Some(match found.mime_type() {
            "application/pdf" => Self::Pdf,
            "image/jpeg" => Self::Jpeg,
            "image/png" => Self::Png,
            "image/heif" | "image/heic" => Self::Heic,
            _ => return None,
        })
    }

    pub fn mime(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Heic => "image/heic",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Jpeg => "jpg",
            Self::Png => "png",
            Self::Heic => "heic",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_content_decides_not_the_name() {
        assert_eq!(
            FileKind::of(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"),
            Some(FileKind::Pdf)
        );
        assert_eq!(
            FileKind::of(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F']),
            Some(FileKind::Jpeg)
        );
        assert_eq!(
            FileKind::of(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some(FileKind::Png)
        );
        let heic = [
            0, 0, 0, 0x18, b'f', b't', b'y', b'p', b'h', b'e', b'i', b'c', 0, 0, 0, 0, b'm', b'i',
            b'f', b'1', b'h', b'e', b'i', b'c',
        ];
        assert_eq!(FileKind::of(&heic), Some(FileKind::Heic));
    }

    #[test]
    fn anything_else_is_refused() {
        assert_eq!(FileKind::of(b""), None);
        assert_eq!(
            FileKind::of(b"MZ\x90\0\x03\0\0\0"),
            None,
            "a Windows program renamed .pdf"
        );
        assert_eq!(
            FileKind::of(b"PK\x03\x04\x14\0"),
            None,
            "a zip or a Word file"
        );
        assert_eq!(FileKind::of(b"Bonjour, voici mon attestation"), None);
    }
}

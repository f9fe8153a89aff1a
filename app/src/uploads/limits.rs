//! How much a request may carry (configurable; defaults 10 MB a file, 5
//! files, 25 MB in all), and the French refusal for each excess.

#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub per_file: u64,
    pub files: usize,
    pub per_request: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            per_file: 10 * 1024 * 1024,
            files: 5,
            per_request: 25 * 1024 * 1024,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    Empty,
    TooBig,
    TooMany,
    RequestTooBig,
    Type,
}

impl Refusal {
    pub fn message(&self, limits: &Limits) -> String {
        match self {
            Self::Empty => "Ce fichier est vide : choisissez le bon document.".into(),
            Self::TooBig => format!(
                "Ce fichier dépasse {} Mo : réduisez-le (une photo en qualité moyenne suffit) ou scannez-le en PDF.",
                limits.per_file / (1024 * 1024)
            ),
            Self::TooMany => format!("Vous pouvez joindre au plus {} fichiers à une demande.", limits.files),
            Self::RequestTooBig => format!(
                "L'ensemble des fichiers dépasse {} Mo : envoyez-en une partie dans une autre demande.",
                limits.per_request / (1024 * 1024)
            ),
            Self::Type => "Ce fichier n'est ni un PDF, ni une photo (JPEG, PNG ou HEIC) : enregistrez-le dans l'un de ces formats.".into(),
        }
    }
}

impl Limits {
    /// Checks one more file of `size` bytes, after `count` files totalling `total`.
    pub fn admit(&self, count: usize, total: u64, size: u64) -> Result<(), Refusal> {
        if size == 0 {
            Err(Refusal::Empty)
        } else if count >= self.files {
            Err(Refusal::TooMany)
        } else if size > self.per_file {
            Err(Refusal::TooBig)
        } else if total + size > self.per_request {
            Err(Refusal::RequestTooBig)
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    const MB: u64 = 1024 * 1024;

    #[test]
    fn each_excess_is_refused_with_its_french_message() {
        let l = Limits::default();
        assert_eq!(l.admit(0, 0, 3 * MB), Ok(()));
        assert_eq!(l.admit(0, 0, 0), Err(Refusal::Empty));
        assert_eq!(l.admit(0, 0, 10 * MB + 1), Err(Refusal::TooBig));
        assert_eq!(l.admit(5, 5 * MB, MB), Err(Refusal::TooMany));
        assert_eq!(l.admit(3, 20 * MB, 6 * MB), Err(Refusal::RequestTooBig));
        assert!(Refusal::TooBig.message(&l).contains("dépasse 10 Mo"));
        assert!(Refusal::TooMany.message(&l).contains("au plus 5 fichiers"));
    }
}

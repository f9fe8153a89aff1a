//! Where a request comes from and where it stands. Codes are stored; the
//! words are what tenants read (Avancement).
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Area {
    /// Nous contacter.
    Request,
    Claim,
    ContactDetails,
    FamilySituation,
    WorkSituation,
    Insurance,
}

impl Area {
    pub const ALL: [Area; 6] = [
        Self::Request,
        Self::Claim,
        Self::ContactDetails,
        Self::FamilySituation,
        Self::WorkSituation,
        Self::Insurance,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Request => "demande",
            Self::Claim => "reclamation",
            Self::ContactDetails => "coordonnees",
            Self::FamilySituation => "situation_familiale",
            Self::WorkSituation => "situation_professionnelle",
            Self::Insurance => "assurance",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }

    /// The "Type" column of Vos dernières demandes.
    pub fn label(self) -> &'static str {
        match self {
            Self::Request => "Demande écrite",
            Self::Claim => "Réclamation",
            Self::ContactDetails => "Modification des coordonnées",
            Self::FamilySituation => "Modification de la situation familiale",
            Self::WorkSituation => "Modification de la situation professionnelle",
            Self::Insurance => "Attestation d'assurance",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    Sent,
    Taken,
    InProgress,
    Answered,
    Accepted,
    Refused,
    Resolved,
    Closed,
    Reopened,
}

impl Status {
    pub const ALL: [Status; 9] = [
        Self::Sent,
        Self::Taken,
        Self::InProgress,
        Self::Answered,
        Self::Accepted,
        Self::Refused,
        Self::Resolved,
        Self::Closed,
        Self::Reopened,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Sent => "envoyee",
            Self::Taken => "prise_en_charge",
            Self::InProgress => "en_cours",
            Self::Answered => "repondue",
            Self::Accepted => "acceptee",
            Self::Refused => "refusee",
            Self::Resolved => "resolue",
            Self::Closed => "cloturee",
            Self::Reopened => "reouverte",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// What the tenant reads in Avancement.
    pub fn label(self, area: Area) -> &'static str {
        match (self, area) {
            (Self::Sent, Area::Insurance) => "En cours de validation",
            (Self::Sent, _) => "Envoyée",
            (Self::Taken, _) => "Prise en charge",
            (Self::InProgress, _) => "En cours de traitement",
            (Self::Answered, _) => "Répondue",
            (Self::Accepted, Area::Insurance) => "Validée",
            (Self::Accepted, _) => "Acceptée",
            (Self::Refused, _) => "Refusée",
            (Self::Resolved, _) => "Résolue",
            (Self::Closed, _) => "Clôturée",
            (Self::Reopened, _) => "Réouverte",
        }
    }

    /// Still waiting for the landlord (the tenant may add to it).
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            Self::Accepted | Self::Refused | Self::Resolved | Self::Closed
        )
    }
}

impl Status {
    /// The moves the landlord's staff may make: from sent to taken, in
    /// progress, answered; then to its end (accepted or refused for what the
    /// landlord checks, resolved or closed otherwise). Anything else is a
    /// forged transition.
    pub fn can_move(self, to: Status, area: Area) -> bool {
        use Status::*;
        let checked = matches!(
            area,
            Area::Insurance | Area::ContactDetails | Area::FamilySituation | Area::WorkSituation
        );
        let ends: &[Status] = if checked {
            &[Accepted, Refused]
        } else {
            &[Resolved, Closed]
        };
        match self {
            Sent | Reopened => matches!(to, Taken | InProgress | Answered) || ends.contains(&to),
            Taken | InProgress | Answered => {
                (matches!(to, InProgress | Answered) && to != self) || ends.contains(&to)
            }
            Resolved => to == Closed && !checked,
            Accepted | Refused | Closed => false,
        }
    }
}

/// The label of a stored status code (an unknown code is shown as is).
pub fn progress(code: &str, area: Area) -> String {
    Status::from_code(code)
        .map(|s| s.label(area).to_string())
        .unwrap_or_else(|| code.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_read_in_french() {
        for s in Status::ALL {
            assert_eq!(Status::from_code(s.code()), Some(s));
        }
        for a in Area::ALL {
            assert_eq!(Area::from_code(a.code()), Some(a));
        }
        assert_eq!(
            Status::Sent.label(Area::Insurance),
            "En cours de validation"
        );
        assert_eq!(Status::Sent.label(Area::Request), "Envoyée");
        assert!(!Status::Closed.is_open() && Status::Reopened.is_open());
    }

    #[test]
    fn only_forward_moves_fit_for_the_area() {
        use Status::*;
        assert!(Sent.can_move(Taken, Area::Claim));
        assert!(Taken.can_move(Resolved, Area::Claim));
        assert!(Resolved.can_move(Closed, Area::Claim));
        assert!(Sent.can_move(Accepted, Area::Insurance));
        assert!(
            !Sent.can_move(Accepted, Area::Claim),
            "a claim is resolved, not accepted"
        );
        assert!(!Sent.can_move(Resolved, Area::Insurance));
        assert!(
            !Closed.can_move(InProgress, Area::Claim),
            "reopening is the tenant's"
        );
        assert!(!Accepted.can_move(Refused, Area::Insurance));
        assert!(!Sent.can_move(Sent, Area::Request));
        assert!(!Taken.can_move(Taken, Area::Request));
    }
}

//! The legal pages' configured parts and the retention periods (README,
//! "Pages légales et données personnelles").
use super::Mode;
use app::legal::{Conformity, LegalSettings};
use app::privacy::ssr::retention::Retention;

/// ESPACE_LEGAL_*, ESPACE_ACCESSIBILITY_*. The embedded default shows the
/// demo landlord's made-up details; production has no default for the
/// names the law asks for (checked in `check_production`).
pub fn legal(var: &impl Fn(&str) -> Option<String>, mode: Mode) -> Result<LegalSettings, String> {
    let demo = |v: &str| match mode {
        Mode::Embedded => v.to_string(),
        Mode::Production => String::new(),
    };
    let status = var("ESPACE_ACCESSIBILITY_STATUS").unwrap_or_else(|| "partielle".into());
    Ok(LegalSettings {
        legal_form: var("ESPACE_LEGAL_FORM").unwrap_or_else(|| {
            "Office public de l'habitat, établissement public local à caractère industriel et commercial".into()
        }),
        siren: var("ESPACE_LEGAL_SIREN").unwrap_or_else(|| demo("000 000 000 (démonstration)")),
        director: var("ESPACE_LEGAL_DIRECTOR")
            .unwrap_or_else(|| demo("Le directeur général (démonstration)")),
        host: var("ESPACE_LEGAL_HOST")
            .unwrap_or_else(|| demo("Hébergement de démonstration, 1 rue de l'Exemple, 42000 Saint-Étienne")),
        dpo: var("ESPACE_LEGAL_DPO")
            .unwrap_or_else(|| demo("Délégué à la protection des données, dpo@exemple.com")),
        accessibility_contact: var("ESPACE_ACCESSIBILITY_CONTACT")
            .or_else(|| var("ESPACE_LEGAL_DPO"))
            .unwrap_or_else(|| demo("accessibilite@exemple.com")),
        conformity: Conformity::parse(&status).ok_or_else(|| {
            format!("ESPACE_ACCESSIBILITY_STATUS={status} : « non », « partielle » ou « totale »")
        })?,
        accessibility_date: var("ESPACE_ACCESSIBILITY_DATE").unwrap_or_else(|| "03/12/2026".into()),
    })
}

/// What production must name (LCEN art. 6, RGPD art. 13).
pub fn missing_legal(l: &LegalSettings) -> Vec<String> {
    [
        (&l.director, "ESPACE_LEGAL_DIRECTOR est obligatoire (le directeur de la publication)."),
        (&l.host, "ESPACE_LEGAL_HOST est obligatoire (nom, adresse et téléphone de l'hébergeur)."),
        (&l.dpo, "ESPACE_LEGAL_DPO est obligatoire (comment joindre le délégué à la protection des données)."),
        (&l.siren, "ESPACE_LEGAL_SIREN est obligatoire (le numéro SIREN du bailleur)."),
    ]
    .into_iter()
    .filter(|(v, _)| v.trim().is_empty())
    .map(|(_, msg)| msg.to_string())
    .collect()
}

/// ESPACE_RETENTION_*_DAYS: each period in days, at least one.
pub fn retention(var: &impl Fn(&str) -> Option<String>) -> Result<Retention, String> {
    let d = Retention::default();
    let days = |name: &str, default: i64| -> Result<i64, String> {
        let key = format!("ESPACE_RETENTION_{name}_DAYS");
        match var(&key) {
            None => Ok(default),
            Some(raw) => raw
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|n| (1..=3660).contains(n))
                .ok_or_else(|| format!("{key}={raw} : un nombre de jours de 1 à 3660")),
        }
    };
    Ok(Retention {
        unactivated_days: days("UNACTIVATED", d.unactivated_days)?,
        tokens_days: days("TOKENS", d.tokens_days)?,
        ipn_days: days("IPN", d.ipn_days)?,
        attachments_days: days("ATTACHMENTS", d.attachments_days)?,
        audit_days: days("AUDIT", d.audit_days)?,
        exports_days: days("EXPORTS", d.exports_days)?,
    })
}

//! Every page's address, in one place: pages, redirects and mails use these.
pub const HOME: &str = "/";
/// The landlord's logo (an image, never a page).
pub const LOGO: &str = "/logo";
pub const LOGIN: &str = "/connexion";
pub const REGISTER: &str = "/inscription";
pub const REGISTER_STEP2: &str = "/inscription/etape-2";
pub const ACTIVATE: &str = "/inscription/activation";
pub const NEW_ACTIVATION: &str = "/inscription/nouveau-lien";
pub const FORGOT: &str = "/mot-de-passe-oublie";
pub const RESET: &str = "/mot-de-passe/reinitialisation";
pub const CHANGE_PASSWORD: &str = "/changement-mot-de-passe";
pub const CHANGE_EMAIL: &str = "/changement-identifiant";
pub const CONFIRM_EMAIL: &str = "/changement-identifiant/confirmation";
pub const CGU: &str = "/cgu";
/// The legal pages, linked from every page's footer.
pub const LEGAL_NOTICE: &str = "/mentions-legales";
pub const PRIVACY: &str = "/confidentialite";
pub const ACCESSIBILITY: &str = "/accessibilite";
pub const SITEMAP: &str = "/plan-du-site";
/// The tenant's data rights: a copy of everything (RGPD art. 15 and 20), and
/// closing the login (art. 17); the ZIP itself.
pub const MY_DATA: &str = "/mes-donnees";
pub const MY_DATA_ZIP: &str = "/mes-donnees/export.zip";
pub const CLOSE_ACCESS: &str = "/fermer-mon-acces";
pub const ACCOUNT: &str = "/mon-compte";
pub const STATEMENT_PDF: &str = "/mon-compte/releve.pdf";
pub const RESIDENCE: &str = "/ma-residence";
pub const DOCUMENTS: &str = "/documents";
/// A notice of the ERP, by its random public id.
pub const DOCUMENT_PDF: &str = "/documents/avis";
/// A quittance de loyer, by month (`/documents/quittance/2025-10.pdf`).
pub const RECEIPT_PDF: &str = "/documents/quittance";
/// Je règle mon loyer en ligne; the bank sends the tenant back here (`?demande=`).
pub const PAYMENT: &str = "/paiement";
/// The page that sends the browser to the bank, by payment number.
pub const PAYMENT_BANK: &str = "/paiement/banque";
/// The bank's server-to-server notification (IPN).
pub const PAYMENT_IPN: &str = "/paiement/ipn";
/// A payment's status as JSON (`/paiement/statut/{numero}`), polled by the
/// hydrated return page.
pub const PAYMENT_STATUS: &str = "/paiement/statut";
/// Prélèvements automatiques, and a request's SEPA mandate (PDF), by request number.
pub const DIRECT_DEBIT: &str = "/prelevements";
pub const MANDATE_PDF: &str = "/prelevements/mandat";
/// Nous contacter, Mes réclamations, Mes informations personnelles, the
/// insurance certificate; and an attachment of any of them, by its public id.
pub const CONTACT: &str = "/nous-contacter";
pub const CLAIMS: &str = "/reclamations";
pub const PERSONAL_INFO: &str = "/informations-personnelles";
pub const INSURANCE: &str = "/assurance";
pub const ATTACHMENT: &str = "/pieces-jointes";
/// The built-in test bank (embedded default, never in production).
pub const TEST_BANK: &str = "/banque-test";
/// Requests from another site that carry their own proof (the bank's
/// signature): the same-origin rule and the form middleware leave them alone.
pub fn is_signed_route(path: &str) -> bool {
    path == PAYMENT_IPN || path.starts_with("/banque-test/")
}

/// Where the lease choice may send the tenant back to: only one of the
/// tenant's own pages, by exact path (a query is dropped). Anything else,
/// `//evil.example`, `/\t/evil.example` (a browser drops the tab), goes home.
pub fn own_page(back: &str) -> &'static str {
    let path = back.split(['?', '#']).next().unwrap_or("");
    MAIN_MENU
        .iter()
        .chain(AUTH_MENU.iter())
        .chain(RIGHTS_MENU.iter())
        .map(|(_, p)| *p)
        .find(|p| *p == path)
        .unwrap_or(HOME)
}

/// A confirmation page after a form (post/redirect/get), by its code.
pub fn notice(code: &str) -> String {
    format!("/info/{code}")
}

/// The main menu of a signed-in tenant, as in the seed, in its order.
pub const MAIN_MENU: [(&str, &str); 10] = [
    ("Accueil", HOME),
    ("Nous contacter", CONTACT),
    ("Mon compte", ACCOUNT),
    ("Ma résidence", RESIDENCE),
    ("Je règle mon loyer en ligne", PAYMENT),
    ("Prélèvements automatiques", DIRECT_DEBIT),
    ("Mes réclamations", CLAIMS),
    ("Mes informations personnelles", PERSONAL_INFO),
    ("J'envoie mon attestation d'assurance", INSURANCE),
    ("Documents divers", DOCUMENTS),
];

pub const AUTH_MENU: [(&str, &str); 2] = [
    ("Changement du mot de passe", CHANGE_PASSWORD),
    ("Changement de l'identifiant", CHANGE_EMAIL),
];

/// The tenant's rights on their data (RGPD), under the authentication menu.
pub const RIGHTS_MENU: [(&str, &str); 2] =
    [("Mes données", MY_DATA), ("Fermer mon accès", CLOSE_ACCESS)];

/// The footer's links, on every page (the accessibility status follows them).
pub const FOOTER_MENU: [(&str, &str); 5] = [
    ("Mentions légales", LEGAL_NOTICE),
    ("Données personnelles", PRIVACY),
    ("Conditions générales d'utilisation", CGU),
    ("Plan du site", SITEMAP),
    ("Déclaration d'accessibilité", ACCESSIBILITY),
];

/// The menu of a visitor who is not signed in.
pub const PUBLIC_MENU: [(&str, &str); 4] = [
    ("Accueil", HOME),
    ("Inscription locataire", REGISTER),
    ("Perte du mot de passe", FORGOT),
    ("Connexion", LOGIN),
];

#[cfg(test)]
mod tests {
    #[test]
    fn only_our_own_pages_are_places_to_go_back_to() {
        assert_eq!(super::own_page("/mon-compte"), "/mon-compte");
        assert_eq!(super::own_page("/paiement?demande=3"), "/paiement");
        for bad in [
            "//evil.example",
            "/\t/evil.example",
            "/\u{9}/evil.example",
            "https://evil.example/",
            "/\\evil.example",
            "/mon-compte/../../x",
            "",
        ] {
            assert_eq!(super::own_page(bad), "/", "{bad:?}");
        }
    }
}

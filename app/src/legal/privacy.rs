use super::{Legal, legal_page, or_unset};
use crate::routes;
use leptos::prelude::*;

/// Politique de confidentialité (RGPD art. 13): who, why, on what basis, to
/// whom, how long, and the tenant's rights.
#[component]
pub fn PrivacyPage() -> impl IntoView {
    legal_page("Politique de confidentialité", body)
}

/// (purpose, legal basis): each thing the portal does with personal data.
const PURPOSES: [(&str, &str); 6] = [
    (
        "Accès à votre espace, consultation du compte et des documents",
        "Exécution du contrat de location (art. 6.1.b du RGPD)",
    ),
    (
        "Paiement du loyer en ligne et prélèvements automatiques",
        "Exécution du contrat de location (art. 6.1.b)",
    ),
    (
        "Demandes, réclamations et changements de situation",
        "Exécution du contrat de location (art. 6.1.b)",
    ),
    (
        "Rappels d'attestation d'assurance",
        "Obligation légale du locataire de s'assurer (loi du 6 juillet 1989, art. 7 g) et intérêt légitime du bailleur (art. 6.1.f)",
    ),
    (
        "Sécurité du site : limitation des essais, journal des actions du personnel",
        "Intérêt légitime du bailleur à protéger vos données (art. 6.1.f et art. 32)",
    ),
    (
        "Renvoi des changements acceptés vers le logiciel de gestion du bailleur",
        "Exécution du contrat de location (art. 6.1.b)",
    ),
];

/// How long what the landlord must keep stays, whatever the portal does.
const KEPT: [(&str, &str); 3] = [
    (
        "Votre compte client, vos baux, vos avis et vos paiements",
        "Durée du bail, puis 5 ans (prescription civile) ; pièces comptables 10 ans (code de commerce, art. L123-22)",
    ),
    (
        "Vos mandats de prélèvement",
        "Durée du mandat, puis 14 mois après le dernier prélèvement (règles SEPA)",
    ),
    ("Vos demandes et réclamations", "Durée du bail, puis 5 ans"),
];

fn body(l: Legal) -> impl IntoView {
    let s = l.settings;
    view! {
        <h2>"Responsable du traitement"</h2>
        <p>{l.publisher.clone()} ", " {or_unset(&l.address)} "."</p>
        <h2>"Délégué à la protection des données"</h2>
        <p>{or_unset(&s.dpo)}</p>
        <h2>"Finalités et bases légales"</h2>
        {table("Finalités du traitement et leur base légale", ("Finalité", "Base légale"), &PURPOSES)}
        <h2>"Destinataires"</h2>
        <p>"Vos données sont traitées par les services du bailleur et votre agence, dans la limite de leurs missions. \
            Le prestataire de paiement en ligne reçoit le montant et la référence de votre paiement, jamais vos données \
            bancaires complètes, qui restent sur sa page sécurisée. L'hébergeur conserve les données pour le compte du bailleur. \
            Aucune donnée n'est vendue, ni transférée hors de l'Union européenne."</p>
        <h2>"Durées de conservation"</h2>
        {table("Ce que le bailleur conserve et combien de temps", ("Données", "Durée"), &KEPT)}
        <div class="table-scroll"><table class="ledger">
            <caption>"Ce que l'Espace Locataire efface de lui-même"</caption>
            <thead><tr><th scope="col">"Données"</th><th scope="col">"Effacées"</th></tr></thead>
            <tbody>
                {l.retention.into_iter().map(|(what, period)| view! { <tr><td data-label="Données">{what}</td><td data-label="Effacées">{period}</td></tr> }).collect_view()}
            </tbody>
        </table></div>
        <h2>"Vos droits"</h2>
        <p>"Vous disposez des droits d'accès, de rectification, d'effacement, de limitation, d'opposition et de portabilité de vos données."</p>
        <ul>
            <li>"Pour recevoir une copie de tout ce que l'Espace Locataire conserve sur vous : " <a href=routes::MY_DATA>"Mes données"</a> "."</li>
            <li>"Pour fermer votre accès à l'Espace Locataire : " <a href=routes::CLOSE_ACCESS>"Fermer mon accès"</a> "."</li>
            <li>"Pour corriger vos informations : " <a href=routes::PERSONAL_INFO>"Mes informations personnelles"</a> "."</li>
            <li>"Pour toute autre demande : le délégué à la protection des données, à l'adresse ci-dessus."</li>
        </ul>
        <p>"Si vous estimez que vos droits ne sont pas respectés, vous pouvez adresser une réclamation à la CNIL \
            (Commission nationale de l'informatique et des libertés), 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07, \
            ou sur www.cnil.fr."</p>
        <h2>"Cookies"</h2>
        <p>"Le site n'utilise qu'un cookie de session, indispensable à la connexion. Aucun cookie publicitaire ni de mesure d'audience."</p>
    }
}

fn table(
    caption: &'static str,
    heads: (&'static str, &'static str),
    rows: &'static [(&'static str, &'static str)],
) -> impl IntoView {
    view! {
        <div class="table-scroll"><table class="ledger">
            <caption>{caption}</caption>
            <thead><tr><th scope="col">{heads.0}</th><th scope="col">{heads.1}</th></tr></thead>
            <tbody>
                {rows.iter().map(|(a, b)| view! { <tr><td data-label=heads.0>{*a}</td><td data-label=heads.1>{*b}</td></tr> }).collect_view()}
            </tbody>
        </table></div>
    }
}

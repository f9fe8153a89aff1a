use crate::components::PageTitle;
use leptos::prelude::*;

/// Conditions générales d'utilisation, accepted at registration.
#[component]
pub fn CguPage() -> impl IntoView {
    view! {
        <PageTitle title="Conditions générales d'utilisation" />
        <h2>"1. Objet"</h2>
        <p>"L'espace locataire permet aux locataires du bailleur de consulter leur compte client, de régler leur loyer, \
        d'effectuer des demandes et de transmettre des documents. Son usage est gratuit et réservé aux signataires d'un contrat de location."</p>
        <h2>"2. Accès et identifiants"</h2>
        <p>"L'inscription demande le numéro de compte client, le nom, le prénom et la date de naissance d'un signataire. \
        L'identifiant (adresse e-mail) et le mot de passe sont personnels : ne les communiquez à personne. \
        Le bailleur ne vous demandera jamais votre mot de passe."</p>
        <h2>"3. Données personnelles"</h2>
        <p>"Les données traitées sont celles de votre dossier locataire. Elles servent à la gestion de votre location \
        et ne sont communiquées à aucun tiers hors obligation légale. Conformément au RGPD, vous disposez d'un droit d'accès, \
        de rectification et d'effacement, à exercer auprès de votre agence ou du délégué à la protection des données du bailleur."</p>
        <h2>"4. Sécurité"</h2>
        <p>"Les mots de passe sont conservés sous une forme chiffrée irréversible. Après plusieurs essais infructueux, \
        la connexion est temporairement ralentie. Une session inactive est fermée automatiquement."</p>
        <h2>"5. Cookies"</h2>
        <p>"Le site n'utilise qu'un cookie de session, indispensable à la connexion ; aucun cookie publicitaire ni de mesure d'audience."</p>
    }
}

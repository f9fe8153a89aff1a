use super::{Legal, legal_page, or_unset};
use crate::routes;
use leptos::prelude::*;

/// Mentions légales (LCEN art. 6): who publishes the site, who answers for
/// it, who hosts it.
#[component]
pub fn LegalNoticePage() -> impl IntoView {
    legal_page("Mentions légales", body)
}

fn body(l: Legal) -> impl IntoView {
    let s = l.settings;
    view! {
        <h2>"Éditeur du site"</h2>
        <p>
            {l.publisher.clone()}<br />
            {or_unset(&s.legal_form)}<br />
            {or_unset(&l.address)}<br />
            "Téléphone : " {or_unset(&l.phone)}<br />
            "SIREN : " {or_unset(&s.siren)}
        </p>
        <h2>"Directeur de la publication"</h2>
        <p>{or_unset(&s.director)}</p>
        <h2>"Hébergement"</h2>
        <p>{or_unset(&s.host)}</p>
        <h2>"Objet du site"</h2>
        <p>{format!("L'Espace Locataire ({}) permet aux locataires de {} de consulter leur compte, de régler leur loyer, \
            de gérer leurs prélèvements automatiques et de transmettre leurs demandes et documents.", l.site, l.publisher)}</p>
        <h2>"Propriété intellectuelle"</h2>
        <p>"Les textes, le logo et la présentation du site appartiennent à leur éditeur. Toute reproduction \
            sans autorisation, hors usage personnel, est interdite."</p>
        <h2>"Données personnelles et accessibilité"</h2>
        <p>
            "Le traitement de vos données est décrit dans la "
            <a href=routes::PRIVACY>"politique de confidentialité"</a>
            "; l'accessibilité du site dans la "
            <a href=routes::ACCESSIBILITY>"déclaration d'accessibilité"</a> "."
        </p>
    }
}

use super::{Conformity, Legal, legal_page, or_unset};
use leptos::prelude::*;

/// Déclaration d'accessibilité (loi 2005-102 art. 47, décret 2019-768,
/// RGAA 4.1), in the order of the official model.
#[component]
pub fn AccessibilityPage() -> impl IntoView {
    legal_page("Déclaration d'accessibilité", body)
}

fn body(l: Legal) -> impl IntoView {
    let s = l.settings;
    let status = s.conformity;
    view! {
        <p>{format!("{} s'engage à rendre son service en ligne accessible, conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005.", l.publisher)}</p>
        <p>{format!("Cette déclaration d'accessibilité s'applique à l'Espace Locataire ({}).", l.site)}</p>
        <h2>"État de conformité"</h2>
        <p>{format!("L'Espace Locataire est {} avec le référentiel général d'amélioration de l'accessibilité (RGAA), version 4.1.", status.label())}</p>
        <h2>"Résultats des tests"</h2>
        <p>{tests(status)}</p>
        <h2>"Contenus non accessibles"</h2>
        <ul>
            <li>"Les avis d'échéance au format PDF sont produits par le logiciel de gestion du bailleur : leur structure n'est pas balisée pour les lecteurs d'écran. Leur contenu (montants, dates) est repris en texte dans « Mon compte »."</li>
            <li>"Les pièces jointes que vous envoyez sont conservées telles quelles."</li>
        </ul>
        <h2>"Établissement de cette déclaration"</h2>
        <p>{format!("Cette déclaration a été établie le {}.", or_unset(&s.accessibility_date))}</p>
        <p>"Technologies utilisées : HTML, CSS, WebAssembly. Chaque page fonctionne aussi sans JavaScript. \
            Vérifications : outil automatique axe-core sur chaque page, navigation au clavier, affichage à 360 pixels de large et zoom à 200 %."</p>
        <h2>"Retour d'information et contact"</h2>
        <p>{format!("Si vous n'arrivez pas à accéder à un contenu ou à un service, contactez-nous pour être orienté vers une alternative accessible ou obtenir le contenu sous une autre forme : {}.", or_unset(&s.accessibility_contact))}</p>
        <h2>"Voies de recours"</h2>
        <p>"Si vous nous avez signalé un défaut d'accessibilité qui vous empêche d'accéder à un contenu ou à un service, et que vous n'avez pas obtenu de réponse satisfaisante, vous pouvez :"</p>
        <ul>
            <li>"écrire un message au Défenseur des droits (formulaire en ligne sur defenseurdesdroits.fr) ;"</li>
            <li>"contacter le délégué du Défenseur des droits dans votre région ;"</li>
            <li>"appeler le 09 69 39 00 00 ;"</li>
            <li>"envoyer un courrier (gratuit, sans timbre) : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07."</li>
        </ul>
    }
}

fn tests(status: Conformity) -> &'static str {
    match status {
        Conformity::Totale => {
            "Un audit de conformité a établi que l'ensemble des critères du RGAA applicables sont respectés."
        }
        _ => {
            "Aucun audit de conformité complet n'a encore été réalisé. Les pages sont vérifiées automatiquement à chaque version ; \
              la déclaration sera mise à jour après l'audit."
        }
    }
}

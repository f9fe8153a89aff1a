use crate::components::PageTitle;
use crate::routes;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// Where forms lead once done (post/redirect/get): a title, a message, a next step.
fn notice(code: &str) -> Option<(&'static str, &'static str, (&'static str, &'static str))> {
    Some(match code {
        "inscription" => (
            "Première inscription",
            "Merci de votre inscription. Vous allez recevoir un mail à l'adresse saisie pour activer votre compte.",
            ("Retour à l'accueil", routes::HOME),
        ),
        "nouveau-lien" => (
            "Nouveau lien d'activation",
            "Si un compte en attente d'activation correspond à cette adresse, un nouveau lien vient de lui être envoyé.",
            ("Retour à l'accueil", routes::HOME),
        ),
        "mot-de-passe-oublie" => (
            "Perte du mot de passe",
            "Si cette adresse correspond à un compte, un mail vient de vous être envoyé afin de réinitialiser votre mot de passe. Le lien est valable 1 heure.",
            ("Retour à la connexion", routes::LOGIN),
        ),
        "mot-de-passe-reinitialise" => (
            "Nouveau mot de passe",
            "Votre mot de passe a été modifié. Par sécurité, toutes vos sessions ont été fermées : connectez-vous avec votre nouveau mot de passe.",
            ("ME CONNECTER", routes::LOGIN),
        ),
        "mot-de-passe-modifie" => (
            "Changement du mot de passe",
            "Votre mot de passe a été modifié. Vos autres sessions ont été fermées.",
            ("Retour à l'accueil", routes::HOME),
        ),
        "identifiant-envoye" => (
            "Changement de l'identifiant",
            "Un mail de confirmation vient d'être envoyé à votre nouvelle adresse. Votre identifiant changera quand vous aurez cliqué sur le lien qu'il contient.",
            ("Retour à l'accueil", routes::HOME),
        ),
        "acces-ferme" => (
            "Fermer mon accès",
            "Votre accès à l'Espace Locataire est fermé : votre identifiant et votre mot de passe ont été effacés. Un mail de confirmation vous a été envoyé.",
            ("Retour à l'accueil", routes::HOME),
        ),
        _ => return None,
    })
}

#[component]
pub fn NoticePage() -> impl IntoView {
    let code = use_params_map()
        .read_untracked()
        .get("code")
        .unwrap_or_default();
    match notice(&code) {
        Some((title, text, (link, href))) => view! {
            <PageTitle title />
            <p class="alert alert-success" role="status">{text}</p>
            <p><a class="button" href=href>{link}</a></p>
        }
        .into_any(),
        None => view! { <super::NotFound /> }.into_any(),
    }
}

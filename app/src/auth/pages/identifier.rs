use super::{link_outcome, link_token};
use crate::auth::{ChangeEmail, confirm_email};
use crate::components::{PageTitle, Protected};
use crate::forms::{Field, FieldKind, Form};
use crate::routes;
use leptos::prelude::*;

#[component]
pub fn ChangeEmailPage() -> impl IntoView {
    view! {
        <PageTitle title="Changement de l'identifiant" />
        <Protected>
            {
                let action = ServerAction::<ChangeEmail>::new();
                view! {
                    <p>"Votre identifiant est l'adresse e-mail avec laquelle vous vous connectez. \
                    Un lien de confirmation sera envoyé à la nouvelle adresse ; l'ancienne en sera informée."</p>
                    <Form action button="VALIDER">
                        <Field name="email" label="Nouvel identifiant (email)" kind=FieldKind::Email autocomplete="email" />
                        <Field name="email_confirm" label="Confirmez le nouvel identifiant" kind=FieldKind::Email autocomplete="email" />
                        <Field name="current_password" label="Mot de passe actuel" kind=FieldKind::Password autocomplete="current-password" />
                    </Form>
                }
            }
        </Protected>
    }
}

#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    let token = link_token();
    let result = Resource::new(move || token.clone(), confirm_email);
    let done = || {
        view! {
            <p class="alert alert-success" role="status">
                "Votre identifiant a été modifié. Utilisez désormais votre nouvelle adresse pour vous connecter."
            </p>
            <p><a class="button" href=routes::LOGIN>"ME CONNECTER"</a></p>
        }
        .into_any()
    };
    view! {
        <PageTitle title="Changement de l'identifiant" />
        {link_outcome(result, done, ("Refaire la demande", routes::CHANGE_EMAIL))}
    }
}

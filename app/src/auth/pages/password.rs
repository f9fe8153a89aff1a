use super::{link_outcome, link_token};
use crate::auth::{ChangePassword, ForgotPassword, ResetPassword, check_reset_link};
use crate::components::{PageTitle, PasswordRule, Protected};
use crate::forms::{Field, FieldKind, Form};
use crate::routes;
use leptos::prelude::*;

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<ForgotPassword>::new();
    view! {
        <PageTitle title="Perte du mot de passe" />
        <p>"Saisissez l'adresse e-mail renseignée lors de votre première visite, puis cliquez sur « VALIDER » : vous recevrez un lien pour choisir un nouveau mot de passe."</p>
        <Form action button="VALIDER">
            <Field name="email" label="Email" kind=FieldKind::Email autocomplete="email" />
        </Form>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let token = link_token();
    let check = Resource::new(
        {
            let t = token.clone();
            move || t.clone()
        },
        check_reset_link,
    );
    let form = move || {
        let token = token.clone();
        let action = ServerAction::<ResetPassword>::new();
        view! {
            <PasswordRule />
            <Form action button="VALIDER">
                <input type="hidden" name="jeton" value=token />
                <Field name="password" label="Votre nouveau mot de passe" kind=FieldKind::NewPassword autocomplete="new-password" />
                <Field name="password_confirm" label="Confirmez votre nouveau mot de passe" kind=FieldKind::NewPassword autocomplete="new-password" />
            </Form>
        }
        .into_any()
    };
    view! {
        <PageTitle title="Nouveau mot de passe" />
        {link_outcome(check, form, ("Recevoir un nouveau lien", routes::FORGOT))}
    }
}

#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    view! {
        <PageTitle title="Changement du mot de passe" />
        <Protected>
            {
                let action = ServerAction::<ChangePassword>::new();
                view! {
                    <PasswordRule />
                    <p>"Par sécurité, vos autres sessions ouvertes (sur un autre appareil) seront fermées."</p>
                    <Form action button="VALIDER">
                        <Field name="current_password" label="Mot de passe actuel" kind=FieldKind::Password autocomplete="current-password" />
                        <Field name="password" label="Votre nouveau mot de passe" kind=FieldKind::NewPassword autocomplete="new-password" />
                        <Field name="password_confirm" label="Confirmez votre nouveau mot de passe" kind=FieldKind::NewPassword autocomplete="new-password" />
                    </Form>
                }
            }
        </Protected>
    }
}

use crate::auth::Login;
use crate::components::PageTitle;
use crate::forms::{Field, FieldKind, Form};
use crate::routes;
use leptos::prelude::*;

#[component]
pub fn LoginPage() -> impl IntoView {
    let action = ServerAction::<Login>::new();
    view! {
        <PageTitle title="Connexion" />
        <Form action button="ME CONNECTER">
            <Field name="email" label="Identifiant" kind=FieldKind::Email autocomplete="username" hint="L'adresse e-mail choisie lors de votre inscription." />
            <Field name="password" label="Mot de passe" kind=FieldKind::Password autocomplete="current-password" />
        </Form>
        <p><a href=routes::FORGOT>"Mot de passe oublié"</a></p>
        <p class="cta"><a class="button button-secondary" href=routes::REGISTER>"CRÉER UN COMPTE DÈS MAINTENANT !"</a></p>
        <p class="hint">"Votre numéro de compte client, demandé à l'inscription, est disponible sur votre avis d'échéance."</p>
    }
}

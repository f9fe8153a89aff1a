use super::{link_outcome, link_token};
use crate::auth::{RegisterStep1, RegisterStep2, ResendActivation, activate, new_captcha};
use crate::components::{PageTitle, PasswordRule};
use crate::forms::{Checkbox, Field, FieldKind, Form};
use crate::routes;
use leptos::prelude::*;
use leptos_meta::Meta;

#[component]
pub fn RegisterStep1Page() -> impl IntoView {
    let action = ServerAction::<RegisterStep1>::new();
    // A new question after each refused try: a question is answered once.
    let captcha = Resource::new(move || action.version().get(), |_| new_captcha());
    view! {
        <PageTitle title="Première inscription" />
        <h2>"Étape 1 : complétez vos informations personnelles"</h2>
        <p>
            "Afin de créer votre identifiant de connexion, merci de renseigner l'ensemble des champs ci-dessous, \
            puis cliquez sur le bouton « VALIDER ». Il vous sera alors demandé de renseigner une adresse mail valide \
            et un mot de passe. Un mail de confirmation vous sera adressé, contenant un lien vous permettant d'activer \
            votre compte."
        </p>
        <figure class="notice-picture">
            <img src="/icones/avis-echeance.svg" width="320" height="200"
                alt="Un avis d'échéance : le numéro de compte client, ici 123456, est en haut à droite, sous le titre « Avis d'échéance »." />
            <figcaption>"Votre numéro de compte client figure en haut de votre avis d'échéance."</figcaption>
        </figure>
        <p class="required-note">"Les champs marqués d'un * sont obligatoires."</p>
        <Form action button="VALIDER">
            <Field
                name="account_number"
                label="Numéro du compte client"
                hint="6 chiffres, indiqués sur votre avis d'échéance."
                inputmode="numeric"
                autocomplete="off"
            />
            <Field name="last_name" label="Nom" autocomplete="family-name" />
            <Field name="first_name" label="Prénom" autocomplete="given-name" />
            <Field
                name="birth_date"
                label="Date de naissance"
                hint="Au format jj/mm/aaaa, par exemple 14/03/1985."
                autocomplete="bday"
                inputmode="numeric"
            />
            <Transition fallback=|| view! { <p>"Chargement de la question…"</p> }>
                {move || Suspend::new(async move {
                    captcha.await.ok().map(|c| view! {
                        <fieldset class="captcha">
                            <legend>"Vérification anti-robot"</legend>
                            <input type="hidden" name="captcha_token" value=c.token />
                            <Field
                                name="captcha_answer"
                                label=c.question
                                hint="Répondez en chiffres, par exemple 12."
                                inputmode="numeric"
                                autocomplete="off"
                            />
                        </fieldset>
                    })
                })}
            </Transition>
            // Hidden from people and screen readers; robots fill every field.
            <div class="trap" aria-hidden="true">
                <label for="champ-website">"Ne pas remplir"</label>
                <input id="champ-website" name="website" type="text" tabindex="-1" autocomplete="off" />
            </div>
        </Form>
        <p>"Déjà inscrit ? " <a href=routes::LOGIN>"Connectez-vous"</a>"."</p>
    }
}

#[component]
pub fn RegisterStep2Page() -> impl IntoView {
    let action = ServerAction::<RegisterStep2>::new();
    view! {
        <PageTitle title="Première inscription" />
        <h2>"Étape 2 : saisissez vos nouvelles données de connexion"</h2>
        <PasswordRule />
        <p class="required-note">"Les champs marqués d'un * sont obligatoires."</p>
        <Form action button="VALIDER">
            <Field name="email" label="Email" kind=FieldKind::Email autocomplete="email" />
            <Field name="email_confirm" label="Confirmez l'email" kind=FieldKind::Email autocomplete="email" />
            <Field name="password" label="Votre nouveau mot de passe" kind=FieldKind::NewPassword autocomplete="new-password" hint="Voir la règle ci-dessus." />
            <Field name="password_confirm" label="Confirmez votre nouveau mot de passe" kind=FieldKind::NewPassword autocomplete="new-password" />
            <Checkbox name="cgu">
                "J'accepte les " <a href=routes::CGU target="_blank">"conditions générales d'utilisation"</a> " *"
            </Checkbox>
        </Form>
    }
}

#[component]
pub fn ActivatePage() -> impl IntoView {
    let token = link_token();
    let result = Resource::new(move || token.clone(), activate);
    let done = || {
        view! {
            <Meta http_equiv="refresh" content="5;url=/connexion" />
            <p class="alert alert-success" role="status">
                "Votre compte a été correctement activé, vous pouvez à présent vous connecter. \
                Vous allez être redirigé automatiquement dans quelques secondes."
            </p>
            <p><a class="button" href=routes::LOGIN>"ME CONNECTER"</a></p>
        }
        .into_any()
    };
    view! {
        <PageTitle title="Activation de votre compte" />
        {link_outcome(result, done, ("Recevoir un nouveau lien d'activation", routes::NEW_ACTIVATION))}
    }
}

#[component]
pub fn NewActivationPage() -> impl IntoView {
    let action = ServerAction::<ResendActivation>::new();
    view! {
        <PageTitle title="Nouveau lien d'activation" />
        <p>"Saisissez l'adresse e-mail donnée lors de votre inscription : si un compte en attente d'activation lui correspond, un nouveau lien vous sera envoyé."</p>
        <Form action button="VALIDER">
            <Field name="email" label="Email" kind=FieldKind::Email autocomplete="email" />
        </Form>
    }
}

use super::{ClaimView, ClaimsView, ReopenClaim, load_claims, rules};
use crate::components::{PageTitle, query_param, signed_in_page};
use crate::contact::phone;
use crate::forms::{Attachments, Checkbox, Form, Select, TextArea, UploadForm};
use leptos::prelude::*;

#[component]
pub fn ClaimsPage() -> impl IntoView {
    let (_, query) = crate::components::current_url();
    let sent = crate::components::sent_number("envoi");
    // A reply or a reopening the claim no longer allows (its form is gone).
    let refused = match query_param(&query, "refus").as_deref() {
        Some("reponse") => {
            Some("Cette réclamation est close ou introuvable : vous ne pouvez plus y répondre.")
        }
        Some("rouvrir") => {
            Some("Cette réclamation ne peut plus être rouverte : écrivez une nouvelle réclamation.")
        }
        _ => None,
    };
    let data = Resource::new(|| (), |_| load_claims());
    view! {
        <PageTitle title="Mes réclamations" />
        {sent.map(|n| view! {
            <p class="alert alert-success" role="status" id="reclamation-envoyee">
                {format!("Votre réclamation n° {n} est enregistrée : votre agence la prend en charge et vous répond ici.")}
            </p>
        })}
        {refused.map(|text| view! { <p class="alert alert-error" role="alert">{text}</p> })}
        {signed_in_page(data, page)}
    }
}

fn page(v: ClaimsView) -> impl IntoView {
    let phone_number = v.emergency_phone.clone();
    view! {
        <p class="alert alert-info">
            "Une urgence (fuite importante, panne de chauffage en hiver, porte bloquée) ? Appelez votre agence au "
            {phone(phone_number)} " avant d'écrire votre réclamation."
        </p>
        <section aria-labelledby="vos-reclamations">
            <h2 id="vos-reclamations">"Vos réclamations"</h2>
            {if v.claims.is_empty() {
                view! { <p>"Vous n'avez aucune réclamation en cours."</p> }.into_any()
            } else {
                v.claims.into_iter().map(|c| claim(c, v.max_files)).collect_view().into_any()
            }}
        </section>
        {new_claim(v.max_files)}
    }
}

fn new_claim(max_files: usize) -> impl IntoView {
    view! {
        <section aria-labelledby="nouvelle">
            <h2 id="nouvelle">"Nouvelle réclamation"</h2>
            <UploadForm key="reclamation" button="VALIDER">
                <Select name="categorie" label="Catégorie" options=rules::options(&rules::CATEGORIES) />
                <Select name="lieu" label="Où se situe le problème ?" options=rules::options(&rules::PLACES) />
                <TextArea name="description" label="Description" max=crate::requests::rules::MAX_MESSAGE
                    hint="Décrivez le problème : depuis quand, quelle pièce, ce que vous avez constaté." />
                <Checkbox name="urgence" optional=true>"C'est une urgence"</Checkbox>
                <Attachments count=max_files types=vec![] label="Photo" legend="Photos" />
            </UploadForm>
        </section>
    }
}

fn claim(c: ClaimView, max_files: usize) -> impl IntoView {
    let heading = format!("Réclamation n° {} du {} : {}", c.number, c.date, c.category);
    let anchor = if c.by_agency {
        format!("reclamation-agence-{}", c.id)
    } else {
        format!("reclamation-{}", c.id)
    };
    let id = c.id;
    view! {
        <article class="claim" id=anchor.clone() aria-labelledby=format!("{anchor}-titre")>
            <h3 id=format!("{anchor}-titre")>{heading}</h3>
            <p>{c.place.clone()}{c.emergency.then_some(" – urgence signalée")}</p>
            <p>"Avancement : " <strong>{c.progress}</strong></p>
            {c.by_agency.then(|| view! {
                <p class="hint">"Réclamation enregistrée par votre agence. Pour la compléter, appelez-la ou envoyez une nouvelle réclamation."</p>
            })}
            <ol class="messages">
                {c.messages.into_iter().map(|m| view! {
                    <li><p class="message-meta">{format!("{}, le {}", m.author, m.at)}</p><p class="message-body">{m.body}</p></li>
                }).collect_view()}
            </ol>
            {(!c.attachments.is_empty()).then(|| view! {
                <p>"Photos : "{c.attachments.into_iter().map(|a| view! {
                    <a href=a.href rel="external" download="">{a.name}</a>" "
                }).collect_view()}</p>
            })}
            <details>
                <summary>"Historique"</summary>
                <ul>{c.history.into_iter().map(|(at, s)| view! { <li>{format!("{at} : {s}")}</li> }).collect_view()}</ul>
            </details>
            {c.open.then(|| reply(id, max_files))}
            {c.reopenable.then(|| reopen(id))}
        </article>
    }
}

fn reply(id: i64, max_files: usize) -> impl IntoView {
    view! {
        <UploadForm key=format!("reponse-{id}") prefix=format!("r{id}-") button="RÉPONDRE">
            <TextArea name="reponse" label="Votre message" max=crate::requests::rules::MAX_MESSAGE />
            <Attachments count=max_files types=vec![] label="Photo" legend="Photos" />
        </UploadForm>
    }
}

fn reopen(id: i64) -> impl IntoView {
    let action = ServerAction::<ReopenClaim>::new();
    view! {
        <Form action button="ROUVRIR LA RÉCLAMATION">
            <input type="hidden" name="reclamation" value=id.to_string() />
        </Form>
    }
}

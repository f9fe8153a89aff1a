use super::{ContactView, load_contact};
use crate::components::{PageTitle, signed_in_page};
use crate::forms::{Attachments, Select, TextArea, UploadForm};
use crate::requests::{RequestList, rules};
use leptos::prelude::*;

#[component]
pub fn ContactPage() -> impl IntoView {
    let sent = crate::components::sent_number("envoi");
    let data = Resource::new(|| (), |_| load_contact());
    view! {
        <PageTitle title="Nous contacter" />
        {sent.map(|n| view! {
            <p class="alert alert-success" role="status" id="demande-envoyee">
                {format!("Votre demande n° {n} est enregistrée. Un accusé de réception vous a été envoyé par e-mail.")}
            </p>
        })}
        {signed_in_page(data, contact)}
    }
}

/// A phone number as a link a phone can call.
pub fn phone(number: String) -> impl IntoView {
    let href = format!(
        "tel:{}",
        number
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect::<String>()
    );
    view! { <a href=href>{number}</a> }
}

fn contact(v: ContactView) -> impl IntoView {
    let (name, address, tel) = v.head_office;
    view! {
        <section aria-labelledby="agence">
            <h2 id="agence">"Votre agence de proximité"</h2>
            {match v.agency {
                Some(a) => view! {
                    <address class="contact-card">
                        <strong>{a.name}</strong><br/>{a.address}<br/>
                        "Téléphone : " {phone(a.phone)}<br/>
                        {crate::components::opening_hours(a.hours)}
                    </address>
                }.into_any(),
                None => view! { <p>"Votre agence n'est pas encore connue : contactez le siège."</p> }.into_any(),
            }}
        </section>
        <section aria-labelledby="siege">
            <h2 id="siege">"Le siège"</h2>
            <address class="contact-card">
                <strong>{name}</strong><br/>{address}<br/>"Téléphone : " {phone(tel)}
            </address>
        </section>
        {request_form(v.max_files)}
        <section aria-labelledby="dernieres-demandes">
            <h2 id="dernieres-demandes">"Vos dernières demandes"</h2>
            <RequestList rows=v.requests noun="Demande" />
        </section>
    }
}

fn request_form(max_files: usize) -> impl IntoView {
    let objects = rules::OBJECTS
        .iter()
        .map(|o| (o.to_string(), o.to_string()))
        .collect();
    view! {
        <section aria-labelledby="ecrire">
            <h2 id="ecrire">"Écrire à votre bailleur"</h2>
            <p>"Votre demande est transmise à votre agence, qui vous répond ici et par e-mail. \
                Joignez si besoin vos documents, en choisissant le type de chacun."</p>
            <UploadForm key="demande" button="VALIDER">
                <Select name="objet" label="Objet" options=objects />
                <TextArea name="message" label="Message" max=rules::MAX_MESSAGE
                    hint="4 000 caractères au plus." />
                <Attachments count=max_files types=rules::doc_type_options() label="Pièce jointe" legend="Pièces jointes" />
            </UploadForm>
        </section>
    }
}

use super::{ContactView, load_contact};
use crate::components::{PageTitle, signed_in_page};
use crate::forms::{Attachments, Choice, TextArea, UploadForm};
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
        <section aria-labelledby="nous-joindre">
            <h2 id="nous-joindre">"Nous joindre"</h2>
            <h3>"Votre agence de proximité"</h3>
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
            <h3>"Le siège"</h3>
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
    let objects = rules::OBJECTS.iter().map(|o| (*o, o.to_string())).collect();
    view! {
        <section aria-labelledby="ecrire">
            <h2 id="ecrire">"Nous écrire"</h2>
            <p>"Cochez l'objet de votre demande, écrivez votre message ; vous pouvez ajouter une ou plusieurs pièces jointes, \
                en choisissant le type de chacune. Votre agence vous répond ici et par e-mail."</p>
            <UploadForm key="demande" button="VALIDER">
                <Choice name="objet" legend="Objet de votre demande *" options=objects unchosen=true />
                <TextArea name="message" label="Votre message" max=rules::MAX_MESSAGE
                    hint="4 000 caractères au plus." />
                <Attachments count=max_files types=rules::doc_type_options() label="Pièce jointe" legend="Pièces jointes" />
            </UploadForm>
        </section>
    }
}

use super::{ContactView, load_contact};
use crate::components::{PageTitle, signed_in_page};
use leptos::prelude::*;

#[component]
pub fn ContactPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_contact());
    view! {
        <PageTitle title="Nous contacter" />
        {signed_in_page(data, contact)}
    }
}

/// A phone number as a link a phone can call.
fn phone(number: String) -> impl IntoView {
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
                        {(!a.hours.is_empty()).then(|| view! { {format!("Horaires : {}", a.hours)} })}
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
    }
}

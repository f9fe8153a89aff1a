use super::{ChooseLease, LeaseView, ResidenceView, load_residence};
use crate::components::{PageTitle, current_url, signed_in_page};
use crate::forms::ACTION_FIELD;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn ResidencePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_residence());
    view! {
        <PageTitle title="Ma résidence" />
        {signed_in_page(data, residence)}
    }
}

fn residence(v: ResidenceView) -> impl IntoView {
    if v.leases.is_empty() {
        return view! { <p class="alert alert-info" role="status">"Aucune location n'est enregistrée sur votre compte. Votre agence peut vous renseigner."</p> }.into_any();
    }
    let phone = v.head_office_phone.clone();
    v.leases
        .into_iter()
        .map(|l| lease(l, phone.clone()))
        .collect_view()
        .into_any()
}

fn lease(l: LeaseView, head_office: String) -> impl IntoView {
    let id = format!("location-{}", l.reference);
    let labelled_by = id.clone();
    let place = [
        (!l.building.is_empty()).then(|| format!("Bâtiment {}", l.building)),
        (!l.floor.is_empty()).then(|| l.floor.clone()),
        (!l.door.is_empty()).then(|| format!("Porte {}", l.door)),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" – ");
    view! {
        <section class="card lease" aria-labelledby=labelled_by>
            <h2 id=id>{format!("{} {}", l.kind, l.reference)}
                {l.chosen.then(|| view! { <span class="badge">" (location affichée)"</span> })}
            </h2>
            <dl class="facts">
                <dt>"Type"</dt><dd>{l.label}</dd>
                <dt>"Adresse"</dt><dd>{l.address}</dd>
                {(!place.is_empty()).then(|| view! { <dt>"Bâtiment, étage, porte"</dt><dd>{place}</dd> })}
                <dt>"Loyer"</dt><dd>{l.rent.to_string()}</dd>
                <dt>"Charges"</dt><dd>{l.charges.to_string()}</dd>
                <dt>"Total mensuel"</dt><dd>{(l.rent + l.charges).to_string()}</dd>
                <dt>"Date d'entrée"</dt><dd>{l.start}</dd>
                {l.end.map(|e| view! { <dt>"Fin du bail"</dt><dd>{e}</dd> })}
            </dl>
            <h3>"Votre agence de proximité"</h3>
            {match l.agency {
                Some(a) => view! {
                    <address>
                        <strong>{a.name}</strong><br />
                        {a.address}<br />
                        "Téléphone : " <a href=format!("tel:{}", a.phone.replace(' ', ""))>{a.phone.clone()}</a><br />
                        {crate::components::opening_hours(a.hours)}
                    </address>
                }.into_any(),
                None => view! {
                    <p>{format!("Aucune agence n'est encore rattachée à cette location. Le siège vous répond au {head_office}.")}</p>
                }.into_any(),
            }}
        </section>
    }
}

/// In the header, when the account has several leases: which one the pages
/// refer to. A plain form posted to the page itself (the server runs the
/// server function and redirects back): the whole page changes anyway, so
/// the same full round trip serves with and without JavaScript.
#[component]
pub fn LeaseChoice(leases: Vec<(String, String)>) -> impl IntoView {
    let (path, query) = current_url();
    let back = if query.is_empty() {
        path.clone()
    } else {
        format!("{path}?{query}")
    };
    let page = back.clone();
    view! {
        <form class="lease-choice" method="post" action=page>
            <input type="hidden" name=ACTION_FIELD value=ChooseLease::url() />
            <input type="hidden" name="retour" value=back />
            <label for="choix-location">"Location affichée"</label>
            <select id="choix-location" name="reference">
                {leases.into_iter().map(|(r, label)| view! { <option value=r>{label}</option> }).collect_view()}
            </select>
            <button type="submit">"CHANGER"</button>
        </form>
    }
}

use super::{
    ChangeContactDetails, ChangeWorkSituation, PersonView, PersonalInfoView, load_personal_info,
    rules,
};
use crate::components::{PageTitle, signed_in_page};
use crate::forms::{Attachments, Field, FieldKind, Form, Select, UploadForm};
use crate::requests::RequestRow;
use leptos::prelude::*;

#[component]
pub fn PersonalInfoPage() -> impl IntoView {
    let sent = crate::components::sent_number("demande");
    let data = Resource::new(|| (), |_| load_personal_info());
    view! {
        <PageTitle title="Mes informations personnelles" />
        {sent.map(|n| view! {
            <p class="alert alert-success" role="status" id="demande-envoyee">
                {format!("Votre demande n° {n} est enregistrée. La modification s'appliquera dès que votre bailleur l'aura validée.")}
            </p>
        })}
        {signed_in_page(data, page)}
    }
}

fn or_unknown(v: String) -> String {
    if v.is_empty() {
        "Non renseigné".into()
    } else {
        v
    }
}

fn people(list: Vec<PersonView>) -> impl IntoView {
    list.into_iter()
        .map(|p| {
            let born = (!p.birth_date.is_empty()).then(|| format!(", né(e) le {}", p.birth_date));
            let address = (!p.address.is_empty()).then(|| format!(" – {}", p.address));
            view! { <li>{p.name}{born}{address}</li> }
        })
        .collect_view()
}

fn page(v: PersonalInfoView) -> impl IntoView {
    let options = |list: &[&str]| -> Vec<(String, String)> {
        list.iter()
            .map(|s| (s.to_string(), s.to_string()))
            .collect()
    };
    view! {
        <section aria-labelledby="foyer">
            <h2 id="foyer">"Votre foyer"</h2>
            <h3>"Signataires du bail"</h3>
            <ul>{people(v.signatories)}</ul>
            <h3>"Occupants"</h3>
            {if v.occupants.is_empty() {
                view! { <p>"Aucun autre occupant n'est déclaré."</p> }.into_any()
            } else {
                view! { <ul>{people(v.occupants)}</ul> }.into_any()
            }}
        </section>
        <section aria-labelledby="vous">
            <h2 id="vous">"Vos informations"</h2>
            <dl class="facts">
                <dt>"Téléphone domicile"</dt><dd>{or_unknown(v.phone_home)}</dd>
                <dt>"Téléphone mobile"</dt><dd>{or_unknown(v.phone_mobile)}</dd>
                <dt>"Téléphone travail"</dt><dd>{or_unknown(v.phone_work)}</dd>
                <dt>"E-mail"</dt><dd>{v.email}" "<a href=crate::routes::CHANGE_EMAIL>"Changement de l'identifiant"</a></dd>
                <dt>"E-mail connu de votre bailleur"</dt><dd>{or_unknown(v.landlord_email)}</dd>
                <dt>"Date de naissance"</dt><dd>{or_unknown(v.birth_date)}</dd>
                <dt>"Situation familiale"</dt><dd>{or_unknown(v.family_situation)}</dd>
                <dt>"Catégorie socio-professionnelle"</dt><dd>{or_unknown(v.occupation_category)}</dd>
                <dt>"Profession"</dt><dd>{or_unknown(v.profession)}</dd>
            </dl>
        </section>
        {contact_form()}
        <section aria-labelledby="modifier-famille">
            <h2 id="modifier-famille">"Modifier ma situation familiale"</h2>
            <UploadForm key="situation_familiale" button="MODIFIER MA SITUATION FAMILIALE">
                <Select name="situation" label="Nouvelle situation familiale" options=options(&rules::FAMILY_SITUATIONS) />
                <p class="hint">"Joignez si possible un justificatif (acte de mariage, PACS, jugement, livret de famille…). \
                    Vous pouvez aussi l'envoyer plus tard par « Nous contacter » (type « Pièces d'État civil »)."</p>
                <Attachments count=1 types=vec![] label="Justificatif" legend="Justificatif de la nouvelle situation" />
            </UploadForm>
        </section>
        {work_form(options(&rules::CATEGORIES))}
        <section aria-labelledby="dernieres-demandes">
            <h2 id="dernieres-demandes">"Vos dernières demandes"</h2>
            {requests(v.requests)}
        </section>
    }
}

fn contact_form() -> impl IntoView {
    let action = ServerAction::<ChangeContactDetails>::new();
    let hint = "10 chiffres, par exemple 06 12 34 56 78 ; pour l'étranger, commencez par + et l'indicatif.";
    view! {
        <section aria-labelledby="modifier-coordonnees">
            <h2 id="modifier-coordonnees">"Modifier mes coordonnées"</h2>
            <Form action button="MODIFIER MES COORDONNÉES">
                <Field name="fixe" label="Téléphone domicile" kind=FieldKind::Phone autocomplete="tel" optional=true hint=hint />
                <Field name="mobile" label="Téléphone mobile" kind=FieldKind::Phone autocomplete="tel" optional=true />
                <Field name="travail" label="Téléphone travail" kind=FieldKind::Phone autocomplete="tel" optional=true />
            </Form>
        </section>
    }
}

fn work_form(categories: Vec<(String, String)>) -> impl IntoView {
    let action = ServerAction::<ChangeWorkSituation>::new();
    view! {
        <section aria-labelledby="modifier-travail">
            <h2 id="modifier-travail">"Modifier ma situation professionnelle"</h2>
            <Form action button="MODIFIER MA SITUATION PROFESSIONNELLE">
                <Select name="categorie" label="Catégorie socio-professionnelle" options=categories />
                <Field name="profession" label="Profession" optional=true autocomplete="organization-title" />
            </Form>
        </section>
    }
}

fn requests(rows: Vec<RequestRow>) -> AnyView {
    if rows.is_empty() {
        return view! { <p>"Vous n'avez envoyé aucune demande de modification."</p> }.into_any();
    }
    view! {
        <div class="table-scroll">
            <table class="ledger requests">
                <thead><tr>
                    <th scope="col">"Demande"</th><th scope="col">"Type"</th><th scope="col">"Avancement"</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr>
                            <td data-label="Demande">{format!("n° {} du {}", r.number, r.date)}</td>
                            <td data-label="Type">{r.subject}</td>
                            <td data-label="Avancement">{r.progress}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

use super::{InsuranceView, LeaseInsurance, load_insurance};
use crate::components::{PageTitle, signed_in_page};
use crate::forms::{Attachments, Field, FieldKind, Select, UploadForm};
use crate::requests::RequestList;
use leptos::prelude::*;

#[component]
pub fn InsurancePage() -> impl IntoView {
    let sent = crate::components::sent_number("envoi");
    let data = Resource::new(|| (), |_| load_insurance());
    view! {
        <PageTitle title="J'envoie mon attestation d'assurance" />
        <p>"Vous avez la possibilité de nous faire parvenir une attestation d'assurance en cours de validité, \
            en renseignant les champs ci-dessous (choix de la location, date de début et de fin d'effet de l'attestation) \
            et en joignant celle-ci. Bien penser à cliquer sur le bouton « ENVOYER » pour finaliser l'opération."</p>
        <p class="reminder"><strong>"POUR RAPPEL : Une attestation en cours de validité est obligatoire."</strong></p>
        {sent.map(|n| view! {
            <p class="alert alert-success" role="status" id="envoi-enregistre">
                {format!("Votre attestation (envoi n° {n}) est bien reçue : elle est en cours de validation par votre bailleur.")}
            </p>
        })}
        {signed_in_page(data, page)}
    }
}

fn page(v: InsuranceView) -> impl IntoView {
    let options = v
        .leases
        .iter()
        .map(|l| (l.id.to_string(), format!("{} – {}", l.label, l.status)))
        .collect();
    view! {
        <section aria-labelledby="locations">
            <h2 id="locations">"Vos locations"</h2>
            <p>"Chaque année, vous devez nous transmettre l'attestation d'assurance habitation de chacune de vos locations."</p>
            <ul class="lease-insurance">{v.leases.into_iter().map(lease).collect_view()}</ul>
        </section>
        <section aria-labelledby="envoyer">
            <h2 id="envoyer">"Envoyer une attestation"</h2>
            <UploadForm key="assurance" button="ENVOYER">
                <Select name="bail" label="Location concernée" options=options />
                <Field name="du" label="Du" kind=FieldKind::Date hint="Début de la période couverte, jj/mm/aaaa." />
                <Field name="au" label="Au" kind=FieldKind::Date hint="Fin de la période couverte, jj/mm/aaaa (13 mois au plus)." />
                <Attachments count=1 types=vec![] label="Attestation" legend="Votre attestation" required=true />
            </UploadForm>
        </section>
        <section aria-labelledby="derniers-envois">
            <h2 id="derniers-envois">"Mes derniers envois"</h2>
            <RequestList rows=v.sends noun="Envoi" empty="Vous n'avez envoyé aucune attestation." />
        </section>
    }
}

fn lease(l: LeaseInsurance) -> impl IntoView {
    let class = match l.status.as_str() {
        "à jour" => "status status-ok",
        "en cours de validation" => "status status-pending",
        _ => "status status-ko",
    };
    view! {
        <li>
            <strong>{l.label}</strong><br/>
            "Assurance : " <span class=class>{l.status}</span>
            {l.period.map(|p| format!(" ({p})"))}
        </li>
    }
}

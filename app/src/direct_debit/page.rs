//! The page, as in the seed: the registered mandates, the request form, the
//! last requests with their progress (Avancement), and stopping.

use super::rules::DEBIT_DAYS;
use super::{
    CancelDirectDebit, DirectDebitView, MandateView, RequestDirectDebit, RequestView,
    StopDirectDebit, load_direct_debit, mandate_pdf_path,
};
use crate::components::{PageTitle, query_param, signed_in_page};
use crate::forms::{Choice, Field, Form, Select};
use leptos::prelude::*;

#[component]
pub fn DirectDebitPage() -> impl IntoView {
    let (_, query) = crate::components::current_url();
    let demande = query_param(&query, "demande");
    let refused = query_param(&query, "annulation").is_some();
    let data = Resource::new(move || demande.clone(), load_direct_debit);
    view! {
        <PageTitle title="Je gère mes prélèvements automatiques" />
        {refused.then(|| view! {
            <p class="alert alert-error" role="alert">
                "Cette demande ne peut plus être annulée : elle est déjà traitée, ou elle est introuvable."
            </p>
        })}
        {signed_in_page(data, page)}
    }
}

fn page(v: DirectDebitView) -> impl IntoView {
    let has_mandate = !v.mandates.is_empty();
    view! {
        {v.sent.clone().map(sent)}
        <section aria-labelledby="enregistres">
            <h2 id="enregistres">"Vos prélèvements automatiques enregistrés"</h2>
            <p>"Optez pour le paiement automatique : facilitez-vous le règlement de votre loyer !"</p>
            {mandates(v.mandates, v.ics.clone(), v.creditor.clone())}
        </section>
        {request_form(v.objects.clone(), v.mandate_email.clone())}
        {requests(v.requests)}
        {has_mandate.then(|| stop_form(v.objects))}
    }
}

fn sent(r: RequestView) -> impl IntoView {
    let text = if r.has_mandate {
        format!(
            "Votre demande n° {} est enregistrée. Le mandat de prélèvement SEPA pré-rempli vous a été envoyé par e-mail : \
             imprimez-le, datez-le et signez-le, puis retournez-le par courrier ou dans « Nous contacter » \
             (type de document « Mandat de prélèvement SEPA »).",
            r.number
        )
    } else {
        format!(
            "Votre demande d'arrêt du prélèvement n° {} est enregistrée.",
            r.number
        )
    };
    view! {
        <div class="alert alert-success" role="status" id="demande-envoyee">
            <p>{text}</p>
            {r.has_mandate.then(|| view! {
                <p><a class="button" href=mandate_pdf_path(r.id) rel="external" download="">"TÉLÉCHARGER LE MANDAT (PDF)"</a></p>
            })}
        </div>
    }
}

fn mandates(list: Vec<MandateView>, ics: String, creditor: String) -> AnyView {
    if list.is_empty() {
        return view! { <p class="alert alert-info" role="status">"Aucun prélèvement automatique n'est enregistré sur votre compte."</p> }.into_any();
    }
    view! {
        <div class="table-scroll">
            <table class="ledger mandates">
                <thead><tr>
                    <th scope="col">"Objet du prélèvement"</th><th scope="col">"Domiciliation bancaire"</th>
                    <th scope="col">"Mandat"</th><th scope="col">"Échéance"</th><th scope="col">"Statut"</th>
                </tr></thead>
                <tbody>
                    {list.into_iter().map(|m| view! {
                        <tr>
                            <td data-label="Objet">{m.object}</td>
                            <td data-label="Domiciliation">
                                {format!("Titulaire du compte : {}", m.holder)}<br/>
                                {(!m.bank.is_empty()).then(|| view! { {m.bank.clone()}<br/> })}
                                {format!("IBAN : {}", m.iban)}<br/>{format!("BIC : {}", m.bic)}
                            </td>
                            <td data-label="Mandat">{format!("RUM : {}", m.rum)}<br/>{format!("ICS : {ics}")}<br/>{format!("Bénéficiaire : {creditor}")}</td>
                            <td data-label="Échéance">{format!("le {} du mois", m.debit_day)}</td>
                            <td data-label="Statut">{m.status}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The seed's button opens the form: a disclosure, so it works without
/// JavaScript too.
fn request_form(objects: Vec<(String, String)>, mandate_email: String) -> impl IntoView {
    let action = ServerAction::<RequestDirectDebit>::new();
    let days: Vec<(&'static str, String)> = DEBIT_DAYS
        .iter()
        .zip(["5", "10", "15"])
        .map(|(d, v)| (v, format!("le {d} du mois")))
        .collect();
    let open =
        crate::forms::refused_post(<RequestDirectDebit as leptos::server_fn::ServerFn>::url());
    view! {
        <details class="disclosure" open=open>
            <summary class="button">"DEMANDER LA MODIFICATION DE MA DOMICILIATION BANCAIRE"</summary>
            <h2 id="demander">"Demander la mise en place ou la modification du prélèvement"</h2>
            <p>"Saisissez vos coordonnées bancaires et choisissez votre date de prélèvement (le 5, le 10 ou le 15 de chaque mois). \
                Le mandat de prélèvement pré-rempli vous sera envoyé par e-mail : le prélèvement ne sera effectif qu'à réception \
                du mandat daté et signé."</p>
            <p>{format!("Il sera nécessaire d'imprimer ce mandat, de le dater et de le signer avant de nous le retourner : par courrier, \
                au siège, {}ou directement dans le menu « Nous contacter » (type de document « Mandat de prélèvement SEPA »).",
                if mandate_email.is_empty() { String::new() } else { format!("par e-mail à l'adresse {mandate_email}, ") })}</p>
            <Form action button="VALIDER">
                <Field name="titulaire" label="Titulaire du compte" autocomplete="name" />
                <Field name="iban" label="IBAN" autocomplete="off" hint="Il figure sur votre RIB : 27 caractères pour un compte français, par exemple FR76 3000 6000 0112 3456 7890 189." />
                <Field name="bic" label="BIC" autocomplete="off" hint="8 ou 11 caractères, par exemple AGRIFRPP882." />
                <Choice name="jour" legend="Jour du prélèvement" options=days />
                <Select name="objet" label="Location(s) concernée(s)" options=objects />
            </Form>
        </details>
    }
}

fn requests(list: Vec<RequestView>) -> impl IntoView {
    view! {
        <section aria-labelledby="dernieres-demandes">
            <h2 id="dernieres-demandes">"Vos dernières demandes"</h2>
            {if list.is_empty() {
                view! { <p>"Vous n'avez saisi aucune demande."</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="ledger requests">
                            <thead><tr>
                                <th scope="col">"Date"</th><th scope="col">"Demande"</th><th scope="col">"Objet"</th>
                                <th scope="col">"Avancement"</th><th scope="col">"Actions"</th>
                            </tr></thead>
                            <tbody>{list.into_iter().map(request_row).collect_view()}</tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

fn request_row(r: RequestView) -> impl IntoView {
    let cancel = r.cancellable.then(|| {
        let action = ServerAction::<CancelDirectDebit>::new();
        view! {
            <Form action button="ANNULER LA DEMANDE">
                <input type="hidden" name="demande" value=r.id.to_string() />
            </Form>
        }
    });
    view! {
        <tr>
            <td data-label="Date">{r.date}</td>
            <td data-label="Demande">{format!("{} n° {}", r.kind, r.number)}</td>
            <td data-label="Objet">{r.object}</td>
            <td data-label="Avancement">{r.progress}</td>
            <td data-label="Actions">
                {r.has_mandate.then(|| view! {
                    <a href=mandate_pdf_path(r.id) rel="external" download="">{format!("Mandat n° {} (PDF)", r.number)}</a>
                })}
                {cancel}
            </td>
        </tr>
    }
}

fn stop_form(objects: Vec<(String, String)>) -> impl IntoView {
    let action = ServerAction::<StopDirectDebit>::new();
    view! {
        <section aria-labelledby="arreter">
            <h2 id="arreter">"Arrêter le prélèvement automatique"</h2>
            <Form action button="DEMANDER L'ARRÊT">
                <Select name="objet_arret" label="Arrêter le prélèvement pour" options=objects />
            </Form>
        </section>
    }
}

//! Documents divers: the notices with TÉLÉCHARGER, and the quittance form
//! (a GET form: it works without JavaScript and downloads the PDF).

use super::{DocumentsView, Notice, load_documents};
use crate::components::{PageTitle, signed_in_page};
use crate::routes;
use leptos::prelude::*;

#[component]
pub fn DocumentsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_documents());
    view! {
        <PageTitle title="Documents divers" />
        {signed_in_page(data, documents)}
    }
}

fn documents(v: DocumentsView) -> impl IntoView {
    view! {
        <p>{format!("{} met à votre disposition vos 3 derniers « Avis d'échéance » ainsi que vos 2 derniers « Avis de régularisation de charges ».", v.landlord)}</p>
        <h2>"Mes documents"</h2>
        {notices("avis-echeance", "Vos derniers avis d'échéance", v.due_notices, "Aucun avis d'échéance n'est disponible pour le moment.")}
        {notices("avis-regularisation", "Vos derniers avis de régularisation de charges", v.adjustment_notices, "Aucun avis de régularisation de charges n'est disponible pour le moment.")}
        {receipt(v.receipt_months)}
    }
}

fn notices(
    id: &'static str,
    title: &'static str,
    list: Vec<Notice>,
    empty: &'static str,
) -> impl IntoView {
    view! {
        <section aria-labelledby=id>
            <h3 id=id>{title}</h3>
            {if list.is_empty() {
                view! { <p class="alert alert-info" role="status">{empty}</p> }.into_any()
            } else {
                view! {
                    <ul class="documents">
                        {list.into_iter().map(|n| {
                            let href = format!("{}/{}", routes::DOCUMENT_PDF, n.public_id);
                            let label = format!("TÉLÉCHARGER {} (PDF)", n.title);
                            view! {
                                <li>
                                    <span class="doc-title">{n.title.clone()}</span>
                                    <a class="button button-secondary" href=href rel="external" download="" aria-label=label>"TÉLÉCHARGER"</a>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

fn receipt(months: Vec<(String, String)>) -> impl IntoView {
    view! {
        <section aria-labelledby="quittance">
            <h2 id="quittance">"Quittance de loyer"</h2>
            {if months.is_empty() {
                view! { <p class="alert alert-info" role="status">"Aucun mois n'est entièrement réglé pour le moment : la quittance est délivrée pour un mois payé en totalité."</p> }.into_any()
            } else {
                view! {
                    <p>"La quittance atteste que le loyer et les charges d'un mois ont été entièrement payés."</p>
                    <form method="get" action=routes::RECEIPT_PDF class="inline-form">
                        <label for="mois">"Mois"</label>
                        <select id="mois" name="mois">
                            {months.into_iter().map(|(value, label)| view! { <option value=value>{label}</option> }).collect_view()}
                        </select>
                        <button type="submit" class="button">"TÉLÉCHARGER LA QUITTANCE (PDF)"</button>
                    </form>
                }.into_any()
            }}
        </section>
    }
}

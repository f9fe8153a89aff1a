use super::RequestRow;
use leptos::prelude::*;

/// Vos dernières demandes, for any of the menus.
#[component]
pub fn RequestList(
    rows: Vec<RequestRow>,
    /// "Demande", "Envoi"…
    noun: &'static str,
    #[prop(optional)] empty: Option<&'static str>,
) -> impl IntoView {
    if rows.is_empty() {
        let text = empty.unwrap_or("Vous n'avez envoyé aucune demande.");
        return view! { <p>{text}</p> }.into_any();
    }
    view! {
        <div class="table-scroll">
            <table class="ledger requests">
                <thead><tr>
                    <th scope="col">"Date"</th><th scope="col">{noun}</th><th scope="col">"Objet"</th>
                    <th scope="col">"Pièces jointes"</th><th scope="col">"Avancement"</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr>
                            <td data-label="Date">{r.date}</td>
                            <td data-label=noun>{format!("{noun} n° {}", r.number)}</td>
                            <td data-label="Objet">{r.subject}</td>
                            <td data-label="Pièces jointes">
                                {r.attachments.into_iter().map(|a| view! {
                                    <a href=a.href rel="external" download="">{a.name}</a>
                                    {(!a.doc_type.is_empty()).then(|| format!(" ({})", a.doc_type))}<br/>
                                }).collect_view()}
                            </td>
                            <td data-label="Avancement">
                                {r.progress}
                                {r.answer.map(|a| view! { <p class="message-body">{format!("Réponse : {a}")}</p> })}
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

//! Fichiers SEPA (comptabilité): choose a collection date and see the list
//! (a GET form, so the list is a link one can reload), generate the file,
//! then download it, mark it as sent to the bank, or cancel it.
use super::*;
use crate::components::{PageTitle, query_param};
use crate::forms::Form;
use leptos::prelude::*;

const PAGE: &str = "/gestion/prelevements-sepa";

/// Shared with the server's refusal, so the page and the form say the same.
pub const ALREADY_ONE: &str =
    "Un fichier existe déjà pour cette date : annulez-le d'abord pour en générer un autre.";

#[component]
pub fn CollectionsPage() -> impl IntoView {
    let (_, query) = crate::components::current_url();
    let date = query_param(&query, "date");
    let data = Resource::new(move || date.clone(), load_collections);
    view! {
        <PageTitle title="Fichiers de prélèvement SEPA" />
        {super::pages::staff_page(data, collections)}
    }
}

fn collections(v: CollectionsView) -> impl IntoView {
    let hint = format!(
        "Le 5, le 10 ou le 15 du mois, au plus tôt le {} (les locataires sont prévenus par e-mail avant le prélèvement). Format {}.",
        v.earliest_fr, v.version
    );
    let error = v.date_error.clone();
    let invalid = error.is_some();
    let described = if error.is_some() {
        "f-date-aide f-date-erreur"
    } else {
        "f-date-aide"
    };
    let value = if v.date.is_empty() {
        v.earliest.clone()
    } else {
        v.date.clone()
    };
    view! {
        <section aria-labelledby="preparer">
            <h2 id="preparer">"Préparer un fichier"</h2>
            <form method="get" action=PAGE class="filters">
                <div class="field" class:field-invalid=invalid>
                    <label for="f-date">"Date de prélèvement"</label>
                    <p class="hint" id="f-date-aide">{hint}</p>
                    <input id="f-date" name="date" type="date" value=value aria-describedby=described
                        aria-invalid=invalid.then_some("true") />
                    {error.map(|e| view! { <p class="field-error" id="f-date-erreur">{e}</p> })}
                </div>
                <button type="submit" class="button">"VOIR LA LISTE"</button>
            </form>
        </section>
        {v.preview.map(preview)}
        {files(v.files)}
    }
}

fn preview(p: CollectionPreview) -> impl IntoView {
    let action = ServerAction::<GenerateCollection>::new();
    let empty = p.lines.is_empty();
    let existing = p.existing;
    view! {
        <section aria-labelledby="liste">
            <h2 id="liste">{format!("Prélèvements du {}", p.date_fr)}</h2>
            {if existing {
                view! { <p class="alert alert-info" role="status">{ALREADY_ONE}</p> }.into_any()
            } else if empty {
                view! { <p>"Aucun prélèvement à effectuer à cette date."</p> }.into_any()
            } else {
                view! {
                    <p>{format!("{} prélèvement(s), {} au total.", p.lines.len(), p.total)}</p>
                    <div class="table-scroll"><table class="ledger">
                        <thead><tr><th scope="col">"Compte"</th><th scope="col">"Titulaire"</th><th scope="col">"RUM"</th>
                            <th scope="col">"IBAN"</th><th scope="col">"Séquence"</th><th scope="col" class="num">"Montant"</th></tr></thead>
                        <tbody>{p.lines.into_iter().map(|l| view! {
                            <tr><td data-label="Compte">{l.account}</td><td data-label="Titulaire">{l.holder}</td>
                                <td data-label="RUM">{l.rum}</td><td data-label="IBAN">{l.iban}</td>
                                <td data-label="Séquence">{l.sequence}</td><td data-label="Montant" class="num">{l.amount}</td></tr>
                        }).collect_view()}</tbody>
                    </table></div>
                    <Form action button="GÉNÉRER LE FICHIER">
                        <input type="hidden" name="date" value=p.date.clone() />
                    </Form>
                }.into_any()
            }}
            {(!p.left_out.is_empty()).then(|| view! {
                <h3>"Non prélevés"</h3>
                <ul>{p.left_out.into_iter().map(|(account, why)| view! {
                    <li>{format!("Compte {account} : {why}")}</li>
                }).collect_view()}</ul>
            })}
        </section>
    }
}

fn files(list: Vec<CollectionFile>) -> impl IntoView {
    view! {
        <section aria-labelledby="fichiers">
            <h2 id="fichiers">"Fichiers générés"</h2>
            {if list.is_empty() {
                view! { <p>"Aucun fichier pour le moment."</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll"><table class="ledger">
                        <thead><tr><th scope="col">"Prélèvement du"</th><th scope="col">"Opérations"</th><th scope="col" class="num">"Montant"</th>
                            <th scope="col">"État"</th><th scope="col">"Fichier"</th></tr></thead>
                        <tbody>{list.into_iter().map(file_row).collect_view()}</tbody>
                    </table></div>
                }.into_any()
            }}
        </section>
    }
}

fn file_row(f: CollectionFile) -> impl IntoView {
    let href = format!("{PAGE}/{}.xml", f.id);
    let open = f.open;
    let id = f.id.to_string();
    view! {
        <tr>
            <td data-label="Prélèvement du">{f.date}</td>
            <td data-label="Opérations">{f.count}</td>
            <td data-label="Montant" class="num">{f.total}</td>
            <td data-label="État">{f.status}{format!(" (généré le {})", f.created)}</td>
            <td data-label="Fichier">
                <a href=href download>{format!("Télécharger ({})", f.version)}</a>
                {open.then(|| steps(id))}
            </td>
        </tr>
    }
}

fn steps(id: String) -> impl IntoView {
    let id2 = id.clone();
    let sent = ServerAction::<CollectionStep>::new();
    let cancel = ServerAction::<CollectionStep>::new();
    view! {
        <Form action=sent button="MARQUER COMME ENVOYÉ À LA BANQUE">
            <input type="hidden" name="fichier" value=id2 />
            <input type="hidden" name="etape" value="envoye" />
        </Form>
        <Form action=cancel button="ANNULER LE FICHIER">
            <input type="hidden" name="fichier" value=id />
            <input type="hidden" name="etape" value="annuler" />
        </Form>
    }
}

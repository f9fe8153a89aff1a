//! Mon compte: situation, balance chart, ledger by period (paged), and the
//! relevé de compte form. Period and page are in the address (GET forms and
//! plain links), so everything works without JavaScript and can be bookmarked.

use super::{AccountView, BalanceChart, LedgerLine, load_account_view};
use crate::components::{PageTitle, current_url, query_param, signed_in_page};
use crate::routes;
use leptos::prelude::*;

#[component]
pub fn AccountPage() -> impl IntoView {
    let query = current_url().1;
    let periode = query_param(&query, "periode").unwrap_or_default();
    let page = query_param(&query, "page")
        .and_then(|p| p.parse().ok())
        .unwrap_or(1);
    let statement = StoredValue::new(StatementForm::from_query(&query));
    let data = Resource::new(|| (), move |_| load_account_view(periode.clone(), page));
    view! {
        <PageTitle title="Mon compte" />
        {signed_in_page(data, move |v| account(v, statement.get_value()))}
    }
}

fn account(v: AccountView, statement: StatementForm) -> impl IntoView {
    let owes = v.situation.balance.cents() > 0;
    view! {
        <section aria-labelledby="situation">
            <h2 id="situation">"Situation de votre compte"</h2>
            <p class="balance">{v.situation.sentence()}</p>
            {owes.then(|| view! { <p><a class="button" href="/paiement">"Je règle mon loyer en ligne"</a></p> })}
        </section>
        <section aria-labelledby="evolution">
            <h2 id="evolution">"Évolution de votre solde"</h2>
            <BalanceChart points=v.chart.clone() />
        </section>
        {ledger(&v)}
        {statement.view()}
    }
}

fn ledger(v: &AccountView) -> impl IntoView + use<> {
    let current = v.period.value();
    let caption = format!("{}, page {} sur {}", v.period.label(), v.page, v.pages);
    let lines = v.lines.clone();
    view! {
        <section aria-labelledby="ecritures" id="ecritures-section">
            <h2 id="ecritures">"Vos écritures"</h2>
            <form method="get" action=routes::ACCOUNT class="inline-form">
                <label for="periode">"Période"</label>
                <select id="periode" name="periode">
                    {v.periods.iter().map(|(value, label)| view! {
                        <option value=value.clone() selected=*value == current>{label.clone()}</option>
                    }).collect_view()}
                </select>
                <button type="submit" class="button button-secondary">"AFFICHER"</button>
            </form>
            {if lines.is_empty() {
                view! { <p class="alert alert-info" role="status">"Aucune écriture sur cette période."</p> }.into_any()
            } else {
                ledger_table(caption, lines).into_any()
            }}
            {pager(v)}
        </section>
    }
}

fn ledger_table(caption: String, lines: Vec<LedgerLine>) -> impl IntoView {
    let amount = |m: Option<crate::domain::Money>| m.map(|m| m.to_string()).unwrap_or_default();
    view! {
        <table class="ledger">
            <caption>{caption}</caption>
            <thead>
                <tr>
                    <th scope="col">"Date"</th>
                    <th scope="col">"Libellé"</th>
                    <th scope="col" class="num">"Facturation"</th>
                    <th scope="col" class="num">"Règlement"</th>
                    <th scope="col" class="num">"Solde"</th>
                </tr>
            </thead>
            <tbody>
                {lines.into_iter().map(|l| view! {
                    <tr>
                        <td data-label="Date">{l.date}</td>
                        <td data-label="Libellé">{l.label}</td>
                        <td data-label="Facturation" class="num">{amount(l.charge)}</td>
                        <td data-label="Règlement" class="num">{amount(l.payment)}</td>
                        <td data-label="Solde" class="num">{l.balance.to_string()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// Previous / next page links: full page loads (rel=external), so that the
/// address is the page's state with or without JavaScript.
fn pager(v: &AccountView) -> impl IntoView + use<> {
    let link = |page: u32| {
        format!(
            "{}?periode={}&page={page}#ecritures",
            routes::ACCOUNT,
            v.period.value()
        )
    };
    (v.pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label="Pages des écritures">
                {(v.page > 1).then(|| view! { <a rel="external" href=link(v.page - 1)>"Page précédente"</a> })}
                <span>{format!("Page {} sur {}", v.page, v.pages)}</span>
                {(v.page < v.pages).then(|| view! { <a rel="external" href=link(v.page + 1)>"Page suivante"</a> })}
            </nav>
        }
    })
}

/// The relevé form's typed dates and its refusal, sent back in the address
/// by the PDF download when the dates are wrong.
#[derive(Clone, Default)]
struct StatementForm {
    from: String,
    to: String,
    error: Option<String>,
}

impl StatementForm {
    fn from_query(query: &str) -> Self {
        StatementForm {
            from: query_param(query, "du").unwrap_or_default(),
            to: query_param(query, "au").unwrap_or_default(),
            error: query_param(query, "erreur").map(|code| statement_error(&code).to_string()),
        }
    }

    fn view(self) -> impl IntoView {
        let described = self.error.as_ref().map(|_| "releve-erreur");
        view! {
            <section aria-labelledby="releve" id="releve-section">
                <h2 id="releve">"Relevé de compte"</h2>
                <p>"Téléchargez le relevé de votre compte (PDF) pour la période de votre choix."</p>
                {self.error.clone().map(|e| view! { <p class="field-error" id="releve-erreur" role="alert">{e}</p> })}
                <form method="get" action=routes::STATEMENT_PDF class="inline-form">
                    <div class="field">
                        <label for="du">"Du"</label>
                        <input type="date" id="du" name="du" required value=self.from aria-describedby=described aria-invalid=described.map(|_| "true") />
                    </div>
                    <div class="field">
                        <label for="au">"Au"</label>
                        <input type="date" id="au" name="au" required value=self.to aria-describedby=described aria-invalid=described.map(|_| "true") />
                    </div>
                    <button type="submit" class="button">"TÉLÉCHARGER LE RELEVÉ (PDF)"</button>
                </form>
            </section>
        }
    }
}

/// The French message for a refusal code of the relevé download.
pub fn statement_error(code: &str) -> &'static str {
    match code {
        "ordre" => "La date de début doit précéder la date de fin.",
        "futur" => "La période ne peut pas commencer après aujourd'hui.",
        "longue" => "Choisissez une période de 10 ans au plus.",
        _ => "Indiquez deux dates valides, par exemple 01/01/2025 et 31/12/2025.",
    }
}

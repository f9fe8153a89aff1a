//! The page: the seed's "Payer en ligne" form and "Vos derniers paiements",
//! with the result of the payment the bank sent the tenant back for.

use super::rules::{PAY_AMOUNT, PAY_BALANCE, nothing_to_pay};
use super::{PaymentLine, PaymentStatus, PaymentView, StartPayment, load_payment};
use crate::components::{PageTitle, query_param, signed_in_page};
use crate::forms::{Choice, Field, Form};
use leptos::prelude::*;
use leptos_meta::Meta;

#[component]
pub fn PaymentPage() -> impl IntoView {
    let (_, query) = crate::components::current_url();
    let demande = query_param(&query, "demande");
    let data = Resource::new(move || demande.clone(), load_payment);
    view! {
        <PageTitle title="Je règle mon loyer en ligne" />
        {signed_in_page(data, payment_page)}
    }
}

fn payment_page(v: PaymentView) -> impl IntoView {
    view! {
        {v.returned.clone().map(returned)}
        <p>{format!(
            "{}, en partenariat avec sa banque, vous propose de régler votre loyer en ligne par carte bancaire. \
             Ce service est gratuit et totalement sécurisé.", v.landlord_name
        )}</p>
        <section aria-labelledby="payer">
            <h2 id="payer">"Payer en ligne"</h2>
            <p class="balance">{v.situation.sentence()}</p>
            {v.underway.iter().map(|p| view! {
                <p class="alert alert-warning" role="status">{format!(
                    "Un paiement de {} (demande n° {}) est en cours de traitement par la banque : \
                     il est déduit de la somme que vous pouvez régler maintenant.", p.amount, p.number
                )}</p>
            }).collect_view()}
            {form(&v)}
        </section>
        {history(v.history)}
    }
}

fn form(v: &PaymentView) -> AnyView {
    if v.payable.cents() <= 0 {
        let text = nothing_to_pay(!v.underway.is_empty());
        return view! { <p class="alert alert-info" role="status">{text}</p> }.into_any();
    }
    let action = ServerAction::<StartPayment>::new();
    let options = vec![
        (
            PAY_BALANCE,
            format!("Je règle le solde de mon compte : {}", v.payable),
        ),
        (
            PAY_AMOUNT,
            "Je choisis le montant de mon règlement".to_string(),
        ),
    ];
    let hint = format!(
        "Par exemple 45,50. Minimum {}, au plus {}.",
        v.minimum, v.payable
    );
    view! {
        <p>"Réglez le solde de votre compte ou choisissez le montant que vous souhaitez régler, puis cliquez sur VALIDER : \
            vous serez redirigé vers la plateforme sécurisée de paiement en ligne de la banque."</p>
        <Form action button="VALIDER">
            <Choice name="choix" legend="Montant à régler" options />
            <Field name=PAY_AMOUNT label="Mon règlement (en euros)" inputmode="decimal" autocomplete="off" optional=true hint=hint />
        </Form>
    }
    .into_any()
}

/// What the database says of the payment the tenant comes back from. While
/// the bank's notification has not arrived, the page reloads itself.
fn returned(p: PaymentLine) -> impl IntoView {
    let (class, text) = match p.status {
        PaymentStatus::Accepted => (
            "alert alert-success",
            format!(
                "Votre paiement de {} est accepté (demande n° {}, autorisation {}). Il figure sur votre compte ; un reçu vous a été envoyé par e-mail.",
                p.amount, p.number, p.authorisation
            ),
        ),
        PaymentStatus::Underway => (
            "alert alert-info",
            format!(
                "Votre paiement de {} (demande n° {}) est en cours de traitement : la banque ne nous a pas encore confirmé son résultat. \
             Cette page se met à jour toute seule.",
                p.amount, p.number
            ),
        ),
        PaymentStatus::Refused => (
            "alert alert-error",
            format!(
                "Votre paiement de {} (demande n° {}) a été refusé par la banque. Aucune somme n'a été prélevée. \
             Vous pouvez réessayer ou utiliser une autre carte.",
                p.amount, p.number
            ),
        ),
        _ => (
            "alert alert-warning",
            format!(
                "Votre paiement de {} (demande n° {}) n'a pas abouti ({}). Aucune somme n'a été prélevée.",
                p.amount,
                p.number,
                p.status.label().to_lowercase()
            ),
        ),
    };
    let refresh = (p.status == PaymentStatus::Underway)
        .then(|| view! { <Meta http_equiv="refresh" content="3" /> });
    view! {
        {refresh}
        <p class=class role="status" id="resultat-paiement">{text}</p>
    }
}

fn history(lines: Vec<PaymentLine>) -> impl IntoView {
    view! {
        <section aria-labelledby="derniers-paiements">
            <h2 id="derniers-paiements">"Vos derniers paiements"</h2>
            {if lines.is_empty() {
                view! { <p>"Vous n'avez effectué aucun paiement."</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="ledger payments">
                            <thead><tr>
                                <th scope="col">"Date"</th><th scope="col">"Demande"</th><th scope="col">"Autorisation"</th>
                                <th scope="col" class="num">"Montant"</th><th scope="col">"Statut"</th>
                            </tr></thead>
                            <tbody>
                                {lines.into_iter().map(|p| view! {
                                    <tr>
                                        <td data-label="Date">{p.date}</td><td data-label="Demande">{p.number}</td>
                                        <td data-label="Autorisation">{p.authorisation}</td>
                                        <td data-label="Montant" class="num">{p.amount.to_string()}</td>
                                        <td data-label="Statut">{p.status.label()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

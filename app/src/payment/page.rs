//! The page: the seed's "Payer en ligne" form and "Vos derniers paiements",
//! with the result of the payment the bank sent the tenant back for.

use super::rules::{PAY_AMOUNT, PAY_BALANCE, nothing_to_pay};
use super::{PaymentLine, PaymentStatus, PaymentView, StartPayment, load_payment};
use crate::components::{PageTitle, query_param, signed_in_page};
use crate::error::AppError;
use crate::forms::{Choice, Field, Form};
use leptos::prelude::*;

/// The page's data, for the return message to refresh once the bank answers.
#[derive(Clone, Copy)]
struct PaymentData(Resource<Result<PaymentView, AppError>>);

#[component]
pub fn PaymentPage() -> impl IntoView {
    let (_, query) = crate::components::current_url();
    let demande = query_param(&query, "demande");
    let data = Resource::new(move || demande.clone(), load_payment);
    provide_context(PaymentData(data));
    view! {
        <PageTitle title="Je règle mon loyer en ligne" />
        {signed_in_page(data, payment_page)}
    }
}

fn payment_page(v: PaymentView) -> impl IntoView {
    view! {
        {v.returned.clone().map(returned)}
        <p>{format!(
            "{}, en partenariat avec {}, vous propose un service de paiement en ligne par carte bancaire. \
             Ce service est gratuit et totalement sécurisé.", v.landlord_name, v.bank_name
        )}</p>
        {locations(v.leases.clone())}
        <section aria-labelledby="facturation">
            <h2 id="facturation">{format!("Votre facturation au {}", v.today)}</h2>
            <p class="balance">{v.situation.sentence()}</p>
        </section>
        <section aria-labelledby="payer">
            <h2 id="payer">"Payer en ligne"</h2>
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

/// The seed's "Location(s)" table: each open lease, and "Assurance non à
/// jour" where the certificate is missing or expired.
fn locations(leases: Vec<(String, String, bool)>) -> impl IntoView {
    view! {
        <div class="table-scroll">
        <table class="ledger locations">
            <caption>"Location(s)"</caption>
            <thead><tr><th scope="col">"Type"</th><th scope="col">"Adresse"</th><th scope="col">"Assurance"</th></tr></thead>
            <tbody>
                {leases.into_iter().map(|(kind, address, insured)| view! {
                    <tr>
                        <td data-label="Type">{kind}</td>
                        <td data-label="Adresse">{address}</td>
                        <td data-label="Assurance">{if insured { "À jour" } else { "Assurance non à jour" }}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}

fn form(v: &PaymentView) -> AnyView {
    if v.payable.cents() <= 0 {
        return ahead_form(v);
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

/// Nothing is due: the seed still shows the form, for a payment ahead (a
/// credit deducted from the next notices); only a typed amount is possible.
fn ahead_form(v: &PaymentView) -> AnyView {
    let text = nothing_to_pay(!v.underway.is_empty());
    let action = ServerAction::<StartPayment>::new();
    let hint = format!(
        "Par exemple 45,50. Minimum {}, au plus {}.",
        v.minimum, v.maximum_ahead
    );
    view! {
        <p class="alert alert-info" role="status">{text}</p>
        <p>"Vous pouvez toutefois régler d'avance le montant de votre choix : il sera déduit de vos prochaines échéances. \
            Indiquez le montant puis cliquez sur VALIDER : vous serez redirigé vers la plateforme sécurisée de paiement en ligne de la banque."</p>
        <Form action button="VALIDER">
            <input type="hidden" name="choix" value=PAY_AMOUNT />
            <Field name=PAY_AMOUNT label="Mon règlement d'avance (en euros)" inputmode="decimal" autocomplete="off" hint=hint />
        </Form>
    }
    .into_any()
}

/// What the database says of the payment the tenant comes back from. While
/// the bank's notification has not arrived, the page follows it: without
/// JavaScript it reloads itself every 3 s (a meta refresh inside
/// `<noscript>`, so that a hydrated page never reloads); once hydrated it
/// asks for the status alone (`status::follow`) and updates in place.
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
    let refresh = (p.status == PaymentStatus::Underway).then(|| {
        if let Some(data) = use_context::<PaymentData>() {
            follow::follow(p.number.clone(), move || data.0.refetch());
        }
        view! { <noscript inner_html=r#"<meta http-equiv="refresh" content="3">"# /> }
    });
    view! {
        {refresh}
        <p class=class role="status" id="resultat-paiement">{text}</p>
    }
}

/// The browser side of `ssr::status`: polls the payment's status with
/// back-off (gloo-net) and calls `changed` once the bank has answered.
mod follow {
    #[cfg(not(feature = "hydrate"))]
    pub fn follow(_number: String, _changed: impl Fn() + Clone + 'static) {}

    #[cfg(feature = "hydrate")]
    pub fn follow(number: String, changed: impl Fn() + Clone + 'static) {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicBool, Ordering};
        let alive = Arc::new(AtomicBool::new(true));
        let gone = alive.clone();
        leptos::prelude::on_cleanup(move || gone.store(false, Ordering::Relaxed));
        poll(number, changed, 0, alive);
    }

    /// Seconds before each question: quick at first, then every 15 s, for
    /// about ten minutes (the bank's retries last longer; a reload resumes).
    #[cfg(feature = "hydrate")]
    fn delay(attempt: u32) -> u64 {
        [1, 2, 3, 5, 8, 13]
            .get(attempt as usize)
            .copied()
            .unwrap_or(15)
    }

    #[cfg(feature = "hydrate")]
    fn poll(
        number: String,
        changed: impl Fn() + Clone + 'static,
        attempt: u32,
        alive: std::sync::Arc<std::sync::atomic::AtomicBool>,
    ) {
        use std::sync::atomic::Ordering;
        let wait = std::time::Duration::from_secs(delay(attempt));
        leptos::prelude::set_timeout(
            move || {
                leptos::task::spawn_local(async move {
                    if !alive.load(Ordering::Relaxed) {
                        return;
                    }
                    match status(&number).await.as_deref() {
                        Some(s) if s != "en_cours" => changed(),
                        _ if attempt < 45 => poll(number, changed, attempt + 1, alive),
                        _ => {}
                    }
                });
            },
            wait,
        );
    }

    #[cfg(feature = "hydrate")]
    async fn status(number: &str) -> Option<String> {
        #[derive(serde::Deserialize)]
        struct Answer {
            statut: String,
        }
        let url = format!("{}/{number}", crate::routes::PAYMENT_STATUS);
        let res = gloo_net::http::Request::get(&url).send().await.ok()?;
        if !res.ok() {
            return None;
        }
        res.json::<Answer>().await.ok().map(|a| a.statut)
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

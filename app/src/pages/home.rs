use crate::account::Situation;
use crate::auth::SignedIn;
use crate::components::use_user;
use crate::domain::Money;
use crate::error::AppError;
use crate::routes;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

/// What Accueil shows a tenant beyond the layout.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub situation: Situation,
    /// The next automatic debit: (dd/mm/yyyy, amount).
    pub coming: Option<(String, Money)>,
}

/// The account's situation and its coming debit (two areas) in one
/// statement: each statement is a round trip to the database, and Accueil
/// is the page every tenant opens.
#[cfg(feature = "ssr")]
static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "{} UNION ALL {}",
        crate::account::ssr::SITUATION_SQL.as_str(),
        crate::direct_debit::ssr::collection::store::COMING
    )
});

#[server(endpoint = "accueil")]
pub async fn load_summary() -> Result<Summary, AppError> {
    let (st, tenant) = crate::auth::ssr::signed_in_tenant().await?;
    let (situation, other) =
        crate::account::ssr::situation_and(&st.db, SQL.as_str(), tenant.account_id).await?;
    let coming =
        other
            .into_iter()
            .find(|row| row.0 == "prelevement")
            .map(|(_, cents, _, date, ..)| {
                let date = date.unwrap_or_default();
                (crate::infra::french_date(&date), Money::from_cents(cents))
            });
    Ok(Summary { situation, coming })
}

/// Accueil: a welcome for visitors; the tenant's summary once signed in.
#[component]
pub fn HomePage() -> impl IntoView {
    let user = use_user();
    // Created here, not inside the signed-in branch: a resource made after an
    // await would not match the server's on hydration. For a visitor it
    // answers "not signed in", and nothing is shown.
    let summary = Resource::new(|| (), |_| load_summary());
    view! {
        <Title text="Accueil" />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match user.await.ok().flatten() {
                    Some(u) => tenant_home(u, summary.await.ok()).into_any(),
                    None => visitor_home().into_any(),
                }
            })}
        </Suspense>
    }
}

fn tenant_home(u: SignedIn, summary: Option<Summary>) -> impl IntoView {
    let (situation, coming) = summary.map_or((None, None), |s| (Some(s.situation), s.coming));
    view! {
        <h1>"Accueil"</h1>
        <p class="welcome">"Bonjour " {u.first_name} " " {u.last_name} "."</p>
        {situation.map(balance)}
        {coming.map(|(date, amount)| view! {
            <p class="alert alert-info coming-debit" role="status">
                {format!("Prochain prélèvement automatique : {amount} le {date}. ")}
                <a href=routes::DIRECT_DEBIT>"Mes prélèvements"</a>
            </p>
        })}
        <section aria-labelledby="raccourcis">
            <h2 id="raccourcis">"Accès rapides"</h2>
            <ul class="shortcuts">
                <li><a class="button" href="/paiement">"Je règle mon loyer en ligne"</a></li>
                <li><a class="button button-secondary" href=routes::ACCOUNT>"Mon compte"</a></li>
                <li><a class="button button-secondary" href=routes::DOCUMENTS>"Documents divers"</a></li>
                <li><a class="button button-secondary" href="/nous-contacter">"Nous contacter"</a></li>
            </ul>
        </section>
    }
}

/// The seed's balance sentence, and the alert when money is due.
fn balance(s: Situation) -> impl IntoView {
    let due = s.balance.cents() > 0;
    let any = due || !s.alerts.is_empty();
    let sentence = s.sentence();
    view! {
        <section aria-labelledby="solde">
            <h2 id="solde">"Votre solde"</h2>
            <p class="balance">{sentence}</p>
        </section>
        {any.then(|| view! {
            <section aria-labelledby="alertes">
                <h2 id="alertes">"Alertes"</h2>
                {due.then(|| view! {
                    <p class="alert alert-warning" role="status">
                        {format!("Un montant de {} reste à régler. ", s.balance)}
                        <a href="/paiement">"Régler en ligne"</a>
                    </p>
                })}
                {s.alerts.into_iter().map(|(text, href)| view! {
                    <p class="alert alert-warning">{text}" "<a href=href>"Voir le détail"</a></p>
                }).collect_view()}
            </section>
        })}
    }
}

fn visitor_home() -> impl IntoView {
    view! {
        <h1>"Bienvenue sur votre espace personnel"</h1>
        <p>"Vous n'êtes actuellement pas connecté."</p>
        <p>"Votre espace locataire vous permet, à tout moment :"</p>
        <ul>
            <li>"de consulter votre compte client et ses écritures (facturation et règlements) ;"</li>
            <li>"de régler votre loyer en ligne ;"</li>
            <li>"de demander le prélèvement automatique ;"</li>
            <li>"de suivre vos réclamations et vos demandes ;"</li>
            <li>"de mettre à jour vos informations personnelles et d'envoyer votre attestation d'assurance."</li>
        </ul>
        <p class="cta">
            <a class="button" href=routes::LOGIN>"CONNEXION"</a>
            " "
            <a class="button button-secondary" href=routes::REGISTER>"Inscription locataire (1ère connexion)"</a>
        </p>
    }
}

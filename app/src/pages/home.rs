use crate::auth::SignedIn;
use crate::components::use_user;
use crate::routes;
use leptos::prelude::*;
use leptos_meta::Title;

/// Accueil: a welcome for visitors; the tenant's summary once signed in.
#[component]
pub fn HomePage() -> impl IntoView {
    let user = use_user();
    // Created here, not inside the signed-in branch: a resource made after an
    // await would not match the server's on hydration. For a visitor it
    // answers "not signed in", and nothing is shown.
    let situation = Resource::new(|| (), |_| crate::account::load_situation());
    let debit = Resource::new(|| (), |_| crate::direct_debit::load_coming_debit());
    view! {
        <Title text="Accueil" />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match user.await.ok().flatten() {
                    Some(u) => {
                        let coming = debit.await.ok().flatten();
                        tenant_home(u, situation.await.ok(), coming).into_any()
                    }
                    None => visitor_home().into_any(),
                }
            })}
        </Suspense>
    }
}

fn tenant_home(
    u: SignedIn,
    situation: Option<crate::account::Situation>,
    coming: Option<(String, crate::domain::Money)>,
) -> impl IntoView {
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
fn balance(s: crate::account::Situation) -> impl IntoView {
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

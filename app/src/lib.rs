//! Espace Locataire: the tenant portal of a French social landlord.
//! Components, routes, server functions and domain types, shared by the
//! server (feature `ssr`) and the browser (feature `hydrate`).
#![recursion_limit = "256"]

pub mod account;
pub mod auth;
pub mod back_office;
pub mod claims;
pub mod components;
pub mod contact;
pub mod direct_debit;
pub mod documents;
pub mod domain;
pub mod error;
pub mod forms;
#[cfg(feature = "ssr")]
pub mod infra;
pub mod insurance;
pub mod pages;
pub mod payment;
pub mod personal_info;
pub mod requests;
pub mod residence;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod uploads;

use auth::pages::*;
use components::{Layout, UserResource};
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};
use pages::*;

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="fr">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="description" content="Espace locataire : votre compte, vos paiements et vos demandes en ligne." />
                <meta name="theme-color" content="#00557f" />
                <link rel="icon" href="data:," />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let user: UserResource = Resource::new(|| (), |_| auth::current_user());
    provide_context(user);
    mark_hydrated();
    // Every page renders whole before it is sent (SsrMode::Async): with
    // JavaScript off, streamed fragments would never be put in place.
    view! {
        <Stylesheet id="leptos" href="/pkg/app.css" />
        <Title formatter=|t: String| format!("{t} – Espace Locataire") />
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/connexion") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/inscription") view=RegisterStep1Page ssr=SsrMode::Async />
                    <Route path=path!("/inscription/etape-2") view=RegisterStep2Page ssr=SsrMode::Async />
                    <Route path=path!("/inscription/activation") view=ActivatePage ssr=SsrMode::Async />
                    <Route path=path!("/inscription/nouveau-lien") view=NewActivationPage ssr=SsrMode::Async />
                    <Route path=path!("/mot-de-passe-oublie") view=ForgotPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/mot-de-passe/reinitialisation") view=ResetPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/changement-mot-de-passe") view=ChangePasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/changement-identifiant") view=ChangeEmailPage ssr=SsrMode::Async />
                    <Route path=path!("/changement-identifiant/confirmation") view=ConfirmEmailPage ssr=SsrMode::Async />
                    <Route path=path!("/info/:code") view=NoticePage ssr=SsrMode::Async />
                    <Route path=path!("/cgu") view=CguPage ssr=SsrMode::Async />
                    <Route path=path!("/nous-contacter") view=contact::ContactPage ssr=SsrMode::Async />
                    <Route path=path!("/mon-compte") view=account::AccountPage ssr=SsrMode::Async />
                    <Route path=path!("/ma-residence") view=residence::ResidencePage ssr=SsrMode::Async />
                    <Route path=path!("/paiement") view=payment::PaymentPage ssr=SsrMode::Async />
                    <Route path=path!("/prelevements") view=direct_debit::DirectDebitPage ssr=SsrMode::Async />
                    <Route path=path!("/reclamations") view=claims::ClaimsPage ssr=SsrMode::Async />
                    <Route path=path!("/informations-personnelles") view=personal_info::PersonalInfoPage ssr=SsrMode::Async />
                    <Route path=path!("/assurance") view=insurance::InsurancePage ssr=SsrMode::Async />
                    <Route path=path!("/documents") view=documents::DocumentsPage ssr=SsrMode::Async />
                    <Route path=path!("/gestion") view=back_office::InboxPage ssr=SsrMode::Async />
                    <Route path=path!("/gestion/connexion") view=back_office::StaffLoginPage ssr=SsrMode::Async />
                    <Route path=path!("/gestion/demandes/:id") view=back_office::RequestPage ssr=SsrMode::Async />
                    <Route path=path!("/gestion/locataires") view=back_office::TenantsPage ssr=SsrMode::Async />
                    <Route path=path!("/gestion/locataires/:numero") view=back_office::TenantPage ssr=SsrMode::Async />
                    <Route path=path!("/gestion/paiements") view=back_office::PaymentsPage ssr=SsrMode::Async />
                    <Route path=path!("/gestion/journal") view=back_office::AuditPage ssr=SsrMode::Async />
                    <Route path=path!("/gestion/prelevements") view=back_office::DebitsPage ssr=SsrMode::Async />
                    <Route path=path!("/gestion/equipe") view=back_office::TeamPage ssr=SsrMode::Async />
                    <Route path=path!("/gestion/prelevements/:id") view=back_office::DebitPage ssr=SsrMode::Async />
                </Routes>
            </Layout>
        </Router>
    }
}

/// Marks the page once the WASM has taken over: end-to-end tests that need
/// the enhanced forms wait for `html[data-hydrated]`.
fn mark_hydrated() {
    Effect::new(|| {
        #[cfg(feature = "hydrate")]
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("data-hydrated", "true");
        }
    });
}

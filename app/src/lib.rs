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
#[cfg(feature = "ssr")]
pub mod file_posts;
pub mod forms;
#[cfg(feature = "ssr")]
pub mod infra;
pub mod insurance;
mod lazy_pages;
pub mod legal;
pub mod pages;
pub mod payment;
pub mod personal_info;
pub mod privacy;
pub mod requests;
pub mod residence;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod uploads;

use auth::pages::LoginPage;
use components::{HydrationScript, Layout, UserResource};
use lazy_pages::*;
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{Lazy, SsrMode, path};
use pages::NotFound;

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
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="icon" type="image/png" sizes="192x192" href="/icones/icone-192.png" />
                <link rel="apple-touch-icon" href="/icones/icone-180.png" />
                <AutoReload options=options.clone() />
                <HydrationScript options />
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
    // Every page renders whole before it is sent (SsrMode::Async): with
    // JavaScript off, streamed fragments would never be put in place.
    view! {
        <Stylesheet id="leptos" href="/pkg/app.css" />
        <Title formatter=|t: String| format!("{t} – Espace Locataire") />
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view={Lazy::<Home>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/connexion") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/inscription") view={Lazy::<RegisterStep1>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/inscription/etape-2") view={Lazy::<RegisterStep2>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/inscription/activation") view={Lazy::<Activate>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/inscription/nouveau-lien") view={Lazy::<NewActivation>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/mot-de-passe-oublie") view={Lazy::<ForgotPassword>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/mot-de-passe/reinitialisation") view={Lazy::<ResetPassword>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/changement-mot-de-passe") view={Lazy::<ChangePassword>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/changement-identifiant") view={Lazy::<ChangeEmail>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/changement-identifiant/confirmation") view={Lazy::<ConfirmEmail>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/info/:code") view={Lazy::<Notice>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/cgu") view={Lazy::<Cgu>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/mentions-legales") view={Lazy::<LegalNotice>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/confidentialite") view={Lazy::<Privacy>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/accessibilite") view={Lazy::<Accessibility>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/plan-du-site") view={Lazy::<Sitemap>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/mes-donnees") view={Lazy::<MyData>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/fermer-mon-acces") view={Lazy::<CloseAccess>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/nous-contacter") view={Lazy::<Contact>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/mon-compte") view={Lazy::<Account>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/ma-residence") view={Lazy::<Residence>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/paiement") view={Lazy::<Payment>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/prelevements") view={Lazy::<DirectDebit>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/reclamations") view={Lazy::<Claims>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/informations-personnelles") view={Lazy::<PersonalInfo>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/assurance") view={Lazy::<Insurance>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/documents") view={Lazy::<Documents>::new()} ssr=SsrMode::Async />
                    <ParentRoute path=path!("/gestion") view={Lazy::<Staff>::new()} ssr=SsrMode::Async>
                        <Route path=path!("") view={Lazy::<StaffInbox>::new()} ssr=SsrMode::Async />
                        <Route path=path!("connexion") view={Lazy::<StaffLogin>::new()} ssr=SsrMode::Async />
                        <Route path=path!("demandes/:id") view={Lazy::<StaffRequest>::new()} ssr=SsrMode::Async />
                        <Route path=path!("locataires") view={Lazy::<StaffTenants>::new()} ssr=SsrMode::Async />
                        <Route path=path!("locataires/:numero") view={Lazy::<StaffTenant>::new()} ssr=SsrMode::Async />
                        <Route path=path!("paiements") view={Lazy::<StaffPayments>::new()} ssr=SsrMode::Async />
                        <Route path=path!("journal") view={Lazy::<StaffAudit>::new()} ssr=SsrMode::Async />
                        <Route path=path!("prelevements") view={Lazy::<StaffDebits>::new()} ssr=SsrMode::Async />
                        <Route path=path!("equipe") view={Lazy::<StaffTeam>::new()} ssr=SsrMode::Async />
                        <Route path=path!("prelevements/:id") view={Lazy::<StaffDebit>::new()} ssr=SsrMode::Async />
                        <Route path=path!("prelevements-sepa") view={Lazy::<StaffCollections>::new()} ssr=SsrMode::Async />
                    </ParentRoute>
                </Routes>
            </Layout>
        </Router>
    }
}

/// Marks the page once the WASM has taken over (called by the browser entry
/// when hydration, lazy chunks included, is done): end-to-end tests that need
/// the enhanced forms wait for `html[data-hydrated]`.
#[cfg(feature = "hydrate")]
pub fn mark_hydrated() {
    if let Some(html) = document().document_element() {
        let _ = html.set_attribute("data-hydrated", "true");
    }
    register_service_worker();
}

/// Installable on a phone, and a page of our own without a network
/// (`infra::pwa`): the worker is registered once the page is interactive, so
/// it never delays it. Browsers without service workers just skip it.
#[cfg(feature = "hydrate")]
fn register_service_worker() {
    let container = window().navigator().service_worker();
    if wasm_bindgen::JsValue::from(container.clone()).is_undefined() {
        return;
    }
    let _ = container.register("/sw.js");
}

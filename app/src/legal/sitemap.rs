use crate::components::PageTitle;
use crate::routes::{AUTH_MENU, FOOTER_MENU, MAIN_MENU, PUBLIC_MENU, RIGHTS_MENU};
use leptos::prelude::*;

/// Plan du site (RGAA 12.1): every page a tenant can reach, by menu. The
/// lists are the menus themselves, so a new page cannot be forgotten here.
#[component]
pub fn SitemapPage() -> impl IntoView {
    view! {
        <PageTitle title="Plan du site" />
        <p>"Les pages marquées « après connexion » demandent votre identifiant et votre mot de passe."</p>
        {section("Accès au site", &PUBLIC_MENU, "")}
        {section("Menu principal", &MAIN_MENU[1..], " (après connexion)")}
        {section("Authentification", &AUTH_MENU, " (après connexion)")}
        {section("Mes données personnelles", &RIGHTS_MENU, " (après connexion)")}
        {section("Informations légales", &FOOTER_MENU, "")}
    }
}

fn section(
    title: &'static str,
    items: &'static [(&'static str, &'static str)],
    note: &'static str,
) -> impl IntoView {
    view! {
        <h2>{title}</h2>
        <ul class="sitemap">
            {items
                .iter()
                .map(|(label, path)| view! { <li><a href=*path>{*label}</a>{note}</li> })
                .collect_view()}
        </ul>
    }
}

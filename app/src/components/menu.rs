use crate::auth::{Logout, SignedIn};
use crate::forms::Form;
use crate::routes::{AUTH_MENU, MAIN_MENU, PUBLIC_MENU};
use leptos::prelude::*;

/// The main menu of the seed: the tenant's menu once signed in, the
/// visitor's menu otherwise.
#[component]
pub fn MainMenu(user: Option<SignedIn>) -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    match user {
        Some(_) => view! {
            <p class="menu-heading">"Menu principal"</p>
            <MenuList items=&MAIN_MENU />
            <p class="menu-heading">"Authentification"</p>
            <MenuList items=&AUTH_MENU />
            <div class="logout">
                <Form action=logout button="DÉCONNEXION" />
            </div>
        }
        .into_any(),
        None => view! {
            <p class="menu-heading">"Menu principal"</p>
            <MenuList items=&PUBLIC_MENU />
        }
        .into_any(),
    }
}

#[component]
fn MenuList(items: &'static [(&'static str, &'static str)]) -> impl IntoView {
    let here = super::current_path();
    let current = move |path: &str| here.with(|h| h == path).then_some("page");
    view! {
        <ul class="menu">
            {items
                .iter()
                .map(|(label, path)| {
                    let path = *path;
                    view! { <li><a href=path aria-current=move || current(path)>{*label}</a></li> }
                })
                .collect_view()}
        </ul>
    }
}

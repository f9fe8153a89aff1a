use crate::auth::{Logout, SignedIn};
use crate::forms::ACTION_FIELD;
use crate::routes::{AUTH_MENU, MAIN_MENU, PUBLIC_MENU, RIGHTS_MENU};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The main menu of the seed: the tenant's menu once signed in, the
/// visitor's menu otherwise.
#[component]
pub fn MainMenu(user: Option<SignedIn>) -> impl IntoView {
    let (path, query) = super::current_url();
    let here = if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    };
    match user {
        Some(_) => view! {
            <p class="menu-heading">"Menu principal"</p>
            <MenuList items=&MAIN_MENU />
            <p class="menu-heading">"Authentification"</p>
            <MenuList items=&AUTH_MENU />
            <p class="menu-heading">"Mes données personnelles"</p>
            <MenuList items=&RIGHTS_MENU />
            // A plain form, posted to this page: the server signs out and
            // redirects to Connexion, with or without JavaScript. (No `Form`
            // here: its shared value, made inside the layout's Suspense,
            // would shift the ids of the page's resources on hydration.)
            <form class="logout" method="post" action=here>
                <input type="hidden" name=ACTION_FIELD value=Logout::url() />
                <button type="submit">"DÉCONNEXION"</button>
            </form>
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

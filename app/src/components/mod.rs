//! Pieces every page uses: the layout and its menu, the page title, the
//! guard of signed-in pages.
mod layout;
mod menu;

pub use layout::{Layout, PageTitle};
pub use menu::MainMenu;

use crate::auth::SignedIn;
use crate::domain::PASSWORD_RULE;
use crate::error::AppError;
use crate::routes;
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// The signed-in tenant, loaded once per page and shared by the layout and pages.
pub type UserResource = Resource<Result<Option<SignedIn>, AppError>>;

pub fn use_user() -> UserResource {
    expect_context::<UserResource>()
}

/// Shows its children to a signed-in tenant; sends anyone else to Connexion.
/// (The server functions check again: this only decides what to render.)
#[component]
pub fn Protected(children: ChildrenFn) -> impl IntoView {
    let user = use_user();
    let children = StoredValue::new(children);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(_)) => children.with_value(|c| c()).into_any(),
                    _ => view! { <Redirect path=routes::LOGIN /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The id of the password rule box, which new-password fields point to.
pub const PASSWORD_RULE_ID: &str = "regle-mot-de-passe";

/// The password rule, shown next to every new-password field (as the seed does).
#[component]
pub fn PasswordRule() -> impl IntoView {
    view! {
        <div class="rule" id=PASSWORD_RULE_ID>
            <p><strong>"Règle du mot de passe"</strong></p>
            <p>{PASSWORD_RULE}</p>
        </div>
    }
}

/// The page's path, and its query string (without `?`).
///
/// On the server they come from the request itself, not from the router's
/// memos: reading one memo from several threads at once panicked inside
/// reactive_graph 0.2.16 (arc_memo.rs:334) and left about one request in a few
/// thousand waiting for good under parallel load.
#[cfg(feature = "ssr")]
pub fn current_url() -> (String, String) {
    use_context::<http::request::Parts>()
        .map(|p| {
            (
                p.uri.path().to_string(),
                p.uri.query().unwrap_or_default().to_string(),
            )
        })
        .unwrap_or_default()
}

#[cfg(not(feature = "ssr"))]
pub fn current_url() -> (String, String) {
    let location = leptos_router::hooks::use_location();
    (
        location.pathname.get_untracked(),
        location.search.get_untracked(),
    )
}

/// The current path as a signal: fixed for a server render, following
/// client-side navigation in the browser.
#[cfg(feature = "ssr")]
pub fn current_path() -> Signal<String> {
    Signal::stored(current_url().0)
}

#[cfg(not(feature = "ssr"))]
pub fn current_path() -> Signal<String> {
    let location = leptos_router::hooks::use_location();
    Signal::derive(move || location.pathname.get())
}

//! Pieces every page uses: the layout and its menu, the page title, the
//! guard of signed-in pages.
mod hydration;
mod layout;
mod menu;

pub use hydration::HydrationScript;
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

/// A signed-in page with its own data: one Suspense awaits the user, then
/// the data, and renders it; a visitor is sent to Connexion. (Awaiting both
/// in one `Suspend` rather than nesting a second Suspense inside
/// [`Protected`]: nested boundaries with different resources failed to
/// hydrate.)
pub fn signed_in_page<T, V>(
    data: Resource<Result<T, AppError>>,
    render: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    let user = use_user();
    view! {
        <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
            {move || {
                let render = render.clone();
                Suspend::new(async move {
                    match user.await {
                        Ok(Some(_)) => match data.await {
                            Ok(value) => render(value).into_any(),
                            Err(e) => view! { <p class="alert alert-error" role="alert">{e.to_string()}</p> }.into_any(),
                        },
                        _ => view! { <Redirect path=routes::LOGIN /> }.into_any(),
                    }
                })
            }}
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

/// One parameter of a query string (`a=1&b=2`), decoded; None when absent.
/// A request's number given back in the address after sending (`?envoi=`):
/// nine digits, or nothing (never echo anything else into the page).
pub fn sent_number(name: &str) -> Option<String> {
    let (_, query) = current_url();
    query_param(&query, name).filter(|n| n.len() == 9 && n.bytes().all(|b| b.is_ascii_digit()))
}

pub fn query_param(query: &str, name: &str) -> Option<String> {
    query.trim_start_matches('?').split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == name).then(|| percent_decode(v))
    })
}

fn percent_decode(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// An agency's opening hours as the import stores them: one line per day,
/// then a note. Nothing when the ERP sent none.
pub fn opening_hours(hours: String) -> impl IntoView {
    (!hours.is_empty()).then(|| {
        let lines: Vec<String> = hours.lines().map(str::to_string).collect();
        view! {
            "Horaires :"<br/>
            {lines.into_iter().map(|l| view! { {l}<br/> }).collect_view()}
        }
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn query_params_are_decoded() {
        let q = "periode=2024&page=2&du=01%2F02%2F2025&nom=a+b&x=%zz&y=%4&z=%C3%A9%";
        assert_eq!(super::query_param(q, "periode").as_deref(), Some("2024"));
        assert_eq!(super::query_param(q, "du").as_deref(), Some("01/02/2025"));
        assert_eq!(super::query_param(q, "nom").as_deref(), Some("a b"));
        assert_eq!(super::query_param(q, "x").as_deref(), Some("%zz"));
        assert_eq!(super::query_param(q, "y").as_deref(), Some("%4"));
        assert_eq!(super::query_param(q, "z").as_deref(), Some("é%"));
        assert_eq!(super::query_param(q, "absent"), None);
    }
}

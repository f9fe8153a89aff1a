mod close;
mod identifier;
mod login;
mod password;
mod register;

pub use close::CloseAccessPage;
pub use identifier::{ChangeEmailPage, ConfirmEmailPage};
pub use login::LoginPage;
pub use password::{ChangePasswordPage, ForgotPasswordPage, ResetPasswordPage};
pub use register::{ActivatePage, NewActivationPage, RegisterStep1Page, RegisterStep2Page};

use super::LinkResult;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The `jeton` of a mailed link, from the page's address.
fn link_token() -> String {
    use_query_map()
        .read_untracked()
        .get("jeton")
        .unwrap_or_default()
}

/// A page that follows a mailed link: `done` when it worked, else why not and
/// where to ask for a new one.
fn link_outcome(
    result: Resource<Result<LinkResult, AppError>>,
    done: impl Fn() -> AnyView + Send + Sync + Clone + 'static,
    retry: (&'static str, &'static str),
) -> impl IntoView {
    view! {
        <Suspense fallback=|| view! { <p>"Vérification du lien…"</p> }>
            {move || {
                let done = done.clone();
                Suspend::new(async move {
                    match result.await {
                        Ok(LinkResult::Done) => done(),
                        Ok(LinkResult::Refused(msg)) => view! {
                            <p class="alert alert-error" role="alert">{msg}</p>
                            <p><a class="button" href=retry.1>{retry.0}</a></p>
                        }.into_any(),
                        Err(e) => view! { <p class="alert alert-error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

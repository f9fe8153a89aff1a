use super::{ACTION_FIELD, FormOutcome, FormState, SubmittedForm};
use crate::error::AppError;
use leptos::form::FromFormData;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use serde::de::DeserializeOwned;

/// What a form's fields read: the refusal to show, and the values typed
/// before a server-rendered refusal (without JavaScript).
#[derive(Clone, Copy)]
pub(crate) struct FormCtx {
    pub state: Signal<Option<FormState>>,
    pub submitted: StoredValue<Option<FormState>>,
    /// Before every field id ("" but for forms repeated on a page).
    pub prefix: StoredValue<String>,
}

impl FormCtx {
    /// A field's element id.
    pub fn id(&self, name: &str) -> String {
        format!("{}champ-{name}", self.prefix.get_value())
    }

    pub fn error(&self, name: &str) -> Signal<Option<String>> {
        let state = self.state;
        let name = name.to_string();
        Signal::derive(move || state.get().and_then(|s| s.errors.get(&name).cloned()))
    }

    pub fn initial(&self, name: &str) -> Option<String> {
        self.submitted
            .with_value(|s| s.as_ref().and_then(|s| s.values.get(name).cloned()))
    }
}

/// A form bound to a server function that answers [`FormOutcome`].
/// Only this thin part is generic (one copy per server function in the
/// WASM); the form itself is built once, by [`form_body`].
#[component]
pub fn Form<S>(
    action: ServerAction<S>,
    /// Text of the submit button ("VALIDER", "ME CONNECTER"…).
    button: &'static str,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView
where
    S: DeserializeOwned
        + ServerFn<Output = FormOutcome, Error = AppError>
        + Clone
        + Send
        + Sync
        + 'static,
{
    // Dispatches what the browser sent; false when it cannot be read.
    let dispatch = Callback::new(move |ev: leptos::ev::SubmitEvent| {
        S::from_event(&ev)
            .map(|input| {
                action.dispatch(input);
            })
            .is_ok()
    });
    let bound = Bound {
        path: S::url(),
        value: action.value().into(),
        pending: action.pending().into(),
        dispatch,
    };
    form_body(bound, button, children)
}

/// What a form needs of its server action, with the action's type erased.
struct Bound {
    path: &'static str,
    value: Signal<Option<Result<FormOutcome, AppError>>>,
    pending: Signal<bool>,
    dispatch: Callback<leptos::ev::SubmitEvent, bool>,
}

fn form_body(bound: Bound, button: &'static str, children: Option<Children>) -> impl IntoView {
    let Bound {
        path,
        value,
        pending,
        dispatch,
    } = bound;
    // The server sets this when it re-renders the page after a plain post.
    let submitted = SharedValue::new(move || submitted_state(path)).into_inner();
    let submitted = StoredValue::new(submitted);
    let state = Signal::derive(move || match value.get() {
        Some(Ok(FormOutcome::Refused(s))) => Some(s),
        Some(Err(e)) => Some(FormState::general(e.to_string())),
        Some(Ok(FormOutcome::Redirect(_))) => None,
        None => submitted.get_value(),
    });
    provide_context(FormCtx {
        state,
        submitted,
        prefix: StoredValue::new(String::new()),
    });

    let form_ref = NodeRef::<leptos::html::Form>::new();
    follow_outcome(value, form_ref);
    let (path_now, query) = crate::components::current_url();
    let target = page_url(&path_now, &query);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // Whatever the browser sent, the server still understands a plain post.
        if !dispatch.run(ev) {
            plain_submit(form_ref);
        }
    };

    view! {
        <form method="post" action=target novalidate=true node_ref=form_ref on:submit=on_submit>
            <input type="hidden" name=ACTION_FIELD value=path />
            {move || state.get().and_then(|s| s.general).map(|msg| view! {
                <p class="alert alert-error" role="alert">{msg}</p>
            })}
            {move || summary(state.get())}
            {children.map(|c| c())}
            <button type="submit" class="button" aria-disabled=move || pending.get().to_string()>
                {button}
            </button>
        </form>
    }
}

/// The page's own address, query included (a reset link's token travels in it).
pub(crate) fn page_url(path: &str, search: &str) -> String {
    match search.trim_start_matches('?') {
        "" => path.to_string(),
        query => format!("{path}?{query}"),
    }
}

/// Lists the fields in error at the top, so a screen-reader user hears them.
pub(crate) fn summary(state: Option<FormState>) -> Option<impl IntoView> {
    let count = state.map(|s| s.errors.len()).filter(|n| *n > 0)?;
    let text = if count == 1 {
        "Le formulaire contient une erreur : corrigez le champ signalé ci-dessous.".to_string()
    } else {
        format!("Le formulaire contient {count} erreurs : corrigez les champs signalés ci-dessous.")
    };
    Some(view! { <p class="alert alert-error" role="alert">{text}</p> })
}

#[cfg(feature = "ssr")]
pub(crate) fn submitted_state(path: &str) -> Option<FormState> {
    use_context::<SubmittedForm>()
        .filter(|s| s.action == path)
        .map(|s| s.state)
}

#[cfg(not(feature = "ssr"))]
pub(crate) fn submitted_state(_: &str) -> Option<FormState> {
    let _ = std::any::type_name::<SubmittedForm>();
    None
}

/// After the server answers: follow a redirect, or move the focus to the
/// first field in error so keyboard and screen-reader users land on it.
fn follow_outcome(
    value: Signal<Option<Result<FormOutcome, AppError>>>,
    form_ref: NodeRef<leptos::html::Form>,
) {
    Effect::new(move || match value.get() {
        Some(Ok(FormOutcome::Redirect(to))) => {
            let _ = window().location().set_href(&to);
        }
        Some(_) => focus_first_error(form_ref),
        None => {}
    });
}

#[cfg(feature = "hydrate")]
pub(crate) fn focus_first_error(form_ref: NodeRef<leptos::html::Form>) {
    use wasm_bindgen::JsCast;
    let Some(form) = form_ref.get_untracked() else {
        return;
    };
    let first = form
        .query_selector("[aria-invalid='true'], [role='alert']")
        .ok()
        .flatten()
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = first {
        let _ = el.focus();
    }
}

#[cfg(not(feature = "hydrate"))]
pub(crate) fn focus_first_error(_: NodeRef<leptos::html::Form>) {}

#[cfg(feature = "hydrate")]
fn plain_submit(form_ref: NodeRef<leptos::html::Form>) {
    if let Some(form) = form_ref.get_untracked() {
        let _ = form.submit();
    }
}

#[cfg(not(feature = "hydrate"))]
fn plain_submit(_: NodeRef<leptos::html::Form>) {}

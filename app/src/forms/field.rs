use super::component::FormCtx;
use leptos::prelude::*;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FieldKind {
    #[default]
    Text,
    Email,
    /// The current password: never shown again after a refusal.
    Password,
    /// A password being chosen: never shown again, and the browser may suggest one.
    NewPassword,
    /// A calendar date (ISO yyyy-mm-dd from the browser's date picker).
    Date,
    /// A phone number: the phone keypad on mobiles.
    Phone,
}

impl FieldKind {
    fn input_type(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Email => "email",
            Self::Password | Self::NewPassword => "password",
            Self::Date => "date",
            Self::Phone => "tel",
        }
    }

    fn keeps_value(self) -> bool {
        !matches!(self, Self::Password | Self::NewPassword)
    }
}

/// A labelled input with its hint and its French error, linked for screen readers.
#[component]
pub fn Field(
    name: &'static str,
    #[prop(into)] label: String,
    #[prop(optional)] kind: FieldKind,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] optional: bool,
) -> impl IntoView {
    let ctx = expect_context::<FormCtx>();
    let id = ctx.id(name);
    let error = ctx.error(name);
    let initial = kind.keeps_value().then(|| ctx.initial(name)).flatten();
    // A new password's rule is shown above the form (PasswordRule): read it out too.
    let rule = (kind == FieldKind::NewPassword).then_some(crate::components::PASSWORD_RULE_ID);
    let described = field_description(&id, hint.is_some(), rule, error);
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}{(!optional).then_some(" *")}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("{id}-aide")>{h}</p> })}
            <input
                id=id.clone()
                name=name
                type=kind.input_type()
                value=initial
                autocomplete=autocomplete
                inputmode=inputmode
                maxlength="200"
                aria-required=(!optional).then_some("true")
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described
            />
            <FieldError id=id error />
        </div>
    }
}

/// A labelled multi-line text (a message), with its hint and error.
#[component]
pub fn TextArea(
    name: &'static str,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    /// Most characters accepted (the server checks it too).
    max: usize,
) -> impl IntoView {
    let ctx = expect_context::<FormCtx>();
    let id = ctx.id(name);
    let error = ctx.error(name);
    let initial = ctx.initial(name).unwrap_or_default();
    let described = field_description(&id, hint.is_some(), None, error);
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}" *"</label>
            {hint.map(|h| view! { <p class="hint" id=format!("{id}-aide")>{h}</p> })}
            <textarea
                id=id.clone()
                name=name
                rows="6"
                maxlength=max.to_string()
                aria-required="true"
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described
            >{initial}</textarea>
            <FieldError id error />
        </div>
    }
}

/// A checkbox: required (the terms of use) unless `optional`, with its error.
#[component]
pub fn Checkbox(
    name: &'static str,
    #[prop(optional)] optional: bool,
    children: Children,
) -> impl IntoView {
    let ctx = expect_context::<FormCtx>();
    let checked = ctx.initial(name).is_some_and(|v| v == "oui");
    let id = ctx.id(name);
    let error = ctx.error(name);
    let described = field_description(&id, false, None, error);
    view! {
        <div class="field field-checkbox" class:field-invalid=move || error.get().is_some()>
            <input
                type="checkbox"
                id=id.clone()
                name=name
                value="oui"
                checked=checked
                aria-required=(!optional).then_some("true")
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described
            />
            <label for=id.clone()>{children()}</label>
            <FieldError id error />
        </div>
    }
}

#[component]
pub(crate) fn FieldError(id: String, error: Signal<Option<String>>) -> impl IntoView {
    move || {
        error.get().map(|msg| {
            view! { <p class="field-error" id=format!("{id}-erreur")>{msg}</p> }
        })
    }
}

pub(crate) fn field_description(
    id: &str,
    has_hint: bool,
    rule: Option<&'static str>,
    error: Signal<Option<String>>,
) -> impl Fn() -> Option<String> + Send + Sync + 'static + use<> {
    let hint = has_hint.then(|| format!("{id}-aide"));
    let err = format!("{id}-erreur");
    move || {
        let parts: Vec<&str> = rule
            .into_iter()
            .chain(hint.iter().map(String::as_str))
            .chain(error.get().is_some().then_some(err.as_str()))
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

/// Radio buttons in a fieldset: one choice among a few ("Je règle le solde…").
/// `options` are (value, label); the first is chosen unless the tenant chose
/// another before a refusal.
#[component]
pub fn Choice(
    name: &'static str,
    legend: &'static str,
    options: Vec<(&'static str, String)>,
    /// Nothing chosen until the tenant chooses (the seed's "Objet de votre
    /// demande": a technical request is never filed as administrative by default).
    #[prop(optional)]
    unchosen: bool,
) -> impl IntoView {
    let ctx = expect_context::<FormCtx>();
    let error = ctx.error(name);
    let chosen = ctx
        .initial(name)
        .filter(|v| options.iter().any(|(o, _)| o == v))
        .or_else(|| {
            options
                .first()
                .filter(|_| !unchosen)
                .map(|(o, _)| o.to_string())
        })
        .unwrap_or_default();
    let id = ctx.id(name);
    let error_id = format!("{id}-erreur");
    view! {
        <fieldset class="field field-choice" class:field-invalid=move || error.get().is_some()>
            <legend>{legend}</legend>
            {options.into_iter().map(|(value, label)| {
                let input_id = format!("{id}-{value}");
                let error_id = error_id.clone();
                view! {
                    <div class="choice">
                        <input
                            type="radio"
                            id=input_id.clone()
                            name=name
                            value=value
                            checked=chosen == value
                            aria-invalid=move || error.get().is_some().then_some("true")
                            aria-describedby=move || error.get().is_some().then(|| error_id.clone())
                        />
                        <label for=input_id>{label}</label>
                    </div>
                }
            }).collect_view()}
            <FieldError id error />
        </fieldset>
    }
}

/// A labelled drop-down list: (value, label) options; the first is chosen
/// unless the tenant chose another before a refusal.
#[component]
pub fn Select(
    name: &'static str,
    #[prop(into)] label: String,
    options: Vec<(String, String)>,
) -> impl IntoView {
    let ctx = expect_context::<FormCtx>();
    let error = ctx.error(name);
    let chosen = ctx.initial(name).unwrap_or_default();
    let id = ctx.id(name);
    let described = field_description(&id, false, None, error);
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}" *"</label>
            <select
                id=id.clone()
                name=name
                aria-required="true"
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described
            >
                {options.into_iter().map(|(value, text)| {
                    let selected = value == chosen;
                    view! { <option value=value selected=selected>{text}</option> }
                }).collect_view()}
            </select>
            <FieldError id error />
        </div>
    }
}

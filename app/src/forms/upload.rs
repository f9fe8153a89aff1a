//! Forms that carry files. Without JavaScript they are plain
//! `multipart/form-data` posts to their own page: the server stores the files,
//! records the request and redirects, or renders the page again with the
//! French errors and what was typed (files must be chosen again: a browser
//! never pre-fills a file input). Once hydrated, the same post goes through
//! XMLHttpRequest, for a progress bar and without a reload; the server then
//! answers the same [`FormOutcome`] as JSON.
#[cfg(feature = "hydrate")]
use super::component::focus_first_error;
use super::component::{FormCtx, page_url, submitted_state, summary};
use super::field::{FieldError, field_description};
use super::{ACTION_FIELD, FormState};
use leptos::prelude::*;

/// A file form. `key` names it for the server (several on one page).
#[component]
pub fn UploadForm(
    #[prop(into)] key: String,
    button: &'static str,
    /// Before every field id, when the form is repeated on a page.
    #[prop(optional)]
    prefix: Option<String>,
    children: Children,
) -> impl IntoView {
    let name = key.clone();
    let submitted = SharedValue::new(move || submitted_state(&name)).into_inner();
    let state = RwSignal::new(submitted.clone());
    provide_context(FormCtx {
        state: state.into(),
        submitted: StoredValue::new(submitted),
        prefix: StoredValue::new(prefix.unwrap_or_default()),
    });
    let progress = RwSignal::new(None::<u32>);
    let progress_id = key.clone();
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let (path, query) = crate::components::current_url();
    let target = page_url(&path, &query);
    let url = target.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        if progress.get_untracked().is_some() {
            ev.prevent_default();
            return;
        }
        if let Some(form) = form_ref.get_untracked() {
            ev.prevent_default();
            send(form, url.clone(), state, progress, form_ref);
        }
    };
    view! {
        <form method="post" action=target enctype="multipart/form-data" novalidate=true
            node_ref=form_ref on:submit=on_submit>
            <input type="hidden" name=ACTION_FIELD value=key.clone() />
            {move || state.get().and_then(|s| s.general).map(|msg| view! {
                <p class="alert alert-error" role="alert">{msg}</p>
            })}
            {move || summary(state.get())}
            {children()}
            {move || progress.get().map(|p| view! {
                <div class="upload-progress">
                    <label for=format!("progression-{progress_id}")>{format!("Envoi en cours : {p} %")}</label>
                    <progress id=format!("progression-{progress_id}") max="100" value=p.to_string()></progress>
                </div>
            })}
            <button type="submit" class="button" aria-disabled=move || progress.get().is_some().to_string()>
                {button}
            </button>
        </form>
    }
}

/// Rows of attachments: a file and, when `types` is not empty, its type.
/// Without JavaScript every row shows; once hydrated, one row and a button
/// to add another, and each row can be removed before sending.
#[component]
pub fn Attachments(
    /// How many files the form takes at most.
    count: usize,
    /// (value, label) of the document types; empty: no type asked.
    types: Vec<(String, String)>,
    /// "Pièce jointe", "Photo", "Attestation"… (each row's label)
    label: &'static str,
    /// The group's name: "Pièces jointes", "Photos"…
    legend: &'static str,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let rows: Vec<RwSignal<bool>> = (0..count).map(|_| RwSignal::new(true)).collect();
    let hydrated = RwSignal::new(false);
    let first_rows = rows.clone();
    Effect::new(move || {
        // Runs in the browser only: keep the first row, hide the others.
        for (i, shown) in first_rows.iter().enumerate() {
            shown.set(i == 0);
        }
        hydrated.set(true);
    });
    let add_rows = rows.clone();
    let can_add = {
        let rows = rows.clone();
        move || hydrated.get() && rows.iter().any(|r| !r.get())
    };
    let add = move |_| {
        if let Some(hidden) = add_rows.iter().find(|r| !r.get_untracked()) {
            hidden.set(true);
        }
    };
    let hint = "PDF, JPEG, PNG ou HEIC (photo de téléphone).";
    let slots: Vec<Slot> = rows.iter().map(|shown| Slot::new(*shown)).collect();
    let listed = slots.clone();
    view! {
        <fieldset class="field attachments">
            <legend>{legend}</legend>
            <p class="hint">{hint}</p>
            {slots.iter().enumerate().map(|(i, slot)| {
                let title = if count > 1 { format!("{label} {}", i + 1) } else { label.to_string() };
                attachment_row(i + 1, title, types.clone(), *slot, hydrated, required && i == 0)
            }).collect_view()}
            {move || can_add().then(|| view! {
                <button type="button" class="button button-secondary" on:click=add.clone()>
                    {format!("AJOUTER UNE {}", label.to_uppercase())}
                </button>
            })}
            {move || hydrated.get().then(|| chosen_table(listed.clone()))}
        </fieldset>
    }
}

/// One attachment row's state, shared by the row and the "Documents" table.
#[derive(Clone, Copy)]
struct Slot {
    shown: RwSignal<bool>,
    /// The chosen file's name ('' none) and its type's label.
    name: RwSignal<String>,
    kind: RwSignal<String>,
    file: NodeRef<leptos::html::Input>,
    select: NodeRef<leptos::html::Select>,
}

impl Slot {
    fn new(shown: RwSignal<bool>) -> Self {
        Self {
            shown,
            name: RwSignal::new(String::new()),
            kind: RwSignal::new(String::new()),
            file: NodeRef::new(),
            select: NodeRef::new(),
        }
    }

    /// Empties the row and hides it: the file is not sent.
    fn clear(self) {
        if let Some(input) = self.file.get_untracked() {
            input.set_value("");
        }
        if let Some(select) = self.select.get_untracked() {
            select.set_value("");
        }
        self.name.set(String::new());
        self.kind.set(String::new());
        self.shown.set(false);
    }
}

/// The seed's "Documents" table once hydrated: each chosen file, its type
/// and "Supprimer", before anything is sent.
fn chosen_table(slots: Vec<Slot>) -> impl IntoView {
    let chosen: Vec<Slot> = slots
        .into_iter()
        .filter(|s| !s.name.get().is_empty())
        .collect();
    view! {
        <div class="table-scroll">
            <table class="ledger documents-chosen">
                <caption>"Documents"</caption>
                <thead><tr><th scope="col">"Nom du fichier"</th><th scope="col">"Type"</th><th scope="col">"Actions"</th></tr></thead>
                <tbody>
                    {if chosen.is_empty() {
                        view! { <tr><td colspan="3">"Aucun document enregistré"</td></tr> }.into_any()
                    } else {
                        chosen.into_iter().map(|slot| view! {
                            <tr>
                                <td data-label="Nom du fichier">{slot.name.get()}</td>
                                <td data-label="Type">{slot.kind.get()}</td>
                                <td data-label="Actions">
                                    <button type="button" class="link-button" on:click=move |_| slot.clear()>"Supprimer"</button>
                                </td>
                            </tr>
                        }).collect_view().into_any()
                    }}
                </tbody>
            </table>
        </div>
    }
}

fn attachment_row(
    n: usize,
    title: String,
    types: Vec<(String, String)>,
    slot: Slot,
    hydrated: RwSignal<bool>,
    required: bool,
) -> impl IntoView {
    let shown = slot.shown;
    let ctx = expect_context::<FormCtx>();
    let file_name = format!("fichier{n}");
    let type_name = format!("type_fichier{n}");
    let file_id = ctx.id(&file_name);
    let type_id = ctx.id(&type_name);
    let file_error = ctx.error(&file_name);
    let type_error = ctx.error(&type_name);
    let chosen = ctx.initial(&type_name).unwrap_or_default();
    let file_ref = slot.file;
    let type_ref = slot.select;
    let remove = move |_| slot.clear();
    // "C:\fakepath\avis.pdf" is what browsers give: the name is its last part.
    let on_file = move |ev| {
        let value = event_target_value(&ev);
        let name = value.rsplit(['\\', '/']).next().unwrap_or_default();
        slot.name.set(name.to_string());
    };
    let labels = types.clone();
    let on_type = move |ev| {
        let value = event_target_value(&ev);
        let label = labels
            .iter()
            .find(|(v, _)| *v == value)
            .map(|(_, l)| l.clone());
        slot.kind.set(label.unwrap_or_default());
    };
    let file_described = field_description(&file_id, false, None, file_error);
    let type_described = field_description(&type_id, false, None, type_error);
    let has_types = !types.is_empty();
    view! {
        <div class="attachment" hidden=move || !shown.get()>
            <div class="field" class:field-invalid=move || file_error.get().is_some()>
                <label for=file_id.clone()>{title}{required.then_some(" *")}</label>
                <input type="file" id=file_id.clone() name=file_name node_ref=file_ref on:change=on_file
                    accept=".pdf,.jpg,.jpeg,.png,.heic,application/pdf,image/jpeg,image/png,image/heic"
                    aria-invalid=move || file_error.get().is_some().then_some("true")
                    aria-describedby=file_described />
                <FieldError id=file_id error=file_error />
            </div>
            {has_types.then(|| view! {
                <div class="field" class:field-invalid=move || type_error.get().is_some()>
                    <label for=type_id.clone()>"Type de document"</label>
                    <select id=type_id.clone() name=type_name node_ref=type_ref on:change=on_type
                        aria-invalid=move || type_error.get().is_some().then_some("true")
                        aria-describedby=type_described>
                        <option value="">"Choisissez le type de document"</option>
                        {types.into_iter().map(|(value, text)| {
                            let selected = value == chosen;
                            view! { <option value=value selected=selected>{text}</option> }
                        }).collect_view()}
                    </select>
                    <FieldError id=type_id error=type_error />
                </div>
            })}
            {move || hydrated.get().then(|| view! {
                <button type="button" class="link-button" on:click=remove>"Retirer ce fichier"</button>
            })}
        </div>
    }
}

#[cfg(feature = "hydrate")]
fn send(
    form: web_sys::HtmlFormElement,
    url: String,
    state: RwSignal<Option<FormState>>,
    progress: RwSignal<Option<u32>>,
    form_ref: NodeRef<leptos::html::Form>,
) {
    use super::FormOutcome;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let (Ok(data), Ok(xhr)) = (
        web_sys::FormData::new_with_form(&form),
        web_sys::XmlHttpRequest::new(),
    ) else {
        let _ = form.submit();
        return;
    };
    if xhr.open("POST", &url).is_err() {
        let _ = form.submit();
        return;
    }
    let _ = xhr.set_request_header("Accept", "application/json");
    progress.set(Some(0));
    if let Ok(upload) = xhr.upload() {
        let on_progress =
            Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |ev: web_sys::ProgressEvent| {
                if ev.length_computable() && ev.total() > 0.0 {
                    progress.set(Some((ev.loaded() / ev.total() * 100.0) as u32));
                }
            });
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        on_progress.forget();
    }
    let answer = xhr.clone();
    let on_load = Closure::<dyn FnMut()>::new(move || {
        let text = answer.response_text().ok().flatten().unwrap_or_default();
        match serde_json::from_str::<FormOutcome>(&text) {
            Ok(FormOutcome::Redirect(to)) => {
                let _ = window().location().set_href(&to);
            }
            Ok(FormOutcome::Refused(s)) => {
                progress.set(None);
                state.set(Some(s));
                focus_first_error(form_ref);
            }
            Err(_) => failed(state, progress, form_ref),
        }
    });
    xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
    on_load.forget();
    let on_error = Closure::<dyn FnMut()>::new(move || failed(state, progress, form_ref));
    xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    let _ = xhr.send_with_opt_form_data(Some(&data));
}

#[cfg(feature = "hydrate")]
fn failed(
    state: RwSignal<Option<FormState>>,
    progress: RwSignal<Option<u32>>,
    form_ref: NodeRef<leptos::html::Form>,
) {
    progress.set(None);
    state.set(Some(FormState::general(
        "L'envoi n'a pas abouti : vérifiez votre connexion internet, puis cliquez à nouveau sur le bouton.",
    )));
    focus_first_error(form_ref);
}

#[cfg(not(feature = "hydrate"))]
fn send(
    _: leptos::web_sys::HtmlFormElement,
    _: String,
    _: RwSignal<Option<FormState>>,
    _: RwSignal<Option<u32>>,
    _: NodeRef<leptos::html::Form>,
) {
}

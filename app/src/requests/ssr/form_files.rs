//! What every form that carries files needs once its body is read: the
//! files with the document types the tenant gave them, and a form state that
//! keeps what was typed (`file_posts` dispatches the posts to the areas).
use crate::forms::FormState;
use crate::uploads::{Received, Upload};

/// A stored file and the document type the tenant gave it.
pub struct TypedFile {
    pub upload: Upload,
    pub doc_type: &'static str,
}

/// A form state with the files' refusals and the typed text kept.
pub fn start_state(got: &Received, keep: &[&str]) -> FormState {
    let mut state = FormState::default();
    for (field, message) in &got.refusals {
        if field == crate::uploads::receive::TOO_MANY {
            state.general = Some(message.clone());
        } else {
            state.error(field, message.clone());
        }
    }
    for name in keep {
        state.keep_text(name, got.field(name), crate::requests::rules::MAX_MESSAGE);
    }
    // The document types chosen, so that the rows show them again.
    for (name, value) in &got.fields {
        if name.starts_with("type_fichier") {
            state.keep(name, value);
        }
    }
    state
}

/// The stored files with their document types; a missing or forged type is
/// refused next to its field. `types` empty: no type asked (photos).
pub fn typed_files(
    got: &Received,
    types: &[(&'static str, &'static str)],
    state: &mut FormState,
) -> Vec<TypedFile> {
    let mut out = vec![];
    for upload in &got.files {
        let type_field = format!("type_{}", upload.field);
        let chosen = got.field(&type_field);
        let doc_type = if types.is_empty() {
            Some("")
        } else {
            types.iter().find(|(c, _)| *c == chosen).map(|(c, _)| *c)
        };
        match doc_type {
            Some(doc_type) => out.push(TypedFile {
                upload: upload.clone(),
                doc_type,
            }),
            None => state.error(
                &type_field,
                "Choisissez le type de ce document dans la liste.",
            ),
        }
    }
    out
}

//! One mechanism for every form, with or without JavaScript.
//!
//! A form posts to its own page (`action` = the page URL) with a hidden
//! `__action` naming its server function. Without JavaScript, the server's form
//! middleware runs that server function and either redirects (post/redirect/get)
//! or renders the same page again with a [`SubmittedForm`] in context, so every
//! field keeps what was typed and shows its French error. Once hydrated, the
//! [`Form`] component dispatches the same server function and shows the same
//! errors without a reload. Server functions answer [`FormOutcome`] either way.

mod component;
mod field;
mod upload;

pub use component::Form;
pub use field::{Checkbox, Choice, Field, FieldKind, Select, TextArea};
pub use upload::{Attachments, UploadForm};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The hidden field that names the server function a plain form posts to.
pub const ACTION_FIELD: &str = "__action";

/// What was typed and what was wrong with it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormState {
    pub values: BTreeMap<String, String>,
    pub errors: BTreeMap<String, String>,
    /// A refusal that belongs to no single field.
    pub general: Option<String>,
}

impl FormState {
    pub fn error(&mut self, field: &str, message: impl Into<String>) {
        self.errors
            .entry(field.to_string())
            .or_insert_with(|| message.into());
    }

    /// Keeps a typed value to show again. Passwords and one-time answers are
    /// never kept: they are typed again.
    pub fn keep(&mut self, field: &str, value: &str) {
        let kept: String = value.chars().take(crate::domain::MAX_FIELD_CHARS).collect();
        self.values.insert(field.to_string(), kept);
    }

    /// Keeps a long text (a message) up to `max` characters.
    pub fn keep_text(&mut self, field: &str, value: &str, max: usize) {
        self.values
            .insert(field.to_string(), value.chars().take(max).collect());
    }

    pub fn general(message: impl Into<String>) -> Self {
        Self {
            general: Some(message.into()),
            ..Self::default()
        }
    }

    pub fn is_ok(&self) -> bool {
        self.errors.is_empty() && self.general.is_none()
    }

    /// Records the field's parse result: its value, or its error.
    pub fn check<T>(&mut self, field: &str, parsed: Result<T, &'static str>) -> Option<T> {
        parsed.map_err(|msg| self.error(field, msg)).ok()
    }
}

/// What every form's server function answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FormOutcome {
    /// Done: go to this local path.
    Redirect(String),
    /// Refused: show the page again with these values and errors.
    Refused(FormState),
}

impl FormOutcome {
    pub fn to(path: impl Into<String>) -> Self {
        Self::Redirect(path.into())
    }
}

/// Set in context by the server when a plain form post was refused.
#[derive(Clone, Debug)]
pub struct SubmittedForm {
    /// The server function's path, so only the form that was sent shows it.
    pub action: String,
    pub state: FormState,
}

/// Whether the server is showing this page again after refusing a plain post
/// of this form (no JavaScript): a disclosure around the form opens, so its
/// errors are seen. In the browser a refusal never re-renders the page, and
/// the disclosure is already open (the tenant opened it to send).
pub fn refused_post(action_path: &str) -> bool {
    component::submitted_state(action_path).is_some()
}

//! The server side of requests: recording them with their files in one
//! transaction, listing them, their attachments' downloads, and the form
//! posts that carry files.
pub mod advance;
mod contact;
pub mod download;
pub mod post;
pub mod store;

pub use post::{TypedFile, start_state, typed_files};
pub use store::{NewRequest, list, record};

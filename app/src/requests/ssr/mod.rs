//! The server side of requests: recording them with their files in one
//! transaction, listing them, their attachments' downloads, and what the
//! form posts that carry files share.
pub mod advance;
mod contact;
pub mod download;
mod form_files;
pub mod store;

pub use contact::send as send_contact;
pub use form_files::{TypedFile, start_state, typed_files};
pub use store::{NewRequest, list, record};

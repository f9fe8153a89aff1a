//! The one upload pipeline of Nous contacter, Mes réclamations, Mes
//! informations personnelles and the insurance certificate (issue 7): what a
//! file is (from its content, never its name), the name shown for it, the
//! limits, and where it is kept. Server only.
//!
//! Groundwork: the pieces below are tested on their own; the multipart
//! handler and the pages that use them come next.
pub mod kind;
pub mod limits;
pub mod name;
pub mod storage;

pub use kind::FileKind;
pub use limits::{Limits, Refusal};
pub use name::display_name;
pub use storage::Storage;

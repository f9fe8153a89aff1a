//! The one upload pipeline of Nous contacter, Mes réclamations, Mes
//! informations personnelles and the insurance certificate (issue 7): what a
//! file is (from its content, never its name), the name shown for it, the
//! limits, and where it is kept. Server only.
pub mod kind;
pub mod limits;
pub mod name;
pub mod receive;
pub mod storage;

pub use kind::FileKind;
pub use limits::{Limits, Refusal};
pub use name::display_name;
pub use receive::{Received, Upload, boundary, receive};
pub use storage::Storage;

//! Pages that belong to no product area yet: home, notices, terms, 404, and
//! the menu entries the other areas will fill.
mod cgu;
mod home;
mod not_found;
mod notice;

pub use cgu::CguPage;
pub use home::HomePage;
pub use not_found::NotFound;
pub use notice::NoticePage;

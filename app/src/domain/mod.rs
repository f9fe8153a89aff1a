//! Types that parse once at the boundary and are trusted everywhere after.
//! Each `parse` returns the French message shown next to the field.

mod account_number;
pub mod bic;
mod birth_date;
mod email;
pub mod iban;
mod ics;
mod money;
mod password;
pub mod person_name;
#[cfg(feature = "ssr")]
mod phone;
mod rum;

pub use account_number::AccountNumber;
pub use bic::Bic;
pub use birth_date::BirthDate;
pub use email::Email;
pub use iban::Iban;
pub use ics::Ics;
pub use money::Money;
pub use password::{PASSWORD_RULE, PasswordPolicy};
pub use person_name::PersonName;
#[cfg(feature = "ssr")]
pub use phone::Phone;
pub use rum::Rum;

/// Longest text any single-line field accepts: a guard against pasted megabytes.
pub const MAX_FIELD_CHARS: usize = 200;

/// Shared first check of every field: present and of a sane length.
fn non_empty<'a>(raw: &'a str, empty_msg: &'static str) -> Result<&'a str, &'static str> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(empty_msg);
    }
    if trimmed.chars().count() > MAX_FIELD_CHARS {
        return Err("Ce champ est trop long.");
    }
    Ok(trimmed)
}

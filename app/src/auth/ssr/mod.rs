//! Server-only side of sign-up and sign-in.
pub mod captcha;
pub mod closure;
pub mod flows;
pub mod hashing;
pub mod queries;
pub mod session;
pub mod throttle;
pub mod tokens;

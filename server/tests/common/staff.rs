//! Back-office members for the tests: created, then signed in with their
//! password and current TOTP code.
use super::{TestApp, client, location};
use app::back_office::ssr::{accounts, second_factor, staff::Role};

pub const PASSWORD: &str = "Un-mot-de-passe-solide-2026";

/// A new staff member signed in on a browser of their own: (browser, TOTP key).
pub async fn member(
    app: &TestApp,
    email: &str,
    role: Role,
    agency: Option<&str>,
) -> (reqwest::Client, String) {
    let created = accounts::create(&app.db, email, email, role, agency, PASSWORD)
        .await
        .unwrap()
        .unwrap();
    let browser = client();
    let code = second_factor::current_code(&created.totp_secret).unwrap();
    let res = app
        .submit_with(
            &browser,
            "/gestion/connexion",
            "/api/gestion_connexion",
            &[("email", email), ("password", PASSWORD), ("code", &code)],
        )
        .await;
    assert_eq!(
        (res.status().as_u16(), location(&res)),
        (303, "/gestion".to_string()),
        "{email} signs in"
    );
    (browser, created.totp_secret)
}

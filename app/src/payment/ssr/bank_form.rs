//! `GET /paiement/banque/{id}`: the page between VALIDER and the bank. It
//! holds the signed form; a tiny script submits it at once, and without
//! JavaScript the tenant presses the button. Only the payment's own tenant
//! sees it, and only while the payment is under way and fresh.
use super::PaymentSettings;
use super::store::{self, PaymentRow};
use super::vads::{self, Fields};
use crate::documents::ssr::download_tenant;
use crate::infra::web::escape as esc;
use crate::infra::{AppState, Settings, now};
use crate::routes;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use tower_sessions::Session;

/// How long after VALIDER the bank form may still be sent (the bank allows
/// the same transaction id only on its own day, and prices may move).
const FORM_VALID_SECS: i64 = 15 * 60;

pub fn path(id: i64) -> String {
    format!("{}/{id}", routes::PAYMENT_BANK)
}

/// The fields of the bank's form for `p`, signed.
pub fn fields(p: &PaymentRow, settings: &Settings, email: &str, account: &str) -> Fields {
    let pay: &PaymentSettings = &settings.payment;
    let number = crate::payment::request_number(p.id);
    let mut f: Fields = [
        ("vads_action_mode", "INTERACTIVE".to_string()),
        ("vads_amount", p.amount_cents.to_string()),
        ("vads_ctx_mode", p.ctx_mode.clone()),
        ("vads_currency", "978".into()),
        ("vads_cust_email", email.to_string()),
        ("vads_cust_id", account.to_string()),
        ("vads_language", "fr".into()),
        ("vads_order_id", number.clone()),
        ("vads_page_action", "PAYMENT".into()),
        ("vads_payment_config", "SINGLE".into()),
        ("vads_return_mode", "GET".into()),
        ("vads_shop_name", settings.landlord_name.clone()),
        ("vads_site_id", p.site_id.clone()),
        ("vads_trans_date", p.trans_date.clone()),
        ("vads_trans_id", p.trans_id.clone()),
        ("vads_url_check", settings.link(routes::PAYMENT_IPN)),
        (
            "vads_url_return",
            settings.link(&format!("{}?demande={number}", routes::PAYMENT)),
        ),
        ("vads_version", "V2".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let signature = vads::sign(&f, &pay.key, pay.algorithm);
    f.insert("signature".into(), signature);
    f
}

pub async fn bank_redirect(
    State(st): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Response {
    let tenant = match download_tenant(&st, &session).await {
        Ok(t) => t,
        Err(res) => return res,
    };
    let found = match id.parse::<i64>() {
        Ok(id) => store::of_account(&st.db, tenant.account_id, id).await,
        Err(_) => Ok(None),
    };
    let payment = match found {
        Ok(Some(p)) if p.status == "en_cours" && p.created_at >= now() - FORM_VALID_SECS => p,
        // Not theirs, unknown, settled or too old: back to the payment page.
        Ok(_) => return crate::infra::web::see_other(routes::PAYMENT),
        Err(_) => return crate::documents::ssr::technical_problem(),
    };
    let contact =
        crate::auth::ssr::queries::email_and_account(&st.db, tenant.login_id, tenant.account_id);
    let Ok(Some((email, account))) = contact.await else {
        return crate::documents::ssr::technical_problem();
    };
    let fields = fields(&payment, &st.settings, &email, &account);
    page(&st.settings.payment, &fields, payment.amount_cents)
}

/// Sends the form as soon as the page is read; without JavaScript the tenant
/// presses the button. Allowed by its hash in the page's policy, nothing else.
const AUTO_SUBMIT: &str = "document.getElementById('formulaire-banque').submit();";

fn script_hash() -> String {
    use base64::Engine;
    use sha2::Digest;
    let digest = sha2::Sha256::digest(AUTO_SUBMIT.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

fn page(settings: &PaymentSettings, fields: &Fields, cents: i64) -> Response {
    let amount = crate::domain::Money::from_cents(cents);
    let hidden: String = fields
        .iter()
        .map(|(k, v)| {
            format!(
                "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
                esc(k),
                esc(v)
            )
        })
        .collect();
    let body = format!(
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><title>Paiement sécurisé – Espace Locataire</title>\
         <link rel=\"stylesheet\" href=\"/pkg/app.css\"></head>\
         <body><main id=\"contenu\" class=\"simple-page\"><h1>Paiement sécurisé</h1>\
         <p>Vous allez être redirigé vers la plateforme de paiement sécurisée de la banque pour régler <strong>{amount}</strong>.</p>\
         <form id=\"formulaire-banque\" method=\"post\" action=\"{action}\">{hidden}\
         <button type=\"submit\" class=\"button\">CONTINUER VERS LE PAIEMENT SÉCURISÉ</button></form>\
         <p><a href=\"{back}\">Annuler et revenir à la page de paiement</a></p></main><script>{AUTO_SUBMIT}</script></body></html>",
        action = esc(&settings.page_url),
        back = routes::PAYMENT,
    );
    let csp = format!(
        "default-src 'self'; script-src '{}'; style-src 'self'; form-action 'self' {}; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
        script_hash(),
        settings.page_origin()
    );
    let mut res = (StatusCode::OK, Html(body)).into_response();
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

//! The built-in test bank: the embedded default's stand-in for the bank's
//! hosted payment page. It speaks the same protocol as Systempay / PayZen
//! (signed `vads_*` form in, signed notification out, browser sent back to
//! the shop), so that switching to the real bank is configuration only.
//! It is never served in production mode (the configuration refuses it), and
//! it only accepts TEST-mode forms.
//!
//! Test cards (shown on its page):
//! - 4970 1000 0000 0000: accepted;
//! - 4970 1000 0000 0003: accepted after a 3-D Secure code (123456);
//! - 4970 1000 0000 0014: refused by the bank.
mod delivery;
mod pages;

pub use delivery::spawn as spawn_delivery;

use crate::ServerState;
use app::infra::AppState;
use app::payment::ssr::vads::{self, Fields};
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Where the shop posts its form.
pub const PAGE: &str = "/banque-test/vads-payment/";
const CARD: &str = "/banque-test/carte";
const SECURE_CODE: &str = "/banque-test/3ds";

pub const CARD_ACCEPTED: &str = "4970100000000000";
pub const CARD_3DS: &str = "4970100000000003";
pub const CARD_REFUSED: &str = "4970100000000014";
pub const SECURE_CODE_OK: &str = "123456";

pub fn routes(state: &ServerState) -> Router<ServerState> {
    if !state.app.settings.payment.test_bank {
        return Router::new();
    }
    Router::new()
        .route(PAGE, post(payment_page))
        .route(CARD, post(card))
        .route(SECURE_CODE, post(secure_code))
}

/// The embedded default's shop key: derived from the installation's secret.
pub fn derived_key(secret: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("any key length");
    mac.update(b"banque-de-test");
    hex::encode(&mac.finalize().into_bytes()[..12])
}

/// The shop's form, checked as the bank checks it; the French reason otherwise.
fn checked(st: &AppState, body: &[u8]) -> Result<Fields, &'static str> {
    let settings = &st.settings.payment;
    let fields = vads::parse_body(body).map_err(|_| "le formulaire reçu est illisible")?;
    let get = |n: &str| fields.get(n).map(String::as_str).unwrap_or("");
    let digits = |v: &str, len: usize| v.len() == len && v.bytes().all(|b| b.is_ascii_digit());
    if !vads::verify(&fields, &settings.key, settings.algorithm) {
        return Err("la signature du formulaire est invalide");
    }
    if get("vads_site_id") != settings.site_id {
        return Err("la boutique est inconnue");
    }
    if get("vads_ctx_mode") != "TEST" {
        return Err("la banque de test n'accepte que le mode TEST");
    }
    let amount_ok = get("vads_amount").parse::<i64>().is_ok_and(|a| a > 0)
        && get("vads_amount").bytes().all(|b| b.is_ascii_digit());
    let well_formed = get("vads_version") == "V2"
        && get("vads_currency") == "978"
        && get("vads_action_mode") == "INTERACTIVE"
        && get("vads_page_action") == "PAYMENT"
        && get("vads_payment_config") == "SINGLE"
        && digits(get("vads_trans_id"), 6)
        && digits(get("vads_trans_date"), 14)
        && amount_ok;
    if !well_formed {
        return Err("un champ obligatoire est absent ou mal formé");
    }
    if !get("vads_url_check").starts_with("http") || !get("vads_url_return").starts_with("http") {
        return Err("les adresses de retour de la boutique sont absentes");
    }
    Ok(fields)
}

/// The form the shop sent, without what the bank's own pages added.
fn shop_fields(fields: &Fields) -> Fields {
    fields
        .iter()
        .filter(|(k, _)| k.starts_with("vads_") || *k == "signature")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

async fn payment_page(State(st): State<AppState>, body: Bytes) -> Response {
    match checked(&st, &body) {
        Ok(fields) => pages::card_form(&shop_fields(&fields), None),
        Err(reason) => pages::refused(reason),
    }
}

async fn card(State(st): State<AppState>, body: Bytes) -> Response {
    let fields = match checked(&st, &body) {
        Ok(f) => f,
        Err(reason) => return pages::refused(reason),
    };
    let shop = shop_fields(&fields);
    if fields.get("action").map(String::as_str) == Some("annuler") {
        return finish(&st, &shop, Outcome::Abandoned, "").await;
    }
    let number: String = fields
        .get("carte")
        .map(|c| c.chars().filter(|c| !c.is_whitespace()).collect())
        .unwrap_or_default();
    let expiry_ok = fields.get("expiration").is_some_and(|e| {
        let b = e.trim().as_bytes();
        b.len() == 5 && b[2] == b'/' && b[..2].iter().chain(&b[3..]).all(u8::is_ascii_digit)
    });
    let cvv_ok = fields
        .get("cryptogramme")
        .is_some_and(|c| c.trim().len() == 3 && c.trim().bytes().all(|b| b.is_ascii_digit()));
    match number.as_str() {
        _ if !expiry_ok => pages::card_form(
            &shop,
            Some("Indiquez la date d'expiration de la carte au format MM/AA."),
        ),
        _ if !cvv_ok => pages::card_form(
            &shop,
            Some("Indiquez le cryptogramme visuel : les 3 chiffres au dos de la carte."),
        ),
        CARD_ACCEPTED => finish(&st, &shop, Outcome::Accepted, &number).await,
        CARD_REFUSED => finish(&st, &shop, Outcome::Refused, &number).await,
        CARD_3DS => pages::secure_code_form(&shop, &number, None),
        _ => pages::card_form(
            &shop,
            Some("Ce numéro de carte n'est pas reconnu par la banque de test."),
        ),
    }
}

async fn secure_code(State(st): State<AppState>, body: Bytes) -> Response {
    let fields = match checked(&st, &body) {
        Ok(f) => f,
        Err(reason) => return pages::refused(reason),
    };
    let shop = shop_fields(&fields);
    let card = fields.get("carte").cloned().unwrap_or_default();
    if card != CARD_3DS {
        return pages::refused("la carte n'est pas celle de l'authentification");
    }
    let code = fields.get("code").map(|c| c.trim()).unwrap_or("");
    if code == SECURE_CODE_OK {
        finish(&st, &shop, Outcome::Accepted, &card).await
    } else {
        finish(&st, &shop, Outcome::Refused, &card).await
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Accepted,
    Refused,
    Abandoned,
}

/// The signed notification to the shop (queued, retried until acknowledged),
/// then the result page with the way back to the shop.
async fn finish(st: &AppState, shop: &Fields, outcome: Outcome, card: &str) -> Response {
    let result = result_fields(st, shop, outcome, card);
    let url = shop.get("vads_url_check").cloned().unwrap_or_default();
    if let Err(e) = delivery::queue(&st.db, &url, &vads::encode_body(&result)).await {
        tracing::error!(error = %e, "test bank: notification not queued");
        return pages::refused("erreur technique de la banque de test");
    }
    let back = shop.get("vads_url_return").cloned().unwrap_or_default();
    let sep = if back.contains('?') { '&' } else { '?' };
    let back = format!("{back}{sep}{}", vads::encode_body(&result));
    pages::result(
        shop,
        outcome == Outcome::Accepted,
        outcome == Outcome::Abandoned,
        &back,
    )
}

fn result_fields(st: &AppState, shop: &Fields, outcome: Outcome, card: &str) -> Fields {
    let settings = &st.settings.payment;
    let mut f: Fields = shop
        .iter()
        .filter(|(k, _)| k.starts_with("vads_") && !k.starts_with("vads_url_"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let (status, result, auth_result) = match outcome {
        Outcome::Accepted => ("AUTHORISED", "00", "00"),
        Outcome::Refused => ("REFUSED", "05", "05"),
        Outcome::Abandoned => ("ABANDONED", "17", ""),
    };
    let random_hex = |n: usize| {
        let mut bytes = vec![0u8; n];
        rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut bytes);
        hex::encode(bytes)
    };
    let auth_number = if outcome == Outcome::Accepted {
        format!(
            "{:06}",
            rand::Rng::gen_range(&mut rand::thread_rng(), 0..1_000_000)
        )
    } else {
        String::new()
    };
    let masked = if card.len() == 16 {
        format!("{}XXXXXX{}", &card[..6], &card[12..])
    } else {
        String::new()
    };
    for (k, v) in [
        ("vads_auth_mode", "FULL".to_string()),
        ("vads_auth_number", auth_number),
        ("vads_auth_result", auth_result.into()),
        ("vads_capture_delay", "0".into()),
        (
            "vads_card_brand",
            if masked.is_empty() {
                String::new()
            } else {
                "CB".into()
            },
        ),
        ("vads_card_number", masked),
        (
            "vads_effective_amount",
            shop.get("vads_amount").cloned().unwrap_or_default(),
        ),
        ("vads_hash", random_hex(32)),
        ("vads_operation_type", "DEBIT".into()),
        ("vads_result", result.into()),
        ("vads_trans_status", status.into()),
        ("vads_trans_uuid", random_hex(16)),
        ("vads_url_check_src", "PAY".into()),
    ] {
        f.insert(k.to_string(), v);
    }
    f.remove("signature");
    let signature = vads::sign(&f, &settings.key, settings.algorithm);
    f.insert("signature".into(), signature);
    f
}

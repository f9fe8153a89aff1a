//! The hosted-payment-page protocol shared by Systempay, PayZen and Scellius
//! (Lyra's "vads" form): the fields the shop posts, and the signature that
//! both sides compute over them.
//!
//! The signature is computed over the values of every field whose name starts
//! with `vads_`, sorted by field name, joined with `+`, followed by `+` and the
//! shop's key. HMAC-SHA-256 (keyed with the shop's key, base64) is the current
//! form; SHA-1 (hex) is the older one, still accepted by the banks.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::collections::BTreeMap;
use subtle::ConstantTimeEq;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    HmacSha256,
    Sha1,
}

impl Algorithm {
    pub fn parse(raw: &str) -> Result<Self, String> {
        match raw.trim().to_ascii_uppercase().as_str() {
            "" | "HMAC-SHA-256" | "HMAC_SHA256" | "HMAC-SHA256" => Ok(Self::HmacSha256),
            "SHA-1" | "SHA1" => Ok(Self::Sha1),
            other => Err(format!(
                "algorithme de signature « {other} » inconnu : HMAC-SHA-256 ou SHA-1"
            )),
        }
    }
}

/// Fields of a form, by name. A BTreeMap keeps them sorted, as the signature wants.
pub type Fields = BTreeMap<String, String>;

/// The text the signature is computed over.
fn signed_text(fields: &Fields, key: &str) -> String {
    let mut text = String::new();
    for (_, value) in fields.iter().filter(|(name, _)| name.starts_with("vads_")) {
        text.push_str(value);
        text.push('+');
    }
    text.push_str(key);
    text
}

pub fn sign(fields: &Fields, key: &str, algorithm: Algorithm) -> String {
    use base64::Engine;
    let text = signed_text(fields, key);
    match algorithm {
        Algorithm::HmacSha256 => {
            let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes())
                .expect("HMAC accepts keys of any length");
            mac.update(text.as_bytes());
            base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
        }
        Algorithm::Sha1 => {
            use sha1::Digest;
            hex::encode(sha1::Sha1::digest(text.as_bytes()))
        }
    }
}

/// Whether `fields` carry a valid `signature`; compared in constant time so
/// that the answer's timing tells a forger nothing.
pub fn verify(fields: &Fields, key: &str, algorithm: Algorithm) -> bool {
    let Some(received) = fields.get("signature") else {
        return false;
    };
    let expected = sign(fields, key, algorithm);
    expected.as_bytes().ct_eq(received.as_bytes()).into()
}

/// Reads an `application/x-www-form-urlencoded` body. A field sent twice is
/// refused: the signature covers one value per name.
pub fn parse_body(body: &[u8]) -> Result<Fields, &'static str> {
    let mut fields = Fields::new();
    for (name, value) in url::form_urlencoded::parse(body) {
        if fields
            .insert(name.into_owned(), value.into_owned())
            .is_some()
        {
            return Err("champ en double");
        }
    }
    Ok(fields)
}

pub fn encode_body(fields: &Fields) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields.iter())
        .finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The worked example of the Systempay / PayZen implementation guide
    /// ("Guide d'implémentation du formulaire de paiement", chapter on the
    /// signature): its fields, its test key, and the two published signatures.
    fn guide_fields() -> Fields {
        [
            ("vads_action_mode", "INTERACTIVE"),
            ("vads_amount", "5124"),
            ("vads_ctx_mode", "TEST"),
            ("vads_currency", "978"),
            ("vads_page_action", "PAYMENT"),
            ("vads_payment_config", "SINGLE"),
            ("vads_site_id", "12345678"),
            ("vads_trans_date", "20170129130025"),
            ("vads_trans_id", "123456"),
            ("vads_version", "V2"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }
    const GUIDE_KEY: &str = "1122334455667788";

    #[test]
    fn matches_the_guides_hmac_sha256_example() {
        assert_eq!(
            sign(&guide_fields(), GUIDE_KEY, Algorithm::HmacSha256),
            "ycA5Do5tNvsnKdc/eP1bj2xa19z9q3iWPy9/rpesfS0="
        );
    }

    #[test]
    fn matches_the_guides_sha1_example() {
        assert_eq!(
            sign(&guide_fields(), GUIDE_KEY, Algorithm::Sha1),
            "59c96b34c74b9375c332b0b6a32e6deeec87de2b"
        );
    }

    #[test]
    fn only_vads_fields_count_and_the_text_is_as_documented() {
        let mut fields = guide_fields();
        assert_eq!(
            signed_text(&fields, GUIDE_KEY),
            "INTERACTIVE+5124+TEST+978+PAYMENT+SINGLE+12345678+20170129130025+123456+V2+1122334455667788"
        );
        fields.insert("signature".into(), "x".into());
        fields.insert("payer".into(), "Payer".into());
        assert_eq!(
            sign(&fields, GUIDE_KEY, Algorithm::HmacSha256),
            "ycA5Do5tNvsnKdc/eP1bj2xa19z9q3iWPy9/rpesfS0="
        );
    }

    #[test]
    fn verify_refuses_a_changed_field_a_wrong_key_or_no_signature() {
        let mut fields = guide_fields();
        assert!(!verify(&fields, GUIDE_KEY, Algorithm::HmacSha256));
        fields.insert(
            "signature".into(),
            sign(&fields, GUIDE_KEY, Algorithm::HmacSha256),
        );
        assert!(verify(&fields, GUIDE_KEY, Algorithm::HmacSha256));
        assert!(!verify(&fields, "8877665544332211", Algorithm::HmacSha256));
        assert!(!verify(&fields, GUIDE_KEY, Algorithm::Sha1));
        fields.insert("vads_amount".into(), "5125".into());
        assert!(!verify(&fields, GUIDE_KEY, Algorithm::HmacSha256));
    }

    #[test]
    fn a_body_round_trips_and_a_doubled_field_is_refused() {
        let mut fields = guide_fields();
        fields.insert("vads_order_info".into(), "Loyer + charges é&=".into());
        let body = encode_body(&fields);
        assert_eq!(parse_body(body.as_bytes()).unwrap(), fields);
        assert!(parse_body(b"vads_amount=1&vads_amount=2").is_err());
    }
}

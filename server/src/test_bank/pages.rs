//! The test bank's pages: plain HTML forms, French, usable without
//! JavaScript and at 360 px, marked everywhere as a test.
use super::{CARD, SECURE_CODE};
use app::domain::Money;
use app::infra::web::escape as esc;
use app::payment::ssr::vads::Fields;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

fn hidden(fields: &Fields) -> String {
    fields
        .iter()
        .map(|(k, v)| {
            format!(
                "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
                esc(k),
                esc(v)
            )
        })
        .collect()
}

fn page(status: StatusCode, title: &str, content: &str) -> Response {
    let body = format!(
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><title>{t} – Banque de test</title>\
         <link rel=\"stylesheet\" href=\"/pkg/app.css\"></head><body class=\"bank\">\
         <header class=\"bank-header\"><p>Banque de test · paiement sécurisé · <strong>MODE TEST</strong></p></header>\
         <main id=\"contenu\" class=\"simple-page\"><h1>{t}</h1>{content}</main></body></html>",
        t = esc(title),
    );
    let mut res = (status, Html(body)).into_response();
    let h = res.headers_mut();
    // The forms post back to the bank; the way back to the shop is a link.
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// Who is paid and how much: what every bank page recalls.
fn summary(shop: &Fields) -> String {
    let get = |n: &str| shop.get(n).map(String::as_str).unwrap_or("");
    let amount = Money::from_cents(get("vads_amount").parse().unwrap_or(0));
    format!(
        "<dl class=\"bank-summary\"><dt>Marchand</dt><dd>{shop_name}</dd><dt>Montant</dt><dd><strong>{amount}</strong></dd>\
         <dt>Référence de la commande</dt><dd>{order}</dd><dt>Transaction</dt><dd>{trans}</dd></dl>",
        shop_name = esc(get("vads_shop_name")),
        order = esc(get("vads_order_id")),
        trans = esc(get("vads_trans_id")),
    )
}

fn error_line(error: Option<&str>) -> String {
    error
        .map(|e| {
            format!(
                "<p class=\"alert alert-error\" role=\"alert\" id=\"erreur-carte\">{}</p>",
                esc(e)
            )
        })
        .unwrap_or_default()
}

pub fn card_form(shop: &Fields, error: Option<&str>) -> Response {
    let described = if error.is_some() {
        " aria-describedby=\"erreur-carte\" aria-invalid=\"true\""
    } else {
        ""
    };
    let content = format!(
        "{summary}{error}\
         <form method=\"post\" action=\"{CARD}\" novalidate>{hidden}\
         <div class=\"field\"><label for=\"carte\">Numéro de carte</label>\
         <input type=\"text\" id=\"carte\" name=\"carte\" inputmode=\"numeric\" autocomplete=\"cc-number\" maxlength=\"23\" required{described}></div>\
         <div class=\"field\"><label for=\"expiration\">Date d'expiration (MM/AA)</label>\
         <input type=\"text\" id=\"expiration\" name=\"expiration\" inputmode=\"numeric\" autocomplete=\"cc-exp\" maxlength=\"5\" required></div>\
         <div class=\"field\"><label for=\"cryptogramme\">Cryptogramme visuel</label>\
         <input type=\"text\" id=\"cryptogramme\" name=\"cryptogramme\" inputmode=\"numeric\" autocomplete=\"cc-csc\" maxlength=\"3\" required></div>\
         <p><button type=\"submit\" class=\"button\" name=\"action\" value=\"payer\">PAYER</button> \
         <button type=\"submit\" class=\"button button-secondary\" name=\"action\" value=\"annuler\" formnovalidate>ANNULER ET RETOURNER À LA BOUTIQUE</button></p>\
         </form>\
         <section aria-labelledby=\"cartes-test\"><h2 id=\"cartes-test\">Cartes de test</h2><ul>\
         <li>4970 1000 0000 0000 : paiement accepté</li>\
         <li>4970 1000 0000 0003 : accepté après le code 3-D Secure 123456</li>\
         <li>4970 1000 0000 0014 : paiement refusé</li></ul>\
         <p>Date d'expiration : toute date au format MM/AA ; cryptogramme : 3 chiffres.</p></section>",
        summary = summary(shop),
        error = error_line(error),
        hidden = hidden(shop),
    );
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    page(status, "Paiement par carte", &content)
}

pub fn secure_code_form(shop: &Fields, card: &str, error: Option<&str>) -> Response {
    let content = format!(
        "{summary}{error}<p>Votre banque vous demande de confirmer ce paiement (3-D Secure). \
         Saisissez le code reçu par SMS sur votre téléphone (banque de test : 123456).</p>\
         <form method=\"post\" action=\"{SECURE_CODE}\" novalidate>{hidden}\
         <input type=\"hidden\" name=\"carte\" value=\"{card}\">\
         <div class=\"field\"><label for=\"code\">Code de confirmation</label>\
         <input type=\"text\" id=\"code\" name=\"code\" inputmode=\"numeric\" autocomplete=\"one-time-code\" maxlength=\"6\" required></div>\
         <p><button type=\"submit\" class=\"button\">CONFIRMER</button></p></form>",
        summary = summary(shop),
        error = error_line(error),
        hidden = hidden(shop),
        card = esc(card),
    );
    page(StatusCode::OK, "Authentification 3-D Secure", &content)
}

pub fn result(shop: &Fields, accepted: bool, abandoned: bool, back: &str) -> Response {
    let (title, message, class) = if accepted {
        (
            "Paiement accepté",
            "Votre paiement a été accepté. Le marchand en est informé.",
            "alert-success",
        )
    } else if abandoned {
        (
            "Paiement abandonné",
            "Vous avez abandonné le paiement : aucune somme n'a été débitée.",
            "alert-warning",
        )
    } else {
        (
            "Paiement refusé",
            "Votre banque a refusé ce paiement : aucune somme n'a été débitée.",
            "alert-error",
        )
    };
    let content = format!(
        "{summary}<p class=\"alert {class}\" role=\"status\">{message}</p>\
         <p><a class=\"button\" href=\"{back}\">RETOURNER SUR LE SITE DU MARCHAND</a></p>",
        summary = summary(shop),
        back = esc(back),
    );
    page(StatusCode::OK, title, &content)
}

/// The bank's kind of error page: the form is refused, nothing is paid.
pub fn refused(reason: &str) -> Response {
    let content = format!(
        "<p class=\"alert alert-error\" role=\"alert\">Le paiement ne peut pas être effectué : {}. \
         Aucune somme n'a été débitée. Revenez sur le site du marchand et recommencez.</p>",
        esc(reason)
    );
    page(StatusCode::BAD_REQUEST, "Erreur de paiement", &content)
}

//! The mail that tells the tenant their payment was accepted, with the
//! receipt's details (what a card receipt shows).
use super::store::PaymentRow;
use super::vads::Fields;
use crate::domain::{Email, Money};
use crate::infra::AppState;
use crate::payment::request_number;

pub async fn send(st: &AppState, p: &PaymentRow, f: &Fields) {
    let contact = crate::auth::ssr::queries::email_and_account(&st.db, p.login_id, p.account_id);
    let Ok(Some((email, account))) = contact.await else {
        tracing::error!(payment = p.id, "receipt mail not prepared");
        return;
    };
    let Ok(to) = Email::parse(&email) else { return };
    let get = |n: &str| f.get(n).cloned().unwrap_or_default();
    let date = crate::infra::french_date(&crate::infra::iso(crate::infra::today()));
    let body = format!(
        "Bonjour,\n\n\
         Votre paiement en ligne a été accepté. Il figure dès maintenant sur votre compte client.\n\n\
         REÇU DE PAIEMENT\n\
         Bénéficiaire : {landlord}\n\
         Compte client n° {account}\n\
         Demande n° {number}\n\
         Date : {date}\n\
         Montant : {amount}\n\
         N° d'autorisation : {auth}\n\
         Carte : {card}\n\
         Référence de la transaction : {trans_id} du {trans_day}\n\n\
         Conservez ce message : il vaut reçu de votre paiement.\n\
         Votre compte : {link}\n\n{landlord}\n",
        landlord = st.settings.landlord_name,
        number = request_number(p.id),
        amount = Money::from_cents(p.amount_cents),
        auth = get("vads_auth_number"),
        card = get("vads_card_number"),
        trans_id = p.trans_id,
        trans_day = crate::infra::french_date(&format!(
            "{}-{}-{}",
            &p.trans_date[..4],
            &p.trans_date[4..6],
            &p.trans_date[6..8]
        )),
        link = st.settings.link(crate::routes::ACCOUNT),
    );
    st.mailer
        .send_later(&to, "Votre paiement en ligne est accepté", body);
}

//! The pre-filled SEPA direct-debit mandate (PDF) with every mention the EPC
//! rulebook requires, in French: title, RUM, the creditor's name, address and
//! ICS, the debtor's name, address, IBAN and BIC, recurrent payment, place,
//! date and signature zones, the authorisation text and the refund right.
use crate::auth::ssr::queries::Tenant;
use crate::documents::ssr::{download_tenant, technical_problem};
use crate::domain::{Email, Iban};
use crate::error::AppError;
use crate::infra::pdf::Pdf;
use crate::infra::{AppState, web};
use axum::extract::{Path, State};
use axum::response::Response;
use tower_sessions::Session;

struct Mandate {
    rum: String,
    holder: String,
    iban: String,
    bic: String,
    day: i64,
    account: String,
    address: String,
}

async fn load(st: &AppState, account_id: i64, id: i64) -> Result<Option<Mandate>, AppError> {
    type Row = (Option<String>, String, String, String, Option<i64>, String);
    let row: Option<Row> = sqlx::query_as(
        "SELECT r.rum, r.holder, r.iban, r.bic, r.debit_day, a.number FROM direct_debit_request r
         JOIN client_account a ON a.id = r.account_id
         WHERE r.id = $1 AND r.account_id = $2 AND r.kind = 'mise_en_place'",
    )
    .bind(id)
    .bind(account_id)
    .fetch_optional(&st.db.pool)
    .await?;
    let Some((Some(rum), holder, iban, bic, day, account)) = row else {
        return Ok(None);
    };
    let address: Option<(String,)> = sqlx::query_as(
        "SELECT l.address FROM direct_debit_request_lease r JOIN lease l ON l.id = r.lease_id
         WHERE r.request_id = $1 ORDER BY l.kind = 'logement' DESC, l.reference LIMIT 1",
    )
    .bind(id)
    .fetch_optional(&st.db.pool)
    .await?;
    Ok(Some(Mandate {
        rum,
        holder,
        iban,
        bic,
        day: day.unwrap_or(5),
        account,
        address: address.map(|a| a.0).unwrap_or_default(),
    }))
}

fn render(st: &AppState, m: &Mandate, creditor: &(String, String)) -> Result<Vec<u8>, String> {
    let ics = st.settings.creditor_ics.to_string();
    let iban = Iban::parse(&m.iban)
        .map(|i| i.grouped())
        .unwrap_or_else(|_| m.iban.clone());
    let mut pdf = Pdf::new("Mandat de prélèvement SEPA");
    pdf.line(18.0, true, "Mandat de prélèvement SEPA");
    pdf.line(
        11.0,
        false,
        &format!("Référence unique du mandat (RUM) : {}", m.rum),
    );
    pdf.line(
        11.0,
        false,
        "Type de paiement : paiement récurrent / répétitif",
    );
    pdf.down(10.0);
    pdf.paragraph(
        9.5,
        &format!(
            "En signant ce formulaire de mandat, vous autorisez (A) {c} à envoyer des instructions à votre banque \
             pour débiter votre compte, et (B) votre banque à débiter votre compte conformément aux instructions de {c}.",
            c = creditor.0
        ),
    );
    pdf.paragraph(
        9.5,
        "Vous bénéficiez du droit d'être remboursé par votre banque selon les conditions décrites dans la convention \
         que vous avez passée avec elle. Une demande de remboursement doit être présentée dans les 8 semaines suivant \
         la date de débit de votre compte pour un prélèvement autorisé. Vos droits concernant le présent mandat sont \
         expliqués dans un document que vous pouvez obtenir auprès de votre banque.",
    );
    pdf.down(8.0);
    pdf.line(12.0, true, "Créancier");
    pdf.line(10.0, false, &format!("Nom : {}", creditor.0));
    pdf.line(10.0, false, &format!("Adresse : {}", creditor.1));
    pdf.line(
        10.0,
        false,
        &format!("Identifiant créancier SEPA (ICS) : {ics}"),
    );
    pdf.down(8.0);
    pdf.line(12.0, true, "Débiteur");
    pdf.line(
        10.0,
        false,
        &format!("Nom du titulaire du compte : {}", m.holder),
    );
    pdf.line(10.0, false, &format!("Adresse : {}", m.address));
    pdf.line(10.0, false, &format!("Compte client n° {}", m.account));
    pdf.line(10.0, false, &format!("IBAN : {iban}"));
    pdf.line(10.0, false, &format!("BIC : {}", m.bic));
    pdf.line(
        10.0,
        false,
        &format!("Prélèvement le {} de chaque mois", m.day),
    );
    pdf.down(14.0);
    pdf.line(10.0, false, "Fait à : ..............................................   Le : ........ / ........ / ............");
    pdf.down(8.0);
    pdf.line(10.0, true, "Signature du titulaire du compte :");
    pdf.frame(56.0, 260.0, 70.0);
    pdf.down(84.0);
    pdf.paragraph(
        8.5,
        "Merci de dater et signer ce mandat, puis de le retourner à votre bailleur : par courrier, ou dans votre espace \
         locataire, menu « Nous contacter », avec le type de document « Mandat de prélèvement SEPA ». Le prélèvement \
         ne sera mis en place qu'à réception du mandat signé.",
    );
    pdf.finish()
}

/// The PDF of request `id` of the account, or None when it is not theirs.
pub async fn pdf_of(
    st: &AppState,
    account_id: i64,
    id: i64,
) -> Result<Option<(String, Vec<u8>)>, AppError> {
    let Some(m) = load(st, account_id, id).await? else {
        return Ok(None);
    };
    let creditor = super::store::landlord(&st.db).await?;
    let bytes = render(st, &m, &creditor).map_err(|e| AppError::internal("mandate pdf", e))?;
    Ok(Some((format!("mandat-sepa-{}.pdf", m.rum), bytes)))
}

/// `GET /prelevements/mandat/{id}`: the tenant's own mandate only.
pub async fn download(
    State(st): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Response {
    let tenant = match download_tenant(&st, &session).await {
        Ok(t) => t,
        Err(res) => return res,
    };
    let Ok(id) = id.parse::<i64>() else {
        return web::document_not_found();
    };
    match pdf_of(&st, tenant.account_id, id).await {
        Ok(Some((name, bytes))) => web::pdf(bytes, &name),
        Ok(None) => web::document_not_found(),
        Err(_) => technical_problem(),
    }
}

/// The mandate, mailed to the tenant to sign and return.
pub async fn mail(st: &AppState, tenant: &Tenant, id: i64) {
    let email = crate::auth::ssr::queries::email_of(&st.db, tenant.login_id).await;
    let (Ok(Some(email)), Ok(Some(pdf))) = (email, pdf_of(st, tenant.account_id, id).await) else {
        tracing::error!(request = id, "mandate mail not prepared");
        return;
    };
    let Ok(to) = Email::parse(&email) else { return };
    let body = format!(
        "Bonjour,\n\n\
         Votre demande de prélèvement automatique n° {id:09} est enregistrée.\n\n\
         Le mandat de prélèvement SEPA pré-rempli est joint à ce message. Merci de l'imprimer, de le dater et de le \
         signer, puis de nous le retourner par courrier ou dans votre espace locataire, menu « Nous contacter », \
         avec le type de document « Mandat de prélèvement SEPA ».\n\n\
         Le prélèvement sera mis en place à réception du mandat signé. Vous suivez l'avancement de votre demande \
         dans le menu « Prélèvements automatiques » : {link}\n\n{landlord}\n",
        link = st.settings.link(crate::routes::DIRECT_DEBIT),
        landlord = st.settings.landlord_name,
    );
    st.mailer
        .send_later_with_pdf(&to, "Votre mandat de prélèvement SEPA à signer", body, pdf);
}

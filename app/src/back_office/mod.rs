//! Gestion: the back office where the landlord's staff answer tenants. Staff
//! sign in with a password and a TOTP code; an agent sees their agency's
//! tenants and requests, accounting the payments and direct debit of all,
//! an administrator everything and the audit log. Every page and action
//! checks the staff member's rights on the server and is logged.

pub(crate) mod collections_page;
mod layout;
mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use collections_page::CollectionsPage;
pub use layout::StaffLayout;
pub use pages::{
    AuditPage, DebitPage, DebitsPage, InboxPage, PaymentsPage, RequestPage, StaffLoginPage,
    TeamPage, TenantPage, TenantsPage,
};

use crate::error::AppError;
use crate::forms::FormOutcome;
use crate::requests::AttachmentView;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub const HOME: &str = "/gestion";
pub const LOGIN: &str = "/gestion/connexion";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InboxItem {
    pub id: i64,
    /// Its page in the back office.
    pub href: String,
    pub kind: String,
    pub number: String,
    pub date: String,
    pub age_days: i64,
    pub tenant: String,
    pub agency: String,
    pub subject: String,
    pub status: String,
    pub taken_by: String,
    pub emergency: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InboxView {
    pub staff: String,
    pub items: Vec<InboxItem>,
    /// Filter choices: (value, label).
    pub agencies: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestDetail {
    pub id: i64,
    pub title: String,
    pub tenant: String,
    pub account: String,
    pub agency: String,
    pub subject: String,
    pub place: String,
    pub body: String,
    pub emergency: bool,
    pub status: String,
    pub taken_by: String,
    /// The statuses it may move to: (code, label).
    pub moves: Vec<(String, String)>,
    /// (who, when, text)
    pub messages: Vec<(String, String, String)>,
    pub history: Vec<(String, String)>,
    pub attachments: Vec<AttachmentView>,
}

/// A direct-debit request, for accounting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DebitRequest {
    pub id: i64,
    pub date: String,
    pub account: String,
    pub kind: String,
    pub holder: String,
    pub iban: String,
    pub bic: String,
    pub day: String,
    pub rum: String,
    pub progress: String,
    pub moves: Vec<(String, String)>,
}

/// One debit of a SEPA file being prepared.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CollectionLine {
    pub account: String,
    pub holder: String,
    pub rum: String,
    /// Masked: the full IBAN is only in the file.
    pub iban: String,
    pub amount: String,
    pub sequence: String,
}

/// What a file for the chosen date would hold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CollectionPreview {
    /// yyyy-mm-dd
    pub date: String,
    pub date_fr: String,
    pub lines: Vec<CollectionLine>,
    /// (account, why it is not debited)
    pub left_out: Vec<(String, String)>,
    pub total: String,
    /// A file not cancelled already exists for the date: no second one.
    pub existing: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CollectionFile {
    pub id: i64,
    pub date: String,
    pub version: String,
    pub count: i64,
    pub total: String,
    pub status: String,
    /// Generated, not yet sent: it may be marked as sent or cancelled.
    pub open: bool,
    pub created: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CollectionsView {
    /// The first date that may be chosen (yyyy-mm-dd).
    pub earliest: String,
    pub earliest_fr: String,
    pub version: String,
    /// The date asked for, as typed.
    pub date: String,
    pub date_error: Option<String>,
    pub preview: Option<CollectionPreview>,
    pub files: Vec<CollectionFile>,
}

/// A staff account just created: its second factor, shown once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewStaff {
    pub email: String,
    pub totp_secret: String,
    pub otpauth_url: String,
    pub recovery_codes: Vec<String>,
}

/// A staff account as administrators see it in « Équipe ».
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeamMember {
    pub id: i64,
    pub name: String,
    pub email: String,
    /// The role's label ("Agent"…).
    pub role: String,
    pub agency: String,
    pub active: bool,
    /// The administrator looking: they may not deactivate or demote themself.
    pub is_me: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeamView {
    /// Active members first, then the deactivated ones (to reactivate).
    pub members: Vec<TeamMember>,
    /// (code, name)
    pub agencies: Vec<(String, String)>,
    pub created: Option<NewStaff>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TenantHit {
    pub account: String,
    pub names: String,
    pub email: String,
    pub agency: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TenantFile {
    pub account: String,
    pub agency: String,
    /// (name, role, email)
    pub people: Vec<(String, String, String)>,
    /// (label, address, insurance); None for a role that may not see them
    /// (accounting), and the same for `requests` and `documents`.
    pub leases: Option<Vec<(String, String, String)>>,
    pub balance: String,
    /// (date, label, amount)
    pub ledger: Vec<(String, String, String)>,
    pub requests: Option<Vec<InboxItem>>,
    /// (date, amount, status, reference)
    pub payments: Vec<(String, String, String, String)>,
    /// (rum, status)
    pub mandates: Vec<(String, String)>,
    /// Notices the ERP produced: (kind, period).
    pub documents: Option<Vec<(String, String)>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PaymentRow {
    pub date: String,
    pub account: String,
    pub amount: String,
    pub status: String,
    pub reference: String,
}

/// The payments page: the bank's mode in use, then the payments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PaymentsView {
    /// "Mode de paiement : TEST (…)" or "… PRODUCTION …".
    pub mode: String,
    /// TEST: shown as a warning.
    pub test: bool,
    pub rows: Vec<PaymentRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditRow {
    pub at: String,
    pub staff: String,
    pub action: String,
    pub account: String,
    pub detail: String,
    pub ip: String,
}

/// Connexion du personnel: identifiant, mot de passe et code à 6 chiffres.
#[server(endpoint = "gestion_connexion")]
pub async fn staff_sign_in(
    email: String,
    password: String,
    code: String,
) -> Result<FormOutcome, AppError> {
    ssr::sign_in(&email, &password, &code).await
}

#[server(endpoint = "gestion_boite")]
pub async fn load_inbox(
    agence: Option<String>,
    genre: Option<String>,
    statut: Option<String>,
    age: Option<String>,
) -> Result<InboxView, AppError> {
    let filters = ssr::inbox::Filters {
        agency: agence,
        area: genre,
        status: statut,
        age,
    };
    ssr::with_staff(|st, staff| async move { ssr::inbox::inbox(&st, &staff, filters).await }).await
}

#[server(endpoint = "gestion_demande")]
pub async fn load_request(id: String) -> Result<RequestDetail, AppError> {
    ssr::with_staff(|st, staff| async move { ssr::inbox::detail(&st, &staff, &id).await }).await
}

/// Prendre en charge, répondre, changer l'avancement.
#[server(endpoint = "gestion_traiter")]
pub async fn handle_request(
    demande: String,
    statut: String,
    reponse: String,
) -> Result<FormOutcome, AppError> {
    ssr::with_staff(|st, staff| async move {
        ssr::inbox::handle(&st, &staff, &demande, &statut, &reponse).await
    })
    .await
}

#[server(endpoint = "gestion_locataires")]
pub async fn search_tenants(q: Option<String>) -> Result<Vec<TenantHit>, AppError> {
    ssr::with_staff(|st, staff| async move {
        ssr::tenants::search(&st, &staff, q.as_deref().unwrap_or("")).await
    })
    .await
}

#[server(endpoint = "gestion_locataire")]
pub async fn load_tenant(numero: String) -> Result<TenantFile, AppError> {
    ssr::with_staff(|st, staff| async move { ssr::tenants::file(&st, &staff, &numero).await }).await
}

#[server(endpoint = "gestion_paiements")]
pub async fn load_payments() -> Result<PaymentsView, AppError> {
    ssr::with_staff(|st, staff| async move { ssr::payments::view(&st, &staff).await }).await
}

#[server(endpoint = "gestion_journal")]
pub async fn load_audit() -> Result<Vec<AuditRow>, AppError> {
    ssr::with_staff(|st, staff| async move { ssr::audit::list(&st, &staff).await }).await
}

#[server(endpoint = "gestion_prelevements")]
pub async fn load_debits() -> Result<Vec<DebitRequest>, AppError> {
    ssr::with_staff(|st, staff| async move { ssr::direct_debit::list(&st, &staff).await }).await
}

#[server(endpoint = "gestion_prelevement")]
pub async fn load_debit(id: String) -> Result<DebitRequest, AppError> {
    ssr::with_staff(|st, staff| async move { ssr::direct_debit::detail(&st, &staff, &id).await })
        .await
}

/// Mandat reçu, activée, refusée : motif.
#[server(endpoint = "gestion_decider_prelevement")]
pub async fn decide_debit(
    demande: String,
    statut: String,
    motif: String,
) -> Result<FormOutcome, AppError> {
    ssr::with_staff(|st, staff| async move {
        ssr::direct_debit::decide(&st, &staff, &demande, &statut, &motif).await
    })
    .await
}

#[server(endpoint = "gestion_fichiers_sepa")]
pub async fn load_collections(date: Option<String>) -> Result<CollectionsView, AppError> {
    ssr::with_staff(|st, staff| async move { ssr::collections::view(&st, &staff, date).await })
        .await
}

/// GÉNÉRER LE FICHIER for a collection date.
#[server(endpoint = "gestion_generer_sepa")]
pub async fn generate_collection(date: String) -> Result<FormOutcome, AppError> {
    ssr::with_staff(|st, staff| async move { ssr::collections::generate(&st, &staff, &date).await })
        .await
}

/// A generated file: marked as sent to the bank ("envoye") or cancelled ("annuler").
#[server(endpoint = "gestion_fichier_sepa")]
pub async fn collection_step(fichier: String, etape: String) -> Result<FormOutcome, AppError> {
    ssr::with_staff(|st, staff| async move {
        ssr::collections::act(&st, &staff, &fichier, &etape).await
    })
    .await
}

/// DÉCONNEXION of the back office.
#[server(endpoint = "gestion_deconnexion")]
pub async fn staff_sign_out() -> Result<FormOutcome, AppError> {
    let session = crate::infra::session().await?;
    if let Ok(st) = crate::infra::state()
        && let Ok(me) = ssr::staff::current(&st.db, &session).await
    {
        let ip = crate::infra::client_ip();
        ssr::audit::log(&st.db, &me, "déconnexion", None, "", &ip).await?;
    }
    crate::auth::ssr::session::sign_out(&session).await?;
    Ok(FormOutcome::to(LOGIN))
}

#[server(endpoint = "gestion_equipe")]
pub async fn load_team() -> Result<TeamView, AppError> {
    ssr::with_staff(|st, staff| async move { ssr::team::view(&st, &staff).await }).await
}

/// A new staff account (administrators).
#[server(endpoint = "gestion_nouveau_membre")]
pub async fn add_staff(
    email: String,
    nom: String,
    role: String,
    agence: String,
    password: String,
) -> Result<FormOutcome, AppError> {
    ssr::with_staff(|st, staff| async move {
        ssr::team::create(&st, &staff, [&email, &nom, &role, &agence, &password]).await
    })
    .await
}

/// Désactiver un membre (administrators): their open sessions close too.
#[server(endpoint = "gestion_desactiver_membre")]
pub async fn deactivate_staff(membre: String) -> Result<FormOutcome, AppError> {
    ssr::with_staff(|st, staff| async move {
        ssr::team::access(&st, &staff, &membre, ssr::team::Access::Deactivate).await
    })
    .await
}

/// Réactiver un membre désactivé (administrators).
#[server(endpoint = "gestion_reactiver_membre")]
pub async fn reactivate_staff(membre: String) -> Result<FormOutcome, AppError> {
    ssr::with_staff(|st, staff| async move {
        ssr::team::access(&st, &staff, &membre, ssr::team::Access::Reactivate).await
    })
    .await
}

/// Fermer les sessions d'un membre (administrators): a lost or shared
/// browser is signed out at its next request.
#[server(endpoint = "gestion_fermer_sessions")]
pub async fn close_staff_sessions(membre: String) -> Result<FormOutcome, AppError> {
    ssr::with_staff(|st, staff| async move {
        ssr::team::access(&st, &staff, &membre, ssr::team::Access::CloseSessions).await
    })
    .await
}

/// Changer le rôle (et l'agence) d'un membre (administrators).
#[server(endpoint = "gestion_changer_role")]
pub async fn change_staff_role(
    membre: String,
    nouveau_role: String,
    nouvelle_agence: String,
) -> Result<FormOutcome, AppError> {
    ssr::with_staff(|st, staff| async move {
        ssr::team::change_role(&st, &staff, [&membre, &nouveau_role, &nouvelle_agence]).await
    })
    .await
}

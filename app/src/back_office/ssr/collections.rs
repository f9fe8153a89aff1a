//! Fichiers SEPA: accounting chooses a collection date, sees who would be
//! debited and how much, generates the pain.008 file, downloads it, and
//! marks it as sent to the bank (or cancels it). Comptabilité and
//! administrators only; every step is audited. The rules are the direct
//! debit area's (`direct_debit::ssr::collection`).
use super::staff::Staff;
use super::{audit, staff};
use crate::back_office::{CollectionFile, CollectionLine, CollectionPreview, CollectionsView};
use crate::direct_debit::ssr::collection::pain008::{Creditor, Sequence};
use crate::direct_debit::ssr::collection::store::{self, Generated};
use crate::direct_debit::ssr::collection::{self as rules, Decision, Planned};
use crate::domain::{Email, Money};
use crate::error::AppError;
use crate::forms::{FormOutcome, FormState};
use crate::infra::{AppState, client_ip, today};
use chrono::NaiveDate;

pub const PAGE: &str = "/gestion/prelevements-sepa";
pub use crate::back_office::collections_page::ALREADY_ONE;

fn allowed(staff: &Staff) -> Result<(), AppError> {
    if staff.handles_money() {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// The page: the date form (with the list for a date chosen), the files.
pub async fn view(
    st: &AppState,
    me: &Staff,
    date: Option<String>,
) -> Result<CollectionsView, AppError> {
    allowed(me)?;
    let sdd = &st.settings.sdd;
    let earliest = rules::next_date(today(), sdd.prenotice_days);
    let mut v = CollectionsView {
        earliest: earliest.format("%Y-%m-%d").to_string(),
        earliest_fr: earliest.format("%d/%m/%Y").to_string(),
        version: sdd.version.code().into(),
        date: date.clone().unwrap_or_default(),
        date_error: None,
        preview: None,
        files: files(st).await?,
    };
    if let Some(raw) = date.filter(|d| !d.trim().is_empty()) {
        match rules::check_date(&raw, today(), sdd.prenotice_days) {
            Ok(day) => v.preview = Some(preview(st, day).await?),
            Err(msg) => v.date_error = Some(msg),
        }
    }
    Ok(v)
}

async fn plan(
    st: &AppState,
    day: NaiveDate,
) -> Result<(Vec<Planned>, Vec<(String, String)>), AppError> {
    let mut planned = Vec::new();
    let mut left_out = Vec::new();
    for c in store::candidates(&st.db, day).await? {
        let account = c.account.clone();
        match rules::decide(c) {
            Decision::Debit(p) => planned.push(*p),
            Decision::NothingDue => {}
            Decision::LeftOut(reason) => left_out.push((account, reason)),
        }
    }
    Ok((planned, left_out))
}

async fn preview(st: &AppState, day: NaiveDate) -> Result<CollectionPreview, AppError> {
    let existing = store::open_on(&st.db, day).await?;
    let (planned, left_out) = if existing {
        (vec![], vec![])
    } else {
        plan(st, day).await?
    };
    let total = Money::from_cents(planned.iter().map(|p| p.amount.cents()).sum());
    Ok(CollectionPreview {
        date: day.format("%Y-%m-%d").to_string(),
        date_fr: day.format("%d/%m/%Y").to_string(),
        total: total.to_string(),
        lines: planned
            .iter()
            .map(|p| CollectionLine {
                account: p.candidate.account.clone(),
                holder: p.candidate.holder.clone(),
                rum: p.candidate.rum.clone(),
                iban: p.iban.masked(),
                amount: p.amount.to_string(),
                sequence: sequence_label(p).into(),
            })
            .collect(),
        left_out,
        existing,
    })
}

fn sequence_label(p: &Planned) -> &'static str {
    match (p.sequence, &p.amendment) {
        (Sequence::First, None) => "Premier (FRST)",
        (Sequence::First, Some(_)) => "Premier, nouvelle banque (FRST)",
        (Sequence::Recurrent, None) => "Récurrent (RCUR)",
        (Sequence::Recurrent, Some(_)) => "Récurrent, nouveau compte (RCUR)",
    }
}

async fn files(st: &AppState) -> Result<Vec<CollectionFile>, AppError> {
    Ok(store::files(&st.db)
        .await?
        .into_iter()
        .map(
            |(id, date, version, count, cents, status, at)| CollectionFile {
                id,
                date: crate::infra::french_date(&date),
                version,
                count,
                total: Money::from_cents(cents).to_string(),
                status: match status.as_str() {
                    "generee" => "Généré, à envoyer à la banque",
                    "envoyee" => "Envoyé à la banque",
                    _ => "Annulé",
                }
                .into(),
                open: status == "generee",
                created: super::inbox::when(at),
            },
        )
        .collect())
}

/// GÉNÉRER LE FICHIER: the file, the audit line, the tenants' pre-notification.
pub async fn generate(st: &AppState, me: &Staff, date: &str) -> Result<FormOutcome, AppError> {
    allowed(me)?;
    let sdd = &st.settings.sdd;
    let mut form = FormState::default();
    form.keep("date", date);
    let day = match rules::check_date(date, today(), sdd.prenotice_days) {
        Ok(day) => day,
        Err(msg) => {
            form.general = Some(msg);
            return Ok(FormOutcome::Refused(form));
        }
    };
    let (planned, _) = plan(st, day).await?;
    let creditor = Creditor {
        name: st.settings.landlord_name.clone(),
        iban: sdd.creditor_iban.clone(),
        bic: sdd.creditor_bic.clone(),
        ics: st.settings.creditor_ics.clone(),
    };
    match store::generate(&st.db, day, &planned, creditor, sdd.version, me.id).await? {
        Generated::Done { id, count, total } => {
            let detail = format!(
                "fichier {id} du {} : {count} prélèvements, {total}",
                day.format("%d/%m/%Y")
            );
            audit::log(
                &st.db,
                me,
                "fichier SEPA généré",
                None,
                &detail,
                &client_ip(),
            )
            .await?;
            prenotify(st, id, &planned, day).await?;
            Ok(FormOutcome::to(PAGE))
        }
        Generated::AlreadyOne => {
            form.general = Some(ALREADY_ONE.into());
            Ok(FormOutcome::Refused(form))
        }
        Generated::Empty => {
            form.general = Some("Aucun prélèvement à effectuer à cette date.".into());
            Ok(FormOutcome::Refused(form))
        }
    }
}

/// The pre-notification (SEPA rulebook): the amount and the date, by mail
/// to every activated login of each account debited.
async fn prenotify(
    st: &AppState,
    id: i64,
    planned: &[Planned],
    day: NaiveDate,
) -> Result<(), AppError> {
    for (account_id, email) in store::recipients(&st.db, id).await? {
        let Some(p) = planned
            .iter()
            .find(|p| p.candidate.account_id == account_id)
        else {
            continue;
        };
        let Ok(to) = Email::parse(&email) else {
            continue;
        };
        let body = format!(
            "Bonjour,\n\nVotre loyer sera prélevé le {} sur votre compte {}, pour un montant de {} \
             (compte client n° {}, mandat {}).\n\nCe montant est le solde de votre compte à cette date. \
             Pour toute question, écrivez-nous depuis « Nous contacter » dans votre espace locataire.\n\n{}\n",
            day.format("%d/%m/%Y"),
            p.iban.masked(),
            p.amount,
            p.candidate.account,
            p.candidate.rum,
            st.settings.landlord_name
        );
        st.mailer
            .send_later(&to, "Votre prochain prélèvement", body);
    }
    Ok(())
}

/// MARQUER COMME ENVOYÉ or ANNULER on a generated file.
pub async fn act(
    st: &AppState,
    me: &Staff,
    id: &str,
    action: &str,
) -> Result<FormOutcome, AppError> {
    allowed(me)?;
    let id: i64 = id.trim().parse().map_err(|_| AppError::NotFound)?;
    let (done, what) = match action {
        "envoye" => (
            store::mark_sent(&st.db, id, me.id).await?,
            "fichier SEPA envoyé à la banque",
        ),
        "annuler" => (store::cancel(&st.db, id).await?, "fichier SEPA annulé"),
        _ => return Err(AppError::NotFound),
    };
    if !done {
        return Ok(FormOutcome::Refused(FormState::general(
            "Ce fichier a déjà été envoyé ou annulé.",
        )));
    }
    audit::log(
        &st.db,
        me,
        what,
        None,
        &format!("fichier {id}"),
        &client_ip(),
    )
    .await?;
    Ok(FormOutcome::to(PAGE))
}

/// `GET /gestion/prelevements-sepa/{id}`: the file as generated, audited.
pub async fn download(
    axum::extract::State(st): axum::extract::State<AppState>,
    session: tower_sessions::Session,
    axum::extract::Path(id): axum::extract::Path<String>,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<std::net::SocketAddr>,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    use axum::http::{HeaderValue, header};
    use axum::response::IntoResponse;
    let me = match staff::current(&st.db, &session).await {
        Ok(me) => me,
        Err(_) => return crate::infra::web::see_other(crate::back_office::LOGIN),
    };
    let id = id.trim_end_matches(".xml").parse::<i64>().ok();
    let found = match (allowed(&me), id) {
        (Ok(()), Some(id)) => store::xml(&st.db, id).await.map(|f| f.map(|f| (id, f))),
        _ => Ok(None),
    };
    let (id, (xml, date)) = match found {
        Ok(Some(f)) => f,
        Ok(None) => return super::download::not_found(),
        Err(_) => return crate::documents::ssr::technical_problem(),
    };
    let ip = crate::infra::ip_from(&headers, Some(peer), st.settings.proxy_hops);
    let _ = audit::log(
        &st.db,
        &me,
        "fichier SEPA téléchargé",
        None,
        &format!("fichier {id}"),
        &ip,
    )
    .await;
    let mut res = xml.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/xml; charset=utf-8"),
    );
    let name = format!("attachment; filename=\"prelevements-{date}.xml\"");
    if let Ok(v) = HeaderValue::from_str(&name) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    res
}

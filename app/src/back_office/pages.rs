//! The back office's pages. Plain forms and links: everything works with
//! JavaScript off; the filters and the search are GET forms.
use super::*;
use crate::components::{PageTitle, query_param};
use crate::forms::{Field, FieldKind, Form, Select, TextArea};
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_params_map;

/// A staff page: its data, or the staff sign-in, or « introuvable » (the
/// same for what does not exist and what this staff member may not see).
pub(super) fn staff_page<T, V>(
    data: Resource<Result<T, AppError>>,
    render: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
            {move || {
                let render = render.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(value) => render(value).into_any(),
                        Err(AppError::NotSignedIn) => view! { <Redirect path=LOGIN /> }.into_any(),
                        Err(AppError::NotFound) => not_found().into_any(),
                        Err(e) => view! { <p class="alert alert-error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

fn not_found() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <p class="alert alert-error" role="alert">{AppError::NotFound.to_string()}</p>
        <p><a class="button" href=HOME>"Retour à la boîte de réception"</a></p>
    }
}

#[component]
pub fn StaffLoginPage() -> impl IntoView {
    let action = ServerAction::<StaffSignIn>::new();
    view! {
        <PageTitle title="Gestion : connexion du personnel" />
        <p>"Réservé au personnel du bailleur. Saisissez votre identifiant, votre mot de passe et le code à 6 chiffres de votre application d'authentification (ou un code de secours)."</p>
        <Form action button="ME CONNECTER">
            <Field name="email" label="Identifiant" kind=FieldKind::Email autocomplete="username" />
            <Field name="password" label="Mot de passe" kind=FieldKind::Password autocomplete="current-password" />
            <Field name="code" label="Code de vérification" kind=FieldKind::Password autocomplete="one-time-code" inputmode="numeric" />
        </Form>
    }
}

fn param(name: &'static str) -> Option<String> {
    let (_, query) = crate::components::current_url();
    query_param(&query, name).filter(|v| !v.is_empty())
}

fn options(
    list: Vec<(String, String)>,
    chosen: Option<String>,
    all: &'static str,
) -> impl IntoView {
    let chosen = chosen.unwrap_or_default();
    view! {
        <option value="">{all}</option>
        {list.into_iter().map(|(v, l)| {
            let selected = v == chosen;
            view! { <option value=v selected=selected>{l}</option> }
        }).collect_view()}
    }
}

#[component]
pub fn InboxPage() -> impl IntoView {
    let filters = (
        param("agence"),
        param("genre"),
        param("statut"),
        param("age"),
    );
    let data = Resource::new(
        move || filters.clone(),
        |(a, g, s, age)| load_inbox(a, g, s, age),
    );
    view! {
        <PageTitle title="Boîte de réception" />
        {staff_page(data, move |v: InboxView| inbox(v, (param("agence"), param("genre"), param("statut"), param("age"))))}
    }
}

fn inbox(
    v: InboxView,
    f: (
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    ),
) -> impl IntoView {
    let areas = crate::requests::Area::ALL
        .iter()
        .map(|a| (a.code().to_string(), a.label().to_string()))
        .collect();
    let statuses = crate::requests::Status::ALL
        .iter()
        .map(|s| {
            (
                s.code().to_string(),
                s.label(crate::requests::Area::Request).to_string(),
            )
        })
        .collect();
    let ages = vec![
        ("2".to_string(), "plus de 2 jours".to_string()),
        ("7".into(), "plus de 7 jours".into()),
        ("30".into(), "plus de 30 jours".into()),
    ];
    view! {
        <p>{format!("Bonjour {}. Les plus anciennes d'abord.", v.staff)}</p>
        <form method="get" action=HOME class="filters">
            <div class="field"><label for="f-agence">"Agence"</label><select id="f-agence" name="agence">{options(v.agencies, f.0, "Toutes")}</select></div>
            <div class="field"><label for="f-genre">"Type"</label><select id="f-genre" name="genre">{options(areas, f.1, "Tous")}</select></div>
            <div class="field"><label for="f-statut">"Avancement"</label><select id="f-statut" name="statut">{options(statuses, f.2, "Non traitées")}</select></div>
            <div class="field"><label for="f-age">"Ancienneté"</label><select id="f-age" name="age">{options(ages, f.3, "Toutes")}</select></div>
            <button type="submit" class="button">"FILTRER"</button>
        </form>
        {items(v.items)}
    }
}

fn items(list: Vec<InboxItem>) -> AnyView {
    if list.is_empty() {
        return view! { <p>"Aucune demande ne correspond."</p> }.into_any();
    }
    view! {
        <div class="table-scroll">
            <table class="ledger inbox">
                <thead><tr>
                    <th scope="col">"Reçue le"</th><th scope="col">"Demande"</th><th scope="col">"Locataire"</th>
                    <th scope="col">"Agence"</th><th scope="col">"Objet"</th><th scope="col">"Avancement"</th>
                </tr></thead>
                <tbody>
                    {list.into_iter().map(|i| view! {
                        <tr>
                            <td data-label="Reçue le">{i.date}{format!(" ({} j)", i.age_days)}</td>
                            <td data-label="Demande"><a href=i.href>{format!("{} n° {}", i.kind, i.number)}</a>{i.emergency.then_some(" – URGENT")}</td>
                            <td data-label="Locataire">{i.tenant}</td>
                            <td data-label="Agence">{i.agency}</td>
                            <td data-label="Objet">{i.subject}</td>
                            <td data-label="Avancement">{i.status}{(!i.taken_by.is_empty()).then(|| format!(" ({})", i.taken_by))}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
pub fn RequestPage() -> impl IntoView {
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let data = Resource::new(move || id.clone(), load_request);
    view! {
        <PageTitle title="Demande d'un locataire" />
        {staff_page(data, request)}
    }
}

fn request(d: RequestDetail) -> impl IntoView {
    let action = ServerAction::<HandleRequest>::new();
    let open = !d.moves.is_empty();
    view! {
        <h2>{d.title}</h2>
        <dl class="facts">
            <dt>"Locataire"</dt><dd>{d.tenant}</dd>
            <dt>"Agence"</dt><dd>{d.agency}</dd>
            <dt>"Objet"</dt><dd>{d.subject}</dd>
            <dt>"Précision"</dt><dd>{d.place}{d.emergency.then_some(" – urgence signalée")}</dd>
            <dt>"Avancement"</dt><dd>{d.status}{(!d.taken_by.is_empty()).then(|| format!(", pris en charge par {}", d.taken_by))}</dd>
        </dl>
        {(!d.body.is_empty()).then(|| view! { <p class="message-body">{d.body.clone()}</p> })}
        <h3>"Pièces jointes"</h3>
        {if d.attachments.is_empty() { view! { <p>"Aucune."</p> }.into_any() } else {
            view! { <ul>{d.attachments.into_iter().map(|a| view! {
                <li><a href=a.href rel="external" target="_blank">{a.name}</a>{(!a.doc_type.is_empty()).then(|| format!(" ({})", a.doc_type))}</li>
            }).collect_view()}</ul> }.into_any()
        }}
        <h3>"Échanges"</h3>
        <ol class="messages">{d.messages.into_iter().map(|(who, at, text)| view! {
            <li><p class="message-meta">{format!("{who}, le {at}")}</p><p class="message-body">{text}</p></li>
        }).collect_view()}</ol>
        <details><summary>"Historique"</summary>
            <ul>{d.history.into_iter().map(|(at, s)| view! { <li>{format!("{at} : {s}")}</li> }).collect_view()}</ul>
        </details>
        {open.then(|| view! {
            <h3>"Traiter la demande"</h3>
            <Form action button="ENREGISTRER">
                <input type="hidden" name="demande" value=d.id.to_string() />
                <Select name="statut" label="Nouvel avancement" options=d.moves.clone() />
                <TextArea name="reponse" label="Réponse au locataire (facultative)" max=crate::requests::rules::MAX_MESSAGE
                    hint="Elle lui est envoyée par e-mail et s'affiche dans son espace." />
            </Form>
        })}
    }
}

#[component]
pub fn TenantsPage() -> impl IntoView {
    let q = param("q");
    let query = q.clone();
    let data = Resource::new(move || query.clone(), search_tenants);
    view! {
        <PageTitle title="Rechercher un locataire" />
        <form method="get" action=format!("{HOME}/locataires") class="filters">
            <div class="field"><label for="q">"N° de compte, nom ou e-mail"</label>
                <input type="search" id="q" name="q" value=q /></div>
            <button type="submit" class="button">"RECHERCHER"</button>
        </form>
        {staff_page(data, |hits: Vec<TenantHit>| view! {
            <ul class="hits">{hits.into_iter().map(|h| view! {
                <li><a href=format!("{HOME}/locataires/{}", h.account)>{format!("Compte {} – {}", h.account, h.names)}</a>
                    {format!(" ({}, {})", h.email, h.agency)}</li>
            }).collect_view()}</ul>
        })}
    }
}

#[component]
pub fn TenantPage() -> impl IntoView {
    let params = use_params_map();
    let numero = params.with_untracked(|p| p.get("numero").unwrap_or_default());
    let data = Resource::new(move || numero.clone(), load_tenant);
    view! {
        <PageTitle title="Dossier du locataire" />
        {staff_page(data, tenant)}
    }
}

/// The sections a role may not see come empty-handed from the server (None)
/// and are left out, headings included.
fn tenant(t: TenantFile) -> impl IntoView {
    view! {
        <h2>{format!("Compte {} – {}", t.account, t.agency)}</h2>
        <p>{format!("Solde : {}", t.balance)}</p>
        <h3>"Personnes"</h3>
        <ul>{t.people.into_iter().map(|(n, r, e)| view! { <li>{format!("{n} ({r}) {e}")}</li> }).collect_view()}</ul>
        {t.leases.map(|leases| view! {
            <h3>"Locations"</h3>
            <ul>{leases.into_iter().map(|(l, a, i)| view! { <li>{format!("{l} – {a} – {i}")}</li> }).collect_view()}</ul>
        })}
        <h3>"Dernières écritures"</h3>
        <ul>{t.ledger.into_iter().map(|(d, l, a)| view! { <li>{format!("{d} {l} {a}")}</li> }).collect_view()}</ul>
        {t.requests.map(|requests| view! {
            <h3>"Ce qu'il a envoyé"</h3>
            {items(requests)}
        })}
        <h3>"Paiements"</h3>
        <ul>{t.payments.into_iter().map(|(d, a, s, r)| view! { <li>{format!("{d} {a} {s} {r}")}</li> }).collect_view()}</ul>
        {t.documents.map(|documents| view! {
            <h3>"Documents"</h3>
            <ul>{documents.into_iter().map(|(k, p)| view! { <li>{format!("{k} {p}")}</li> }).collect_view()}</ul>
        })}
        <h3>"Mandats de prélèvement"</h3>
        <ul>{t.mandates.into_iter().map(|(r, s)| view! { <li>{format!("RUM {r} : {s}")}</li> }).collect_view()}</ul>
    }
}

#[component]
pub fn PaymentsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_payments());
    view! {
        <PageTitle title="Paiements en ligne" />
        <p><a class="button" href=format!("{HOME}/paiements.csv") rel="external" download="">"EXPORTER (CSV)"</a></p>
        {staff_page(data, payments)}
    }
}

/// The bank's mode first: staff see at once whether payments are real.
fn payments(v: PaymentsView) -> impl IntoView {
    let class = if v.test {
        "alert alert-warning"
    } else {
        "alert alert-info"
    };
    view! {
        <p class=class>{v.mode}</p>
        <div class="table-scroll"><table class="ledger">
            <thead><tr><th scope="col">"Date"</th><th scope="col">"Compte"</th><th scope="col">"Montant"</th><th scope="col">"Statut"</th><th scope="col">"Référence"</th></tr></thead>
            <tbody>{v.rows.into_iter().map(|r| view! {
                <tr><td>{r.date}</td><td>{r.account}</td><td>{r.amount}</td><td>{r.status}</td><td>{r.reference}</td></tr>
            }).collect_view()}</tbody>
        </table></div>
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_audit());
    view! {
        <PageTitle title="Journal des actions" />
        {staff_page(data, |rows: Vec<AuditRow>| view! {
            <div class="table-scroll"><table class="ledger">
                <thead><tr><th scope="col">"Quand"</th><th scope="col">"Qui"</th><th scope="col">"Action"</th><th scope="col">"Compte"</th><th scope="col">"Détail"</th><th scope="col">"Adresse"</th></tr></thead>
                <tbody>{rows.into_iter().map(|r| view! {
                    <tr><td>{r.at}</td><td>{r.staff}</td><td>{r.action}</td><td>{r.account}</td><td>{r.detail}</td><td>{r.ip}</td></tr>
                }).collect_view()}</tbody>
            </table></div>
        })}
    }
}

#[component]
pub fn DebitsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_debits());
    view! {
        <PageTitle title="Demandes de prélèvement" />
        {staff_page(data, |rows: Vec<DebitRequest>| {
            if rows.is_empty() {
                return view! { <p>"Aucune demande en attente."</p> }.into_any();
            }
            view! {
                <div class="table-scroll"><table class="ledger">
                    <thead><tr><th scope="col">"Reçue le"</th><th scope="col">"Compte"</th><th scope="col">"Demande"</th><th scope="col">"RUM"</th><th scope="col">"Avancement"</th></tr></thead>
                    <tbody>{rows.into_iter().map(|r| view! {
                        <tr><td>{r.date}</td><td>{r.account}</td>
                            <td><a href=format!("{HOME}/prelevements/{}", r.id)>{r.kind}</a></td>
                            <td>{r.rum}</td><td>{r.progress}</td></tr>
                    }).collect_view()}</tbody>
                </table></div>
            }.into_any()
        })}
    }
}

#[component]
pub fn DebitPage() -> impl IntoView {
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let data = Resource::new(move || id.clone(), load_debit);
    view! {
        <PageTitle title="Demande de prélèvement" />
        {staff_page(data, debit)}
    }
}

fn debit(r: DebitRequest) -> impl IntoView {
    let action = ServerAction::<DecideDebit>::new();
    let open = !r.moves.is_empty();
    view! {
        <dl class="facts">
            <dt>"Compte"</dt><dd><a href=format!("{HOME}/locataires/{}", r.account)>{r.account.clone()}</a></dd>
            <dt>"Demande"</dt><dd>{format!("{} du {}", r.kind, r.date)}</dd>
            <dt>"Titulaire"</dt><dd>{r.holder}</dd>
            <dt>"IBAN"</dt><dd>{r.iban}</dd>
            <dt>"BIC"</dt><dd>{r.bic}</dd>
            <dt>"Échéance"</dt><dd>{r.day}</dd>
            <dt>"RUM"</dt><dd>{r.rum}</dd>
            <dt>"Avancement"</dt><dd>{r.progress}</dd>
        </dl>
        {open.then(|| view! {
            <Form action button="ENREGISTRER">
                <input type="hidden" name="demande" value=r.id.to_string() />
                <Select name="statut" label="Nouvel avancement" options=r.moves.clone() />
                <Field name="motif" label="Motif du refus" optional=true hint="Montré au locataire, par exemple : mandat non signé." />
            </Form>
        })}
    }
}

#[component]
pub fn TeamPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_team());
    view! {
        <PageTitle title="Équipe" />
        {staff_page(data, team)}
    }
}

fn roles() -> Vec<(String, String)> {
    vec![
        (
            "agent".to_string(),
            "Agent (les locataires de son agence)".to_string(),
        ),
        (
            "comptabilite".into(),
            "Comptabilité (paiements et prélèvements)".into(),
        ),
        ("administrateur".into(), "Administrateur".into()),
    ]
}

fn team(t: TeamView) -> impl IntoView {
    let action = ServerAction::<AddStaff>::new();
    let mut agencies = vec![(
        String::new(),
        "Aucune (comptabilité, administrateur)".to_string(),
    )];
    agencies.extend(t.agencies);
    let others: Vec<(String, String)> = t
        .members
        .iter()
        .filter(|m| !m.is_me)
        .map(|m| (m.id.to_string(), format!("{} – {}", m.name, m.email)))
        .collect();
    view! {
        {t.created.map(|c| view! {
            <div class="alert alert-success" role="status">
                <p>{format!("Compte créé pour {}. Transmettez-lui, une seule fois et de la main à la main :", c.email)}</p>
                <p>{format!("Clé de l'application d'authentification : {}", c.totp_secret)}</p>
                <p class="message-body">{format!("Adresse à scanner : {}", c.otpauth_url)}</p>
                <p>{format!("Codes de secours : {}", c.recovery_codes.join(", "))}</p>
            </div>
        })}
        <h2>"Membres"</h2>
        {members(t.members)}
        <h2>"Changer le rôle d'un membre"</h2>
        {role_change(others, agencies.clone())}
        <h2>"Nouveau membre"</h2>
        <Form action button="CRÉER LE COMPTE">
            <Field name="email" label="Adresse e-mail" kind=FieldKind::Email autocomplete="off" />
            <Field name="nom" label="Nom" autocomplete="off" />
            <Select name="role" label="Rôle" options=roles() />
            <Select name="agence" label="Agence" options=agencies />
            <Field name="password" label="Mot de passe provisoire" kind=FieldKind::Password autocomplete="new-password" hint="12 caractères au moins." />
        </Form>
        {erp_export()}
    }
}

/// The export back to the ERP as a ZIP (docs/export.md): a reissue that
/// never moves the cursor of `server export`. A plain GET form: a download.
fn erp_export() -> impl IntoView {
    view! {
        <h2>"Export vers le progiciel"</h2>
        <p>"Ce qui a changé dans le portail depuis le dernier export (coordonnées, attestations, prélèvements, paiements, demandes et réclamations), en fichiers CSV avec les pièces jointes. Le prochain export automatique n'en est pas modifié."</p>
        <form method="get" action="/gestion/export-erp.zip" class="inline-form">
            <div class="field">
                <label for="export-depuis">"Depuis le (jj/mm/aaaa, facultatif)"</label>
                <input id="export-depuis" name="depuis" inputmode="numeric" autocomplete="off" />
            </div>
            <button type="submit" class="button">"TÉLÉCHARGER L'EXPORT (ZIP)"</button>
        </form>
    }
}

fn members(list: Vec<TeamMember>) -> impl IntoView {
    view! {
        <div class="table-scroll"><table class="ledger">
            <thead><tr>
                <th scope="col">"Nom"</th><th scope="col">"E-mail"</th><th scope="col">"Rôle"</th>
                <th scope="col">"Agence"</th><th scope="col">"État"</th><th scope="col">"Accès"</th>
            </tr></thead>
            <tbody>{list.into_iter().map(member_row).collect_view()}</tbody>
        </table></div>
    }
}

fn member_row(m: TeamMember) -> impl IntoView {
    let state = if m.active { "actif" } else { "désactivé" };
    let actions = member_actions(&m);
    view! {
        <tr>
            <th scope="row" data-label="Nom">{m.name}</th>
            <td data-label="E-mail">{m.email}</td>
            <td data-label="Rôle">{m.role}</td>
            <td data-label="Agence">{m.agency}</td>
            <td data-label="État">{state}</td>
            <td data-label="Accès">{actions}</td>
        </tr>
    }
}

/// Plain forms, one per action and member: they work without JavaScript.
/// An administrator's own row has none (they may not lock themself out).
fn member_actions(m: &TeamMember) -> AnyView {
    if m.is_me {
        return view! { <span>"Vous"</span> }.into_any();
    }
    let id = m.id.to_string();
    if !m.active {
        let action = ServerAction::<ReactivateStaff>::new();
        return view! {
            <Form action button="RÉACTIVER"><input type="hidden" name="membre" value=id /></Form>
        }
        .into_any();
    }
    let deactivate = ServerAction::<DeactivateStaff>::new();
    let close = ServerAction::<CloseStaffSessions>::new();
    let id2 = id.clone();
    view! {
        <Form action=deactivate button="DÉSACTIVER"><input type="hidden" name="membre" value=id /></Form>
        <Form action=close button="FERMER SES SESSIONS"><input type="hidden" name="membre" value=id2 /></Form>
    }
    .into_any()
}

fn role_change(others: Vec<(String, String)>, agencies: Vec<(String, String)>) -> AnyView {
    if others.is_empty() {
        return view! { <p>"Aucun autre membre."</p> }.into_any();
    }
    let action = ServerAction::<ChangeStaffRole>::new();
    view! {
        <p>"Le nouveau rôle s'applique dès la page suivante du membre."</p>
        <Form action button="CHANGER LE RÔLE">
            <Select name="membre" label="Membre" options=others />
            <Select name="nouveau_role" label="Nouveau rôle" options=roles() />
            <Select name="nouvelle_agence" label="Agence" options=agencies />
        </Form>
    }
    .into_any()
}

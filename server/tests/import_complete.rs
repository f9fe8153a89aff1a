//! The complete import (issue 16 §1): persons' phones, e-mail, situations
//! and address; leases' insurance periods (a later one from the portal is
//! kept); claims recorded at the agency, read-only in Mes réclamations;
//! agencies' hours per day; the landlord's logo. Each refusal, on SQLite and
//! PostgreSQL.
mod common;

use common::{Engine, PAUL, SOPHIE, TestApp, spawn};
use server::import::{Report, run};
use std::path::{Path, PathBuf};

fn export_copy(app: &TestApp) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("export");
    std::fs::create_dir_all(&target).unwrap();
    for entry in std::fs::read_dir(app.data_dir.join("demo-export"))
        .unwrap()
        .flatten()
    {
        if entry.path().is_file() {
            std::fs::copy(entry.path(), target.join(entry.file_name())).unwrap();
        }
    }
    // Notices are not needed here: documents.csv is left out.
    std::fs::remove_file(target.join("documents.csv")).unwrap();
    (dir, target)
}

fn append(folder: &Path, file: &str, rows: &str) {
    let path = folder.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text + rows).unwrap();
}

fn line_count(folder: &Path, file: &str) -> usize {
    std::fs::read_to_string(folder.join(file))
        .unwrap()
        .lines()
        .count()
}

async fn import(app: &TestApp, folder: &Path) -> Report {
    run(&app.db, folder, &app.data_dir.join("documents"), false)
        .await
        .expect("import runs")
}

async fn one<T>(app: &TestApp, sql: &str) -> T
where
    T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    sqlx::query_as(sql).fetch_one(&app.db.pool).await.unwrap()
}

async fn persons_arrive_with_their_details_and_bad_ones_are_refused(engine: Engine) {
    let app = spawn(engine).await;
    // The demo export carries them: Sophie's page is filled from the import.
    let (mobile, email, situation, address): (String, String, String, String) = one(
        &app,
        "SELECT phone_mobile, email, family_situation, postal_address FROM person WHERE reference = 'P123456-1'",
    )
    .await;
    assert_eq!(mobile, "+33612345678", "stored in E.164");
    assert_eq!(email, "sophie.dupont@exemple.com");
    assert_eq!(situation, "Marié(e)");
    assert_eq!(address, "12 rue de la Paix, 42000 Saint-Étienne");
    let (_, page) = app
        .text(&app.signed_in(SOPHIE).await, "/informations-personnelles")
        .await;
    for shown in [
        "06 12 34 56 78",
        "sophie.dupont@exemple.com",
        "12 rue de la Paix",
        "Infirmière",
    ] {
        assert!(page.contains(shown), "{shown} in {page}");
    }

    let (_keep, folder) = export_copy(&app);
    let n = line_count(&folder, "personnes.csv") + 1;
    append(
        &folder,
        "personnes.csv",
        "X1;123456;occupant;DUPONT;Noé;01/01/2015;06 12;;;;;;;\n\
         X2;123456;occupant;DUPONT;Noé;01/01/2015;;;;pas-un-mail;Fiancé(e);Astronaute;;\n\
         X3;123456;occupant;DUPONT;Noé;01/01/2015;;;;;marie(e);EMPLOYE;Cuisinier;\n",
    );
    let report = import(&app, &folder).await;
    let text = report.to_string();
    assert!(!report.committed, "{text}");
    for expected in [
        format!("personnes.csv:{n}: telephone_domicile: numéro de téléphone invalide « 06 12 »"),
        format!(
            "personnes.csv:{}: email: adresse e-mail invalide « pas-un-mail »",
            n + 1
        ),
        format!(
            "personnes.csv:{}: situation_familiale: « Fiancé(e) » n'est pas une situation familiale connue",
            n + 1
        ),
        format!(
            "personnes.csv:{}: categorie_socio_professionnelle: « Astronaute » n'est pas une catégorie socio-professionnelle connue",
            n + 1
        ),
    ] {
        assert!(text.contains(&expected), "missing «{expected}» in:\n{text}");
    }
    // The third row is right (labels compared loosely): only two were refused.
    assert_eq!(
        report
            .bad_rows
            .iter()
            .filter(|b| b.file == "personnes.csv")
            .count(),
        4,
        "{text}"
    );
    let (x3,): (i64,) = one(&app, "SELECT COUNT(*) FROM person WHERE reference = 'X3'").await;
    assert_eq!(x3, 0, "all or nothing");

    // An export made before these columns existed changes none of them.
    let old: Vec<String> = std::fs::read_to_string(app.data_dir.join("demo-export/personnes.csv"))
        .unwrap()
        .lines()
        .map(|l| l.split(';').take(6).collect::<Vec<_>>().join(";"))
        .collect();
    std::fs::write(
        folder.join("personnes.csv"),
        old.join("\n") + "\nX4;123456;occupant;DUPONT;Noé;01/01/2015\n",
    )
    .unwrap();
    let report = import(&app, &folder).await;
    assert!(report.committed, "{report}");
    let (mobile, email): (String, String) = one(
        &app,
        "SELECT phone_mobile, email FROM person WHERE reference = 'P123456-1'",
    )
    .await;
    assert_eq!(
        (mobile.as_str(), email.as_str()),
        ("+33612345678", "sophie.dupont@exemple.com")
    );
    let (empty,): (String,) = one(
        &app,
        "SELECT phone_mobile FROM person WHERE reference = 'X4'",
    )
    .await;
    assert_eq!(empty, "");
}

async fn insurance_periods_start_true_and_a_later_one_is_kept(engine: Engine) {
    let app = spawn(engine).await;
    // Every lease of the demo has its period from baux.csv: Paul's is à jour.
    let (_, paul) = app.text(&app.signed_in(PAUL).await, "/assurance").await;
    assert!(paul.contains("Assurance : à jour"), "{paul}");
    let (none,): (i64,) = one(
        &app,
        "SELECT COUNT(*) FROM lease WHERE insurance_to IS NULL",
    )
    .await;
    assert_eq!(none, 0, "no imported lease is left without its period");

    // The portal validated a certificate to 2099 after the ERP's export: the
    // ERP's older period, sent again, does not overwrite it.
    sqlx::query(
        "UPDATE lease SET insurance_from = '2026-12-01', insurance_to = '2099-11-30' WHERE reference = '0045678'",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    let (_keep, folder) = export_copy(&app);
    let report = import(&app, &folder).await;
    assert!(report.committed, "{report}");
    let (from, to): (String, String) = one(
        &app,
        "SELECT insurance_from, insurance_to FROM lease WHERE reference = '0045678'",
    )
    .await;
    assert_eq!((from.as_str(), to.as_str()), ("2026-12-01", "2099-11-30"));
    // A later period from the ERP wins.
    let baux = std::fs::read_to_string(folder.join("baux.csv")).unwrap();
    let later: String = baux
        .lines()
        .map(|l| {
            if l.starts_with("0045678;") {
                let mut cols: Vec<&str> = l.split(';').collect();
                let n = cols.len();
                cols[n - 2] = "01/12/2099";
                cols[n - 1] = "30/11/2100";
                cols.join(";")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(folder.join("baux.csv"), later + "\n").unwrap();
    assert!(import(&app, &folder).await.committed);
    let (to,): (String,) = one(
        &app,
        "SELECT insurance_to FROM lease WHERE reference = '0045678'",
    )
    .await;
    assert_eq!(to, "2100-11-30");

    // Refusals: an end before the start, half a period, a date that is not one.
    let n = line_count(&folder, "baux.csv") + 1;
    append(
        &folder,
        "baux.csv",
        "Y1;123456;garage;Garage;1 rue X;;;;10,00;0,00;01/01/2024;;;01/06/2026;31/05/2026\n\
         Y2;123456;garage;Garage;1 rue X;;;;10,00;0,00;01/01/2024;;;01/06/2026;\n\
         Y3;123456;garage;Garage;1 rue X;;;;10,00;0,00;01/01/2024;;;31/02/2026;01/03/2027\n",
    );
    let text = import(&app, &folder).await.to_string();
    for expected in [
        format!("baux.csv:{n}: assurance_fin: la fin de la période d'assurance précède son début"),
        format!(
            "baux.csv:{}: assurance_fin: période d'assurance incomplète",
            n + 1
        ),
        format!(
            "baux.csv:{}: assurance_debut: date invalide « 31/02/2026 »",
            n + 2
        ),
    ] {
        assert!(text.contains(&expected), "missing «{expected}» in:\n{text}");
    }
}

async fn agency_claims_show_read_only_beside_the_portals(engine: Engine) {
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    let (_, page) = app.text(&sophie, "/reclamations").await;
    for shown in [
        "Réclamation n° AG-2026-0141",
        "Ascenseur",
        "Clôturée",
        "L'ascensoriste est intervenu",
        "Réclamation n° AG-2026-0187",
        "En cours de traitement",
        "Réclamation enregistrée par votre agence",
    ] {
        assert!(page.contains(shown), "{shown} in {page}");
    }
    let (_, html) = app.get_with(&sophie, "/reclamations").await;
    let agency = html.split("reclamation-agence-").nth(1).unwrap_or_default();
    let agency = agency.split("</article>").next().unwrap_or_default();
    assert!(
        !agency.contains("RÉPONDRE") && !agency.contains("ROUVRIR"),
        "read-only: {agency}"
    );
    // Paul sees none of Sophie's.
    let (_, paul) = app.text(&app.signed_in(PAUL).await, "/reclamations").await;
    assert!(!paul.contains("AG-2026-0141"), "{paul}");

    // A claim sent from Paul's portal comes back from the ERP: kept as the
    // portal's (shown once); the same number under another account is refused.
    sqlx::query(
        "INSERT INTO tenant_request (area, number, account_id, login_id, subject, status, created_at, updated_at)
         SELECT 'reclamation', 424242, p.account_id, t.id, 'Chauffage', 'envoyee', 0, 0
         FROM tenant_login t JOIN person p ON p.id = t.person_id WHERE t.email = $1",
    )
    .bind(PAUL.0)
    .execute(&app.db.pool)
    .await
    .unwrap();
    let (_keep, folder) = export_copy(&app);
    append(
        &folder,
        "reclamations.csv",
        "000424242;456789;;01/12/2026;Chauffage;Séjour;Radiateur froid;en_cours;02/12/2026;;;\n",
    );
    let report = import(&app, &folder).await;
    assert!(report.committed, "{report}");
    let (linked,): (i64,) = one(
        &app,
        "SELECT COUNT(*) FROM erp_claim WHERE reference = '000424242' AND request_id IS NOT NULL",
    )
    .await;
    assert_eq!(linked, 1);
    let (_, paul) = app.text(&app.signed_in(PAUL).await, "/reclamations").await;
    assert_eq!(
        paul.matches("Réclamation n° 000424242").count(),
        1,
        "shown once: {paul}"
    );

    let n = line_count(&folder, "reclamations.csv") + 1;
    append(
        &folder,
        "reclamations.csv",
        "000424242;123456;;01/12/2026;Chauffage;Séjour;Copie fautive;en_cours;;;;\n\
         AG-9;123456;0045678;01/12/2026;Chauffage;Séjour;Bail d'un autre;enregistree;;;;\n\
         AG-10;123456;;01/12/2026;Chauffage;Séjour;Dates;perdue;20/11/2026;;;\n",
    );
    let text = import(&app, &folder).await.to_string();
    for expected in [
        format!(
            "reclamations.csv:{n}: numero: la réclamation n° 000424242 a été envoyée depuis le portail par un autre compte"
        ),
        format!(
            "reclamations.csv:{}: bail: le bail « 0045678 » n'est pas de ce compte",
            n + 1
        ),
        format!(
            "reclamations.csv:{}: statut: « perdue » n'est pas une valeur admise",
            n + 2
        ),
        format!(
            "reclamations.csv:{}: date_prise_en_charge: le 20/11/2026 précède la date de la réclamation",
            n + 2
        ),
    ] {
        assert!(text.contains(&expected), "missing «{expected}» in:\n{text}");
    }
}

async fn agency_hours_per_day_and_the_logo(engine: Engine) {
    let app = spawn(engine).await;
    let (_, page) = app
        .text(&app.signed_in(SOPHIE).await, "/ma-residence")
        .await;
    assert!(
        page.contains("Lundi : 8 h 30 – 12 h, 13 h 30 – 17 h"),
        "{page}"
    );
    assert!(page.contains("Samedi : fermé"), "{page}");
    // The demo's logo is served, with its type and a validator.
    let res = common::client().get(app.url("/logo")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/svg+xml");
    let etag = res.headers()["etag"].to_str().unwrap().to_string();
    assert!(res.text().await.unwrap().contains("Habitat Démo"));
    let again = common::client()
        .get(app.url("/logo"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);

    let (_keep, folder) = export_copy(&app);
    std::fs::write(folder.join("logo.svg"), "<svg onload=\"alert(1)\"></svg>").unwrap();
    let n = line_count(&folder, "agences.csv") + 1;
    append(
        &folder,
        "agences.csv",
        "ZZ;Agence Z;1 rue Z;04 77 00 00 99;8h30;17h-8h;;;;;\n",
    );
    let text = import(&app, &folder).await.to_string();
    for expected in [
        "bailleur.csv:2: logo: « logo.svg » n'est ni une image PNG ni une image SVG sûre"
            .to_string(),
        format!("agences.csv:{n}: lundi: horaires invalides « 8h30 »"),
        format!("agences.csv:{n}: mardi: horaires invalides « 17h-8h »"),
    ] {
        assert!(text.contains(&expected), "missing «{expected}» in:\n{text}");
    }
    // A PNG logo (4×2 pixels, the portal's blue) replaces the SVG.
    let png: &[u8] = b"\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x04\x00\x00\x00\x02\x08\x02\x00\x00\x00\xf0\xca\xea\x34\x00\x00\x00\x0f\x49\x44\x41\x54\x78\x9c\x63\x60\x08\xad\x47\x20\x64\x0e\x00\x52\x42\x06\xa1\xa6\xe6\x74\xfd\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82";
    std::fs::write(folder.join("logo.png"), png).unwrap();
    let bailleur = std::fs::read_to_string(folder.join("bailleur.csv")).unwrap();
    std::fs::write(
        folder.join("bailleur.csv"),
        bailleur.replace("logo.svg", "logo.png"),
    )
    .unwrap();
    let agences = std::fs::read_to_string(folder.join("agences.csv")).unwrap();
    let kept: Vec<&str> = agences.lines().filter(|l| !l.starts_with("ZZ;")).collect();
    std::fs::write(folder.join("agences.csv"), kept.join("\n") + "\n").unwrap();
    let report = import(&app, &folder).await;
    assert!(report.committed, "{report}");
    let res = common::client().get(app.url("/logo")).send().await.unwrap();
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.bytes().await.unwrap().as_ref(), png);
    // … and heads the PDFs: the relevé embeds it.
    let sophie = app.signed_in(SOPHIE).await;
    let res = sophie
        .get(app.url("/mon-compte/releve.pdf?du=2026-01-01&au=2026-01-31"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("releve.pdf");
    std::fs::write(&path, res.bytes().await.unwrap()).unwrap();
    let listed = std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(&path)
        .output()
        .expect("pdfimages (poppler-utils)");
    let listed = String::from_utf8_lossy(&listed.stdout).to_string();
    assert!(
        listed
            .lines()
            .any(|l| l.contains("image") && l.contains("   4 ") && l.contains("   2 ")),
        "the 4×2 logo is in the PDF: {listed}"
    );
}

both_engines!(
    persons_arrive_with_their_details_and_bad_ones_are_refused,
    insurance_periods_start_true_and_a_later_one_is_kept,
    agency_claims_show_read_only_beside_the_portals,
    agency_hours_per_day_and_the_logo,
);

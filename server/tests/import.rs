//! `server import`: idempotency, updates, closed leases, all-or-nothing, and
//! every kind of bad row reported as `file:line: column: reason`, on SQLite
//! and PostgreSQL.
mod common;

use common::{Engine, TestApp, spawn};
use server::import::{Report, run};
use std::path::{Path, PathBuf};

/// A copy of the demo export, to edit.
fn export_copy(app: &TestApp) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("export");
    copy_dir(&app.data_dir.join("demo-export"), &target);
    (dir, target)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).unwrap();
        }
    }
}

fn edit(folder: &Path, file: &str, f: impl FnOnce(String) -> String) {
    let path = folder.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, f(text)).unwrap();
}

async fn import(app: &TestApp, folder: &Path) -> Report {
    run(&app.db, folder, &app.data_dir.join("documents"), false)
        .await
        .expect("import runs")
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&app.db.pool).await.unwrap();
    n
}

fn file<'a>(report: &'a Report, name: &str) -> &'a server::import::FileReport {
    report
        .files
        .iter()
        .find(|f| f.file == name)
        .expect("file in report")
}

async fn importing_the_same_export_twice_changes_nothing(engine: Engine) {
    let app = spawn(engine).await;
    let entries = count(&app, "SELECT COUNT(*) FROM ledger_entry").await;
    assert!(entries > 5000, "the demo holds a real ledger ({entries})");
    let report = import(&app, &app.data_dir.join("demo-export")).await;
    assert!(report.committed, "{report}");
    for f in &report.files {
        assert_eq!(
            (f.counts.created, f.counts.updated, f.refused),
            (0, 0, 0),
            "{}",
            f.file
        );
        assert_eq!(f.counts.unchanged, f.read, "{}", f.file);
    }
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM ledger_entry").await,
        entries
    );
    let text = report.to_string();
    assert!(
        text.contains("ecritures.csv : UTF-8, séparateur « ; »"),
        "{text}"
    );
}

async fn a_changed_row_updates_and_a_lease_gone_is_closed_not_deleted(engine: Engine) {
    let app = spawn(engine).await;
    let (_keep, folder) = export_copy(&app);
    edit(&folder, "agences.csv", |t| {
        t.replace("04 77 32 72 48", "04 77 00 00 01")
    });
    // The garage lease leaves the full export; its ledger stays.
    edit(&folder, "baux.csv", |t| {
        t.lines()
            .filter(|l| !l.starts_with("0098765;"))
            .collect::<Vec<_>>()
            .join("\n")
            + "\n"
    });
    let report = import(&app, &folder).await;
    assert!(report.committed, "{report}");
    assert_eq!(file(&report, "agences.csv").counts.updated, 1);
    assert_eq!(file(&report, "baux.csv").closed, 1);
    let (phone,): (String,) = sqlx::query_as("SELECT phone FROM agency WHERE code = 'NO'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(phone, "04 77 00 00 01");
    let (end,): (Option<String>,) =
        sqlx::query_as("SELECT end_date FROM lease WHERE reference = '0098765'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert!(end.is_some(), "the lease is closed");
    let kept = count(&app, "SELECT COUNT(*) FROM ledger_entry e JOIN lease l ON l.id = e.lease_id WHERE l.reference = '0098765'").await;
    assert!(kept > 0, "its ledger is kept");
}

async fn every_bad_row_is_reported_and_nothing_changes(engine: Engine) {
    let app = spawn(engine).await;
    let before = count(&app, "SELECT COUNT(*) FROM ledger_entry").await;
    let (_keep, folder) = export_copy(&app);
    edit(&folder, "ecritures.csv", |t| {
        t + "N1;123456;0012345;31/02/2026;Date impossible;facturation;10,00\n\
             N2;123456;0012345;01/02/2026;Montant illisible;facturation;12,3,4\n\
             N3;999999;;01/02/2026;Compte inconnu;reglement;10,00\n\
             N4;123456;0012345;01/02/2026;Nature inconnue;avoir;10,00\n\
             N5;123456;0023456;01/02/2026;Bail d'un autre compte;facturation;10,00\n\
             N6;123456;0012345;01/02/2026;Valide;facturation;10,00\n\
             N6;123456;0012345;01/02/2026;Clé en double;facturation;10,00\n\
             N7;123456;0012345\n"
    });
    edit(&folder, "agences.csv", |t| {
        t.replace("code;nom;adresse;telephone;", "code;nom;adresse;")
    });
    // A file in UTF-16 (a spreadsheet's "Unicode text"): refused as a whole.
    let utf16: Vec<u8> = "\u{feff}compte;agence\n123456;CV\n"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    std::fs::write(folder.join("comptes.csv"), utf16).unwrap();
    let report = import(&app, &folder).await;
    assert!(!report.committed);
    let lines: Vec<String> = report.bad_rows.iter().map(|b| b.to_string()).collect();
    let n = 1 + std::fs::read_to_string(app.data_dir.join("demo-export/ecritures.csv"))
        .unwrap()
        .lines()
        .count() as u64;
    let expected = [
        format!(
            "ecritures.csv:{}: date: date invalide « 31/02/2026 » (jj/mm/aaaa attendu)",
            n
        ),
        format!(
            "ecritures.csv:{}: montant: montant invalide « 12,3,4 »",
            n + 1
        ),
        format!("ecritures.csv:{}: compte: compte inconnu « 999999 »", n + 2),
        format!(
            "ecritures.csv:{}: nature: « avoir » n'est pas une valeur admise (facturation, reglement)",
            n + 3
        ),
        format!(
            "ecritures.csv:{}: bail: le bail « 0023456 » n'est pas de ce compte",
            n + 4
        ),
        format!(
            "ecritures.csv:{}: reference: « N6 » figure déjà plus haut dans le fichier",
            n + 6
        ),
        "agences.csv:1: telephone: colonne manquante".to_string(),
        "comptes.csv:1: fichier: encodage non reconnu (UTF-8 ou Windows-1252 attendu)".to_string(),
    ];
    for e in &expected {
        assert!(lines.contains(e), "missing «{e}» in:\n{}", lines.join("\n"));
    }
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&format!("ecritures.csv:{}: ", n + 7))),
        "the short row: {lines:?}"
    );
    assert!(report.to_string().contains("Import annulé"));
    // All or nothing: the valid row N6 was not kept either.
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM ledger_entry").await,
        before
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM ledger_entry WHERE reference = 'N6'"
        )
        .await,
        0
    );
}

async fn windows_1252_with_commas_and_decimal_commas_is_read(engine: Engine) {
    let app = spawn(engine).await;
    let dir = tempfile::tempdir().unwrap();
    let csv = "code,nom,adresse,telephone,lundi,mardi,mercredi,jeudi,vendredi,samedi,horaires\r\n\
               SU,Agence Sud,\"2 rue de l'Éternité, 42100 Saint-Étienne\",04 77 00 00 09,8h-12h,,,,,,Accueil à l'Éternité\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(csv);
    std::fs::write(dir.path().join("agences.csv"), &bytes).unwrap();
    let baux = "reference,compte,type,libelle,adresse,batiment,etage,porte,loyer,charges,date_debut,date_fin,agence,assurance_debut,assurance_fin\r\n\
                0077777,234567,Stationnement,Parking,\"1 rue Sud, 42100 Saint-Étienne\",,,,\"1 234,56\",\"0,50\",01/09/2026,,SU,,\r\n";
    std::fs::write(
        dir.path().join("baux.csv"),
        encoding_rs::WINDOWS_1252.encode(baux).0,
    )
    .unwrap();
    let report = import(&app, dir.path()).await;
    assert!(report.committed, "{report}");
    let text = report.to_string();
    assert!(
        text.contains("agences.csv : Windows-1252, séparateur « , »"),
        "{text}"
    );
    let (address, hours): (String, String) =
        sqlx::query_as("SELECT address, hours FROM agency WHERE code = 'SU'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(address, "2 rue de l'Éternité, 42100 Saint-Étienne");
    assert_eq!(hours, "Lundi : 8 h – 12 h\nAccueil à l'Éternité");
    let (rent, charges, kind): (i64, i64, String) = sqlx::query_as(
        "SELECT rent_cents, charges_cents, kind FROM lease WHERE reference = '0077777'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(
        (rent, charges, kind.as_str()),
        (123456, 50, "stationnement")
    );
}

async fn a_notice_must_be_a_pdf_inside_the_export(engine: Engine) {
    let app = spawn(engine).await;
    let (_keep, folder) = export_copy(&app);
    std::fs::write(folder.join("avis/faux.pdf"), b"<html>pas un pdf</html>").unwrap();
    edit(&folder, "documents.csv", |t| {
        t + "X1;123456;avis_echeance;01/2026;01/01/2026;avis/faux.pdf\n\
             X2;123456;avis_echeance;01/2026;01/01/2026;../../etc/passwd\n\
             X3;123456;avis_echeance;01/2026;01/01/2026;avis/absent.pdf\n"
    });
    let report = import(&app, &folder).await;
    let lines = report.to_string();
    assert!(!report.committed);
    assert!(
        lines.contains("fichier: « avis/faux.pdf » n'est pas un PDF"),
        "{lines}"
    );
    assert!(
        lines.contains("fichier: chemin refusé « ../../etc/passwd »"),
        "{lines}"
    );
    assert!(
        lines.contains("fichier: fichier introuvable « avis/absent.pdf »"),
        "{lines}"
    );
}

both_engines!(
    importing_the_same_export_twice_changes_nothing,
    a_changed_row_updates_and_a_lease_gone_is_closed_not_deleted,
    every_bad_row_is_reported_and_nothing_changes,
    windows_1252_with_commas_and_decimal_commas_is_read,
    a_notice_must_be_a_pdf_inside_the_export,
);

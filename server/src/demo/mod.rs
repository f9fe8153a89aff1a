//! Demo data: a small landlord with 100 accounts, to try the portal and to
//! test it. It goes through the ERP import (`export.rs` writes the files a
//! real ERP would send). Three signatories get a login (one is printed at
//! start); others have none yet, to try the registration. Loading twice
//! changes nothing.
mod export;
pub mod synthetic;

use app::auth::ssr::hashing;
use app::infra::{Db, now, today};
use export::{Account, Lease};
use std::path::Path;

pub const DEMO_EMAIL: &str = "sophie@exemple.com";
pub const DEMO_PASSWORD: &str = "Locataire-Demo-2026";
/// The demo's back-office agent (agence Centre Ville). Its TOTP key is
/// published here: demo data only, never loaded in production.
pub const DEMO_STAFF_EMAIL: &str = "agent@habitat-demo.fr";
pub const DEMO_STAFF_PASSWORD: &str = "Gestion-Demo-2026";
pub const DEMO_STAFF_TOTP: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
/// Accounting (payments, direct debit, SEPA files), same password.
pub const DEMO_ACCOUNTING_EMAIL: &str = "comptabilite@habitat-demo.fr";
/// The tenants of the demo's direct-debit accounts (`prelevement5@…`, `10`, `15`).
pub const DEBIT_PASSWORD: &str = "Prelevement-Demo-2026";
pub const DEMO_ACCOUNTING_TOTP: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

/// A signatory without a login, to try the registration with.
pub struct Unregistered {
    pub account: &'static str,
    pub last_name: &'static str,
    pub first_name: &'static str,
    pub birth_date: &'static str,
}

pub const UNREGISTERED: [Unregistered; 2] = [
    Unregistered {
        account: "234567",
        last_name: "MARTIN",
        first_name: "Éloïse",
        birth_date: "02/07/1990",
    },
    Unregistered {
        account: "345678",
        last_name: "N'GUYEN-LEFÈVRE",
        first_name: "Jean-Pierre",
        birth_date: "20/01/1975",
    },
];

fn person(
    r: &str,
    role: &'static str,
    last: &str,
    first: &str,
    birth: &str,
) -> (String, &'static str, String, String, String) {
    (r.into(), role, last.into(), first.into(), birth.into())
}

fn named_accounts() -> Vec<Account> {
    vec![
        Account {
            number: "123456".into(),
            agency: "CV",
            people: vec![
                person("P123456-1", "signataire", "DUPONT", "Sophie", "14/03/1985"),
                person("P123456-2", "signataire", "DUPONT", "Marc", "02/11/1983"),
                person("P123456-3", "occupant", "DUPONT", "Léa", "09/05/2012"),
            ],
            leases: vec![
                Lease {
                    reference: "0012345".into(),
                    kind: "logement",
                    label: "Logement Type 3",
                    address: "12 rue de la Paix, 42000 Saint-Étienne".into(),
                    building: "B",
                    floor: "3e étage",
                    door: "12",
                    rent: 45_210,
                    charges: 8_790,
                    start: "01/06/2019",
                    agency: "CV",
                },
                Lease {
                    reference: "0098765".into(),
                    kind: "garage",
                    label: "Stationnement, Garage",
                    address: "8 boulevard Krumnov, 42000 Saint-Étienne".into(),
                    building: "Garages",
                    floor: "",
                    door: "G7",
                    rent: 3_500,
                    charges: 0,
                    start: "01/01/2020",
                    agency: "",
                },
            ],
            unpaid_months: 1,
            credit: 0,
            notices: true,
            debit_day: None,
        },
        Account {
            number: "234567".into(),
            agency: "CV",
            people: vec![person(
                "P234567-1",
                "signataire",
                "MARTIN",
                "Éloïse",
                "02/07/1990",
            )],
            leases: vec![Lease {
                reference: "0023456".into(),
                kind: "logement",
                label: "Logement Type 2",
                address: "4 rue Michelet, 42000 Saint-Étienne".into(),
                building: "A",
                floor: "1er étage",
                door: "3",
                rent: 38_900,
                charges: 6_100,
                start: "15/09/2021",
                agency: "CV",
            }],
            unpaid_months: 0,
            credit: 0,
            notices: true,
            debit_day: None,
        },
        Account {
            number: "345678".into(),
            agency: "NO",
            people: vec![person(
                "P345678-1",
                "signataire",
                "N'GUYEN-LEFÈVRE",
                "Jean-Pierre",
                "20/01/1975",
            )],
            leases: vec![Lease {
                reference: "0034567".into(),
                kind: "logement",
                label: "Logement Type 4",
                address: "27 avenue de Rochetaillée, 42100 Saint-Étienne".into(),
                building: "C",
                floor: "Rez-de-chaussée",
                door: "1",
                rent: 52_000,
                charges: 9_800,
                start: "01/03/2015",
                agency: "NO",
            }],
            unpaid_months: 0,
            credit: 0,
            notices: false,
            debit_day: None,
        },
        Account {
            number: "456789".into(),
            agency: "NO",
            people: vec![person(
                "P456789-1",
                "signataire",
                "BERNARD",
                "Paul",
                "30/09/1962",
            )],
            leases: vec![Lease {
                reference: "0045678".into(),
                kind: "stationnement",
                label: "Stationnement",
                address: "2 rue Balay, 42000 Saint-Étienne".into(),
                building: "Parking",
                floor: "Niveau -1",
                door: "P12",
                rent: 2_800,
                charges: 400,
                start: "01/02/2018",
                agency: "NO",
            }],
            unpaid_months: 0,
            credit: 0,
            notices: true,
            debit_day: None,
        },
        Account {
            number: "567890".into(),
            agency: "CV",
            people: vec![person(
                "P567890-1",
                "signataire",
                "PETIT",
                "Claire",
                "24/12/1979",
            )],
            leases: vec![Lease {
                reference: "0056789".into(),
                kind: "logement",
                label: "Logement Type 1",
                address: "9 rue Gambetta, 42000 Saint-Étienne".into(),
                building: "",
                floor: "2e étage",
                door: "8",
                rent: 31_250,
                charges: 4_750,
                start: "01/04/2022",
                agency: "CV",
            }],
            unpaid_months: 0,
            credit: 5_000,
            notices: false,
            debit_day: None,
        },
    ]
}

/// 95 more accounts, so that lists and the benchmark see a real volume.
fn generated_accounts() -> Vec<Account> {
    const LAST: [&str; 8] = [
        "MOREAU", "LAURENT", "SIMON", "MICHEL", "LEFEBVRE", "LEROY", "ROUX", "DAVID",
    ];
    const FIRST: [&str; 6] = ["Nadia", "Karim", "Julie", "Thomas", "Fatou", "Louis"];
    const STREETS: [&str; 4] = [
        "rue Michelet",
        "cours Fauriel",
        "rue de la Résistance",
        "place Chavanelle",
    ];
    (1..=95)
        .map(|i| {
            let number = format!("{}", 100_000 + i);
            let reference = format!("L{number}");
            let address = format!("{} {}, 42000 Saint-Étienne", i, STREETS[i % 4]);
            Account {
                people: vec![person(
                    &format!("P{number}-1"),
                    "signataire",
                    LAST[i % 8],
                    FIRST[i % 6],
                    &format!("{:02}/{:02}/19{}", 1 + i % 28, 1 + i % 12, 50 + i % 45),
                )],
                leases: vec![Lease {
                    reference,
                    kind: "logement",
                    label: "Logement Type 3",
                    address,
                    building: "A",
                    floor: "",
                    door: "",
                    rent: 40_000 + (i as i64) * 113,
                    charges: 7_000,
                    start: "01/01/2020",
                    agency: if i % 2 == 0 { "CV" } else { "NO" },
                }],
                agency: if i % 2 == 0 { "CV" } else { "NO" },
                number,
                unpaid_months: (i % 7 == 0) as i64,
                credit: 0,
                notices: false,
                // A third of them pay by direct debit, on the 5th, 10th or 15th.
                debit_day: (i % 3 == 0).then_some([5, 10, 15][i % 9 / 3]),
            }
        })
        .collect()
}

/// Writes the demo export to `data_dir/demo-export/`, imports it, then
/// creates the demo logins. Returns whether the logins were created now.
pub async fn load(db: &Db, data_dir: &Path) -> Result<bool, String> {
    let folder = data_dir.join("demo-export");
    let mut accounts = named_accounts();
    accounts.extend(generated_accounts());
    export::write(&folder, &accounts, today())
        .map_err(|e| format!("export de démonstration : {e}"))?;
    let report = crate::import::run(db, &folder, &data_dir.join("documents"), false).await?;
    if !report.committed {
        return Err(format!("import de démonstration refusé :\n{report}"));
    }
    let exists: Option<(i64,)> = sqlx::query_as("SELECT id FROM tenant_login WHERE email = $1")
        .bind(DEMO_EMAIL)
        .fetch_optional(&db.pool)
        .await
        .map_err(|e| e.to_string())?;
    if exists.is_some() {
        return Ok(false);
    }
    let mut hashes = std::collections::HashMap::new();
    for (reference, email, password) in [
        ("P123456-1", DEMO_EMAIL, DEMO_PASSWORD),
        (
            "P456789-1",
            "paul.bernard@exemple.com",
            "Parking-Balay-1962",
        ),
        (
            "P567890-1",
            "claire.petit@exemple.com",
            "Gambetta-Claire-1979",
        ),
        // Three tenants who pay by direct debit and owe a month, one per
        // debit day: whatever the next collection date, one of them is in
        // the SEPA file and sees the coming debit on Accueil.
        ("P100063-1", "prelevement5@exemple.com", DEBIT_PASSWORD),
        ("P100021-1", "prelevement10@exemple.com", DEBIT_PASSWORD),
        ("P100042-1", "prelevement15@exemple.com", DEBIT_PASSWORD),
    ] {
        // One hash per password: the three direct-debit tenants share theirs.
        let hash = match hashes.get(password) {
            Some(h) => h,
            None => {
                let h = hashing::hash(password.to_string())
                    .await
                    .map_err(|e| e.to_string())?;
                hashes.entry(password).or_insert(h)
            }
        };
        login(db, reference, email, hash)
            .await
            .map_err(|e| e.to_string())?;
    }
    staff(db).await?;
    Ok(true)
}

/// A back-office agent of the Centre Ville agency and an accountant, with
/// known TOTP keys.
async fn staff(db: &Db) -> Result<(), String> {
    use app::back_office::ssr::staff::Role;
    let agent = ("Agent de démonstration", Role::Agent, Some("CV"));
    demo_member(db, DEMO_STAFF_EMAIL, agent, DEMO_STAFF_TOTP).await?;
    let accountant = ("Comptable de démonstration", Role::Accounting, None);
    demo_member(db, DEMO_ACCOUNTING_EMAIL, accountant, DEMO_ACCOUNTING_TOTP).await
}

async fn demo_member(
    db: &Db,
    email: &str,
    (name, role, agency): (&str, app::back_office::ssr::staff::Role, Option<&str>),
    totp: &str,
) -> Result<(), String> {
    use app::back_office::ssr::accounts;
    let created = accounts::create(db, email, name, role, agency, DEMO_STAFF_PASSWORD)
        .await
        .map_err(|e| e.to_string())?;
    if let Ok(created) = created {
        sqlx::query("UPDATE staff SET totp_secret = $1 WHERE id = $2")
            .bind(totp)
            .bind(created.id)
            .execute(&db.pool)
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

async fn login(db: &Db, person: &str, email: &str, hash: &str) -> Result<(), sqlx::Error> {
    let t = now();
    sqlx::query(
        "INSERT INTO tenant_login (person_id, email, password_hash, created_at, activated_at)
         SELECT id, $2, $3, $4, $4 FROM person WHERE reference = $1",
    )
    .bind(person)
    .bind(email)
    .bind(hash)
    .bind(t)
    .execute(&db.pool)
    .await?;
    Ok(())
}

//! Demo data: a small landlord with a few tenants, to try the portal and to
//! test it. One signatory has a login (printed at start), others have none
//! yet (to try the registration). Loading twice changes nothing.
use app::auth::ssr::hashing;
use app::infra::{Db, now};

pub const DEMO_EMAIL: &str = "sophie@exemple.com";
pub const DEMO_PASSWORD: &str = "Locataire-Demo-2026";

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

struct Person(
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
);
struct Lease(
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

pub async fn load(db: &Db) -> Result<bool, sqlx::Error> {
    let exists: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM client_account WHERE number = '123456'")
            .fetch_optional(&db.pool)
            .await?;
    if exists.is_some() {
        return Ok(false);
    }
    let mut tx = db.pool.begin().await?;
    sqlx::query("INSERT INTO landlord (id, name, address, phone) VALUES (1, $1, $2, $3)")
        .bind("Habitat Démo")
        .bind("19 rue Honoré de Balzac, 42020 Saint-Étienne Cedex 1")
        .bind("04 77 42 85 00")
        .execute(&mut *tx)
        .await?;
    let centre = agency(
        &mut tx,
        "CV",
        "Agence Centre Ville",
        "25 rue Tarentaize, 42000 Saint-Étienne",
        "04 77 32 72 47",
    )
    .await?;
    let nord = agency(
        &mut tx,
        "NO",
        "Agence Nord",
        "3 place Jean Jaurès, 42000 Saint-Étienne",
        "04 77 32 72 48",
    )
    .await?;
    let sophie = account(
        &mut tx,
        "123456",
        centre,
        &[
            Person("signataire", "DUPONT", "Sophie", Some("1985-03-14")),
            Person("signataire", "DUPONT", "Marc", Some("1983-11-02")),
            Person("occupant", "DUPONT", "Léa", Some("2012-05-09")),
        ],
        &[
            Lease(
                "0012345",
                "logement",
                "Logement Type 3",
                "12 rue de la Paix, bât. B, 3e étage, porte 12, 42000 Saint-Étienne",
                "2019-06-01",
            ),
            Lease(
                "0098765",
                "garage",
                "Stationnement, Garage",
                "8 boulevard Krumnov (garages), 42000 Saint-Étienne",
                "2020-01-01",
            ),
        ],
    )
    .await?;
    account(
        &mut tx,
        "234567",
        centre,
        &[Person("signataire", "MARTIN", "Éloïse", Some("1990-07-02"))],
        &[Lease(
            "0023456",
            "logement",
            "Logement Type 2",
            "4 rue Michelet, 42000 Saint-Étienne",
            "2021-09-15",
        )],
    )
    .await?;
    account(
        &mut tx,
        "345678",
        nord,
        &[Person(
            "signataire",
            "N'GUYEN-LEFÈVRE",
            "Jean-Pierre",
            Some("1975-01-20"),
        )],
        &[Lease(
            "0034567",
            "logement",
            "Logement Type 4",
            "27 avenue de Rochetaillée, 42100 Saint-Étienne",
            "2015-03-01",
        )],
    )
    .await?;
    let paul = account(
        &mut tx,
        "456789",
        nord,
        &[Person("signataire", "BERNARD", "Paul", Some("1962-09-30"))],
        &[Lease(
            "0045678",
            "stationnement",
            "Stationnement",
            "2 rue Balay (parking), 42000 Saint-Étienne",
            "2018-02-01",
        )],
    )
    .await?;
    let claire = account(
        &mut tx,
        "567890",
        centre,
        &[Person("signataire", "PETIT", "Claire", Some("1979-12-24"))],
        &[Lease(
            "0056789",
            "logement",
            "Logement Type 1",
            "9 rue Gambetta, 42000 Saint-Étienne",
            "2022-04-01",
        )],
    )
    .await?;
    tx.commit().await?;
    login(db, sophie, DEMO_EMAIL, DEMO_PASSWORD).await?;
    login(db, paul, "paul.bernard@exemple.com", "Parking-Balay-1962").await?;
    login(
        db,
        claire,
        "claire.petit@exemple.com",
        "Gambetta-Claire-1979",
    )
    .await?;
    Ok(true)
}

type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

async fn agency(
    tx: &mut Tx<'_>,
    code: &str,
    name: &str,
    address: &str,
    phone: &str,
) -> Result<i64, sqlx::Error> {
    inserted_id(sqlx::query_as(
        "INSERT INTO agency (code, name, address, phone, hours) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(code)
    .bind(name)
    .bind(address)
    .bind(phone)
    .bind("Du lundi au vendredi, de 8 h 30 à 12 h et de 13 h 30 à 17 h")
    .fetch_all(&mut **tx)
    .await?)
}

/// The id a `RETURNING id` gave (read whole: see `app::infra::db`).
fn inserted_id(rows: Vec<(i64,)>) -> Result<i64, sqlx::Error> {
    rows.first()
        .map(|(id,)| *id)
        .ok_or(sqlx::Error::RowNotFound)
}

/// Creates an account with its people and leases; returns its first signatory.
async fn account(
    tx: &mut Tx<'_>,
    number: &str,
    agency: i64,
    people: &[Person],
    leases: &[Lease],
) -> Result<i64, sqlx::Error> {
    let account_id = inserted_id(
        sqlx::query_as(
            "INSERT INTO client_account (number, agency_id) VALUES ($1, $2) RETURNING id",
        )
        .bind(number)
        .bind(agency)
        .fetch_all(&mut **tx)
        .await?,
    )?;
    let mut first = None;
    for Person(role, last, given, birth) in people {
        let id = inserted_id(sqlx::query_as(
            "INSERT INTO person (account_id, role, last_name, first_name, birth_date, last_name_key, first_name_key)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(account_id)
        .bind(*role)
        .bind(*last)
        .bind(*given)
        .bind(birth.map(str::to_string))
        .bind(app::domain::person_name::match_key(last))
        .bind(app::domain::person_name::match_key(given))
        .fetch_all(&mut **tx)
        .await?)?;
        first.get_or_insert(id);
    }
    for Lease(reference, kind, label, address, start) in leases {
        sqlx::query(
            "INSERT INTO lease (account_id, reference, kind, label, address, start_date) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(account_id)
        .bind(*reference)
        .bind(*kind)
        .bind(*label)
        .bind(*address)
        .bind(*start)
        .execute(&mut **tx)
        .await?;
    }
    Ok(first.expect("every demo account has a signatory"))
}

async fn login(db: &Db, person_id: i64, email: &str, password: &str) -> Result<(), sqlx::Error> {
    let hash = hashing::hash(password.to_string())
        .await
        .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    let t = now();
    sqlx::query(
        "INSERT INTO tenant_login (person_id, email, password_hash, created_at, activated_at) VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(person_id)
    .bind(email)
    .bind(hash)
    .bind(t)
    .execute(&db.pool)
    .await?;
    Ok(())
}

//! Mes informations personnelles, on SQLite and PostgreSQL: the household,
//! change requests recorded (not applied) with their progress, and refusals.
mod common;

use common::upload::{file, pdf};
use common::{Engine, SOPHIE, field_error, location, spawn};

const PAGE: &str = "/informations-personnelles";

async fn the_household_and_change_requests(engine: Engine) {
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    let (_, page) = app.text(&sophie, PAGE).await;
    for shown in [
        "Sophie DUPONT, né(e) le 14/03/1985",
        "Marc DUPONT",
        "Léa DUPONT",
        "06 12 34 56 78",
        "04 77 21 56 34",
        "sophie@exemple.com",
        "Marié(e)",
        "Infirmière",
        "Vous n'avez envoyé aucune demande de modification.",
    ] {
        assert!(page.contains(shown), "{shown}: {page}");
    }
    let res = app
        .submit_with(
            &sophie,
            PAGE,
            "/api/modifier_coordonnees",
            &[
                ("fixe", ""),
                ("mobile", "07 81 22 33 44"),
                ("travail", "+44 20 7946 0958"),
            ],
        )
        .await;
    assert_eq!(
        (res.status().as_u16(), location(&res)),
        (303, "/informations-personnelles?demande=000000001".into())
    );
    let res = app
        .upload(
            &sophie,
            PAGE,
            &[
                ("__action", "situation_familiale"),
                ("situation", "Pacsé(e)"),
            ],
            vec![file("fichier1", "pacs.pdf", pdf(400))],
            false,
        )
        .await;
    assert_eq!(
        location(&res),
        "/informations-personnelles?demande=000000001",
        "numbered per menu"
    );
    let res = app
        .submit_with(
            &sophie,
            PAGE,
            "/api/modifier_situation_professionnelle",
            &[
                ("categorie", "Cadre, profession intellectuelle supérieure"),
                ("profession", "Cadre de santé"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, page) = app.text(&sophie, PAGE).await;
    for shown in [
        "Modification des coordonnées",
        "Modification de la situation familiale",
        "Modification de la situation professionnelle",
        "Envoyée",
        "06 12 34 56 78",
        "Infirmière",
    ] {
        assert!(page.contains(shown), "{shown}: {page}");
    }
    assert!(
        !page.contains("07 81 22 33 44"),
        "applied only once the landlord accepts"
    );
    let (payload,): (String,) =
        sqlx::query_as("SELECT payload FROM tenant_request WHERE area = 'coordonnees'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert!(
        payload.contains("+33781223344") && payload.contains("+442079460958"),
        "{payload}"
    );
}

async fn each_refusal_is_next_to_its_field(engine: Engine) {
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    let res = app
        .submit_with(
            &sophie,
            PAGE,
            "/api/modifier_coordonnees",
            &[
                ("fixe", "04 77"),
                ("mobile", "06 12 34 56 78"),
                ("travail", "abc"),
            ],
        )
        .await;
    let page = res.text().await.unwrap();
    assert!(
        field_error(&page, "fixe")
            .unwrap()
            .contains("n'est pas valide")
    );
    assert!(
        field_error(&page, "travail")
            .unwrap()
            .contains("n'est pas valide")
    );
    assert!(page.contains("value=\"04 77\""), "what was typed stays");
    let res = app
        .submit_with(
            &sophie,
            PAGE,
            "/api/modifier_coordonnees",
            &[("fixe", ""), ("mobile", ""), ("travail", "")],
        )
        .await;
    assert!(
        field_error(&res.text().await.unwrap(), "mobile")
            .unwrap()
            .contains("au moins un numéro")
    );
    let res = app
        .submit_with(
            &sophie,
            PAGE,
            "/api/modifier_situation_professionnelle",
            &[("categorie", "Astronaute"), ("profession", "x")],
        )
        .await;
    assert!(
        field_error(&res.text().await.unwrap(), "categorie")
            .unwrap()
            .contains("dans la liste")
    );
    let res = app
        .upload(
            &sophie,
            PAGE,
            &[
                ("__action", "situation_familiale"),
                ("situation", "Pacsé(e)"),
            ],
            vec![],
            false,
        )
        .await;
    // As in the seed, the supporting document may follow through Nous
    // contacter: a change sent without it is recorded, not refused.
    assert_eq!(res.status().as_u16(), 303, "sent without its document");
    for (area, recorded) in [
        ("coordonnees", 0),
        ("situation_familiale", 1),
        ("situation_professionnelle", 0),
    ] {
        assert_eq!(app.requests(area).await, recorded, "{area}");
    }
}

both_engines!(
    the_household_and_change_requests,
    each_refusal_is_next_to_its_field
);

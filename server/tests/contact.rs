//! Nous contacter: the tenant's agency and the head office, on SQLite and
//! PostgreSQL; visitors are sent to Connexion.
mod common;

use common::{Engine, SOPHIE, location, spawn};

async fn the_tenant_sees_their_agency_and_the_head_office(engine: Engine) {
    let app = spawn(engine).await;
    let sophie = app.signed_in(SOPHIE).await;
    let (status, page) = app.text(&sophie, "/nous-contacter").await;
    assert_eq!(status, 200);
    for shown in [
        "Votre agence de proximité",
        "Agence Centre Ville",
        "25 rue Tarentaize, 42000 Saint-Étienne",
        "Téléphone : 04 77 32 72 47",
        "Le siège",
        "Habitat Démo",
        "19 rue Honoré de Balzac, 42020 Saint-Étienne Cedex 1",
        "Téléphone : 04 77 42 85 00",
    ] {
        assert!(page.contains(shown), "{shown}: {page}");
    }
    let (_, html) = app.get_with(&sophie, "/nous-contacter").await;
    assert!(
        html.contains("href=\"tel:0477327247\"") && html.contains("href=\"tel:0477428500\""),
        "phone links"
    );
    let res = common::client()
        .get(app.url("/nous-contacter"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        (res.status().as_u16(), location(&res)),
        (302, "/connexion".to_string())
    );
}

both_engines!(the_tenant_sees_their_agency_and_the_head_office);

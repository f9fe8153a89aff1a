//! Attachments in S3-compatible object storage: a real S3 protocol server
//! (moto, installed by scripts/install-tools.sh) on loopback, and the portal
//! configured with ESPACE_S3_*: a request's file goes to the bucket, comes
//! back to its owner, and a refused post leaves nothing there.
mod common;

use common::upload::{exe, file, pdf};
use common::{Engine, SOPHIE, location, spawn_with};
use std::process::{Child, Command, Stdio};

struct Moto(Child, u16);

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.0.kill();
    }
}

async fn moto() -> Moto {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new("moto_server")
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("moto_server (scripts/install-tools.sh installs it)");
    let moto = Moto(child, port);
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return moto;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("moto_server did not start");
}

async fn objects(port: u16) -> String {
    reqwest::get(format!("http://127.0.0.1:{port}/espace-pj?list-type=2"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

async fn attachments_live_in_the_bucket(engine: Engine) {
    let s3 = moto().await;
    let port = s3.1;
    let created = reqwest::Client::new()
        .put(format!("http://127.0.0.1:{port}/espace-pj"))
        .send()
        .await
        .unwrap();
    assert!(created.status().is_success());
    let app = spawn_with(engine, |c| {
        c.s3 = Some(app::uploads::storage::S3Config {
            bucket: "espace-pj".into(),
            endpoint: Some(format!("http://127.0.0.1:{port}")),
            region: "eu-west-3".into(),
            access_key_id: "test".into(),
            secret_access_key: "test".into(),
        })
    })
    .await;
    let sophie = app.signed_in(SOPHIE).await;
    let fields = [
        ("__action", "demande"),
        ("objet", "Demande administrative"),
        ("message", "Mon RIB"),
        ("type_fichier1", "rib"),
    ];
    let refused = app
        .upload(
            &sophie,
            "/nous-contacter",
            &fields,
            vec![
                file("fichier1", "rib.pdf", pdf(100)),
                file("fichier2", "x.pdf", exe()),
            ],
            false,
        )
        .await;
    assert_eq!(refused.status().as_u16(), 200);
    assert!(
        !objects(port).await.contains("<Key>"),
        "nothing left in the bucket"
    );
    let res = app
        .upload(
            &sophie,
            "/nous-contacter",
            &fields,
            vec![file("fichier1", "rib.pdf", pdf(4321))],
            false,
        )
        .await;
    assert_eq!(location(&res), "/nous-contacter?envoi=000000001");
    let (stored,): (String,) = sqlx::query_as("SELECT stored_name FROM request_attachment")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert!(
        objects(port)
            .await
            .contains(&format!("<Key>{stored}</Key>"))
    );
    assert_eq!(app.stored_files(), 0, "nothing in the local folder");
    let (public_id,): (String,) = sqlx::query_as("SELECT public_id FROM request_attachment")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let res = sophie
        .get(app.url(&format!("/pieces-jointes/{public_id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.bytes().await.unwrap().to_vec(), pdf(4321));
}

both_engines!(attachments_live_in_the_bucket);

//! Paying as a browser does: VALIDER, the page that posts to the bank, the
//! test bank's pages; and notifications as the bank would sign them.
use super::{SECRET, location};
use app::payment::ssr::vads::{self, Algorithm, Fields};
use server::test_bank;

pub fn key() -> String {
    test_bank::derived_key(SECRET.as_bytes())
}

/// The hidden fields of an HTML page's forms.
pub fn hidden_fields(html: &str) -> Fields {
    let mut fields = Fields::new();
    for part in html.split("<input type=\"hidden\" ").skip(1) {
        let attr = |name: &str| {
            let start = part.find(&format!("{name}=\""))? + name.len() + 2;
            let end = part[start..].find('"')? + start;
            Some(
                part[start..end]
                    .replace("&quot;", "\"")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&"),
            )
        };
        if let (Some(n), Some(v)) = (attr("name"), attr("value")) {
            fields.insert(n, v);
        }
    }
    fields
}

/// VALIDER on the payment page, as a browser without JavaScript sends it.
pub async fn validate(
    base: &str,
    browser: &reqwest::Client,
    choice: &str,
    amount: &str,
) -> reqwest::Response {
    let form = [
        ("__action", "/api/payer"),
        ("choix", choice),
        ("montant", amount),
    ];
    browser
        .post(format!("{base}/paiement"))
        .header("Origin", base)
        .form(&form)
        .send()
        .await
        .unwrap()
}

/// VALIDER, accepted: the payment's number.
pub async fn start(base: &str, browser: &reqwest::Client, choice: &str, amount: &str) -> i64 {
    let res = validate(base, browser, choice, amount).await;
    let status = res.status();
    let to = location(&res);
    assert_eq!(status, 303, "{}", res.text().await.unwrap());
    to.strip_prefix("/paiement/banque/")
        .unwrap()
        .parse()
        .unwrap()
}

/// The signed form the browser is sent to the bank with.
pub async fn bank_form(base: &str, browser: &reqwest::Client, id: i64) -> Fields {
    let res = browser
        .get(format!("{base}/paiement/banque/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    hidden_fields(&res.text().await.unwrap())
}

pub async fn post(
    base: &str,
    browser: &reqwest::Client,
    path: &str,
    fields: &Fields,
) -> (u16, String) {
    let res = browser
        .post(format!("{base}{path}"))
        .form(fields)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// Pays payment `id` at the test bank with `card` (and a 3-D Secure code); the bank's last page.
pub async fn pay_at_bank(
    base: &str,
    browser: &reqwest::Client,
    id: i64,
    card: &str,
    code: Option<&str>,
) -> String {
    let form = bank_form(base, browser, id).await;
    let (status, card_page) = post(base, browser, test_bank::PAGE, &form).await;
    assert_eq!(status, 200, "{card_page}");
    assert!(card_page.contains("Paiement par carte"));
    let mut fields = hidden_fields(&card_page);
    for (k, v) in [
        ("carte", card),
        ("expiration", "12/29"),
        ("cryptogramme", "123"),
        ("action", "payer"),
    ] {
        fields.insert(k.into(), v.into());
    }
    let (_, page) = post(base, browser, "/banque-test/carte", &fields).await;
    let Some(code) = code else { return page };
    assert!(page.contains("Authentification 3-D Secure"), "{page}");
    let mut fields = hidden_fields(&page);
    fields.insert("code".into(), code.into());
    post(base, browser, "/banque-test/3ds", &fields).await.1
}

pub fn resign(f: &mut Fields, key: &str) {
    f.remove("signature");
    let s = vads::sign(f, key, Algorithm::HmacSha256);
    f.insert("signature".into(), s);
}

/// A notification as the bank would send it for payment `id`, signed with `key`.
pub async fn notification(db: &app::infra::Db, id: i64, status: &str, key: &str) -> Fields {
    let (amount, trans_date, trans_id): (i64, String, String) =
        sqlx::query_as("SELECT amount_cents, trans_date, trans_id FROM payment WHERE id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    let mut f: Fields = [
        ("vads_amount", amount.to_string()),
        ("vads_auth_number", "3fb0de".into()),
        ("vads_ctx_mode", "TEST".into()),
        ("vads_currency", "978".into()),
        ("vads_order_id", format!("{id:09}")),
        ("vads_site_id", "12345678".into()),
        ("vads_trans_date", trans_date),
        ("vads_trans_id", trans_id),
        ("vads_trans_status", status.into()),
        ("vads_trans_uuid", "0123456789abcdef0123456789abcdef".into()),
        ("vads_version", "V2".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    resign(&mut f, key);
    f
}

pub async fn status_of(db: &app::infra::Db, id: i64) -> String {
    let (s,): (String,) = sqlx::query_as("SELECT status FROM payment WHERE id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    s
}

/// Waits (up to `secs`) for the bank's notification to settle the payment.
pub async fn settled(db: &app::infra::Db, id: i64, secs: u64) -> String {
    for _ in 0..secs * 20 {
        let s = status_of(db, id).await;
        if s != "en_cours" {
            return s;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("payment {id} never settled");
}

/// The payment's entries in the ledger.
pub async fn credits(db: &app::infra::Db, id: i64) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM ledger_entry WHERE reference = $1")
        .bind(format!("PORTAIL-PAIEMENT-{id:09}"))
        .fetch_one(&db.pool)
        .await
        .unwrap();
    n
}

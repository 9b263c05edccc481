//! The digital application over HTTP: an applicant applies with a household of two, costs,
//! declared incomes and an attachment, checks the summary, sends it and gets a receipt; the
//! application is stored with its `application_submitted` audit record; the co-applicant
//! confirms by signing in; nobody else sees it. Bad input names its field; the attachment
//! limits hold; a monthly re-application starts from the latest one.

use reqwest::StatusCode;
use underlag_audit::AuditKind;

use crate::app::{APPLICANT, App, CO_APPLICANT, PROTECTED};
use crate::client::{Browser, Fetched, attr_after};

/// The form of a household of two with rent, electricity and the co-applicant's salary.
fn household_of_two(csrf: &str) -> Vec<(&'static str, String)> {
    vec![
        ("csrf_token", csrf.to_owned()),
        ("kind", "ny".into()),
        (
            "month",
            underlag_service::clock::today_in_sweden()
                .first_of_month()
                .strftime("%Y-%m")
                .to_string(),
        ),
        ("co_applicant", CO_APPLICANT.into()),
        ("cost_hyra", "6500".into()),
        ("cost_el", "412,50".into()),
        ("income_1_who", "medsokande".into()),
        ("income_1_kind", "lon".into()),
        ("income_1_payer", "Exempelbolaget AB".into()),
        ("income_1_amount", "12000".into()),
    ]
}

async fn post_owned(browser: &Browser, path: &str, fields: &[(&'static str, String)]) -> Fetched {
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    browser.post(path, &borrowed).await
}

/// Fills in, attaches a PDF and sends; returns the receipt's path.
pub(crate) async fn apply_with_household_of_two(browser: &Browser) -> String {
    let form = browser.get("/mina-sidor/ansokan/ny").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let csrf = form.csrf();
    let next = post_owned(browser, "/mina-sidor/ansokan/ny", &household_of_two(&csrf)).await;
    assert_eq!(next.status, StatusCode::SEE_OTHER, "{}", next.body);
    assert_eq!(next.location(), "/mina-sidor/ansokan/bilagor");
    let uploaded = browser
        .upload(
            "/mina-sidor/ansokan/bilagor",
            &csrf,
            "hyresavi.pdf",
            "application/pdf",
            b"%PDF-1.4 hyresavi december",
        )
        .await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.body);
    let summary = browser.get("/mina-sidor/ansokan/sammanfattning").await;
    assert_eq!(summary.status, StatusCode::OK);
    for expected in [
        "6\u{a0}912,50\u{a0}kr",
        "12\u{a0}000,00\u{a0}kr",
        "hyresavi.pdf",
        "19880512-2390",
    ] {
        assert!(summary.body.contains(expected), "summary lacks {expected}");
    }
    let unconfirmed = browser
        .post("/mina-sidor/ansokan/skicka", &[("csrf_token", &csrf)])
        .await;
    assert_eq!(
        unconfirmed.status,
        StatusCode::BAD_REQUEST,
        "the box must be ticked"
    );
    let sent = browser
        .post(
            "/mina-sidor/ansokan/skicka",
            &[("csrf_token", &csrf), ("intygar", "ja")],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert!(sent.location().starts_with("/mina-sidor/ansokningar/"));
    sent.location().to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_applicant_applies_with_a_household_of_two_and_the_co_applicant_confirms() {
    let app = App::start().await;
    let applicant = Browser::new(&app);
    applicant.sign_in(APPLICANT).await;
    let receipt_path = apply_with_household_of_two(&applicant).await;

    let receipt = applicant.get(&receipt_path).await;
    assert_eq!(receipt.status, StatusCode::OK);
    assert!(receipt.body.contains("data-testid=\"receipt\""));
    let reference = attr_after(&receipt.body, "data-testid=\"reference-number\">").unwrap();
    assert!(
        reference.starts_with("ANS-") && reference.len() == 14,
        "{reference}"
    );
    assert!(receipt.body.contains("Väntar på medsökandes bekräftelse"));

    // One application_submitted record, with the applicant as subject and no amounts.
    let records: Vec<_> = app
        .records()
        .await
        .into_iter()
        .filter(|r| r.kind == AuditKind::ApplicationSubmitted)
        .collect();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].subject.as_ref().unwrap().expose(), APPLICANT);
    let described = records[0].refusal.clone().unwrap();
    assert!(
        described.contains(&reference)
            && described.contains("hushåll 2")
            && described.contains("bilagor 1")
    );
    assert!(!described.contains("6500") && !described.contains("12000"));

    // The draft is gone: the summary sends back to the form.
    let after = applicant.get("/mina-sidor/ansokan/sammanfattning").await;
    assert_eq!(after.location(), "/mina-sidor/ansokan/ny");

    // The co-applicant signs in, sees it waiting, downloads the attachment and confirms.
    let co = Browser::new(&app);
    co.sign_in(CO_APPLICANT).await;
    let start = co.get("/mina-sidor/").await;
    assert!(
        start.body.contains("data-testid=\"to-confirm\""),
        "{}",
        start.body
    );
    let page = co.get(&receipt_path.replace("?kvitto=1", "")).await;
    assert!(page.body.contains("data-testid=\"confirm-section\""));
    let file_link = attr_after(&page.body, "href=\"/mina-sidor/ansokningar/").unwrap();
    let file_link = format!("/mina-sidor/ansokningar/{file_link}");
    assert!(file_link.contains("/bilagor/"), "{file_link}");
    let file = co.get(&file_link).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.header("content-type"), "application/pdf");
    assert!(
        file.header("content-disposition")
            .starts_with("attachment;")
    );
    assert_eq!(file.body, "%PDF-1.4 hyresavi december");
    let id = receipt_path
        .trim_start_matches("/mina-sidor/ansokningar/")
        .trim_end_matches("?kvitto=1")
        .to_owned();
    let confirmed = co
        .post(
            &format!("/mina-sidor/ansokningar/{id}/bekrafta"),
            &[("csrf_token", &page.csrf())],
        )
        .await;
    assert_eq!(
        confirmed.status,
        StatusCode::SEE_OTHER,
        "{}",
        confirmed.body
    );
    let page = co.get(&format!("/mina-sidor/ansokningar/{id}")).await;
    assert!(page.body.contains("Bekräftad"), "{}", page.body);
    assert!(!page.body.contains("data-testid=\"confirm-section\""));

    // Someone else sees neither the application nor its attachment.
    let other = Browser::new(&app);
    other.sign_in(PROTECTED).await;
    assert_eq!(
        other
            .get(&format!("/mina-sidor/ansokningar/{id}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(other.get(&file_link).await.status, StatusCode::NOT_FOUND);
    let list = other.get("/mina-sidor/ansokningar").await;
    assert!(list.body.contains("data-testid=\"no-applications\""));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_names_every_field_without_echoing_it() {
    let app = App::start().await;
    let browser = Browser::new(&app);
    browser.sign_in(APPLICANT).await;
    let csrf = browser.csrf().await;
    let bad = browser
        .post(
            "/mina-sidor/ansokan/ny",
            &[
                ("csrf_token", &csrf),
                ("kind", "ny"),
                ("month", "1999-01"),
                ("co_applicant", "19860305239X"),
                ("cost_hyra", "sex tusen"),
                ("income_1_amount", "100"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    for field in ["month", "co_applicant", "cost_hyra"] {
        assert!(
            bad.body.contains(&format!("href=\"#{field}\"")),
            "the error summary links {field}"
        );
    }
    assert!(bad.body.contains("href=\"#income_1_payer\""));
    assert!(bad.body.contains("aria-invalid=\"true\""));
    // The typed values are shown back in their fields, but never inside a message.
    let summary_end = bad.body.find("</div>").unwrap();
    assert!(!bad.body[..summary_end].contains("sex tusen"));
    assert!(!bad.body[..summary_end].contains("19860305239X"));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn attachments_are_checked_for_type_and_size() {
    let app = App::start().await;
    let browser = Browser::new(&app);
    browser.sign_in(APPLICANT).await;
    let csrf = browser.csrf().await;
    let next = post_owned(&browser, "/mina-sidor/ansokan/ny", &household_of_two(&csrf)).await;
    assert_eq!(next.status, StatusCode::SEE_OTHER);
    let exe = browser
        .upload(
            "/mina-sidor/ansokan/bilagor",
            &csrf,
            "a.pdf",
            "application/pdf",
            b"MZ\x90\x00",
        )
        .await;
    assert_eq!(exe.status, StatusCode::BAD_REQUEST);
    assert!(exe.body.contains("Filtypen kan inte tas emot"));
    let big = vec![0xFF_u8; 5 * 1024 * 1024 + 10];
    let too_big = browser
        .upload(
            "/mina-sidor/ansokan/bilagor",
            &csrf,
            "b.jpg",
            "image/jpeg",
            &big,
        )
        .await;
    assert_eq!(too_big.status, StatusCode::BAD_REQUEST);
    assert!(too_big.body.contains("5 MB"));
    let forged = browser
        .upload(
            "/mina-sidor/ansokan/bilagor",
            "0",
            "c.png",
            "image/png",
            b"\x89PNG\r\n\x1a\nx",
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "a wrong CSRF token");
    let page = browser.get("/mina-sidor/ansokan/bilagor").await;
    assert!(page.body.contains("data-testid=\"no-attachments\""));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_monthly_re_application_starts_from_the_latest_application() {
    let app = App::start().await;
    let browser = Browser::new(&app);
    browser.sign_in(APPLICANT).await;
    apply_with_household_of_two(&browser).await;
    let form = browser.get("/mina-sidor/ansokan/ny?typ=manad").await;
    assert!(form.body.contains("data-testid=\"prefilled\""));
    assert!(form.body.contains(&format!("value=\"{CO_APPLICANT}\"")));
    assert!(form.body.contains("value=\"6500.00\""));
    assert!(
        form.body
            .contains("id=\"kind-manad\" name=\"kind\" value=\"manad\" checked")
    );
    app.stop().await;
}

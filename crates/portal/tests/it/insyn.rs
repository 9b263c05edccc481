//! "Vem har tittat på mina uppgifter?" over HTTP: a case worker's look-up and a refused
//! attempt appear in the person's list (the case worker named only when configured); the
//! signed register extract verifies with the published checkpoint key and a changed byte
//! fails; every view is a `register_extract` record, and when that record cannot be written
//! the person gets an error page, not the data; a person with protected identity sees no unit.

use reqwest::StatusCode;
use serde_json::Value;
use underlag_audit::{AuditKind, verify_extract};
use underlag_domain::Personnummer;
use underlag_gateway::keys;
use underlag_test_support::fixtures::household;
use underlag_test_support::{Doorway, TestApp};

use crate::app::{APPLICANT, App, ORGANISATION, PROTECTED};
use crate::client::Browser;

/// The unit Exempelkommun is registered with (`fixtures::exempelkommun`).
const UNIT: &str = "Socialnämnden, enheten för ekonomiskt bistånd";

/// A refused attempt (the case is not registered) and an answered look-up in a registered
/// case, both about `person` by case worker `hl-test`; the answered case's id.
pub(crate) async fn look_up_twice(app: &TestApp, person: &str) -> String {
    let parsed = Personnummer::parse_canonical(person).unwrap();
    let refused = app.post_query(&app.query(&parsed)).await;
    assert_eq!(refused.status, 403, "{}", refused.text);
    let body: Value = app.query(&parsed);
    let case_id = body["case_id"].as_str().unwrap().to_owned();
    let put = app
        .put_household(&case_id, &household(ORGANISATION, &[person], "hl-test"))
        .await;
    assert!(put.status.is_success(), "{}", put.text);
    let answered = app.post_query(&body).await;
    assert_eq!(answered.status, 200, "{}", answered.text);
    case_id
}

/// How many `register_extract` records of `person` the chain holds.
async fn extract_records(app: &App, person: &str) -> usize {
    app.records()
        .await
        .iter()
        .filter(|r| {
            r.kind == AuditKind::RegisterExtract
                && r.subject.as_ref().map(|s| s.expose()) == Some(person)
        })
        .count()
}

fn count(body: &str, needle: &str) -> usize {
    body.matches(needle).count()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lookup_and_a_refused_attempt_appear_and_the_signed_extract_verifies() {
    let app = App::start().await;
    let case_id = look_up_twice(&app, APPLICANT).await;
    let browser = Browser::new(&app);
    browser.sign_in(APPLICANT).await;

    let page = browser.get("/mina-sidor/insyn").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(
        count(&page.body, "data-testid=\"lookup\""),
        2,
        "{}",
        page.body
    );
    assert_eq!(count(&page.body, "data-testid=\"lookup-refused\""), 1);
    assert!(page.body.contains("Nekat"));
    assert!(page.body.contains(&case_id));
    assert!(page.body.contains("Exempelkommun"));
    assert!(
        page.body.contains(UNIT),
        "the unit of the asking organisation"
    );
    assert!(
        page.body
            .contains("Utredning av rätt till ekonomiskt bistånd")
    );
    assert!(
        page.body.contains("Arbetsförmedlingen"),
        "a source that answered"
    );
    // Case workers are not named by default.
    assert!(!page.body.contains("hl-test"));
    assert!(page.body.contains("data-testid=\"case-workers-not-named\""));
    assert_eq!(
        extract_records(&app, APPLICANT).await,
        1,
        "the view is audited"
    );

    // The signed JSON verifies with the published key; any changed byte fails.
    let file = browser.get("/mina-sidor/insyn/registerutdrag.json").await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.header("content-type"), "application/json");
    assert!(
        file.header("content-disposition")
            .contains("registerutdrag.json")
    );
    let key_path = keys::verifying_key_path(&keys::signing_key_path(&app.settings));
    let key = keys::load_verifying_key(&key_path).unwrap();
    let extract = verify_extract(&file.body, &[key]).expect("the extract verifies");
    assert_eq!(extract.subject, APPLICANT);
    assert_eq!(extract.lookups.len(), 2);
    assert!(extract.lookups[0].refused && !extract.lookups[1].refused);
    assert_eq!(extract.lookups[1].case_id, case_id);
    assert_eq!(extract.lookups[1].case_worker, None);
    assert!(!file.body.contains("hl-test"));
    let bytes = file.body.as_bytes();
    for at in [0, 20, bytes.len() / 2, bytes.len() - 3, bytes.len() - 1] {
        let mut changed = bytes.to_vec();
        changed[at] = if changed[at] == b'0' { b'1' } else { b'0' };
        let changed = String::from_utf8_lossy(&changed);
        assert!(
            verify_extract(&changed, &[key]).is_err(),
            "a changed byte at {at} must fail"
        );
    }
    assert_eq!(extract_records(&app, APPLICANT).await, 2);

    // The printable page: the same list and the published key.
    let print = browser.get("/mina-sidor/insyn/utskrift").await;
    assert_eq!(print.status, StatusCode::OK);
    assert_eq!(count(&print.body, "data-testid=\"lookup\""), 2);
    assert!(print.body.contains(&key.to_hex()));
    assert_eq!(extract_records(&app, APPLICANT).await, 3);

    // Nobody else's list shows these lookups.
    let other = Browser::new(&app);
    other.sign_in(PROTECTED).await;
    let theirs = other.get("/mina-sidor/insyn").await;
    assert!(theirs.body.contains("data-testid=\"no-lookups\""));
    assert!(!theirs.body.contains(&case_id));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn case_workers_are_named_only_when_configured() {
    let app = App::start_with(|s| s.consent.name_case_workers = true).await;
    look_up_twice(&app, APPLICANT).await;
    let browser = Browser::new(&app);
    browser.sign_in(APPLICANT).await;
    let page = browser.get("/mina-sidor/insyn").await;
    assert!(page.body.contains("hl-test"), "{}", page.body);
    assert!(!page.body.contains("data-testid=\"case-workers-not-named\""));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn without_its_audit_record_no_extract_is_shown() {
    let app = App::start().await;
    let case_id = look_up_twice(&app, APPLICANT).await;
    let browser = Browser::new(&app);
    browser.sign_in(APPLICANT).await;
    app.fail_audit().await;
    for path in [
        "/mina-sidor/insyn",
        "/mina-sidor/insyn/registerutdrag.json",
        "/mina-sidor/insyn/utskrift",
    ] {
        let page = browser.get(path).await;
        assert_eq!(page.status, StatusCode::INTERNAL_SERVER_ERROR, "{path}");
        assert!(!page.body.contains(&case_id), "{path} shows no lookup");
        assert!(!page.body.contains("signature"), "{path} gives no extract");
        assert!(page.body.contains("Något gick fel"));
    }
    assert_eq!(extract_records(&app, APPLICANT).await, 0);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_person_with_protected_identity_sees_no_unit_or_location() {
    let app = App::start().await;
    let case_id = look_up_twice(&app, PROTECTED).await;
    let browser = Browser::new(&app);
    browser.sign_in(PROTECTED).await;
    for path in ["/mina-sidor/insyn", "/mina-sidor/insyn/utskrift"] {
        let page = browser.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(page.body.contains(&case_id), "{path} lists the lookup");
        assert!(page.body.contains("Exempelkommun"));
        for hidden in [UNIT, "Storgatan", "123 45", "010-123 45 67"] {
            assert!(!page.body.contains(hidden), "{path} shows {hidden}");
        }
    }
    let file = browser.get("/mina-sidor/insyn/registerutdrag.json").await;
    assert!(!file.body.contains(UNIT));
    assert!(file.body.contains(&case_id));
    app.stop().await;
}

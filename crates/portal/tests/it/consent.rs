//! Consent-based bank data in the portal over HTTP, against the real simulated bank (Berlin
//! Group NextGenPSD2 on loopback): the applicant gives explicit, time-limited consent for an
//! account and a period, the data is fetched and shown with its provenance and consent
//! reference; after revoking, a fetch is refused (409) and the bank is not called (its calls
//! are counted); a failing bank or a refused consent asks for statements, never shows an
//! empty account; every consent, fetch and revocation is in the audit chain; a person with
//! protected identity uses it fully. The same in headless Chromium (flows/portal-consent.mjs,
//! axe-core on every page, with and without JavaScript, screenshots portal-samtycke*.png,
//! portal-kontouppgifter.png, portal-bank-fel.png). Every date is relative to the real today.

use jiff::ToSpan;
use jiff::civil::Date;
use reqwest::StatusCode;
use serde_json::json;
use underlag_audit::{AuditKind, AuditRecord};
use underlag_sim::{BankFault, accounts_of, bank_today};

use crate::app::{APPLICANT, App, CO_APPLICANT, PROTECTED};
use crate::browser::{assert_passed, chromium, run_flow};
use crate::client::{Browser, attr_after};

const PAGE: &str = "/mina-sidor/kontouppgifter";
const STATEMENTS: &str = "/mina-sidor/ansokan/bilagor";

/// The first account of `person` at the simulated bank (IBAN without spaces).
pub(crate) fn account_of(app: &App, person: &str) -> String {
    let person = app
        .population()
        .persons()
        .iter()
        .find(|p| p.personnummer.expose() == person)
        .expect("the person is in the population");
    accounts_of(person, bank_today())[0].iban.clone()
}

/// The last three whole months before today, and a validity of 30 days: (from, to, until).
pub(crate) fn consent_dates() -> (Date, Date, Date) {
    let today = bank_today();
    let first = today.first_of_month();
    (
        first.saturating_sub(3.months()),
        first.yesterday().unwrap(),
        today.saturating_add(30.days()),
    )
}

/// Gives consent for `iban` through the form; the response (303 to the consent on success).
async fn give(browser: &Browser, iban: &str) -> crate::client::Fetched {
    let csrf = browser.get(PAGE).await.csrf();
    let (from, to, until) = consent_dates();
    browser
        .post(
            PAGE,
            &[
                ("csrf_token", &csrf),
                ("accounts", iban),
                ("period_from", &from.to_string()),
                ("period_to", &to.to_string()),
                ("valid_until", &until.to_string()),
                ("samtycker", "ja"),
            ],
        )
        .await
}

/// The consent kinds of the audit chain, in order.
fn consent_records(records: &[AuditRecord]) -> Vec<&AuditRecord> {
    records
        .iter()
        .filter(|r| {
            matches!(
                r.kind,
                AuditKind::ConsentGiven | AuditKind::BankFetch | AuditKind::ConsentRevoked
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn consent_fetches_the_data_and_after_revoking_no_fetch_reaches_the_bank() {
    let app = App::start().await;
    let browser = Browser::new(&app);
    browser.sign_in(APPLICANT).await;
    let iban = account_of(&app, APPLICANT);

    // The page: the form, in the navigation.
    let page = browser.get(PAGE).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains(r#"data-testid="consent-form""#));
    assert!(
        page.body
            .contains(r#"href="/mina-sidor/kontouppgifter" aria-current="page""#)
    );

    // Without the explicit consent and with a wrong account: nothing is given, the bank is
    // not asked, each error is named.
    let calls = app.sim.bank_calls();
    let (from, to, _) = consent_dates();
    let refused = browser
        .post(
            PAGE,
            &[
                ("csrf_token", &page.csrf()),
                ("accounts", "SE46 5000 0000 0583 9825 7466"),
                ("period_from", &from.to_string()),
                ("period_to", &to.to_string()),
                (
                    "valid_until",
                    &bank_today().saturating_add(91.days()).to_string(),
                ),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    for field in ["account", "valid_until", "samtycker"] {
        assert!(
            refused
                .body
                .contains(&format!(r#"data-testid="field-error-{field}""#)),
            "{field}"
        );
    }
    // What was typed is kept in the form to be corrected.
    assert!(
        refused
            .body
            .contains("SE46 5000 0000 0583 9825 7466</textarea>")
    );
    assert_eq!(app.sim.bank_calls(), calls);
    assert!(consent_records(&app.records().await).is_empty());

    // Given (the account as a person types it): the fetch runs at once.
    let spaced = iban
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).to_lowercase())
        .collect::<Vec<_>>()
        .join(" ");
    let given = give(&browser, &spaced).await;
    assert_eq!(given.status, StatusCode::SEE_OTHER, "{}", given.body);
    let at = given.location().to_owned();
    let id = at.strip_prefix(&format!("{PAGE}/")).unwrap().to_owned();
    assert!(app.sim.bank_calls() > calls, "the bank was asked");

    let shown = browser.get(&at).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert_eq!(
        attr_after(&shown.body, r#"data-testid="consent" data-state=""#).as_deref(),
        Some("active")
    );
    let provenance = attr_after(&shown.body, r#"data-testid="provenance">"#).unwrap();
    assert!(provenance.contains("Hämtat från banken"), "{provenance}");
    assert!(
        provenance.contains(&id),
        "the consent reference: {provenance}"
    );
    assert!(shown.body.contains(r#"data-testid="balances""#));
    assert!(shown.body.contains(r#"data-testid="transactions""#));
    assert!(shown.body.contains("Lön") && shown.body.contains("Hyra"));
    assert!(!shown.body.contains(r#"data-testid="statements-needed""#));
    let grouped = iban
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(shown.body.contains(&grouped));
    let list = browser.get(PAGE).await;
    assert!(list.body.contains(&format!(r#"href="{PAGE}/{id}""#)));
    assert!(list.body.contains(r#"data-state="active""#));

    // Fetched again while in force.
    let before = app.sim.bank_calls();
    let again = browser
        .post(&format!("{at}/hamta"), &[("csrf_token", &shown.csrf())])
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);
    assert!(app.sim.bank_calls() > before);

    // A form without the session's token is refused.
    let forged = browser.post(&format!("{at}/aterkalla"), &[]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);

    // Revoked: the page says so, and no later fetch reaches the bank.
    let revoked = browser
        .post(&format!("{at}/aterkalla"), &[("csrf_token", &shown.csrf())])
        .await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER, "{}", revoked.body);
    let shown = browser.get(&at).await;
    assert_eq!(
        attr_after(&shown.body, r#"data-testid="consent" data-state=""#).as_deref(),
        Some("revoked")
    );
    assert!(shown.body.contains(r#"data-testid="revoked-note""#));
    assert!(!shown.body.contains(r#"data-testid="fetch-form""#));
    let calls = app.sim.bank_calls();
    let refused = browser
        .post(&format!("{at}/hamta"), &[("csrf_token", &shown.csrf())])
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert!(refused.body.contains(r#"data-testid="fetch-refused""#));
    assert!(refused.body.contains(&format!(r#"href="{STATEMENTS}""#)));
    assert!(refused.body.contains("Ladda upp kontoutdrag"));
    let twice = browser
        .post(&format!("{at}/aterkalla"), &[("csrf_token", &shown.csrf())])
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert_eq!(app.sim.bank_calls(), calls, "nothing reached the bank");

    // Someone else sees nothing of it and cannot use it.
    let other = Browser::new(&app);
    other.sign_in(CO_APPLICANT).await;
    assert_eq!(other.get(&at).await.status, StatusCode::NOT_FOUND);
    let csrf = other.csrf().await;
    let used = other
        .post(&format!("{at}/hamta"), &[("csrf_token", &csrf)])
        .await;
    assert_eq!(used.status, StatusCode::NOT_FOUND);
    assert!(!other.get(PAGE).await.body.contains(&id));
    assert_eq!(app.sim.bank_calls(), calls);

    // The audit chain: given, fetched twice, revoked; about the applicant, by the applicant;
    // no account number in any record.
    let records = app.records().await;
    let consent = consent_records(&records);
    let kinds: Vec<AuditKind> = consent.iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds,
        vec![
            AuditKind::ConsentGiven,
            AuditKind::BankFetch,
            AuditKind::BankFetch,
            AuditKind::ConsentRevoked
        ]
    );
    for r in &consent {
        assert_eq!(r.subject.as_ref().map(|p| p.expose()), Some(APPLICANT));
        assert_eq!(r.case_worker, "sokande");
        let text = format!("{:?} {:?}", r.refusal, r.sources);
        assert!(!text.contains(&iban[4..]), "{text}");
    }
    assert!(consent[0].refusal.as_deref().unwrap().contains(&id));
    assert_eq!(consent[1].sources[0].outcome, "ok");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failing_bank_or_a_refused_consent_asks_for_statements_never_an_empty_account() {
    let app = App::start().await;
    let browser = Browser::new(&app);
    browser.sign_in(APPLICANT).await;
    let iban = account_of(&app, APPLICANT);

    app.sim.set_bank_fault(Some(BankFault::Failing));
    let given = give(&browser, &iban).await;
    assert_eq!(given.status, StatusCode::SEE_OTHER, "{}", given.body);
    let shown = browser.get(given.location()).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(shown.body.contains(r#"data-testid="statements-needed""#));
    assert!(shown.body.contains("Banken svarade inte."));
    assert!(shown.body.contains(&format!(
        r#"href="{STATEMENTS}" data-testid="upload-statements""#
    )));
    for empty in [
        r#"data-testid="balances""#,
        r#"data-testid="transactions""#,
        "0,00",
        "provenance",
    ] {
        assert!(!shown.body.contains(empty), "{empty} on a missing fetch");
    }
    let list = browser.get(PAGE).await;
    assert!(list.body.contains("Uppgifter saknas"));
    let records = app.records().await;
    let fetch = consent_records(&records)
        .into_iter()
        .find(|r| r.kind == AuditKind::BankFetch)
        .expect("the failed fetch is audited");
    assert_eq!(fetch.sources[0].outcome, "unavailable");

    // The person refuses at the bank: the same.
    app.sim.set_bank_fault(Some(BankFault::RefuseConsent));
    let given = give(&browser, &iban).await;
    assert_eq!(given.status, StatusCode::SEE_OTHER, "{}", given.body);
    let shown = browser.get(given.location()).await;
    assert_eq!(
        attr_after(&shown.body, r#"data-testid="consent" data-state=""#).as_deref(),
        Some("not_accepted")
    );
    assert!(shown.body.contains(r#"data-testid="statements-needed""#));
    assert!(shown.body.contains("Banken godtog inte samtycket."));
    assert!(!shown.body.contains(r#"data-testid="balances""#));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_person_with_protected_identity_uses_consent_fully_without_location_data() {
    let app = App::start().await;
    let browser = Browser::new(&app);
    browser.sign_in(PROTECTED).await;
    let given = give(&browser, &account_of(&app, PROTECTED)).await;
    assert_eq!(given.status, StatusCode::SEE_OTHER, "{}", given.body);
    let shown = browser.get(given.location()).await;
    assert!(shown.body.contains(r#"data-testid="transactions""#));
    let list = browser.get(PAGE).await;
    for page in [&shown.body, &list.body] {
        for location in ["Storgatan", "123 45", "Exempelstad"] {
            assert!(!page.contains(location), "{location}");
        }
    }
    let records = app.records().await;
    assert_eq!(consent_records(&records).len(), 2);
    app.stop().await;
}

/// The browser flow's input for `mode` (`consent` or `failing`).
fn flow_input(app: &App, mode: &str, java_script: bool, screenshots: bool) -> serde_json::Value {
    let (from, to, until) = consent_dates();
    json!({
        "mode": mode, "applicant": APPLICANT, "iban": account_of(app, APPLICANT),
        "from": from.to_string(), "to": to.to_string(), "valid_until": until.to_string(),
        "javaScript": java_script, "screenshots": screenshots,
    })
}

/// Runs the consent flow in Chromium; then the audit chain holds the consent, one fetch and
/// the revocation, and nothing after it (the late fetch was refused before the bank).
async fn consent_in_chromium(test: &str, java_script: bool, screenshots: bool) {
    let Some(chromium) = chromium(test) else {
        return;
    };
    let app = App::start().await;
    let input = flow_input(&app, "consent", java_script, screenshots);
    let (json, stderr) = run_flow(&chromium, &app, "portal-consent", input).await;
    assert_passed("portal-consent", &json, &stderr);
    let records = app.records().await;
    let kinds: Vec<AuditKind> = consent_records(&records).iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds,
        vec![
            AuditKind::ConsentGiven,
            AuditKind::BankFetch,
            AuditKind::ConsentRevoked
        ]
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn in_chromium_the_applicant_gives_consent_sees_the_data_and_revokes() {
    consent_in_chromium("browser::consent", true, true).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn in_chromium_without_javascript_consent_and_revocation_work() {
    consent_in_chromium("browser::consent_without_javascript", false, false).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn in_chromium_with_the_bank_failing_the_applicant_is_asked_for_statements() {
    let Some(chromium) = chromium("browser::bank_failing") else {
        return;
    };
    let app = App::start().await;
    app.sim.set_bank_fault(Some(BankFault::Failing));
    let input = flow_input(&app, "failing", true, true);
    let (json, stderr) = run_flow(&chromium, &app, "portal-consent", input).await;
    assert_passed("portal-consent (bank failing)", &json, &stderr);
    let records = app.records().await;
    let fetch = consent_records(&records)
        .into_iter()
        .find(|r| r.kind == AuditKind::BankFetch)
        .expect("the failed fetch is audited");
    assert_eq!(fetch.sources[0].outcome, "unavailable");
    app.stop().await;
}

//! The overview's consent-fetched bank data and the applicant's application: the data as a
//! source of its own with its provenance (bank, consent reference, fetched when, period);
//! "Kontouppgifter saknas" with the cause when the bank failed, the consent was refused or
//! revoked, or there is none, never `0 kr`; a protected person's counterparties hidden; the
//! application's status events in order; every read audited as `case_read`, fail closed.

use reqwest::StatusCode;
use underlag_audit::AuditKind;
use underlag_consent::Fetched;
use underlag_sim::BankFault;

use crate::app::{ALL_SOURCES_PERSON, App, HOUSEHOLD_PARTNER};
use crate::applicant_data::{consent_and_fetch, fetch, give, post_event, revoke, send_application};
use crate::client::{Browser, attr_after};

/// A person with protected identity (`protected_identity` in crates/sim/POPULATION.md).
const PROTECTED_PERSON: &str = "200205082381";

/// Every element of `html` with `data-testid="{testid}"`, from its opening tag to the end
/// of the page (so a test can look inside it).
fn from_each<'a>(html: &'a str, testid: &str) -> Vec<&'a str> {
    let marker = format!("data-testid=\"{testid}\"");
    html.match_indices(&marker)
        .map(|(i, _)| &html[html[..i].rfind('<').unwrap_or(0)..])
        .collect()
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let open = &tag[..tag.find('>').unwrap_or(tag.len())];
    attr_after(open, &format!(" {name}=\""))
}

/// The text of the element starting `fragment` with `data-testid="{testid}"` inside it,
/// up to its next tag.
fn text_of(fragment: &str, testid: &str) -> String {
    let at = fragment
        .find(&format!("data-testid=\"{testid}\""))
        .unwrap_or_else(|| panic!("no {testid}"));
    let rest = &fragment[at..];
    let start = rest.find('>').unwrap() + 1;
    let end = rest[start..].find('<').unwrap() + start;
    rest[start..end].to_owned()
}

/// The consent section of a member, up to the next member's.
fn member_section<'a>(body: &'a str, member: &str) -> &'a str {
    let marker = format!("data-testid=\"consent-member\" data-member=\"{member}\"");
    let at = body
        .find(&marker)
        .unwrap_or_else(|| panic!("no consent section for {member}"));
    let rest = &body[at..];
    let end = rest[marker.len()..]
        .find("data-testid=\"consent-member\"")
        .map_or(rest.len(), |e| e + marker.len());
    &rest[..end]
}

#[tokio::test]
async fn the_case_worker_sees_the_application_its_events_and_the_bank_data_with_provenance() {
    let app = App::start().await;
    let sent = send_application(&app, ALL_SOURCES_PERSON, Some(HOUSEHOLD_PARTNER), "2026-10").await;
    post_event(&app, &sent.id, "mottagen", "Vi har tagit emot din ansökan.").await;
    post_event(&app, &sent.id, "komplettering_begard", "Skicka hyresavin.").await;
    let (consent, fetch) = consent_and_fetch(&app, ALL_SOURCES_PERSON).await;
    let Fetched::Data(data) = &fetch.result else {
        panic!("the simulated bank answers: {:?}", fetch.result);
    };
    let browser = Browser::sign_in(&app, "handlaggare01").await;
    let path = browser
        .look_up(
            "EB-SAMTYCKE-1",
            &[ALL_SOURCES_PERSON, HOUSEHOLD_PARTNER],
            "2026-10",
        )
        .await;
    let before = app.head().await;
    let page = browser.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;

    // The application, each figure "uppgett av sökande" with its time.
    let application = from_each(body, "declared-application");
    assert_eq!(application.len(), 1, "one application for the month");
    assert_eq!(
        attr(application[0], "data-reference"),
        Some(sent.reference.clone())
    );
    let provenances = from_each(application[0], "declared-provenance");
    assert_eq!(provenances.len(), 3, "two costs and one income");
    assert!(
        provenances
            .iter()
            .all(|p| text_of(p, "declared-provenance").starts_with("uppgett av sökande 20"))
    );

    // Its status events, in the order posted.
    let events = from_each(body, "status-event");
    let kinds: Vec<_> = events
        .iter()
        .map(|e| attr(e, "data-kind").unwrap())
        .collect();
    assert_eq!(kinds, ["mottagen", "komplettering_begard"]);
    let seqs: Vec<_> = events
        .iter()
        .map(|e| attr(e, "data-seq").unwrap())
        .collect();
    assert_eq!(seqs, ["1", "2"]);
    assert!(events[1].contains("Komplettering begärd"));

    // The bank data as its own source, with its provenance.
    assert!(body.contains("Kontouppgifter (med samtycke)"));
    let applicant = member_section(body, ALL_SOURCES_PERSON);
    let accounts = from_each(applicant, "consent-account");
    assert_eq!(accounts.len(), 1);
    assert_eq!(attr(accounts[0], "data-consent"), Some(consent.clone()));
    assert_eq!(
        text_of(accounts[0], "consent-bank"),
        "SEB (hämtat med samtycke)"
    );
    assert_eq!(text_of(accounts[0], "consent-reference"), consent);
    assert_eq!(
        text_of(accounts[0], "consent-period"),
        "2026-08-01 – 2026-10-31"
    );
    assert!(text_of(accounts[0], "consent-fetched-at").starts_with("20"));
    let transactions = from_each(accounts[0], "consent-transaction");
    assert_eq!(transactions.len(), data.transactions.len());
    let first = &data.transactions[0];
    assert_eq!(
        attr(transactions[0], "data-value"),
        Some(format!("{:.2}", first.amount.round_dp(2)))
    );
    if let Some(counterparty) = &first.counterparty {
        assert_eq!(
            &text_of(transactions[0], "consent-counterparty"),
            counterparty
        );
    }
    assert!(from_each(applicant, "consent-missing").is_empty());

    // The partner gave no consent: missing, with why, never zero.
    let partner = member_section(body, HOUSEHOLD_PARTNER);
    assert!(from_each(partner, "consent-account").is_empty());
    let missing = from_each(partner, "consent-missing");
    assert_eq!(missing.len(), 1);
    assert_eq!(
        attr(missing[0], "data-reason").as_deref(),
        Some("no_consent")
    );
    assert!(missing[0].contains("Kontouppgifter saknas"));
    assert!(!partner.contains("0,00"));

    // The read is audited: one case_read per member, by the case worker, for the case.
    let reads: Vec<_> = app
        .records_after(before)
        .await
        .into_iter()
        .filter(|r| r.kind == AuditKind::CaseRead)
        .collect();
    assert_eq!(reads.len(), 2, "one case_read per member");
    assert!(reads.iter().all(|r| r.case_worker == "handlaggare01"
        && r.case_id == "EB-SAMTYCKE-1"
        && r.purpose == "EKB-UTREDNING"
        && !r.legal_basis.is_empty()));
    let mut subjects: Vec<_> = reads
        .iter()
        .map(|r| r.subject.as_ref().unwrap().expose().to_owned())
        .collect();
    subjects.sort();
    assert_eq!(subjects, [ALL_SOURCES_PERSON, HOUSEHOLD_PARTNER]);
    app.stop().await;
}

#[tokio::test]
async fn a_failing_bank_a_refused_and_a_revoked_consent_are_kontouppgifter_saknas_never_zero() {
    let app = App::start().await;
    // Given while the bank answered; the bank fails at the fetch.
    let failed = give(&app, ALL_SOURCES_PERSON).await;
    app.sim.set_bank_fault(Some(BankFault::Failing));
    let fetch = fetch(&app, ALL_SOURCES_PERSON, &failed).await;
    assert!(
        matches!(fetch.result, Fetched::Missing(_)),
        "{:?}",
        fetch.result
    );
    // The person at the bank refuses the consent.
    app.sim.set_bank_fault(Some(BankFault::RefuseConsent));
    let (refused, _) = consent_and_fetch(&app, HOUSEHOLD_PARTNER).await;
    app.sim.set_bank_fault(None);

    let browser = Browser::sign_in(&app, "handlaggare01").await;
    let path = browser
        .look_up(
            "EB-SAMTYCKE-2",
            &[ALL_SOURCES_PERSON, HOUSEHOLD_PARTNER],
            "2026-10",
        )
        .await;
    let page = browser.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    let section = &page.body[page.body.find("data-testid=\"consent-data\"").unwrap()..];
    assert!(
        from_each(section, "consent-account").is_empty(),
        "no account shown"
    );
    assert!(!section.contains("0,00"), "missing is never zero");

    let applicant = member_section(&page.body, ALL_SOURCES_PERSON);
    let missing = from_each(applicant, "consent-missing");
    assert_eq!(missing.len(), 1);
    assert_eq!(
        attr(missing[0], "data-reason").as_deref(),
        Some("unavailable")
    );
    assert_eq!(attr(missing[0], "data-consent"), Some(failed));
    assert!(missing[0].contains("Kontouppgifter saknas"));
    let cause = text_of(missing[0], "consent-missing-cause");
    assert!(cause.contains("Banken svarade inte."), "{cause}");
    assert!(cause.contains("ladda upp kontoutdrag"), "{cause}");

    let partner = member_section(&page.body, HOUSEHOLD_PARTNER);
    let missing = from_each(partner, "consent-missing");
    assert_eq!(
        attr(missing[0], "data-reason").as_deref(),
        Some("consent_refused")
    );
    assert_eq!(attr(missing[0], "data-consent"), Some(refused));
    assert!(text_of(missing[0], "consent-missing-cause").contains("godtog inte samtycket"));

    // A consent whose data came, then revoked: the data is no longer shown.
    let (given, fetch) = consent_and_fetch(&app, ALL_SOURCES_PERSON).await;
    assert!(matches!(fetch.result, Fetched::Data(_)));
    let page = browser.get(&path).await;
    let applicant = member_section(&page.body, ALL_SOURCES_PERSON);
    assert_eq!(from_each(applicant, "consent-account").len(), 1);
    revoke(&app, ALL_SOURCES_PERSON, &given).await;
    let page = browser.get(&path).await;
    let applicant = member_section(&page.body, ALL_SOURCES_PERSON);
    assert!(from_each(applicant, "consent-account").is_empty());
    let reasons: Vec<_> = from_each(applicant, "consent-missing")
        .iter()
        .map(|m| attr(m, "data-reason").unwrap())
        .collect();
    assert!(reasons.contains(&"revoked".to_owned()), "{reasons:?}");
    app.stop().await;
}

#[tokio::test]
async fn a_protected_persons_counterparties_are_hidden() {
    let app = App::start().await;
    let (_, fetch) = consent_and_fetch(&app, PROTECTED_PERSON).await;
    let Fetched::Data(data) = &fetch.result else {
        panic!("the simulated bank answers: {:?}", fetch.result);
    };
    let browser = Browser::sign_in(&app, "handlaggare01").await;
    let path = browser
        .look_up("EB-SAMTYCKE-3", &[PROTECTED_PERSON], "2026-10")
        .await;
    let page = browser.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    let member = member_section(&page.body, PROTECTED_PERSON);
    let shown = from_each(member, "consent-counterparty");
    assert_eq!(shown.len(), data.transactions.len());
    assert!(
        shown
            .iter()
            .all(|c| text_of(c, "consent-counterparty") == "Dold (skyddade personuppgifter)")
    );
    for t in &data.transactions {
        for hidden in [&t.counterparty, &t.text].into_iter().flatten() {
            assert!(
                !member.contains(&format!(">{hidden}<")),
                "a counterparty or text is shown"
            );
        }
    }
    app.stop().await;
}

#[tokio::test]
async fn without_an_audit_record_nothing_the_applicant_supplied_is_shown() {
    let app = App::start().await;
    send_application(&app, ALL_SOURCES_PERSON, None, "2026-10").await;
    consent_and_fetch(&app, ALL_SOURCES_PERSON).await;
    let browser = Browser::sign_in(&app, "handlaggare01").await;
    let path = browser
        .look_up("EB-SAMTYCKE-4", &[ALL_SOURCES_PERSON], "2026-10")
        .await;
    app.fail_audit().await;
    let page = browser.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("data-testid=\"applicant-data-withheld\"")
    );
    assert!(!page.body.contains("data-testid=\"declared-section\""));
    assert!(!page.body.contains("data-testid=\"consent-data\""));
    assert!(!page.body.contains("uppgett av sökande 20"));
    app.stop().await;
}

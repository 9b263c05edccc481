//! The calculation's prefill from the applicant's application (checkbox `ansokan`): the
//! declared costs and incomes are lines marked "uppgett av sökande" with the application's
//! reference and time; a declared salary beside pay an employer declared (AGI) is flagged as
//! a possible double count; a field the case worker filled in wins over the declared cost;
//! the application is read (and the read audited) only when asked for, and never without
//! its audit record.

use reqwest::StatusCode;
use underlag_audit::AuditKind;

use crate::app::{ALL_SOURCES_PERSON, App, HOUSEHOLD_PARTNER};
use crate::applicant_data::send_application;
use crate::client::{Browser, attr_after};

/// The text of every element with `data-testid="{testid}"`, up to its next tag.
fn texts(html: &str, testid: &str) -> Vec<String> {
    let marker = format!("data-testid=\"{testid}\"");
    html.match_indices(&marker)
        .map(|(i, _)| {
            let rest = &html[i..];
            let start = rest.find('>').unwrap() + 1;
            let end = rest[start..].find('<').unwrap() + start;
            rest[start..end].trim().to_owned()
        })
        .collect()
}

async fn case_reads_after(app: &App, seq: u64) -> usize {
    app.records_after(seq)
        .await
        .iter()
        .filter(|r| r.kind == AuditKind::CaseRead)
        .count()
}

#[tokio::test]
async fn the_application_prefills_the_calculation_with_its_provenance_and_flags_agi() {
    let app = App::start().await;
    let sent = send_application(&app, ALL_SOURCES_PERSON, Some(HOUSEHOLD_PARTNER), "2026-10").await;
    let browser = Browser::sign_in(&app, "handlaggare01").await;
    let overview = browser
        .look_up_sources(
            "EB-FORIFYLLD-1",
            &[ALL_SOURCES_PERSON, HOUSEHOLD_PARTNER],
            "2026-10",
            &["fk", "csn", "skv", "so", "agi"],
        )
        .await;

    // Without the checkbox the application is neither read nor used.
    let before = app.head().await;
    let plain = browser.get(&format!("{overview}/berakning")).await;
    assert_eq!(plain.status, StatusCode::OK);
    assert!(
        plain
            .body
            .contains("data-testid=\"prefill-declared-checkbox\"")
    );
    assert!(!plain.body.contains("data-testid=\"prefill-declared\""));
    assert!(!plain.body.contains("Uppgett av sökande"));
    assert_eq!(
        case_reads_after(&app, before).await,
        0,
        "nothing read, nothing audited"
    );

    // With it: the application's figures, each with its provenance.
    let before = app.head().await;
    let page = browser
        .get(&format!("{overview}/berakning?ansokan=1"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    assert_eq!(
        attr_after(body, "data-testid=\"prefill-declared\" data-reference=\""),
        Some(sent.reference.clone())
    );
    assert!(body.contains("id=\"ansokan\" name=\"ansokan\" value=\"1\" checked"));
    let origins = texts(body, "line-origin");
    let declared: Vec<_> = origins
        .iter()
        .filter(|o| o.starts_with("Uppgett av sökande") && o.contains(&sent.reference))
        .collect();
    assert_eq!(
        declared.len(),
        3,
        "rent, electricity and the salary: {origins:?}"
    );
    assert!(body.contains("Hyra") || body.contains("Boendekostnad"));
    assert_eq!(
        case_reads_after(&app, before).await,
        2,
        "one case_read per member"
    );

    // The all-sources person's employer declared pay (AGI) for the month: the declared
    // salary may be the same money.
    assert_eq!(
        body.matches("data-testid=\"double-count-warning\"").count(),
        1
    );
    assert!(body.contains("Möjlig dubbelräkning: lön från Exempelbolaget AB"));
    assert!(body.contains(&format!("ansökan {} för medlem 1", sent.reference)));
    let carried = texts(body, "calculation-warning");
    assert!(
        carried
            .iter()
            .any(|w| w.starts_with("Möjlig dubbelräkning")),
        "the warning is carried in the underlag: {carried:?}"
    );

    // A field the case worker filled in wins over the declared cost.
    let typed = browser
        .get(&format!(
            "{overview}/berakning?beraknad=1&m1_alder=40&m1_sambo=on&m2_alder=38&m2_sambo=on&boende=7000&ansokan=1"
        ))
        .await;
    let replaced = texts(&typed.body, "prefill-declared-replaced");
    assert_eq!(replaced.len(), 1, "{replaced:?}");
    assert!(replaced[0].contains("används inte"));
    let declared_now = texts(&typed.body, "line-origin")
        .into_iter()
        .filter(|o| o.starts_with("Uppgett av sökande"))
        .count();
    assert_eq!(declared_now, 2, "electricity and the salary stay declared");

    // Saved, the underlag keeps the declared lines and their provenance.
    let csrf = browser.csrf(&format!("{overview}/berakning")).await;
    let saved = browser
        .post(
            &format!("{overview}/berakning/spara"),
            &[("csrf_token", csrf.as_str()), ("fraga", "ansokan=1")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let stored = browser.get(saved.location()).await;
    assert!(
        texts(&stored.body, "line-origin")
            .iter()
            .any(|o| o.starts_with("Uppgett av sökande") && o.contains(&sent.reference))
    );
    app.stop().await;
}

#[tokio::test]
async fn without_an_application_or_its_audit_record_nothing_is_prefilled() {
    let app = App::start().await;
    let browser = Browser::sign_in(&app, "handlaggare01").await;
    let overview = browser
        .look_up("EB-FORIFYLLD-2", &[ALL_SOURCES_PERSON], "2026-10")
        .await;
    let none = browser
        .get(&format!("{overview}/berakning?ansokan=1"))
        .await;
    assert_eq!(
        texts(&none.body, "prefill-declared-none"),
        ["Det finns ingen digital ansökan för månaden från hushållet."]
    );

    send_application(&app, ALL_SOURCES_PERSON, None, "2026-10").await;
    app.fail_audit().await;
    let withheld = browser
        .get(&format!("{overview}/berakning?ansokan=1"))
        .await;
    assert_eq!(withheld.status, StatusCode::OK);
    let why = texts(&withheld.body, "prefill-declared-none");
    assert_eq!(why.len(), 1);
    assert!(why[0].contains("läsningen kunde inte loggas"), "{why:?}");
    assert!(!withheld.body.contains("Uppgett av sökande"));
    app.stop().await;
}

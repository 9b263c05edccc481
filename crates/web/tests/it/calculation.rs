//! The calculation page (beräkningsunderlag) over HTTP: reached from the household overview,
//! prefilled from the look-up (the all-sources person and a household partner), every line
//! referencing its source payment and explained on demand; a hung source's lines are missing,
//! a warning shows and the result says it is incomplete; the print view opens every
//! explanation; a year the rules cannot compute is refused in Swedish.

use reqwest::StatusCode;
use underlag_domain::SourceId;

use crate::app::{ALL_SOURCES_PERSON, App, HOUSEHOLD_PARTNER};
use crate::client::{Browser, attr_after};

fn count(body: &str, needle: &str) -> usize {
    body.matches(needle).count()
}

/// Every `<tr data-testid="calc-line" …>` row of the income section, as its HTML.
fn income_rows(body: &str) -> Vec<String> {
    let Some(start) = body.find("data-section=\"inkomster\" aria-labelledby") else {
        return Vec::new();
    };
    let section = &body[start..];
    let end = section.find("</table>").unwrap_or(section.len());
    section[..end]
        .split("<tr data-testid=\"calc-line\"")
        .skip(1)
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn prefill_from_the_all_sources_person_and_partner_references_each_source_payment() {
    let app = App::start().await;
    let browser = Browser::sign_in(&app, "handlaggare01").await;
    let overview = browser
        .look_up(
            "EB-NORM-1",
            &[ALL_SOURCES_PERSON, HOUSEHOLD_PARTNER],
            "2026-10",
        )
        .await;
    let page = browser.get(&overview).await;
    let link = attr_after(&page.body, "data-testid=\"calculation-link\" href=\"").unwrap();
    assert_eq!(link, format!("{overview}/berakning"));

    let calc = browser.get(&link).await;
    assert_eq!(calc.status, StatusCode::OK, "{}", calc.body);
    let body = &calc.body;
    assert!(body.contains("data-testid=\"human-decides\""));
    // Two adults (40 and 38 in October 2026) are taken as a couple: the 2026 total 8 510.
    assert!(
        body.contains("data-testid=\"section-total\" data-section=\"norm\">8\u{a0}510 kr<"),
        "{body}"
    );
    let rows = income_rows(body);
    assert!(!rows.is_empty(), "the answers prefill income lines: {body}");
    for row in &rows {
        let origin = attr_after(row, "data-testid=\"line-origin\">").unwrap_or_default();
        assert!(row.contains("data-testid=\"line-origin\""), "{row}");
        assert!(
            [
                "Försäkringskassan",
                "CSN",
                "Skatteverket",
                "a-kass",
                "A-kass",
                "Pensionsmyndigheten"
            ]
            .iter()
            .any(|s| row.contains(s)),
            "each line names its source payment: {row} {origin}"
        );
        assert!(
            row.contains("<details data-testid=\"explanation\">"),
            "{row}"
        );
    }
    // No personnummer on the page.
    assert!(!body.contains(ALL_SOURCES_PERSON));
    assert!(!body.contains(HOUSEHOLD_PARTNER));
}

#[tokio::test]
async fn a_hung_source_leaves_its_lines_out_warns_and_makes_the_result_incomplete() {
    let app = App::start().await;
    app.hang(SourceId::Fk).await;
    let browser = Browser::sign_in(&app, "handlaggare01").await;
    let overview = browser
        .look_up(
            "EB-NORM-2",
            &[ALL_SOURCES_PERSON, HOUSEHOLD_PARTNER],
            "2026-10",
        )
        .await;
    let calc = browser.get(&format!("{overview}/berakning")).await;
    let body = &calc.body;
    assert_eq!(calc.status, StatusCode::OK);
    assert!(body.contains("data-complete=\"false\""), "{body}");
    assert!(body.contains("Ofullständigt underlag"));
    assert!(body.contains("räknas inte som noll"));
    for row in income_rows(body) {
        assert!(!row.contains("Försäkringskassan ·"), "no FK line: {row}");
    }
    assert!(count(body, "data-testid=\"calculation-warning\"") >= 2);
}

#[tokio::test]
async fn the_form_recomputes_without_javascript_and_refuses_what_the_rules_cannot_compute() {
    let app = App::start().await;
    let browser = Browser::sign_in(&app, "handlaggare01").await;
    let overview = browser
        .look_up(
            "EB-NORM-3",
            &[ALL_SOURCES_PERSON, HOUSEHOLD_PARTNER],
            "2026-10",
        )
        .await;
    // Rent above the cap is counted at the cap, with its explanation.
    let calc = browser
        .get(&format!(
            "{overview}/berakning?beraknad=1&m1_alder=40&m1_sambo=on&m2_alder=38&m2_sambo=on&boende=7000&hemforsakring=150"
        ))
        .await;
    let body = &calc.body;
    assert!(
        body.contains("data-testid=\"section-total\" data-section=\"kostnader\">6\u{a0}480 kr<"),
        "{body}"
    );
    assert!(body.contains("riktvärde"));
    // The second member as a 10-year-old: 2026 has no per-age table, so it is refused.
    let refused = browser
        .get(&format!(
            "{overview}/berakning?beraknad=1&m1_alder=40&m2_alder=10&m2_skola=on"
        ))
        .await;
    assert_eq!(refused.status, StatusCode::OK);
    assert!(refused.body.contains("data-testid=\"calculation-refused\""));
    assert!(
        refused
            .body
            .contains("Riksnormen för 2026 kan inte användas"),
        "{}",
        refused.body
    );
    // A bad age names the member, never the value.
    let bad = browser
        .get(&format!(
            "{overview}/berakning?beraknad=1&m1_alder=fyrtio&m2_alder=38"
        ))
        .await;
    let refusal = &bad.body[bad
        .body
        .find("data-testid=\"calculation-refused\"")
        .unwrap()..];
    let refusal = &refusal[..refusal.find("</div>").unwrap()];
    assert!(refusal.contains("Medlem 1: ange åldern"), "{refusal}");
    assert!(
        !refusal.contains("fyrtio"),
        "the message never repeats the value"
    );
}

#[tokio::test]
async fn the_print_view_opens_every_explanation_and_has_no_form() {
    let app = App::start().await;
    let browser = Browser::sign_in(&app, "handlaggare01").await;
    let overview = browser
        .look_up(
            "EB-NORM-4",
            &[ALL_SOURCES_PERSON, HOUSEHOLD_PARTNER],
            "2026-10",
        )
        .await;
    let calc = browser.get(&format!("{overview}/berakning")).await;
    let print_link = attr_after(&calc.body, "data-testid=\"calculation-print-link\" href=\"")
        .unwrap()
        .replace("&amp;", "&");
    let print = browser.get(&print_link).await;
    assert_eq!(print.status, StatusCode::OK);
    assert!(!print.body.contains("data-testid=\"calculation-form\""));
    assert!(!print.body.contains("<details data-testid=\"explanation\">"));
    assert!(
        print
            .body
            .contains("<details data-testid=\"explanation\" open>")
    );
    assert!(print.body.contains("Utskrivet"));
}

/// Computing decides and records nothing; saving is audited as `norm_calculation` (who
/// computed, the rule version); the decision is a separate `norm_decision` record of the
/// signed-in case worker, per section; without a verdict for every section nothing is saved.
#[tokio::test]
async fn a_human_decides_save_and_decision_are_separate_audited_records() {
    use underlag_audit::AuditKind;
    let app = App::start().await;
    let browser = Browser::sign_in(&app, "handlaggare01").await;
    let overview = browser
        .look_up(
            "EB-NORM-5",
            &[ALL_SOURCES_PERSON, HOUSEHOLD_PARTNER],
            "2026-10",
        )
        .await;
    let norm_records = |records: &[underlag_audit::AuditRecord], kind: AuditKind| {
        records
            .iter()
            .filter(|r| r.kind == kind)
            .cloned()
            .collect::<Vec<_>>()
    };
    let calc = browser.get(&format!("{overview}/berakning")).await;
    let records = app.records().await;
    assert!(norm_records(&records, AuditKind::NormCalculation).is_empty());
    assert!(norm_records(&records, AuditKind::NormDecision).is_empty());

    let csrf = calc.csrf();
    let saved = browser
        .post(
            &format!("{overview}/berakning/spara"),
            &[("csrf_token", &csrf), ("fraga", "")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let saved_path = saved.location().to_owned();
    let records = app.records().await;
    let computed = norm_records(&records, AuditKind::NormCalculation);
    assert_eq!(computed.len(), 1);
    assert_eq!(computed[0].case_worker, "handlaggare01");
    assert_eq!(computed[0].case_id, "EB-NORM-5");
    assert!(computed[0].subject.is_none());
    let description = computed[0].refusal.as_deref().unwrap();
    assert!(description.contains("regelversion norm "), "{description}");
    assert!(
        norm_records(&records, AuditKind::NormDecision).is_empty(),
        "saving decides nothing"
    );

    let page = browser.get(&saved_path).await;
    assert!(page.body.contains("data-testid=\"decision-form\""));
    let decide = format!("{saved_path}/beslut");
    // Without a verdict for every section nothing is recorded.
    let refused = browser
        .post(
            &decide,
            &[("csrf_token", &csrf), ("norm_beslut", "godkann")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(norm_records(&app.records().await, AuditKind::NormDecision).is_empty());

    let decided = browser
        .post(
            &decide,
            &[
                ("csrf_token", &csrf),
                ("norm_beslut", "godkann"),
                ("kostnader_beslut", "andra"),
                ("kostnader_belopp", "6500"),
                ("kostnader_skal", "Hyra enligt kontrakt, skälig"),
                ("inkomster_beslut", "godkann"),
            ],
        )
        .await;
    assert_eq!(decided.status, StatusCode::OK, "{}", decided.body);
    assert!(decided.body.contains("data-testid=\"decision\""));
    assert!(
        decided.body.contains("Ändrad från 0 kr till 6\u{a0}500 kr"),
        "{}",
        decided.body
    );
    let decisions = norm_records(&app.records().await, AuditKind::NormDecision);
    assert_eq!(decisions.len(), 1);
    assert_eq!(decisions[0].case_worker, "handlaggare01");
    let text = decisions[0].refusal.as_deref().unwrap();
    assert!(text.contains("kostnader: ändrad"), "{text}");
    assert!(
        !text.contains("kontrakt"),
        "the reason stays out of the chain"
    );

    // Both are stored, not kept in the session: the archive holds the underlag with the
    // checksum its record names, and the decision with its reason.
    let lookup_id = overview.rsplit('/').next().unwrap();
    let stored = app
        .gateway
        .orchestrator
        .calculations_of_lookup(
            &underlag_test_support::fixtures::exempelkommun_organisation(),
            lookup_id,
        )
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert!(
        saved_path.ends_with(&stored[0].calculation.id),
        "{saved_path}"
    );
    assert!(
        description.contains(&stored[0].calculation.checksum),
        "{description}"
    );
    assert_eq!(stored[0].calculation.case_id, "EB-NORM-5");
    assert_eq!(stored[0].decisions.len(), 1);
    let costs = &stored[0].decisions[0].sections[1];
    assert_eq!(
        (costs.section.as_str(), costs.verdict.as_str()),
        ("costs", "adjust")
    );
    assert_eq!(costs.adjusted_amount.as_deref(), Some("6500.00"));
    assert_eq!(
        costs.reason.as_deref(),
        Some("Hyra enligt kontrakt, skälig")
    );
    // The look-up's page lists the saved underlag with its decision.
    for page in [
        &decided.body,
        &browser.get(&format!("{overview}/berakning")).await.body,
    ] {
        assert!(page.contains("Sparade beräkningsunderlag"), "{page}");
        assert_eq!(count(page, "data-testid=\"saved-item\""), 1, "{page}");
        assert!(
            page.contains("data-testid=\"saved-item-decision\""),
            "{page}"
        );
        assert!(page.contains(&format!("data-underlag=\"{}\"", stored[0].calculation.id)));
    }
    // Another look-up lists nothing of it, and does not reach it.
    let other_overview = browser
        .look_up("EB-NORM-6", &[ALL_SOURCES_PERSON], "2026-10")
        .await;
    let other = browser.get(&format!("{other_overview}/berakning")).await;
    assert!(
        other.body.contains("data-testid=\"saved-list-empty\""),
        "{}",
        other.body
    );
    let other_lookup = other_overview.rsplit('/').next().unwrap();
    let elsewhere = saved_path.replace(lookup_id, other_lookup);
    assert_eq!(browser.get(&elsewhere).await.status, StatusCode::NOT_FOUND);
}

/// Issue 11 item 5 left AGI out of the calculation's prefill: the all-sources person's pay
/// in the application month is an income line referencing its declaration.
#[tokio::test]
async fn agi_pay_missing_from_the_prefill_is_a_line_referencing_its_declaration() {
    let app = App::start().await;
    let browser = Browser::sign_in(&app, "handlaggare01").await;
    let overview = browser
        .look_up_sources(
            "EB-NORM-AGI",
            &[ALL_SOURCES_PERSON],
            "2026-10",
            &["fk", "csn", "skv", "so", "agi"],
        )
        .await;
    let calc = browser.get(&format!("{overview}/berakning")).await;
    assert_eq!(calc.status, StatusCode::OK, "{}", calc.body);
    let rows = income_rows(&calc.body);
    let pay: Vec<_> = rows
        .iter()
        .filter(|r| r.contains("deklarerad lön"))
        .collect();
    assert_eq!(pay.len(), 1, "one employer, one month: {rows:?}");
    assert!(pay[0].contains("Exempelverkstaden AB"), "{}", pay[0]);
    assert!(pay[0].contains("specifikationsnummer"), "{}", pay[0]);
    assert!(pay[0].contains("2026-10-01 – 2026-10-31"), "{}", pay[0]);
    assert!(
        pay[0].contains("<details data-testid=\"explanation\">"),
        "{}",
        pay[0]
    );
    app.stop().await;
}

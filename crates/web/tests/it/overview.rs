//! The overview, detail, print view and CSV over HTTP: failing sources are named as missing
//! and kept out of the totals, protected identity shows a banner and no address anywhere.

use reqwest::StatusCode;
use reqwest::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use rust_decimal::Decimal;
use underlag_domain::SourceId;

use crate::app::{ALL_SOURCES_PERSON, App, HOUSEHOLD_PARTNER};
use crate::client::{Browser, attr_after};

/// A person with protected identity (`protected_identity` in crates/sim/POPULATION.md).
const PROTECTED_PERSON: &str = "200205082381";

/// Every element of `html` that has `data-testid="{testid}"`, as its opening tag.
fn tags<'a>(html: &'a str, testid: &str) -> Vec<&'a str> {
    let marker = format!("data-testid=\"{testid}\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&marker) {
        let start = rest[..i].rfind('<').unwrap_or(0);
        let end = rest[i..].find('>').map_or(rest.len(), |e| i + e);
        out.push(&rest[start..end]);
        rest = &rest[end..];
    }
    out
}

fn attr(tag: &str, name: &str) -> Option<String> {
    attr_after(tag, &format!(" {name}=\""))
}

#[tokio::test]
async fn failing_sources_are_missing_never_zero_and_the_totals_exclude_them() {
    let app = App::start().await;
    app.hang(SourceId::Fk).await;
    app.answer_invalidly(SourceId::Csn).await;
    let browser = Browser::sign_in(&app, "handlaggare01").await;
    let path = browser
        .look_up(
            "EB-FAIL-1",
            &[ALL_SOURCES_PERSON, HOUSEHOLD_PARTNER],
            "2026-10",
        )
        .await;
    let page = browser.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    assert!(body.contains(&format!(
        "data-member=\"{ALL_SOURCES_PERSON}\" data-source=\"fk\" data-outcome=\"timed_out\""
    )));
    assert!(body.contains(&format!(
        "data-member=\"{ALL_SOURCES_PERSON}\" data-source=\"csn\" data-outcome=\"invalid_response\""
    )));
    // The warnings name the source and say the data is missing, not zero.
    let warnings = tags(body, "warning");
    assert!(
        warnings.iter().any(
            |w| attr(w, "data-kind").as_deref() == Some("source_did_not_answer")
                && attr(w, "data-source").as_deref() == Some("fk")
        ),
        "{warnings:?}"
    );
    assert!(body.contains("uppgifter saknas, inte noll"));
    // No FK figure at all, and "uppgift saknas" in every month for FK.
    for amount in tags(body, "amount") {
        assert_ne!(
            attr(amount, "data-source").as_deref(),
            Some("fk"),
            "{amount}"
        );
    }
    let missing: Vec<_> = tags(body, "missing")
        .into_iter()
        .filter(|t| attr(t, "data-source").as_deref() == Some("fk"))
        .collect();
    assert_eq!(
        missing.len(),
        2 * 4,
        "FK is missing for both members in all four months"
    );
    // Each member's effected total is the sum of the answering sources' figures, names FK as
    // missing and is not complete.
    for total in tags(body, "total") {
        let member = attr(total, "data-member").unwrap();
        let month = attr(total, "data-month").unwrap();
        if attr(total, "data-side").as_deref() != Some("effected") || member == "hushall" {
            continue;
        }
        assert_eq!(
            attr(total, "data-known").as_deref(),
            Some("false"),
            "{total}"
        );
        let lacking = attr(total, "data-missing-sources").unwrap();
        assert!(lacking.split(' ').any(|s| s == "fk"), "{total}");
        let sum: Decimal = tags(body, "amount")
            .into_iter()
            .filter(|a| {
                attr(a, "data-member").as_deref() == Some(member.as_str())
                    && attr(a, "data-month").as_deref() == Some(month.as_str())
                    && attr(a, "data-payment").as_deref() == Some("effected")
                    && attr(a, "data-in-totals").as_deref() == Some("true")
            })
            .filter_map(|a| attr(a, "data-gross"))
            .map(|v| v.parse::<Decimal>().unwrap())
            .sum();
        match attr(total, "data-value") {
            Some(value) => assert_eq!(value.parse::<Decimal>().unwrap(), sum, "{total}"),
            None => assert_eq!(sum, Decimal::ZERO, "an unknown total has no known figure"),
        }
    }
    // The detail page says why, and shows no zero.
    let detail = browser.get(&format!("{path}/medlem/1/kalla/fk")).await;
    assert_eq!(detail.status, StatusCode::OK);
    assert!(detail.body.contains("data-outcome=\"timed_out\""));
    assert!(detail.body.contains("svarade inte inom tidsgränsen"));
    assert!(!detail.body.contains("data-testid=\"payments\""));
    // The CSV lists FK as missing, with no amount.
    let csv = browser.get(&format!("{path}/oversikt.csv")).await;
    assert!(
        csv.body.contains("uppgift saknas: Svarade inte"),
        "{}",
        csv.body
    );
    app.stop().await;
}

#[tokio::test]
async fn detail_shows_codes_with_labels_concepts_and_the_raw_answer_one_click_away() {
    let app = App::start().await;
    let browser = Browser::sign_in(&app, "handlaggare01").await;
    let path = browser
        .look_up("EB-DETAIL-1", &[ALL_SOURCES_PERSON], "2026-10")
        .await;
    let detail = browser.get(&format!("{path}/medlem/1/kalla/fk")).await;
    assert_eq!(detail.status, StatusCode::OK);
    let body = &detail.body;
    assert!(body.contains("data-testid=\"decisions\""));
    assert!(body.contains("data-testid=\"payments\""));
    assert!(
        body.contains("Aktivitetsstöd (AS)"),
        "code with its kodverk label"
    );
    assert!(body.contains("data-kodverk=\"fk-formansgrupp\" data-code=\"AS\""));
    assert!(body.contains("data-testid=\"retrieved-at\">Hämtad "));
    assert!(body.contains("Avser period 2026-07-01 – 2026-10-31"));
    assert!(
        body.contains("<details data-testid=\"concept\" data-concept=\"planerad-utbetalning\">")
    );
    let raw_link = attr_after(body, "<a data-testid=\"raw-link\" href=\"").unwrap();
    let raw = browser.get(&raw_link).await;
    assert_eq!(raw.status, StatusCode::OK);
    assert!(raw.body.contains("data-testid=\"raw-answer\""));
    // An XML answer (Arbetsförmedlingen) is shown as text: its markup escaped.
    let af = browser
        .get(&format!("{path}/medlem/1/kalla/af/radata"))
        .await;
    let pre = af.body.split("data-testid=\"raw-answer\"").nth(1).unwrap();
    let pre = &pre[pre.find('>').unwrap() + 1..pre.find("</pre>").unwrap()];
    assert!(
        (pre.contains("&#60;") || pre.contains("&lt;")) && !pre.contains("<"),
        "the raw answer is escaped"
    );
    let concepts = browser.get("/ui/begrepp").await;
    assert!(concepts.body.contains("data-concept=\"uppgift-saknas\""));
    let unknown = browser.get(&format!("{path}/medlem/9/kalla/fk")).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    app.stop().await;
}

#[tokio::test]
async fn print_view_and_csv_export_the_overview() {
    let app = App::start().await;
    let browser = Browser::sign_in(&app, "handlaggare01").await;
    let path = browser
        .look_up(
            "EB-EXPORT-1",
            &[ALL_SOURCES_PERSON, HOUSEHOLD_PARTNER],
            "2026-10",
        )
        .await;
    let print = browser.get(&format!("{path}/utskrift")).await;
    assert_eq!(print.status, StatusCode::OK);
    assert!(
        print
            .body
            .contains("<main id=\"huvudinnehall\" tabindex=\"-1\" class=\"print\">")
    );
    assert!(
        !print.body.contains("class=\"site-nav\""),
        "no navigation in print"
    );
    assert!(print.body.contains("data-testid=\"totals\""));
    assert!(print.body.contains("/ui/assets/print.css"));
    let csv = browser.get(&format!("{path}/oversikt.csv")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.headers[CONTENT_TYPE], "text/csv; charset=utf-8");
    assert!(
        csv.headers[CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let mut lines = csv.body.lines();
    assert_eq!(
        lines.next().unwrap(),
        "\u{feff}Ärende;Ansökningsmånad;Medlem;Månad;Månadsroll;Källa;Typ;Utbetalning;Brutto;Netto;Enhet;Status"
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(';').collect()).collect();
    assert!(
        rows.iter().all(|r| r.len() == 12),
        "every row has twelve fields"
    );
    // FK's aktivitetsstöd for the all-sources person in M−1, with decimal comma.
    assert!(rows.iter().any(|r| r[2] == "19860305-2393"
        && r[3] == "2026-09"
        && r[4] == "M-1"
        && r[6] == "Aktivitetsstöd"
        && r[8] == "10080,00"));
    assert!(rows.iter().any(|r| r[2] == "Hushållet" && r[6] == "Summa"));
    for r in &rows {
        for cell in r {
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "no cell starts a formula: {cell}"
            );
        }
    }
    app.stop().await;
}

#[tokio::test]
async fn protected_identity_shows_the_banner_and_no_address_anywhere() {
    let app = App::start().await;
    let population = app.sim.population();
    let find = |pnr: &str| {
        population
            .persons()
            .iter()
            .find(|p| p.personnummer.expose() == pnr)
            .unwrap()
    };
    let mut forbidden: Vec<String> = [
        "Folkbokföringsadress",
        "utdelningsadress",
        "Postnummer",
        "postort",
        "c/o",
    ]
    .map(str::to_owned)
    .to_vec();
    for pnr in [PROTECTED_PERSON, ALL_SOURCES_PERSON] {
        if let Some(address) = find(pnr).fk.as_ref().and_then(|f| f.address.as_ref()) {
            forbidden.extend([
                address.street.clone(),
                address.postal_code.clone(),
                address.town.clone(),
            ]);
        }
    }
    let protected = find(PROTECTED_PERSON);
    let names = [protected.given_name.clone(), protected.family_name.clone()];
    let browser = Browser::sign_in(&app, "handlaggare01").await;
    let path = browser
        .look_up(
            "EB-SKYDD-1",
            &[PROTECTED_PERSON, ALL_SOURCES_PERSON],
            "2026-10",
        )
        .await;
    let overview = browser.get(&path).await;
    assert!(overview.body.contains("data-testid=\"protected-banner\""));
    let mut pages = vec![("overview", overview.body.clone(), overview.title())];
    let print = browser.get(&format!("{path}/utskrift")).await;
    assert!(print.body.contains("data-testid=\"protected-banner\""));
    pages.push(("print", print.body.clone(), print.title()));
    for member in [1, 2] {
        for slug in ["fk", "af", "csn", "skv", "so", "tns", "miv"] {
            let detail = browser
                .get(&format!("{path}/medlem/{member}/kalla/{slug}"))
                .await;
            assert_eq!(detail.status, StatusCode::OK);
            if member == 1 {
                assert!(detail.body.contains("data-testid=\"protected-banner\""));
                assert!(!detail.body.contains("data-testid=\"raw-link\""));
            }
            pages.push(("detail", detail.body.clone(), detail.title()));
        }
    }
    let raw = browser
        .get(&format!("{path}/medlem/1/kalla/fk/radata"))
        .await;
    assert_eq!(
        raw.status,
        StatusCode::NOT_FOUND,
        "no raw answer of a protected person"
    );
    let csv = browser.get(&format!("{path}/oversikt.csv")).await;
    pages.push(("csv", csv.body.clone(), String::new()));
    for (what, body, title) in &pages {
        for needle in &forbidden {
            assert!(
                !holds_word(&body.to_lowercase(), &needle.to_lowercase()),
                "{what} holds address-like text ({needle:?}: synthetic test data)"
            );
        }
        assert!(
            !title.contains(PROTECTED_PERSON) && !title.contains("2381"),
            "{what} title"
        );
        for name in &names {
            assert!(
                !body.contains(name.as_str()),
                "{what} holds the protected person's name"
            );
        }
    }
    app.stop().await;
}

/// Issue 11 item 5 left AGI out of the month view: the all-sources person's part-time pay was
/// in the REST answer but the case worker saw no earned income.
#[tokio::test]
async fn agi_pay_missing_from_the_overview_is_shown_per_employer_and_month() {
    let app = App::start().await;
    let browser = Browser::sign_in(&app, "handlaggare01").await;
    let path = browser
        .look_up_sources(
            "EB-AGI-1",
            &[ALL_SOURCES_PERSON],
            "2026-10",
            &["fk", "csn", "skv", "so", "agi"],
        )
        .await;
    let page = browser.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    let agi: Vec<_> = tags(body, "amount")
        .into_iter()
        .filter(|a| attr(a, "data-source").as_deref() == Some("agi"))
        .collect();
    assert!(
        agi.iter()
            .any(|a| attr(a, "data-month").as_deref() == Some("2026-09")
                && attr(a, "data-in-totals").as_deref() == Some("true")),
        "the September pay is a line counted in the totals: {agi:?}"
    );
    assert!(body.contains("Deklarerad lön (arbetsgivardeklaration)"));
    assert!(body.contains("Exempelverkstaden AB"));
    // September's declaration was corrected ten days later.
    assert!(
        tags(body, "warning")
            .iter()
            .any(|w| attr(w, "data-kind").as_deref() == Some("corrected_declaration")),
        "a corrected declaration is flagged"
    );
    app.stop().await;
}

/// Whether `text` holds `needle` where it starts a word: not preceded by a letter or digit.
/// (Regression: "c/o" was found inside a link `…/<look-up id ending in c>/oversikt`, a flaky
/// failure one run in sixteen.)
fn holds_word(text: &str, needle: &str) -> bool {
    text.match_indices(needle).any(|(at, _)| {
        !text[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
    })
}

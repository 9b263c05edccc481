//! The case worker's flows in headless Chromium (Debian's chromium driven by playwright-core,
//! scripts under crates/web/tests/browser/flows): sign-in through the test OpenID provider,
//! the household look-up and overview, details, print, CSV and sign-out; failing sources; a
//! protected person; the other roles' pages; the same main flow without JavaScript; axe-core
//! (WCAG 2.1 A/AA) on every page; screenshots for docs/screenshots.

pub(crate) mod rig;

use std::collections::BTreeMap;

use serde_json::{Value, json};
use underlag_domain::SourceId;

use crate::app::{ALL_SOURCES_PERSON, App, AppOptions, HOUSEHOLD_PARTNER};
use crate::oidc_flow::stack_with_provider;
use rig::{FlowResult, Needs, OidcProvider, Rig, screenshot_dir};

/// The application month every flow looks up (the simulator's reference date is 2026-11-01).
pub(crate) const APPLICATION_MONTH: &str = "2026-10";

/// Where screenshots go: `UNDERLAG_SCREENSHOT_DIR`, else docs/screenshots.
pub(crate) fn screenshots() -> String {
    let dir = std::env::var_os("UNDERLAG_SCREENSHOT_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(screenshot_dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.display().to_string()
}

/// Runs the main flow with `input` (see flows/main.mjs).
async fn main_flow(rig: &Rig, app: &App, provider: &OidcProvider, input: Value) -> FlowResult {
    rig.run_flow(
        "main",
        &[
            ("UNDERLAG_UI", app.ui("")),
            ("OIDC_ISSUER", provider.issuer.clone()),
            ("UNDERLAG_SCREENSHOTS", screenshots()),
            ("FLOW_INPUT", input.to_string()),
        ],
    )
    .await
}

/// Panics with the failed checks, a flow that stopped, and the axe-core violations (with the
/// rule ids and elements, for whoever fixes the markup), all together.
pub(crate) fn assert_passed(results: &[&FlowResult]) {
    assert_passed_with(results, Vec::new());
}

/// [`assert_passed`], with the test's own `problems` reported first.
fn assert_passed_with(results: &[&FlowResult], mut problems: Vec<String>) {
    for r in results {
        if r.check_count() == 0 {
            problems.push(format!("{}: ran no check", r.flow));
        }
        problems.extend(
            r.failed_checks()
                .into_iter()
                .map(|f| format!("{}: {f}", r.flow)),
        );
        if let Some(e) = r.json["error"].as_str() {
            problems.push(format!("{}: stopped with {e}", r.flow));
        }
        problems.extend(
            r.axe_violations()
                .into_iter()
                .map(|v| format!("{}: axe-core (WCAG 2.1 A/AA): {v}", r.flow)),
        );
    }
    assert!(
        problems.is_empty(),
        "browser flows failed ({} problems):\n  {}\nnode stderr:\n{}",
        problems.len(),
        problems.join("\n  "),
        results
            .iter()
            .map(|r| r.stderr())
            .collect::<Vec<_>>()
            .join("\n")
    );
    for r in results {
        eprintln!(
            "flow {}: {} checks passed; axe-core clean on: {}",
            r.flow,
            r.check_count(),
            r.axe_pages().join(", ")
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn main_flow_signs_in_looks_up_a_household_of_two_and_signs_out() {
    let Some(rig) = Rig::find("browser::main_flow…", Needs::Browser) else {
        return;
    };
    let (app, provider) = stack_with_provider(&rig, AppOptions::default()).await;
    let main = main_flow(
        &rig,
        &app,
        &provider,
        json!({
            "case_id": "EB-WEBB-0001",
            "members": [ALL_SOURCES_PERSON, HOUSEHOLD_PARTNER],
            "application_month": APPLICATION_MONTH,
            "javaScript": true,
            "screenshots": { "overview": "oversikt", "detail": "kalla-detalj", "print": "utskrift" },
        }),
    )
    .await;
    let today = underlag_service::clock::today_in_sweden();
    let roles = rig
        .run_flow(
            "roles",
            &[
                ("UNDERLAG_UI", app.ui("")),
                ("OIDC_ISSUER", provider.issuer.clone()),
                ("UNDERLAG_SCREENSHOTS", screenshots()),
                (
                    "FLOW_INPUT",
                    json!({
                        "person": ALL_SOURCES_PERSON,
                        "case_id": "EB-WEBB-0001",
                        "from": today.saturating_sub(jiff::Span::new().days(7)).to_string(),
                        "to": today.to_string(),
                        "screenshots": { "log": "logguppfoljning" },
                    })
                    .to_string(),
                ),
            ],
        )
        .await;
    assert_passed(&[&main, &roles]);
    drop(provider);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn main_flow_works_without_javascript() {
    let Some(rig) = Rig::find(
        "browser::main_flow_works_without_javascript",
        Needs::Browser,
    ) else {
        return;
    };
    let (app, provider) = stack_with_provider(&rig, AppOptions::default()).await;
    let main = main_flow(
        &rig,
        &app,
        &provider,
        json!({
            "case_id": "EB-WEBB-UTAN-JS",
            "members": [ALL_SOURCES_PERSON, HOUSEHOLD_PARTNER],
            "application_month": APPLICATION_MONTH,
            "javaScript": false,
        }),
    )
    .await;
    assert_passed(&[&main]);
    drop(provider);
    app.stop().await;
}

/// `member|month|side` → (total value, missing sources), from a flow's overview.
fn totals(result: &FlowResult) -> BTreeMap<String, (f64, Vec<String>)> {
    result.data()["overview"]["totals"]
        .as_array()
        .expect("the flow read the totals")
        .iter()
        .filter_map(|t| {
            let key = format!(
                "{}|{}|{}",
                t["member"].as_str()?,
                t["month"].as_str()?,
                t["side"].as_str()?
            );
            let missing = t["missingSources"]
                .as_array()?
                .iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect();
            // No value: nothing is known, so the sum of what is known is nothing.
            Some((key, (t["value"].as_f64().unwrap_or(0.0), missing)))
        })
        .collect()
}

/// The gross amounts of `sources` that count in totals, per `member|month|side` and per
/// `hushall|month|side`.
fn sums_of(result: &FlowResult, sources: &[&str]) -> BTreeMap<String, f64> {
    let mut sums = BTreeMap::new();
    for a in result.data()["overview"]["amounts"].as_array().unwrap() {
        let source = a["source"].as_str().unwrap_or_default();
        if !sources.contains(&source) || a["inTotals"] == false {
            continue;
        }
        let gross = a["gross"].as_f64().unwrap_or(0.0);
        let month = a["month"].as_str().unwrap_or_default();
        let side = a["payment"].as_str().unwrap_or_default();
        for member in [a["member"].as_str().unwrap_or_default(), "hushall"] {
            *sums
                .entry(format!("{member}|{month}|{side}"))
                .or_insert(0.0) += gross;
        }
    }
    sums
}

#[tokio::test(flavor = "multi_thread")]
async fn failing_sources_are_named_as_missing_and_left_out_of_the_totals() {
    let Some(rig) = Rig::find("browser::failing_sources…", Needs::Browser) else {
        return;
    };
    let (app, provider) = stack_with_provider(&rig, AppOptions::default()).await;
    let household = [ALL_SOURCES_PERSON, HOUSEHOLD_PARTNER];
    let clean = main_flow(
        &rig,
        &app,
        &provider,
        json!({ "case_id": "EB-WEBB-HEL", "members": household,
                "application_month": APPLICATION_MONTH }),
    )
    .await;

    // Försäkringskassan hangs, CSN answers invalidly.
    app.hang(SourceId::Fk).await;
    app.answer_invalidly(SourceId::Csn).await;
    let failing = main_flow(
        &rig,
        &app,
        &provider,
        json!({ "case_id": "EB-WEBB-FEL", "members": household,
                "application_month": APPLICATION_MONTH,
                "faults": { "fk": "timed_out", "csn": "invalid_response" },
                "screenshots": { "warning": "varning", "overview": "oversikt-kallor-saknas" } }),
    )
    .await;
    // The rendered totals are the complete ones less exactly what FK and CSN paid.
    let before = totals(&clean);
    let after = totals(&failing);
    let excluded = sums_of(&clean, &["fk", "csn"]);
    assert!(
        excluded
            .get(&format!(
                "{ALL_SOURCES_PERSON}|{APPLICATION_MONTH}|effected"
            ))
            .is_some_and(|v| *v > 0.0),
        "the check is not vacuous: FK paid the applicant in the application month"
    );
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "the same totals are shown"
    );
    let mut wrong = Vec::new();
    for (key, (value, missing)) in &after {
        let complete = before[key].0;
        let expected = complete - excluded.get(key).copied().unwrap_or(0.0);
        if (value - expected).abs() > 0.005 {
            wrong.push(format!(
                "total {key}: shows {value}, expected {expected} (complete {complete} less FK and CSN)"
            ));
        }
        if !(missing.contains(&"fk".to_owned()) && missing.contains(&"csn".to_owned())) {
            wrong.push(format!(
                "total {key}: does not name fk and csn as missing ({missing:?})"
            ));
        }
    }
    assert_passed_with(&[&clean, &failing], wrong);
    app.clear_faults().await;
    drop(provider);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn protected_identity_shows_the_banner_and_no_address_anywhere() {
    let Some(rig) = Rig::find("browser::protected_identity…", Needs::Browser) else {
        return;
    };
    let (app, provider) = stack_with_provider(&rig, AppOptions::default()).await;
    // A protected person whose address FK holds (sekretessmarkering): the gateway must
    // withhold it, so the test knows exactly what must not appear.
    let person = app
        .sim
        .population()
        .protected_persons()
        .find(|p| p.fk.as_ref().is_some_and(|fk| fk.address.is_some()))
        .expect("a protected person with an address at FK");
    let address = person.fk.as_ref().unwrap().address.as_ref().unwrap();
    let main = main_flow(
        &rig,
        &app,
        &provider,
        json!({
            "case_id": "EB-WEBB-SKYDD",
            "members": [person.personnummer.expose()],
            "application_month": APPLICATION_MONTH,
            "protected": true,
            "forbidden_address_parts": [address.street, address.postal_code, address.town],
        }),
    )
    .await;
    assert_passed(&[&main]);
    drop(provider);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn demo_sign_in_start_page_and_csrf_refusal_pass_axe() {
    let Some(rig) = Rig::find("browser::demo_sign_in…", Needs::Browser) else {
        return;
    };
    let app = App::start().await;
    let result = rig
        .run_flow(
            "demo-signin",
            &[("UNDERLAG_UI", app.ui("")), ("FLOW_INPUT", "{}".to_owned())],
        )
        .await;
    assert_passed(&[&result]);
    app.stop().await;
}

/// The calculation page: reached from the overview, explanations on demand, print view,
/// saving and deciding; axe-core on each page; with and without JavaScript. Writes
/// docs/screenshots/berakning.png and berakning-beslut.png.
#[tokio::test(flavor = "multi_thread")]
async fn calculation_page_explains_prints_and_lets_a_human_decide() {
    let Some(rig) = Rig::find("browser::calculation_page…", Needs::Browser) else {
        return;
    };
    let app = App::start().await;
    let mut results = Vec::new();
    for javascript in [true, false] {
        results.push(
            rig.run_flow(
                "calculation",
                &[
                    ("UNDERLAG_UI", app.ui("")),
                    ("UNDERLAG_SCREENSHOTS", screenshots()),
                    (
                        "FLOW_INPUT",
                        json!({
                            "members": [ALL_SOURCES_PERSON, HOUSEHOLD_PARTNER],
                            "month": APPLICATION_MONTH,
                            "javascript": javascript,
                        })
                        .to_string(),
                    ),
                ],
            )
            .await,
        );
    }
    assert_passed(&results.iter().collect::<Vec<_>>());
    app.stop().await;
}

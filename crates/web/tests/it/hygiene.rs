//! No personal data in the application's logs: everything the gateway, the UI and the
//! simulator log while a case worker looks up a household (a protected member among them),
//! opens every page of it and exports it, is captured and searched for the persons'
//! identity numbers (every notation) and the all-sources person's name.

use underlag_test_support::Logs;

use crate::app::{ALL_SOURCES_PERSON, App};
use crate::client::Browser;

/// A protected person of the simulated population (`protected_identity` in
/// crates/sim/POPULATION.md).
const PROTECTED_PERSON: &str = "200205082381";

/// Every way a 12-digit personnummer may be written: 12 digits, 10 digits, with a dash.
fn notations(pnr: &str) -> [String; 4] {
    [
        pnr.to_owned(),
        pnr[2..].to_owned(),
        format!("{}-{}", &pnr[..8], &pnr[8..]),
        format!("{}-{}", &pnr[2..8], &pnr[8..]),
    ]
}

#[tokio::test]
async fn a_ui_look_up_writes_no_personal_data_to_the_logs() {
    // The process-wide capture: it sees every thread, whatever other web tests run beside
    // this one (a thread-scoped capture raced with them; see `Logs::global`).
    let logs = Logs::global();
    let app = App::start().await;
    let browser = Browser::sign_in(&app, "handlaggare01").await;
    let lookup = browser
        .look_up(
            "EB-LOGGAR-1",
            &[ALL_SOURCES_PERSON, PROTECTED_PERSON],
            "2026-10",
        )
        .await;
    let mut pages = vec![
        lookup.clone(),
        format!("{lookup}/utskrift"),
        format!("{lookup}/oversikt.csv"),
        format!("{lookup}/berakning"),
        format!(
            "{lookup}/berakning?beraknad=1&m1_alder=40&m1_sambo=on&m2_alder=38&m2_sambo=on&utskrift=1"
        ),
    ];
    for member in 1..=2 {
        for source in ["fk", "af", "csn", "skv", "so", "tns", "miv"] {
            pages.push(format!("{lookup}/medlem/{member}/kalla/{source}"));
        }
    }
    let mut rendered = String::new();
    for page in &pages {
        let fetched = browser.get(page).await;
        assert_eq!(fetched.status, reqwest::StatusCode::OK, "{page}");
        rendered.push_str(&fetched.body);
    }
    // The pages did carry the data (so the search below is not vacuous) …
    assert!(rendered.contains("19860305-2393") || rendered.contains(ALL_SOURCES_PERSON));
    app.stop().await;

    let text = logs.text();
    // … and the capture saw the stack working.
    assert!(
        text.contains("gateway listening"),
        "the capture saw nothing:\n{text}"
    );
    for person in [ALL_SOURCES_PERSON, PROTECTED_PERSON] {
        for notation in notations(person) {
            assert!(
                !text.contains(&notation),
                "a personnummer is in the logs (notation {} characters long)",
                notation.len()
            );
        }
    }
    for name in ["Samir", "Lindqvist"] {
        assert!(!text.contains(name), "a name is in the logs");
    }
}

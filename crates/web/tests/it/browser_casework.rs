//! The case worker's side of the applicant's data in headless Chromium (flows/casework.mjs):
//! the application with its status events and the bank data fetched with consent, marked
//! with their provenance; with the bank failing, "Kontouppgifter saknas", not zero; the
//! calculation prefilled from the application. axe-core on every page, and the same without
//! JavaScript. Writes docs/screenshots/oversikt-kontouppgifter.png,
//! oversikt-kontouppgifter-saknas.png and berakning-forifylld.png.

use serde_json::json;
use underlag_consent::Fetched;
use underlag_sim::BankFault;

use crate::app::{ALL_SOURCES_PERSON, App, HOUSEHOLD_PARTNER};
use crate::applicant_data::{consent_and_fetch, fetch, give, post_event, send_application};
use crate::browser::rig::{FlowResult, Needs, Rig};
use crate::browser::{APPLICATION_MONTH, assert_passed, screenshots};

/// The kinds of the status events the scripted case system posts, in order.
const EVENTS: [&str; 2] = ["mottagen", "komplettering_begard"];

/// A stack with the household's application and its events, and the applicant's consent
/// fetched (`bank_fails`: the bank fails when the data is fetched). Returns the stack, the
/// application's reference and the consent reference.
async fn stack(bank_fails: bool) -> (App, String, String) {
    let app = App::start().await;
    let sent = send_application(
        &app,
        ALL_SOURCES_PERSON,
        Some(HOUSEHOLD_PARTNER),
        APPLICATION_MONTH,
    )
    .await;
    post_event(&app, &sent.id, EVENTS[0], "Vi har tagit emot din ansökan.").await;
    post_event(&app, &sent.id, EVENTS[1], "Skicka hyresavin för oktober.").await;
    let consent = if bank_fails {
        let consent = give(&app, ALL_SOURCES_PERSON).await;
        app.sim.set_bank_fault(Some(BankFault::Failing));
        let fetched = fetch(&app, ALL_SOURCES_PERSON, &consent).await;
        assert!(matches!(fetched.result, Fetched::Missing(_)));
        consent
    } else {
        let (consent, fetched) = consent_and_fetch(&app, ALL_SOURCES_PERSON).await;
        assert!(matches!(fetched.result, Fetched::Data(_)));
        consent
    };
    (app, sent.reference, consent)
}

async fn run(rig: &Rig, app: &App, input: serde_json::Value) -> FlowResult {
    rig.run_flow(
        "casework",
        &[
            ("UNDERLAG_UI", app.ui("")),
            ("UNDERLAG_SCREENSHOTS", screenshots()),
            ("FLOW_INPUT", input.to_string()),
        ],
    )
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_case_worker_sees_the_application_and_bank_data_with_provenance_and_saknas_not_zero() {
    let Some(rig) = Rig::find("browser_casework…", Needs::Browser) else {
        return;
    };
    let mut results = Vec::new();
    for (bank, bank_fails) in [("ok", false), ("failing", true)] {
        let (app, reference, consent) = stack(bank_fails).await;
        for javascript in [true, false] {
            results.push(
                run(
                    &rig,
                    &app,
                    json!({
                        "members": [ALL_SOURCES_PERSON, HOUSEHOLD_PARTNER],
                        "month": APPLICATION_MONTH,
                        "case_id": format!("EB-HANDL-{bank}-{}", u8::from(javascript)),
                        "reference": reference,
                        "events": EVENTS,
                        "bank": bank,
                        "consent": consent,
                        "javascript": javascript,
                        "screenshots": true,
                    }),
                )
                .await,
            );
        }
        app.stop().await;
    }
    assert_passed(&results.iter().collect::<Vec<_>>());
}

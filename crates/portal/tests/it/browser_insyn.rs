//! "Vem har tittat?", the register extract and the case timeline in headless Chromium
//! (`flows/portal-insyn.mjs` of crates/web/tests/browser): with JavaScript and without, and
//! for a person with protected identity; axe-core (WCAG 2.1 A/AA) on every page; the file
//! the browser downloaded verifies with the published checkpoint key; screenshots
//! docs/screenshots/portal-insyn.png, portal-registerutdrag.png, portal-handelser.png.

use serde_json::json;
use underlag_audit::verify_extract;
use underlag_gateway::keys;

use crate::app::{APPLICANT, App, PROTECTED};
use crate::application_flow::apply_with_household_of_two;
use crate::browser::{assert_passed, chromium, run_flow};
use crate::cases::{application_id, post_script};
use crate::client::Browser;
use crate::insyn::look_up_twice;

/// Looks `person` up twice (one refused), lets them apply and posts the scripted events;
/// runs the flow and checks the downloaded extract against the published key.
async fn run(test: &str, person: &str, protected: bool, java_script: bool, screenshots: bool) {
    let Some(chromium) = chromium(test) else {
        return;
    };
    let app = App::start().await;
    look_up_twice(&app, person).await;
    let applicant = Browser::new(&app);
    applicant.sign_in(person).await;
    let id = application_id(&apply_with_household_of_two(&applicant).await);
    post_script(&app, &id).await;
    let input = json!({
        "applicant": person, "application_id": id, "lookups": 2, "protected": protected,
        "javaScript": java_script, "screenshots": screenshots,
        "forbidden": ["Socialnämnden, enheten för ekonomiskt bistånd", "Storgatan", "010-123 45 67"],
    });
    let (result, stderr) = run_flow(&chromium, &app, "portal-insyn", input).await;
    assert_passed(test, &result, &stderr);
    let text = result["data"]["extract"]
        .as_str()
        .expect("the downloaded extract");
    let key_path = keys::verifying_key_path(&keys::signing_key_path(&app.settings));
    let key = keys::load_verifying_key(&key_path).unwrap();
    let extract = verify_extract(text, &[key]).expect("the downloaded extract verifies");
    assert_eq!(extract.lookups.len(), 2);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_applicant_sees_who_looked_downloads_the_extract_and_follows_the_case() {
    run("browser_insyn::javascript", APPLICANT, false, true, true).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn who_looked_and_the_timeline_work_without_javascript() {
    run(
        "browser_insyn::without_javascript",
        APPLICANT,
        false,
        false,
        false,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_person_with_protected_identity_sees_no_location_data_on_these_pages() {
    run("browser_insyn::protected", PROTECTED, true, true, false).await;
}

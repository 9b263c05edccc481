//! The applicant's flows in headless Chromium, through the browser project of the case-worker
//! UI (crates/web/tests/browser: node, playwright-core, axe-core; the portal's flows are its
//! `flows/portal-*.mjs`): apply with a household of two and get a receipt, the co-applicant
//! confirms, the case worker sees the application "uppgett av sökande"; with JavaScript and
//! without; a person with protected identity. axe-core (WCAG 2.1 A/AA) on every page;
//! screenshots of each applicant page into docs/screenshots (portal-*.png).
//!
//! A test skips (with the reason printed) only when a tool is missing AND
//! `UNDERLAG_REQUIRE_BROWSER` is not set.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::process::Command;

use crate::app::{APPLICANT, App, CO_APPLICANT, PROTECTED};

fn project_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../web/tests/browser")
}

fn screenshot_dir() -> String {
    let dir = std::env::var_os("UNDERLAG_SCREENSHOT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/screenshots"));
    std::fs::create_dir_all(&dir).unwrap();
    dir.display().to_string()
}

/// Chromium, or `None` after printing why the test is skipped (a panic instead when
/// `UNDERLAG_REQUIRE_BROWSER` is set).
pub(crate) fn chromium(test: &str) -> Option<PathBuf> {
    let chromium = std::env::var_os("UNDERLAG_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    let mut missing = Vec::new();
    let node = std::process::Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !node {
        missing.push("node".to_owned());
    }
    for package in ["playwright-core", "axe-core"] {
        if !project_dir().join("node_modules").join(package).is_dir() {
            missing.push(format!(
                "node_modules/{package} (npm ci --prefix crates/web/tests/browser)"
            ));
        }
    }
    if !chromium.is_file() {
        missing.push(chromium.display().to_string());
    }
    if missing.is_empty() {
        return Some(chromium);
    }
    let reason = format!("{test}: missing {}", missing.join(", "));
    if std::env::var_os("UNDERLAG_REQUIRE_BROWSER").is_some_and(|v| !v.is_empty()) {
        panic!("{reason}; UNDERLAG_REQUIRE_BROWSER is set, so this fails instead of skipping");
    }
    println!("skipped {reason}");
    None
}

/// Flows run one at a time: two cores.
static ONE_BROWSER_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Runs `flows/{flow}.mjs` against `app` with `input`; returns its JSON result.
pub(crate) async fn run_flow(
    chromium: &Path,
    app: &App,
    flow: &str,
    input: Value,
) -> (Value, String) {
    let _one = ONE_BROWSER_AT_A_TIME.lock().await;
    let child = Command::new("node")
        .arg(project_dir().join("flows").join(format!("{flow}.mjs")))
        .current_dir(project_dir())
        .env("UNDERLAG_CHROMIUM", chromium)
        .env("UNDERLAG_PORTAL", format!("{}/mina-sidor", app.base))
        .env("UNDERLAG_UI", format!("{}/ui", app.base))
        .env("UNDERLAG_SCREENSHOTS", screenshot_dir())
        .env("FLOW_INPUT", input.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("node runs the flow");
    let output = tokio::time::timeout(Duration::from_secs(300), child.wait_with_output())
        .await
        .unwrap_or_else(|_| panic!("flow {flow} did not finish within 300 s"))
        .expect("the flow's output is read");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let json = stdout
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .and_then(|l| serde_json::from_str::<Value>(l).ok())
        .unwrap_or_else(|| panic!("flow {flow} printed no result; stderr:\n{stderr}"));
    (json, stderr)
}

/// Panics with every failed check, the flow's error and every axe-core violation.
pub(crate) fn assert_passed(flow: &str, json: &Value, stderr: &str) {
    let mut problems = Vec::new();
    let checks = json["checks"].as_array().cloned().unwrap_or_default();
    if checks.is_empty() {
        problems.push("ran no check".to_owned());
    }
    for c in &checks {
        if c["ok"] != Value::Bool(true) {
            problems.push(format!("{}: {}", c["name"], c["detail"]));
        }
    }
    if let Some(e) = json["error"].as_str() {
        problems.push(format!("stopped with {e}"));
    }
    for page in json["axe"].as_array().into_iter().flatten() {
        for v in page["violations"].as_array().into_iter().flatten() {
            problems.push(format!(
                "axe-core on {}: {} [{}] {} — {}",
                page["page"], v["id"], v["impact"], v["targets"], v["help"]
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "flow {flow}: {} problems:\n  {}\nstderr:\n{stderr}",
        problems.len(),
        problems.join("\n  ")
    );
    let pages: Vec<&str> = json["axe"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["page"].as_str())
        .collect();
    println!(
        "flow {flow}: {} checks passed; axe-core clean on {} pages: {}",
        checks.len(),
        pages.len(),
        pages.join(", ")
    );
}

fn month() -> String {
    underlag_service::clock::today_in_sweden()
        .first_of_month()
        .strftime("%Y-%m")
        .to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_applicant_applies_with_a_household_of_two_and_the_case_worker_sees_it() {
    let Some(chromium) = chromium("browser::apply") else {
        return;
    };
    let app = App::start().await;
    let input = json!({
        "applicant": APPLICANT, "co_applicant": CO_APPLICANT, "month": month(),
        "case_id": "EB-PORTAL-0001", "javaScript": true, "screenshots": true, "case_worker": true,
    });
    let (json, stderr) = run_flow(&chromium, &app, "portal-apply", input).await;
    assert_passed("portal-apply", &json, &stderr);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_application_works_without_javascript() {
    let Some(chromium) = chromium("browser::without_javascript") else {
        return;
    };
    let app = App::start().await;
    let input = json!({
        "applicant": APPLICANT, "co_applicant": CO_APPLICANT, "month": month(),
        "case_id": "EB-PORTAL-0002", "javaScript": false, "screenshots": false, "case_worker": true,
    });
    let (json, stderr) = run_flow(&chromium, &app, "portal-apply", input).await;
    assert_passed("portal-apply (no JavaScript)", &json, &stderr);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_person_with_protected_identity_applies_and_no_page_shows_location_data() {
    let Some(chromium) = chromium("browser::protected") else {
        return;
    };
    let app = App::start().await;
    let input = json!({
        "applicant": PROTECTED, "co_applicant": CO_APPLICANT, "month": month(),
        "case_id": "EB-PORTAL-0003", "protected": true, "javaScript": true,
        "screenshots": true, "case_worker": true,
    });
    let (json, stderr) = run_flow(&chromium, &app, "portal-apply", input).await;
    assert_passed("portal-apply (protected identity)", &json, &stderr);
    app.stop().await;
}

//! schemathesis against the served OpenAPI document: the gateway's REST API on loopback
//! (scripted agencies, in-memory audit) is fuzzed from its own document, and every answer
//! must be documented, conform to its schema and never be a server error.
//!
//! `scripts/test` installs schemathesis. When it is missing the test fails, unless
//! `UNDERLAG_SKIP_SCHEMATHESIS=1` says to skip it (for a machine without Python).

use std::process::Stdio;

use underlag_test_support::Doors;
use underlag_test_support::fixtures::exempelkommun_organisation;

/// Every check but `positive_data_acceptance`: a request the document calls valid may still
/// be refused, since check digits, real calendar days, period order and length are rules no
/// JSON Schema pattern expresses (the document says so, and the route answers 400 naming the
/// field). `negative_data_rejection` holds: what the document refuses, the server refuses.
const EXCLUDED_CHECKS: &str = "positive_data_acceptance";

/// The schemathesis command: its script on the `PATH`, or the module through `python3` (pip
/// may put scripts in a directory outside the `PATH`).
fn schemathesis() -> Option<(&'static str, Vec<&'static str>)> {
    let candidates: [(&str, Vec<&str>); 2] = [
        ("schemathesis", vec![]),
        ("python3", vec!["-m", "schemathesis.cli"]),
    ];
    candidates.into_iter().find(|(program, prefix)| {
        std::process::Command::new(program)
            .args(prefix)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schemathesis_finds_no_failures_in_the_served_document() {
    let Some((program, prefix)) = schemathesis() else {
        if std::env::var("UNDERLAG_SKIP_SCHEMATHESIS").is_ok_and(|v| v == "1") {
            eprintln!("SKIPPED: schemathesis is not installed (UNDERLAG_SKIP_SCHEMATHESIS=1)");
            return;
        }
        panic!(
            "schemathesis is not installed: run scripts/test (it installs it), or \
             `python3 -m pip install schemathesis`; UNDERLAG_SKIP_SCHEMATHESIS=1 skips this test"
        );
    };
    let api = Doors::new();
    // The document's examples ask about this case and person: registered, so that the
    // examples are answered in full rather than refused by the case binding.
    api.registry
        .put_case(underlag_service::registry::Case::household_of_one(
            exempelkommun_organisation(),
            "EB-2026-0001",
            underlag_domain::Personnummer::parse_canonical("199001012385").unwrap(),
            jiff::Timestamp::now(),
        ));
    let served = api.serve().await;
    let base = served.url.clone();

    let work_dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("schemathesis");
    std::fs::create_dir_all(&work_dir).unwrap();
    let output = tokio::process::Command::new(program)
        .args(prefix)
        .current_dir(&work_dir)
        .env("NO_COLOR", "1")
        .args([
            "run",
            &format!("{base}/api/v1/openapi.json"),
            "--url",
            &base,
            "--checks",
            "all",
            "--exclude-checks",
            EXCLUDED_CHECKS,
            "--max-examples",
            "20",
            "--seed",
            "7",
            "--generation-database",
            "none",
            // One worker: with two, hypothesis parses lambda sources with Python's `ast` in two
            // threads at once, and CPython 3.11 can then fail inside the tool ("AST constructor
            // recursion depth mismatch"), a runtime error that is no finding about the API.
            "--workers",
            "1",
            "--request-timeout",
            "10",
            "--no-color",
        ])
        .kill_on_drop(true)
        .output()
        .await
        .expect("schemathesis runs");
    drop(served);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let summary: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("passed") || l.contains("failed") || l.contains("cases"))
        .collect();
    eprintln!("schemathesis: {}", summary.join(" | "));
    assert!(
        output.status.success(),
        "schemathesis found failures:\n{stdout}\n{stderr}"
    );
    assert!(
        api.calls() > 0,
        "schemathesis made at least one accepted query"
    );
}

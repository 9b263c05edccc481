//! Registry administration through `underlag admin` (issue 15): every connection field
//! editable with validation, cases listed and reopened, each change audited and in force at
//! once for a gateway that is already running on the same store.

use underlag_sim::Population;
use underlag_test_support::fixtures::{last_year, query};

use super::{text, underlag_in};
use crate::process::spawn_demo;

/// Runs `underlag admin --database DB ARGS…` in `dir`; its standard output, after asserting
/// success.
fn admin_ok(dir: &std::path::Path, db: &str, args: &[&str]) -> String {
    let mut all = vec!["admin", "--database", db, "--actor", "admin-anna"];
    all.extend_from_slice(args);
    let run = underlag_in(dir, &all);
    assert!(run.status.success(), "{args:?}: {}", text(&run.stderr));
    text(&run.stdout)
}

/// Runs `underlag admin --database DB ARGS…` expecting a refusal; its standard error.
fn admin_refused(dir: &std::path::Path, db: &str, args: &[&str]) -> String {
    let mut all = vec!["admin", "--database", db];
    all.extend_from_slice(args);
    let run = underlag_in(dir, &all);
    assert_eq!(run.status.code(), Some(1), "{args:?} is refused");
    text(&run.stderr)
}

async fn fk_status(
    client: &reqwest::Client,
    gateway: &str,
    person: &str,
    period: (String, String),
) -> String {
    let answer: serde_json::Value = client
        .post(format!("{gateway}/api/v1/queries"))
        .json(&query(person, period))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let sources = answer["sources"]
        .as_array()
        .expect("an answer with sources");
    sources
        .iter()
        .find(|s| s["source"] == "FK")
        .map(|s| s["status"].as_str().unwrap().to_owned())
        .unwrap()
}

/// Done when (issue 15): editing a connection's actor id is audited and takes effect at once;
/// `admin history` lists it. The simulated LEFI service refuses one actor id
/// (`REFUSED_LEFI_ACTOR`, 403), so what Försäkringskassan was asked with shows in FK's outcome.
#[tokio::test]
async fn a_changed_lefi_actor_id_is_used_by_the_running_gateway_at_once_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("audit.db").display());
    let demo = spawn_demo("warn", &db);
    let population = Population::generate(underlag_sim::population::DEFAULT_REFERENCE_DATE);
    let person = population
        .all_sources_person()
        .personnummer
        .expose()
        .to_owned();
    let period = last_year(population.reference_date());
    let client = reqwest::Client::new();
    assert_eq!(
        fk_status(&client, &demo.gateway, &person, period.clone()).await,
        "ok",
        "the configured actor id is accepted"
    );

    let refused = underlag_sim::REFUSED_LEFI_ACTOR;
    let set = admin_ok(
        dir.path(),
        &db,
        &["connection", "set-lefi-actor-id", "2120000142", refused],
    );
    assert!(set.contains("in force for the next query"), "{set}");
    assert_ne!(
        fk_status(&client, &demo.gateway, &person, period.clone()).await,
        "ok",
        "the next query asks Försäkringskassan with the refused actor id"
    );

    let assigned = "9255F428-4BA0-63CE-5407-E65D469FAC0F";
    admin_ok(
        dir.path(),
        &db,
        &["connection", "set-lefi-actor-id", "2120000142", assigned],
    );
    assert_eq!(
        fk_status(&client, &demo.gateway, &person, period).await,
        "ok",
        "an accepted actor id is in force at once again"
    );
    let shown = admin_ok(
        dir.path(),
        &db,
        &["connection", "show", "2120000142", "--json"],
    );
    let shown: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(
        shown[0]["lefi_actor_id"], "9255f428-4ba0-63ce-5407-e65d469fac0f",
        "stored in lower case"
    );

    let history = admin_ok(
        dir.path(),
        &db,
        &["history", "--organisation", "2120000142"],
    );
    let edits: Vec<&str> = history
        .lines()
        .filter(|l| l.contains("connection.lefi_actor_id"))
        .collect();
    assert_eq!(edits.len(), 2, "{history}");
    assert!(
        edits[0].contains("admin-anna") && edits[0].contains(refused),
        "who and what: {}",
        edits[0]
    );
    assert!(edits[1].contains("9255f428-4ba0-63ce-5407-e65d469fac0f"));
    let mut child = demo.child;
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn every_connection_field_is_edited_with_validation_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("audit.db").display());
    let mut add = vec![
        "connection",
        "add",
        "2120000142",
        "--name",
        "Exempelkommun",
        "--unit",
        "Socialnämnden",
        "--create-database",
    ];
    // The actor id has the form Försäkringskassan assigns; nothing is registered otherwise.
    let mut bad_add = add.clone();
    bad_add.extend(["--lefi-actor-id", "UNDERLAG-DEMO"]);
    let refused = admin_refused(dir.path(), &db, &bad_add);
    assert!(
        refused.contains("--lefi-actor-id must be the actor id"),
        "{refused}"
    );
    add.extend(["--information-type", "FK:BOB"]);
    admin_ok(dir.path(), &db, &add);

    for (args, field) in [
        (
            &[
                "connection",
                "set-lefi-actor-id",
                "2120000142",
                "5f6c-not-an-id",
            ][..],
            "the LEFI actor id",
        ),
        (
            &["connection", "set-name", "2120000142", "  "][..],
            "the name",
        ),
        (
            &["connection", "set-unit", "2120000142", "a\u{202e}b"][..],
            "the committee and unit",
        ),
        (
            &["connection", "add-information-type", "2120000142", "FK BOB"][..],
            "the information type",
        ),
        (
            &["connection", "set-name", "2120000159", "Annan kommun"][..],
            "no such connection",
        ),
    ] {
        let stderr = admin_refused(dir.path(), &db, args);
        assert!(stderr.contains(field), "{args:?}: {stderr}");
    }
    admin_ok(
        dir.path(),
        &db,
        &["connection", "set-name", "2120000142", "Exempelkommun (ny)"],
    );
    admin_ok(
        dir.path(),
        &db,
        &["connection", "set-unit", "2120000142", "Välfärdsnämnden"],
    );
    admin_ok(
        dir.path(),
        &db,
        &["connection", "add-information-type", "2120000142", "PM:AP"],
    );
    admin_ok(
        dir.path(),
        &db,
        &[
            "connection",
            "remove-information-type",
            "2120000142",
            "FK:BOB",
        ],
    );
    admin_ok(
        dir.path(),
        &db,
        &[
            "connection",
            "set-lefi-actor-id",
            "2120000142",
            "9255f428-4ba0-63ce-5407-e65d469fac0f",
        ],
    );
    admin_ok(
        dir.path(),
        &db,
        &["connection", "remove-lefi-actor-id", "2120000142"],
    );
    let shown = admin_ok(dir.path(), &db, &["connection", "show", "2120000142"]);
    assert!(shown.contains("Exempelkommun (ny)"), "{shown}");
    assert!(
        shown.contains("committee/unit:     Välfärdsnämnden"),
        "{shown}"
    );
    assert!(shown.contains("information types:  PM:AP\n"), "{shown}");
    assert!(
        shown.contains("LEFI actor id:      (the configured one)"),
        "{shown}"
    );

    let history = admin_ok(dir.path(), &db, &["history"]);
    let steps: Vec<&str> = history
        .lines()
        .map(|l| l.split_once(": ").unwrap().1)
        .collect();
    assert_eq!(
        steps,
        [
            "connection.add status=active sources=FK,AF,CSN,SKV,SO,TNS,MIV,AGI,KFM",
            "connection.name \"Exempelkommun (ny)\"",
            "connection.unit \"Välfärdsnämnden\"",
            "connection.information_type.add \"PM:AP\"",
            "connection.information_type.remove \"FK:BOB\"",
            "connection.lefi_actor_id \"9255f428-4ba0-63ce-5407-e65d469fac0f\"",
            "connection.lefi_actor_id (none)",
        ],
        "{history}"
    );
}

#[test]
fn cases_are_listed_by_status_and_reopened() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("audit.db").display());
    admin_ok(
        dir.path(),
        &db,
        &[
            "connection",
            "add",
            "2120000142",
            "--name",
            "Exempelkommun",
            "--unit",
            "Socialnämnden",
            "--create-database",
        ],
    );
    for case in ["EB-1", "EB-2"] {
        admin_ok(
            dir.path(),
            &db,
            &[
                "case",
                "open",
                "2120000142",
                case,
                "--person",
                "19900101-2385",
            ],
        );
    }
    admin_ok(dir.path(), &db, &["case", "close", "2120000142", "EB-2"]);
    let ids = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["case", "list"];
        all.extend_from_slice(args);
        admin_ok(dir.path(), &db, &all)
            .lines()
            .filter(|l| l.starts_with("2120000142"))
            .filter_map(|l| l.split_whitespace().nth(1).map(str::to_owned))
            .collect()
    };
    assert_eq!(ids(&[]), ["EB-1", "EB-2"]);
    assert_eq!(ids(&["--open"]), ["EB-1"]);
    assert_eq!(ids(&["--closed", "--organisation", "2120000142"]), ["EB-2"]);
    let none = admin_ok(
        dir.path(),
        &db,
        &["case", "list", "--organisation", "2120000159"],
    );
    assert_eq!(none, "No cases.\n");
    let listed = admin_ok(dir.path(), &db, &["case", "list"]);
    assert!(
        !listed.contains("19900101") && listed.contains("1 person(s)"),
        "a list names no person: {listed}"
    );
    admin_ok(dir.path(), &db, &["case", "reopen", "2120000142", "EB-2"]);
    assert_eq!(ids(&["--closed"]), Vec::<String>::new());
    let again = admin_refused(dir.path(), &db, &["case", "reopen", "2120000142", "EB-2"]);
    assert!(again.contains("the case is open"), "{again}");
    let history = admin_ok(dir.path(), &db, &["history"]);
    assert!(
        history
            .lines()
            .last()
            .unwrap()
            .contains("case EB-2: case.reopen"),
        "{history}"
    );
}

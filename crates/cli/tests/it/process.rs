//! Tests of the real `underlag` binary as a child process: no personal data in its logs,
//! and every answer a client received survives `kill -9` in the audit store. `spawn_demo`
//! is shared with the lifecycle tests.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use tokio::time::Instant;

use underlag_domain::SourceId;
use underlag_sim::Population;
use underlag_test_support::fixtures::{last_year, query};

pub(crate) struct Demo {
    pub(crate) child: Child,
    pub(crate) gateway: String,
    control: String,
    pub(crate) stderr: std::thread::JoinHandle<String>,
}

/// Starts `underlag demo` on an ephemeral port with the given log filter and database.
pub(crate) fn spawn_demo(rust_log: &str, database: &str) -> Demo {
    let mut child = Command::new(env!("CARGO_BIN_EXE_underlag"))
        .args([
            "--log-format",
            "json",
            "demo",
            "--listen",
            "127.0.0.1:0",
            "--database",
            database,
        ])
        .env("RUST_LOG", rust_log)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the underlag binary starts");
    let mut stderr = child.stderr.take().unwrap();
    let stderr = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    // Read the banner, then keep draining standard output so the demo never writes into a
    // closed pipe.
    let mut stdout = BufReader::new(child.stdout.take().unwrap()).lines();
    let (mut gateway, mut control) = (String::new(), String::new());
    for line in stdout.by_ref() {
        let line = line.unwrap();
        if let Some(url) = line.strip_prefix("Gateway:") {
            gateway = url.trim().to_owned();
        }
        if let Some(url) = line.strip_prefix("Fault control:") {
            control = url.trim().trim_end_matches("/faults").to_owned();
        }
        if line.starts_with("Press Ctrl-C") {
            break;
        }
    }
    std::thread::spawn(move || stdout.for_each(drop));
    assert!(
        gateway.starts_with("http://127.0.0.1:"),
        "the demo printed its gateway URL"
    );
    Demo {
        child,
        gateway,
        control,
        stderr,
    }
}

#[tokio::test]
async fn no_personal_data_reaches_the_logs() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("audit.db").display());
    // Everything Underlag logs, at the most verbose level, plus the libraries at debug.
    let demo = spawn_demo(
        "debug,underlag=trace,underlag_api=trace,underlag_service=trace,underlag_upstream=trace,underlag_sim=trace,underlag_store=trace",
        &db,
    );
    let population = Population::generate(underlag_sim::population::DEFAULT_REFERENCE_DATE);
    let client = reqwest::Client::new();
    let url = format!("{}/api/v1/queries", demo.gateway);
    let mut persons = vec![
        population.all_sources_person().personnummer.clone(),
        population.unknown_person().personnummer.clone(),
    ];
    persons.extend(
        population
            .protected_persons()
            .take(3)
            .map(|p| p.personnummer.clone()),
    );
    persons.extend(
        population
            .persons()
            .iter()
            .filter(|p| p.has_samordningsnummer())
            .take(3)
            .map(|p| p.personnummer.clone()),
    );
    persons.extend(
        population
            .persons()
            .iter()
            .step_by(40)
            .map(|p| p.personnummer.clone()),
    );
    let ask = |pnr: String| {
        let client = client.clone();
        let url = url.clone();
        let body = query(&pnr, last_year(population.reference_date()));
        async move {
            client
                .post(url)
                .json(&body)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    for p in &persons {
        assert_eq!(ask(p.expose().to_owned()).await, 200);
        // The 10-digit form with separator goes through the same path.
        let ten = p.ten_digit_form(population.reference_date());
        assert_eq!(ask(ten).await, 200);
    }
    // Invalid input, near-miss numbers of real population members.
    let mut bad = persons[0].expose().to_owned();
    bad.replace_range(11..12, if bad.ends_with('0') { "1" } else { "0" });
    assert_eq!(ask(bad).await, 400);
    // Every fault at every agency.
    for fault in [
        r#"{"kind":"schema_invalid"}"#,
        r#"{"kind":"malformed"}"#,
        r#"{"kind":"http500"}"#,
    ] {
        for id in SourceId::ALL {
            client
                .put(format!("{}/faults/{}", demo.control, id.slug()))
                .header("content-type", "application/json")
                .body(fault)
                .send()
                .await
                .unwrap();
        }
        for p in persons.iter().take(4) {
            assert_eq!(ask(p.expose().to_owned()).await, 200);
        }
    }
    let mut child = demo.child;
    child.kill().unwrap();
    child.wait().unwrap();
    let logs = demo.stderr.join().unwrap();
    assert!(
        logs.lines().count() > 100,
        "the run produced logs to check ({} lines)",
        logs.lines().count()
    );

    let today = population.reference_date();
    let mut leaks = Vec::new();
    for person in population.persons() {
        let pnr = person.personnummer.expose();
        let needles = [
            pnr.to_owned(),
            pnr[2..].to_owned(),
            person.personnummer.ten_digit_form(today),
            format!("{}-{}", &pnr[..8], &pnr[8..]),
            person.full_name(),
        ];
        for needle in needles {
            if logs.contains(&needle) {
                leaks.push(format!(
                    "story person #{}",
                    population
                        .persons()
                        .iter()
                        .position(|p| p == person)
                        .unwrap_or(0)
                ));
            }
        }
    }
    assert!(
        leaks.is_empty(),
        "personal data found in the logs for: {leaks:?}"
    );
}

#[tokio::test]
async fn every_received_answer_survives_kill_minus_nine() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.db");
    let demo = spawn_demo("warn", &format!("sqlite://{}", path.display()));
    let population = Population::generate(underlag_sim::population::DEFAULT_REFERENCE_DATE);
    let persons: Vec<String> = population
        .persons()
        .iter()
        .map(|p| p.personnummer.expose().to_owned())
        .collect();
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let url = format!("{}/api/v1/queries", demo.gateway);
    let received = std::sync::Arc::new(tokio::sync::Mutex::new(BTreeSet::new()));
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut workers = Vec::new();
    for w in 0..4usize {
        let (client, url, received, persons) = (
            client.clone(),
            url.clone(),
            received.clone(),
            persons.clone(),
        );
        let period = last_year(population.reference_date());
        workers.push(tokio::spawn(async move {
            for i in 0..400usize {
                if Instant::now() >= deadline {
                    break;
                }
                let body = query(&persons[(w * 400 + i) % persons.len()], period.clone());
                match client.post(&url).json(&body).send().await {
                    Ok(r) if r.status().is_success() => {
                        if let Ok(answer) = r.json::<serde_json::Value>().await {
                            received
                                .lock()
                                .await
                                .insert(answer["query_id"].as_str().unwrap().to_owned());
                        }
                    }
                    // Anything else means the server is gone (killed) or refused.
                    _ => break,
                }
            }
        }));
    }
    // Let the load run until answers are flowing, then kill the server hard in the middle.
    let waited = Instant::now();
    while received.lock().await.len() < 40 && waited.elapsed() < Duration::from_secs(15) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut child = demo.child;
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    for w in workers {
        w.await.unwrap();
    }
    let received = received.lock().await.clone();
    if received.len() < 40 {
        eprintln!("child stderr: {}", demo.stderr.join().unwrap());
    }
    assert!(
        received.len() >= 40,
        "the load run got answers before the kill ({})",
        received.len()
    );

    let store = underlag_store::open_store(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    let records = store.records(1, 1_000_000).await.unwrap();
    let stored: BTreeSet<String> = records.iter().map(|r| r.record.id.clone()).collect();
    let missing: Vec<_> = received.difference(&stored).collect();
    assert!(
        missing.is_empty(),
        "{} answered queries have no audit record",
        missing.len()
    );
    // The chain is intact after the crash.
    let key = underlag_audit::SigningKey::generate().unwrap();
    let report = underlag_store::verify_store(store.as_ref(), &key.verifying_key(), &[])
        .await
        .unwrap();
    assert!(report.is_ok(), "{report:?}");
    eprintln!(
        "kill -9 check: {} answers received, {} audit records stored, {} received-but-missing",
        received.len(),
        records.len(),
        missing.len()
    );
}

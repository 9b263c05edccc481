//! The fault matrix: every source × every fault kind, over REST and over SOAP. For each
//! combination: the faulted source ends in the outcome that fault stands for, every other
//! source answers `ok`, the deadline holds (a source that does not answer in time ends
//! `timed_out`, never a late answer or an error of the whole query), the gateway does not
//! panic (it keeps answering), and the query's audit record holds the same outcomes.
//!
//! Each fault kind runs on its own gateway and simulator, all kinds at once; the timeouts are
//! short so that the hanging and slow kinds cost little.

use serde_json::Value;
use underlag_audit::AuditKind;
use underlag_domain::SourceId;
use underlag_sim::Fault;
use underlag_test_support::fixtures::status;
use underlag_test_support::{Doorway, TestApp, TestPki};

use crate::operations::soap_request;

/// The overall deadline and a source's budget in the matrix: short, so the hanging and slow
/// kinds cost little, yet long enough that a healthy source answers in time on a busy 2-core
/// machine (a healthy debug-build agency took over 500 ms there at a load average of 10).
const DEADLINE_MS: u64 = 2500;
const SOURCE_TIMEOUT_MS: u64 = 2000;

/// One fault kind and the outcome it must end in.
struct Kind {
    name: &'static str,
    fault: Fault,
    outcome: &'static str,
}

fn kinds() -> Vec<Kind> {
    let kind = |name, fault, outcome| Kind {
        name,
        fault,
        outcome,
    };
    vec![
        kind("hang", Fault::Hang, "timed_out"),
        kind(
            "slow beyond the budget",
            Fault::Latency {
                ms: SOURCE_TIMEOUT_MS * 4,
            },
            "timed_out",
        ),
        kind("HTTP 500", Fault::Http500, "unavailable"),
        kind(
            "connection refused",
            Fault::ConnectionRefused,
            "unavailable",
        ),
        kind("reset mid-body", Fault::ResetMidBody, "unavailable"),
        kind("malformed body", Fault::Malformed, "invalid_response"),
        kind(
            "schema-invalid body",
            Fault::SchemaInvalid,
            "invalid_response",
        ),
        kind("huge body (100 MiB)", Fault::HugeBody, "invalid_response"),
        kind(
            "wrong TLS certificate",
            Fault::WrongCertificate,
            "unavailable",
        ),
    ]
}

/// The outcome of every source in a SOAP answer: each provider's element carries its
/// `status` (the v10 contract's felkod or `OK`) — here read back through the REST-shaped
/// audit record instead, which both channels write the same way.
async fn audited_outcomes(stack: &TestApp, after: u64) -> Vec<(String, String)> {
    let records = stack.records_after(after).await;
    assert_eq!(records.len(), 1, "one audit record per query");
    let record = &records[0];
    assert_eq!(record.kind, AuditKind::Query);
    record
        .sources
        .iter()
        .map(|s| (s.source.clone(), s.outcome.clone()))
        .collect()
}

/// Runs one kind against every source, over REST and SOAP; the failures found.
async fn run_kind(kind: Kind) -> Vec<String> {
    let mut builder = TestApp::builder()
        .timeouts(DEADLINE_MS, SOURCE_TIMEOUT_MS)
        .settings(|s| {
            // One call per source and no breaker: every query meets the fault itself.
            s.query.max_attempts = 1;
            s.query.breaker_failure_threshold = u32::MAX;
        });
    if matches!(kind.fault, Fault::WrongCertificate) {
        // The agencies serve TLS, so a certificate can be wrong.
        builder = builder.mtls(TestPki::new());
        let stack = builder.start().await;
        let fingerprint = stack.pki.as_ref().unwrap().kommun.sha256();
        stack.add_certificate(fingerprint.as_str()).await;
        return run_sources(&stack, &kind).await;
    }
    let stack = builder.start().await;
    run_sources(&stack, &kind).await
}

async fn run_sources(stack: &TestApp, kind: &Kind) -> Vec<String> {
    let person = stack.all_sources_person();
    let mut failures = Vec::new();
    for (n, faulted) in SourceId::ALL.into_iter().enumerate() {
        stack.sim.clear_faults().await;
        stack.sim.set_fault(faulted, kind.fault).await;
        // The v10 SOAP contract asks only its own seven providers: a source beyond them is
        // faulted over REST alone, and over SOAP the others are `not_requested`.
        let v10 = |id: SourceId| underlag_soap::V10_PROVIDERS.contains(&id);
        let channels: &[&str] = if v10(faulted) {
            &["REST", "SOAP"]
        } else {
            &["REST"]
        };
        for &channel in channels {
            let head = stack.head().await;
            let expected: Vec<(String, String)> = SourceId::ALL
                .into_iter()
                .map(|id| {
                    let outcome = if id == faulted {
                        kind.outcome
                    } else if channel == "SOAP" && !v10(id) {
                        "not_requested"
                    } else {
                        "ok"
                    };
                    (id.code().to_owned(), outcome.to_owned())
                })
                .collect();
            let answered: Option<Vec<(String, String)>> = if channel == "REST" {
                let reply = stack.post_query(&stack.query(&person)).await;
                (reply.status == 200).then(|| {
                    let answer: Value = reply.json();
                    SourceId::ALL
                        .into_iter()
                        .map(|id| (id.code().to_owned(), status(&answer, id)))
                        .collect()
                })
            } else {
                let case = format!("EB-MATRIX-{}-{n}", kind.name.replace(' ', "-"));
                let reply = stack
                    .soap_call(&soap_request(person.expose(), &stack.last_year(), &case))
                    .await;
                (reply.status == 200 && reply.text.contains("hamtaBastjanstInformationResponse"))
                    .then(Vec::new)
            };
            let Some(answered) = answered else {
                failures.push(format!(
                    "{} at {faulted} over {channel}: no answer",
                    kind.name
                ));
                continue;
            };
            if channel == "REST" && answered != expected {
                failures.push(format!(
                    "{} at {faulted} over REST: answered {answered:?}",
                    kind.name
                ));
            }
            let audited = audited_outcomes(stack, head).await;
            let mut audited_sorted = audited.clone();
            audited_sorted.sort();
            let mut expected_sorted = expected.clone();
            expected_sorted.sort();
            if audited_sorted != expected_sorted {
                failures.push(format!(
                    "{} at {faulted} over {channel}: audited {audited:?}",
                    kind.name
                ));
            }
        }
    }
    // Still serving after every fault: nothing panicked the gateway.
    stack.sim.clear_faults().await;
    assert_eq!(stack.health().await.status, 200);
    failures
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_source_under_every_fault_kind_over_rest_and_soap() {
    let runs = kinds().into_iter().map(|kind| tokio::spawn(run_kind(kind)));
    let mut failures = Vec::new();
    for run in futures::future::join_all(runs).await {
        failures.extend(run.expect("no panic in the matrix"));
    }
    assert!(
        failures.is_empty(),
        "{} combinations failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

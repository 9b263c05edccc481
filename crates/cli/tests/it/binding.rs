//! The purpose and case binding end to end: simulated agencies, the gateway and a SQLite
//! registry and audit store in-process, over HTTP. Every refusal is a 403 problem naming the
//! field, is audited as a `refused` record with its reason, and calls no agency: the agencies
//! that are not to answer are a [`Tripwire`], which counts every connection made to it (and
//! never answers), so a call is seen where it lands, not inferred from how long it took.

use std::collections::BTreeSet;
use std::ops::Deref;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};
use underlag_audit::{AuditKind, AuditRecord, Channel};
use underlag_domain::{Organisationsnummer, Personnummer, SourceId};
use underlag_registry::{Connection, ConnectionStatus};
use underlag_service::{Attribution, CallerIdentity, CompositeQuery, QueryError, Reason};
use underlag_store::Change;
use underlag_test_support::fixtures::{exempelkommun, household, query};
use underlag_test_support::{Doorway, Reply, TestApp, TestAppBuilder};

mod household;
mod syfte;

const KOMMUN: &str = "2120000142";
const OTHER_KOMMUN: &str = "2120000266";

/// An agency address that counts the connections made to it and never answers. Weak test
/// fixed (issue 16): the binding tests used to bound the answer's time by the deadline to
/// rule out an agency call, but a call to a hanging agency ends at the source timeout, below
/// the deadline, so the bound could not catch it.
struct Tripwire {
    url: String,
    connections: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Tripwire {
    async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let connections = Arc::new(AtomicUsize::new(0));
        let counted = connections.clone();
        let task = tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((socket, _)) = listener.accept().await {
                counted.fetch_add(1, Ordering::SeqCst);
                held.push(socket);
            }
        });
        Tripwire {
            url,
            connections,
            task,
        }
    }

    /// Connections accepted so far. A call the gateway makes is awaited before it answers
    /// (until the source timeout, since nothing answers here), so it is counted by then.
    fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

impl Drop for Tripwire {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The gateway with the agencies not in `answering` at a [`Tripwire`].
struct Stack {
    app: TestApp,
    tripwire: Tripwire,
}

impl Deref for Stack {
    type Target = TestApp;

    fn deref(&self) -> &TestApp {
        &self.app
    }
}

impl Stack {
    async fn stop(self) {
        self.app.stop().await;
    }
}

/// Every agency is a [`Tripwire`] unless `answering` lists it.
async fn start(answering: &[SourceId]) -> Stack {
    start_from(TestApp::builder(), answering).await
}

/// [`start`] from `builder`.
async fn start_from(builder: TestAppBuilder, answering: &[SourceId]) -> Stack {
    let tripwire = Tripwire::start().await;
    let url = tripwire.url.clone();
    let silent: Vec<SourceId> = SourceId::ALL
        .into_iter()
        .filter(|id| !answering.contains(id))
        .collect();
    let app = builder
        .settings(move |s| {
            for id in silent {
                s.agencies.insert(id.slug().to_owned(), url.clone());
            }
        })
        .start()
        .await;
    Stack { app, tripwire }
}

/// What the binding tests ask of the app beyond the shared fixture.
trait BindingApp {
    /// The person the tests ask about (every agency knows them).
    fn person(&self) -> Personnummer;
    /// A query about [`BindingApp::person`] over the last year, a case of its own.
    fn body(&self) -> Value;
    /// Runs the real `underlag admin` command against the app's database.
    fn admin_output(&self, args: &[&str]) -> std::process::Output;
    /// [`BindingApp::admin_output`], which must succeed.
    fn admin(&self, args: &[&str]);
    /// Posts `body` and checks the refusal: 403, the problem type and field, no agency
    /// called (no waiting for the hanging agencies), one `refused` audit record with the
    /// reason and no query record.
    async fn assert_refused(&self, body: Value, reason: &str, field: &str) -> AuditRecord;
    /// What the administrator's (`admin-e2e`) registry changes were, in order.
    async fn admin_changes(&self) -> Vec<String>;
}

impl BindingApp for Stack {
    fn person(&self) -> Personnummer {
        self.all_sources_person()
    }

    fn body(&self) -> Value {
        self.query(&self.person())
    }

    fn admin_output(&self, args: &[&str]) -> std::process::Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_underlag"))
            .args([
                "admin",
                "--database",
                self.database_url(),
                "--actor",
                "admin-e2e",
            ])
            .args(args)
            .output()
            .unwrap()
    }

    fn admin(&self, args: &[&str]) {
        let output = self.admin_output(args);
        assert!(
            output.status.success(),
            "underlag admin {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    async fn assert_refused(&self, body: Value, reason: &str, field: &str) -> AuditRecord {
        let before = self.head().await;
        let calls_before = self.tripwire.connections();
        let Reply {
            status,
            content_type: ctype,
            body: problem,
            ..
        } = self.post_query(&body).await;
        assert_eq!(status, 403, "{problem}");
        assert_eq!(ctype, "application/problem+json");
        assert_eq!(
            problem["type"],
            format!("urn:underlag:problem:refused-{reason}")
        );
        assert_eq!(problem["field"], field, "{problem}");
        assert!(
            problem["detail"]
                .as_str()
                .unwrap()
                .starts_with(&format!("{field}: ")),
            "{problem}"
        );
        assert!(!problem.to_string().contains(self.person().expose()));
        assert!(problem.get("sources").is_none());
        assert_eq!(
            self.tripwire.connections(),
            calls_before,
            "a refusal calls no agency"
        );
        let records = self.records_after(before).await;
        assert_eq!(records.len(), 1, "exactly one record: the refusal");
        let record = records.into_iter().next().unwrap();
        assert_eq!(record.kind, AuditKind::Refused);
        assert_eq!(record.refusal.as_deref(), Some(reason));
        assert_eq!(record.channel, Channel::Rest);
        assert!(record.sources.is_empty(), "no source was called");
        record
    }

    async fn admin_changes(&self) -> Vec<String> {
        self.records()
            .await
            .into_iter()
            .filter(|r| r.kind == AuditKind::Admin && r.case_worker == "admin-e2e")
            .map(|r| r.refusal.unwrap_or_default())
            .collect()
    }
}

fn org(text: &str) -> Organisationsnummer {
    Organisationsnummer::parse(text).unwrap()
}

fn change() -> Change {
    Change::now("e2e-change", Channel::Cli, "admin-e2e")
}

#[tokio::test]
async fn suspending_while_running_refuses_the_next_query_and_activating_restores_it() {
    let stack = start(&SourceId::ALL).await;
    let Reply {
        status,
        body: answer,
        ..
    } = stack.post_query(&stack.body()).await;
    assert_eq!(status, 200, "{answer}");

    stack.admin(&["connection", "suspend", KOMMUN]);
    let record = stack
        .assert_refused(stack.body(), "organisation_suspended", "organisation")
        .await;
    assert_eq!(record.organisation, KOMMUN);
    assert_eq!(record.subject.as_ref(), Some(&stack.person()));

    stack.admin(&["connection", "activate", KOMMUN]);
    let Reply {
        status,
        body: answer,
        ..
    } = stack.post_query(&stack.body()).await;
    assert_eq!(status, 200, "{answer}");

    // Both changes are in the audit trail, attributed to the administrator.
    let changes = stack.admin_changes().await;
    assert_eq!(
        changes,
        ["connection.status suspended", "connection.status active"]
    );
    stack.stop().await;
}

#[tokio::test]
async fn ended_and_unknown_organisations_are_refused() {
    let stack = start(&[]).await;
    stack
        .gateway
        .registry
        .set_status(&org(KOMMUN), ConnectionStatus::Ended, &change())
        .await
        .unwrap();
    stack
        .assert_refused(stack.body(), "organisation_ended", "organisation")
        .await;
    let mut body = stack.body();
    body["organisation"] = json!(OTHER_KOMMUN);
    stack
        .assert_refused(body, "organisation_unknown", "organisation")
        .await;
    stack.stop().await;
}

#[tokio::test]
async fn a_person_outside_the_case_household_is_refused() {
    let stack = start(&[]).await;
    let population = stack.sim.population();
    let other = population
        .persons()
        .iter()
        .find(|p| p.personnummer != stack.person())
        .unwrap()
        .personnummer
        .clone();
    let case = stack
        .put_household(
            "EB-HUSHALL-1",
            &household(KOMMUN, &[stack.person().expose()], "hl-e2e"),
        )
        .await;
    assert_eq!(case.status, 200, "{}", case.text);
    let mut body = query(other.expose(), stack.last_year());
    body["case_id"] = json!("EB-HUSHALL-1");
    let record = stack
        .assert_refused(body, "person_not_in_household", "person")
        .await;
    assert_eq!(record.case_id, "EB-HUSHALL-1");
    assert_eq!(record.subject.as_ref(), Some(&other));
    stack.stop().await;
}

#[tokio::test]
async fn a_period_over_the_limit_is_refused() {
    // A municipality that tightened the default 24 months to 12.
    let stack = start_from(
        TestApp::builder().settings(|s| s.binding.max_period_months = 12),
        &[],
    )
    .await;
    let today = stack.sim.population().reference_date();
    let from = today.saturating_sub(jiff::Span::new().months(13));
    let mut body = stack.body();
    body["period"]["from"] = json!(from.to_string());
    stack
        .assert_refused(body, "period_too_long", "period")
        .await;
    stack.stop().await;
}

#[tokio::test]
async fn unregistered_data_processors_and_missing_attribution_are_refused() {
    let stack = start(&[]).await;
    let mut body = stack.body();
    body["data_processors"] = json!([{"organisation": "5566778899", "name": "Okänd Drift AB"}]);
    stack
        .assert_refused(
            body,
            "data_processor_not_allowed",
            "data_processors[0].organisation",
        )
        .await;
    for (field, reason) in [
        ("purpose", "missing_purpose"),
        ("legal_basis", "missing_legal_basis"),
        ("case_worker", "missing_case_worker"),
    ] {
        let mut body = stack.body();
        body[field] = json!("  ");
        stack.assert_refused(body, reason, field).await;
    }
    let mut body = stack.body();
    body["purpose"] = json!("Allmän kontroll av kommuninvånare");
    stack
        .assert_refused(body, "purpose_not_allowed", "purpose")
        .await;
    // Once registered, the data processor is allowed.
    stack.admin(&[
        "connection",
        "add-processor",
        KOMMUN,
        "5566778899",
        "--name",
        "Exempel Drift AB",
    ]);
    let mut body = stack.body();
    body["data_processors"] = json!([{"organisation": "5566778899", "name": "Exempel Drift AB"}]);
    body["sources"] = json!(["FK"]);
    let Reply {
        status,
        body: answer,
        ..
    } = stack.post_query(&body).await;
    assert_eq!(status, 200, "{answer}");
    let fk = answer["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == "FK")
        .unwrap();
    assert_eq!(
        fk["status"], "timed_out",
        "this time FK was asked (and hung)"
    );
    stack.stop().await;
}

#[tokio::test]
async fn a_source_the_organisation_is_not_entitled_to_is_never_called() {
    // MIV is the tripwire: a call to it is counted.
    let answering: Vec<SourceId> = SourceId::ALL
        .into_iter()
        .filter(|id| *id != SourceId::Miv)
        .collect();
    let stack = start(&answering).await;
    stack.admin(&[
        "connection",
        "set-sources",
        KOMMUN,
        "--source",
        "FK,AF,CSN,SKV,SO,TNS",
    ]);
    let before = stack.head().await;
    let Reply {
        status,
        body: answer,
        ..
    } = stack.post_query(&stack.body()).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(stack.tripwire.connections(), 0, "MIV was never called");
    let miv = answer["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == "MIV")
        .unwrap();
    assert_eq!(miv["status"], "not_entitled");
    assert_eq!(miv["attempts"], 0);
    assert!(miv["latency_ms"].is_null());
    let record = stack.records_after(before).await.pop().unwrap();
    assert_eq!(record.kind, AuditKind::Query);
    let miv = record.sources.iter().find(|s| s.source == "MIV").unwrap();
    assert_eq!((miv.outcome.as_str(), miv.attempts), ("not_entitled", 0));
    stack.stop().await;
}

#[tokio::test]
async fn agi_and_kronofogden_without_the_legal_basis_are_not_entitled_and_never_called() {
    // AGI and Kronofogden hang: had they been called, they would end `timed_out` with an
    // attempt counted.
    let answering: Vec<SourceId> = SourceId::ALL
        .into_iter()
        .filter(|id| !id.requires_legal_basis())
        .collect();
    let stack = start(&answering).await;
    for source in ["AGI", "KFM"] {
        stack.admin(&[
            "connection",
            "remove-legal-basis",
            KOMMUN,
            "--source",
            source,
        ]);
    }
    let before = stack.head().await;
    let Reply {
        status,
        body: answer,
        ..
    } = stack.post_query(&stack.body()).await;
    assert_eq!(status, 200, "{answer}");
    // Never called: zero attempts in the answer and the audit (no clock involved).
    let record = stack.records_after(before).await.pop().unwrap();
    for code in ["AGI", "KFM"] {
        let result = answer["sources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["source"] == code)
            .unwrap();
        assert_eq!(result["status"], "not_entitled", "{code}");
        assert_eq!(result["attempts"], 0, "{code}");
        let audited = record.sources.iter().find(|s| s.source == code).unwrap();
        assert_eq!(
            (audited.outcome.as_str(), audited.attempts),
            ("not_entitled", 0),
            "{code} is audited like every other source"
        );
    }
    // The v10 sources answer as before.
    let fk = answer["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == "FK")
        .unwrap();
    assert_eq!(fk["status"], "ok");
    // With the legal basis registered again, AGI is called (and, hanging, times out).
    stack.admin(&[
        "connection",
        "set-legal-basis",
        KOMMUN,
        "--source",
        "AGI",
        "--legal-basis",
        "prop. 2024/25:179",
    ]);
    let Reply { body: answer, .. } = stack.post_query(&stack.body()).await;
    let agi = answer["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == "AGI")
        .unwrap();
    assert_eq!(agi["status"], "timed_out");
    let changes = stack.admin_changes().await;
    assert!(
        changes
            .iter()
            .any(|c| c.contains("connection.legal_basis.remove KFM")),
        "{changes:?}"
    );
    stack.stop().await;
}

/// The same core every channel uses, with a TLS identity (mTLS is wired by another part of
/// the gateway): the organisation in the message must be the one the certificate is
/// registered for.
#[tokio::test]
async fn a_certificate_registered_for_another_organisation_is_refused() {
    let stack = start(&[]).await;
    let fingerprint = "3f".repeat(32);
    stack.add_certificate(&fingerprint).await;
    stack
        .gateway
        .registry
        .add_connection(
            &Connection {
                organisation: org(OTHER_KOMMUN),
                name: "Annan kommun".into(),
                committee_unit: "Arbetsmarknadsnämnden".into(),
                certificate_fingerprints: vec![
                    underlag_domain::Fingerprint::parse(&"4e".repeat(32)).unwrap(),
                ],
                ..exempelkommun()
            },
            &change(),
        )
        .await
        .unwrap();
    let query = |organisation: &str, id: &str| CompositeQuery {
        query_id: id.into(),
        attribution: Attribution {
            organisation: org(organisation),
            organisation_name: "Kommun".into(),
            case_worker: "hl-e2e".into(),
            case_id: format!("EB-CERT-{id}"),
            purpose: "EKB-UTREDNING".into(),
            legal_basis: "11 kap. 11 § socialtjänstlagen".into(),
            data_processors: vec![],
            correlation_id: None,
        },
        person: stack.person(),
        period: underlag_domain::Period::new(
            jiff::civil::date(2026, 1, 1),
            jiff::civil::date(2026, 6, 30),
        )
        .unwrap(),
        // No source asked: the agencies hang, and the binding is what is tested.
        sources: BTreeSet::new(),
        source_periods: Default::default(),
        lefi_request: None,
        channel: Channel::Soap,
        caller: Some(CallerIdentity {
            certificate_sha256: underlag_domain::Fingerprint::parse(&fingerprint.to_uppercase())
                .unwrap(),
            subject: "CN=Exempelkommun".into(),
        }),
    };
    let core = &stack.gateway.orchestrator;
    let before = stack.head().await;
    match core.run(query(OTHER_KOMMUN, "cert-1")).await {
        Err(QueryError::Refused { reason, field, .. }) => {
            assert_eq!(reason, Reason::CertificateMismatch);
            assert_eq!(field, "organisation");
        }
        other => panic!("{other:?}"),
    }
    let records = stack.records_after(before).await;
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].kind, AuditKind::Refused);
    assert_eq!(records[0].refusal.as_deref(), Some("certificate_mismatch"));
    assert_eq!(records[0].channel, Channel::Soap);
    // The certificate's own organisation passes.
    let answer = core.run(query(KOMMUN, "cert-2")).await.unwrap();
    assert!(answer.sources.iter().all(|s| s.attempts == 0));
    stack.stop().await;
}

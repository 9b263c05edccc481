//! The case binding with `serve`'s defaults, and household reads in the audit tools: a
//! gateway started exactly as `underlag serve` starts it refuses a query on a case whose
//! household was not registered; a household read is listed by `underlag audit person` and
//! the export.

use std::time::Duration;

use serde_json::{Value, json};
use underlag::app::{Gateway, load_spec};
use underlag::settings::Settings;
use underlag_audit::{AuditKind, Channel};
use underlag_domain::{Organisationsnummer, SourceId};
use underlag_registry::{Connection, ConnectionStatus};
use underlag_sim::{SimConfig, Simulator};
use underlag_store::Change;

use super::{KOMMUN, Stack};
use crate::harness::request;

fn kommun() -> Connection {
    Connection {
        organisation: Organisationsnummer::parse(KOMMUN).unwrap(),
        name: "Exempelkommun".into(),
        committee_unit: "Socialnämnden".into(),
        certificate_fingerprints: vec![],
        lefi_actor_id: None,
        entitled_sources: SourceId::ALL.into_iter().collect(),
        entitled_information_types: vec![],
        status: ConnectionStatus::Active,
        data_processors: vec![],
        syfte_mappings: Vec::new(),
    }
}

/// Defect: `auto_register_first_query = true` was in the built-in defaults `serve` uses, so
/// any caller passing the organisation check could look anyone up by inventing a case id.
#[tokio::test]
async fn serve_defaults_refuse_unregistered_case() {
    let sim = Simulator::start(SimConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    // `underlag serve` with no configuration file: the built-in defaults, wired to the
    // simulated agencies on loopback.
    let mut settings = Settings::load(None).unwrap();
    assert!(!settings.binding.auto_register_first_query);
    settings.server.listen = "127.0.0.1:0".into();
    settings.database.url = format!("sqlite://{}", dir.path().join("audit.db").display());
    settings.agencies = SourceId::ALL
        .into_iter()
        .map(|id| (id.slug().to_owned(), sim.base_url(id)))
        .collect();
    let spec = load_spec(&settings).unwrap();
    let listener = tokio::net::TcpListener::bind(&settings.server.listen)
        .await
        .unwrap();
    let gateway = Gateway::start(&settings, spec, listener).await.unwrap();
    let change = Change::now("e2e-connect", Channel::Cli, "admin-e2e");
    gateway
        .registry
        .add_connection(&kommun(), &change)
        .await
        .unwrap();

    let today = sim.population().reference_date();
    let period = (
        today.saturating_sub(jiff::Span::new().years(1)).to_string(),
        today.yesterday().unwrap().to_string(),
    );
    let person = sim.population().all_sources_person().personnummer.clone();
    let mut body = request(person.expose(), period);
    body["case_id"] = json!("EB-SERVE-1");
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let url = gateway.url();
    let before = gateway.store.count().await.unwrap();
    let response = client
        .post(format!("{url}/api/v1/queries"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 403);
    let problem: Value = response.json().await.unwrap();
    assert_eq!(problem["type"], "urn:underlag:problem:refused-case_unknown");
    assert_eq!(problem["field"], "case_id");
    assert!(!problem.to_string().contains(person.expose()));

    // Audited as a refused attempt, and no case was registered.
    let records: Vec<_> = gateway
        .store
        .records(before + 1, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.record)
        .collect();
    assert_eq!(
        records.len(),
        1,
        "one record, the refusal, and no admin change"
    );
    assert_eq!(records[0].kind, AuditKind::Refused);
    assert_eq!(records[0].refusal.as_deref(), Some("case_unknown"));
    assert_eq!(records[0].case_id, "EB-SERVE-1");
    assert_eq!(records[0].subject.as_ref(), Some(&person));
    let org = Organisationsnummer::parse(KOMMUN).unwrap();
    let case = gateway.registry.case(&org, "EB-SERVE-1").await.unwrap();
    assert!(case.is_none());

    // Once the case system registers the household, the same query is answered.
    let response = client
        .put(format!("{url}/api/v1/cases/EB-SERVE-1/household"))
        .json(&json!({
            "organisation": KOMMUN,
            "persons": [person.expose()],
            "case_worker": "hl-e2e"
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let response = client
        .post(format!("{url}/api/v1/queries"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    gateway.stop().await;
    sim.shutdown().await;
}

/// Runs the real `underlag audit ARGS --database URL`; standard output.
fn audit(database: &str, args: &[&str]) -> String {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_underlag"))
        .args(["audit", "--database", database])
        .args(args)
        .env_remove("UNDERLAG_CONFIG")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "underlag audit {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Defect: household reads were missing from `audit person` ("who looked me up") and from
/// the export.
#[tokio::test]
async fn household_read_is_listed_by_audit_person() {
    let stack = Stack::start(&[]).await;
    let population = stack.demo.sim.population();
    let applicant = stack.person();
    let partner = population
        .persons()
        .iter()
        .find(|p| p.personnummer != applicant)
        .unwrap()
        .personnummer
        .clone();
    let (status, _, case) = stack
        .send(
            reqwest::Method::PUT,
            "/api/v1/cases/EB-LAS-1/household",
            json!({
                "organisation": KOMMUN,
                "persons": [applicant.expose(), partner.expose()],
                "case_worker": "hl-registrerar"
            }),
        )
        .await;
    assert_eq!(status, 200, "{case}");
    let response = stack
        .client
        .get(format!(
            "{}/api/v1/cases/EB-LAS-1?organisation={KOMMUN}&case_worker=hl-laser\
             &purpose=EKB-KONTROLL&legal_basis=11%20kap.%2011%20%C2%A7%20SoL",
            stack.demo.gateway.url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let read: Value = response.json().await.unwrap();
    assert_eq!(read["household"].as_array().unwrap().len(), 2);

    // "Who looked me up": the read is listed for each person read, with who, why and where.
    for person in [&applicant, &partner] {
        let text = audit(&stack.database, &["person", person.expose()]);
        assert!(text.contains("case_read via rest"), "{text}");
        assert!(text.contains("hl-laser"), "{text}");
        assert!(text.contains("EB-LAS-1"), "{text}");
        assert!(text.contains("EKB-KONTROLL"), "{text}");
        let rows: Value = serde_json::from_str(&audit(
            &stack.database,
            &["person", person.expose(), "--format", "json"],
        ))
        .unwrap();
        let reads: Vec<&Value> = rows
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["kind"] == "case_read")
            .collect();
        assert_eq!(reads.len(), 1, "{rows:#}");
        assert_eq!(reads[0]["case_worker"], "hl-laser");
        assert_eq!(reads[0]["organisation"], KOMMUN);
        assert_eq!(reads[0]["person"], person.expose());
    }
    // The log follow-up extract lists both, the registration (admin) not at all.
    let rows: Value = serde_json::from_str(&audit(
        &stack.database,
        &["export", "--format", "json", "--case-worker", "hl-laser"],
    ))
    .unwrap();
    let kinds: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["case_read", "case_read"]);
    let registrar: Value = serde_json::from_str(&audit(
        &stack.database,
        &[
            "export",
            "--format",
            "json",
            "--case-worker",
            "hl-registrerar",
        ],
    ))
    .unwrap();
    assert_eq!(registrar, json!([]), "a household change is no lookup");
    stack.demo.stop().await;
}

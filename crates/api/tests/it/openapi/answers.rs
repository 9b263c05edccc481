//! Answers against the `CompositeAnswer` schema: canonical answers validate and cover every
//! field, each outcome matches its own branch only, mutations are refused, and real answers
//! from the router (including one with every routable outcome) validate.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use axum::http::StatusCode;
use serde_json::{Value, json};
use underlag_domain::{Outcome, Severity, SourceId};
use underlag_service::{Answer, FetchError, OrchestratorConfig, SourceAdapter, SourceRequest};
use underlag_test_support::fixtures::fixed_query;
use underlag_test_support::{Doors, Doorway};

use super::canonical::{answers, full_source_data, outcomes, raw, result, today, violation};
use super::support::{Document, QUERIES, assert_valid, keys, post, ref_name, refs};

/// Walks an instance along the schema that validated it and records, per component schema,
/// which of its properties occurred. `oneOf`/`anyOf` follow the branches that match.
struct Coverage<'d> {
    doc: &'d Document,
    seen: BTreeMap<String, BTreeSet<String>>,
}

impl Coverage<'_> {
    fn walk(&mut self, schema: &Value, instance: &Value, owner: Option<&str>) {
        if let Some(reference) = schema["$ref"].as_str() {
            let name = ref_name(reference);
            self.seen.entry(name.to_owned()).or_default();
            let resolved = self.doc.schema(name);
            self.walk(resolved, instance, Some(name));
            return;
        }
        for key in ["oneOf", "anyOf"] {
            for branch in schema[key].as_array().into_iter().flatten() {
                if self.doc.validator(branch).is_valid(instance) {
                    self.walk(branch, instance, owner);
                }
            }
        }
        for branch in schema["allOf"].as_array().into_iter().flatten() {
            self.walk(branch, instance, owner);
        }
        if let (Some(props), Some(object)) =
            (schema["properties"].as_object(), instance.as_object())
        {
            for (key, value) in object {
                if let Some(prop) = props.get(key) {
                    if let Some(owner) = owner {
                        self.seen
                            .entry(owner.to_owned())
                            .or_default()
                            .insert(key.clone());
                    }
                    self.walk(prop, value, None);
                }
            }
        }
        if let (Some(items), Some(array)) = (schema.get("items"), instance.as_array()) {
            for item in array {
                self.walk(items, item, None);
            }
        }
    }
}

/// The properties a component schema declares, including those of its inline branches.
fn declared_properties(schema: &Value) -> BTreeSet<String> {
    let mut all = keys(&schema["properties"]);
    for branch in schema["oneOf"].as_array().into_iter().flatten() {
        if branch.get("$ref").is_none() {
            all.extend(keys(&branch["properties"]));
        }
    }
    all
}

#[test]
fn fully_populated_answers_validate_and_cover_every_field() {
    let doc = Document::load();
    let answer_schema = doc.component("CompositeAnswer");
    let data = serde_json::to_value(full_source_data()).unwrap();
    assert_valid(&doc.component("SourceData"), &data, "the full SourceData");

    let mut coverage = Coverage {
        doc: &doc,
        seen: BTreeMap::new(),
    };
    coverage.walk(
        &json!({"$ref": "#/components/schemas/SourceData"}),
        &data,
        None,
    );
    let mut kinds = BTreeSet::new();
    for answer in answers() {
        let value = serde_json::to_value(&answer).unwrap();
        assert_valid(&answer_schema, &value, "a fully populated CompositeAnswer");
        coverage.walk(
            &json!({"$ref": "#/components/schemas/CompositeAnswer"}),
            &value,
            None,
        );
        for r in value["sources"].as_array().unwrap() {
            kinds.insert(r["status"].as_str().unwrap().to_owned());
        }
    }
    assert_eq!(
        kinds.len(),
        8,
        "one result of every outcome kind: {kinds:?}"
    );

    // Every component reachable from CompositeAnswer was instantiated, and every property
    // of every one of them occurred.
    let mut reachable = BTreeSet::new();
    let mut queue = vec!["CompositeAnswer".to_owned()];
    while let Some(name) = queue.pop() {
        if reachable.insert(name.clone()) {
            let mut found = Vec::new();
            refs(doc.schema(&name), &mut found);
            queue.extend(found.iter().map(|r| ref_name(r).to_owned()));
        }
    }
    for name in &reachable {
        let seen = coverage
            .seen
            .get(name)
            .unwrap_or_else(|| panic!("{name} never occurred in the answers"));
        let missing: Vec<_> = declared_properties(doc.schema(name))
            .difference(seen)
            .cloned()
            .collect();
        assert!(missing.is_empty(), "{name}: never populated: {missing:?}");
    }
}

#[test]
fn every_outcome_kind_validates_against_its_own_branch_only() {
    let doc = Document::load();
    let source_result = doc.component("SourceResult");
    let mapping = &doc.schema("SourceResult")["discriminator"]["mapping"];
    let mut documented: BTreeSet<String> = keys(mapping);
    for outcome in outcomes() {
        let kind = outcome.kind();
        let value = serde_json::to_value(result(SourceId::Af, outcome)).unwrap();
        assert_eq!(value["status"], kind);
        assert_valid(&source_result, &value, kind);
        let target = mapping[kind]
            .as_str()
            .unwrap_or_else(|| panic!("{kind} unmapped"));
        for (other, branch) in mapping.as_object().unwrap() {
            let matches = doc.validator(&json!({ "$ref": branch })).is_valid(&value);
            assert_eq!(
                matches,
                branch == target,
                "{kind} against the {other} branch"
            );
        }
        documented.remove(kind);
    }
    assert!(
        documented.is_empty(),
        "documented but not produced: {documented:?}"
    );
}

// ------------------------------------------------------------------------------------------
// Negative controls: the schemas are strict

#[test]
fn mutated_answers_are_refused() {
    let doc = Document::load();
    let schema = doc.component("CompositeAnswer");
    let answer = serde_json::to_value(&answers()[1]).unwrap();
    assert_valid(&schema, &answer, "the unmutated answer");
    let ok = answer["sources"]
        .as_array()
        .unwrap()
        .iter()
        .position(|r| r["status"] == "ok")
        .unwrap();
    let data = format!("/sources/{ok}/data");
    let cases: Vec<(&str, String, Option<Value>)> = vec![
        (
            "an amount as a number",
            format!("{data}/payments/0/gross"),
            Some(json!(9640.0)),
        ),
        (
            "an amount without öre",
            format!("{data}/payments/0/gross"),
            Some(json!("9640")),
        ),
        (
            "an unknown status",
            format!("/sources/{ok}/status"),
            Some(json!("maybe")),
        ),
        (
            "an unknown source",
            "/sources/0/source".into(),
            Some(json!("XX")),
        ),
        (
            "an unknown property",
            format!("{data}/income"),
            Some(json!([])),
        ),
        (
            "an unknown property in a result",
            "/sources/0/extra".into(),
            Some(json!(1)),
        ),
        ("a missing raw", format!("/sources/{ok}/raw"), None),
        ("a missing latency", "/sources/0/latency_ms".into(), None),
        ("ok without data", format!("/sources/{ok}/data"), None),
        (
            "an empty section",
            format!("{data}/decisions"),
            Some(json!([])),
        ),
        (
            "open_ended false",
            format!("{data}/decisions/0/open_ended"),
            Some(json!(false)),
        ),
        (
            "an unknown decision kind",
            format!("{data}/decisions/0/status/kind"),
            Some(json!("maybe")),
        ),
        (
            "a code on a canonical status",
            format!("{data}/decisions/0/status/code"),
            Some(json!("X")),
        ),
        (
            "a bad date",
            format!("{data}/payments/0/payout_on"),
            Some(json!("2026-02-30")),
        ),
        (
            "a compact date",
            format!("{data}/payments/0/payout_on"),
            Some(json!("20261024")),
        ),
        (
            "a bad timestamp",
            "/received_at".into(),
            Some(json!("yesterday")),
        ),
        (
            "a 10-digit personnummer",
            "/person".into(),
            Some(json!("9001012385")),
        ),
        (
            "a numeric extent",
            format!("{data}/decisions/0/extent_percent"),
            Some(json!(37.5)),
        ),
        (
            "a null optional field",
            format!("{data}/job_seeker/category"),
            Some(Value::Null),
        ),
        (
            "an unknown severity",
            format!("/sources/{ok}/warnings/0/severity"),
            Some(json!("info")),
        ),
        (
            "an unknown withheld part",
            "/withheld".into(),
            Some(json!(["names"])),
        ),
        (
            "a bad query id",
            "/query_id".into(),
            Some(json!("not-a-uuid")),
        ),
        (
            "a negative attempt count",
            "/sources/0/attempts".into(),
            Some(json!(-1)),
        ),
        (
            "an unknown frequency",
            format!("{data}/decisions/0/frequency"),
            Some(json!("hourly")),
        ),
    ];
    for (what, pointer, value) in cases {
        let mut mutated = answer.clone();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        let target = mutated
            .pointer_mut(parent)
            .and_then(Value::as_object_mut)
            .unwrap_or_else(|| panic!("{what}: no object at {parent}"));
        match value {
            Some(v) => {
                target.insert(key.to_owned(), v);
            }
            None => {
                target
                    .remove(key)
                    .unwrap_or_else(|| panic!("{what}: nothing at {pointer}"));
            }
        }
        assert!(!schema.is_valid(&mutated), "{what} was accepted");
    }
    let mut six = answer.clone();
    six["sources"].as_array_mut().unwrap().pop();
    assert!(!schema.is_valid(&six), "six sources were accepted");
}

#[tokio::test]
async fn real_answers_validate() {
    let doc = Document::load();
    let api = Doors::new();
    let answer_schema = doc.component("CompositeAnswer");
    let mut bodies = vec![fixed_query()];
    bodies.push(doc.request_example("complete"));
    bodies.push(doc.request_example("minimal"));
    let mut selected = fixed_query();
    selected["sources"] = json!(["FK", "CSN"]);
    bodies.push(selected);
    for body in bodies {
        let response = api.call(post("application/json", body.to_string())).await;
        assert_eq!(response.status, StatusCode::OK, "{body}");
        doc.assert_documented(QUERIES, "post", &response);
        let answer: Value = serde_json::from_slice(&response.bytes).unwrap();
        assert_valid(&answer_schema, &answer, "a real answer");
    }
}

// ------------------------------------------------------------------------------------------
// A real answer with every outcome the route can produce, through scripted adapters

enum Reply {
    Answer(Outcome),
    Fail(FetchError),
    Hang,
}

struct Scripted {
    id: SourceId,
    reply: Reply,
}

#[async_trait]
impl SourceAdapter for Scripted {
    fn source(&self) -> SourceId {
        self.id
    }

    async fn fetch(&self, _request: &SourceRequest) -> Result<Answer, FetchError> {
        match &self.reply {
            Reply::Answer(outcome) => Ok(Answer {
                outcome: outcome.clone(),
                raw: raw(),
            }),
            Reply::Fail(error) => Err(error.clone()),
            Reply::Hang => {
                tokio::time::sleep(Duration::from_secs(60)).await;
                Err(FetchError::Unavailable("never".into()))
            }
        }
    }

    async fn ping(&self) -> Result<bool, FetchError> {
        Ok(true)
    }
}

#[tokio::test]
async fn a_routed_answer_with_every_routable_outcome_validates() {
    let doc = Document::load();
    let mut data = full_source_data();
    let person = data.person.as_mut().unwrap();
    person.protection.truncate(1);
    let replies = [
        (
            SourceId::Fk,
            Reply::Answer(Outcome::Ok {
                data: Box::new(data),
                warnings: vec![violation(Severity::Warning)],
            }),
        ),
        (
            SourceId::Af,
            Reply::Answer(Outcome::NoMatch { warnings: vec![] }),
        ),
        (
            SourceId::Csn,
            Reply::Answer(Outcome::InvalidResponse {
                violations: vec![violation(Severity::Error)],
            }),
        ),
        (
            SourceId::Skv,
            Reply::Fail(FetchError::Rejected("HTTP 403".into())),
        ),
        (
            SourceId::So,
            Reply::Fail(FetchError::Unavailable("HTTP 503".into())),
        ),
        (SourceId::Tns, Reply::Hang),
        (SourceId::Miv, Reply::Hang),
    ];
    let adapters = replies
        .into_iter()
        .map(|(id, reply)| Arc::new(Scripted { id, reply }) as Arc<dyn SourceAdapter>)
        .collect();
    let config = OrchestratorConfig {
        source_timeouts: [(SourceId::Tns, Duration::from_millis(50))].into(),
        retry_backoff: Duration::from_millis(1),
        ..OrchestratorConfig::default()
    };
    let doors = Doors::builder()
        .agencies(adapters)
        .orchestrator(config)
        .today(today)
        .build();
    let mut body = fixed_query();
    body["sources"] = json!(["FK", "AF", "CSN", "SKV", "SO", "TNS"]);
    let response = doors.call(post("application/json", body.to_string())).await;
    assert_eq!(response.status, StatusCode::OK);
    doc.assert_documented(QUERIES, "post", &response);
    let answer: Value = serde_json::from_slice(&response.bytes).unwrap();
    assert_valid(
        &doc.component("CompositeAnswer"),
        &answer,
        "the routed answer",
    );

    let statuses: BTreeSet<String> = answer["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap().to_owned())
        .collect();
    let expected: BTreeSet<String> = [
        "ok",
        "no_match",
        "invalid_response",
        "source_error",
        "unavailable",
        "timed_out",
        "not_requested",
    ]
    .map(String::from)
    .into();
    assert_eq!(statuses, expected);
    assert_eq!(answer["protected"], true);
    assert_eq!(answer["withheld"], json!(["addresses", "raw_payloads"]));
}

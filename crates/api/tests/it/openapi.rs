//! The checked-in OpenAPI document: valid OpenAPI 3.1 whose `$ref`s all resolve, and whose
//! schemas accept exactly what the API serializes and what it accepts (checked with real
//! values from the domain types and from the router, plus negative controls).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use jiff::Timestamp;
use jiff::civil::{Date, date};
use jsonschema::Validator;
use rust_decimal::Decimal;
use serde_json::{Value, json};
use tower::ServiceExt;
use underlag_api::{
    ApiSettings, AppState, OPENAPI_DOCUMENT, PROBLEM_JSON, QueryLimits, QueryRequest,
};
use underlag_domain::model::{
    ActivityReport, ActivityReportStatus, Address, CapitalIncome, Code, Decision, DecisionStatus,
    Deduction, Frequency, JobSeeker, Notice, Payment, PaymentState, Permit, PermitValidity,
    PersonInfo, ProtectionKind, ProtectionMarker, SourceData, StudyAppliedPeriod, StudyCase,
    StudyGrantedPeriod, TaxAccountPayout, TypedAmount, UnemploymentFund, Vehicle,
};
use underlag_domain::period::parse_iso_date;
use underlag_domain::{
    Amount, Organisationsnummer, Outcome, Period, Personnummer, RawPayload, Severity, SourceId,
    SourceResult, Violation,
};
use underlag_service::{
    Answer, CompositeAnswer, FetchError, Orchestrator, OrchestratorConfig, SourceAdapter,
    SourceRequest,
};
use underlag_spec::Spec;

use crate::harness::{MemoryAudit, TestApi, binding, registry, valid_request};

// ------------------------------------------------------------------------------------------
// The document and validators over its schemas

struct Document {
    root: Value,
}

impl Document {
    fn load() -> Self {
        let root = serde_json::from_str(OPENAPI_DOCUMENT)
            .unwrap_or_else(|e| panic!("the OpenAPI document is not valid JSON: {e}"));
        Self { root }
    }

    fn schemas(&self) -> &serde_json::Map<String, Value> {
        self.root["components"]["schemas"]
            .as_object()
            .expect("components.schemas is an object")
    }

    fn schema(&self, name: &str) -> &Value {
        self.schemas()
            .get(name)
            .unwrap_or_else(|| panic!("no component schema {name}"))
    }

    /// A validator for any schema of the document, with the components in reach of its
    /// `$ref`s. Formats (`date`, `date-time`, `uuid`) are checked, not just annotated.
    fn validator(&self, schema: &Value) -> Validator {
        let wrapper = json!({ "allOf": [schema], "components": self.root["components"] });
        jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(&wrapper)
            .unwrap_or_else(|e| panic!("schema does not compile: {e}\n{schema:#}"))
    }

    fn component(&self, name: &str) -> Validator {
        self.schema(name); // panics with the name when it is not declared
        self.validator(&json!({ "$ref": format!("#/components/schemas/{name}") }))
    }

    fn operation(&self, path: &str, method: &str) -> &Value {
        self.root
            .pointer(&format!("/paths/{}/{method}", escape(path)))
            .unwrap_or_else(|| panic!("{method} {path} is not documented"))
    }

    /// The media-type object declared for a response.
    fn response(&self, path: &str, method: &str, status: StatusCode, media: &str) -> &Value {
        self.operation(path, method)
            .pointer(&format!(
                "/responses/{}/content/{}",
                status.as_u16(),
                escape(media)
            ))
            .unwrap_or_else(|| panic!("{method} {path} → {status} as {media} is not documented"))
    }

    fn request_example(&self, name: &str) -> Value {
        self.operation("/api/v1/queries", "post")
            .pointer(&format!(
                "/requestBody/content/application~1json/examples/{name}/value"
            ))
            .unwrap_or_else(|| panic!("no request example {name}"))
            .clone()
    }

    /// Checks a real response against what the document declares for it.
    #[track_caller]
    fn assert_documented(
        &self,
        path: &str,
        method: &str,
        (status, content_type, body): &(StatusCode, String, Vec<u8>),
    ) {
        let media = content_type.split(';').next().unwrap_or_default().trim();
        let declared = self.response(path, method, *status, media);
        let instance = if media.ends_with("json") {
            serde_json::from_slice(body).expect("a JSON media type has a JSON body")
        } else {
            Value::String(String::from_utf8(body.clone()).expect("a text body is UTF-8"))
        };
        assert_valid(
            &self.validator(&declared["schema"]),
            &instance,
            &format!("{method} {path} → {status}"),
        );
    }
}

fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

#[track_caller]
fn assert_valid(validator: &Validator, instance: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("  {}: {e}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} does not validate:\n{}\n{instance:#}",
        errors.join("\n")
    );
}

/// Every `$ref` anywhere below `value`.
fn refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                out.push(r.clone());
            }
            map.values().for_each(|v| refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

fn ref_name(reference: &str) -> &str {
    reference
        .strip_prefix("#/components/schemas/")
        .unwrap_or_else(|| panic!("{reference} does not name a component schema"))
}

fn keys(value: &Value) -> BTreeSet<String> {
    value
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

fn strings(value: &Value) -> BTreeSet<String> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {value}"))
        .iter()
        .map(|v| v.as_str().expect("a string").to_owned())
        .collect()
}

// ------------------------------------------------------------------------------------------
// The document itself

#[test]
fn the_document_is_openapi_3_1() {
    let doc = Document::load();
    let root = &doc.root;
    assert!(
        root["openapi"].as_str().unwrap().starts_with("3.1."),
        "{}",
        root["openapi"]
    );
    let allowed_top: BTreeSet<String> = [
        "openapi",
        "info",
        "jsonSchemaDialect",
        "servers",
        "paths",
        "webhooks",
        "components",
        "security",
        "tags",
        "externalDocs",
    ]
    .map(String::from)
    .into();
    assert!(keys(root).is_subset(&allowed_top), "{:?}", keys(root));
    assert_eq!(root["info"]["title"], "Underlag");
    assert_eq!(root["info"]["version"], "1.0.0");
    assert_eq!(root["info"]["license"]["identifier"], "EUPL-1.2");
    assert!(
        root["info"]["description"]
            .as_str()
            .unwrap()
            .contains("never read as no income")
    );
    assert_eq!(root["servers"][0]["url"], "/");
    assert_eq!(root["servers"].as_array().unwrap().len(), 1);

    let mut operations = BTreeSet::new();
    let mut operation_ids = BTreeSet::new();
    for (path, item) in root["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            operations.insert(format!("{} {path}", method.to_uppercase()));
            let id = operation["operationId"].as_str().expect("an operationId");
            assert!(operation_ids.insert(id.to_owned()), "duplicate {id}");
            let responses = operation["responses"].as_object().expect("responses");
            for (status, response) in responses {
                assert!(
                    status.len() == 3 && status.parse::<u16>().is_ok(),
                    "{path}: {status}"
                );
                assert!(response["description"].is_string(), "{path} {status}");
                for (media, content) in response["content"].as_object().unwrap() {
                    assert!(media.contains('/'), "{media}");
                    assert!(content["schema"].is_object(), "{path} {status} {media}");
                }
            }
        }
    }
    let expected: BTreeSet<String> = [
        "POST /api/v1/queries",
        "PUT /api/v1/cases/{case_id}/household",
        "GET /api/v1/cases/{case_id}",
        "GET /api/v1/sources",
        "GET /api/v1/openapi.json",
        "GET /api/v1/spec",
        "GET /health",
    ]
    .map(String::from)
    .into();
    assert_eq!(operations, expected);
    let query_responses = keys(&doc.operation("/api/v1/queries", "post")["responses"]);
    assert_eq!(
        query_responses,
        ["200", "400", "403", "413", "415", "503"]
            .map(String::from)
            .into()
    );
}

#[test]
fn every_ref_resolves_and_every_component_is_used() {
    let doc = Document::load();
    let mut all = Vec::new();
    refs(&doc.root, &mut all);
    assert!(!all.is_empty());
    for reference in &all {
        let pointer = reference
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("{reference} is not local"));
        assert!(
            doc.root.pointer(pointer).is_some(),
            "{reference} does not resolve"
        );
    }
    let used: BTreeSet<String> = all.iter().map(|r| ref_name(r).to_owned()).collect();
    let declared: BTreeSet<String> = doc.schemas().keys().cloned().collect();
    let unused: Vec<_> = declared.difference(&used).collect();
    assert!(unused.is_empty(), "components never referenced: {unused:?}");
}

#[test]
fn every_schema_is_json_schema_2020_12() {
    let doc = Document::load();
    for (name, schema) in doc.schemas() {
        jsonschema::draft202012::meta::validate(schema)
            .unwrap_or_else(|e| panic!("{name} is not a valid JSON Schema: {e}"));
        doc.component(name);
        if schema["type"] == "object" && schema.get("properties").is_some() {
            assert_eq!(
                schema["additionalProperties"], false,
                "{name} should be closed"
            );
            for required in strings(schema.get("required").unwrap_or(&json!([]))) {
                assert!(
                    schema["properties"].get(&required).is_some(),
                    "{name}: required {required} is not a property"
                );
            }
        }
    }
}

/// Every example in the document, at the media-type level and inside schemas, is valid.
#[test]
fn every_example_validates() {
    let doc = Document::load();
    let mut checked = 0;
    for (path, item) in doc.root["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let mut contents: Vec<&Value> = vec![&operation["requestBody"]["content"]];
            for response in operation["responses"].as_object().unwrap().values() {
                contents.push(&response["content"]);
            }
            for content in contents.into_iter().filter_map(Value::as_object) {
                for (media, declared) in content {
                    let validator = doc.validator(&declared["schema"]);
                    for (name, example) in declared
                        .get("examples")
                        .and_then(Value::as_object)
                        .into_iter()
                        .flatten()
                    {
                        assert_valid(
                            &validator,
                            &example["value"],
                            &format!("example {name} of {method} {path} {media}"),
                        );
                        checked += 1;
                    }
                }
            }
        }
    }
    fn schema_examples(doc: &Document, schema: &Value, at: &str, checked: &mut usize) {
        match schema {
            Value::Object(map) => {
                if let Some(Value::Array(examples)) = map.get("examples") {
                    let validator = doc.validator(schema);
                    for example in examples {
                        assert_valid(&validator, example, &format!("example at {at}"));
                        *checked += 1;
                    }
                }
                for (key, value) in map {
                    if key != "examples" {
                        schema_examples(doc, value, &format!("{at}/{key}"), checked);
                    }
                }
            }
            Value::Array(items) => items
                .iter()
                .for_each(|v| schema_examples(doc, v, at, checked)),
            _ => {}
        }
    }
    schema_examples(
        &doc,
        &doc.root["components"]["schemas"],
        "#/components/schemas",
        &mut checked,
    );
    assert!(checked > 30, "only {checked} examples");
}

// ------------------------------------------------------------------------------------------
// Canonical values built from the domain types

fn today() -> Date {
    date(2026, 11, 22)
}

fn person() -> Personnummer {
    Personnummer::parse("19900101-2385", today()).unwrap()
}

fn period(from: Date, to: Date) -> Period {
    Period::new(from, to).unwrap()
}

fn kr(text: &str) -> Amount {
    Amount::parse(text).unwrap()
}

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn violation(severity: Severity) -> Violation {
    Violation {
        rule: "AF-012".into(),
        path: "Svar/ArbetssokandeInfo/ArbetssokandeOmfattning".into(),
        severity,
        message: "the extent is above 100 percent".into(),
    }
}

fn raw() -> RawPayload {
    RawPayload {
        content_type: "application/xml".into(),
        body: "<Svar/>".into(),
    }
}

/// Names every variant, so a new variant fails to compile until it is listed here (and
/// then, by the tests, in the document).
macro_rules! all_variants {
    ($ty:ident: $($variant:ident),+ $(,)?) => {{
        let exhaustive = |value: &$ty| match value {
            $($ty::$variant)|+ => (),
        };
        let all = vec![$($ty::$variant),+];
        all.iter().for_each(exhaustive);
        all
    }};
}

fn decision_statuses() -> Vec<DecisionStatus> {
    let all = vec![
        DecisionStatus::Granted,
        DecisionStatus::Rejected,
        DecisionStatus::Preliminary,
        DecisionStatus::Final,
        DecisionStatus::Pending,
        DecisionStatus::Ended,
        DecisionStatus::Other("VILANDE".into()),
    ];
    for status in &all {
        match status {
            DecisionStatus::Granted
            | DecisionStatus::Rejected
            | DecisionStatus::Preliminary
            | DecisionStatus::Final
            | DecisionStatus::Pending
            | DecisionStatus::Ended
            | DecisionStatus::Other(_) => {}
        }
    }
    all
}

/// One outcome of every kind.
fn outcomes() -> Vec<Outcome> {
    let all = vec![
        Outcome::Ok {
            data: Box::new(full_source_data()),
            warnings: vec![violation(Severity::Warning)],
        },
        Outcome::NoMatch {
            warnings: vec![violation(Severity::Warning)],
        },
        Outcome::NotRequested,
        Outcome::NotEntitled,
        Outcome::TimedOut,
        Outcome::Unavailable {
            reason: "HTTP 503 from the provider".into(),
        },
        Outcome::InvalidResponse {
            violations: vec![violation(Severity::Error), violation(Severity::Warning)],
        },
        Outcome::SourceError {
            code: "REJECTED".into(),
            message: "the organisation is not connected".into(),
        },
    ];
    for outcome in &all {
        match outcome {
            Outcome::Ok { .. }
            | Outcome::NoMatch { .. }
            | Outcome::NotRequested
            | Outcome::NotEntitled
            | Outcome::TimedOut
            | Outcome::Unavailable { .. }
            | Outcome::InvalidResponse { .. }
            | Outcome::SourceError { .. } => {}
        }
    }
    all
}

/// A source's data with every canonical field populated somewhere.
fn full_source_data() -> SourceData {
    let year = period(date(2026, 1, 1), date(2026, 10, 31));
    let frequencies =
        all_variants!(Frequency: Once, Daily, Weekly, Monthly, Quarterly, HalfYearly, Yearly);
    let decisions = decision_statuses()
        .into_iter()
        .zip(frequencies)
        .enumerate()
        .map(|(i, (status, frequency))| Decision {
            benefit: Code::labelled("BOB", "Bostadsbidrag"),
            sub_benefit: Some(Code::new("BOB:GRUND")),
            period: Some(year),
            open_ended: i % 2 == 0,
            decided_on: Some(date(2025, 12, 15)),
            amount: Some(kr("1250.50")),
            frequency: Some(frequency),
            extent_percent: Some(Decimal::new(375, 1)),
            status,
            decided_by: "FK".into(),
        })
        .collect();
    let payment = |state| Payment {
        payer: "FK".into(),
        benefit: Code::labelled("AS", "Aktivitetsstöd"),
        state,
        payout_on: Some(date(2026, 10, 24)),
        covers: Some(period(date(2026, 9, 21), date(2026, 10, 18))),
        gross: Some(kr("9640")),
        tax: Some(kr("2410")),
        deductions: vec![
            Deduction {
                kind: Code::labelled("PS", "Preliminärskatt"),
                amount: kr("2410"),
            },
            Deduction {
                kind: Code::new("INF"),
                amount: kr("500.25"),
            },
        ],
        net_after_tax: Some(kr("7230")),
        net: Some(kr("6729.75")),
        days: Some(Decimal::new(20, 0)),
    };
    SourceData {
        person: Some(PersonInfo {
            identity: Some(person()),
            given_name: Some("Tolvan".into()),
            family_name: Some("Tolvansson".into()),
            protection:
                all_variants!(ProtectionKind: Sekretessmarkering, SkyddadFolkbokforing, Protected)
                    .into_iter()
                    .map(|kind| ProtectionMarker {
                        source: SourceId::Fk,
                        kind,
                        field: "Sekretessmarkering".into(),
                    })
                    .collect(),
            addresses: vec![
                Address {
                    kind: "folkbokforing".into(),
                    lines: vec!["Storgatan 1".into(), "Lgh 1102".into()],
                    postal_code: Some("85230".into()),
                    town: Some("Sundsvall".into()),
                    country: None,
                },
                Address {
                    kind: "utlandsk".into(),
                    lines: vec![],
                    postal_code: None,
                    town: Some("Oslo".into()),
                    country: Some("Norge".into()),
                },
            ],
            deceased_on: Some(date(2026, 10, 1)),
        }),
        decisions,
        payments: all_variants!(PaymentState: Planned, Effected)
            .into_iter()
            .map(payment)
            .collect(),
        job_seeker: Some(JobSeeker {
            registered: true,
            category: Some(Code::labelled("11", "Arbetslös")),
            registered_on: Some(date(2025, 9, 1)),
            deregistered_on: Some(date(2026, 10, 31)),
            extent_percent: Some(100),
            activity_report: Some(ActivityReport {
                status: ActivityReportStatus::from_code("200"),
                code: "200".into(),
                latest_on: Some(date(2026, 10, 14)),
            }),
            unemployment_fund: Some("Akademikernas a-kassa".into()),
        }),
        study_support: vec![StudyCase {
            support_form: Code::labelled("GRUND", "Studiemedel"),
            status: DecisionStatus::Granted,
            applied: vec![StudyAppliedPeriod {
                period: Some(period(date(2026, 1, 19), date(2026, 6, 7))),
                extent_percent: Some(100),
                loan_applied: true,
            }],
            granted: vec![StudyGrantedPeriod {
                period: Period::from_iso_weeks("202604", "202623").unwrap(),
                pace_percent: Some(100),
                amounts: vec![TypedAmount {
                    kind: Code::labelled("GRUNDB", "Bidrag"),
                    amount: kr("936"),
                    total: Some(kr("18720")),
                }],
            }],
        }],
        capital_income: vec![CapitalIncome {
            taxation_year: 2025,
            total_income: kr("1250.50"),
            surplus: kr("0"),
        }],
        tax_account_payouts: vec![TaxAccountPayout {
            amount: kr("3120"),
            booked_on: date(2026, 6, 2),
        }],
        unemployment_funds: vec![UnemploymentFund {
            fund: "Akademikernas a-kassa".into(),
            status: "Medlem".into(),
            suspensions: vec![period(date(2026, 3, 2), date(2026, 3, 13))],
            entitlement_decided_on: Some(date(2025, 10, 1)),
            payment_applied: Some(true),
        }],
        vehicles: vec![Vehicle {
            registration: "ABC123".into(),
            make: Some("Volvo".into()),
            model_year: Some(2012),
            kind: Some(Code::labelled("PB", "Personbil")),
            trade_name: Some("V70".into()),
        }],
        permits: all_variants!(PermitValidity: Permanent, TimeLimited)
            .into_iter()
            .map(|validity| Permit {
                case_type: Code::labelled("UAT", "Uppehållstillstånd"),
                decision: Some(Code::labelled("BEV", "Beviljat")),
                decision_type: Some(Code::labelled("TUT", "Tidsbegränsat uppehållstillstånd")),
                applied_on: Some(date(2024, 2, 1)),
                decided_on: Some(date(2024, 5, 1)),
                valid: Some(period(date(2024, 5, 1), date(2027, 4, 30))),
                validity: Some(validity),
                reason: Some(Code::new("ARB")),
            })
            .collect(),
        notices: vec![Notice {
            code: "AVV01".into(),
            text: "Uppgift saknas för perioden".into(),
            concerns: Some("utbetalningar".into()),
        }],
    }
}

fn result(source: SourceId, outcome: Outcome) -> SourceResult {
    let called = !matches!(outcome, Outcome::NotRequested | Outcome::NotEntitled);
    if !called {
        return SourceResult::not_called(source, outcome);
    }
    let answered = matches!(
        outcome,
        Outcome::Ok { .. }
            | Outcome::NoMatch { .. }
            | Outcome::InvalidResponse { .. }
            | Outcome::SourceError { .. }
    );
    SourceResult {
        source,
        outcome,
        latency_ms: Some(41),
        retrieved_at: answered.then(|| at("2026-11-22T09:14:03.561234567Z")),
        attempts: if answered { 1 } else { 2 },
        raw: answered.then(raw),
    }
}

/// Two answers that between them hold a result of every outcome kind: one for a protected
/// person (addresses and raw payloads withheld), one for an unprotected person.
fn answers() -> Vec<CompositeAnswer> {
    let all = outcomes();
    let answer = |outcomes: Vec<Outcome>, protected: bool| {
        let mut sources: Vec<SourceResult> = SourceId::ALL
            .into_iter()
            .zip(outcomes)
            .map(|(id, outcome)| result(id, outcome))
            .collect();
        let mut protection = Vec::new();
        for r in &mut sources {
            if let Outcome::Ok { data, .. } = &mut r.outcome
                && let Some(p) = data.person.as_mut()
            {
                if protected {
                    p.addresses.clear();
                    protection.extend(p.protection.clone());
                } else {
                    p.protection.clear();
                }
            }
            if protected {
                r.raw = None;
            }
        }
        CompositeAnswer {
            query_id: "5b0e5d4e-8f7c-4a59-9a3e-2f4f1c9f2d10".into(),
            received_at: at("2026-11-22T09:14:03.512Z"),
            completed_at: at("2026-11-22T09:14:11Z"),
            person: person(),
            period: period(date(2026, 1, 1), date(2026, 10, 31)),
            protected,
            protection,
            withheld: if protected {
                vec!["addresses".into(), "raw_payloads".into()]
            } else {
                vec![]
            },
            sources,
            audit_seq: 42,
        }
    };
    vec![
        answer(all[..7].to_vec(), true),
        answer(
            [0, 7, 1, 2, 4, 5, 6].map(|i| all[i].clone()).to_vec(),
            false,
        ),
    ]
}

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

#[test]
fn enums_serialize_to_exactly_the_documented_values() {
    fn check<T: serde::Serialize>(doc: &Document, name: &str, values: &[T]) {
        let serialized: BTreeSet<String> = values
            .iter()
            .map(|v| {
                serde_json::to_value(v)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        assert_eq!(serialized, strings(&doc.schema(name)["enum"]), "{name}");
    }
    let doc = Document::load();
    let sources = SourceId::ALL;
    for id in sources {
        match id {
            SourceId::Fk
            | SourceId::Af
            | SourceId::Csn
            | SourceId::Skv
            | SourceId::So
            | SourceId::Tns
            | SourceId::Miv => {}
        }
    }
    check(&doc, "SourceId", &sources);
    let contract_order: Vec<_> = sources.iter().map(|s| json!(s.code())).collect();
    assert_eq!(doc.schema("SourceId")["enum"], json!(contract_order));
    check(&doc, "Severity", &all_variants!(Severity: Warning, Error));
    check(
        &doc,
        "ProtectionKind",
        &all_variants!(ProtectionKind: Sekretessmarkering, SkyddadFolkbokforing, Protected),
    );
    check(
        &doc,
        "ActivityReportStatus",
        &all_variants!(ActivityReportStatus:
            Submitted, NotInSystem, NotSubmitted, TechnicalError, Unknown),
    );
    for (code, status) in [
        ("200", "submitted"),
        ("500", "not_in_system"),
        ("501", "not_submitted"),
        ("502", "technical_error"),
        ("999", "unknown"),
    ] {
        assert_eq!(
            serde_json::to_value(ActivityReportStatus::from_code(code)).unwrap(),
            status
        );
    }
    check(
        &doc,
        "Frequency",
        &all_variants!(Frequency: Once, Daily, Weekly, Monthly, Quarterly, HalfYearly, Yearly),
    );
    check(
        &doc,
        "PaymentState",
        &all_variants!(PaymentState: Planned, Effected),
    );
    check(
        &doc,
        "PermitValidity",
        &all_variants!(PermitValidity: Permanent, TimeLimited),
    );

    // DecisionStatus is adjacently tagged: `{kind}` for canonical statuses, `{kind, code}`
    // for `other`.
    let status_schema = doc.component("DecisionStatus");
    let mut kinds = BTreeSet::new();
    for status in decision_statuses() {
        let value = serde_json::to_value(&status).unwrap();
        assert_valid(&status_schema, &value, "a DecisionStatus");
        kinds.insert(value["kind"].as_str().unwrap().to_owned());
        let expected_keys: BTreeSet<String> = if matches!(status, DecisionStatus::Other(_)) {
            ["kind", "code"].map(String::from).into()
        } else {
            ["kind"].map(String::from).into()
        };
        assert_eq!(keys(&value), expected_keys, "{value}");
    }
    let mut documented =
        strings(&doc.schema("DecisionStatus")["oneOf"][0]["properties"]["kind"]["enum"]);
    documented.insert(
        doc.schema("DecisionStatus")["oneOf"][1]["properties"]["kind"]["const"]
            .as_str()
            .unwrap()
            .to_owned(),
    );
    assert_eq!(kinds, documented);
}

#[test]
fn scalars_serialize_in_the_documented_shapes() {
    let doc = Document::load();
    let amount = doc.component("Amount");
    for text in ["0", "1250.5", "-3.5", "1250,50", "999999999.99"] {
        assert_valid(
            &amount,
            &serde_json::to_value(kr(text)).unwrap(),
            &format!("the amount {text}"),
        );
    }
    assert_eq!(serde_json::to_value(kr("1250,5")).unwrap(), "1250.50");
    assert_valid(
        &doc.component("Personnummer"),
        &serde_json::to_value(person()).unwrap(),
        "a personnummer",
    );
    let decimal = doc.component("Decimal");
    for d in [
        Decimal::new(100, 0),
        Decimal::new(375, 1),
        Decimal::new(-5, 2),
    ] {
        assert_valid(&decimal, &serde_json::to_value(d).unwrap(), "a decimal");
    }
    assert_valid(
        &doc.component("Period"),
        &serde_json::to_value(period(date(2026, 1, 1), date(2026, 1, 1))).unwrap(),
        "a one-day period",
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

#[test]
fn mutated_problems_are_refused() {
    let doc = Document::load();
    let schema = doc.component("Problem");
    let problem =
        serde_json::to_value(underlag_api::Problem::invalid_field("person", "bad")).unwrap();
    assert_valid(&schema, &problem, "a problem");
    for (what, mutate) in [
        ("status as text", json!({"status": "400"})),
        ("an unknown member", json!({"instance": "/x"})),
        ("a type that is no URN", json!({"type": "about:blank"})),
        ("empty errors", json!({"errors": []})),
        (
            "errors without message",
            json!({"errors": [{"field": "person"}]}),
        ),
    ] {
        let mut mutated = problem.clone();
        for (k, v) in mutate.as_object().unwrap() {
            mutated[k] = v.clone();
        }
        assert!(!schema.is_valid(&mutated), "{what} was accepted");
    }
}

// ------------------------------------------------------------------------------------------
// The request schema against serde and the validation behind the route

/// Sets (or, with `None`, removes) the member a JSON pointer names.
fn change(value: &Value, pointer: &str, to: Option<Value>) -> Value {
    let mut changed = value.clone();
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let object = changed
        .pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("no object at {parent}"));
    match to {
        Some(v) => {
            object.insert(key.to_owned(), v);
        }
        None => {
            object
                .remove(key)
                .unwrap_or_else(|| panic!("nothing at {pointer}"));
        }
    }
    changed
}

fn serde_accepts(body: &Value) -> bool {
    serde_json::from_value::<QueryRequest>(body.clone()).is_ok()
}

#[test]
fn the_request_schema_requires_exactly_what_serde_requires() {
    let doc = Document::load();
    let schema = doc.component("QueryRequest");
    let complete = doc.request_example("complete");
    let minimal = doc.request_example("minimal");
    for example in [&complete, &minimal] {
        assert!(serde_accepts(example), "{example}");
        assert_valid(&schema, example, "a request example");
    }
    let request = doc.schema("QueryRequest");
    assert_eq!(
        keys(&complete),
        keys(&request["properties"]),
        "the complete example has every field"
    );
    assert_eq!(keys(&minimal), strings(&request["required"]));

    // Removing a member: serde fails exactly when the schema calls it required.
    let objects = [
        ("", "QueryRequest"),
        ("/period", "PeriodRequest"),
        ("/source_periods/SKV", "PeriodRequest"),
        ("/data_processors/0", "DataProcessorRequest"),
    ];
    for (at, name) in objects {
        let declared = doc.schema(name);
        let required = strings(&declared["required"]);
        let target = complete.pointer(at).unwrap();
        assert_eq!(
            keys(target),
            keys(&declared["properties"]),
            "{name} at {at}"
        );
        for field in keys(target) {
            let without = change(&complete, &format!("{at}/{field}"), None);
            assert_eq!(
                serde_accepts(&without),
                !required.contains(&field),
                "serde and {name}.required disagree on {at}/{field}"
            );
            assert_eq!(
                schema.is_valid(&without),
                serde_accepts(&without),
                "without {at}/{field}"
            );
        }
    }

    // Nulls, wrong types and unknown members: serde and the schema agree.
    for (pointer, value) in [
        ("/sources", Value::Null),
        ("/correlation_id", Value::Null),
        ("/data_processors/0/order", Value::Null),
        ("/source_periods", Value::Null),
        ("/data_processors", Value::Null),
        ("/period", Value::Null),
        ("/person", Value::Null),
        ("/person", json!(199001012385_u64)),
        ("/sources", json!("FK")),
        ("/source_periods/SKV", json!("2025")),
        ("/period/from", json!(20260101)),
        ("/data_processors/0/order", json!(40000)),
        ("/data_processors/0/order", json!(1.5)),
        ("/nickname", json!("x")),
        ("/period/days", json!(3)),
        ("/data_processors/0/extra", json!(true)),
        ("/source_periods/SKV/extra", json!(true)),
    ] {
        let changed = change(&complete, pointer, Some(value.clone()));
        assert_eq!(
            schema.is_valid(&changed),
            serde_accepts(&changed),
            "{pointer} = {value}"
        );
    }
}

/// What the schema accepts against what the route answers, for one change at a time to a
/// valid request. Rules the schema cannot express (check digits, real dates, period order
/// and length) pass the schema and are refused by the route.
#[tokio::test]
async fn the_request_schema_agrees_with_the_route() {
    let doc = Document::load();
    let schema = doc.component("QueryRequest");
    let api = TestApi::new(false);
    let ok = StatusCode::OK;
    let bad = StatusCode::BAD_REQUEST;
    let cases: Vec<(&str, Option<Value>, bool, StatusCode)> = vec![
        ("/person", Some(json!("199001012385")), true, ok),
        ("/person", Some(json!("900101-2385")), true, ok),
        ("/person", Some(json!("9001012385")), true, ok),
        ("/person", Some(json!(" 19900101-2385 ")), true, ok),
        ("/person", Some(json!("19900101+2385")), false, bad),
        ("/person", Some(json!("1990-01-01-2385")), false, bad),
        ("/person", Some(json!("19900101-2384")), true, bad),
        ("/organisation", Some(json!("212000-0142")), true, ok),
        ("/organisation", Some(json!("162120000142")), true, ok),
        ("/organisation", Some(json!("16-2120000142")), false, bad),
        ("/organisation", Some(json!("2120000143")), true, bad),
        ("/sources", Some(json!([])), false, bad),
        ("/sources", Some(json!(["fk", "Csn", " SKV "])), true, ok),
        ("/sources", Some(json!(["FK", "XYZ"])), false, bad),
        ("/sources", Some(Value::Null), true, ok),
        (
            "/source_periods",
            Some(json!({"skv": {"from": "2025-01-01", "to": "2025-12-31"}})),
            true,
            ok,
        ),
        (
            "/source_periods",
            Some(json!({"XYZ": {"from": "2025-01-01", "to": "2025-12-31"}})),
            false,
            bad,
        ),
        ("/period/from", Some(json!("2026-01-01Z")), true, ok),
        ("/period/from", Some(json!("2026-01-01+02:00")), true, ok),
        ("/period/from", Some(json!("20260101")), false, bad),
        ("/period/from", Some(json!("2026-02-30")), true, bad),
        ("/period/from", Some(json!("2026-12-01")), true, bad),
        ("/period/from", Some(json!("2020-01-01")), true, bad),
        // Blank attribution is refused by the binding (403, audited), not by validation.
        ("/case_id", Some(json!("   ")), false, StatusCode::FORBIDDEN),
        ("/case_id", Some(json!("")), false, StatusCode::FORBIDDEN),
        (
            "/purpose",
            Some(json!(format!("EKB-UTREDNING {}", "x".repeat(486)))),
            true,
            ok,
        ),
        (
            "/purpose",
            Some(json!(format!("EKB-UTREDNING {}", "x".repeat(487)))),
            false,
            bad,
        ),
        (
            "/purpose",
            Some(json!("Nyfikenhet")),
            true,
            StatusCode::FORBIDDEN,
        ),
        ("/correlation_id", Some(json!("vs-1")), true, ok),
        (
            "/data_processors",
            Some(json!([{"organisation": "5566778899", "name": "Exempel Drift AB"}])),
            true,
            ok,
        ),
        (
            "/data_processors",
            Some(json!([{"organisation": "5566778899", "name": " "}])),
            false,
            bad,
        ),
        ("/legal_basis", None, false, bad),
    ];
    for (pointer, value, schema_valid, status) in cases {
        let body = change(&valid_request(), pointer, value.clone());
        let (actual, _, answer) = api.post("application/json", body.to_string()).await;
        let what = format!("{pointer} = {value:?}");
        assert_eq!(actual, status, "{what}: {answer}");
        assert_eq!(schema.is_valid(&body), schema_valid, "{what}");
    }
}

#[test]
fn the_request_patterns_never_refuse_what_the_parsers_accept() {
    let doc = Document::load();
    let request = doc.schema("QueryRequest");
    let pattern = |schema: &Value| doc.validator(schema);
    let person = pattern(&request["properties"]["person"]);
    for text in [
        "199001012385",
        "19900101-2385",
        "900101-2385",
        "9001012385",
        "900101+2385",
        "  19900101-2385\t",
        "19140168-2396",
    ] {
        assert!(Personnummer::parse(text, today()).is_ok(), "{text}");
        assert!(person.is_valid(&json!(text)), "person {text:?}");
    }
    let organisation = pattern(&request["properties"]["organisation"]);
    for text in [
        "2120000142",
        "212000-0142",
        "162120000142",
        "16212000-0142",
        " 2120000142 ",
    ] {
        assert!(Organisationsnummer::parse(text).is_ok(), "{text}");
        assert!(organisation.is_valid(&json!(text)), "organisation {text:?}");
    }
    let day = pattern(&doc.schema("PeriodRequest")["properties"]["from"]);
    for text in [
        "2026-01-01",
        "2026-01-01Z",
        "2026-01-01+02:00",
        "2026-01-01-05:00",
        " 2026-01-01 ",
    ] {
        assert!(parse_iso_date(text).is_ok(), "{text}");
        assert!(day.is_valid(&json!(text)), "date {text:?}");
    }
    let source = doc.component("SourceCode");
    for id in SourceId::ALL {
        for text in [
            id.code().to_owned(),
            id.slug().to_owned(),
            format!(" {} ", id.code()),
        ] {
            assert!(text.parse::<SourceId>().is_ok());
            assert!(source.is_valid(&json!(text)), "source {text:?}");
        }
    }
    for text in ["XYZ", "F K", "FKX", ""] {
        assert!(text.parse::<SourceId>().is_err());
        assert!(!source.is_valid(&json!(text)), "source {text:?}");
    }
}

// ------------------------------------------------------------------------------------------
// Real responses from the router

async fn send(router: &Router, request: Request<Body>) -> (StatusCode, String, Vec<u8>) {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, content_type, body.to_vec())
}

fn post(content_type: &str, body: impl Into<Body>) -> Request<Body> {
    Request::post("/api/v1/queries")
        .header(header::CONTENT_TYPE, content_type)
        .body(body.into())
        .unwrap()
}

fn get(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).unwrap()
}

const QUERIES: &str = "/api/v1/queries";

#[tokio::test]
async fn real_answers_validate() {
    let doc = Document::load();
    let api = TestApi::new(false);
    let answer_schema = doc.component("CompositeAnswer");
    let mut bodies = vec![valid_request()];
    bodies.push(doc.request_example("complete"));
    bodies.push(doc.request_example("minimal"));
    let mut selected = valid_request();
    selected["sources"] = json!(["FK", "CSN"]);
    bodies.push(selected);
    for body in bodies {
        let response = send(&api.router, post("application/json", body.to_string())).await;
        assert_eq!(response.0, StatusCode::OK, "{body}");
        doc.assert_documented(QUERIES, "post", &response);
        let answer: Value = serde_json::from_slice(&response.2).unwrap();
        assert_valid(&answer_schema, &answer, "a real answer");
    }
}

#[tokio::test]
async fn real_problems_validate() {
    let doc = Document::load();
    let problem = doc.component("Problem");
    let api = TestApi::new(false);
    let mut responses = Vec::new();
    for body in [
        change(&valid_request(), "/person", Some(json!("19900101-2384"))),
        change(&valid_request(), "/purpose", None),
        change(&valid_request(), "/nickname", Some(json!("x"))),
        change(&valid_request(), "/period/from", Some(json!(20260101))),
        change(&valid_request(), "/sources", Some(json!(["FK", "XYZ"]))),
        change(
            &change(&valid_request(), "/organisation", Some(json!("2120000143"))),
            "/case_id",
            Some(json!(" ")),
        ),
    ] {
        responses.push(send(&api.router, post("application/json", body.to_string())).await);
    }
    responses.push(send(&api.router, post("application/json", "{\"person\": ")).await);
    responses.push(send(&api.router, post("application/json; charset=utf-8", "[]")).await);
    let wrong_type = send(&api.router, post("text/plain", valid_request().to_string())).await;
    assert_eq!(wrong_type.0, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    responses.push(wrong_type);
    let failing_audit = TestApi::new(true);
    let refused = send(
        &failing_audit.router,
        post("application/json", valid_request().to_string()),
    )
    .await;
    assert_eq!(refused.0, StatusCode::SERVICE_UNAVAILABLE);
    responses.push(refused);

    for response in &responses {
        assert_eq!(response.1, PROBLEM_JSON);
        let value: Value = serde_json::from_slice(&response.2).unwrap();
        assert_valid(&problem, &value, &format!("a {} problem", response.0));
        doc.assert_documented(QUERIES, "post", response);
    }
    assert_eq!(api.calls(), 0);
}

/// An oversized body gets the documented 413 problem document; both paths are checked: a
/// declared `Content-Length` over the limit, and a streamed body that turns out too long.
#[tokio::test]
async fn oversized_bodies_get_the_documented_413() {
    let doc = Document::load();
    let api = TestApi::new(false);
    let mut body = valid_request();
    body["purpose"] = json!("x".repeat(100_000));
    let text = body.to_string();
    let declared = Request::post(QUERIES)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, text.len())
        .body(Body::from(text.clone()))
        .unwrap();
    for request in [declared, post("application/json", text)] {
        let response = send(&api.router, request).await;
        assert_eq!(response.0, StatusCode::PAYLOAD_TOO_LARGE);
        doc.assert_documented(QUERIES, "post", &response);
    }
    assert_eq!(api.calls(), 0);
}

#[tokio::test]
async fn descriptive_endpoints_match_the_document() {
    let doc = Document::load();
    let api = TestApi::new(false);
    for path in [
        "/api/v1/sources",
        "/api/v1/openapi.json",
        "/api/v1/spec",
        "/health",
    ] {
        let response = send(&api.router, get(path)).await;
        assert_eq!(response.0, StatusCode::OK, "{path}");
        doc.assert_documented(path, "get", &response);
    }
    let sources = send(&api.router, get("/api/v1/sources")).await;
    let list: Value = serde_json::from_slice(&sources.2).unwrap();
    let order: Vec<_> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["source"].clone())
        .collect();
    assert_eq!(json!(order), doc.schema("SourceId")["enum"]);
    let served = send(&api.router, get("/api/v1/openapi.json")).await;
    assert_eq!(served.2, OPENAPI_DOCUMENT.as_bytes());
    assert!(
        send(&api.router, get("/api/v1/spec"))
            .await
            .1
            .starts_with("text/markdown")
    );

    let missing = send(&api.router, get("/api/v1/nothing")).await;
    assert_eq!(
        (missing.0, missing.1.as_str()),
        (StatusCode::NOT_FOUND, PROBLEM_JSON)
    );
    let not_found: Value = serde_json::from_slice(&missing.2).unwrap();
    assert_valid(&doc.component("Problem"), &not_found, "the 404 problem");
    assert_eq!(not_found["type"], "urn:underlag:problem:not-found");
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
    let state = AppState {
        orchestrator: Arc::new(
            Orchestrator::new(adapters, Arc::new(MemoryAudit::default()), config)
                .with_registry(registry(), binding()),
        ),
        spec: Arc::new(Spec::embedded().expect("the embedded spec loads")),
        limits: QueryLimits {
            max_period_days: 731,
            lefi_actor_id: "A1".into(),
        },
        today,
        body_limit: 64 * 1024,
    };
    let router = underlag_api::router(state, &ApiSettings::default());
    let mut body = valid_request();
    body["sources"] = json!(["FK", "AF", "CSN", "SKV", "SO", "TNS"]);
    let response = send(&router, post("application/json", body.to_string())).await;
    assert_eq!(response.0, StatusCode::OK);
    doc.assert_documented(QUERIES, "post", &response);
    let answer: Value = serde_json::from_slice(&response.2).unwrap();
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

/// The binding's refusals and the case routes' real responses are what the document says.
#[tokio::test]
async fn refusals_and_case_responses_match_the_document() {
    let doc = Document::load();
    let api = TestApi::new(false);
    for body in [
        change(&valid_request(), "/purpose", Some(json!("Nyfikenhet"))),
        change(&valid_request(), "/legal_basis", Some(json!(" "))),
        change(
            &valid_request(),
            "/period",
            // Starts after the harness's today (2026-11-22): refused `period_in_future`.
            Some(json!({"from": "2026-12-01", "to": "2026-12-31"})),
        ),
    ] {
        let response = send(&api.router, post("application/json", body.to_string())).await;
        assert_eq!(response.0, StatusCode::FORBIDDEN);
        doc.assert_documented(QUERIES, "post", &response);
    }

    let household = "/api/v1/cases/{case_id}/household";
    let case = "/api/v1/cases/{case_id}";
    let put = |body: Value| {
        Request::put("/api/v1/cases/EB-1/household")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    let mut expected = vec![
        (
            household,
            "put",
            put(json!({"organisation": "2120000142", "persons": ["19900101-2385"]})),
            StatusCode::OK,
        ),
        (
            household,
            "put",
            put(json!({"organisation": "2120000142", "persons": ["19900101-2384"]})),
            StatusCode::BAD_REQUEST,
        ),
        (
            household,
            "put",
            put(json!({"organisation": "2120000266", "persons": ["19900101-2385"]})),
            StatusCode::FORBIDDEN,
        ),
        (
            household,
            "put",
            Request::put("/api/v1/cases/EB-1/household")
                .header(header::CONTENT_TYPE, "text/plain")
                .body(Body::from("{}"))
                .unwrap(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
    ];
    expected.extend([
        (
            case,
            "get",
            get("/api/v1/cases/EB-1?organisation=2120000142"),
            StatusCode::OK,
        ),
        (
            case,
            "get",
            get("/api/v1/cases/EB-1"),
            StatusCode::BAD_REQUEST,
        ),
        (
            case,
            "get",
            get("/api/v1/cases/EB-1?organisation=2120000266"),
            StatusCode::FORBIDDEN,
        ),
        (
            case,
            "get",
            get("/api/v1/cases/EB-2?organisation=2120000142"),
            StatusCode::NOT_FOUND,
        ),
    ]);
    for (path, method, request, status) in expected {
        let response = send(&api.router, request).await;
        assert_eq!(response.0, status, "{method} {path}");
        doc.assert_documented(path, method, &response);
    }
    assert_eq!(api.calls(), 0);
}

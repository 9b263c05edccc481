//! The provider suite: runs one source's cases against a live base service and judges each.
//!
//! Requests are built and answers read by the gateway's own adapter for the source
//! (`underlag_upstream::adapter`), so the suite tests exactly what Underlag will send and how
//! it will read the answer: the specification's field rules and kodverk are applied by the
//! source's `interpret` function, and the suite sorts the violations by what they mean. The
//! XML answers are also validated against the provider's own XSD with `xmllint`.
//!
//! A case that cannot run (no endpoint, a set-up failure, no answer) fails; nothing is skipped.

pub mod xml;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use tokio::time::Instant;
use underlag_domain::period::parse_iso_date;
use underlag_domain::{
    LefiActorId, Organisationsnummer, Outcome, Period, Personnummer, SourceId, Violation,
};
use underlag_service::{Answer, FetchError, QueryContext, SourceAdapter, SourceRequest};
use underlag_spec::{FieldType, Spec};
use underlag_upstream::{AgencyEndpoint, AgencyTls, Endpoints};

use crate::case::{Case, Check, Suite};
use crate::report::{CaseResult, Report, Verdict, excerpt};

/// The organisation the suite asks as (Exempelkommun, the project's test municipality).
pub const TEST_ORGANISATION: &str = "2120000142";
/// The LEFI actor id the suite asks with.
pub const TEST_LEFI_ACTOR: &str = "underlag-conformance";

/// The client certificate and trusted CA for an mTLS endpoint (PEM).
#[derive(Clone)]
pub struct TargetTls {
    /// The CA bundle that signs the agency's server certificate.
    pub ca_pem: Vec<u8>,
    /// The client certificate chain the suite presents.
    pub cert_pem: Vec<u8>,
    /// Its private key.
    pub key_pem: Vec<u8>,
}

// Debug never prints the key.
impl std::fmt::Debug for TargetTls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TargetTls").finish_non_exhaustive()
    }
}

/// The endpoint under test.
#[derive(Debug, Clone)]
pub struct Target {
    /// The agency's base URL.
    pub base_url: String,
    /// mTLS material; `None` for a plain endpoint (the client-certificate case then fails:
    /// it cannot run).
    pub tls: Option<TargetTls>,
    /// The contract's schema folder (`contracts/ssbtek-v10/schemas`).
    pub schemas: PathBuf,
    /// Overrides the profile's time budget.
    pub budget: Option<Duration>,
}

/// Runs `suite` against `target` and returns the report.
pub async fn run(suite: &Suite, target: &Target, spec: Arc<Spec>) -> Report {
    let source = suite.source;
    let source_spec = spec.source(source);
    let contract = format!(
        "SSBTEK v10; {} {} {}",
        source.code(),
        source_spec.contract,
        source_spec.contract_version
    );
    let mut report = Report::new("provider", source.code(), &contract, &target.base_url);
    let budget = target
        .budget
        .unwrap_or(Duration::from_millis(suite.profile.budget_ms));
    let runner = Runner::new(suite, target, spec.clone(), budget);
    for case in &suite.cases {
        let started = Instant::now();
        let (verdict, message, request, response) = match &runner {
            Ok(runner) => runner.run_case(case).await,
            Err(why) => (
                Verdict::Failed,
                format!("could not run: {why}"),
                json!(null),
                String::new(),
            ),
        };
        tracing::debug!(
            case = %case.id,
            verdict = ?verdict,
            "conformance case done"
        );
        report.cases.push(CaseResult {
            id: case.id.clone(),
            title: case.title.clone(),
            category: case.category.as_str().to_owned(),
            fault: case.fault.clone(),
            verdict,
            message,
            request,
            response_excerpt: excerpt(&response),
            duration_ms: started.elapsed().as_millis() as u64,
        });
    }
    report
}

type Judged = (Verdict, String, serde_json::Value, String);

struct Runner<'a> {
    suite: &'a Suite,
    target: &'a Target,
    spec: Arc<Spec>,
    adapter: Arc<dyn SourceAdapter>,
    http: reqwest::Client,
    budget: Duration,
}

fn pass(message: impl Into<String>, request: serde_json::Value, response: String) -> Judged {
    (Verdict::Passed, message.into(), request, response)
}

fn fail(message: impl Into<String>, request: serde_json::Value, response: String) -> Judged {
    (Verdict::Failed, message.into(), request, response)
}

impl<'a> Runner<'a> {
    fn new(
        suite: &'a Suite,
        target: &'a Target,
        spec: Arc<Spec>,
        budget: Duration,
    ) -> Result<Self, String> {
        let mut endpoint = AgencyEndpoint::new(target.base_url.clone());
        let mut http = reqwest::Client::builder().no_proxy();
        if let Some(tls) = &target.tls {
            let config = underlag_tls::client_config(
                &tls.ca_pem,
                Some((tls.cert_pem.as_slice(), tls.key_pem.as_slice())),
            )
            .map_err(|e| format!("the TLS material is not usable: {e}"))?;
            endpoint = endpoint.with_tls(AgencyTls(Arc::new(config.clone())));
            http = underlag_tls::reqwest_builder(config);
        }
        let mut endpoints = Endpoints::new();
        endpoints.insert(suite.source, endpoint);
        let adapter = underlag_upstream::adapter(&endpoints, suite.source, spec.clone())
            .map_err(|e| e.to_string())?;
        let http = http
            .timeout(budget)
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        Ok(Self {
            suite,
            target,
            spec,
            adapter,
            http,
            budget,
        })
    }

    async fn run_case(&self, case: &Case) -> Judged {
        match case.check {
            Check::Ping => self.ping(case).await,
            Check::ErrorForm => self.error_form(case).await,
            Check::ClientCertificate => self.client_certificate(case).await,
            _ => self.lookup_case(case).await,
        }
    }

    fn source_request(&self, case: &Case) -> Result<SourceRequest, String> {
        let person = case
            .person
            .as_deref()
            .ok_or("the case names no person")
            .and_then(|p| {
                Personnummer::parse_canonical(p)
                    .map_err(|_| "field 'person' is not a 12-digit personnummer")
            })?;
        let period = case
            .period
            .as_deref()
            .and_then(|p| p.split_once('/'))
            .ok_or("field 'period' must be 'yyyy-mm-dd/yyyy-mm-dd'")?;
        let from = parse_iso_date(period.0).map_err(|_| "field 'period': bad start date")?;
        let to = parse_iso_date(period.1).map_err(|_| "field 'period': bad end date")?;
        let period = Period::new(from, to).map_err(|_| "field 'period' is inverted")?;
        let organisation = Organisationsnummer::parse(TEST_ORGANISATION)
            .map_err(|_| "the test organisation number does not parse")?;
        let lefi_actor_id =
            LefiActorId::parse(TEST_LEFI_ACTOR).map_err(|_| "the test LEFI actor id")?;
        Ok(SourceRequest {
            person,
            period,
            context: QueryContext {
                query_id: format!("conformance-{}", case.id),
                organisation,
                organisation_name: "Exempelkommun".to_owned(),
                case_worker: "conformance".to_owned(),
                case_id: format!("KONF-{}", case.id),
                purpose: "Utredning av rätt till ekonomiskt bistånd".to_owned(),
                legal_basis: "12 kap. socialtjänstlagen (2025:400), förordning (2008:975)"
                    .to_owned(),
                data_processors: Vec::new(),
                lefi_actor_id: Some(lefi_actor_id),
                correlation_id: Some(format!("conformance-{}", case.id)),
            },
            lefi_request: None,
        })
    }

    async fn lookup_case(&self, case: &Case) -> Judged {
        let request = match self.source_request(case) {
            Ok(r) => r,
            Err(why) => return fail(format!("could not run: {why}"), json!(null), String::new()),
        };
        let described = json!({
            "operation": "lookup",
            "source": self.suite.source.code(),
            "person": request.person.expose(),
            "period": case.period,
            "organisation": TEST_ORGANISATION,
            "case_id": request.context.case_id,
        });
        let started = Instant::now();
        let fetched = tokio::time::timeout(self.budget, self.adapter.fetch(&request)).await;
        let elapsed = started.elapsed();
        let answer = match fetched {
            Err(_) => {
                return fail(
                    format!(
                        "{}: no answer within the source's time budget of {} ms",
                        if case.check == Check::TimeBudget {
                            case.fault.as_str()
                        } else {
                            "could not run"
                        },
                        self.budget.as_millis()
                    ),
                    described,
                    String::new(),
                );
            }
            Ok(Err(e)) => return self.fetch_failed(case, &e, described),
            Ok(Ok(answer)) => answer,
        };
        let response = answer.raw.body.clone();
        let (verdict, message) = self.judge_answer(case, &answer, elapsed);
        (verdict, message, described, response)
    }

    fn fetch_failed(&self, case: &Case, e: &FetchError, described: serde_json::Value) -> Judged {
        let what = match case.check {
            Check::NoMatch => format!(
                "{}: the unknown person got an error ({e}) instead of the contract's no-match answer",
                case.fault
            ),
            _ => format!("could not run: the agency answered with a failure ({e})"),
        };
        fail(what, described, String::new())
    }

    fn judge_answer(&self, case: &Case, answer: &Answer, elapsed: Duration) -> (Verdict, String) {
        let fault = case.fault.as_str();
        let failed = |m: String| (Verdict::Failed, format!("{fault}: {m}"));
        let violations = violations_of(&answer.outcome);
        let of_class = |class: ViolationClass| -> Vec<String> {
            violations
                .iter()
                .filter(|v| classify(&self.spec, self.suite.source, v) == class)
                .map(|v| format!("{} at {}: {}", v.rule, v.path, v.message))
                .collect()
        };
        match case.check {
            Check::Namespace => {
                let root = &self.spec.source(self.suite.source).root;
                let expected = self.spec.source(self.suite.source).namespace.clone();
                match xml::find_message(&answer.raw.body, root) {
                    None => failed(format!("the message element '{root}' is not in the answer")),
                    Some(m) if m.namespace == expected => (
                        Verdict::Passed,
                        format!("'{root}' is in namespace {}", expected.unwrap_or_default()),
                    ),
                    Some(m) => failed(format!(
                        "'{root}' is in namespace '{}', the contract's is '{}'",
                        m.namespace.unwrap_or_default(),
                        expected.unwrap_or_default()
                    )),
                }
            }
            Check::Schema => self.schema(case, answer),
            Check::RequiredFields | Check::Kodverk | Check::DateFormat => {
                let (class, ok) = match case.check {
                    Check::RequiredFields => {
                        (ViolationClass::Missing, "no required field is missing")
                    }
                    Check::Kodverk => (ViolationClass::Kodverk, "every code is in its kodverk"),
                    _ => (ViolationClass::Date, "every date follows its notation"),
                };
                let mut found = of_class(class);
                match self.xsd_of_class(answer, class) {
                    Ok(lines) => found.extend(lines),
                    Err(why) => return (Verdict::Failed, format!("could not run: {why}")),
                }
                listed(fault, found, ok)
            }
            Check::FieldRules => match &answer.outcome {
                Outcome::InvalidResponse { violations } => failed(format!(
                    "the answer breaks rules of severity error: {}",
                    violations
                        .iter()
                        .take(5)
                        .map(|v| format!("{} at {}: {}", v.rule, v.path, v.message))
                        .collect::<Vec<_>>()
                        .join("; ")
                )),
                Outcome::SourceError { code, .. } => {
                    failed(format!("the agency reported error '{code}'"))
                }
                other => (
                    Verdict::Passed,
                    format!("the answer is read as '{}' with no error", other.kind()),
                ),
            },
            Check::KnownFacts => match &answer.outcome {
                Outcome::Ok { data, .. } => {
                    let value = serde_json::to_value(data).unwrap_or_default();
                    let text = value.to_string();
                    let mut missing: Vec<String> = case
                        .expect
                        .contains
                        .iter()
                        .filter(|t| !text.contains(t.as_str()))
                        .map(|t| format!("'{t}' is not in the data"))
                        .collect();
                    for (pointer, want) in &case.expect.values {
                        match value.pointer(pointer) {
                            Some(got) if got == want => {}
                            Some(got) => {
                                missing.push(format!("{pointer} is {got}, expected {want}"))
                            }
                            None => missing.push(format!("{pointer} is absent, expected {want}")),
                        }
                    }
                    if missing.is_empty() {
                        (Verdict::Passed, "the known facts came back".to_owned())
                    } else {
                        failed(missing.join("; "))
                    }
                }
                other => failed(format!(
                    "expected data about the person, got '{}'{}",
                    other.kind(),
                    detail(other)
                )),
            },
            Check::NoMatch => match &answer.outcome {
                Outcome::NoMatch { .. } => {
                    (Verdict::Passed, "the contract's no-match answer".to_owned())
                }
                other => failed(format!(
                    "expected the contract's no-match answer, got '{}'{}",
                    other.kind(),
                    detail(other)
                )),
            },
            Check::ProtectedMarker => match &answer.outcome {
                Outcome::Ok { data, .. } if data.is_protected() => {
                    (Verdict::Passed, "the protection marker is set".to_owned())
                }
                Outcome::Ok { .. } => failed(
                    "the answer about a protected person carries no protection marker".to_owned(),
                ),
                other => failed(format!(
                    "expected data with the protection marker, got '{}'{}",
                    other.kind(),
                    detail(other)
                )),
            },
            Check::TimeBudget => {
                if !answer.outcome.answered() {
                    return failed(format!(
                        "the answer was '{}', not data or no match{}",
                        answer.outcome.kind(),
                        detail(&answer.outcome)
                    ));
                }
                if elapsed > self.budget {
                    failed(format!(
                        "answered after {} ms, the budget is {} ms",
                        elapsed.as_millis(),
                        self.budget.as_millis()
                    ))
                } else {
                    (
                        Verdict::Passed,
                        format!(
                            "answered within the budget of {} ms",
                            self.budget.as_millis()
                        ),
                    )
                }
            }
            Check::Ping | Check::ErrorForm | Check::ClientCertificate => (
                Verdict::Failed,
                "could not run: not a lookup check".to_owned(),
            ),
        }
    }

    /// The answer's message checked against the provider's XSD.
    fn xsd(&self, answer: &Answer) -> SchemaOutcome {
        let Some(profile) = &self.suite.profile.schema else {
            return SchemaOutcome::NoSchema;
        };
        let Some(message) = xml::find_message(&answer.raw.body, &profile.element) else {
            return SchemaOutcome::Invalid(vec![format!(
                "the element '{}' is not in the answer",
                profile.element
            )]);
        };
        // The overlaid copy lives until the validation is done.
        let (schemas, _copy) = if profile.overlay.is_empty() {
            (self.target.schemas.clone(), None)
        } else {
            match overlaid(&self.target.schemas, &self.suite.root, &profile.overlay) {
                Ok(dir) => (dir.path().to_owned(), Some(dir)),
                Err(why) => return SchemaOutcome::CouldNotRun(why),
            }
        };
        match xml::validate(&message.document, &schemas.join(&profile.file)) {
            Ok(()) => SchemaOutcome::Valid,
            Err(xml::SchemaError::CouldNotRun(why)) => SchemaOutcome::CouldNotRun(why),
            Err(xml::SchemaError::Invalid(lines)) => SchemaOutcome::Invalid(lines),
        }
    }

    fn schema(&self, case: &Case, answer: &Answer) -> (Verdict, String) {
        let Some(profile) = &self.suite.profile.schema else {
            return (
                Verdict::Failed,
                "could not run: source.toml has no [schema]".to_owned(),
            );
        };
        match self.xsd(answer) {
            SchemaOutcome::Valid => (
                Verdict::Passed,
                format!("'{}' validates against {}", profile.element, profile.file),
            ),
            SchemaOutcome::NoSchema => (
                Verdict::Failed,
                "could not run: source.toml has no [schema]".to_owned(),
            ),
            SchemaOutcome::CouldNotRun(why) => (Verdict::Failed, format!("could not run: {why}")),
            SchemaOutcome::Invalid(lines) => (
                Verdict::Failed,
                format!(
                    "{}: '{}' does not validate against {}: {}",
                    case.fault,
                    profile.element,
                    profile.file,
                    lines.join("; ")
                ),
            ),
        }
    }

    /// The schema's complaints of one class (empty when there is no schema or it holds);
    /// `Err` when the schema check could not run.
    fn xsd_of_class(&self, answer: &Answer, class: ViolationClass) -> Result<Vec<String>, String> {
        match self.xsd(answer) {
            SchemaOutcome::Valid | SchemaOutcome::NoSchema => Ok(Vec::new()),
            SchemaOutcome::CouldNotRun(why) => Err(why),
            SchemaOutcome::Invalid(lines) => Ok(lines
                .into_iter()
                .filter(|l| classify_schema_message(l) == class)
                .map(|l| format!("XSD: {l}"))
                .collect()),
        }
    }

    async fn ping(&self, case: &Case) -> Judged {
        let described = json!({"operation": "ping", "source": self.suite.source.code()});
        match tokio::time::timeout(self.budget, self.adapter.ping()).await {
            Err(_) => fail(
                format!(
                    "{}: the test service did not answer within {} ms",
                    case.fault,
                    self.budget.as_millis()
                ),
                described,
                String::new(),
            ),
            Ok(Ok(true)) => pass("the test service answered", described, String::new()),
            Ok(Ok(false)) => fail(
                format!("{}: the agency has no test service", case.fault),
                described,
                String::new(),
            ),
            Ok(Err(e)) => fail(
                format!("{}: the test service failed ({e})", case.fault),
                described,
                String::new(),
            ),
        }
    }

    async fn error_form(&self, case: &Case) -> Judged {
        let Some(raw) = &case.request else {
            return fail(
                "could not run: the case has no [request]",
                json!(null),
                String::new(),
            );
        };
        let described = serde_json::to_value(raw).unwrap_or_default();
        let url = format!("{}{}", self.target.base_url.trim_end_matches('/'), raw.path);
        let method =
            reqwest::Method::from_bytes(raw.method.as_bytes()).unwrap_or(reqwest::Method::POST);
        let mut builder = self.http.request(method, &url).body(raw.body.clone());
        if let Some(ct) = &raw.content_type {
            builder = builder.header(reqwest::header::CONTENT_TYPE, ct);
        }
        for (name, value) in &raw.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let response = match builder.send().await {
            Ok(r) => r,
            Err(e) => {
                return fail(
                    format!("could not run: the request failed ({})", without_url(&e)),
                    described,
                    String::new(),
                );
            }
        };
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let body = response.text().await.unwrap_or_default();
        let mut problems = Vec::new();
        if !case.expect.status.is_empty() && !case.expect.status.contains(&status) {
            problems.push(format!(
                "status {status}, expected one of {:?}",
                case.expect.status
            ));
        }
        if let Some(want) = &case.expect.content_type
            && !content_type.starts_with(want.as_str())
        {
            problems.push(format!("content type '{content_type}', expected '{want}'"));
        }
        for text in &case.expect.body_contains {
            if !body.contains(text.as_str()) {
                problems.push(format!("the body lacks '{text}'"));
            }
        }
        if problems.is_empty() {
            pass(
                format!("status {status} in the contract's error form"),
                described,
                body,
            )
        } else {
            fail(
                format!("{}: {}", case.fault, problems.join("; ")),
                described,
                body,
            )
        }
    }

    async fn client_certificate(&self, case: &Case) -> Judged {
        let described = json!({"operation": "connect without a client certificate", "path": "/"});
        let Some(tls) = &self.target.tls else {
            return fail(
                "could not run: no client certificate is configured (--cert, --key, --cacert), so refusal without one cannot be tested",
                described,
                String::new(),
            );
        };
        let client = underlag_tls::client_config(&tls.ca_pem, None)
            .map_err(|e| e.to_string())
            .and_then(|c| {
                underlag_tls::reqwest_builder(c)
                    .timeout(self.budget)
                    .build()
                    .map_err(|e| e.to_string())
            });
        let client = match client {
            Ok(c) => c,
            Err(why) => return fail(format!("could not run: {why}"), described, String::new()),
        };
        let url = format!("{}/", self.target.base_url.trim_end_matches('/'));
        match client.get(&url).send().await {
            Err(e) if e.is_timeout() => fail(
                format!(
                    "could not run: no answer within {} ms",
                    self.budget.as_millis()
                ),
                described,
                String::new(),
            ),
            Err(_) => pass(
                "the connection without a client certificate was refused",
                described,
                String::new(),
            ),
            Ok(response) => fail(
                format!(
                    "{}: answered HTTP {} to a client without a certificate",
                    case.fault,
                    response.status().as_u16()
                ),
                described,
                String::new(),
            ),
        }
    }
}

fn without_url(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    if let Some(url) = e.url() {
        text = text.replace(url.as_str(), "the endpoint");
    }
    text
}

fn listed(fault: &str, found: Vec<String>, ok: &str) -> (Verdict, String) {
    if found.is_empty() {
        (Verdict::Passed, ok.to_owned())
    } else {
        (
            Verdict::Failed,
            format!(
                "{fault}: {}",
                found.into_iter().take(5).collect::<Vec<_>>().join("; ")
            ),
        )
    }
}

fn detail(outcome: &Outcome) -> String {
    match outcome {
        Outcome::SourceError { code, .. } => format!(" (agency error '{code}')"),
        Outcome::InvalidResponse { violations } => format!(
            " ({})",
            violations
                .iter()
                .take(3)
                .map(|v| format!("{} at {}: {}", v.rule, v.path, v.message))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        _ => String::new(),
    }
}

fn violations_of(outcome: &Outcome) -> Vec<Violation> {
    match outcome {
        Outcome::Ok { warnings, .. } | Outcome::NoMatch { warnings } => warnings.clone(),
        Outcome::InvalidResponse { violations } => violations.clone(),
        _ => Vec::new(),
    }
}

/// What the provider's XSD said about an answer.
enum SchemaOutcome {
    /// Valid.
    Valid,
    /// The source has no XSD (LEFI's JSON).
    NoSchema,
    /// The check could not run.
    CouldNotRun(String),
    /// Not valid: xmllint's messages.
    Invalid(Vec<String>),
}

/// What one of xmllint's messages is about.
fn classify_schema_message(line: &str) -> ViolationClass {
    if line.contains("Missing child element")
        || (line.contains("is not expected") && line.contains("Expected is"))
    {
        ViolationClass::Missing
    } else if line.contains("enumeration") || line.contains("not an element of the set") {
        ViolationClass::Kodverk
    } else if line.contains("xs:date") || line.contains("xs:gYearMonth") {
        ViolationClass::Date
    } else {
        ViolationClass::Other
    }
}

/// What a violation says about the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ViolationClass {
    /// A required field is missing or empty.
    Missing,
    /// A code outside its kodverk.
    Kodverk,
    /// A date field not in its notation.
    Date,
    /// Any other rule.
    Other,
}

fn classify(spec: &Spec, source: SourceId, v: &Violation) -> ViolationClass {
    if v.message.starts_with("required field") {
        return ViolationClass::Missing;
    }
    if v.message.contains("is not a code in") {
        return ViolationClass::Kodverk;
    }
    let field = spec.source(source).fields.iter().find(|f| f.id == v.rule);
    match field.map(|f| f.field_type) {
        Some(
            FieldType::Date | FieldType::PartialDate | FieldType::CompactDate | FieldType::IsoWeek,
        ) => ViolationClass::Date,
        _ => ViolationClass::Other,
    }
}

/// The schema folder copied with `overlay` laid over it.
fn overlaid(
    schemas: &std::path::Path,
    root: &std::path::Path,
    overlay: &std::collections::BTreeMap<String, String>,
) -> Result<tempfile::TempDir, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    copy_tree(schemas, dir.path()).map_err(|e| format!("cannot copy the schemas: {e}"))?;
    for (to, from) in overlay {
        let to = dir.path().join(to);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        std::fs::copy(root.join(from), &to)
            .map_err(|e| format!("cannot copy the overlay file {from}: {e}"))?;
    }
    Ok(dir)
}

fn copy_tree(from: &std::path::Path, to: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

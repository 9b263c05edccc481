//! The provider suite: runs one source's cases against a live base service and judges each.
//!
//! Requests are built and answers read by the gateway's own adapter for the source
//! (`underlag_upstream::adapter`), so the suite tests exactly what Underlag will send and how
//! it will read the answer: the specification's field rules and kodverk are applied by the
//! source's `interpret` function, and the suite sorts the violations by what they mean. The
//! XML answers are also validated against the provider's own XSD with `xmllint`, and
//! Kronofogden's JSON against the specification's JSON Schema.
//!
//! A case that cannot run (no endpoint, a set-up failure, no answer) fails; nothing is skipped.

mod behaviour;
mod lookup;
mod schema;
mod violations;
pub mod xml;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use tokio::time::Instant;
use underlag_domain::period::parse_iso_date;
use underlag_domain::{LefiActorId, Organisationsnummer, Period, Personnummer};
use underlag_service::{QueryContext, SourceAdapter, SourceRequest};
use underlag_spec::Spec;
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
        "{}{} {} {}",
        if source.is_v10() { "SSBTEK v10; " } else { "" },
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
}

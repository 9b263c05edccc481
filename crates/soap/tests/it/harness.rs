//! The test stack, in-process: the simulated agencies, one adapter per source, the
//! orchestrator with an audit sink over SQLite in a temp dir, and the SOAP router merged with
//! the REST router, served on 127.0.0.1:0.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use jiff::civil::Date;
use underlag_audit::AuditRecord;
use underlag_domain::{Organisationsnummer, SourceId};
use underlag_service::registry::{
    Connection, ConnectionStatus, PolicyConfig, Processor, SyfteMapping,
};
use underlag_service::{
    Answer, AuditFailure, AuditSink, BindingConfig, FetchError, MemoryRegistry, Orchestrator,
    OrchestratorConfig, SourceAdapter, SourceRequest,
};
use underlag_sim::{SimConfig, SimHandle, Simulator};
use underlag_soap::{SoapSettings, SoapState};
use underlag_spec::Spec;
use underlag_store::{AuditStore, SqliteStore};
use underlag_upstream::Endpoints;

use crate::envelopes;

/// The overall deadline of a composite query in these tests.
pub(crate) const DEADLINE_MS: u64 = 1500;
/// The LEFI actor id the stack uses when FK has no `fraga`.
pub(crate) const ACTOR: &str = "UNDERLAG-TEST";

/// Appends to the SQLite store; can be told to fail, to test that no data leaves then.
pub(crate) struct StoreSink {
    pub(crate) store: Arc<SqliteStore>,
    pub(crate) failing: AtomicBool,
}

#[async_trait]
impl AuditSink for StoreSink {
    async fn append(&self, record: AuditRecord) -> Result<u64, AuditFailure> {
        if self.failing.load(Ordering::SeqCst) {
            return Err(AuditFailure("store unavailable (test)".into()));
        }
        self.store
            .append(record)
            .await
            .map(|chained| chained.seq)
            .map_err(|e| AuditFailure(e.code().to_owned()))
    }
}

/// The registry: the test organisation, entitled to every source but `not_entitled`, with one
/// data processor and one registered syfte text.
fn registry(lefi_actor: &str, not_entitled: &[SourceId]) -> Arc<MemoryRegistry> {
    let registry = MemoryRegistry::new();
    registry.put_connection(Connection {
        organisation: Organisationsnummer::parse(envelopes::ORG).unwrap(),
        name: "Exempelkommun".into(),
        committee_unit: "Socialnämnden".into(),
        certificate_fingerprints: Vec::new(),
        lefi_actor_id: lefi_actor.into(),
        entitled_sources: SourceId::ALL
            .into_iter()
            .filter(|id| !not_entitled.contains(id))
            .collect(),
        entitled_information_types: Vec::new(),
        status: ConnectionStatus::Active,
        data_processors: vec![Processor {
            organisation: Organisationsnummer::parse(envelopes::PROCESSOR_ORG).unwrap(),
            name: "Biträdet AB".into(),
        }],
        // The v10 drop-in: the free text an unchanged case system sends.
        syfte_mappings: vec![
            SyfteMapping::new(crate::v10_syfte::REGISTERED_SYFTE, "EKB-KONTROLL").unwrap(),
        ],
    });
    Arc::new(registry)
}

/// The binding: the default purposes, two-year periods (as LEFI), "today" the simulator's
/// reference date, unknown cases registered on first query.
fn binding() -> BindingConfig {
    BindingConfig {
        policy: PolicyConfig {
            max_period_months: 24,
            ..PolicyConfig::default()
        },
        auto_register_first_query: true,
        today: || underlag_sim::population::DEFAULT_REFERENCE_DATE,
    }
}

/// How to start a stack.
pub(crate) struct Options {
    pub(crate) soap: SoapSettings,
    /// The LEFI actor id registered for the organisation.
    pub(crate) lefi_actor: String,
    /// Adapters that cannot scrub raw payloads, so a protected person's are withheld whole.
    pub(crate) unscrubbed: bool,
    /// Sources the organisation is not entitled to.
    pub(crate) not_entitled: Vec<SourceId>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            soap: SoapSettings::default(),
            lefi_actor: ACTOR.to_owned(),
            unscrubbed: false,
            not_entitled: Vec::new(),
        }
    }
}

/// An adapter without payload scrubbing (the port's default: withhold).
struct Unscrubbed(Arc<dyn SourceAdapter>);

#[async_trait]
impl SourceAdapter for Unscrubbed {
    fn source(&self) -> SourceId {
        self.0.source()
    }

    async fn fetch(&self, request: &SourceRequest) -> Result<Answer, FetchError> {
        self.0.fetch(request).await
    }

    async fn ping(&self) -> Result<bool, FetchError> {
        self.0.ping().await
    }
}

pub(crate) struct Stack {
    pub(crate) sim: SimHandle,
    pub(crate) url: String,
    pub(crate) sink: Arc<StoreSink>,
    pub(crate) spec: Arc<Spec>,
    pub(crate) client: reqwest::Client,
    _dir: tempfile::TempDir,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for Stack {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl Stack {
    pub(crate) async fn start() -> Stack {
        Self::start_with(Options::default()).await
    }

    pub(crate) async fn start_with(options: Options) -> Stack {
        let Options {
            soap,
            lefi_actor,
            unscrubbed,
            not_entitled,
        } = options;
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(
            SqliteStore::open(dir.path().join("audit.db"))
                .await
                .unwrap(),
        );
        let sink = Arc::new(StoreSink {
            store,
            failing: AtomicBool::new(false),
        });
        let sim = Simulator::start(SimConfig::default()).await.unwrap();
        let spec = Arc::new(Spec::embedded().unwrap());
        let mut endpoints =
            Endpoints::from_base_urls(SourceId::ALL.into_iter().map(|id| (id, sim.base_url(id))));
        endpoints.lefi_ping_actor_id = ACTOR.to_owned();
        let adapters = SourceId::ALL
            .into_iter()
            .map(|id| {
                let adapter = underlag_upstream::adapter(&endpoints, id, spec.clone()).unwrap();
                if unscrubbed {
                    Arc::new(Unscrubbed(adapter)) as Arc<dyn SourceAdapter>
                } else {
                    adapter
                }
            })
            .collect();
        let config = OrchestratorConfig {
            deadline: Duration::from_millis(DEADLINE_MS),
            source_timeout: Duration::from_millis(1200),
            ..OrchestratorConfig::default()
        };
        let orchestrator = Arc::new(
            Orchestrator::new(adapters, sink.clone(), config)
                .with_registry(registry(&lefi_actor, &not_entitled), binding()),
        );
        let api_state = underlag_api::AppState {
            orchestrator: orchestrator.clone(),
            spec: spec.clone(),
            limits: underlag_api::QueryLimits {
                max_period_days: 731,
                lefi_actor_id: ACTOR.to_owned(),
            },
            today: underlag_api::system_today,
            body_limit: 64 * 1024,
        };
        let soap_state = SoapState {
            orchestrator,
            spec: spec.clone(),
            settings: SoapSettings {
                lefi_actor_id: ACTOR.to_owned(),
                ping_deadline: Duration::from_millis(1000),
                ..soap
            },
        };
        let router = underlag_api::router(api_state, &underlag_api::ApiSettings::default())
            .merge(underlag_soap::router(soap_state));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .no_proxy()
            .build()
            .unwrap();
        Stack {
            sim,
            url,
            sink,
            spec,
            client,
            _dir: dir,
            server,
        }
    }

    pub(crate) fn endpoint(&self) -> String {
        format!("{}{}", self.url, underlag_soap::ENDPOINT_PATH)
    }

    /// The two years up to the reference date (the longest LEFI accepts), as for the
    /// all-sources person in `POPULATION.md`.
    pub(crate) fn two_years(&self) -> (Date, Date) {
        let today = self.sim.population().reference_date();
        let from = today
            .saturating_sub(jiff::Span::new().years(2))
            .tomorrow()
            .unwrap();
        (from, today)
    }

    /// The personnummer (12 digits) of the population's person every source knows.
    pub(crate) fn all_sources_person(&self) -> String {
        self.sim
            .population()
            .all_sources_person()
            .personnummer
            .expose()
            .to_owned()
    }

    /// POSTs a SOAP envelope; the status and the body.
    pub(crate) async fn soap(&self, envelope: &str) -> (u16, String) {
        let response = self
            .client
            .post(self.endpoint())
            .header("content-type", "text/xml; charset=utf-8")
            .header("SOAPAction", "\"\"")
            .body(envelope.to_owned())
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.text().await.unwrap())
    }

    /// POSTs a REST query; the JSON answer.
    pub(crate) async fn rest(&self, body: serde_json::Value) -> serde_json::Value {
        let response = self
            .client
            .post(format!("{}/api/v1/queries", self.url))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200);
        response.json().await.unwrap()
    }

    /// Every audit record written so far.
    pub(crate) async fn audit_records(&self) -> Vec<AuditRecord> {
        self.sink
            .store
            .records(1, 1000)
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.record)
            .collect()
    }
}

const CHILD: &str = "UNDERLAG_SOAP_TEST_CHILD";

/// Whether this process should run `test`'s body: `true` in a child process that runs the
/// test alone (started here), `false` in the parent, which has then checked that the child
/// passed. For measurements that other tests running in parallel threads would disturb
/// (the peak resident set size, the global tracing interest cache).
pub(crate) fn alone(test: &str) -> bool {
    if std::env::var(CHILD).as_deref() == Ok(test) {
        return true;
    }
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env(CHILD, test)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    eprintln!("{stderr}");
    assert!(
        output.status.success(),
        "{test} failed alone:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("1 passed"),
        "the child ran {test}:\n{stdout}"
    );
    false
}

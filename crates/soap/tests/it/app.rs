//! The SOAP tests' setup over the shared fixtures: the gateway (`TestApp`) with the SOAP
//! tests' connection, and — for what the gateway does not let a test choose (adapters that
//! cannot scrub) — the doors in-process over the real adapters towards the simulator. Plus `alone`, for measurements that need the process to themselves.

use std::time::Duration;

use underlag_domain::{LefiActorId, Organisationsnummer, SourceId};
use underlag_service::registry::{Connection, PolicyConfig, Processor, SyfteMapping};
use underlag_service::{BindingConfig, OrchestratorConfig, SourceAdapter};
use underlag_sim::SimHandle;
use underlag_test_support::fixtures::exempelkommun;
use underlag_test_support::{
    DEADLINE_MS, Doors, SOURCE_TIMEOUT_MS, TestApp, TestAppBuilder, simulated_agencies,
};

use crate::envelopes;

/// The LEFI actor id the gateway uses when FK has no `fraga`.
pub(crate) const ACTOR: &str = "UNDERLAG-TEST";

/// The SOAP tests' connection: Exempelkommun with its LEFI actor id, one data processor and
/// one registered syfte text, entitled to every source but `not_entitled`.
pub(crate) fn connection(lefi_actor: &str, not_entitled: &[SourceId]) -> Connection {
    Connection {
        lefi_actor_id: Some(LefiActorId::parse(lefi_actor).unwrap()),
        entitled_sources: SourceId::ALL
            .into_iter()
            .filter(|id| !not_entitled.contains(id))
            .collect(),
        data_processors: vec![Processor {
            organisation: Organisationsnummer::parse(envelopes::PROCESSOR_ORG).unwrap(),
            name: "Biträdet AB".into(),
        }],
        // The v10 drop-in: the free text an unchanged case system sends.
        syfte_mappings: vec![
            SyfteMapping::new(crate::v10_syfte::REGISTERED_SYFTE, "EKB-KONTROLL").unwrap(),
        ],
        ..exempelkommun()
    }
}

/// The gateway as the SOAP tests start it: their connection, [`ACTOR`] as the LEFI actor id,
/// cases registered at their first query.
pub(crate) fn builder() -> TestAppBuilder {
    TestApp::builder()
        .connection(connection(ACTOR, &[]))
        .auto_register(true)
        .settings(|s| s.query.lefi_actor_id = Some(LefiActorId::parse(ACTOR).unwrap()))
}

/// [`builder`], started.
pub(crate) async fn start() -> TestApp {
    builder().start().await
}

/// An adapter without payload scrubbing (the port's default: withhold).
struct Unscrubbed(std::sync::Arc<dyn SourceAdapter>);

#[async_trait::async_trait]
impl SourceAdapter for Unscrubbed {
    fn source(&self) -> SourceId {
        self.0.source()
    }

    async fn fetch(
        &self,
        request: &underlag_service::SourceRequest,
    ) -> Result<underlag_service::Answer, underlag_service::FetchError> {
        self.0.fetch(request).await
    }

    async fn ping(&self) -> Result<bool, underlag_service::FetchError> {
        self.0.ping().await
    }
}

/// The doors in-process over the real adapters towards `sim`, wrapped so that they cannot
/// scrub (the gateway's adapters always can), with the gateway's timeouts, the SOAP tests'
/// connection, and the simulator's reference date as the binding's today.
pub(crate) fn unscrubbed_doors(sim: &SimHandle) -> Doors {
    let builder = Doors::builder();
    let spec = builder.spec();
    let agencies = simulated_agencies(sim, &spec, ACTOR)
        .into_iter()
        .map(|a| std::sync::Arc::new(Unscrubbed(a)) as std::sync::Arc<dyn SourceAdapter>)
        .collect();
    builder
        .agencies(agencies)
        .connection(connection(ACTOR, &[]))
        .lefi_actor_id(ACTOR)
        .today(underlag_api::system_today)
        .orchestrator(OrchestratorConfig {
            deadline: Duration::from_millis(DEADLINE_MS),
            source_timeout: Duration::from_millis(SOURCE_TIMEOUT_MS),
            ..OrchestratorConfig::default()
        })
        .binding(BindingConfig {
            policy: PolicyConfig {
                max_period_months: 24,
                ..PolicyConfig::default()
            },
            auto_register_first_query: true,
            today: || underlag_sim::population::DEFAULT_REFERENCE_DATE,
        })
        .build()
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

//! Shared set-up: the conformance folder, the specification, and the simulator over mTLS with
//! a test PKI of its own.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use underlag_conformance::case::{Suite, load_suite};
use underlag_conformance::provider::{self, Target, TargetTls};
use underlag_conformance::report::Report;
use underlag_domain::SourceId;
use underlag_sim::{SimConfig, SimHandle, Simulator, Variant};
use underlag_spec::Spec;
use underlag_tls::TlsServerConfig;
use underlag_tls::pki::Pki;

/// The repository's `conformance/` folder.
pub(crate) fn conformance_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../conformance")
}

/// The contract's schema folder.
pub(crate) fn schemas_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../contracts/ssbtek-v10/schemas")
}

pub(crate) fn spec() -> Arc<Spec> {
    static SPEC: OnceLock<Arc<Spec>> = OnceLock::new();
    SPEC.get_or_init(|| Arc::new(Spec::embedded().unwrap()))
        .clone()
}

pub(crate) fn suite(source: SourceId) -> Suite {
    load_suite(&conformance_dir(), source).unwrap()
}

/// A simulator serving mTLS (client certificates required) and the material to reach it.
pub(crate) struct MtlsSim {
    pub(crate) sim: SimHandle,
    pub(crate) tls: TargetTls,
}

pub(crate) async fn start_sim(variants: BTreeMap<SourceId, Variant>) -> MtlsSim {
    let pki = Pki::new("Agency CA").unwrap();
    let server = pki.localhost_server().unwrap();
    let client = pki.organisation("Underlag gateway", "2120000142").unwrap();
    let config = TlsServerConfig::from_pem(
        server.cert_pem().as_bytes(),
        server.key_pem().as_bytes(),
        pki.ca_pem().as_bytes(),
        &[],
    )
    .unwrap();
    let sim = Simulator::start(SimConfig {
        tls: Some(config.rustls()),
        variants,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    MtlsSim {
        sim,
        tls: TargetTls {
            ca_pem: pki.ca_pem().into_bytes(),
            cert_pem: client.cert_pem().as_bytes().to_vec(),
            key_pem: client.key_pem().as_bytes().to_vec(),
        },
    }
}

/// Runs `source`'s suite against the simulator, with `budget` instead of the profile's.
pub(crate) async fn run_suite(sim: &MtlsSim, source: SourceId, budget: Option<Duration>) -> Report {
    let target = Target {
        base_url: sim.sim.base_url(source),
        tls: Some(sim.tls.clone()),
        schemas: schemas_dir(),
        budget,
    };
    provider::run(&suite(source), &target, spec()).await
}

/// The report as lines for an assertion message.
pub(crate) fn describe(report: &Report) -> String {
    report
        .cases
        .iter()
        .map(|c| format!("{:?} {}: {}", c.verdict, c.id, c.message))
        .collect::<Vec<_>>()
        .join("\n")
}

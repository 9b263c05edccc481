//! The fuzz targets' entry points. Each takes arbitrary bytes and drives one of Underlag's
//! parsers of outside input; a panic (or a broken invariant asserted here) is a finding.
//!
//! `fuzz_targets/*.rs` call these under libFuzzer (`cargo fuzz run <target>`, nightly), and
//! the workspace's `cargo test` replays every committed corpus file through the same
//! functions (`crates/cli/tests/it/fuzz_corpus.rs` includes this file), so CI needs no
//! nightly toolchain.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, header};
use jiff::civil::Date;
use tower::ServiceExt as _;
use underlag_audit::AuditRecord;
use underlag_domain::period::{parse_compact_date, parse_iso_date};
use underlag_domain::{
    Amount, Fingerprint, LefiActorId, Organisationsnummer, Period, Personnummer, SourceId,
};
use underlag_service::{AuditFailure, AuditSink, MemoryRegistry, Orchestrator};
use underlag_spec::Spec;
use underlag_upstream::agencies::{af, csn, fk, miv, skv, so, tns};

/// A fuzz target's entry point: arbitrary bytes in, a panic on a finding.
pub type EntryPoint = fn(&[u8]);

/// The names of the fuzz targets, each with its entry point; the corpus of target `t` is
/// `fuzz/corpus/t/`.
pub const TARGETS: [(&str, EntryPoint); 5] = [
    ("identifiers", identifiers),
    ("provider_answer", provider_answer),
    ("rest_request", rest_request),
    ("soap_request", soap_request),
    ("spec_loader", spec_loader),
];

/// "Today" for the parsers that need one.
fn today() -> Date {
    jiff::civil::date(2026, 6, 15)
}

/// The identifier and value parsers of `underlag-domain`: identity numbers (and their round
/// trip through the canonical form), organisation numbers, certificate fingerprints, LEFI
/// actor ids, amounts, the providers' date notations and ISO weeks, source codes.
pub fn identifiers(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(person) = Personnummer::parse(text, today()) {
        let again = Personnummer::parse_canonical(person.expose());
        assert!(
            again.is_ok_and(|p| p == person),
            "a parsed number re-parses"
        );
        let _ = (person.kind(), person.birth_date(), person.without_century());
        let _ = person.ten_digit_form(today());
    }
    if let Ok(person) = Personnummer::parse_canonical(text) {
        let _ = person.ten_digit_form(today());
    }
    if let Ok(organisation) = Organisationsnummer::parse(text) {
        let _ = organisation.to_string();
    }
    let _ = Fingerprint::parse(text);
    let _ = LefiActorId::parse(text);
    let _ = Amount::parse(text);
    let _ = parse_iso_date(text);
    let _ = parse_compact_date(text);
    let _ = Period::from_iso_week(text);
    if let Some((start, end)) = text.split_once('/') {
        let _ = Period::from_iso_weeks(start, end);
    }
    let _ = text.parse::<SourceId>();
}

fn spec() -> &'static Spec {
    static SPEC: OnceLock<Spec> = OnceLock::new();
    SPEC.get_or_init(|| Spec::embedded().expect("the embedded specification loads"))
}

/// Every provider's answer parser (`interpret_*` in `underlag-upstream`): the first byte
/// picks the parser and the content type, the rest is the body.
pub fn provider_answer(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let spec = spec();
    let content_type = match (selector >> 4) & 3 {
        0 => None,
        1 => Some("text/xml; charset=utf-8"),
        2 => Some("application/json"),
        _ => Some("text/xml; charset=utf-16"),
    };
    let text = String::from_utf8_lossy(body);
    let outcome = match selector % 11 {
        0 => af::interpret_body(spec, body, content_type),
        1 => csn::interpret_body(spec, body, content_type),
        2 => fk::interpret_body(spec, body, content_type),
        3 => miv::interpret_body(spec, body, content_type),
        4 => skv::interpret_body(spec, body, content_type),
        5 => so::interpret_body(spec, body, content_type),
        6 => tns::interpret_body(spec, body, content_type),
        7 => fk::interpret_error(500, body),
        8 => csn::interpret_svar(spec, &text),
        9 => skv::interpret_svar(spec, &text),
        _ => fk::interpret_base64(spec, &text),
    };
    let _ = outcome.kind();
}

/// An audit that keeps nothing (the doors under fuzzing need one that always works).
struct NullAudit(Mutex<u64>);

#[async_trait::async_trait]
impl AuditSink for NullAudit {
    async fn append(&self, _record: AuditRecord) -> Result<u64, AuditFailure> {
        let mut seq = self.0.lock().unwrap_or_else(|p| p.into_inner());
        *seq += 1;
        Ok(*seq)
    }
}

/// The REST and SOAP doors over a core with no agencies and an empty registry (every query
/// that reaches the binding is refused), on a runtime of their own.
fn doors() -> &'static (tokio::runtime::Runtime, Router) {
    static DOORS: OnceLock<(tokio::runtime::Runtime, Router)> = OnceLock::new();
    DOORS.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let spec = Arc::new(spec().clone());
        let orchestrator = Arc::new(
            Orchestrator::new(
                Vec::new(),
                Arc::new(NullAudit(Mutex::new(0))),
                underlag_service::OrchestratorConfig::default(),
            )
            .with_registry(Arc::new(MemoryRegistry::new()), Default::default()),
        );
        let state = underlag_api::AppState {
            orchestrator: orchestrator.clone(),
            spec: spec.clone(),
            today,
            status_events: None,
            body_limit: 64 * 1024,
        };
        let soap = underlag_soap::SoapState {
            orchestrator,
            spec,
            settings: underlag_soap::SoapSettings::default(),
        };
        let router = underlag_api::router(state, &underlag_api::ApiSettings::default())
            .merge(underlag_soap::router(soap));
        (runtime, router)
    })
}

/// The status and body of `POST path`.
fn post(path: &str, content_type: &str, body: &[u8]) -> (u16, Vec<u8>) {
    let (runtime, router) = doors();
    let request = Request::post(path)
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body.to_vec()))
        .expect("a request");
    runtime.block_on(async {
        let response = router
            .clone()
            .oneshot(request)
            .await
            .expect("the router answers");
        let status = response.status().as_u16();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("the answer is read");
        (status, body.to_vec())
    })
}

/// The REST request decoder: `POST /api/v1/queries` with the bytes as its JSON body. Bad
/// input is a client error, never a server error.
pub fn rest_request(data: &[u8]) {
    let (status, _) = post("/api/v1/queries", "application/json", data);
    assert!(status < 500, "a REST request answered {status}");
}

/// The SOAP request reader: `POST` of the bytes to the SSBTEK v10 endpoint (size limit,
/// streaming pre-scan, reading `hamtaBastjanstInformation`, its checks).
pub fn soap_request(data: &[u8]) {
    let (_, body) = post(
        underlag_soap::ENDPOINT_PATH,
        "text/xml; charset=utf-8",
        data,
    );
    // SOAP 1.1 answers every fault with 500, so the fault code tells: with an audit that
    // always works and no agencies, every fault is the client's, never the server's (an
    // internal error, e.g. a panic on the reading thread).
    let server_fault = b"<faultcode>soap:Server</faultcode>";
    assert!(
        !body.windows(server_fault.len()).any(|w| w == server_fault),
        "a SOAP request got a server fault"
    );
}

/// A copy of the repository's `spec/` folder in which the spec loader reads one file
/// replaced by the fuzz input.
struct SpecCopy {
    dir: tempfile::TempDir,
    files: Vec<(PathBuf, Vec<u8>)>,
}

fn spec_copy() -> &'static Mutex<SpecCopy> {
    static COPY: OnceLock<Mutex<SpecCopy>> = OnceLock::new();
    COPY.get_or_init(|| {
        let source = Path::new(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .find(|a| a.join("spec/sources").is_dir())
            .expect("the repository's spec folder")
            .join("spec");
        let dir = tempfile::tempdir().expect("a temporary folder");
        let mut files = Vec::new();
        for sub in ["sources", "kodverk"] {
            std::fs::create_dir_all(dir.path().join(sub)).expect("a folder");
            let mut names: Vec<_> = std::fs::read_dir(source.join(sub))
                .expect("the spec folder reads")
                .filter_map(|e| e.ok().map(|e| e.file_name()))
                .collect();
            names.sort();
            for name in names {
                let text = std::fs::read(source.join(sub).join(&name)).expect("a spec file");
                let path = dir.path().join(sub).join(&name);
                std::fs::write(&path, &text).expect("the copy is written");
                files.push((path, text));
            }
        }
        let concepts = std::fs::read(source.join("begrepp.toml")).expect("begrepp.toml");
        let path = dir.path().join("begrepp.toml");
        std::fs::write(&path, &concepts).expect("the copy is written");
        files.push((path, concepts));
        Mutex::new(SpecCopy { dir, files })
    })
}

/// The spec loader: the first byte picks one file of the specification (a source, a code
/// list or the concepts), the rest replaces it; loading must end in a specification or an
/// error naming the file, never a panic.
pub fn spec_loader(data: &[u8]) {
    let Some((&selector, text)) = data.split_first() else {
        return;
    };
    let copy = spec_copy().lock().unwrap_or_else(|p| p.into_inner());
    let (path, original) = &copy.files[usize::from(selector) % copy.files.len()];
    std::fs::write(path, text).expect("the fuzz input is written");
    if let Ok(spec) = Spec::load_dir(copy.dir.path()) {
        let _ = spec.render_markdown();
    }
    std::fs::write(path, original).expect("the original is restored");
}

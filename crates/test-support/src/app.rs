//! [`TestApp`]: the gateway as `underlag serve` builds it, on loopback port 0, wired to the
//! simulated agencies, over a test database, with Exempelkommun connected.

mod builder;
mod pki;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use jiff::civil::Date;
use serde_json::Value;
use underlag_audit::{AuditRecord, Channel};
use underlag_domain::{Personnummer, SourceId};
use underlag_gateway::Gateway;
use underlag_gateway::settings::Settings;
use underlag_service::registry::{Connection, Fingerprint};
use underlag_sim::{Fault, Population, SimHandle};
use underlag_spec::Spec;
use underlag_store::Change;
use underlag_store::tamper::{self, Step};

pub use builder::TestAppBuilder;
pub use pki::TestPki;

use crate::database::TestDb;
use crate::fixtures;
use crate::reply::{Doorway, Reply};

/// The overall deadline of a query in tests (short: agencies that hang end `timed_out`).
pub const DEADLINE_MS: u64 = 1500;
/// The default time budget of one agency call in tests.
pub const SOURCE_TIMEOUT_MS: u64 = 1200;

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for TestApp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestApp").finish_non_exhaustive()
    }
}

/// A running gateway with its simulated agencies and database.
pub struct TestApp {
    /// The gateway (its address, store, registry and orchestrator).
    pub gateway: Gateway,
    /// The simulated agencies (faults can be set while running).
    pub sim: SimHandle,
    /// The settings the gateway started with.
    pub settings: Settings,
    /// The information specification it loaded.
    pub spec: Arc<Spec>,
    /// The certificates, when it serves mutual TLS.
    pub pki: Option<TestPki>,
    client: reqwest::Client,
    database_url: String,
    dir: PathBuf,
    _db: Option<TestDb>,
}

impl TestApp {
    /// An app with the defaults (see [`TestAppBuilder`]).
    pub async fn start() -> TestApp {
        Self::builder().start().await
    }

    /// An app to be configured.
    pub fn builder() -> TestAppBuilder {
        TestAppBuilder::default()
    }

    /// The base URL, `http://127.0.0.1:PORT` (`https` over mTLS); on loopback also when the
    /// gateway listens on every address.
    pub fn url(&self) -> String {
        let url = self.gateway.url();
        if self.gateway.addr.ip().is_unspecified() {
            url.replace(&self.gateway.addr.ip().to_string(), "127.0.0.1")
        } else {
            url
        }
    }

    /// The database's URL, for the commands (`underlag audit`, `underlag admin`).
    pub fn database_url(&self) -> &str {
        &self.database_url
    }

    /// The test's folder (the SQLite file, the checkpoint keys).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The HTTP client the endpoint methods use (over mTLS: presenting Exempelkommun's
    /// certificate).
    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }

    /// The population the agencies answer from.
    pub fn population(&self) -> &Population {
        self.sim.population()
    }

    /// The person every agency knows.
    pub fn all_sources_person(&self) -> Personnummer {
        self.population().all_sources_person().personnummer.clone()
    }

    /// The year before the population's reference date, as ISO dates.
    pub fn last_year(&self) -> (String, String) {
        fixtures::last_year(self.population().reference_date())
    }

    /// The two years up to the reference date (the longest period LEFI accepts).
    pub fn two_years(&self) -> (Date, Date) {
        let period = fixtures::two_years(self.population().reference_date());
        (period.from(), period.to())
    }

    /// A query body about `person` over [`TestApp::last_year`], a case of its own.
    pub fn query(&self, person: &Personnummer) -> Value {
        fixtures::query(person.expose(), self.last_year())
    }

    /// Asks about `person` over [`TestApp::last_year`] (a case of its own); the answer, which
    /// must be 200.
    pub async fn ask(&self, person: &Personnummer) -> Value {
        let reply = self.post_query(&self.query(person)).await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        reply.json()
    }

    /// Every audit record so far, administrative ones included.
    pub async fn records(&self) -> Vec<AuditRecord> {
        self.gateway
            .store
            .records(1, 100_000)
            .await
            .expect("the store reads")
            .into_iter()
            .map(|c| c.record)
            .collect()
    }

    /// The records after `seq`, except the registry's own `admin` records.
    pub async fn records_after(&self, seq: u64) -> Vec<AuditRecord> {
        self.gateway
            .store
            .records(seq + 1, 100_000)
            .await
            .expect("the store reads")
            .into_iter()
            .map(|c| c.record)
            .filter(|r| r.kind.is_lookup())
            .collect()
    }

    /// Every lookup record (`query`, `refused`, `case_read`): not the `admin` or norm ones.
    pub async fn lookups(&self) -> Vec<AuditRecord> {
        self.records_after(0).await
    }

    /// The seq of the last record (0 for an empty trail).
    pub async fn head(&self) -> u64 {
        self.gateway.store.count().await.expect("the store counts")
    }

    /// Registers another connection (an audited registry change).
    pub async fn register(&self, connection: &Connection) {
        self.gateway
            .registry
            .add_connection(connection, &change())
            .await
            .expect("the connection is registered");
    }

    /// Registers a client certificate's SHA-256 fingerprint for Exempelkommun (audited), so a
    /// caller presenting it passes the certificate check.
    pub async fn add_certificate(&self, fingerprint: &str) {
        let fingerprint = Fingerprint::parse(fingerprint).expect("a SHA-256 fingerprint");
        self.gateway
            .registry
            .add_fingerprint(
                &fixtures::exempelkommun_organisation(),
                &fingerprint,
                &change(),
            )
            .await
            .expect("the certificate is registered");
    }

    /// From now on the store refuses every lookup record (`query`, `refused`, `case_read`):
    /// the audit is unavailable, while registry changes still commit. Done as an operator's
    /// mistake would be, with a trigger in the database.
    pub async fn fail_audit(&self) {
        let store = tamper::open(&self.database_url)
            .await
            .expect("the store opens");
        let steps = if self.database_url.starts_with("sqlite:") {
            vec![sql(
                "CREATE TRIGGER test_audit_unavailable BEFORE INSERT ON audit_record \
                 WHEN NEW.kind <> 'admin' \
                 BEGIN SELECT RAISE(ABORT, 'the audit is unavailable (test)'); END",
            )]
        } else {
            vec![
                sql(
                    "CREATE FUNCTION test_audit_unavailable() RETURNS trigger LANGUAGE plpgsql \
                     AS $$ BEGIN RAISE EXCEPTION 'the audit is unavailable (test)'; END $$",
                ),
                sql(
                    "CREATE TRIGGER test_audit_unavailable BEFORE INSERT ON audit_record \
                     FOR EACH ROW WHEN (NEW.kind <> 'admin') \
                     EXECUTE FUNCTION test_audit_unavailable()",
                ),
            ]
        };
        store
            .run(steps, false)
            .await
            .expect("the trigger is installed");
        store.close().await;
    }

    /// From now on `source` accepts requests and never answers (the gateway reports
    /// `timed_out`).
    pub async fn hang(&self, source: SourceId) {
        self.sim.set_fault(source, Fault::Hang).await;
    }

    /// From now on `source` answers with a well-formed message that breaks its field rules
    /// (the gateway reports `invalid_response`).
    pub async fn answer_invalidly(&self, source: SourceId) {
        self.sim.set_fault(source, Fault::SchemaInvalid).await;
    }

    /// Every agency answers normally again.
    pub async fn clear_faults(&self) {
        self.sim.clear_faults().await;
    }

    /// Stops the gateway (final checkpoint included), then the agencies.
    pub async fn stop(self) {
        self.gateway.stop().await;
        self.sim.shutdown().await;
    }
}

fn sql(text: &str) -> Step {
    Step::Sql(text.to_owned(), Vec::new())
}

/// A registry change made by a test.
fn change() -> Change {
    Change::now(uuid::Uuid::new_v4().to_string(), Channel::Cli, "test")
}

impl Doorway for TestApp {
    async fn call(&self, request: Request<Body>) -> Reply {
        let (parts, body) = request.into_parts();
        let body = body
            .collect()
            .await
            .expect("the request body is read")
            .to_bytes();
        let response = self
            .client
            .request(parts.method, format!("{}{}", self.url(), parts.uri))
            .headers(parts.headers)
            .body(body)
            .send()
            .await
            .expect("the gateway answers");
        let (status, headers) = (response.status(), response.headers().clone());
        let bytes = response.bytes().await.expect("the answer is read");
        Reply::new(status, &headers, &bytes)
    }
}

//! How a [`TestApp`] is started: the database, the simulator's faults, the gateway's settings
//! (timeouts, query-time registration, mTLS, a trusted proxy, anything else through
//! [`TestAppBuilder::settings`]), the listener (a fresh one, or one bound earlier so its URL is
//! known before the app starts) and the connection registered at start.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use underlag_audit::Channel;
use underlag_domain::SourceId;
use underlag_gateway::Gateway;
use underlag_gateway::app::load_spec;
use underlag_gateway::settings::Settings;
use underlag_service::registry::Connection;
use underlag_sim::{Fault, SimConfig, Simulator};
use underlag_store::Change;

use super::{DEADLINE_MS, SOURCE_TIMEOUT_MS, TestApp, TestPki};
use crate::database::{Backend, TestDb};
use crate::fixtures;

/// Where the app's database is.
enum Database {
    /// A fresh one of its own, on this backend.
    Own(Backend),
    /// One the test holds (`url`, and the folder for the app's files).
    Given { url: String, dir: PathBuf },
}

type Adjustment = Box<dyn FnOnce(&mut Settings) + Send>;

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for TestAppBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestAppBuilder").finish_non_exhaustive()
    }
}

/// A [`TestApp`] to be started. The defaults: a fresh SQLite database, every agency
/// answering, the deadline [`DEADLINE_MS`] and per-source timeout [`SOURCE_TIMEOUT_MS`],
/// plain HTTP on loopback, Exempelkommun connected for every source, and query-time
/// registration on, as in `underlag demo` (so a query's case needs no registration first;
/// `auto_register(false)` gives `underlag serve`'s default).
pub struct TestAppBuilder {
    database: Database,
    deadline_ms: u64,
    source_timeout_ms: u64,
    auto_register: bool,
    faults: BTreeMap<SourceId, Fault>,
    connection: Option<Connection>,
    pki: Option<TestPki>,
    gateway_client_certificate: bool,
    trust_proxy: bool,
    listener: Option<tokio::net::TcpListener>,
    adjustments: Vec<Adjustment>,
}

impl Default for TestAppBuilder {
    fn default() -> Self {
        Self {
            database: Database::Own(Backend::Sqlite),
            deadline_ms: DEADLINE_MS,
            source_timeout_ms: SOURCE_TIMEOUT_MS,
            auto_register: true,
            faults: BTreeMap::new(),
            connection: Some(fixtures::exempelkommun()),
            pki: None,
            gateway_client_certificate: true,
            trust_proxy: false,
            listener: None,
            adjustments: Vec::new(),
        }
    }
}

impl TestAppBuilder {
    /// A fresh database on `backend` (PostgreSQL needs `UNDERLAG_TEST_PG_URL`).
    pub fn backend(mut self, backend: Backend) -> Self {
        self.database = Database::Own(backend);
        self
    }

    /// The test's own database (which must outlive the app); the app's files go to its folder.
    pub fn database(mut self, db: &TestDb) -> Self {
        self.database = Database::Given {
            url: db.url().to_owned(),
            dir: db.dir().to_owned(),
        };
        self
    }

    /// A SQLite database at `path` (its folder need not exist: the store creates it), which
    /// the test cleans up; the app's files go beside it.
    pub fn sqlite_file(mut self, path: &Path) -> Self {
        self.database = Database::Given {
            url: format!("sqlite://{}", path.display()),
            dir: path.parent().unwrap_or(Path::new(".")).to_owned(),
        };
        self
    }

    /// The overall deadline of a query and the default time budget of one agency call.
    pub fn timeouts(mut self, deadline_ms: u64, source_timeout_ms: u64) -> Self {
        self.deadline_ms = deadline_ms;
        self.source_timeout_ms = source_timeout_ms;
        self
    }

    /// Query-time registration (`binding.auto_register_first_query`): a query on an unknown
    /// case registers it with the asked person as its household, as `underlag demo` does.
    pub fn auto_register(mut self, on: bool) -> Self {
        self.auto_register = on;
        self
    }

    /// The simulated agency `source` starts with `fault`.
    pub fn fault(mut self, source: SourceId, fault: Fault) -> Self {
        self.faults.insert(source, fault);
        self
    }

    /// The simulated agencies start with these faults.
    pub fn faults(mut self, faults: impl IntoIterator<Item = (SourceId, Fault)>) -> Self {
        self.faults.extend(faults);
        self
    }

    /// Every agency hangs except those in `answering`.
    pub fn hanging_except(self, answering: &[SourceId]) -> Self {
        let hanging: Vec<_> = SourceId::ALL
            .into_iter()
            .filter(|id| !answering.contains(id))
            .map(|id| (id, Fault::Hang))
            .collect();
        self.faults(hanging)
    }

    /// Registers `connection` at start instead of Exempelkommun's.
    pub fn connection(mut self, connection: Connection) -> Self {
        self.connection = Some(connection);
        self
    }

    /// Registers no connection at start.
    pub fn without_connection(mut self) -> Self {
        self.connection = None;
        self
    }

    /// Serves the gateway over mutual TLS with `pki`'s certificates and the agencies over TLS
    /// requiring the gateway's client certificate; the app's client presents Exempelkommun's.
    pub fn mtls(mut self, pki: TestPki) -> Self {
        self.pki = Some(pki);
        self
    }

    /// With [`TestAppBuilder::mtls`]: the gateway presents no client certificate to the
    /// agencies.
    pub fn without_gateway_client_certificate(mut self) -> Self {
        self.gateway_client_certificate = false;
        self
    }

    /// Trusts a TLS-terminating proxy (`server.trust_tls_terminating_proxy`) and so listens
    /// beyond loopback (`0.0.0.0:0`); the app's URL stays on loopback.
    pub fn trust_proxy(mut self) -> Self {
        self.trust_proxy = true;
        self
    }

    /// Serves on `listener`, bound earlier (so a test knows the app's URL before it starts,
    /// e.g. for an identity provider's redirect URL); `server.listen` is its address when the
    /// [`TestAppBuilder::settings`] changes run.
    pub fn listener(mut self, listener: tokio::net::TcpListener) -> Self {
        self.listener = Some(listener);
        self
    }

    /// Changes the settings further, after everything above is applied.
    pub fn settings(mut self, change: impl FnOnce(&mut Settings) + Send + 'static) -> Self {
        self.adjustments.push(Box::new(change));
        self
    }

    /// Starts the app; panics when it does not start.
    pub async fn start(self) -> TestApp {
        self.try_start().await.expect("the test app starts")
    }

    /// Starts the simulator, then the gateway wired to it, then registers the connection.
    pub async fn try_start(self) -> anyhow::Result<TestApp> {
        let (own_db, url, dir) = match self.database {
            Database::Own(backend) => {
                let db = TestDb::open(backend)
                    .await
                    .with_context(|| format!("{} is not set", crate::database::PG_URL_VAR))?;
                let (url, dir) = (db.url().to_owned(), db.dir().to_owned());
                (Some(db), url, dir)
            }
            Database::Given { url, dir } => (None, url, dir),
        };
        let mut sim = SimConfig {
            faults: self.faults,
            ..SimConfig::default()
        };
        if let Some(pki) = &self.pki {
            pki.serve_agencies(&mut sim);
        }
        let sim = Simulator::start(sim)
            .await
            .context("cannot start the simulated agencies")?;

        // The built-in defaults, not the environment of the test process.
        let mut settings = Settings::load_with_env(None, Some(HashMap::new()))?;
        settings.server.listen = "127.0.0.1:0".into();
        settings.database.url = url.clone();
        if !url.starts_with("sqlite:") {
            // Beside the SQLite file is the default; for PostgreSQL, the test's folder.
            settings.audit.signing_key_file = Some(dir.join("audit-signing.key"));
        }
        settings.query.deadline_ms = self.deadline_ms;
        settings.query.source_timeout_ms = self.source_timeout_ms;
        settings.binding.auto_register_first_query = self.auto_register;
        settings.agencies = SourceId::ALL
            .into_iter()
            .map(|id| (id.slug().to_owned(), sim.base_url(id)))
            .collect();
        settings.consent.bank_url = sim.bank_url();
        if let Some(pki) = &self.pki {
            pki.configure(&mut settings, self.gateway_client_certificate);
        }
        if self.trust_proxy {
            settings.server.listen = "0.0.0.0:0".into();
            settings.server.trust_tls_terminating_proxy = true;
        }
        if let Some(listener) = &self.listener {
            settings.server.listen = listener.local_addr()?.to_string();
        }
        for change in self.adjustments {
            change(&mut settings);
        }

        let spec = load_spec(&settings)?;
        let listener = match self.listener {
            Some(listener) => listener,
            None => tokio::net::TcpListener::bind(&settings.server.listen)
                .await
                .with_context(|| format!("cannot listen on {}", settings.server.listen))?,
        };
        let gateway = Gateway::start(&settings, spec.clone(), listener).await?;
        if let Some(connection) = &self.connection {
            let change = Change::now(uuid::Uuid::new_v4().to_string(), Channel::Cli, "test");
            gateway
                .registry
                .add_connection(connection, &change)
                .await
                .map_err(|e| anyhow::anyhow!("cannot register the connection: {e}"))?;
        }
        let client = match &self.pki {
            Some(pki) => pki.client(Some(&pki.kommun)),
            None => reqwest::Client::builder()
                .timeout(Duration::from_secs(20))
                .no_proxy()
                .build()?,
        };
        Ok(TestApp {
            gateway,
            sim,
            settings,
            spec,
            pki: self.pki,
            client,
            database_url: url,
            dir,
            _db: own_db,
        })
    }
}

//! Starting and steering the simulator: one listener per agency plus the control API, all on
//! loopback, on ephemeral ports unless fixed ports are asked for.

mod control;
mod listener;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

use jiff::civil::Date;
use tokio::sync::{Mutex, watch};
use tokio::task::JoinHandle;
use underlag_domain::SourceId;

use crate::agencies::bank::{self, BankCtx, BankFault};
use crate::agencies::{AgencyCtx, router};
use crate::fault::{Fault, FaultBoard};
use crate::population::{DEFAULT_REFERENCE_DATE, Population};
use crate::variants::{self, Variant};
use listener::{Acceptors, Desired, Supervised};

/// The LEFI actor id the simulator refuses with 403 by default.
pub const REFUSED_LEFI_ACTOR: &str = "00000000-0000-0000-0000-000000000403";

/// How to start the simulator.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// The population's reference date ("today" for the agencies).
    pub reference_date: Date,
    /// Faults in force from the start.
    pub faults: BTreeMap<SourceId, Fault>,
    /// LEFI actor ids (`aktorsId`) answered with 403.
    pub refused_lefi_actors: Vec<String>,
    /// Serve the agencies over TLS with this configuration (e.g. one requiring client
    /// certificates, from `underlag-tls`); `None` (the default) serves plain HTTP. The
    /// agencies speak HTTP/1.1 only, whatever ALPN the configuration offers.
    pub tls: Option<Arc<rustls::ServerConfig>>,
    /// The TLS configuration an agency with the `wrong_certificate` fault serves instead of
    /// `tls`: a certificate the gateway does not trust. `None`: that fault closes each
    /// connection at once.
    pub wrong_tls: Option<Arc<rustls::ServerConfig>>,
    /// Agencies started in a faulty variant (for the conformance kit).
    pub variants: BTreeMap<SourceId, Variant>,
    /// Fixed loopback ports per agency; an agency not named gets an ephemeral port.
    pub ports: BTreeMap<SourceId, u16>,
    /// A fixed loopback port for the control API; `None` (the default): an ephemeral port.
    pub control_port: Option<u16>,
    /// The simulated bank's fault from the start (`None`: it answers normally).
    pub bank_fault: Option<BankFault>,
    /// A fixed loopback port for the simulated bank; `None` (the default): an ephemeral port.
    pub bank_port: Option<u16>,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            reference_date: DEFAULT_REFERENCE_DATE,
            faults: BTreeMap::new(),
            refused_lefi_actors: vec![REFUSED_LEFI_ACTOR.to_owned()],
            tls: None,
            wrong_tls: None,
            variants: BTreeMap::new(),
            ports: BTreeMap::new(),
            control_port: None,
            bank_fault: None,
            bank_port: None,
        }
    }
}

/// Why the simulator could not start.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    /// A loopback port could not be bound.
    #[error("could not bind a loopback port: {0}")]
    Bind(#[from] std::io::Error),
    /// A variant was asked for an agency it means nothing for.
    #[error("the variant {variant} does not apply to {agency}")]
    Variant {
        /// The agency.
        agency: SourceId,
        /// The variant.
        variant: Variant,
    },
    /// A fixed port asked for could not be bound (in use, or not allowed).
    #[error("could not bind loopback port {port} for {what}: {error}")]
    FixedPort {
        /// What the port was for (an agency's code, or `control`).
        what: &'static str,
        /// The port asked for.
        port: u16,
        /// Why it could not be bound.
        error: std::io::Error,
    },
}

/// State shared by the handle and the control API.
pub(crate) struct Shared {
    pub(crate) faults: Arc<FaultBoard>,
    /// The simulated bank (its fault is set through it).
    pub(crate) bank: Arc<BankCtx>,
    listeners: Mutex<BTreeMap<SourceId, Supervised>>,
}

fn desired_for(fault: Option<Fault>) -> Desired {
    match fault {
        Some(Fault::ConnectionRefused) => Desired::Refuse,
        Some(Fault::WrongCertificate) => Desired::ServeWrongCertificate,
        _ => Desired::Serve,
    }
}

impl Shared {
    pub(crate) async fn set_fault(&self, source: SourceId, fault: Fault) {
        self.faults.set(source, fault);
        self.apply(source).await;
    }

    pub(crate) async fn clear_fault(&self, source: SourceId) {
        self.faults.clear(source);
        self.apply(source).await;
    }

    pub(crate) async fn clear_faults(&self) {
        self.faults.clear_all();
        for source in SourceId::ALL {
            self.apply(source).await;
        }
    }

    async fn apply(&self, source: SourceId) {
        let want = desired_for(self.faults.get(source));
        if let Some(l) = self.listeners.lock().await.get_mut(&source) {
            l.set(want).await;
        }
    }
}

/// The simulator.
#[derive(Debug)]
pub struct Simulator;

impl Simulator {
    /// Generates the population and starts the agencies and the control API.
    pub async fn start(config: SimConfig) -> Result<SimHandle, SimError> {
        let population = Arc::new(Population::generate(config.reference_date));
        let faults = Arc::new(FaultBoard::new(config.faults.clone()));
        let refused = Arc::new(config.refused_lefi_actors.clone());
        let tls = Acceptors {
            right: config.tls.as_ref().map(listener::http1_acceptor),
            wrong: config.wrong_tls.as_ref().map(listener::http1_acceptor),
        };
        if let Some((&source, &variant)) = config.variants.iter().find(|(s, v)| !v.applies_to(**s))
        {
            return Err(SimError::Variant {
                agency: source,
                variant,
            });
        }
        let mut listeners = BTreeMap::new();
        let mut addrs = BTreeMap::new();
        for source in SourceId::ALL {
            let variant = config.variants.get(&source).copied();
            let tls = Acceptors {
                right: config
                    .tls
                    .as_ref()
                    .map(|c| listener::http1_acceptor(&variants::tls_config(c, variant))),
                wrong: tls.wrong.clone(),
            };
            let ctx = AgencyCtx::new(source, population.clone(), faults.clone(), refused.clone());
            let app = variants::wrap(router(ctx), source, variant, population.clone());
            let port = config.ports.get(&source).copied();
            let supervised = Supervised::start(
                app,
                desired_for(config.faults.get(&source).copied()),
                tls,
                port.unwrap_or(0),
            )
            .await
            .map_err(|error| match port {
                Some(port) => SimError::FixedPort {
                    what: source.code(),
                    port,
                    error,
                },
                None => SimError::Bind(error),
            })?;
            addrs.insert(source, supervised.addr);
            listeners.insert(source, supervised);
        }
        let bank = BankCtx::new(population.clone(), config.bank_fault);
        let bank_listener = Supervised::start(
            bank::router(bank.clone()),
            Desired::Serve,
            Acceptors {
                right: None,
                wrong: None,
            },
            config.bank_port.unwrap_or(0),
        )
        .await
        .map_err(|error| match config.bank_port {
            Some(port) => SimError::FixedPort {
                what: "bank",
                port,
                error,
            },
            None => SimError::Bind(error),
        })?;
        let shared = Arc::new(Shared {
            faults,
            bank,
            listeners: Mutex::new(listeners),
        });
        let control_port = config.control_port.unwrap_or(0);
        let control_listener = tokio::net::TcpListener::bind(("127.0.0.1", control_port))
            .await
            .map_err(|error| match config.control_port {
                Some(port) => SimError::FixedPort {
                    what: "control",
                    port,
                    error,
                },
                None => SimError::Bind(error),
            })?;
        let control_addr = control_listener.local_addr()?;
        let (stop_tx, mut stop_rx) = watch::channel(false);
        let app = control::router(shared.clone());
        let control_task = tokio::spawn(async move {
            let stopped = async move {
                let _ = stop_rx.wait_for(|s| *s).await;
            };
            let _ = axum::serve(control_listener, app)
                .with_graceful_shutdown(stopped)
                .await;
        });
        tracing::info!(agencies = addrs.len(), "simulator started");
        Ok(SimHandle {
            shared,
            population,
            addrs,
            bank_addr: bank_listener.addr,
            bank_listener: Mutex::new(bank_listener),
            control_addr,
            scheme: if tls.right.is_some() { "https" } else { "http" },
            stop_control: stop_tx,
            control_task: Some(control_task),
        })
    }
}

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for SimHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimHandle").finish_non_exhaustive()
    }
}

/// A running simulator. Dropping it stops the listeners too (without waiting).
pub struct SimHandle {
    shared: Arc<Shared>,
    population: Arc<Population>,
    addrs: BTreeMap<SourceId, SocketAddr>,
    bank_listener: Mutex<Supervised>,
    bank_addr: SocketAddr,
    control_addr: SocketAddr,
    scheme: &'static str,
    stop_control: watch::Sender<bool>,
    control_task: Option<JoinHandle<()>>,
}

impl SimHandle {
    /// The agency's base URL, like `http://127.0.0.1:PORT` (`https` when serving TLS; no
    /// trailing slash).
    pub fn base_url(&self, source: SourceId) -> String {
        format!("{}://{}", self.scheme, self.addr(source))
    }

    /// The agency's socket address.
    pub fn addr(&self, source: SourceId) -> SocketAddr {
        // Invariant: `start` inserts an address for every source.
        self.addrs[&source]
    }

    /// The simulated bank's base URL (`http://127.0.0.1:PORT`, no trailing slash; the
    /// Berlin Group paths start with `/v1`).
    pub fn bank_url(&self) -> String {
        format!("http://{}", self.bank_addr())
    }

    /// The simulated bank's socket address.
    pub fn bank_addr(&self) -> SocketAddr {
        self.bank_addr
    }

    /// Sets (`Some`) or clears (`None`) the simulated bank's fault; in force at once.
    pub fn set_bank_fault(&self, fault: Option<BankFault>) {
        self.shared.bank.set_fault(fault);
    }

    /// How many requests reached the simulated bank since it started.
    pub fn bank_calls(&self) -> u64 {
        self.shared.bank.calls()
    }

    /// The simulated bank's fault in force.
    pub fn bank_fault(&self) -> Option<BankFault> {
        self.shared.bank.fault()
    }

    /// The control API's base URL.
    pub fn control_url(&self) -> String {
        format!("http://{}", self.control_addr)
    }

    /// The population the agencies answer from.
    pub fn population(&self) -> &Population {
        &self.population
    }

    /// Sets (or replaces) the fault for `source`; returns once it is in force.
    pub async fn set_fault(&self, source: SourceId, fault: Fault) {
        self.shared.set_fault(source, fault).await;
    }

    /// Clears the fault for `source`; returns once the agency answers normally again.
    pub async fn clear_fault(&self, source: SourceId) {
        self.shared.clear_fault(source).await;
    }

    /// Clears every fault.
    pub async fn clear_faults(&self) {
        self.shared.clear_faults().await;
    }

    /// The faults in force.
    pub fn faults(&self) -> BTreeMap<SourceId, Fault> {
        self.shared.faults.snapshot()
    }

    /// Stops every listener (aborting hung requests) and the control API, and waits.
    pub async fn shutdown(mut self) {
        self.stop_control.send_replace(true);
        for l in self.shared.listeners.lock().await.values_mut() {
            l.stop().await;
        }
        self.bank_listener.lock().await.stop().await;
        if let Some(task) = self.control_task.take() {
            let _ = task.await;
        }
        tracing::info!("simulator stopped");
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        self.stop_control.send_replace(true);
        if let Ok(listeners) = self.shared.listeners.try_lock() {
            for l in listeners.values() {
                l.signal_stop();
            }
        }
        if let Ok(bank) = self.bank_listener.try_lock() {
            bank.signal_stop();
        }
    }
}

//! Where the agencies are: per-agency endpoint configuration, and the constructor that builds
//! every source's adapter from it.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use underlag_domain::SourceId;
use underlag_service::SourceAdapter;
use underlag_spec::Spec;

use crate::agencies::{af, agi, csn, fk, kfm, miv, skv, so, tns};
use crate::http::AgencyClient;

/// The connect timeout used unless configured (the reference client's 5 s).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// How many connections to one agency the gateway holds open at most unless configured
/// (`query.max_connections_per_agency`): calls beyond it wait for a free one, within their
/// deadline.
pub const DEFAULT_MAX_CONNECTIONS: usize = 512;

/// The LEFI actor id the FK ping uses unless configured.
pub const DEFAULT_LEFI_PING_ACTOR: &str = "underlag-ping";

/// How to reach one agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyEndpoint {
    /// The agency's base URL (`http://127.0.0.1:8101`); the routes of `docs/agency-wire.md`
    /// are appended to it.
    pub base_url: String,
    /// How long to wait for a TCP/TLS connection. There is no overall timeout: the
    /// orchestrator imposes deadlines.
    pub connect_timeout: Duration,
    /// The TLS configuration for `https` URLs (pinned CA, the gateway's client certificate);
    /// `None` uses reqwest's defaults.
    pub tls: Option<AgencyTls>,
    /// Calls in progress to this agency at most, so at most this many connections (at least
    /// 1): a call beyond it waits for one to finish.
    pub max_connections: usize,
}

impl AgencyEndpoint {
    /// An endpoint with the default connect timeout and connection cap.
    pub fn new(base_url: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into(),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            tls: None,
            max_connections: DEFAULT_MAX_CONNECTIONS,
        }
    }

    /// The same endpoint with a cap on concurrent calls (connections); 0 counts as 1.
    pub fn with_max_connections(mut self, max: usize) -> Self {
        self.max_connections = max.max(1);
        self
    }

    /// The same endpoint with a TLS configuration.
    pub fn with_tls(mut self, tls: AgencyTls) -> Self {
        self.tls = Some(tls);
        self
    }
}

/// A rustls client configuration for calls to an agency (built by `underlag-tls`). Two are
/// equal when they are the same configuration.
#[derive(Debug, Clone)]
pub struct AgencyTls(pub Arc<rustls::ClientConfig>);

impl PartialEq for AgencyTls {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for AgencyTls {}

/// The endpoints of all agencies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    agencies: BTreeMap<SourceId, AgencyEndpoint>,
    /// The LEFI actor id (aktörsid) the FK ping asks about.
    pub lefi_ping_actor_id: String,
}

impl Default for Endpoints {
    fn default() -> Self {
        Self {
            agencies: BTreeMap::new(),
            lefi_ping_actor_id: DEFAULT_LEFI_PING_ACTOR.to_owned(),
        }
    }
}

impl Endpoints {
    /// No endpoints yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Endpoints from base URLs, with the default connect timeout.
    pub fn from_base_urls<I, S>(urls: I) -> Self
    where
        I: IntoIterator<Item = (SourceId, S)>,
        S: Into<String>,
    {
        let mut endpoints = Self::new();
        for (source, url) in urls {
            endpoints.insert(source, AgencyEndpoint::new(url));
        }
        endpoints
    }

    /// Sets one agency's endpoint.
    pub fn insert(&mut self, source: SourceId, endpoint: AgencyEndpoint) -> &mut Self {
        self.agencies.insert(source, endpoint);
        self
    }

    /// One agency's endpoint.
    pub fn get(&self, source: SourceId) -> Option<&AgencyEndpoint> {
        self.agencies.get(&source)
    }

    fn client(&self, source: SourceId) -> Result<AgencyClient, EndpointError> {
        let endpoint = self.get(source).ok_or(EndpointError::Missing(source))?;
        AgencyClient::new(source, endpoint)
    }
}

/// Why the adapters could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EndpointError {
    /// No endpoint is configured for a source.
    #[error("no endpoint configured for {0}")]
    Missing(SourceId),
    /// A base URL is not a usable http(s) URL.
    #[error("invalid base URL for {agency}: {reason}")]
    InvalidUrl {
        /// Which source.
        agency: SourceId,
        /// Why.
        reason: String,
    },
    /// The HTTP client could not be built.
    #[error("cannot build the HTTP client for {agency}: {reason}")]
    Client {
        /// Which source.
        agency: SourceId,
        /// Why.
        reason: String,
    },
}

/// Builds the adapter of every source, in [`SourceId::ALL`] order. Every source needs an
/// endpoint.
pub fn adapters(
    endpoints: &Endpoints,
    spec: Arc<Spec>,
) -> Result<Vec<Arc<dyn SourceAdapter>>, EndpointError> {
    SourceId::ALL
        .into_iter()
        .map(|source| adapter(endpoints, source, spec.clone()))
        .collect()
}

/// Builds one source's adapter.
pub fn adapter(
    endpoints: &Endpoints,
    source: SourceId,
    spec: Arc<Spec>,
) -> Result<Arc<dyn SourceAdapter>, EndpointError> {
    let http = endpoints.client(source)?;
    Ok(match source {
        SourceId::Fk => Arc::new(fk::FkAdapter::new(
            http,
            spec,
            &endpoints.lefi_ping_actor_id,
        )),
        SourceId::Af => Arc::new(af::AfAdapter::new(http, spec)),
        SourceId::Csn => Arc::new(csn::CsnAdapter::new(http, spec)),
        SourceId::Skv => Arc::new(skv::SkvAdapter::new(http, spec)),
        SourceId::So => Arc::new(so::SoAdapter::new(http, spec)),
        SourceId::Tns => Arc::new(tns::TnsAdapter::new(http, spec)),
        SourceId::Miv => Arc::new(miv::MivAdapter::new(http, spec)),
        SourceId::Agi => Arc::new(agi::AgiAdapter::new(http, spec)),
        SourceId::Kfm => Arc::new(kfm::KfmAdapter::new(http, spec)),
    })
}

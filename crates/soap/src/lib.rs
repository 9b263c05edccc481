//! The SSBTEK v10 SOAP endpoint: the drop-in door for case systems built against the
//! published contract (`Sammansatt_Bastjanst_v10.wsdl`, SOAP 1.1, document/literal). A
//! municipality switches by changing one URL.
//!
//! It is a facade over the same core as REST: a `hamtaBastjanstInformation` becomes a
//! [`CompositeQuery`](underlag_service::CompositeQuery) (channel `soap`) run by the same
//! [`Orchestrator`] — one orchestration, one audit record, one set of adapters — and each
//! provider's answer is returned in that provider's own namespace and shape, taken from the
//! raw payload the adapter received.
//!
//! # Endpoints
//!
//! | method and path | what |
//! |---|---|
//! | `POST /ssbtek/v10/BastjanstInformation` | `hamtaBastjanstInformation`, `testaBastjanstInformation` (dispatch on the Body's element; `SOAPAction` may be empty) |
//! | `GET /ssbtek/v10/BastjanstInformation?wsdl` | the WSDL, `soap:address` set to the configured public URL (see below) |
//! | `GET /ssbtek/v10/schemas/{path}` | the contract tree (XSDs, the WSDL, the LEFI v9 OpenAPI), read-only, compiled in |
//!
//! The WSDL's `soap:address` (and its `xsd:include`) come from
//! [`SoapSettings::public_url`], set with [`SoapSettings::with_public_url`] to the URL
//! clients use (through any proxy). Without one, a request whose `Host` names the loopback
//! interface (`localhost`, `127.0.0.0/8`, `[::1]`) gets that host, with `https` when it came
//! over the mTLS listener; any other request for the WSDL is refused with HTTP 421, so the
//! address is never one a caller chose (a shared cache cannot be poisoned through `Host`).
//!
//! # Mapping
//!
//! - `ingivare` → organisation (12 digits, `16` + organisationsnummer), name, case worker;
//!   `personidentitet` (12 digits, check digit), `arendeidentitet`, `tidsperiod` (`from <=
//!   tom`, at most as many days as the core's period rule allows, `PeriodRule::max_days`:
//!   731 for a limit of 24 months or less), `syfte`, `lagtext`;
//!   `personuppgiftsbitrade[]` → the query's data processors (they reach the audit record).
//! - `frageTidpunkt` and `korrelationsid` are echoed; `fraganSkallInkluderasISvaret=true`
//!   echoes the checked question as `fraga` (its values in canonical form; absent means
//!   false, as the schema's default).
//! - Free-text fields (`ingivare/namn`, `handlaggare`, `arendeidentitet`, `syfte`,
//!   `lagtext`, `korrelationsid`, `personuppgiftsbitrade/namn`, FK's `aktorsid` and
//!   `version`): XML white space around the value is dropped; then, as in REST
//!   ([`underlag_domain::free_text`]), a value with a control character (a line break, a tab,
//!   DEL, C1) or a bidirectional formatting character, or longer than 500 characters, is
//!   refused with `SSBT-003` naming the field. (XML 1.0 cannot carry NUL or ESC at all: such
//!   a request is `SSBT-001`.)
//! - `inkludera` per provider → the sources asked; only included providers appear in
//!   `svarsdata`. A provider's `tidsperiod` overrides the general one for that provider.
//! - FK `fraga`: `lefiJsonFraga` is checked against the LEFI v9 request rules
//!   (see the `lefi_request` module) and forwarded unchanged; `aktorsid` is the LEFI
//!   actor id unless the organisation's connection registers one. Without `fraga` the adapter
//!   builds its own LEFI request with the actor id the core chooses (the connection's, else
//!   the configured one). `version` must be absent or `v9`. An FK request that breaks the
//!   rules is not sent: FK answers `error` `SSBT-105` and the other providers answer as usual.
//! - `lefiJsonSvar` is base64 of the LEFI answer JSON exactly as received (`avvikelser`
//!   kept).
//! - A person with protected identity: a provider payload the core withheld becomes that
//!   provider's `error` `SSBT-SKYDD`; nothing else of it is sent.
//!
//! # Felkoder
//!
//! A failure of the whole call is a SOAP 1.1 Fault (HTTP 500, `text/xml`) whose `detail`
//! holds `hamtaBastjanstInformationFault` or `testaBastjanstInformationFault`
//! (`felkod`, `felmeddelande+`). Client faults (`soap:Client`, or `soap:VersionMismatch` /
//! `soap:MustUnderstand`) will fail again unchanged; server faults (`soap:Server`) may
//! succeed later. Messages are Swedish, name the offending field, and never echo values.
//!
//! | felkod | where | faultcode / kalla | meaning |
//! |---|---|---|---|
//! | `SSBT-001` | Fault | `soap:Client` | not well-formed XML, not UTF-8, or empty |
//! | `SSBT-002` | Fault | `soap:VersionMismatch` / `soap:Client` | not a SOAP 1.1 envelope, payload outside `http://schema.forsakringskassan.se/integration/ssbt/10`, unknown operation, or not exactly one Body element |
//! | `SSBT-003` | Fault | `soap:Client` | a field is missing or invalid (every problem is listed, by path), e.g. an inverted period or a wrong check digit |
//! | `SSBT-004` | Fault | `soap:Client` | the body is larger than the limit (default 1 MiB; refused while streaming in) |
//! | `SSBT-005` | Fault | `soap:Client` | a DOCTYPE, entity declaration or entity reference (never expanded) |
//! | `SSBT-006` | Fault | `soap:Client` | the document is over one of the [`SoapLimits`] (defaults: 64 levels, 20 000 elements, 32 attributes or 32 namespace declarations on one element, 1 024 attributes and 128 namespace declarations in all, names of 256 bytes, attribute values of 1 024 bytes, 128 KiB of text), or reading it took longer than the parse budget (1 s) |
//! | `SSBT-007` | Fault | `soap:MustUnderstand` | a SOAP header with `mustUnderstand="1"` (none is understood) |
//! | `SSBT-008` | Fault | `soap:Client` | the body did not arrive within the read timeout |
//! | `SSBT-010` | Fault | `soap:Server` | the audit store could not record the query, so no data is released |
//! | `SSBT-011` | Fault | `soap:Server` | internal error while writing the answer |
//! | `SSBT-012` | Fault | `soap:Server` | the connection registry could not be read, so the query could not be checked; no source was called |
//! | `SSBT-020` | Fault | `soap:Client` | the purpose and case binding refused the query (the reason code, e.g. `organisation_unknown`, `purpose_not_allowed`, `period_too_long`, `person_not_in_household`, and the field are given); no source was called, the refusal was audited |
//! | `SSBT-101` | provider `error` | `SSBT` | the provider did not answer in time |
//! | `SSBT-102` | provider `error` | `SSBT` | the provider could not be reached (transport failure, HTTP 5xx, circuit open, no adapter) |
//! | `SSBT-103` | provider `error` | `SSBT` | the provider's answer broke the information specification's rules; the rule ids are listed |
//! | `SSBT-104` | provider `error` | `SSBT` | the organisation is not entitled to the provider; it was not called |
//! | `SSBT-105` | FK `error` | `SSBT` | `lefiJsonFraga` or `version` breaks the LEFI v9 request rules; FK was not called |
//! | `SSBT-106` | provider `error` | `SSBT` | the provider's answer could not be expressed in its contract shape |
//! | `SSBT-SKYDD` | provider `error` | `SSBT` | protected identity: the provider's payload is withheld |
//! | the provider's own code | provider `error` | `BT` | the provider reported an error (e.g. Skatteverket `9071001`, LEFI `400`/`403`, `REJECTED` for an HTTP 4xx refusal) |
//!
//! # Hostile input
//!
//! The body is read under a size limit while it streams in (a larger `Content-Length` is
//! refused before reading). Everything after that is CPU work and runs on a blocking thread
//! (`spawn_blocking`), never on an async worker, under a time budget
//! ([`SoapLimits::parse_budget`]): a streaming pre-scan, without a tree, refuses a DOCTYPE
//! and bounds every dimension of the document that makes building a tree costly — depth,
//! elements, attributes and namespace declarations per element and in the document, name
//! and attribute-value lengths, total text ([`SoapLimits`]) — and looks
//! at the clock as it goes; only then does the tree parser (which refuses DTDs and caps its
//! node count) run, and the request is read. A hostile document of 1 MiB is refused in
//! milliseconds (`SSBT-006`), and such refusals happen before the core, so they are not
//! audited (as every request that is not a readable query). Memory is bounded by the body
//! limit; nothing panics (a panic would still become an `SSBT-011` fault).
//!
//! # Logging
//!
//! Only operation, query id, felkod, provider codes, outcome kinds and latencies are
//! logged; never a payload, an identity number or a name.

mod contract;
mod echo;
mod endpoint;
mod envelope;
mod fault;
mod lefi_request;
mod limits;
mod ping;
mod provider_payload;
mod public_url;
mod request;
mod response;
mod wsdl;
mod xml_copy;
mod xml_write;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::response::IntoResponse;
use axum::routing::get;
use underlag_service::Orchestrator;
use underlag_spec::Spec;

pub use contract::{SOAP_ENV_NS, SSBT_NS, V10_PROVIDERS};
pub use limits::SoapLimits;
pub use public_url::{PublicUrl, PublicUrlError};
pub use wsdl::{ENDPOINT_PATH, SCHEMAS_PREFIX};

/// Limits and defaults of the SOAP endpoint.
#[derive(Debug, Clone)]
pub struct SoapSettings {
    /// The largest request body accepted, in bytes (default 1 MiB).
    pub body_limit: usize,
    /// The limits on the request document, checked before any tree is built.
    pub limits: SoapLimits,
    /// How long the body may take to arrive (default 30 s).
    pub read_timeout: Duration,
    /// The deadline of each provider's test service in `testaBastjanstInformation`
    /// (default 5 s).
    pub ping_deadline: Duration,
    /// The gateway's public base URL, which the WSDL names as the endpoint's address
    /// (default none: only loopback `Host`s get a WSDL; see the crate documentation).
    pub public_url: Option<PublicUrl>,
}

impl SoapSettings {
    /// These settings with the WSDL's address under `url` (e.g. `https://ssbtek.kommun.example`).
    pub fn with_public_url(mut self, url: &str) -> Result<Self, PublicUrlError> {
        self.public_url = Some(PublicUrl::parse(url)?);
        Ok(self)
    }
}

impl Default for SoapSettings {
    fn default() -> Self {
        Self {
            body_limit: 1024 * 1024,
            limits: SoapLimits::default(),
            read_timeout: Duration::from_secs(30),
            ping_deadline: Duration::from_secs(5),
            public_url: None,
        }
    }
}

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for SoapState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SoapState").finish_non_exhaustive()
    }
}

/// What the SOAP handlers share.
#[derive(Clone)]
pub struct SoapState {
    /// The application core, shared with REST.
    pub orchestrator: Arc<Orchestrator>,
    /// The information specification (Swedish labels of violated rules).
    pub spec: Arc<Spec>,
    /// Limits and defaults.
    pub settings: SoapSettings,
}

/// The SOAP routes. The router has no fallback, so it merges with the REST router.
pub fn router(state: SoapState) -> Router {
    Router::new()
        .route(ENDPOINT_PATH, get(wsdl::get_endpoint).post(endpoint::post))
        .route(
            &format!("{SCHEMAS_PREFIX}/{{*path}}"),
            get(wsdl::get_schema),
        )
        .with_state(state)
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            |_: Box<dyn std::any::Any + Send>| {
                fault::Fault::internal(fault::Operation::Hamta).into_response()
            },
        ))
}

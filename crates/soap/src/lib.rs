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
//! | `GET /ssbtek/v10/BastjanstInformation?wsdl` | the WSDL, `soap:address` set to the URL the caller used |
//! | `GET /ssbtek/v10/schemas/{path}` | the contract tree (XSDs, the WSDL, the LEFI v9 OpenAPI), read-only, compiled in |
//!
//! # Mapping
//!
//! - `ingivare` → organisation (12 digits, `16` + organisationsnummer), name, case worker;
//!   `personidentitet` (12 digits, check digit), `arendeidentitet`, `tidsperiod` (`from <=
//!   tom`, at most `max_period_days`), `syfte`, `lagtext`; `personuppgiftsbitrade[]` → the
//!   query's data processors (they reach the audit record).
//! - `frageTidpunkt` and `korrelationsid` are echoed; `fraganSkallInkluderasISvaret=true`
//!   echoes the checked question as `fraga` (its values in canonical form; absent means
//!   false, as the schema's default).
//! - `inkludera` per provider → the sources asked; only included providers appear in
//!   `svarsdata`. A provider's `tidsperiod` overrides the general one for that provider.
//! - FK `fraga`: `lefiJsonFraga` is checked against the LEFI v9 request rules
//!   (see the `lefi_request` module) and forwarded unchanged; `aktorsid` is the LEFI
//!   actor id. Without `fraga` the adapter builds its own LEFI request with the configured
//!   actor id. `version` must be absent or `v9`. An FK request that breaks the rules is not
//!   sent: FK answers `error` `SSBT-105` and the other providers answer as usual.
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
//! | `SSBT-006` | Fault | `soap:Client` | nested deeper than the limit (default 64) or more elements than the limit (default 20 000) |
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
//! refused before reading), then pre-scanned with a streaming reader for DOCTYPE, depth and
//! element count before any tree is built; the tree parser refuses DTDs and caps its node
//! count. Memory is bounded by the body limit; nothing panics (a panic would still become an
//! `SSBT-011` fault).
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

pub use contract::{SOAP_ENV_NS, SSBT_NS};
pub use wsdl::{ENDPOINT_PATH, SCHEMAS_PREFIX};

/// Limits and defaults of the SOAP endpoint.
#[derive(Debug, Clone)]
pub struct SoapSettings {
    /// The largest request body accepted, in bytes (default 1 MiB).
    pub body_limit: usize,
    /// The deepest element nesting accepted (default 64).
    pub max_depth: usize,
    /// The most elements accepted in one request (default 20 000).
    pub max_nodes: u32,
    /// How long the body may take to arrive (default 30 s).
    pub read_timeout: Duration,
    /// The longest period accepted, in days (default 731, as REST).
    pub max_period_days: i32,
    /// The LEFI actor id used when FK is included without a `fraga`.
    pub lefi_actor_id: String,
    /// The deadline of each provider's test service in `testaBastjanstInformation`
    /// (default 5 s).
    pub ping_deadline: Duration,
}

impl Default for SoapSettings {
    fn default() -> Self {
        Self {
            body_limit: 1024 * 1024,
            max_depth: 64,
            max_nodes: 20_000,
            read_timeout: Duration::from_secs(30),
            max_period_days: 731,
            lefi_actor_id: "UNDERLAG-DEMO".to_owned(),
            ping_deadline: Duration::from_secs(5),
        }
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

//! Underlag's agency adapters: the only code that talks to the sources (the seven behind
//! SSBTEK, and AGI and Kronofogden).
//!
//! Each agency module (`agencies::fk`, `af`, `csn`, `skv`, `so`, `tns`, `miv`, `agi`, `kfm`)
//! holds its [`SourceAdapter`](underlag_service::SourceAdapter), which builds the native request of
//! `docs/agency-wire.md`, POSTs it and classifies transport failures, and a `wire` module that
//! maps the provider's message tree to the canonical
//! [`SourceData`](underlag_domain::model::SourceData). FK has an adapter of its own; the others
//! describe themselves (routes, protocol, request, how an answer is read) to the one
//! shared [`AgencyAdapter`](agencies::AgencyAdapter), in SOAP, plain XML or JSON.
//!
//! Every agency exposes one public `interpret(spec, root) -> Outcome` over its message root,
//! used by the HTTP path and by tests on the contract fixtures alike, plus the unwrapping its
//! transport needs (`interpret_body`, and base64 or string payloads where the provider has
//! them). The flow is always: bytes → parse (DTDs refused, never a panic) → field rules of
//! the information specification → the provider's own error and no-match signals → mapping,
//! with warnings kept beside the data.
//!
//! Logging carries only the agency, operation, HTTP status, latency and byte counts: never a
//! payload, an identity number or a name.

pub mod agencies;
mod charset;
mod endpoint;
mod http;
mod interpretation;
mod location_scrub;
mod mapping;
mod message;
mod soap;
pub mod ssbtek;
mod xml_write;

pub use endpoint::{
    AgencyEndpoint, AgencyTls, DEFAULT_CONNECT_TIMEOUT, DEFAULT_LEFI_PING_ACTOR,
    DEFAULT_MAX_CONNECTIONS, EndpointError, Endpoints, adapter, adapters,
};
pub use http::MAX_BODY_BYTES;
pub use interpretation::RULE_IDENTITY;
pub use mapping::RULE_MAPPING;
pub use message::RULE_PARSE;

//! Underlag's conformance kit (*testmodell och teststrategi*): agencies and case-system vendors
//! prove their connection, failures included, before they go live.
//!
//! - [`case`]: the cases and scenarios as data files (`conformance/cases/<source>/*.toml`,
//!   `conformance/scenarios/*.toml`); adding one needs no Rust;
//! - [`provider`]: the provider suite, run against an agency's live base service with the
//!   gateway's own request builders and `interpret` functions;
//! - [`consumer`]: the consumer stand-in, a scripted gateway (REST and v10 SOAP) for case-system
//!   vendors, which checks every request and records which scenarios were exercised;
//! - [`report`]: results as JUnit XML, HTML and a signed JSON report;
//! - [`spec_schemas`]: Underlag's own schemas (`spec/schemas/`) for the sources without a
//!   published contract (AGI, Kronofogden), compiled in.
//!
//! A case that could not run is a failed case: there is no "skipped".

pub mod case;
pub mod consumer;
pub mod provider;
pub mod report;
pub mod spec_schemas;

//! The application core: one composite query fanned out to every source under one deadline,
//! each source ending in exactly one typed outcome, the whole answer audited before it is
//! returned.
//!
//! Architecture invariants:
//! - no HTTP server, database or agency protocol in here: those sit behind [`port`],
//!   [`audit_port`] and [`registry_port`] traits;
//! - every query passes the purpose and case binding ([`orchestrator::binding`]) before any
//!   source is called, whatever channel it came through: a door builds a parsed
//!   [`CompositeQuery`], the binding's admission step decides it and only the admitted plan
//!   ([`AdmittedQuery`]) is run; every read of a case's household
//!   passes the same checks and is audited before it is returned ([`orchestrator::cases`]);
//! - a source that did not answer is never turned into "no data";
//! - no personal data in tracing fields or messages, nor in what the measurement port
//!   ([`observer`]) reports.

pub mod audit_port;
pub mod circuit_breaker;
pub mod clock;
pub mod norm_port;
pub mod observer;
pub mod orchestrator;
pub mod port;
pub mod query;
pub mod registry_port;

pub use audit_port::{AuditFailure, AuditSink};
pub use circuit_breaker::{BreakerConfig, BreakerState};
pub use norm_port::{
    MemoryNormArchive, NormArchive, NormArchiveError, StoredCalculation, StoredDecision,
    StoredSectionVerdict, TableImport,
};
pub use observer::{NoObserver, QueryEnd, QueryObserver};
pub use orchestrator::{
    AdmittedQuery, ArchiveError, BindingConfig, CaseError, CaseRequest, Orchestrator,
    OrchestratorConfig, QueryError, Readiness, Reason, SavedWithDecisions,
};
pub use port::{
    Answer, CallerIdentity, DataProcessor, FetchError, QueryContext, SourceAdapter, SourceRequest,
};
pub use query::{Attribution, Channel, CompositeAnswer, CompositeQuery, LefiFraga};
pub use registry_port::{MemoryRegistry, ReadinessNote, Registry, RegistryChange, RegistryError};
pub use underlag_registry as registry;

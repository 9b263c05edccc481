//! The composition root: the settings, and the gateway built from them — the store, the
//! registry port, the audit sink with its checkpoint writer, the adapters towards the
//! agencies, the orchestrator, the REST and SOAP doors and the mTLS audit hook — started and
//! stopped as one service. Every entry point (the `underlag` command, tests) builds the
//! gateway here.

pub mod app;
pub mod audit_sink;
pub mod checkpoints;
pub mod keys;
pub mod metrics;
pub mod readiness;
pub mod settings;
mod status_events;
pub mod store_registry;
pub mod trace_export;

pub use app::{Gateway, load_spec, shutdown_signal};
pub use readiness::{ReadinessNote, readiness_notes};
pub use settings::Settings;

//! The `underlag` command's library half: the composition root and the commands, kept in a
//! library so end-to-end tests can start the same gateway in-process.

pub mod app;
pub mod audit_sink;
pub mod commands;
pub mod settings;
pub mod store_registry;
pub mod summary;
pub mod telemetry;

//! The integration tests' shared fixtures (a dev-dependency of every crate's `tests/it`, never
//! of a library or its unit tests).
//!
//! - [`TestApp`]: the gateway as `underlag serve` builds it (`Gateway::start`), on loopback
//!   port 0, wired to the simulated agencies (also on loopback), over a fresh SQLite file or
//!   PostgreSQL schema, with the Exempelkommun connection registered; one method per endpoint
//!   (through [`Doorway`]), each returning a [`Reply`].
//! - [`Doors`]: the REST and SOAP doors in-process over an orchestrator whose agencies the test
//!   gives (scripted ones by default, counting their calls), an in-memory audit and registry:
//!   for tests of a door itself, of scripted outcomes, or on tokio's paused clock.
//! - [`MemoryAudit`], the Exempelkommun connection and query bodies ([`fixtures`]), and the two
//!   storage backends ([`TestDb`], [`on_both_backends!`]), and captured [`Logs`].

mod app;
mod audit;
mod database;
mod doors;
pub mod fixtures;
mod logs;
mod reply;

pub use app::{DEADLINE_MS, SOURCE_TIMEOUT_MS, TestApp, TestAppBuilder, TestPki};
pub use audit::MemoryAudit;
pub use database::{Backend, PG_URL_VAR, TestDb, note_skipped};
pub use doors::{CountingAdapter, Doors, DoorsBuilder, FIXED_TODAY, Served, simulated_agencies};
pub use logs::Logs;
pub use reply::{Doorway, Reply, json_request};

//! The `underlag` command's library half: the commands, which parse arguments, call the
//! gateway (`underlag-gateway`, the composition root) and print, kept in a library so
//! end-to-end tests can start the same gateway in-process.

// Printing results and reports on stdout is what a command-line tool is for.
#![allow(clippy::print_stdout)]

pub mod client_tls;
pub mod commands;
pub mod options;
pub mod summary;
pub mod telemetry;

pub use underlag_gateway::{app, settings};

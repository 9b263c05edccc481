//! Integration tests of the case-worker UI over HTTP, against the real gateway, simulator
//! and audit store (one binary, see ARCHITECTURE.md "Testing").

mod app;
mod browser;
mod client;
mod follow_up;
mod oidc_flow;
mod overview;
mod pages;
mod roles;

//! The UI's pages, one module per page or group of pages; see `ROUTES.md` for the contract.

pub mod admin;
pub mod calculation;
pub mod concepts;
pub mod detail;
pub mod export;
pub mod log;
pub mod lookup;
pub mod oidc;
pub mod overview;
pub mod signin;

//! The portal's pages, one module per page group. A new group is a new module here, one
//! line in the router (`lib.rs`) and one line in the navigation list (`layout.rs`).

pub mod application;
pub mod applications;
pub mod cases;
pub mod consent;
pub mod insyn;
pub mod oidc;
pub mod signin;
pub mod start;

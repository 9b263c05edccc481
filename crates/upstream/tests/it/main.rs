//! Integration tests of the agency adapters: the contract fixtures, synthetic answers for
//! every outcome rule, malformed answers, and HTTP classification against a local server.

mod common;
mod fixtures;
mod http;
mod logging;
mod malformed;
mod mapping_fk;
mod mapping_fk_shapes;
mod mapping_others;
mod mapping_shapes;

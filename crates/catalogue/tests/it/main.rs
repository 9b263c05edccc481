//! Integration tests of the error catalogue against the documents that publish its codes.

// Test code fails loudly by design, and its measurements report on stdout.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

mod documentation;

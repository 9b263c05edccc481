//! Integration tests of the error catalogue against the documents that publish its codes.

mod documentation;

//! The checked-in OpenAPI document: valid OpenAPI 3.1 whose `$ref`s all resolve, and whose
//! schemas accept exactly what the API serializes and what it accepts (checked with real
//! values from the domain types and from the router, plus negative controls).

mod answers;
mod canonical;
mod document;
mod requests;
mod routes;
mod serialization;
mod support;

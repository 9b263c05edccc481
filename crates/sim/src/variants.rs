//! Faulty variants of a simulated agency, chosen at start ([`crate::SimConfig::variants`]),
//! for the conformance kit: each makes the agency break its contract in one way, so the
//! provider suite can show that it catches that fault and names it.
//!
//! A variant is a layer around the agency's router: it sees the request (to tell a ping from
//! a question, and an unknown person from a known one) and rewrites the finished answer
//! (namespace, a required field, a code, the dates, the protection marker), also inside
//! Skatteverket's string-escaped and CSN's base64 documents and a-kassornas UTF-16, for the
//! v10 providers and for AGI and Kronofogden alike (`rewrite.rs` says how each fault reads in
//! each wire format). The
//! agencies themselves are unchanged. `accepts_without_client_certificate` instead serves
//! the agency's TLS without asking for a client certificate.

mod rewrite;
mod text;

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use underlag_domain::{Personnummer, SourceId};

use crate::population::Population;
use rewrite::rewrite;
use text::decode;

/// How long the `slow_beyond_budget` variant waits before answering: far beyond any source's
/// time budget (clients give up first).
pub const SLOW_DELAY: Duration = Duration::from_secs(120);

/// The namespace the `wrong_namespace` variant puts in place of the provider's.
pub const WRONG_NAMESPACE: &str = "http://example.invalid/wrong-namespace";

/// The largest request or answer body a variant reads.
const MAX_BODY: usize = 16 * 1024 * 1024;

/// One way of breaking the contract. JSON and command-line form: the snake-case name.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Variant {
    /// The message root in a namespace that is not the provider's.
    WrongNamespace,
    /// A field the contract requires is left out.
    MissingRequiredField,
    /// A coded value outside its kodverk.
    CodeOutsideKodverk,
    /// Dates written `dd.mm.yyyy` instead of the contract's notation.
    WrongDateFormat,
    /// Every question is answered only after [`SLOW_DELAY`].
    SlowBeyondBudget,
    /// The test service (ping) answers HTTP 500.
    #[serde(rename = "http_500_on_ping")]
    Http500OnPing,
    /// A person unknown to the agency gets an error instead of the contract's "no match".
    NoMatchAsError,
    /// TLS without asking for a client certificate.
    AcceptsWithoutClientCertificate,
    /// A protected person's answer without the protection marker.
    ProtectedWithoutMarker,
}

impl Variant {
    /// Every variant.
    pub const ALL: [Variant; 9] = [
        Variant::WrongNamespace,
        Variant::MissingRequiredField,
        Variant::CodeOutsideKodverk,
        Variant::WrongDateFormat,
        Variant::SlowBeyondBudget,
        Variant::Http500OnPing,
        Variant::NoMatchAsError,
        Variant::AcceptsWithoutClientCertificate,
        Variant::ProtectedWithoutMarker,
    ];

    /// The snake-case name (`wrong_namespace`, …).
    pub fn name(self) -> &'static str {
        match self {
            Variant::WrongNamespace => "wrong_namespace",
            Variant::MissingRequiredField => "missing_required_field",
            Variant::CodeOutsideKodverk => "code_outside_kodverk",
            Variant::WrongDateFormat => "wrong_date_format",
            Variant::SlowBeyondBudget => "slow_beyond_budget",
            Variant::Http500OnPing => "http_500_on_ping",
            Variant::NoMatchAsError => "no_match_as_error",
            Variant::AcceptsWithoutClientCertificate => "accepts_without_client_certificate",
            Variant::ProtectedWithoutMarker => "protected_without_marker",
        }
    }

    /// Whether the variant means anything for `source`: LEFI's JSON has no namespace (for
    /// Kronofogden's JSON the variant renames a top-level member instead), Transportstyrelsen's
    /// answer has no date, and only LEFI, AF and CSN have a protection marker (AGI's and
    /// Kronofogden's messages have none).
    pub fn applies_to(self, source: SourceId) -> bool {
        match self {
            Variant::WrongNamespace => source != SourceId::Fk,
            Variant::WrongDateFormat => source != SourceId::Tns,
            Variant::ProtectedWithoutMarker => {
                matches!(source, SourceId::Fk | SourceId::Af | SourceId::Csn)
            }
            _ => true,
        }
    }
}

impl std::fmt::Display for Variant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is no variant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown variant '{0}'")]
pub struct UnknownVariant(pub String);

impl FromStr for Variant {
    type Err = UnknownVariant;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Variant::ALL
            .into_iter()
            .find(|v| v.name() == s.trim())
            .ok_or_else(|| UnknownVariant(s.to_owned()))
    }
}

/// What the layer needs.
#[derive(Clone)]
struct Layer {
    source: SourceId,
    variant: Variant,
    population: Arc<Population>,
}

/// `router` with `variant` applied (unchanged when there is none).
pub(crate) fn wrap(
    router: Router,
    source: SourceId,
    variant: Option<Variant>,
    population: Arc<Population>,
) -> Router {
    match variant {
        None | Some(Variant::AcceptsWithoutClientCertificate) => router,
        Some(variant) => router.layer(middleware::from_fn_with_state(
            Layer {
                source,
                variant,
                population,
            },
            apply,
        )),
    }
}

/// The TLS configuration of an agency in `variant`: without client authentication for
/// `accepts_without_client_certificate`, else `config` itself.
pub(crate) fn tls_config(
    config: &Arc<rustls::ServerConfig>,
    variant: Option<Variant>,
) -> Arc<rustls::ServerConfig> {
    if variant != Some(Variant::AcceptsWithoutClientCertificate) {
        return config.clone();
    }
    let provider = config.crypto_provider().clone();
    match rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
    {
        Ok(builder) => Arc::new(
            builder
                .with_no_client_auth()
                .with_cert_resolver(config.cert_resolver.clone()),
        ),
        Err(_) => config.clone(),
    }
}

async fn apply(State(layer): State<Layer>, request: Request, next: Next) -> Response {
    let is_ping = request.method() == Method::GET;
    if is_ping {
        if layer.variant == Variant::Http500OnPing {
            return (StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error").into_response();
        }
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let Ok(body) = to_bytes(body, MAX_BODY).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "too large").into_response();
    };
    match layer.variant {
        Variant::SlowBeyondBudget => tokio::time::sleep(SLOW_DELAY).await,
        Variant::NoMatchAsError if !asks_about_known_person(&layer, parts.uri.path(), &body) => {
            return error_answer(layer.source);
        }
        _ => {}
    }
    let response = next.run(Request::from_parts(parts, Body::from(body))).await;
    if !response.status().is_success() {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(body) = to_bytes(body, MAX_BODY).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "too large").into_response();
    };
    let rewritten = rewrite(layer.source, layer.variant, &body).unwrap_or_else(|| body.to_vec());
    let mut response = Response::from_parts(parts, Body::from(rewritten));
    response.headers_mut().remove(header::CONTENT_LENGTH);
    response
}

/// Whether the request names a person this agency knows (every run of 10 or 12 digits in the
/// path and body is tried as an identity number).
fn asks_about_known_person(layer: &Layer, path: &str, body: &[u8]) -> bool {
    let text = decode(body).map(|(t, _)| t).unwrap_or_default();
    let today = layer.population.reference_date();
    let mut run = String::new();
    let mut known = false;
    for c in path.chars().chain(text.chars()).chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            run.push(c);
            continue;
        }
        if run.len() == 10 || run.len() == 12 {
            let parsed = if run.len() == 12 {
                Personnummer::parse_canonical(&run)
            } else {
                Personnummer::parse(&run, today)
            };
            if let Ok(p) = parsed
                && layer
                    .population
                    .get(&p)
                    .is_some_and(|person| person.known_to(layer.source))
            {
                known = true;
            }
        }
        run.clear();
    }
    known
}

/// The agency's error answer: LEFI's error body for FK, a SOAP fault for the SOAP agencies,
/// plain text for AF, AGI's `Status` FEL, Kronofogden's `fel`.
fn error_answer(source: SourceId) -> Response {
    let (content_type, body) = match source {
        SourceId::Fk => (
            "application/json",
            r#"{"meddelande":"Internt fel.","timestamp":"2026-11-01T00:00:00Z"}"#.to_owned(),
        ),
        SourceId::Af => (
            "text/plain; charset=utf-8",
            "Internal Server Error".to_owned(),
        ),
        SourceId::Agi => (
            "application/xml",
            format!(
                "<IndividuppgifterSvar xmlns=\"{}\"><Status>FEL</Status><Fel><Felkod>AGI-500</Felkod>\
                 <Feltext>Internt fel</Feltext></Fel></IndividuppgifterSvar>",
                crate::agencies::agi::AGI_NS
            ),
        ),
        SourceId::Kfm => ("application/json", r#"{"fel":"Internt fel."}"#.to_owned()),
        _ => (
            "text/xml; charset=utf-8",
            "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>\
             <soap:Fault><faultcode>soap:Server</faultcode><faultstring>Internt fel</faultstring>\
             </soap:Fault></soap:Body></soap:Envelope>"
                .to_owned(),
        ),
    };
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, content_type)],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests;

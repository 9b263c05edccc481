//! Faulty variants of a simulated agency, chosen at start ([`crate::SimConfig::variants`]),
//! for the conformance kit: each makes the agency break its contract in one way, so the
//! provider suite can show that it catches that fault and names it.
//!
//! A variant is a layer around the agency's router: it sees the request (to tell a ping from
//! a question, and an unknown person from a known one) and rewrites the finished answer
//! (namespace, a required field, a code, the dates, the protection marker), also inside
//! Skatteverket's string-escaped and CSN's base64 documents and a-kassornas UTF-16. The
//! agencies themselves are unchanged. `accepts_without_client_certificate` instead serves
//! the agency's TLS without asking for a client certificate.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use underlag_domain::{Personnummer, SourceId};

use crate::population::Population;

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

    /// Whether the variant means anything for `source`: LEFI's JSON has no namespace,
    /// Transportstyrelsen's answer has no date, and only LEFI, AF and CSN have a protection
    /// marker.
    pub fn applies_to(self, source: SourceId) -> bool {
        match self {
            _ if !source.is_v10() => false,
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
/// plain text for AF.
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

/// The body as text, and whether it was UTF-16 (little-endian with a byte-order mark).
fn decode(body: &[u8]) -> Option<(String, bool)> {
    if let Some(rest) = body.strip_prefix(&[0xFF, 0xFE]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16(&units).ok().map(|t| (t, true));
    }
    std::str::from_utf8(body)
        .ok()
        .map(|t| (t.to_owned(), false))
}

fn encode(text: &str, utf16: bool) -> Vec<u8> {
    if !utf16 {
        return text.as_bytes().to_vec();
    }
    let mut out = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_le_bytes());
    }
    out
}

/// The answer with the variant's fault, or `None` to leave it as it is.
fn rewrite(source: SourceId, variant: Variant, body: &[u8]) -> Option<Vec<u8>> {
    let (text, utf16) = decode(body)?;
    let changed = if source == SourceId::Fk {
        rewrite_lefi(variant, &text)?
    } else if source == SourceId::Csn {
        // CSN's message is the base64 document in `svar`.
        map_base64_svar(&text, |inner| rewrite_xml(source, variant, inner))?
    } else if source == SourceId::Skv {
        // Skatteverket's message is the XML-escaped document in `svar`.
        map_escaped_svar(&text, |inner| rewrite_xml(source, variant, inner))?
    } else {
        rewrite_xml(source, variant, &text)?
    };
    Some(encode(&changed, utf16))
}

/// The provider's namespace (as in the information specification).
fn namespace(source: SourceId) -> Option<&'static str> {
    Some(match source {
        SourceId::Af => "http://api.arbetsformedlingen.se/arbetssokande/ersattningsstod/v2",
        SourceId::Csn => "http://schema.csn.se/v4.0/kommunfraga",
        SourceId::Skv => {
            "http://xmls.skatteverket.se/se/skatteverket/zg/instans/standardiseradInformation/1.0"
        }
        SourceId::So => "http://INT014.UBPService.Schemas",
        SourceId::Tns => "http://schema.transportstyrelsen.se/ssbtek/hamtauppgifterresponder/1",
        SourceId::Miv => "http://schema.migrationsverket.se/ssbtek/1/",
        SourceId::Fk | SourceId::Agi | SourceId::Kfm => return None,
    })
}

/// The required element each agency's variant leaves out.
fn required_element(source: SourceId) -> Option<&'static str> {
    Some(match source {
        SourceId::Af => "StatusSokandeinformationKod",
        SourceId::Csn => "Personer",
        SourceId::Skv => "StatusPersonuppgiftKod",
        SourceId::So => "StatusSvarandeOrganisation",
        SourceId::Tns => "resultat",
        SourceId::Miv => "correlationid",
        SourceId::Fk => "personnummer",
        SourceId::Agi | SourceId::Kfm => return None,
    })
}

/// The coded element each agency's variant puts an unknown code in, and the code.
fn coded_element(source: SourceId) -> Option<(&'static str, &'static str)> {
    Some(match source {
        SourceId::Af => ("StatusSokandeinformationKod", "77"),
        SourceId::Csn => ("stodform", "ZZ"),
        SourceId::Skv => ("StatusPersonuppgiftKod", "77"),
        SourceId::So => ("StatusSvarandeOrganisation", "ZZ"),
        SourceId::Tns => ("fordonsslag", "ZZ"),
        SourceId::Miv => ("arendeTyp", "ZZ"),
        SourceId::Fk => ("typ", "77"),
        SourceId::Agi | SourceId::Kfm => return None,
    })
}

fn rewrite_xml(source: SourceId, variant: Variant, text: &str) -> Option<String> {
    match variant {
        Variant::WrongNamespace => {
            let ns = namespace(source)?;
            text.contains(ns).then(|| text.replace(ns, WRONG_NAMESPACE))
        }
        Variant::MissingRequiredField => remove_element(text, required_element(source)?),
        Variant::CodeOutsideKodverk => {
            let (name, code) = coded_element(source)?;
            replace_element_text(text, name, code)
        }
        Variant::WrongDateFormat => {
            let iso = rewrite_iso_dates(text);
            let out = if source == SourceId::Csn {
                rewrite_compact_dates(&iso)
            } else {
                iso
            };
            (out != text).then_some(out)
        }
        Variant::ProtectedWithoutMarker => match source {
            SourceId::Af => {
                Some(text.replace("Sekretessmarkering>true<", "Sekretessmarkering>false<"))
            }
            SourceId::Csn => Some(text.replace("sekretess=\"J\"", "sekretess=\"  \"")),
            _ => None,
        },
        _ => None,
    }
}

fn rewrite_lefi(variant: Variant, text: &str) -> Option<String> {
    if variant == Variant::WrongDateFormat {
        let out = rewrite_iso_dates(text);
        return (out != text).then_some(out);
    }
    let mut value: serde_json::Value = serde_json::from_str(text).ok()?;
    let changed = match variant {
        Variant::MissingRequiredField => edit_json(&mut value, &mut |key, v| {
            if key != "generellPersoninformation" {
                return false;
            }
            let mut any = false;
            let items = match v {
                serde_json::Value::Array(items) => items.iter_mut().collect(),
                other => vec![other],
            };
            for item in items {
                if let Some(o) = item.as_object_mut() {
                    any |= o.remove("personnummer").is_some();
                }
            }
            any
        }),
        Variant::CodeOutsideKodverk => edit_json(&mut value, &mut |key, v| {
            if key == "utbetalningsuppgift"
                && let Some(items) = v.as_array_mut()
            {
                let mut any = false;
                for item in items {
                    if let Some(id) = item.pointer_mut("/typ/id") {
                        *id = serde_json::json!(77);
                        any = true;
                    }
                }
                return any;
            }
            false
        }),
        Variant::ProtectedWithoutMarker => edit_json(&mut value, &mut |key, v| {
            if key == "skyddad" && v == &serde_json::Value::Bool(true) {
                *v = serde_json::Value::Bool(false);
                return true;
            }
            false
        }),
        _ => false,
    };
    changed.then(|| value.to_string())
}

/// Calls `edit` on every (key, value) of every object, depth first; whether any call changed
/// something.
fn edit_json(
    value: &mut serde_json::Value,
    edit: &mut dyn FnMut(&str, &mut serde_json::Value) -> bool,
) -> bool {
    let mut changed = false;
    match value {
        serde_json::Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                changed |= edit(key, child);
                changed |= edit_json(child, edit);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                changed |= edit_json(item, edit);
            }
        }
        _ => {}
    }
    changed
}

/// Applies `f` to the base64 document in the first `svar` element.
fn map_base64_svar(text: &str, f: impl FnOnce(&str) -> Option<String>) -> Option<String> {
    let (start, end) = element_text_range(text, "svar")?;
    let inner = String::from_utf8(STANDARD.decode(text[start..end].trim()).ok()?).ok()?;
    let changed = f(&inner)?;
    Some(format!(
        "{}{}{}",
        &text[..start],
        STANDARD.encode(changed),
        &text[end..]
    ))
}

/// Applies `f` to the XML-escaped document in the first `svar` element.
fn map_escaped_svar(text: &str, f: impl FnOnce(&str) -> Option<String>) -> Option<String> {
    let (start, end) = element_text_range(text, "svar")?;
    let inner = text[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
    let changed = f(&inner)?
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    Some(format!("{}{changed}{}", &text[..start], &text[end..]))
}

/// Where the start tag of the first element named `local` (any prefix) begins and ends.
fn start_tag(text: &str, local: &str) -> Option<(usize, usize, String)> {
    let mut from = 0;
    while let Some(found) = text[from..].find('<') {
        let open = from + found;
        let rest = &text[open + 1..];
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len());
        let qname = &rest[..name_end];
        let matches = qname == local || qname.rsplit_once(':').is_some_and(|(_, l)| l == local);
        if matches && !qname.starts_with('/') {
            let close = open + 1 + rest.find('>')?;
            return Some((open, close + 1, qname.to_owned()));
        }
        from = open + 1;
    }
    None
}

/// The text range of the first element named `local`'s content (up to its first child or end).
fn element_text_range(text: &str, local: &str) -> Option<(usize, usize)> {
    let (_, content_start, _) = start_tag(text, local)?;
    let len = text[content_start..].find('<')?;
    Some((content_start, content_start + len))
}

fn replace_element_text(text: &str, local: &str, value: &str) -> Option<String> {
    let (start, end) = element_text_range(text, local)?;
    Some(format!("{}{value}{}", &text[..start], &text[end..]))
}

fn remove_element(text: &str, local: &str) -> Option<String> {
    let (open, content_start, qname) = start_tag(text, local)?;
    if text[..content_start].ends_with("/>") {
        return Some(format!("{}{}", &text[..open], &text[content_start..]));
    }
    let closing = format!("</{qname}>");
    let end = content_start + text[content_start..].find(&closing)? + closing.len();
    Some(format!("{}{}", &text[..open], &text[end..]))
}

/// `yyyy-mm-dd` → `dd.mm.yyyy`, everywhere.
fn rewrite_iso_dates(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let window = bytes.get(i..i + 10);
        let is_date = window.is_some_and(|w| {
            w.iter().enumerate().all(|(k, b)| match k {
                4 | 7 => *b == b'-',
                _ => b.is_ascii_digit(),
            })
        }) && (i == 0 || !bytes[i - 1].is_ascii_digit())
            && bytes.get(i + 10).is_none_or(|b| !b.is_ascii_digit());
        if is_date {
            let d = &text[i..i + 10];
            out.push_str(&format!("{}.{}.{}", &d[8..10], &d[5..7], &d[..4]));
            i += 10;
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// Element text of exactly eight digits starting 19 or 20 (CSN's `yyyymmdd`) → `dd.mm.yyyy`.
fn rewrite_compact_dates(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find('>') {
        out.push_str(&rest[..=pos]);
        rest = &rest[pos + 1..];
        let value_len = rest.find('<').unwrap_or(0);
        let value = &rest[..value_len];
        if value.len() == 8
            && value.bytes().all(|b| b.is_ascii_digit())
            && (value.starts_with("19") || value.starts_with("20"))
        {
            out.push_str(&format!(
                "{}.{}.{}",
                &value[6..8],
                &value[4..6],
                &value[..4]
            ));
            rest = &rest[value_len..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests;

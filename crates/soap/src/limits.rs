//! Reading a request under limits: the body size (enforced while the body streams in, so a
//! huge body never sits in memory) and the time to receive it; then, on a blocking thread,
//! a streaming pre-scan ([`scan`]) that bounds every dimension of the document before any
//! tree is built, and finally a parse that refuses DTDs and caps the node count. Every
//! refusal is a SOAP fault; nothing here panics.

mod scan;

use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, header};
use http_body_util::BodyExt;
use underlag_catalogue::Code;

use crate::fault::{Fault, Felkod};

pub(crate) use scan::{Budget, prescan};

/// The limits an incoming request document is held to. A streaming pre-scan checks every
/// one of them before any tree is built, so the cost of reading a request is linear in its
/// size and small: a real `hamtaBastjanstInformation` has about 60 elements, a handful of
/// namespace declarations, one attribute per provider and a few hundred bytes of text.
///
/// A document over any limit is refused with `SSBT-006`. The defaults leave a wide margin
/// above any real request of the v10 contract (including WS-Security or WS-Addressing
/// headers a client may add).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SoapLimits {
    /// The deepest element nesting (default 64).
    pub max_depth: usize,
    /// The most elements in one request (default 20 000).
    pub max_elements: u32,
    /// The most attributes on one element, namespace declarations included (default 32).
    pub max_attributes_per_element: usize,
    /// The most attributes in the whole document, namespace declarations included
    /// (default 1 024).
    pub max_attributes: usize,
    /// The most namespace declarations (`xmlns`, `xmlns:p`) on one element (default 32).
    pub max_namespace_declarations_per_element: usize,
    /// The most namespace declarations in the whole document (default 128).
    pub max_namespace_declarations: usize,
    /// The longest element or attribute name, prefix included, in bytes (default 256).
    pub max_name_bytes: usize,
    /// The longest attribute value, in bytes as sent (default 1 024).
    pub max_attribute_value_bytes: usize,
    /// The most character data in the document, in bytes: text, CDATA sections, comments,
    /// processing instructions and references, with their delimiters (default 128 KiB).
    pub max_text_bytes: usize,
    /// How long checking, parsing and reading one request may take on its blocking thread
    /// (default 1 s); the pre-scan looks at the clock as it goes.
    pub parse_budget: Duration,
}

impl Default for SoapLimits {
    fn default() -> Self {
        Self {
            max_depth: 64,
            max_elements: 20_000,
            max_attributes_per_element: 32,
            max_attributes: 1024,
            max_namespace_declarations_per_element: 32,
            max_namespace_declarations: 128,
            max_name_bytes: 256,
            max_attribute_value_bytes: 1024,
            max_text_bytes: 128 * 1024,
            parse_budget: Duration::from_secs(1),
        }
    }
}

/// The limits a body is received under.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BodyLimits {
    pub(crate) body_bytes: usize,
    pub(crate) read_timeout: Duration,
}

/// Reads the body, refusing it as soon as it is known to exceed the limit (by its
/// `Content-Length`, or by what has arrived) and when it does not arrive in time.
pub(crate) async fn read_body(
    headers: &HeaderMap,
    body: Body,
    limits: BodyLimits,
) -> Result<Vec<u8>, Fault> {
    let too_large = || Fault::of(Code::PayloadTooLarge, &[("limit", &limits.body_bytes)]);
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limits.body_bytes as u64) {
        return Err(too_large());
    }
    let read = async {
        let mut body = body;
        let mut bytes: Vec<u8> = Vec::with_capacity(declared.map_or(8192, |n| n as usize));
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|_| {
                Fault::new(Felkod::Malformed, "Meddelandet kunde inte läsas till slut.")
            })?;
            if let Ok(data) = frame.into_data() {
                if bytes.len() + data.len() > limits.body_bytes {
                    return Err(too_large());
                }
                bytes.extend_from_slice(&data);
            }
        }
        Ok(bytes)
    };
    tokio::time::timeout(limits.read_timeout, read)
        .await
        .unwrap_or_else(|_| {
            Err(Fault::of(
                Code::RequestTimeout,
                &[("timeout_s", &limits.read_timeout.as_secs())],
            ))
        })
}

/// The body as text: UTF-8 (a byte-order mark is allowed), as the `Content-Type` must say
/// when it names a charset.
pub(crate) fn decode(content_type: Option<&HeaderValue>, bytes: Vec<u8>) -> Result<String, Fault> {
    let charset = content_type.and_then(|v| v.to_str().ok()).and_then(|v| {
        v.split(';')
            .skip(1)
            .filter_map(|p| p.split_once('='))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("charset"))
            .map(|(_, v)| v.trim().trim_matches('"').to_ascii_lowercase())
    });
    if charset.is_some_and(|c| c != "utf-8" && c != "utf8") {
        return Err(Fault::new(
            Felkod::Malformed,
            "Meddelandet måste vara kodat i UTF-8.",
        ));
    }
    let mut bytes = bytes;
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Fault::new(Felkod::Malformed, "Meddelandet är tomt."));
    }
    String::from_utf8(bytes)
        .map_err(|_| Fault::new(Felkod::Malformed, "Meddelandet är inte giltig UTF-8."))
}

/// Parses the document: DTDs refused (entities are never expanded), the node count capped.
/// Run only after [`prescan`], which bounds everything that makes building the tree costly.
pub(crate) fn parse<'i>(
    text: &'i str,
    limits: &SoapLimits,
) -> Result<roxmltree::Document<'i>, Fault> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        // Elements, text, comments and processing instructions all count as nodes here.
        nodes_limit: limits.max_elements.saturating_mul(4),
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(text, options).map_err(|e| match e {
        roxmltree::Error::DtdDetected
        | roxmltree::Error::EntityReferenceLoop(_)
        | roxmltree::Error::EntityResolver(..) => dtd_refused(),
        roxmltree::Error::NodesLimitReached
        | roxmltree::Error::AttributesLimitReached
        | roxmltree::Error::NamespacesLimitReached => Fault::new(
            Felkod::TooComplex,
            "Meddelandet har för många noder.".to_owned(),
        ),
        roxmltree::Error::UnknownEntityReference(_, pos) => Fault::new(
            Felkod::DtdRefused,
            format!(
                "Meddelandet refererar till en odeklarerad entitet (rad {}, kolumn {}); entiteter stöds inte.",
                pos.row, pos.col
            ),
        ),
        other => {
            let pos = other.pos();
            malformed_at((pos.row as usize, pos.col as usize))
        }
    })
}

fn dtd_refused() -> Fault {
    Fault::from(Code::DtdRefused)
}

fn malformed_at((line, column): (usize, usize)) -> Fault {
    Fault::new(
        Felkod::Malformed,
        format!("Meddelandet är inte välformad XML (rad {line}, kolumn {column})."),
    )
}

/// The 1-based line and column of a byte offset.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.as_bytes().get(..offset).unwrap_or_default();
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let column = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests;

//! Reading a request under limits: the body size (enforced while the body streams in, so a
//! huge body never sits in memory), the time to receive it, then a streaming pre-scan for
//! document type declarations, nesting depth and element count, and finally a parse that
//! refuses DTDs and caps the node count. Every refusal is a SOAP fault; nothing here panics.

use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderMap, header};
use http_body_util::BodyExt;
use quick_xml::events::Event;

use crate::fault::{Fault, Felkod};

/// The limits a request is read under.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ReadLimits {
    pub(crate) body_bytes: usize,
    pub(crate) max_depth: usize,
    pub(crate) max_nodes: u32,
    pub(crate) read_timeout: Duration,
}

/// Reads the body, refusing it as soon as it is known to exceed the limit (by its
/// `Content-Length`, or by what has arrived) and when it does not arrive in time.
pub(crate) async fn read_body(
    headers: &HeaderMap,
    body: Body,
    limits: ReadLimits,
) -> Result<Vec<u8>, Fault> {
    let too_large = || {
        Fault::client(
            Felkod::TooLarge,
            format!(
                "Meddelandet är större än den tillåtna gränsen på {} byte.",
                limits.body_bytes
            ),
        )
    };
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
                Fault::client(Felkod::Malformed, "Meddelandet kunde inte läsas till slut.")
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
            Err(Fault::client(
                Felkod::ReadTimeout,
                format!(
                    "Meddelandet kom inte fram inom {} sekunder.",
                    limits.read_timeout.as_secs()
                ),
            ))
        })
}

/// The body as text: UTF-8 (a byte-order mark is allowed), as the `Content-Type` must say
/// when it names a charset.
pub(crate) fn decode(headers: &HeaderMap, bytes: &[u8]) -> Result<String, Fault> {
    let charset = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.split(';')
                .skip(1)
                .filter_map(|p| p.split_once('='))
                .find(|(k, _)| k.trim().eq_ignore_ascii_case("charset"))
                .map(|(_, v)| v.trim().trim_matches('"').to_ascii_lowercase())
        });
    if charset.is_some_and(|c| c != "utf-8" && c != "utf8") {
        return Err(Fault::client(
            Felkod::Malformed,
            "Meddelandet måste vara kodat i UTF-8.",
        ));
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Fault::client(Felkod::Malformed, "Meddelandet är tomt."));
    }
    String::from_utf8(bytes.to_vec())
        .map_err(|_| Fault::client(Felkod::Malformed, "Meddelandet är inte giltig UTF-8."))
}

/// A streaming look at the document before any tree is built: a DOCTYPE is refused, and so
/// is nesting deeper than `max_depth` or more than `max_nodes` elements.
pub(crate) fn prescan(text: &str, limits: ReadLimits) -> Result<(), Fault> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut depth = 0usize;
    let mut elements = 0u64;
    let too_deep = || {
        Fault::client(
            Felkod::TooComplex,
            format!(
                "Meddelandet är nästlat djupare än de tillåtna {} nivåerna.",
                limits.max_depth
            ),
        )
    };
    let too_many = || {
        Fault::client(
            Felkod::TooComplex,
            format!(
                "Meddelandet har fler än de tillåtna {} elementen.",
                limits.max_nodes
            ),
        )
    };
    loop {
        let event = reader.read_event().map_err(|_| {
            let position = reader.error_position();
            malformed_at(line_and_column(text, position as usize))
        })?;
        match event {
            Event::DocType(_) => return Err(dtd_refused()),
            Event::Start(_) | Event::Empty(_) => {
                elements += 1;
                if elements > u64::from(limits.max_nodes) {
                    return Err(too_many());
                }
                if depth + 1 > limits.max_depth {
                    return Err(too_deep());
                }
                if matches!(event, Event::Start(_)) {
                    depth += 1;
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// Parses the document: DTDs refused (entities are never expanded), the node count capped.
pub(crate) fn parse(text: &str, limits: ReadLimits) -> Result<roxmltree::Document<'_>, Fault> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        // Elements, attributes, text and namespaces all count as nodes here.
        nodes_limit: limits.max_nodes.saturating_mul(4),
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(text, options).map_err(|e| match e {
        roxmltree::Error::DtdDetected
        | roxmltree::Error::EntityReferenceLoop(_)
        | roxmltree::Error::EntityResolver(..) => dtd_refused(),
        roxmltree::Error::NodesLimitReached
        | roxmltree::Error::AttributesLimitReached
        | roxmltree::Error::NamespacesLimitReached => Fault::client(
            Felkod::TooComplex,
            "Meddelandet har för många noder.".to_owned(),
        ),
        roxmltree::Error::UnknownEntityReference(_, pos) => Fault::client(
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
    Fault::client(
        Felkod::DtdRefused,
        "Dokumenttypsdeklarationer (DOCTYPE) och entitetsdeklarationer tas inte emot.",
    )
}

fn malformed_at((line, column): (usize, usize)) -> Fault {
    Fault::client(
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
mod tests {
    use super::*;

    fn limits() -> ReadLimits {
        ReadLimits {
            body_bytes: 1024,
            max_depth: 8,
            max_nodes: 50,
            read_timeout: Duration::from_secs(1),
        }
    }

    fn felkod(result: Result<(), Fault>) -> Option<&'static str> {
        result.err().map(|f| f.felkod.code())
    }

    #[test]
    fn a_doctype_is_refused_before_any_tree_is_built() {
        let doc = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>";
        assert_eq!(felkod(prescan(doc, limits())), Some("SSBT-005"));
        assert_eq!(
            parse(doc, limits()).err().map(|f| f.felkod.code()),
            Some("SSBT-005")
        );
    }

    #[test]
    fn depth_and_element_count_are_capped() {
        let deep = format!("{}{}", "<a>".repeat(9), "</a>".repeat(9));
        assert_eq!(felkod(prescan(&deep, limits())), Some("SSBT-006"));
        let ok = format!("{}{}", "<a>".repeat(8), "</a>".repeat(8));
        assert_eq!(felkod(prescan(&ok, limits())), None);
        let wide = format!("<a>{}</a>", "<b/>".repeat(60));
        assert_eq!(felkod(prescan(&wide, limits())), Some("SSBT-006"));
    }

    #[test]
    fn malformed_documents_name_a_position() {
        let fault = parse("<a>\n<b></a>", limits()).err().unwrap();
        assert_eq!(fault.felkod.code(), "SSBT-001");
        assert!(fault.messages[0].contains("rad 2"), "{:?}", fault.messages);
    }

    #[test]
    fn only_utf8_is_accepted() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            "text/xml; charset=ISO-8859-1".parse().unwrap(),
        );
        assert!(decode(&headers, b"<a/>").is_err());
        assert!(decode(&HeaderMap::new(), &[0xff, 0xfe, 0]).is_err());
        assert!(decode(&HeaderMap::new(), b"  ").is_err());
        assert_eq!(
            decode(&HeaderMap::new(), b"\xEF\xBB\xBF<a/>").unwrap(),
            "<a/>"
        );
    }
}

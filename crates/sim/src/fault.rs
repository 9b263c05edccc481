//! Fault knobs: what a simulated agency does instead of (or on top of) answering normally.
//!
//! Faults are set per source, at start ([`crate::SimConfig`]) or at run time
//! ([`crate::SimHandle::set_fault`] or the control API), and apply to every request the
//! agency receives from then on, ping included (except `malformed`, `schema_invalid`,
//! `reset_mid_body` and `huge_body`, which only touch data answers).

use std::collections::BTreeMap;
use std::sync::RwLock;

use axum::body::{Body, Bytes};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use underlag_domain::SourceId;

/// One fault. JSON form: `{"kind":"latency","ms":300}`, `{"kind":"hang"}`,
/// `{"kind":"http500"}`, `{"kind":"malformed"}`, `{"kind":"schema_invalid"}`,
/// `{"kind":"connection_refused"}`, `{"kind":"reset_mid_body"}`, `{"kind":"huge_body"}`,
/// `{"kind":"wrong_certificate"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Fault {
    /// Wait this many milliseconds, then answer normally.
    Latency {
        /// The added delay.
        ms: u64,
    },
    /// Accept the request and never answer (until the fault is cleared and the client gives
    /// up, or the simulator shuts down). Other requests and shutdown are not blocked.
    Hang,
    /// Answer HTTP 500 (LEFI with its error body, the others with a plain text body).
    Http500,
    /// Answer 200 with a truncated body that is not well-formed XML or valid JSON.
    Malformed,
    /// Answer 200 with a well-formed body of the right root that breaks a field rule of
    /// severity `error` (an invalid identity number, an amount like `12x`, a date like
    /// `2026-13-45`, Transportstyrelsen `resultat` = `KANSKE`).
    SchemaInvalid,
    /// Close the listener, so connections are refused; the same port is bound again when
    /// the fault is cleared.
    ConnectionRefused,
    /// Answer 200 with the real answer's `Content-Length`, send half of the body, then break
    /// the connection.
    ResetMidBody,
    /// Answer 200 with [`HUGE_BODY_BYTES`] of body (the real answer's start, then spaces),
    /// streamed in chunks of one shared buffer, so the simulator's memory does not grow.
    HugeBody,
    /// Serve the TLS handshake with a certificate from a CA the gateway does not trust
    /// ([`crate::SimConfig::wrong_tls`]); without TLS configured, close each connection at
    /// once.
    WrongCertificate,
}

/// The size of the `huge_body` fault's answer: 100 MiB.
pub const HUGE_BODY_BYTES: usize = 100 * 1024 * 1024;

/// The chunk the `huge_body` fault repeats.
const HUGE_BODY_CHUNK: usize = 1024 * 1024;

/// The answer of a fault that breaks the body itself (`reset_mid_body`, `huge_body`), or
/// `None` for any other fault.
pub(crate) fn broken_body(
    fault: Option<Fault>,
    status: StatusCode,
    content_type: &'static str,
    body: Vec<u8>,
) -> Option<Response> {
    match fault? {
        Fault::ResetMidBody => {
            let full = body.len();
            let half = Bytes::from(body).slice(..full / 2);
            let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
                Ok(half),
                Err(std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "reset_mid_body fault",
                )),
            ];
            let stream = futures::stream::iter(chunks);
            Some(
                (
                    status,
                    [
                        (header::CONTENT_TYPE, content_type.to_owned()),
                        (header::CONTENT_LENGTH, full.to_string()),
                    ],
                    Body::from_stream(stream),
                )
                    .into_response(),
            )
        }
        Fault::HugeBody => {
            let start = Bytes::from(body).slice(..);
            let start = start.slice(..start.len().min(HUGE_BODY_CHUNK / 2));
            let filler = Bytes::from(vec![b' '; HUGE_BODY_CHUNK]);
            let first = start.len();
            let rest = HUGE_BODY_BYTES - first;
            let (whole, tail) = (rest / HUGE_BODY_CHUNK, rest % HUGE_BODY_CHUNK);
            let chunks = std::iter::once(start)
                .chain(std::iter::repeat_n(filler.clone(), whole))
                .chain(std::iter::once(filler.slice(..tail)))
                .map(Ok::<Bytes, std::io::Error>);
            Some(
                (
                    status,
                    [
                        (header::CONTENT_TYPE, content_type.to_owned()),
                        (header::CONTENT_LENGTH, HUGE_BODY_BYTES.to_string()),
                    ],
                    Body::from_stream(futures::stream::iter(chunks)),
                )
                    .into_response(),
            )
        }
        _ => None,
    }
}

/// The faults currently in force, per source.
#[derive(Debug, Default)]
pub(crate) struct FaultBoard {
    faults: RwLock<BTreeMap<SourceId, Fault>>,
}

impl FaultBoard {
    /// A board with the given faults.
    pub(crate) fn new(initial: BTreeMap<SourceId, Fault>) -> Self {
        Self {
            faults: RwLock::new(initial),
        }
    }

    /// The fault for `source`, if any.
    pub(crate) fn get(&self, source: SourceId) -> Option<Fault> {
        let map = self
            .faults
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        map.get(&source).copied()
    }

    /// Sets (or replaces) the fault for `source`.
    pub(crate) fn set(&self, source: SourceId, fault: Fault) {
        let mut map = self
            .faults
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        map.insert(source, fault);
    }

    /// Removes the fault for `source`.
    pub(crate) fn clear(&self, source: SourceId) {
        let mut map = self
            .faults
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        map.remove(&source);
    }

    /// Removes every fault.
    pub(crate) fn clear_all(&self) {
        let mut map = self
            .faults
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        map.clear();
    }

    /// A copy of the current faults.
    pub(crate) fn snapshot(&self) -> BTreeMap<SourceId, Fault> {
        self.faults
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }
}

/// Cuts a body to about half its length, so it is no longer well-formed. For UTF-16 the cut
/// stays on a code-unit boundary.
pub(crate) fn truncate(body: &mut Vec<u8>, utf16: bool) {
    let mut cut = body.len() / 2;
    if utf16 {
        cut -= cut % 2;
    }
    body.truncate(cut);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_forms() {
        let f: Fault = serde_json::from_str(r#"{"kind":"latency","ms":300}"#).unwrap();
        assert_eq!(f, Fault::Latency { ms: 300 });
        for (text, fault) in [
            (r#"{"kind":"hang"}"#, Fault::Hang),
            (r#"{"kind":"http500"}"#, Fault::Http500),
            (r#"{"kind":"malformed"}"#, Fault::Malformed),
            (r#"{"kind":"schema_invalid"}"#, Fault::SchemaInvalid),
            (r#"{"kind":"connection_refused"}"#, Fault::ConnectionRefused),
            (r#"{"kind":"reset_mid_body"}"#, Fault::ResetMidBody),
            (r#"{"kind":"huge_body"}"#, Fault::HugeBody),
            (r#"{"kind":"wrong_certificate"}"#, Fault::WrongCertificate),
        ] {
            assert_eq!(serde_json::from_str::<Fault>(text).unwrap(), fault);
            assert_eq!(serde_json::to_string(&fault).unwrap(), text);
        }
        assert!(serde_json::from_str::<Fault>(r#"{"kind":"boom"}"#).is_err());
    }

    #[test]
    fn truncation_breaks_the_body() {
        let mut b = b"<a><b>text</b></a>".to_vec();
        truncate(&mut b, false);
        assert!(roxmltree::Document::parse(std::str::from_utf8(&b).unwrap()).is_err());
        let mut u = vec![0xFF, 0xFE, b'<', 0, b'a', 0, b'/', 0];
        truncate(&mut u, true);
        assert_eq!(u.len() % 2, 0);
    }
}

//! Fault knobs: what a simulated agency does instead of (or on top of) answering normally.
//!
//! Faults are set per source, at start ([`crate::SimConfig`]) or at run time
//! ([`crate::SimHandle::set_fault`] or the control API), and apply to every request the
//! agency receives from then on, ping included (except `malformed` and `schema_invalid`,
//! which only touch data answers).

use std::collections::BTreeMap;
use std::sync::RwLock;

use underlag_domain::SourceId;

/// One fault. JSON form: `{"kind":"latency","ms":300}`, `{"kind":"hang"}`,
/// `{"kind":"http500"}`, `{"kind":"malformed"}`, `{"kind":"schema_invalid"}`,
/// `{"kind":"connection_refused"}`.
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

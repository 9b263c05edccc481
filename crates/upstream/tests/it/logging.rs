//! The adapters' tracing carries no personal data: every field of every event and span is
//! captured (by a global subscriber, so callsite interest cannot race with other tests) and
//! searched for the identity number and names.

use std::sync::{Arc, Mutex, OnceLock};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use underlag_domain::SourceId;
use underlag_upstream::{Endpoints, adapters};

use crate::common::*;

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<String>>>);

impl Visit for Capture {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0
            .lock()
            .unwrap()
            .push(format!("{}={value:?}", field.name()));
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        span.record(&mut self.clone());
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        values.record(&mut self.clone());
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        event.record(&mut self.clone());
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

fn captured() -> Arc<Mutex<Vec<String>>> {
    static LINES: OnceLock<Arc<Mutex<Vec<String>>>> = OnceLock::new();
    LINES
        .get_or_init(|| {
            let capture = Capture::default();
            let lines = capture.0.clone();
            tracing::subscriber::set_global_default(capture).expect("no other global subscriber");
            lines
        })
        .clone()
}

#[tokio::test]
async fn fetches_log_no_personal_data() {
    let lines = captured();
    let base = crate::http::serve(crate::http::agencies(Default::default())).await;
    let closed = "http://127.0.0.1:9/";
    for base in [base.as_str(), closed] {
        let endpoints = Endpoints::from_base_urls(SourceId::ALL.map(|s| (s, base)));
        for adapter in adapters(&endpoints, spec()).unwrap() {
            let _ = adapter.fetch(&request()).await;
        }
    }
    let lines = lines.lock().unwrap();
    assert!(
        lines.iter().any(|l| l.starts_with("latency_ms=")),
        "the calls are traced: {lines:?}"
    );
    for line in lines.iter() {
        for secret in [
            VALID_PNR,
            &VALID_PNR[2..],
            "Tolvan",
            "Berit",
            "Testorganisation",
            "ABC001",
            "aktor-1",
        ] {
            assert!(!line.contains(secret), "{line}");
        }
    }
}

//! `testaBastjanstInformation`: every provider's test service, under a deadline, with no
//! personal data and no audit record.

use tokio::time::Instant;

use underlag_domain::SourceId;
use underlag_sim::Fault as SimFault;
use underlag_test_support::{Doorway, Reply};

use crate::answer::{Answer, Part};
use crate::app;
use crate::envelopes::testa;

/// `anropad` per provider, from the raw answer.
fn called(answer: &Answer) -> Vec<(String, String)> {
    let doc = roxmltree::Document::parse(&answer.xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name((underlag_soap::SSBT_NS, "anropad")))
        .map(|n| {
            let provider = n.parent().unwrap().tag_name().name().to_owned();
            (provider, n.text().unwrap_or_default().to_owned())
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_test_service_is_called() {
    let stack = app::start().await;
    let started = Instant::now();
    let Reply {
        status, text: xml, ..
    } = stack.soap_call(&testa()).await;
    eprintln!("ping: {} ms", started.elapsed().as_millis());
    assert_eq!(status, 200, "{xml}");
    let answer = Answer::new(xml);
    answer.assert_valid();
    assert_eq!(answer.payload_name(), "testaBastjanstInformationResponse");
    let parts = answer.parts();
    assert_eq!(parts.len(), 7);
    assert!(parts.iter().all(|(_, p)| *p == Part::Data), "{parts:?}");
    let called = called(&answer);
    assert_eq!(called.len(), 7);
    assert!(called.iter().all(|(_, v)| v == "true"), "{called:?}");
    assert!(stack.lookups().await.is_empty(), "a ping is not audited");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_test_service_is_reported_under_the_deadline() {
    // The gateway's ping deadline is 5 s by default; this stack's is 1 s.
    let stack = app::builder()
        .settings(|s| s.soap.ping_deadline_ms = 1000)
        .start()
        .await;
    stack.hang(SourceId::Af).await;
    stack
        .sim
        .set_fault(SourceId::Csn, SimFault::ConnectionRefused)
        .await;
    stack.sim.set_fault(SourceId::Skv, SimFault::Http500).await;
    let started = Instant::now();
    let Reply {
        status, text: xml, ..
    } = stack.soap_call(&testa()).await;
    let elapsed = started.elapsed();
    eprintln!("ping with a hanging provider: {} ms", elapsed.as_millis());
    assert_eq!(status, 200, "{xml}");
    assert!(
        elapsed.as_millis() < 3000,
        "the ping deadline (1 s) holds: {elapsed:?}"
    );
    let answer = Answer::new(xml);
    answer.assert_valid();
    let felkod = |id: SourceId| match answer.part(id) {
        Some(Part::Error { kalla, felkod, .. }) => (kalla, felkod),
        other => panic!("{id}: {other:?}"),
    };
    assert_eq!(felkod(SourceId::Af), ("SSBT".into(), "SSBT-101".into()));
    assert_eq!(felkod(SourceId::Csn), ("SSBT".into(), "SSBT-102".into()));
    assert_eq!(felkod(SourceId::Skv), ("SSBT".into(), "SSBT-102".into()));
    assert_eq!(answer.part(SourceId::Tns), Some(Part::Data));
}

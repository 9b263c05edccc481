//! Hostile documents that are cheap to send and used to be costly to parse: floods of
//! namespace declarations or attributes, and very long names, attribute values and text,
//! each just under the 1 MiB body limit, so that the pre-scan — not the size cap — refuses
//! them. Each is refused with `SSBT-006` in milliseconds (the time is printed; the assertion
//! leaves a wide margin for debug builds), and a normal query answers in full while four of
//! them arrive at once.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use tokio::time::Instant;

use underlag_domain::Outcome;
use underlag_soap::SoapSettings;
use underlag_soap::V10_PROVIDERS;
use underlag_test_support::{Doorway, Reply, TestApp};

use crate::answer::{Answer, Part};
use crate::app;
use crate::envelopes::{Fraga, envelope};

/// Just under the default body limit (1 MiB), leaving room for the envelope.
const TARGET: usize = 1024 * 1024 - 2048;

/// `inner` inside a `hamtaBastjanstInformation` envelope.
fn hamta(inner: &str) -> String {
    envelope(&format!(
        "<ssbt:hamtaBastjanstInformation>{inner}</ssbt:hamtaBastjanstInformation>"
    ))
}

/// `piece(0)`, `piece(1)`, … concatenated while they fit in `bytes`.
fn fill(bytes: usize, piece: impl Fn(usize) -> String) -> String {
    let mut out = String::with_capacity(bytes);
    for i in 0.. {
        let next = piece(i);
        if out.len() + next.len() > bytes {
            break;
        }
        out += &next;
    }
    out
}

/// The shape of the review's 40-second document, grown to 1 MiB: many declarations on one
/// element, then many children each declaring one more.
fn namespace_flood() -> String {
    let declarations: String = (0..2500)
        .map(|i| format!(" xmlns:p{i}=\"urn:p{i}\""))
        .collect();
    let children = fill(TARGET - declarations.len(), |i| {
        format!("<c xmlns:q{i}=\"urn:q{i}\"/>")
    });
    hamta(&format!("<x{declarations}>{children}</x>"))
}

/// One declaration per element, each within the per-element limit.
fn spread_namespace_flood() -> String {
    hamta(&format!(
        "<x>{}</x>",
        fill(TARGET, |i| format!("<c xmlns:q{i}=\"urn:q{i}\"/>"))
    ))
}

fn attribute_flood() -> String {
    hamta(&format!("<x{}/>", fill(TARGET, |i| format!(" a{i}=\"\""))))
}

fn long_element_name() -> String {
    hamta(&format!("<{}/>", "n".repeat(TARGET)))
}

fn long_attribute_name() -> String {
    hamta(&format!("<x {}=\"\"/>", "n".repeat(TARGET)))
}

fn long_attribute_value() -> String {
    hamta(&format!("<x a=\"{}\"/>", "v".repeat(TARGET)))
}

fn long_text() -> String {
    hamta(&format!("<x>{}</x>", "t".repeat(TARGET)))
}

/// Sends a hostile document; asserts an `SSBT-006` fault whose message contains `needle`,
/// valid against the XSD, within a second. Returns the time it took.
async fn refused(stack: &TestApp, what: &str, document: &str, needle: &str) -> Duration {
    let limit = SoapSettings::default().body_limit;
    assert!(
        document.len() > 1_000_000 && document.len() < limit,
        "{what}: {} bytes, just under the body limit",
        document.len()
    );
    let started = Instant::now();
    let Reply {
        status, text: xml, ..
    } = stack.soap_call(document).await;
    let elapsed = started.elapsed();
    assert_eq!(status, 500, "{what}: {xml}");
    let answer = Answer::new(xml);
    answer.assert_valid();
    let (code, felkod, messages) = answer.fault().expect("a SOAP fault");
    assert_eq!(
        (code.as_str(), felkod.as_str()),
        ("soap:Client", "SSBT-006"),
        "{what}: {messages:?}"
    );
    assert!(messages[0].contains(needle), "{what}: {messages:?}");
    eprintln!(
        "{what} ({} KiB) refused in {:.1} ms",
        document.len() / 1024,
        elapsed.as_secs_f64() * 1000.0
    );
    // A liveness bound, not a performance one (issue 16): far above what the pre-scan needs
    // even on a loaded machine, so it fails only when a document was not refused early (a
    // tree built, an expansion run). The time itself is printed above, and measured in
    // BENCHMARKS.md.
    assert!(
        elapsed < Duration::from_secs(10),
        "{what} refused early: {elapsed:?}"
    );
    elapsed
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn namespace_flood_is_refused_quickly() {
    let stack = app::start().await;
    refused(
        &stack,
        "namespace flood",
        &namespace_flood(),
        "namnrymderna",
    )
    .await;
    refused(
        &stack,
        "namespace flood, one per element",
        &spread_namespace_flood(),
        "namnrymderna",
    )
    .await;
    assert!(stack.lookups().await.is_empty(), "refused before the core");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attribute_flood_is_refused_quickly() {
    let stack = app::start().await;
    refused(&stack, "attribute flood", &attribute_flood(), "attributen").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_names_are_refused_quickly() {
    let stack = app::start().await;
    refused(&stack, "long element name", &long_element_name(), "namn").await;
    refused(
        &stack,
        "long attribute name",
        &long_attribute_name(),
        "namn",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_attribute_values_are_refused_quickly() {
    let stack = app::start().await;
    refused(
        &stack,
        "long attribute value",
        &long_attribute_value(),
        "attributvärde",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_text_is_refused_quickly() {
    let stack = app::start().await;
    refused(&stack, "long text", &long_text(), "text").await;
}

/// A normal query for the all-sources person: every provider answers with data.
async fn normal_query(stack: &TestApp, person: &str) -> Duration {
    let fraga = Fraga::new(person, stack.two_years());
    let started = Instant::now();
    let Reply {
        status, text: xml, ..
    } = stack.soap_call(&fraga.envelope()).await;
    let elapsed = started.elapsed();
    assert_eq!(status, 200, "{xml}");
    let answer = Answer::new(xml);
    answer.assert_valid();
    let parts = answer.parts();
    assert_eq!(parts.len(), V10_PROVIDERS.len());
    assert!(parts.iter().all(|(_, p)| *p == Part::Data), "{parts:#?}");
    for source in V10_PROVIDERS {
        let outcome = answer.interpret(&stack.spec, source);
        assert!(
            matches!(outcome, Outcome::Ok { .. }),
            "{source}: {outcome:?}"
        );
    }
    elapsed
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_hostile_documents_at_once_leave_a_normal_query_unaffected() {
    let stack = Arc::new(app::start().await);
    let person = stack.all_sources_person().expose().to_owned();
    normal_query(&stack, &person).await; // warm-up
    let alone = normal_query(&stack, &person).await;

    let documents = [
        (namespace_flood(), "namnrymderna"),
        (attribute_flood(), "attributen"),
        (long_attribute_value(), "attributvärde"),
        (long_text(), "text"),
    ];
    let stop = Arc::new(AtomicBool::new(false));
    let sent = Arc::new(AtomicUsize::new(0));
    let attackers: Vec<_> = documents
        .into_iter()
        .map(|(document, needle)| {
            let (stack, stop, sent) = (stack.clone(), stop.clone(), sent.clone());
            tokio::spawn(async move {
                // At least once, and on until the normal query has been answered.
                loop {
                    let Reply {
                        status, text: xml, ..
                    } = stack.soap_call(&document).await;
                    assert_eq!(status, 500);
                    let (_, felkod, messages) = Answer::new(xml).fault().unwrap();
                    assert_eq!(felkod, "SSBT-006", "{messages:?}");
                    assert!(messages[0].contains(needle), "{messages:?}");
                    sent.fetch_add(1, Ordering::SeqCst);
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                }
            })
        })
        .collect();
    // Let the four get going before the normal query starts.
    while sent.load(Ordering::SeqCst) == 0 {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    let under_attack = normal_query(&stack, &person).await;
    stop.store(true, Ordering::SeqCst);
    for attacker in attackers {
        attacker.await.unwrap();
    }
    eprintln!(
        "normal query: {} ms alone, {} ms while {} hostile documents of 1 MiB were refused",
        alone.as_millis(),
        under_attack.as_millis(),
        sent.load(Ordering::SeqCst)
    );
    assert!(sent.load(Ordering::SeqCst) >= 4);
}

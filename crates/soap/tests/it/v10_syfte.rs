//! The v10 drop-in: an unchanged v10 case system sends its own free-text `syfte`. A text the
//! connection registered passes the binding and gets every provider's answer; the audit
//! record holds the purpose it mapped to and the text as sent. An unregistered text is
//! refused with a fault wholly in Swedish, and audited with the text as sent.

use crate::answer::{Part, answered};
use crate::app;
use crate::envelopes::Fraga;

/// The syfte text the test connection has registered (mapped to `EKB-KONTROLL`); the
/// wording is the purpose a v10 client in production use sends.
pub(crate) const REGISTERED_SYFTE: &str = "Beslut om eller kontroll av försörjningsstöd";

/// English words (and the snake_case of reason codes) that must not appear in a Swedish
/// fault text.
const ENGLISH: [&str; 12] = [
    "_",
    " the ",
    "must",
    "purpose",
    "allowed",
    "field",
    "registered",
    "connection",
    "refused",
    "not ",
    "case ",
    "query",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_registered_free_text_syfte_gets_every_provider_and_is_audited_with_its_purpose() {
    let stack = app::start().await;
    let person = stack.all_sources_person().expose().to_owned();
    // As the case system sends it: other case and spacing than registered.
    let fraga = Fraga::new(&person, stack.two_years()).set(
        "syfte",
        Some("<ssbt:syfte>beslut om eller  kontroll av FÖRSÖRJNINGSSTÖD</ssbt:syfte>"),
    );
    let answer = answered(&stack, &fraga, 200).await;
    let parts = answer.parts();
    assert_eq!(parts.len(), 7);
    assert!(parts.iter().all(|(_, p)| *p == Part::Data), "{parts:#?}");

    let records = stack.lookups().await;
    let query = records
        .iter()
        .find(|r| r.kind.code() == "query")
        .expect("the query is audited");
    assert_eq!(query.channel.code(), "soap");
    assert_eq!(
        query.purpose,
        "EKB-KONTROLL (syfte: beslut om eller  kontroll av FÖRSÖRJNINGSSTÖD)"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unregistered_syfte_is_refused_wholly_in_swedish_and_audited() {
    let stack = app::start().await;
    let person = stack.all_sources_person().expose().to_owned();
    let fraga = Fraga::new(&person, stack.two_years()).set(
        "syfte",
        Some("<ssbt:syfte>Kontroll av bostadsförhållanden</ssbt:syfte>"),
    );
    let answer = answered(&stack, &fraga, 500).await;
    let (faultcode, felkod, messages) = answer.fault().unwrap();
    assert_eq!(
        (faultcode.as_str(), felkod.as_str()),
        ("soap:Client", "SSBT-020")
    );
    assert_eq!(messages.len(), 1, "{messages:?}");
    let text = &messages[0];
    assert!(text.contains("Syftet är inte tillåtet"), "{text}");
    assert!(text.contains("generellaFrageparametrar/syfte"), "{text}");
    assert!(
        !text.contains("bostadsförhållanden"),
        "no input echoed: {text}"
    );
    let lower = text.to_lowercase();
    for word in ENGLISH {
        assert!(!lower.contains(word), "English {word:?} in {text}");
    }
    assert!(!answer.xml.contains(&person));

    let records = stack.lookups().await;
    assert_eq!(records.len(), 1, "only the refusal is audited");
    assert_eq!(records[0].kind.code(), "refused");
    assert_eq!(records[0].refusal.as_deref(), Some("purpose_not_allowed"));
    assert_eq!(records[0].purpose, "Kontroll av bostadsförhållanden");
}

//! FK through `lefiJsonFraga`: a valid LEFI v9 request is forwarded as is and the LEFI answer
//! comes back base64-encoded exactly as received; a request that breaks LEFI's rules is not
//! sent, FK answers `SSBT-105`, and the other providers answer as usual.

use base64::Engine as _;
use underlag_domain::{Outcome, SourceId};

use crate::answer::{Answer, Part, answered};
use crate::app::{self, ACTOR};
use crate::envelopes::Fraga;

fn lefi_svar(answer: &Answer) -> serde_json::Value {
    let doc = roxmltree::Document::parse(&answer.xml).unwrap();
    let text = doc
        .descendants()
        .find(|n| n.has_tag_name((underlag_soap::SSBT_NS, "lefiJsonSvar")))
        .and_then(|n| n.text())
        .unwrap();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_valid_lefi_request_is_forwarded_and_its_answer_returned_as_received() {
    let stack = app::start().await;
    let person = stack.all_sources_person().expose().to_owned();
    let (from, to) = stack.two_years();
    let request = serde_json::json!({
        "personnummer": person,
        "period": { "from": from.to_string(), "tom": to.to_string() },
        "utbetalningar": ["FK:AS"]
    });
    let fraga = Fraga::new(&person, (from, to))
        .only(&[SourceId::Fk])
        .with_lefi(ACTOR, &request);
    let answer = answered(&stack, &fraga, 200).await;
    assert_eq!(answer.part(SourceId::Fk), Some(Part::Data));
    let svar = lefi_svar(&answer);
    assert!(svar.get("avvikelser").is_some(), "avvikelser kept: {svar}");
    assert!(svar.get("utlamnare").is_some());
    // Only what was asked for: FK payments, and no PM discloser.
    let Outcome::Ok { data, .. } = answer.interpret(&stack.spec, SourceId::Fk) else {
        panic!("FK answered");
    };
    assert!(!data.payments.is_empty());
    assert!(
        data.payments.iter().all(|p| p.payer == "FK"),
        "{:?}",
        data.payments
    );
    let disclosers: Vec<&str> = svar["utlamnare"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|u| u["utlamnare"]["kod"].as_str())
        .collect();
    assert_eq!(disclosers, ["FK"], "the request was forwarded as given");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lefi_request_over_two_years_is_refused_for_fk_only() {
    let stack = app::start().await;
    let person = stack.all_sources_person().expose().to_owned();
    let (from, to) = stack.two_years();
    let request = serde_json::json!({
        "personnummer": person,
        "period": { "from": from.yesterday().unwrap().to_string(), "tom": to.to_string() },
        "utbetalningar": ["FK:AS"]
    });
    let fraga = Fraga::new(&person, (from, to))
        .only(&[SourceId::Fk, SourceId::Tns])
        .with_lefi(ACTOR, &request);
    let answer = answered(&stack, &fraga, 200).await;
    match answer.part(SourceId::Fk) {
        Some(Part::Error {
            kalla,
            felkod,
            messages,
        }) => {
            assert_eq!((kalla.as_str(), felkod.as_str()), ("SSBT", "SSBT-105"));
            assert!(
                messages.iter().any(|m| m.contains("två år")),
                "{messages:?}"
            );
        }
        other => panic!("FK: {other:?}"),
    }
    assert_eq!(answer.part(SourceId::Tns), Some(Part::Data));
    let records = stack.lookups().await;
    let fk = records[0]
        .sources
        .iter()
        .find(|s| s.source == "FK")
        .unwrap();
    assert_eq!(fk.outcome, "not_requested", "FK was not called");
    assert_eq!(fk.attempts, 0);
}

//! AGI over HTTP: every declaration received for the months asked, corrections included in
//! the order received; `EJ_TRAFF` for a person without declarations; `FEL` for an invalid
//! number; HTTP 400 for an unreadable request.

use underlag_domain::SourceId;

use crate::common::{agi_request, ask, start, text_of, texts_of};

#[tokio::test]
async fn the_all_sources_person_has_a_corrected_declaration_sent_twice() {
    let sim = start().await;
    let person = sim.population().all_sources_person();
    let period = underlag_test_support::fixtures::two_years(sim.population().reference_date());
    let resp = ask(
        &sim,
        SourceId::Agi,
        agi_request(person.personnummer.expose(), &period),
    )
    .await
    .unwrap();
    assert_eq!(resp.status(), 200);
    let xml = resp.text().await.unwrap();
    assert_eq!(text_of(&xml, "Status").as_deref(), Some("OK"));
    let facts = person.agi.as_ref().unwrap();
    assert!(facts.has_correction());
    let months = texts_of(&xml, "RedovisningsPeriod");
    assert_eq!(
        months.len(),
        facts.declarations.len(),
        "every declaration sent"
    );
    let mut unique = months.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len() + 1, months.len(), "one month declared twice");
    sim.shutdown().await;
}

#[tokio::test]
async fn no_declarations_is_ej_traff_and_an_invalid_number_fel() {
    let sim = start().await;
    let period = underlag_test_support::fixtures::two_years(sim.population().reference_date());
    let unknown = sim
        .population()
        .unknown_person()
        .personnummer
        .expose()
        .to_owned();
    let xml = ask(&sim, SourceId::Agi, agi_request(&unknown, &period))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(text_of(&xml, "Status").as_deref(), Some("EJ_TRAFF"));
    let xml = ask(&sim, SourceId::Agi, agi_request("198603052394", &period))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(text_of(&xml, "Status").as_deref(), Some("FEL"));
    let bad = ask(&sim, SourceId::Agi, "<x/>".to_owned()).await.unwrap();
    assert_eq!(bad.status(), 400);
    sim.shutdown().await;
}

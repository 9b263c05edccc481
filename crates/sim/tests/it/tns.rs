//! Transportstyrelsen over HTTP: the response element against the contract's XSD, vehicles,
//! no `fordonsinnehav` for no match, `FEL` for an invalid number.

use underlag_domain::SourceId;

use crate::common::{ask, element, start, text_of, texts_of, tns_request};
use crate::xsd::{TNS_XSD, assert_valid};

async fn answer(sim: &underlag_sim::SimHandle, pnr: &str) -> String {
    let resp = ask(sim, SourceId::Tns, tns_request(pnr)).await.unwrap();
    assert_eq!(resp.status(), 200);
    let body = element(&resp.text().await.unwrap(), "HamtaUppgifterResponse");
    assert_valid(&body, TNS_XSD);
    body
}

#[tokio::test]
async fn all_sources_person_owns_a_vehicle() {
    let sim = start().await;
    let person = sim.population().all_sources_person();
    let xml = answer(&sim, person.personnummer.expose()).await;
    assert_eq!(text_of(&xml, "resultat").as_deref(), Some("OK"));
    let expected: Vec<String> = person
        .tns
        .as_ref()
        .unwrap()
        .vehicles
        .iter()
        .map(|v| v.registration.clone())
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(texts_of(&xml, "regnr"), expected);
    sim.shutdown().await;
}

#[tokio::test]
async fn unknown_person_has_no_fordonsinnehav() {
    let sim = start().await;
    let xml = answer(
        &sim,
        sim.population().unknown_person().personnummer.expose(),
    )
    .await;
    assert_eq!(text_of(&xml, "resultat").as_deref(), Some("OK"));
    assert!(text_of(&xml, "fordonsinnehav").is_none());
    sim.shutdown().await;
}

#[tokio::test]
async fn invalid_number_gets_fel() {
    let sim = start().await;
    let xml = answer(&sim, "198603052394").await;
    assert_eq!(text_of(&xml, "resultat").as_deref(), Some("FEL"));
    assert!(text_of(&xml, "felkod").is_some());
    sim.shutdown().await;
}

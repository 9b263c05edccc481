//! The a-kassor over HTTP: UTF-16LE with BOM, the response element against the contract's
//! XSD, payments and suspension, empty list for no match.

use underlag_domain::SourceId;
use underlag_sim::StoryKind;

use crate::common::{ask, element, so_request, start, text_of, texts_of, two_years};
use crate::xsd::{SO_XSD, assert_valid};

pub(crate) async fn answer(sim: &underlag_sim::SimHandle, pnr: &str) -> String {
    let period = two_years(sim.population().reference_date());
    let resp = ask(sim, SourceId::So, so_request(pnr, &period))
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "text/xml; charset=utf-16");
    let bytes = resp.bytes().await.unwrap();
    assert_eq!(&bytes[..2], &[0xFF, 0xFE], "UTF-16LE byte-order mark");
    let units: Vec<u16> = bytes[2..]
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    let xml = String::from_utf16(&units).expect("UTF-16");
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-16\"?>"));
    let body = element(&xml, "GetUnemploymentBenefitPaymentResponse");
    assert_valid(&body, SO_XSD);
    body
}

#[tokio::test]
async fn all_sources_person_had_akassa_with_a_suspension() {
    let sim = start().await;
    let pop = sim.population();
    let person = pop.all_sources_person();
    let xml = answer(&sim, person.personnummer.expose()).await;
    let fund = &person.so.as_ref().unwrap().funds[0];
    let period = two_years(pop.reference_date());
    assert_eq!(text_of(&xml, "SvarandeOrganisation").unwrap(), fund.name);
    assert_eq!(
        text_of(&xml, "StatusSvarandeOrganisation").as_deref(),
        Some("all clear")
    );
    let paid = fund.payments_in(&period);
    assert!(!paid.is_empty());
    assert_eq!(
        texts_of(&xml, "NettoEfterSkatt"),
        paid.iter()
            .map(|p| format!("{:.2}", p.net_after_tax.value()))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        texts_of(&xml, "AvstangdFrom"),
        vec![fund.suspensions[0].from().to_string()]
    );
    assert_eq!(
        text_of(&xml, "AnsokanOmUtbetalningInlamnad").as_deref(),
        Some("true")
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn every_akassa_story_has_a_suspension_in_its_answer() {
    let sim = start().await;
    for person in sim
        .population()
        .with_story(StoryKind::AkassaWithSuspension)
        .take(3)
    {
        let xml = answer(&sim, person.personnummer.expose()).await;
        assert!(!texts_of(&xml, "AvstangdFrom").is_empty());
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn unknown_person_gets_an_empty_list() {
    let sim = start().await;
    let xml = answer(
        &sim,
        sim.population().unknown_person().personnummer.expose(),
    )
    .await;
    assert!(text_of(&xml, "Arbetsloshetsersattning").is_none());
    assert!(text_of(&xml, "ArbetsloshetsersattningLista").is_some());
    sim.shutdown().await;
}

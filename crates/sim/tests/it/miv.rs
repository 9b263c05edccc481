//! Migrationsverket over HTTP: the response element against the contract's XSD, permits
//! (time-limited and permanent, samordningsnummer), no match, SOAP fault with
//! `SSBTEKSoapException`.

use underlag_domain::SourceId;
use underlag_sim::StoryKind;

use crate::common::{ask, element, miv_request, start, text_of, texts_of};
use crate::xsd::{MIV_XSD, assert_valid};

pub(crate) async fn answer(sim: &underlag_sim::SimHandle, pnr: &str) -> String {
    let resp = ask(sim, SourceId::Miv, miv_request(pnr)).await.unwrap();
    assert_eq!(resp.status(), 200);
    let body = element(&resp.text().await.unwrap(), "findByPersonnummerResponse");
    assert_valid(&body, MIV_XSD);
    body
}

#[tokio::test]
async fn all_sources_person_holds_a_time_limited_permit() {
    let sim = start().await;
    let person = sim.population().all_sources_person();
    let xml = answer(&sim, person.personnummer.expose()).await;
    let case = &person.miv.as_ref().unwrap().cases[0];
    assert_eq!(
        text_of(&xml, "personnummer").as_deref(),
        Some(person.personnummer.expose())
    );
    assert_eq!(text_of(&xml, "beslutsTyp").as_deref(), Some("TUT"));
    assert_eq!(
        text_of(&xml, "giltighetstid").as_deref(),
        Some("TIDBEGRANSAT")
    );
    assert_eq!(
        text_of(&xml, "tomDatum").unwrap(),
        case.valid.unwrap().to().to_string()
    );
    assert_eq!(
        text_of(&xml, "korrelationsid").as_deref(),
        Some("00000000-0000-0000-0000-000000000001")
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn permanent_permit_holder_with_samordningsnummer() {
    let sim = start().await;
    let person = sim
        .population()
        .with_story(StoryKind::PermitPermanent)
        .find(|p| p.has_samordningsnummer())
        .expect("a permanent permit holder with samordningsnummer");
    let xml = answer(&sim, person.personnummer.expose()).await;
    assert_eq!(
        texts_of(&xml, "giltighetstid"),
        vec!["TIDBEGRANSAT", "PERMANENT"]
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn unknown_person_has_no_svar_collection() {
    let sim = start().await;
    let xml = answer(
        &sim,
        sim.population().unknown_person().personnummer.expose(),
    )
    .await;
    assert!(text_of(&xml, "correlationid").is_some());
    assert!(text_of(&xml, "svarCollection").is_none());
    sim.shutdown().await;
}

#[tokio::test]
async fn invalid_number_gets_ssbtek_soap_exception() {
    let sim = start().await;
    let resp = ask(&sim, SourceId::Miv, miv_request("12345"))
        .await
        .unwrap();
    assert_eq!(resp.status(), 500);
    let xml = resp.text().await.unwrap();
    assert_valid(&element(&xml, "SSBTEKSoapException"), MIV_XSD);
    assert!(text_of(&xml, "faultCode").is_some());
    sim.shutdown().await;
}

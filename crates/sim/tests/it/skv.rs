//! Skatteverket over HTTP: the SOAP body against the contract's XSD, the inner answer
//! document against its shape (which the contract fixture also meets), content, no-match
//! status 1, SOAP faults with `Exception`.

use underlag_domain::SourceId;
use underlag_sim::population::whole_kronor;

use crate::common::{ask, element, skv_request, start, text_of, two_years};
use crate::xsd::{SKV_XSD, assert_valid, assert_valid_skv_inner};

pub(crate) async fn answer(sim: &underlag_sim::SimHandle, pnr: &str) -> (String, String) {
    let period = two_years(sim.population().reference_date());
    let resp = ask(sim, SourceId::Skv, skv_request(pnr, &period))
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let envelope = resp.text().await.unwrap();
    let body = element(&envelope, "BeskattningsuppgifterResponse");
    assert_valid(&body, SKV_XSD);
    let inner = text_of(&envelope, "svar").expect("svar");
    assert_valid_skv_inner(&inner);
    (envelope, inner)
}

#[tokio::test]
async fn all_sources_person_has_capital_income_and_a_payout() {
    let sim = start().await;
    let pop = sim.population();
    let person = pop.all_sources_person();
    let (_, inner) = answer(&sim, person.personnummer.expose()).await;
    let facts = person.skv.as_ref().unwrap();
    let period = two_years(pop.reference_date());
    let capital = facts.capital_for(&period).unwrap();
    assert_eq!(
        text_of(&inner, "StatusPersonuppgiftKod").as_deref(),
        Some("0")
    );
    assert_eq!(
        text_of(&inner, "IdentitetsbeteckningFysiskPerson").as_deref(),
        Some(person.personnummer.expose())
    );
    assert_eq!(
        text_of(&inner, "Taxeringsar").unwrap(),
        capital.taxation_year.to_string()
    );
    assert_eq!(
        text_of(&inner, "SummaIntakterPaKapital").unwrap(),
        whole_kronor(capital.total_income).to_string()
    );
    let payout = facts.payout_for(&period).unwrap();
    assert_eq!(
        text_of(&inner, "Bokforingsdatum").unwrap(),
        payout.booked_on.to_string()
    );
    assert_eq!(
        text_of(&inner, "Belopp").unwrap(),
        whole_kronor(payout.amount).to_string()
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn unknown_person_has_status_1() {
    let sim = start().await;
    let (_, inner) = answer(
        &sim,
        sim.population().unknown_person().personnummer.expose(),
    )
    .await;
    assert_eq!(
        text_of(&inner, "StatusPersonuppgiftKod").as_deref(),
        Some("1")
    );
    assert!(text_of(&inner, "Kapitaluppgift").is_none());
    sim.shutdown().await;
}

#[test]
fn the_contract_fixture_meets_the_inner_shape() {
    let fixture = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../contracts/ssbtek-v10/fixtures/skv-response.xml"),
    )
    .unwrap();
    let inner = text_of(&fixture, "svar").unwrap();
    assert_valid_skv_inner(inner.trim());
}

#[tokio::test]
async fn bad_requests_get_skatteverkets_fault() {
    let sim = start().await;
    let period = two_years(sim.population().reference_date());
    for (body, code) in [
        (skv_request("12345", &period), Some("9071003")),
        (
            skv_request("198603052393", &period).replace("forfragan", "annat"),
            Some("9071001"),
        ),
        ("<<<".to_owned(), None),
    ] {
        let resp = ask(&sim, SourceId::Skv, body).await.unwrap();
        assert_eq!(resp.status(), 500);
        let xml = resp.text().await.unwrap();
        assert!(text_of(&xml, "faultstring").is_some());
        if code.is_some() {
            assert_eq!(text_of(&xml, "MeddelandeKod").as_deref(), code);
            assert_valid(&element(&xml, "Exception"), SKV_XSD);
        }
    }
    sim.shutdown().await;
}

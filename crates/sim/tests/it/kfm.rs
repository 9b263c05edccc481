//! Kronofogden over HTTP: debts and the garnishment of the all-sources person, `kand` false
//! for a person Kronofogden does not know, HTTP 400 for an unreadable request.

use serde_json::Value;
use underlag_domain::SourceId;

use crate::common::{ask, kfm_request, start};

#[tokio::test]
async fn the_all_sources_person_has_a_debt_and_a_garnishment() {
    let sim = start().await;
    let person = sim.population().all_sources_person();
    let period = underlag_test_support::fixtures::two_years(sim.population().reference_date());
    let resp = ask(
        &sim,
        SourceId::Kfm,
        kfm_request(person.personnummer.expose(), &period),
    )
    .await
    .unwrap();
    assert_eq!(resp.status(), 200);
    let answer: Value = resp.json().await.unwrap();
    assert_eq!(answer["kand"], true);
    let facts = person.kfm.as_ref().unwrap();
    assert_eq!(
        answer["skulder"].as_array().unwrap().len(),
        facts.debts.len()
    );
    assert_eq!(
        answer["summaAllmannaMal"],
        format!("{:.2}", facts.sum(true).value())
    );
    let garnishment = &answer["loneutmatningar"][0];
    assert_eq!(garnishment["status"], "PAGAENDE");
    assert_eq!(
        garnishment["arbetsgivare"]["organisationsnummer"],
        facts.garnishments[0].employer.organisationsnummer
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn an_unknown_person_is_not_known_and_a_broken_request_is_400() {
    let sim = start().await;
    let period = underlag_test_support::fixtures::two_years(sim.population().reference_date());
    let unknown = sim
        .population()
        .unknown_person()
        .personnummer
        .expose()
        .to_owned();
    let answer: Value = ask(&sim, SourceId::Kfm, kfm_request(&unknown, &period))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(answer["kand"], false);
    assert!(answer.get("skulder").is_none());
    let bad = ask(&sim, SourceId::Kfm, "not json".to_owned())
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    sim.shutdown().await;
}

//! Arbetsförmedlingen over HTTP: content, XSD validity of `SvarMeddelande` (and of the test's
//! own `FragaMeddelande`), no-match status 1, `Sekretessmarkering`, 400 for bad requests.

use underlag_domain::SourceId;

use crate::common::{af_request, ask, start, text_of, texts_of, two_years};
use crate::xsd::{AF_XSD, assert_valid};

#[tokio::test]
async fn all_sources_person_is_a_registered_job_seeker_with_a_decision() {
    let sim = start().await;
    let pop = sim.population();
    let person = pop.all_sources_person();
    let period = two_years(pop.reference_date());
    let request = af_request(person.personnummer.expose(), &period);
    assert_valid(&request, AF_XSD);
    let resp = ask(&sim, SourceId::Af, request).await.unwrap();
    assert_eq!(resp.status(), 200);
    let xml = resp.text().await.unwrap();
    assert_valid(&xml, AF_XSD);
    let af = person.af.as_ref().unwrap();
    assert_eq!(
        text_of(&xml, "StatusSokandeinformationKod").as_deref(),
        Some("0")
    );
    assert_eq!(
        text_of(&xml, "Fornamn").as_deref(),
        Some(person.given_name.as_str())
    );
    assert_eq!(
        text_of(&xml, "Sekretessmarkering").as_deref(),
        Some("false")
    );
    assert_eq!(
        text_of(&xml, "ArbetssokandeRegistrerad").unwrap(),
        af.registered_on.to_string()
    );
    assert_eq!(
        text_of(&xml, "ErsattningTyp").as_deref(),
        Some("Aktivitetsstöd")
    );
    assert_eq!(
        text_of(&xml, "AktivitetsRapportMeddelande").as_deref(),
        Some("200")
    );
    assert_eq!(
        text_of(&xml, "Akassetillhorighet"),
        af.unemployment_fund.clone()
    );
    // The question is echoed.
    assert_eq!(texts_of(&xml, "Referensnummer"), vec!["Q-0001", "Q-0001"]);
    sim.shutdown().await;
}

#[tokio::test]
async fn unknown_person_is_not_registered() {
    let sim = start().await;
    let pop = sim.population();
    let request = af_request(
        pop.unknown_person().personnummer.expose(),
        &two_years(pop.reference_date()),
    );
    let xml = ask(&sim, SourceId::Af, request)
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_valid(&xml, AF_XSD);
    assert_eq!(
        text_of(&xml, "StatusSokandeinformationKod").as_deref(),
        Some("1")
    );
    assert!(text_of(&xml, "Fornamn").is_none() && text_of(&xml, "ArbetssokandeInfo").is_none());
    sim.shutdown().await;
}

#[tokio::test]
async fn protected_person_carries_sekretessmarkering() {
    let sim = start().await;
    let pop = sim.population();
    let person = pop.protected_persons().find(|p| p.af.is_some()).unwrap();
    let request = af_request(
        person.personnummer.expose(),
        &two_years(pop.reference_date()),
    );
    let xml = ask(&sim, SourceId::Af, request)
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_valid(&xml, AF_XSD);
    assert_eq!(text_of(&xml, "Sekretessmarkering").as_deref(), Some("true"));
    sim.shutdown().await;
}

#[tokio::test]
async fn bad_requests_get_400() {
    let sim = start().await;
    let pop = sim.population();
    let good = af_request(
        pop.all_sources_person().personnummer.expose(),
        &two_years(pop.reference_date()),
    );
    for body in [
        good.replace("<Referensnummer>Q-0001</Referensnummer>", ""),
        good.replace("198603052393", "8603052393"),
        good.replace("FragaMeddelande", "Fraga2"),
        good[..good.len() / 2].to_owned(),
        "<!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>".to_owned(),
    ] {
        let resp = ask(&sim, SourceId::Af, body).await.unwrap();
        assert_eq!(resp.status(), 400);
    }
    sim.shutdown().await;
}

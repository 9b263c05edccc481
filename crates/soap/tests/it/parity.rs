//! The same person and period through SOAP and through REST give the same canonical data and
//! the same per-source outcomes: the SOAP answer's provider payloads, read with the upstream
//! `interpret` functions, equal the REST answer's `data` (one core, one set of adapters).

use serde_json::Value;
use underlag_domain::SourceId;
use underlag_sim::Fault as SimFault;
use underlag_soap::V10_PROVIDERS;
use underlag_test_support::{Doorway, Reply, TestApp};

use crate::answer::{Answer, Part};
use crate::app;
use crate::envelopes::{Fraga, rest_query};

/// The REST source entry for `id`.
fn rest_source(answer: &Value, id: SourceId) -> &Value {
    answer["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == id.code())
        .unwrap()
}

/// The felkod the SOAP answer must carry for a REST status that is not an answer.
fn felkod_for(status: &str) -> &'static str {
    match status {
        "timed_out" => "SSBT-101",
        "unavailable" => "SSBT-102",
        "invalid_response" => "SSBT-103",
        "not_entitled" => "SSBT-104",
        other => panic!("no felkod for {other}"),
    }
}

async fn compare(stack: &TestApp, person: &str) {
    let period = stack.two_years();
    let Reply {
        status, text: xml, ..
    } = stack
        .soap_call(&Fraga::new(person, period).envelope())
        .await;
    assert_eq!(status, 200, "{xml}");
    let soap = Answer::new(xml);
    soap.assert_valid();
    let rest = stack.post_query(&rest_query(person, period)).await;
    assert_eq!(rest.status, 200);
    let rest = rest.body;
    for id in V10_PROVIDERS {
        let rest = rest_source(&rest, id);
        let rest_status = rest["status"].as_str().unwrap();
        match rest_status {
            "ok" | "no_match" => {
                assert_eq!(soap.part(id), Some(Part::Data), "{id}");
                let outcome = serde_json::to_value(soap.interpret(&stack.spec, id)).unwrap();
                assert_eq!(outcome["status"], rest["status"], "{id}");
                assert_eq!(
                    outcome["data"], rest["data"],
                    "{id}: the same canonical data"
                );
                assert_eq!(
                    outcome["warnings"], rest["warnings"],
                    "{id}: the same warnings"
                );
            }
            "source_error" => match soap.part(id) {
                Some(Part::Error { kalla, felkod, .. }) => {
                    assert_eq!(kalla, "BT", "{id}");
                    assert_eq!(felkod, rest["code"].as_str().unwrap(), "{id}");
                }
                other => panic!("{id}: {other:?}"),
            },
            other => match soap.part(id) {
                Some(Part::Error { kalla, felkod, .. }) => {
                    assert_eq!(kalla, "SSBT", "{id}");
                    assert_eq!(felkod, felkod_for(other), "{id}");
                }
                other => panic!("{id}: {other:?}"),
            },
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn soap_and_rest_agree_for_the_all_sources_person() {
    let stack = app::start().await;
    let person = stack.all_sources_person().expose().to_owned();
    compare(&stack, &person).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn soap_and_rest_agree_for_people_of_every_story() {
    let stack = app::start().await;
    let population = stack.sim.population();
    let mut persons: Vec<String> = Vec::new();
    for kind in [
        underlag_sim::StoryKind::Student,
        underlag_sim::StoryKind::FamilyBenefits,
        underlag_sim::StoryKind::PensionerBostadstillagg,
        underlag_sim::StoryKind::AkassaWithSuspension,
        underlag_sim::StoryKind::PermitPermanent,
        underlag_sim::StoryKind::CapitalIncome,
        underlag_sim::StoryKind::UnknownEverywhere,
    ] {
        let person = population.with_story(kind).next().unwrap();
        persons.push(person.personnummer.expose().to_owned());
    }
    for person in &persons {
        compare(&stack, person).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn soap_and_rest_agree_on_outcomes_when_providers_fail() {
    let stack = app::start().await;
    stack
        .sim
        .set_fault(SourceId::Af, SimFault::SchemaInvalid)
        .await;
    stack
        .sim
        .set_fault(SourceId::Miv, SimFault::ConnectionRefused)
        .await;
    stack.sim.set_fault(SourceId::Csn, SimFault::Http500).await;
    let person = stack.all_sources_person().expose().to_owned();
    compare(&stack, &person).await;
}

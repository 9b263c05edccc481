//! `hamtaBastjanstInformation` end to end: full, partial, no-match, protected and refused
//! answers, the echo, and the audit record. Every answer validates against the XSD.

use std::sync::Arc;
use tokio::time::Instant;

use underlag_domain::{Outcome, SourceId};
use underlag_sim::Fault as SimFault;
use underlag_sim::{SimConfig, SimHandle, Simulator};
use underlag_soap::SSBT_NS;
use underlag_soap::V10_PROVIDERS;
use underlag_spec::Spec;
use underlag_test_support::fixtures::two_years;
use underlag_test_support::{Doorway, Reply};

use crate::answer::{Answer, Part, answered};
use crate::app;
use crate::envelopes::{Fraga, PROCESSOR_ORG, rest_query};

#[track_caller]
fn error(part: Option<Part>) -> (String, String, Vec<String>) {
    match part {
        Some(Part::Error {
            kalla,
            felkod,
            messages,
        }) => (kalla, felkod, messages),
        other => panic!("expected an error, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_all_sources_person_gets_seven_answers_in_the_providers_own_shapes() {
    let stack = app::start().await;
    let person = stack.all_sources_person().expose().to_owned();
    let mut fraga = Fraga::new(&person, stack.two_years());
    fraga.processors = vec![(Some(1), PROCESSOR_ORG.to_owned(), "Biträdet AB".to_owned())];
    let started = Instant::now();
    let Reply {
        status, text: xml, ..
    } = stack.soap_call(&fraga.envelope()).await;
    eprintln!(
        "full SOAP answer: {} ms, {} bytes",
        started.elapsed().as_millis(),
        xml.len()
    );
    assert_eq!(status, 200, "{xml}");
    let answer = Answer::new(xml);
    answer.assert_valid();
    let parts = answer.parts();
    let sources: Vec<SourceId> = parts.iter().map(|(s, _)| *s).collect();
    assert_eq!(sources, V10_PROVIDERS, "contract order");
    assert!(parts.iter().all(|(_, p)| *p == Part::Data), "{parts:#?}");
    for source in V10_PROVIDERS {
        let outcome = answer.interpret(&stack.spec, source);
        assert!(
            matches!(outcome, Outcome::Ok { .. }),
            "{source}: {outcome:?}"
        );
    }
    assert!(!answer.has_echo());
    assert_eq!(answer.top_text("korrelationsid"), None);

    // Each provider in its own namespace and shape.
    let doc = roxmltree::Document::parse(&answer.xml).unwrap();
    let data = |code: &str| {
        doc.descendants()
            .find(|n| n.has_tag_name((SSBT_NS, code)))
            .and_then(|n| n.children().find(|c| c.has_tag_name((SSBT_NS, "data"))))
            .unwrap()
    };
    let names = |code: &str| -> Vec<(Option<String>, String)> {
        data(code)
            .children()
            .filter(|c| c.is_element())
            .map(|c| {
                (
                    c.tag_name().namespace().map(str::to_owned),
                    c.tag_name().name().to_owned(),
                )
            })
            .collect()
    };
    let af = "http://api.arbetsformedlingen.se/arbetssokande/ersattningsstod/v2".to_owned();
    assert_eq!(
        names("AF"),
        [
            (Some(af.clone()), "Fraga".into()),
            (Some(af), "Svar".into())
        ]
    );
    assert_eq!(names("MIV"), [(None, "response".to_owned())]);
    assert_eq!(names("SKV"), [(None, "svar".to_owned())]);
    assert_eq!(
        names("FK"),
        [(Some(SSBT_NS.to_owned()), "lefiJsonSvar".to_owned())]
    );
    assert_eq!(
        names("CSN"),
        [(Some(SSBT_NS.to_owned()), "svar".to_owned())]
    );
    let tns = "http://schema.transportstyrelsen.se/ssbtek/hamtauppgifterresponder/1";
    assert!(
        names("TNS")
            .iter()
            .all(|(ns, _)| ns.as_deref() == Some(tns))
    );
    let so = "http://INT014.UBPService.Schemas";
    assert!(names("SO").iter().all(|(ns, _)| ns.as_deref() == Some(so)));
    let skv_svar = data("SKV").first_element_child().unwrap().text().unwrap();
    assert!(skv_svar.contains("<SvarBeskattningsuppgifterEnligtSFS2008-975"));

    // One audit record, channel soap, with the data processor.
    let records = stack.lookups().await;
    assert_eq!(records.len(), 1, "one record per SOAP query");
    let record = &records[0];
    assert_eq!(record.channel.code(), "soap");
    assert_eq!(record.kind.code(), "query");
    assert_eq!(record.data_processors, ["5560360793 Biträdet AB"]);
    // Audited like REST: every source has its outcome; those outside the contract were not
    // asked.
    assert_eq!(record.sources.len(), SourceId::COUNT);
    assert!(
        record.sources.iter().all(|s| {
            let v10 = V10_PROVIDERS.iter().any(|p| p.code() == s.source);
            s.outcome == if v10 { "ok" } else { "not_requested" }
        }),
        "{:?}",
        record.sources
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_included_providers_answer_and_the_question_is_echoed() {
    let stack = app::start().await;
    let person = stack.all_sources_person().expose().to_owned();
    let (from, to) = stack.two_years();
    let mut fraga = Fraga::new(&person, (from, to)).only(&[SourceId::Af, SourceId::Tns]);
    fraga.echo = true;
    fraga.korrelationsid = Some("korr-<&>-1".into());
    fraga.frage_tidpunkt = Some("2026-10-31T09:30:00+01:00".into());
    fraga
        .periods
        .insert(SourceId::Af, ("2026-05-01".into(), "2026-06-30".into()));
    let answer = answered(&stack, &fraga, 200).await;
    let sources: Vec<SourceId> = answer.parts().into_iter().map(|(s, _)| s).collect();
    assert_eq!(sources, [SourceId::Af, SourceId::Tns]);
    assert!(answer.has_echo());
    assert_eq!(
        answer.top_text("korrelationsid").as_deref(),
        Some("korr-<&>-1")
    );
    assert_eq!(
        answer.top_text("frageTidpunkt").as_deref(),
        Some("2026-10-31T09:30:00+01:00")
    );
    // The echo carries the provider period; the audit carries the general one.
    assert!(
        answer
            .xml
            .contains("<ssbt:fromDatum>2026-05-01</ssbt:fromDatum>")
    );
    let records = stack.lookups().await;
    let called: Vec<&str> = records[0]
        .sources
        .iter()
        .filter(|s| s.outcome != "not_requested")
        .map(|s| s.source.as_str())
        .collect();
    assert_eq!(called, ["AF", "TNS"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_unknown_everywhere_gets_each_providers_own_no_match_answer() {
    let stack = app::start().await;
    let person = stack
        .sim
        .population()
        .unknown_person()
        .personnummer
        .expose()
        .to_owned();
    let answer = answered(&stack, &Fraga::new(&person, stack.two_years()), 200).await;
    for (source, part) in answer.parts() {
        assert_eq!(part, Part::Data, "{source}: no match is data");
        let outcome = answer.interpret(&stack.spec, source);
        assert!(
            matches!(outcome, Outcome::NoMatch { .. }),
            "{source}: {outcome:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failing_providers_get_errors_and_the_others_still_answer() {
    let stack = app::start().await;
    stack.sim.set_fault(SourceId::Tns, SimFault::Hang).await;
    stack.sim.set_fault(SourceId::Csn, SimFault::Http500).await;
    stack
        .sim
        .set_fault(SourceId::Skv, SimFault::SchemaInvalid)
        .await;
    stack
        .sim
        .set_fault(SourceId::Miv, SimFault::ConnectionRefused)
        .await;
    stack.sim.set_fault(SourceId::So, SimFault::Malformed).await;
    let person = stack.all_sources_person().expose().to_owned();
    let started = Instant::now();
    let Reply {
        status, text: xml, ..
    } = stack
        .soap_call(&Fraga::new(&person, stack.two_years()).envelope())
        .await;
    eprintln!(
        "partial SOAP answer (one provider hanging): {} ms",
        started.elapsed().as_millis()
    );
    assert_eq!(status, 200, "{xml}");
    let answer = Answer::new(xml);
    answer.assert_valid();
    assert_eq!(answer.part(SourceId::Af), Some(Part::Data));
    assert_eq!(answer.part(SourceId::Fk), Some(Part::Data));
    let (kalla, felkod, _) = error(answer.part(SourceId::Tns));
    assert_eq!((kalla.as_str(), felkod.as_str()), ("SSBT", "SSBT-101"));
    for source in [SourceId::Csn, SourceId::Miv] {
        let (kalla, felkod, messages) = error(answer.part(source));
        assert_eq!(
            (kalla.as_str(), felkod.as_str()),
            ("SSBT", "SSBT-102"),
            "{source}"
        );
        assert!(messages[0].contains("kunde inte nås"));
    }
    let (kalla, felkod, messages) = error(answer.part(SourceId::Skv));
    assert_eq!((kalla.as_str(), felkod.as_str()), ("SSBT", "SSBT-103"));
    assert!(
        messages[0].contains("SKV-"),
        "rule ids are listed: {messages:?}"
    );
    let (_, felkod, _) = error(answer.part(SourceId::So));
    assert_eq!(
        felkod, "SSBT-103",
        "a body that is not XML is an invalid answer"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_provider_the_organisation_is_not_entitled_to_is_not_called() {
    let stack = app::builder()
        .connection(app::connection(app::ACTOR, &[SourceId::Miv]))
        .start()
        .await;
    let person = stack.all_sources_person().expose().to_owned();
    let answer = answered(&stack, &Fraga::new(&person, stack.two_years()), 200).await;
    let (kalla, felkod, _) = error(answer.part(SourceId::Miv));
    assert_eq!((kalla.as_str(), felkod.as_str()), ("SSBT", "SSBT-104"));
    assert_eq!(answer.part(SourceId::Tns), Some(Part::Data));
    let records = stack.lookups().await;
    let miv = records[0]
        .sources
        .iter()
        .find(|s| s.source == "MIV")
        .unwrap();
    assert_eq!((miv.outcome.as_str(), miv.attempts), ("not_entitled", 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_error_the_provider_reports_is_kalla_bt() {
    // The organisation's registered LEFI actor is one LEFI refuses (403).
    let stack = app::builder()
        .connection(app::connection(underlag_sim::REFUSED_LEFI_ACTOR, &[]))
        .start()
        .await;
    let person = stack.all_sources_person().expose().to_owned();
    let fraga = Fraga::new(&person, stack.two_years()).only(&[SourceId::Fk, SourceId::Af]);
    let answer = answered(&stack, &fraga, 200).await;
    let (kalla, felkod, messages) = error(answer.part(SourceId::Fk));
    assert_eq!((kalla.as_str(), felkod.as_str()), ("BT", "403"));
    assert!(!messages[0].is_empty());
    assert_eq!(answer.part(SourceId::Af), Some(Part::Data));
}

/// Asks about a protected person through SOAP and REST (`door`, over agencies answering from
/// `sim`'s population); returns the SOAP answer and how many payloads the core withheld (per
/// the REST answer's `raw: null`).
async fn protected(door: &impl Doorway, sim: &SimHandle, spec: &Arc<Spec>) -> (Answer, usize) {
    let person = sim
        .population()
        .protected_persons()
        .next()
        .unwrap()
        .personnummer
        .expose()
        .to_owned();
    let period = two_years(sim.population().reference_date());
    let period = (period.from(), period.to());
    let answer = answered(door, &Fraga::new(&person, period), 200).await;
    let rest = door.post_query(&rest_query(&person, period)).await;
    assert_eq!(rest.status, 200);
    let rest = rest.body;
    assert_eq!(rest["protected"], true);
    let mut withheld = 0;
    for source in rest["sources"].as_array().unwrap() {
        let id: SourceId = source["source"].as_str().unwrap().parse().unwrap();
        if !V10_PROVIDERS.contains(&id) {
            continue;
        }
        let answered = matches!(source["status"].as_str(), Some("ok" | "no_match"));
        let part = answer.part(id);
        if answered && source["raw"].is_null() {
            withheld += 1;
            let (kalla, felkod, _) = error(part);
            assert_eq!(
                (kalla.as_str(), felkod.as_str()),
                ("SSBT", "SSBT-SKYDD"),
                "{id}"
            );
        } else if answered {
            assert_eq!(part, Some(Part::Data), "{id}: a scrubbed payload is sent");
            if let Outcome::Ok { data, .. } = answer.interpret(spec, id) {
                let addresses = data.person.map(|p| p.addresses.len()).unwrap_or_default();
                assert_eq!(addresses, 0, "{id}: no address in what SOAP sends");
            }
        }
    }
    (answer, withheld)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_protected_person_gets_scrubbed_payloads_without_addresses() {
    let stack = app::start().await;
    let (_, withheld) = protected(&stack, &stack.sim, &stack.spec).await;
    eprintln!("protected person, scrubbing adapters: {withheld} payload(s) withheld");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_protected_person_never_gets_a_withheld_payload() {
    let sim = Simulator::start(SimConfig::default()).await.unwrap();
    let doors = app::unscrubbed_doors(&sim);
    let (answer, withheld) = protected(&doors, &sim, &doors.spec).await;
    assert!(
        withheld >= 3,
        "every answering provider's payload is withheld"
    );
    assert!(
        answer.parts().iter().all(|(_, p)| *p != Part::Data),
        "nothing of a withheld payload is sent: {:?}",
        answer.parts()
    );
}

/// FK's adapter towards the simulator, with an address put into every answer (in the
/// payload's `generellPersoninformation` and in the canonical person): the simulator, like
/// FK, sends no address for a protected person, so without this the "no address" checks
/// above cannot fail. Scrubbing is the real adapter's.
struct Addressed(Arc<dyn underlag_service::SourceAdapter>);

/// The address [`Addressed`] adds; it must never reach an answer about a protected person.
const SECRET_STREET: &str = "Hemlig väg 1";

fn add_address(value: &mut serde_json::Value) -> usize {
    match value {
        serde_json::Value::Object(map) => {
            let mut added = 0;
            if let Some(serde_json::Value::Array(people)) = map.get_mut("generellPersoninformation")
            {
                for person in people.iter_mut().filter_map(|p| p.as_object_mut()) {
                    person.insert(
                        "adress".into(),
                        serde_json::json!([{"utdelningadress": [SECRET_STREET],
                            "postnummer": "11122", "postort": "HEMLIGA ORTEN"}]),
                    );
                    added += 1;
                }
            }
            added + map.values_mut().map(add_address).sum::<usize>()
        }
        serde_json::Value::Array(items) => items.iter_mut().map(add_address).sum(),
        _ => 0,
    }
}

#[async_trait::async_trait]
impl underlag_service::SourceAdapter for Addressed {
    fn source(&self) -> SourceId {
        self.0.source()
    }

    async fn fetch(
        &self,
        request: &underlag_service::SourceRequest,
    ) -> Result<underlag_service::Answer, underlag_service::FetchError> {
        let mut answer = self.0.fetch(request).await?;
        if let Outcome::Ok { data, .. } = &mut answer.outcome {
            let mut payload: serde_json::Value = serde_json::from_str(&answer.raw.body).unwrap();
            assert!(add_address(&mut payload) > 0, "the payload has a person");
            answer.raw.body = payload.to_string();
            if let Some(person) = data.person.as_mut() {
                person.addresses.push(underlag_domain::model::Address {
                    kind: "folkbokforing".into(),
                    lines: vec![SECRET_STREET.into()],
                    postal_code: Some("11122".into()),
                    town: Some("HEMLIGA ORTEN".into()),
                    country: None,
                });
            }
        }
        Ok(answer)
    }

    fn scrub_location(
        &self,
        raw: &underlag_domain::RawPayload,
    ) -> Option<underlag_domain::RawPayload> {
        self.0.scrub_location(raw)
    }

    async fn ping(&self) -> Result<bool, underlag_service::FetchError> {
        self.0.ping().await
    }
}

/// Weak test fixed (issue 16): the protected person had no address, so "no address in what
/// SOAP sends" could not fail. Here FK's answer carries one; neither door may pass it on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_protected_persons_address_reaches_neither_door() {
    let sim = Simulator::start(SimConfig::default()).await.unwrap();
    let builder = underlag_test_support::Doors::builder();
    let spec = builder.spec();
    let agencies = underlag_test_support::simulated_agencies(&sim, &spec, app::ACTOR)
        .into_iter()
        .map(|a| match a.source() {
            SourceId::Fk => Arc::new(Addressed(a)) as Arc<dyn underlag_service::SourceAdapter>,
            _ => a,
        })
        .collect();
    let doors = builder
        .agencies(agencies)
        .connection(app::connection(app::ACTOR, &[]))
        .lefi_actor_id(app::ACTOR)
        .binding(underlag_service::BindingConfig {
            auto_register_first_query: true,
            today: || underlag_sim::population::DEFAULT_REFERENCE_DATE,
            ..underlag_service::BindingConfig::default()
        })
        .build();
    let (answer, _) = protected(&doors, &sim, &doors.spec).await;
    assert_eq!(answer.part(SourceId::Fk), Some(Part::Data), "FK answered");
    assert!(!answer.xml.contains("HEMLIGA"), "{}", answer.xml);
    let Outcome::Ok { data, .. } = answer.interpret(&doors.spec, SourceId::Fk) else {
        panic!("FK's payload reads as an answer");
    };
    assert!(data.person.is_some_and(|p| p.addresses.is_empty()));
    let person = sim.population().protected_persons().next().unwrap();
    let period = two_years(sim.population().reference_date());
    let rest = doors
        .post_query(&rest_query(
            person.personnummer.expose(),
            (period.from(), period.to()),
        ))
        .await;
    assert_eq!(rest.status, 200);
    assert!(!rest.text.contains("HEMLIGA"), "{}", rest.text);
    assert!(!rest.text.contains("Hemlig"), "{}", rest.text);
    let audit = doors.audit.events.lock().unwrap();
    assert!(audit.iter().all(|r| r.protected), "audited as sensitive");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_data_leaves_when_the_audit_fails() {
    let stack = app::start().await;
    stack.fail_audit().await;
    let person = stack.all_sources_person().expose().to_owned();
    let answer = answered(&stack, &Fraga::new(&person, stack.two_years()), 500).await;
    let (faultcode, felkod, _) = answer.fault().unwrap();
    assert_eq!(
        (faultcode.as_str(), felkod.as_str()),
        ("soap:Server", "SSBT-010")
    );
    assert_eq!(answer.payload_name(), "hamtaBastjanstInformationFault");
    assert!(!answer.xml.contains(&person));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_core_binding_refuses_with_a_fault_naming_the_soap_field() {
    let stack = app::start().await;
    let person = stack.all_sources_person().expose().to_owned();
    let fraga = Fraga::new(&person, stack.two_years())
        .set("syfte", Some("<ssbt:syfte>Allmän nyfikenhet</ssbt:syfte>"));
    let answer = answered(&stack, &fraga, 500).await;
    let (faultcode, felkod, messages) = answer.fault().unwrap();
    assert_eq!(
        (faultcode.as_str(), felkod.as_str()),
        ("soap:Client", "SSBT-020")
    );
    assert!(
        messages[0].contains("Syftet är inte tillåtet"),
        "{messages:?}"
    );
    assert!(
        messages[0].contains("generellaFrageparametrar/syfte"),
        "{messages:?}"
    );

    let mut fraga = Fraga::new(&person, stack.two_years());
    fraga.processors = vec![(None, "165560125790".into(), "Okänt AB".into())];
    let Reply { text: xml, .. } = stack.soap_call(&fraga.envelope()).await;
    let (_, felkod, messages) = Answer::new(xml).fault().unwrap();
    assert_eq!(felkod, "SSBT-020");
    assert!(
        messages[0].contains("personuppgiftsbitrade[1]/organisationsnummer"),
        "{messages:?}"
    );
    let refused = stack.lookups().await;
    assert_eq!(refused.len(), 2, "refusals are audited");
    assert!(
        refused
            .iter()
            .all(|r| r.kind.code() == "refused" && r.channel.code() == "soap")
    );
}

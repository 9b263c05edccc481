//! Answers for persons of the synthetic population match their stories.

use std::collections::BTreeSet;

use underlag_domain::SourceId;
use underlag_sim::population::facts::PaymentState;
use underlag_test_support::TestApp;
use underlag_test_support::fixtures::{source, status};

#[tokio::test]
async fn the_all_sources_person_gets_ok_from_every_source_with_their_story() {
    let stack = TestApp::start().await;
    let person = stack.sim.population().all_sources_person().clone();
    let answer = stack.ask(&person.personnummer).await;
    for id in SourceId::ALL {
        assert_eq!(status(&answer, id), "ok", "{id}: {}", source(&answer, id));
    }
    assert_eq!(answer["protected"], false);

    // FK: every effected FK payment paid out in the period is there, with the same net amount.
    let (from, to) = stack.last_year();
    let in_period = |d: &jiff::civil::Date| d.to_string() >= from && d.to_string() <= to;
    let fk_facts = person.fk.as_ref().unwrap();
    let expected: BTreeSet<(String, String)> = fk_facts
        .payments
        .iter()
        .filter(|p| p.state == PaymentState::Effected && in_period(&p.payout_on))
        .map(|p| (p.payout_on.to_string(), format!("{:.2}", p.net.value())))
        .collect();
    let got: BTreeSet<(String, String)> = source(&answer, SourceId::Fk)["data"]["payments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["state"] == "effected" && p["payer"] == "FK")
        .map(|p| {
            (
                p["payout_on"].as_str().unwrap().to_owned(),
                p["net"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(
        !expected.is_empty(),
        "the story has FK payments in the period"
    );
    assert_eq!(got, expected);

    // TNS: the same registration numbers.
    let regs: BTreeSet<String> = person
        .tns
        .as_ref()
        .unwrap()
        .vehicles
        .iter()
        .map(|v| v.registration.clone())
        .collect();
    let got: BTreeSet<String> = source(&answer, SourceId::Tns)["data"]["vehicles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["registration"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(got, regs);

    // AF: registered job seeker with the story's extent.
    let af = &source(&answer, SourceId::Af)["data"]["job_seeker"];
    assert_eq!(af["registered"], true);
    assert_eq!(
        af["extent_percent"],
        person.af.as_ref().unwrap().extent_percent
    );

    // SO: the fund by name, and its suspension.
    let fund = &person.so.as_ref().unwrap().funds[0];
    let funds = source(&answer, SourceId::So)["data"]["unemployment_funds"]
        .as_array()
        .unwrap()
        .clone();
    assert!(funds.iter().any(|f| f["fund"] == fund.name.as_str()));

    // MIV: the permit's decision type.
    let permit = &person.miv.as_ref().unwrap().cases[0];
    let permits = source(&answer, SourceId::Miv)["data"]["permits"]
        .as_array()
        .unwrap()
        .clone();
    assert!(
        permits
            .iter()
            .any(|p| p["decision_type"]["code"] == permit.decision_type.0)
    );

    // SKV: capital income per taxation year.
    assert!(
        !source(&answer, SourceId::Skv)["data"]["capital_income"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    // Every source's latency and retrieval time are reported, and the raw payload kept.
    for id in SourceId::ALL {
        let s = source(&answer, id);
        assert!(
            s["latency_ms"].is_u64()
                && s["retrieved_at"].is_string()
                && s["raw"]["body"].is_string(),
            "{id}"
        );
    }
}

#[tokio::test]
async fn an_unknown_person_is_no_match_everywhere() {
    let stack = TestApp::start().await;
    let person = stack.sim.population().unknown_person().clone();
    let answer = stack.ask(&person.personnummer).await;
    for id in SourceId::ALL {
        assert_eq!(
            status(&answer, id),
            "no_match",
            "{id}: {}",
            source(&answer, id)
        );
    }
}

#[tokio::test]
async fn a_protected_person_is_marked_and_location_withheld() {
    let stack = TestApp::start().await;
    let person = stack
        .sim
        .population()
        .protected_persons()
        .find(|p| p.fk.as_ref().is_some_and(|f| f.address.is_some()))
        .expect("a protected person whose FK record has an address (sekretessmarkering)")
        .clone();
    let answer = stack.ask(&person.personnummer).await;
    assert_eq!(answer["protected"], true, "{answer}");
    assert!(!answer["protection"].as_array().unwrap().is_empty());
    let text = answer.to_string();
    let address = person
        .fk
        .as_ref()
        .and_then(|f| f.address.as_ref())
        .expect("the story gives FK an address");
    for part in [&address.street, &address.postal_code, &address.town] {
        assert!(!text.contains(part.as_str()), "an address part leaked");
    }
    let withheld: Vec<_> = answer["withheld"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert!(withheld.contains(&"raw_location_fields"), "{withheld:?}");
    // The raw LEFI payload is kept for traceability, scrubbed of location fields.
    let fk_raw = source(&answer, SourceId::Fk)["raw"]["body"]
        .as_str()
        .unwrap();
    assert!(!fk_raw.contains("\"adress\"") && !fk_raw.contains("\"folkbokford\""));
}

#[tokio::test]
async fn every_person_of_the_population_gets_one_outcome_per_source() {
    // A bounded sweep over a sample of the population: every answer is about the person
    // asked, has one outcome per source, and each is `ok` exactly when the agency holds data
    // about the person and `no_match` otherwise (weak test fixed, issue 16: it checked only
    // that each status was one of the two).
    let stack = TestApp::start().await;
    let persons: Vec<_> = stack
        .sim
        .population()
        .persons()
        .iter()
        .step_by(25)
        .cloned()
        .collect();
    for person in persons {
        let answer = stack.ask(&person.personnummer).await;
        assert_eq!(answer["person"], person.personnummer.expose());
        let sources = answer["sources"].as_array().unwrap();
        assert_eq!(sources.len(), SourceId::COUNT);
        for s in sources {
            let id: SourceId = s["source"].as_str().unwrap().parse().unwrap();
            let expected = if person.known_to(id) {
                "ok"
            } else {
                "no_match"
            };
            assert_eq!(
                s["status"].as_str().unwrap(),
                expected,
                "{:?}: {}",
                person.stories,
                s["source"]
            );
            assert_eq!(s["data"].is_object(), expected == "ok", "{}", s["source"]);
        }
    }
}

#[tokio::test]
async fn the_all_sources_person_is_ok_in_all_nine_and_a_corrected_agi_declaration_shows_as_corrected()
 {
    let stack = TestApp::start().await;
    let person = stack.sim.population().all_sources_person().clone();
    let answer = stack.ask(&person.personnummer).await;
    assert_eq!(SourceId::ALL.len(), 9);
    for id in SourceId::ALL {
        assert_eq!(status(&answer, id), "ok", "{id}: {}", source(&answer, id));
    }

    // AGI: one line per employer, month and specifikationsnummer, as in force.
    let (from, to) = stack.last_year();
    let period = underlag_domain::Period::new(from.parse().unwrap(), to.parse().unwrap()).unwrap();
    let facts = person.agi.as_ref().unwrap();
    assert!(
        facts.has_correction(),
        "the story has a corrected declaration"
    );
    let in_force = facts.in_force_in(&period);
    let lines = source(&answer, SourceId::Agi)["data"]["earned_income"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(lines.len(), in_force.len());
    let expected: BTreeSet<(String, String)> = in_force
        .iter()
        .map(|d| (d.month.to_string(), format!("{:.2}", d.gross.value())))
        .collect();
    let got: BTreeSet<(String, String)> = lines
        .iter()
        .map(|l| {
            (
                l["month"]["from"].as_str().unwrap().to_owned(),
                l["gross"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(got, expected);
    let corrected: Vec<_> = lines.iter().filter(|l| l["corrected"] == true).collect();
    assert_eq!(corrected.len(), 1, "{lines:#?}");
    assert_eq!(corrected[0]["replaced"], 1);
    assert_eq!(corrected[0]["employer"]["name"], "Exempelverkstaden AB");
    let notices = source(&answer, SourceId::Agi)["data"]["notices"]
        .as_array()
        .unwrap()
        .clone();
    assert!(notices.iter().any(|n| n["code"] == "RATTAD"));

    // Kronofogden: the tax debt and the garnishment by the same employer.
    let kfm = &source(&answer, SourceId::Kfm)["data"];
    assert_eq!(kfm["enforcement_debts"][0]["kind"], "public");
    assert_eq!(kfm["enforcement_debts"][0]["amount"], "18450.00");
    let garnishment = &kfm["wage_garnishments"][0];
    assert_eq!(garnishment["reserved_amount"], "6900.00");
    assert_eq!(garnishment["monthly_amount"], "700.00");
    assert_eq!(
        garnishment["employer"]["organisationsnummer"],
        corrected[0]["employer"]["organisationsnummer"]
    );
    stack.stop().await;
}

/// Regression (issue 15): an ongoing pension came back with a one-day period (`from` =
/// `to` = its start), reading as ended. Open-ended decisions have no end date on the wire,
/// and the `query` summary says "tills vidare".
#[tokio::test]
async fn an_ongoing_pension_comes_back_open_ended_in_rest_and_the_summary() {
    let stack = TestApp::start().await;
    let pensioner = stack
        .sim
        .population()
        .with_story(underlag_sim::StoryKind::PensionerBostadstillagg)
        .next()
        .unwrap()
        .clone();
    let answer = stack.ask(&pensioner.personnummer).await;
    let decisions = source(&answer, SourceId::Fk)["data"]["decisions"]
        .as_array()
        .unwrap()
        .clone();
    let open: Vec<_> = decisions
        .iter()
        .filter(|d| d["open_ended"] == true)
        .collect();
    assert!(!open.is_empty(), "an ongoing pension: {decisions:?}");
    for d in &open {
        assert!(d["period"]["from"].is_string(), "{d}");
        assert!(d["period"].get("to").is_none(), "no end date: {d}");
    }
    let summary = underlag::summary::render(&answer);
    assert!(summary.contains("tills vidare"), "{summary}");
    let start = open[0]["period"]["from"].as_str().unwrap();
    assert!(
        !summary.contains(&format!("{start}–{start}")),
        "no one-day period: {summary}"
    );
    stack.stop().await;
}

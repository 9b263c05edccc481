//! CSN over HTTP: the base64 `CSNSvar` validated against the contract's kommunfraga.xsd (with
//! the unpublished Sambruk import stubbed), content, "Ej träff", `sekretess="J"`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use underlag_domain::SourceId;
use underlag_sim::StoryKind;

use crate::common::{ask, csn_request, start, text_of, texts_of, two_years};
use crate::xsd::assert_valid_csn;

pub(crate) async fn csn_svar(
    sim: &underlag_sim::SimHandle,
    pnr: &str,
    period: &underlag_domain::Period,
) -> String {
    let resp = ask(sim, SourceId::Csn, csn_request(pnr, period))
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let envelope = resp.text().await.unwrap();
    let b64 = text_of(&envelope, "svar").expect("svar");
    String::from_utf8(STANDARD.decode(b64.trim()).expect("base64")).expect("utf-8")
}

fn person_attr(xml: &str, name: &str) -> String {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let person = doc
        .descendants()
        .find(|n| n.tag_name().name() == "Person")
        .unwrap();
    person.attribute(name).unwrap_or_default().to_owned()
}

#[tokio::test]
async fn all_sources_person_studied_earlier() {
    let sim = start().await;
    let pop = sim.population();
    let person = pop.all_sources_person();
    let period = two_years(pop.reference_date());
    let xml = csn_svar(&sim, person.personnummer.expose(), &period).await;
    assert_valid_csn(&xml);
    assert_eq!(
        person_attr(&xml, "personnummer"),
        &person.personnummer.expose()[2..]
    );
    assert_eq!(person_attr(&xml, "sekel"), "19");
    assert_eq!(person_attr(&xml, "Status").trim(), "");
    assert_eq!(text_of(&xml, "stodform").as_deref(), Some("GRUND"));
    assert_eq!(text_of(&xml, "status").as_deref(), Some("AVSLUTAD"));
    let facts = person.csn.as_ref().unwrap();
    let paid: Vec<String> = facts.cases[0]
        .payments_in(&period)
        .iter()
        .map(|p| p.payout_on.strftime("%Y%m%d").to_string())
        .collect();
    assert!(!paid.is_empty());
    assert_eq!(texts_of(&xml, "utbetdatum"), paid);
    assert_eq!(
        texts_of(&xml, "starttid")[0],
        facts.cases[0].granted[0].start_week
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn current_student_has_planned_payments() {
    let sim = start().await;
    let pop = sim.population();
    let period = crate::common::around(pop.reference_date());
    for person in pop
        .with_story(StoryKind::Student)
        .filter(|p| !p.has_story(StoryKind::AllSources))
        .take(3)
    {
        let xml = csn_svar(&sim, person.personnummer.expose(), &period).await;
        assert_valid_csn(&xml);
        let statuses = texts_of(&xml, "utbetstatus");
        assert!(
            statuses.iter().any(|s| s == "Planerad") && statuses.iter().any(|s| s == "Utbetald")
        );
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn unknown_person_is_ej_traff() {
    let sim = start().await;
    let pop = sim.population();
    let person = pop
        .with_story(StoryKind::UnknownEverywhere)
        .find(|p| !p.has_samordningsnummer())
        .unwrap();
    let xml = csn_svar(
        &sim,
        person.personnummer.expose(),
        &two_years(pop.reference_date()),
    )
    .await;
    assert_valid_csn(&xml);
    assert_eq!(person_attr(&xml, "Status"), "Ej träff");
    assert!(text_of(&xml, "Arende").is_none());
    sim.shutdown().await;
}

#[tokio::test]
async fn protected_person_is_marked() {
    let sim = start().await;
    let pop = sim.population();
    let person = pop.protected_persons().find(|p| p.csn.is_some()).unwrap();
    let xml = csn_svar(
        &sim,
        person.personnummer.expose(),
        &two_years(pop.reference_date()),
    )
    .await;
    assert_valid_csn(&xml);
    assert_eq!(person_attr(&xml, "sekretess"), "J");
    sim.shutdown().await;
}

#[tokio::test]
async fn bad_requests_get_a_soap_fault() {
    let sim = start().await;
    for body in [
        "not xml".to_owned(),
        "<a/>".to_owned(),
        csn_request("123", &two_years(sim.population().reference_date())),
    ] {
        let resp = ask(&sim, SourceId::Csn, body).await.unwrap();
        assert_eq!(resp.status(), 500);
        let xml = resp.text().await.unwrap();
        assert!(text_of(&xml, "faultcode").is_some());
    }
    sim.shutdown().await;
}

//! The real-world shapes of the XML agencies, sent by the simulator for the persons whose
//! story carries them, each answer valid against the provider's XSD: AF and Migrationsverket
//! dates with a UTC offset, a permanent permit's start date, two a-kassor over time, an
//! a-kassa whose status is not `all clear`, Skatteverket status 999.

use underlag_domain::SourceId;
use underlag_sim::StoryKind;

use crate::common::{af_request, ask, start, text_of, texts_of, two_years};
use crate::xsd::{AF_XSD, assert_valid};

#[tokio::test]
async fn af_dates_carry_a_utc_offset_and_validate() {
    let sim = start().await;
    let pop = sim.population();
    let person = pop
        .with_story(StoryKind::OffsetDates)
        .find(|p| p.af.is_some())
        .expect("a job seeker with offset dates");
    let period = two_years(pop.reference_date());
    let resp = ask(
        &sim,
        SourceId::Af,
        af_request(person.personnummer.expose(), &period),
    )
    .await
    .unwrap();
    let xml = resp.text().await.unwrap();
    assert_valid(&xml, AF_XSD);
    let registered = text_of(&xml, "ArbetssokandeRegistrerad").unwrap();
    assert!(
        registered.ends_with("+01:00") || registered.ends_with("+02:00"),
        "{registered}"
    );
    assert_eq!(
        &registered[..10],
        person.af.as_ref().unwrap().registered_on.to_string()
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn miv_dates_carry_a_utc_offset_and_a_permanent_permit_its_start_date() {
    let sim = start().await;
    let pop = sim.population();
    let offset = pop
        .with_story(StoryKind::OffsetDates)
        .find(|p| p.miv.is_some())
        .expect("a permit holder with offset dates");
    let xml = crate::miv::answer(&sim, offset.personnummer.expose()).await;
    let entered = text_of(&xml, "inresedatum").unwrap();
    assert!(
        entered.len() == 16 && entered[10..].starts_with('+'),
        "{entered}"
    );
    let permanent = pop
        .with_story(StoryKind::PermitPermanent)
        .find(|p| {
            p.miv
                .as_ref()
                .is_some_and(|m| m.cases.iter().any(|c| c.starts_on.is_some()))
        })
        .expect("a permanent permit with its start date");
    let xml = crate::miv::answer(&sim, permanent.personnummer.expose()).await;
    let miv = permanent.miv.as_ref().unwrap();
    let put = miv.cases.iter().find(|c| c.starts_on.is_some()).unwrap();
    let from_dates: Vec<String> = texts_of(&xml, "fromDatum")
        .into_iter()
        .map(|d| d[..10].to_owned())
        .collect();
    assert!(from_dates.contains(&put.starts_on.unwrap().to_string()));
    assert!(text_of(&xml, "hemland").is_some());
    sim.shutdown().await;
}

#[tokio::test]
async fn two_funds_over_time_and_an_incomplete_fund_validate() {
    let sim = start().await;
    let pop = sim.population();
    let two = pop
        .with_story(StoryKind::TwoFunds)
        .next()
        .expect("two funds");
    let xml = crate::so::answer(&sim, two.personnummer.expose()).await;
    let names = texts_of(&xml, "SvarandeOrganisation");
    assert_eq!(names.len(), 2, "{xml}");
    assert_ne!(names[0], names[1]);
    let incomplete = pop
        .with_story(StoryKind::FundIncomplete)
        .next()
        .expect("an incomplete fund");
    let xml = crate::so::answer(&sim, incomplete.personnummer.expose()).await;
    let statuses = texts_of(&xml, "StatusSvarandeOrganisation");
    assert!(statuses.iter().any(|s| s == "all clear"));
    assert!(
        statuses
            .iter()
            .any(|s| s == "no answer" || s == "technical error"),
        "{statuses:?}"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn skatteverket_status_999_comes_with_the_data() {
    let sim = start().await;
    let pop = sim.population();
    let person = pop
        .with_story(StoryKind::SkvStatus999)
        .next()
        .expect("a person with status 999");
    let (_, inner) = crate::skv::answer(&sim, person.personnummer.expose()).await;
    assert_eq!(
        text_of(&inner, "StatusPersonuppgiftKod").as_deref(),
        Some("999")
    );
    assert!(
        text_of(&inner, "Kapitaluppgift").is_some()
            || text_of(&inner, "Skattekontouppgift").is_some()
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn csn_other_support_forms_validate_with_their_amount_split() {
    let sim = start().await;
    let pop = sim.population();
    let period = two_years(
        pop.reference_date()
            .saturating_add(jiff::Span::new().months(6)),
    );
    let mut forms = std::collections::BTreeSet::new();
    let mut kinds = std::collections::BTreeSet::new();
    for person in pop
        .with_story(StoryKind::CsnOtherForm)
        .filter(|p| !p.has_story(StoryKind::CsnV3))
        .take(8)
    {
        let xml = crate::csn::csn_svar(&sim, person.personnummer.expose(), &period).await;
        crate::xsd::assert_valid_csn(&xml);
        forms.extend(texts_of(&xml, "stodform"));
        kinds.extend(texts_of(&xml, "beloppstyp"));
    }
    for form in ["SSSTÖD", "GRUNDU"] {
        assert!(forms.contains(form), "{forms:?}");
    }
    for kind in ["STÖDB", "STÖDT", "MERKL", "TILB"] {
        assert!(kinds.contains(kind), "{kinds:?}");
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn csn_v3_message_has_the_fixtures_shape() {
    let sim = start().await;
    let pop = sim.population();
    let person = pop
        .with_story(StoryKind::CsnV3)
        .next()
        .expect("a v3 person");
    let period = two_years(pop.reference_date());
    let xml = crate::csn::csn_svar(&sim, person.personnummer.expose(), &period).await;
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.attribute("schemaVersion"), Some("3.0"));
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://schema.csn.se/v3.0/kommunfraga")
    );
    assert!(!xml.contains("mstallningsstudiestod"));
    assert!(!xml.contains("/v4.0/"));
    // Apart from its namespaces and the missing omställningsstudiestöd, it is the v4.0
    // message: put back, it validates.
    let as_v4 = xml.replace("/v3.0/", "/v4.0/").replace(
        "</gem:studiestartsstod>",
        "</gem:studiestartsstod><gem:omstallningsstudiestod>0</gem:omstallningsstudiestod>",
    );
    let as_v4 = as_v4.replace(
        "</pers:Studiestartsstod>",
        "</pers:Studiestartsstod><pers:Omstallningsstudiestod/>",
    );
    let as_v4 = as_v4.replace(
        "<pers:Studiestartsstod/>",
        "<pers:Studiestartsstod/><pers:Omstallningsstudiestod/>",
    );
    crate::xsd::assert_valid_csn(&as_v4);
    sim.shutdown().await;
}

//! FK/PM through LEFI v9 over HTTP: content, typed deserialization per the OpenAPI, no-match
//! shape, protection marker, LEFI's 400 and 403 answers.

use underlag_domain::{Amount, SourceId};
use underlag_sim::StoryKind;
use underlag_sim::population::PaymentState;

use crate::common::{around, ask, client, fk_request, start, two_years};
use crate::lefi_types::{Felsvar, Svar, TillgangligaInformationstyper, TillstandKod, UtlamnareKod};

fn kronor(summa: Option<f64>) -> Amount {
    Amount::from_f64(summa.expect("summa")).expect("finite")
}

#[tokio::test]
async fn all_sources_person_gets_aktivitetsstod_and_payments() {
    let sim = start().await;
    let pop = sim.population();
    let person = pop.all_sources_person();
    let period = two_years(pop.reference_date());
    let resp = ask(
        &sim,
        SourceId::Fk,
        fk_request(person.personnummer.expose(), &period),
    )
    .await
    .unwrap();
    assert_eq!(resp.status(), 200);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let svar: Svar = resp.json().await.expect("answer matches the OpenAPI types");
    assert!(
        svar.utlamnare
            .iter()
            .all(|u| u.tillstand.as_ref().unwrap().kod == TillstandKod::Ok)
    );
    assert!(
        svar.utlamnare
            .iter()
            .any(|u| u.utlamnare.as_ref().unwrap().kod == UtlamnareKod::FK)
    );
    let fi = svar.formansinformation.expect("formansinformation");
    let gepi = &fi.generell_personinformation[0];
    assert_eq!(
        gepi.personnummer.as_deref(),
        Some(person.personnummer.expose())
    );
    assert_eq!(gepi.skyddad, Some(false));
    assert!(!gepi.adress.is_empty());
    let case = &fi.aktivitetsstodsarende[0];
    assert_eq!(case.beslut[0].ersattning.as_ref().unwrap().id, Some(1));
    let facts = person.fk.as_ref().unwrap();
    let expected = facts.payments_in(&period, PaymentState::Effected);
    assert!(!expected.is_empty());
    assert_eq!(fi.utbetalningsuppgift.len(), expected.len());
    for (got, want) in fi.utbetalningsuppgift.iter().zip(expected) {
        assert_eq!(
            got.datum.as_deref(),
            Some(want.payout_on.to_string().as_str())
        );
        assert_eq!(kronor(got.nettobelopp.as_ref().unwrap().summa), want.net);
        assert_eq!(kronor(got.bruttobelopp.as_ref().unwrap().summa), want.gross);
        assert_eq!(
            got.formansfamilj.as_ref().unwrap().id.as_deref(),
            Some("AS")
        );
        assert_eq!(got.foretag.as_ref().unwrap().id, Some(1001));
    }
    assert!(
        fi.preliminarautbetalningar.is_empty(),
        "no preliminary payment before the reference date"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn preliminary_payments_after_the_reference_date() {
    let sim = start().await;
    let pop = sim.population();
    let person = pop
        .with_story(StoryKind::FamilyBenefits)
        .find(|p| !p.protected)
        .unwrap();
    let period = around(pop.reference_date());
    let resp = ask(
        &sim,
        SourceId::Fk,
        fk_request(person.personnummer.expose(), &period),
    )
    .await
    .unwrap();
    let svar: Svar = resp.json().await.unwrap();
    let fi = svar.formansinformation.unwrap();
    assert!(!fi.barnbidragsarende.is_empty());
    let child = fi.barnbidragsarende[0]
        .grunduppgifter
        .as_ref()
        .unwrap()
        .barn
        .as_ref()
        .unwrap();
    assert_eq!(
        child.personnummer.as_deref(),
        Some(
            person.fk.as_ref().unwrap().children[0]
                .personnummer
                .expose()
        )
    );
    let prel = person
        .fk
        .as_ref()
        .unwrap()
        .payments_in(&period, PaymentState::Preliminary);
    assert!(!prel.is_empty());
    assert_eq!(fi.preliminarautbetalningar.len(), prel.len());
    assert!(!fi.utbetalningsuppgift.is_empty());
    sim.shutdown().await;
}

#[tokio::test]
async fn pensioner_gets_pm_decisions_and_integer_payments() {
    let sim = start().await;
    let pop = sim.population();
    let person = pop
        .with_story(StoryKind::PensionerBostadstillagg)
        .next()
        .unwrap();
    let period = around(pop.reference_date());
    let resp = ask(
        &sim,
        SourceId::Fk,
        fk_request(person.personnummer.expose(), &period),
    )
    .await
    .unwrap();
    let svar: Svar = resp.json().await.unwrap();
    let bti = svar
        .beslut
        .iter()
        .find(|b| b.formansgrupp.as_ref().unwrap().kod == crate::lefi_types::PmGruppKod::Bti)
        .expect("bostadstillägg decision");
    assert_eq!(
        bti.beslutad_ersattning[0]
            .ersattningstyp
            .as_ref()
            .unwrap()
            .kod,
        "PM:BT"
    );
    let facts = person.fk.as_ref().unwrap();
    assert_eq!(
        svar.utbetalningar.len(),
        facts.pm_payments_in(&period, PaymentState::Effected).len()
    );
    assert_eq!(
        svar.preliminara_utbetalningar.len(),
        facts
            .pm_payments_in(&period, PaymentState::Preliminary)
            .len()
    );
    assert!(
        svar.utlamnare
            .iter()
            .any(|u| u.utlamnare.as_ref().unwrap().kod == UtlamnareKod::PM)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn unknown_person_gets_only_discloser_states() {
    let sim = start().await;
    let pop = sim.population();
    let person = pop.unknown_person();
    let resp = ask(
        &sim,
        SourceId::Fk,
        fk_request(
            person.personnummer.expose(),
            &two_years(pop.reference_date()),
        ),
    )
    .await
    .unwrap();
    assert_eq!(resp.status(), 200);
    let raw: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(raw["formansinformation"], serde_json::json!({}));
    assert!(raw.get("beslut").is_none() && raw.get("utbetalningar").is_none());
    let svar: Svar = serde_json::from_value(raw).unwrap();
    assert_eq!(svar.utlamnare.len(), 2);
    sim.shutdown().await;
}

#[tokio::test]
async fn protected_person_is_marked_and_has_no_address() {
    let sim = start().await;
    let pop = sim.population();
    let person = pop.protected_persons().next().unwrap();
    let resp = ask(
        &sim,
        SourceId::Fk,
        fk_request(
            person.personnummer.expose(),
            &two_years(pop.reference_date()),
        ),
    )
    .await
    .unwrap();
    let svar: Svar = resp.json().await.unwrap();
    let gepi = &svar.formansinformation.unwrap().generell_personinformation[0];
    assert_eq!(gepi.skyddad, Some(true));
    assert!(gepi.adress.is_empty());
    sim.shutdown().await;
}

#[tokio::test]
async fn lefi_refuses_bad_requests_with_its_error_body() {
    let sim = start().await;
    let pop = sim.population();
    let pnr = pop.all_sources_person().personnummer.expose().to_owned();
    let long = underlag_domain::Period::new(
        pop.reference_date()
            .saturating_sub(jiff::Span::new().years(2)),
        pop.reference_date(),
    )
    .unwrap();
    let no_groups = serde_json::json!({"personnummer": pnr, "period": {"from": "2026-01-01", "tom": "2026-02-01"}});
    let unknown_group = serde_json::json!({"personnummer": pnr, "period": {"from": "2026-01-01", "tom": "2026-02-01"}, "formansinformation": ["FK:XYZ"]});
    let bad_number = serde_json::json!({"personnummer": "19860305239", "period": {"from": "2026-01-01", "tom": "2026-02-01"}, "formansinformation": ["FK:AS"]});
    for body in [
        fk_request(&pnr, &long),
        no_groups.to_string(),
        unknown_group.to_string(),
        bad_number.to_string(),
        "{\"personnummer\":".to_owned(),
        "<xml/>".to_owned(),
    ] {
        let resp = ask(&sim, SourceId::Fk, body).await.unwrap();
        assert_eq!(resp.status(), 400);
        let err: Felsvar = resp.json().await.expect("LefiFelsvar");
        assert!(err.meddelande.is_some() && err.timestamp.is_some());
    }
    let forbidden = client()
        .post(format!(
            "{}/lefi-extern-formansinformation/v9/aktorer/{}/formansinformation/fraga",
            sim.base_url(SourceId::Fk),
            underlag_sim::REFUSED_LEFI_ACTOR
        ))
        .body(fk_request(&pnr, &two_years(pop.reference_date())))
        .send()
        .await
        .unwrap();
    assert_eq!(forbidden.status(), 403);
    let _: Felsvar = forbidden.json().await.unwrap();
    sim.shutdown().await;
}

#[tokio::test]
async fn available_types_is_the_ping() {
    let sim = start().await;
    let resp = client()
        .get(format!(
            "{}{}",
            sim.base_url(SourceId::Fk),
            crate::common::ping_path(SourceId::Fk)
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let types: TillgangligaInformationstyper = resp.json().await.unwrap();
    assert!(
        types
            .formansinformation
            .unwrap()
            .iter()
            .any(|g| g.kod == "FK:AS")
    );
    sim.shutdown().await;
}

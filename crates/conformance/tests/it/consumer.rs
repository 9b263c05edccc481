//! The consumer stand-in driven by two scripted case systems: a REST vendor that handles
//! failures well and exercises most scenarios (by test personnummer, by header and through
//! the control API), and a SOAP vendor that sends incomplete and invalid requests. The report
//! names the missing fields, the invalid identifiers and the scenarios never exercised, and
//! every scripted outcome is served, AGI's and Kronofogden's included (REST only).

use reqwest::StatusCode;
use serde_json::{Value, json};
use underlag_conformance::case::load_scenarios;
use underlag_conformance::consumer::{SCENARIO_HEADER, StandIn};
use underlag_conformance::report::Verdict;
use underlag_domain::SourceId;

use crate::common::{conformance_dir, spec};

const ORG: &str = "2120000142";
const LEGAL_BASIS: &str = "12 kap. socialtjänstlagen (2025:400), förordning (2008:975)";
const PURPOSE: &str = "Utredning av rätt till ekonomiskt bistånd";

fn period() -> (String, String) {
    let today = underlag_service::clock::today_in_sweden();
    let from = today.saturating_sub(jiff::Span::new().days(600));
    (from.to_string(), today.to_string())
}

fn rest_query(person: &str, case: &str) -> Value {
    let (from, to) = period();
    json!({
        "organisation": ORG,
        "organisation_name": "Exempelkommun",
        "case_worker": "hl-vendor",
        "case_id": case,
        "purpose": PURPOSE,
        "legal_basis": LEGAL_BASIS,
        "person": person,
        "period": { "from": from, "to": to }
    })
}

fn soap_query(person: &str, case: Option<&str>) -> String {
    let (from, to) = period();
    let case = case
        .map(|c| format!("<ssbt:arendeidentitet>{c}</ssbt:arendeidentitet>"))
        .unwrap_or_default();
    let sources: String = underlag_soap::V10_PROVIDERS
        .iter()
        .map(|s| format!("<ssbt:{0} inkludera=\"true\"></ssbt:{0}>", s.code()))
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soap:Envelope xmlns:soap=\"{}\" xmlns:ssbt=\"{}\"><soap:Body>\
         <ssbt:hamtaBastjanstInformation><ssbt:generellaFrageparametrar>\
         <ssbt:fraganSkallInkluderasISvaret>false</ssbt:fraganSkallInkluderasISvaret>\
         <ssbt:ingivare><ssbt:organisationsnummer>16{ORG}</ssbt:organisationsnummer><ssbt:namn>Exempelkommun</ssbt:namn>\
         <ssbt:handlaggare>hl-soap</ssbt:handlaggare></ssbt:ingivare>\
         <ssbt:personidentitet>{person}</ssbt:personidentitet>{case}\
         <ssbt:tidsperiod><ssbt:fromDatum>{from}</ssbt:fromDatum><ssbt:tomDatum>{to}</ssbt:tomDatum></ssbt:tidsperiod>\
         <ssbt:syfte>{PURPOSE}</ssbt:syfte><ssbt:lagtext>{LEGAL_BASIS}</ssbt:lagtext>\
         </ssbt:generellaFrageparametrar><ssbt:specifikaFrageparametrar>{sources}</ssbt:specifikaFrageparametrar>\
         </ssbt:hamtaBastjanstInformation></soap:Body></soap:Envelope>",
        underlag_soap::SOAP_ENV_NS,
        underlag_soap::SSBT_NS
    )
}

fn source_data(answer: &Value, source: SourceId) -> Value {
    answer["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == source.code())
        .unwrap()["data"]
        .clone()
}

fn status(answer: &Value, source: SourceId) -> String {
    answer["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == source.code())
        .unwrap()["status"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn the_stand_in_checks_two_vendors_serves_every_outcome_and_reports_what_was_never_exercised()
{
    let scenarios = load_scenarios(&conformance_dir()).unwrap();
    assert!(scenarios.len() >= 13);
    let stand_in = StandIn::start(scenarios, spec()).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(axum::serve(listener, stand_in.router()).into_future());
    let http = reqwest::Client::new();
    let rest = |body: Value, scenario: Option<&'static str>| {
        let mut request = http.post(format!("{base}/api/v1/queries")).json(&body);
        if let Some(s) = scenario {
            request = request.header(SCENARIO_HEADER, s);
        }
        request.send()
    };
    let soap = |body: String| {
        http.post(format!("{base}/ssbtek/v10/BastjanstInformation"))
            .header("content-type", "text/xml; charset=utf-8")
            .header("SOAPAction", "\"\"")
            .body(body)
            .send()
    };

    // The REST vendor: scenarios chosen by their test personnummer.
    let answer = |r: reqwest::Response| async move {
        assert_eq!(r.status(), StatusCode::OK);
        r.json::<Value>().await.unwrap()
    };
    let a = answer(rest(rest_query("199303212386", "R-1"), None).await.unwrap()).await;
    assert_eq!(status(&a, SourceId::Csn), "timed_out");
    assert_eq!(status(&a, SourceId::Skv), "unavailable");
    assert_eq!(status(&a, SourceId::Af), "ok");
    let a = answer(rest(rest_query("199910212381", "R-2"), None).await.unwrap()).await;
    assert_eq!(status(&a, SourceId::Fk), "timed_out");
    let a = answer(rest(rest_query("198805122390", "R-3"), None).await.unwrap()).await;
    assert_eq!(status(&a, SourceId::Fk), "source_error");
    let a = answer(rest(rest_query("199311152392", "R-4"), None).await.unwrap()).await;
    assert_eq!(status(&a, SourceId::So), "invalid_response");
    let r = rest(rest_query("198207182380", "R-5"), None).await.unwrap();
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    let fault: Value = r.json().await.unwrap();
    assert_eq!(
        fault["type"],
        "urn:underlag:problem:conformance-scripted-fault"
    );
    let a = answer(rest(rest_query("194705193748", "R-6"), None).await.unwrap()).await;
    for source in SourceId::ALL {
        assert_eq!(status(&a, source), "no_match", "{source}");
    }
    let a = answer(rest(rest_query("200205082381", "R-7"), None).await.unwrap()).await;
    assert_eq!(a["protected"], true);
    let a = answer(rest(rest_query("198603052393", "R-8"), None).await.unwrap()).await;
    assert!(
        a.to_string().contains("\"planned\""),
        "a preliminary payment"
    );
    // AGI and Kronofogden (REST only): scripted as not answering, then as the population says.
    let a = answer(
        rest(rest_query("199311102397", "R-14"), None)
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status(&a, SourceId::Agi), "timed_out");
    assert_eq!(status(&a, SourceId::Kfm), "unavailable");
    assert_eq!(status(&a, SourceId::Af), "no_match");
    let a = answer(
        rest(rest_query("200406102384", "R-15"), None)
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status(&a, SourceId::Agi), "ok");
    assert!(
        source_data(&a, SourceId::Agi)["earned_income"]
            .as_array()
            .unwrap()
            .iter()
            .any(|line| line["corrected"] == true),
        "a corrected declaration"
    );
    let a = answer(
        rest(rest_query("200511222382", "R-16"), None)
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status(&a, SourceId::Kfm), "ok");
    let kfm = source_data(&a, SourceId::Kfm);
    assert!(!kfm["wage_garnishments"].as_array().unwrap().is_empty());
    assert!(!kfm["enforcement_debts"].as_array().unwrap().is_empty());
    // By header: the all-sources person in the "kalla SSBT" scenario.
    let a = answer(
        rest(
            rest_query("198603052393", "R-9"),
            Some("provider_error_ssbt"),
        )
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(status(&a, SourceId::Fk), "unavailable");
    // An unknown scenario in the header is refused.
    let r = rest(rest_query("198603052393", "R-10"), Some("no-such-scenario"))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    // Through the control API.
    let put = http
        .put(format!("{base}/conformance/scenario"))
        .json(&json!({"id": "invalid_answer"}))
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), StatusCode::NO_CONTENT);
    let a = answer(
        rest(rest_query("198603052393", "R-11"), None)
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status(&a, SourceId::So), "invalid_response");
    http.delete(format!("{base}/conformance/scenario"))
        .send()
        .await
        .unwrap();
    // Badly formed REST requests: a missing case id, an invalid identity number.
    let mut missing = rest_query("198603052393", "R-12");
    missing.as_object_mut().unwrap().remove("case_id");
    assert_eq!(
        rest(missing, None).await.unwrap().status(),
        StatusCode::BAD_REQUEST
    );
    let invalid = rest_query("198603052394", "R-13");
    assert_eq!(
        rest(invalid, None).await.unwrap().status(),
        StatusCode::BAD_REQUEST
    );

    // The SOAP vendor: per-provider errors with kalla BT and SSBT, a whole-call fault, and
    // requests with a missing case id and an invalid identity number.
    let r = soap(soap_query("198805122390", Some("S-1"))).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let text = r.text().await.unwrap();
    assert!(text.contains("kalla>BT<"), "{text}");
    let r = soap(soap_query("193107209201", Some("S-2"))).await.unwrap();
    let text = r.text().await.unwrap();
    assert!(text.contains("kalla>SSBT<"), "{text}");
    let r = soap(soap_query("198207182380", Some("S-3"))).await.unwrap();
    assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert!(r.text().await.unwrap().contains("Fault"));
    let r = soap(soap_query("198603052393", None)).await.unwrap();
    assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let r = soap(soap_query("19860305239X", Some("S-5"))).await.unwrap();
    assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);

    let report = stand_in.report(&base);
    let scenario = |id: &str| {
        report
            .cases
            .iter()
            .find(|c| c.id == format!("scenario.{id}"))
            .unwrap()
            .clone()
    };
    for id in [
        "partial_answer",
        "timed_out_source",
        "provider_error_bt",
        "provider_error_ssbt",
        "invalid_answer",
        "whole_call_fault",
        "no_match",
        "protected_identity",
        "preliminary_payment",
        "agi_kfm_not_answering",
        "corrected_declaration",
        "wage_garnishment",
    ] {
        assert_eq!(scenario(id).verdict, Verdict::Passed, "{id}");
    }
    let never = scenario("retro_payment");
    assert_eq!(never.verdict, Verdict::Failed);
    assert!(never.message.starts_with("scenario_not_exercised"));
    let refused: Vec<String> = report
        .failures()
        .filter(|c| c.category == "request")
        .map(|c| c.message.clone())
        .collect();
    let all = refused.join("\n");
    assert_eq!(refused.len(), 5, "{all}");
    assert!(all.contains("case_id"), "{all}");
    assert!(all.contains("person"), "{all}");
    assert!(all.contains("arendeidentitet"), "{all}");
    assert!(all.contains("personidentitet"), "{all}");
    assert!(all.contains("X-Underlag-Scenario"), "{all}");
    // Nothing the vendor sent is kept beyond what it says about the fields.
    assert!(
        !serde_json::to_string(&stand_in.received())
            .unwrap()
            .contains("198603052393")
    );
    server.abort();
    stand_in.shutdown().await;
}

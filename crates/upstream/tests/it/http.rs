//! The adapters over HTTP against a local axum server: request shapes, status
//! classification (5xx and refused connections unavailable, 4xx rejected, LEFI's 400/403 and
//! SOAP faults as the agency's own errors), the identity check, pings and LEFI entitlements.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use underlag_domain::{Outcome, SourceId};
use underlag_service::{FetchError, SourceAdapter};
use underlag_upstream::{
    AgencyEndpoint, EndpointError, Endpoints, RULE_IDENTITY, adapter, adapters,
};

use crate::common::*;

/// What the server saw: (method path, SOAPAction, content type, body).
pub(crate) type Seen = Arc<Mutex<Vec<(String, Option<String>, Option<String>, Vec<u8>)>>>;

pub(crate) async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{address}/")
}

fn adapter_at(base: &str, source: SourceId) -> Arc<dyn SourceAdapter> {
    adapter(&Endpoints::from_base_urls([(source, base)]), source, spec()).unwrap()
}

const ENTITLEMENTS: &str = r#"{"formansinformation":[{"kod":"FK:BOB","beskrivning":"Bostadsbidrag"},{"kod":"FK:XX","beskrivning":"?"}],
  "ansprak":[],"beslut":[{"kod":"PM:BTI","beskrivning":"Bostads- och inkomststöd"}],"preliminaraUtbetalningar":[],
  "utbetalningar":[{"kod":"FK:BOB","beskrivning":"Bostadsbidrag"}],"ovrigInformation":[{"kod":"FK:GEPI","beskrivning":"x"},{"kod":"PM:PU","beskrivning":"y"}]}"#;

fn reply(status: StatusCode, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, content_type.to_owned())],
        body.into(),
    )
        .into_response()
}

/// Serves every agency's route of docs/agency-wire.md with the fixture-derived answer.
pub(crate) fn agencies(seen: Seen) -> Router {
    async fn handle(
        State(seen): State<Seen>,
        uri: Uri,
        headers: HeaderMap,
        body: Bytes,
    ) -> Response {
        let path = uri.path().to_owned();
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        seen.lock().unwrap().push((
            path.clone(),
            header("soapaction"),
            header("content-type"),
            body.to_vec(),
        ));
        let source = match path.as_str() {
            p if p.ends_with("/tillgangligaInformationstyper") => {
                return reply(StatusCode::OK, "application/json", ENTITLEMENTS);
            }
            p if p.ends_with("/formansinformation/fraga") => SourceId::Fk,
            "/arbetssokande/ersattningsstod/v2/fraga" => SourceId::Af,
            "/kommunfraga/v4" => SourceId::Csn,
            "/beskattningws" => SourceId::Skv,
            "/ubpservice/int014" => SourceId::So,
            "/ssbtek/hamtauppgifter/1" => SourceId::Tns,
            "/ssbtek/SSBTEKWebService" => SourceId::Miv,
            "/agi/individuppgifter/1" => SourceId::Agi,
            "/kronofogden/galdenar/1" => SourceId::Kfm,
            p if p.ends_with("/ping") => return reply(StatusCode::OK, "text/plain", "ok"),
            _ => return reply(StatusCode::NOT_FOUND, "text/plain", "not found"),
        };
        reply(
            StatusCode::OK,
            agency_content_type(source),
            agency_body(source),
        )
    }
    Router::new().fallback(any(handle)).with_state(seen)
}

#[tokio::test]
async fn every_adapter_fetches_and_interprets_its_agency() {
    let seen = Seen::default();
    let base = serve(agencies(seen.clone())).await;
    let endpoints = Endpoints::from_base_urls(SourceId::ALL.map(|s| (s, base.clone())));
    let built = adapters(&endpoints, spec()).unwrap();
    assert_eq!(
        built.iter().map(|a| a.source()).collect::<Vec<_>>(),
        SourceId::ALL
    );
    for adapter in &built {
        let answer = adapter.fetch(&request()).await.unwrap();
        match adapter.source() {
            SourceId::Fk => drop(expect_no_match(answer.outcome)),
            _ => drop(expect_ok(answer.outcome)),
        }
        assert!(!answer.raw.body.is_empty());
        if adapter.source() == SourceId::So {
            assert!(
                answer
                    .raw
                    .body
                    .contains("GetUnemploymentBenefitPaymentResponse"),
                "decoded from UTF-16"
            );
        }
        assert!(adapter.ping().await.unwrap());
    }

    let seen = seen.lock().unwrap();
    let posted: Vec<_> = seen
        .iter()
        .filter(|(_, _, _, body)| !body.is_empty())
        .collect();
    assert_eq!(posted.len(), SourceId::COUNT);
    for (path, action, content_type, body) in posted {
        let content_type = content_type.as_deref().unwrap_or_default();
        if path.ends_with("/fraga") && path.starts_with("/lefi") {
            assert_eq!(content_type, "application/json");
            let json: serde_json::Value = serde_json::from_slice(body).unwrap();
            assert_eq!(json["personnummer"], VALID_PNR);
            assert_eq!(json["period"]["from"], "2025-01-01");
            assert_eq!(
                json["formansinformation"],
                serde_json::json!(["FK:BOB"]),
                "only what the actor may receive"
            );
            assert_eq!(json["beslut"], serde_json::json!(["PM:BTI"]));
            assert_eq!(json["ovrigInformation"], serde_json::json!(["FK:GEPI"]));
            assert!(path.contains("/aktorer/aktor-1/"));
            continue;
        }
        if path.starts_with("/kronofogden") {
            assert_eq!(content_type, "application/json");
            let json: serde_json::Value = serde_json::from_slice(body).unwrap();
            assert_eq!(json["personnummer"], VALID_PNR);
            assert_eq!(json["fran"], "2025-01-01");
            continue;
        }
        let text = std::str::from_utf8(body).unwrap();
        let doc = roxmltree::Document::parse(text).expect("requests are well-formed XML");
        let names: Vec<&str> = doc
            .descendants()
            .filter(|n| n.is_element())
            .map(|n| n.tag_name().name())
            .collect();
        let digits = |name: &str| {
            doc.descendants()
                .find(|n| n.tag_name().name() == name)
                .and_then(|n| n.text())
                .map(str::to_owned)
        };
        if path.starts_with("/agi") {
            assert_eq!(content_type, "application/xml");
            assert_eq!(names[0], "HamtaIndividuppgifter");
            assert_eq!(digits("BetalningsmottagarId").as_deref(), Some(VALID_PNR));
            assert_eq!(digits("FromRedovisningsperiod").as_deref(), Some("202501"));
            continue;
        }
        if path.starts_with("/arbetssokande") {
            assert_eq!(content_type, "application/xml");
            assert_eq!(names[..3], ["FragaMeddelande", "Inkludera", "Fraga"]);
            assert_eq!(
                digits("IdentitetsbeteckningFysiskPerson").as_deref(),
                Some(VALID_PNR)
            );
            assert_eq!(
                digits("NamnPaIngivare").as_deref(),
                Some("Testkommun & <Co>")
            );
            continue;
        }
        assert_eq!(action.as_deref(), Some("\"\""), "{path}");
        assert!(content_type.starts_with("text/xml"), "{path}");
        assert_eq!(names[..2], ["Envelope", "Body"]);
        match path.as_str() {
            "/ssbtek/hamtauppgifter/1" => {
                assert_eq!(names[2], "HamtaUppgifter");
                assert_eq!(digits("sekel").as_deref(), Some("19"));
                assert_eq!(digits("personnummer").as_deref(), Some(&VALID_PNR[2..]));
            }
            "/beskattningws" => {
                let inner = digits("forfragan").unwrap();
                let inner = roxmltree::Document::parse(&inner).expect("forfragan holds a document");
                assert_eq!(
                    inner.root_element().tag_name().name(),
                    "BegaranBeskattningsuppgifterEnligtSFS2008-975"
                );
            }
            "/kommunfraga/v4" => assert_eq!(names[2], "SBNUppgEkBistandBegar"),
            "/ubpservice/int014" => {
                assert_eq!(names[2], "GetUnemploymentBenefitPaymentRequest");
                assert_eq!(names.last(), Some(&"IdentificationNumber"));
            }
            "/ssbtek/SSBTEKWebService" => {
                assert_eq!(digits("korrelationsid").as_deref(), Some("q-1"))
            }
            other => panic!("unexpected path {other}"),
        }
    }
}

fn always(status: StatusCode, content_type: &'static str, body: &'static str) -> Router {
    Router::new().fallback(any(
        move || async move { reply(status, content_type, body) },
    ))
}

#[tokio::test]
async fn server_errors_and_refused_connections_are_unavailable() {
    let failing = serve(always(
        StatusCode::INTERNAL_SERVER_ERROR,
        "text/plain",
        "boom",
    ))
    .await;
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/", listener.local_addr().unwrap())
    };
    for source in SourceId::ALL {
        for base in [&failing, &closed] {
            let adapter = adapter_at(base, source);
            match adapter.fetch(&request()).await {
                Err(failure @ FetchError::Unavailable(_)) => assert!(failure.is_retryable()),
                other => panic!("{source} at {base}: expected unavailable, got {other:?}"),
            }
            assert!(matches!(
                adapter.ping().await,
                Err(FetchError::Unavailable(_))
            ));
        }
    }
}

#[tokio::test]
async fn client_errors_are_rejected_but_lefi_refusals_are_answers() {
    let not_found = serve(always(StatusCode::NOT_FOUND, "text/plain", "nope")).await;
    for source in [
        SourceId::Af,
        SourceId::Csn,
        SourceId::Skv,
        SourceId::So,
        SourceId::Tns,
        SourceId::Miv,
    ] {
        let result = adapter_at(&not_found, source).fetch(&request()).await;
        assert!(
            matches!(result, Err(FetchError::Rejected(_))),
            "{source}: {result:?}"
        );
    }

    let lefi_400 = Router::new()
        .route(
            "/lefi-extern-formansinformation/v9/aktorer/{actor}/tillgangligaInformationstyper",
            get(|| async { reply(StatusCode::OK, "application/json", ENTITLEMENTS) }),
        )
        .fallback(any(|| async {
            reply(
                StatusCode::BAD_REQUEST,
                "application/json",
                r#"{"meddelande":"Perioden är längre än två år"}"#,
            )
        }));
    let answer = adapter_at(&serve(lefi_400).await, SourceId::Fk)
        .fetch(&request())
        .await
        .unwrap();
    let (code, message) = expect_source_error(answer.outcome);
    assert_eq!(
        (code.as_str(), message.as_str()),
        ("400", "Perioden är längre än två år")
    );
    assert!(answer.raw.body.contains("meddelande"));

    let forbidden = serve(always(
        StatusCode::FORBIDDEN,
        "application/json",
        r#"{"meddelande":"Ej behörig"}"#,
    ))
    .await;
    let answer = adapter_at(&forbidden, SourceId::Fk)
        .fetch(&request())
        .await
        .unwrap();
    assert_eq!(expect_source_error(answer.outcome).0, "403");
}

#[tokio::test]
async fn soap_faults_sent_with_500_are_the_agencys_own_errors() {
    let skv_fault = soap(
        "<soap:Fault><faultcode>soap:Server</faultcode><faultstring>Fel</faultstring><detail>\
         <s:Exception xmlns:s=\"http://beskattningws.ws.service.bs.zg.rsv.se/\"><MeddelandeKod>9071500</MeddelandeKod>\
         <MeddelandeText>Internt fel</MeddelandeText></s:Exception></detail></soap:Fault>",
    );
    let body: &'static str = Box::leak(skv_fault.into_boxed_str());
    let base = serve(always(
        StatusCode::INTERNAL_SERVER_ERROR,
        "text/xml; charset=utf-8",
        body,
    ))
    .await;
    let answer = adapter_at(&base, SourceId::Skv)
        .fetch(&request())
        .await
        .unwrap();
    assert_eq!(
        expect_source_error(answer.outcome),
        ("9071500".to_owned(), "Internt fel".to_owned())
    );
    let answer = adapter_at(&base, SourceId::Tns)
        .fetch(&request())
        .await
        .unwrap();
    assert_eq!(expect_source_error(answer.outcome).0, "soap:Server");
}

#[tokio::test]
async fn an_answer_about_another_person_is_refused() {
    // The published fixtures' number is not the person asked about (nor valid).
    let fixture_body: &'static str = Box::leak(
        String::from_utf8(agency_body(SourceId::Af))
            .unwrap()
            .replace(VALID_PNR, FIXTURE_PNR)
            .into_boxed_str(),
    );
    let base = serve(always(StatusCode::OK, "application/xml", fixture_body)).await;
    let answer = adapter_at(&base, SourceId::Af)
        .fetch(&request())
        .await
        .unwrap();
    let violations = expect_invalid(answer.outcome);
    assert!(
        has_rule(&violations, RULE_IDENTITY, None),
        "{violations:#?}"
    );

    let other: &'static str = Box::leak(
        String::from_utf8(agency_body(SourceId::Af))
            .unwrap()
            .replace(VALID_PNR, "199001022384")
            .into_boxed_str(),
    );
    let base = serve(always(StatusCode::OK, "application/xml", other)).await;
    let answer = adapter_at(&base, SourceId::Af)
        .fetch(&request())
        .await
        .unwrap();
    assert!(has_rule(
        &expect_invalid(answer.outcome),
        RULE_IDENTITY,
        None
    ));
}

#[tokio::test]
async fn lefi_entitlements_are_remembered_and_nothing_entitled_is_not_called() {
    let seen = Seen::default();
    let base = serve(agencies(seen.clone())).await;
    let fk = adapter_at(&base, SourceId::Fk);
    fk.fetch(&request()).await.unwrap();
    fk.fetch(&request()).await.unwrap();
    let discoveries = |seen: &Seen| {
        seen.lock()
            .unwrap()
            .iter()
            .filter(|(p, ..)| p.ends_with("tillgangligaInformationstyper"))
            .count()
    };
    assert_eq!(discoveries(&seen), 1);

    let nothing = Router::new().fallback(any(|| async {
        reply(
            StatusCode::OK,
            "application/json",
            r#"{"formansinformation":[{"kod":"FK:ZZ","beskrivning":"?"}]}"#,
        )
    }));
    let answer = adapter_at(&serve(nothing).await, SourceId::Fk)
        .fetch(&request())
        .await
        .unwrap();
    assert!(
        matches!(answer.outcome, Outcome::NotEntitled),
        "{:?}",
        answer.outcome
    );
}

/// Regression: with no LEFI actor id anywhere, the FK adapter used to ask LEFI with an empty
/// actor path segment. It now refuses before calling anything.
#[tokio::test]
async fn fk_without_an_actor_id_calls_nothing_and_is_rejected() {
    let seen = Seen::default();
    let base = serve(agencies(seen.clone())).await;
    let fk = adapter_at(&base, SourceId::Fk);
    let mut anonymous = request();
    anonymous.context.lefi_actor_id = None;
    let error = fk.fetch(&anonymous).await.err();
    assert!(
        matches!(&error, Some(FetchError::Rejected(message)) if message.contains("no LEFI actor id")),
        "{error:?}"
    );
    assert!(seen.lock().unwrap().is_empty(), "LEFI was called");
}

#[tokio::test]
async fn a_caller_supplied_lefi_request_is_forwarded_only_for_the_same_person() {
    let seen = Seen::default();
    let base = serve(agencies(seen.clone())).await;
    let fk = adapter_at(&base, SourceId::Fk);
    let mut custom = request();
    custom.lefi_request = Some(serde_json::json!({
        "personnummer": &VALID_PNR[2..], "period": {"from": "2025-01-01", "tom": "2025-03-31"}, "formansinformation": ["FK:SJP"]
    }));
    fk.fetch(&custom).await.unwrap();
    let forwarded = seen
        .lock()
        .unwrap()
        .last()
        .map(|(_, _, _, body)| body.clone())
        .unwrap();
    let forwarded: serde_json::Value = serde_json::from_slice(&forwarded).unwrap();
    assert_eq!(
        forwarded["formansinformation"],
        serde_json::json!(["FK:SJP"])
    );

    custom.lefi_request = Some(serde_json::json!({ "personnummer": "199001022384", "period": {} }));
    assert!(matches!(
        fk.fetch(&custom).await,
        Err(FetchError::Rejected(_))
    ));
}

#[tokio::test]
async fn pings_call_the_agencies_test_routes() {
    let base = serve(agencies(Seen::default())).await;
    for source in SourceId::ALL {
        assert!(adapter_at(&base, source).ping().await.unwrap(), "{source}");
    }
    let missing = serve(always(StatusCode::NOT_FOUND, "text/plain", "")).await;
    assert!(matches!(
        adapter_at(&missing, SourceId::Tns).ping().await,
        Err(FetchError::Rejected(_))
    ));
}

#[tokio::test]
async fn an_oversized_answer_is_invalid() {
    let huge: &'static [u8] =
        Box::leak(vec![b' '; underlag_upstream::MAX_BODY_BYTES + 1].into_boxed_slice());
    let router = Router::new().fallback(any(move || async move {
        reply(StatusCode::OK, "text/xml", huge)
    }));
    let answer = adapter_at(&serve(router).await, SourceId::Tns)
        .fetch(&request())
        .await
        .unwrap();
    let violations = expect_invalid(answer.outcome);
    assert_eq!(violations[0].rule, underlag_upstream::RULE_PARSE);
    assert!(violations[0].message.contains("larger than"));
}

#[test]
fn endpoints_must_be_complete_and_valid() {
    let partial = Endpoints::from_base_urls([(SourceId::Af, "http://127.0.0.1:1/")]);
    assert!(matches!(
        adapters(&partial, spec()),
        Err(EndpointError::Missing(_))
    ));
    let mut endpoints = Endpoints::new();
    endpoints.insert(SourceId::Tns, AgencyEndpoint::new("ftp://example.invalid"));
    assert!(matches!(
        adapter(&endpoints, SourceId::Tns, spec()),
        Err(EndpointError::InvalidUrl { .. })
    ));
    endpoints.insert(SourceId::Tns, AgencyEndpoint::new("not a url"));
    assert!(matches!(
        adapter(&endpoints, SourceId::Tns, spec()),
        Err(EndpointError::InvalidUrl { .. })
    ));
}

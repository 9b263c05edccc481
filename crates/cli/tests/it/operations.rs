//! The operator's view: `/metrics` scraped during a run with failing sources, `/health/live`
//! and `/health/ready`, and the spans exported over OTLP to an in-process collector; neither
//! the metrics nor the exported spans hold personal data.

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::any_value::Value as AnyValue;
use opentelemetry_proto::tonic::trace::v1::Span;
use prost::Message as _;
use serde_json::Value;
use tracing_subscriber::layer::SubscriberExt;
use underlag_domain::SourceId;
use underlag_gateway::settings::TelemetrySettings;
use underlag_gateway::trace_export::TraceExport;
use underlag_sim::{Fault, Population};
use underlag_test_support::{Doorway, TestApp};

/// A v10 `hamtaBastjanstInformation` from Exempelkommun asking every source about `person`.
pub(crate) fn soap_request(person: &str, (from, to): &(String, String), case_id: &str) -> String {
    let include = underlag_soap::V10_PROVIDERS
        .iter()
        .map(|id| format!("<ssbt:{0} inkludera=\"true\"/>", id.code()))
        .collect::<String>();
    format!(
        r#"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ssbt="http://schema.forsakringskassan.se/integration/ssbt/10">
<soapenv:Body><ssbt:hamtaBastjanstInformation>
<ssbt:generellaFrageparametrar>
<ssbt:fraganSkallInkluderasISvaret>false</ssbt:fraganSkallInkluderasISvaret>
<ssbt:ingivare><ssbt:organisationsnummer>162120000142</ssbt:organisationsnummer><ssbt:namn>Exempelkommun</ssbt:namn><ssbt:handlaggare>hl-ops</ssbt:handlaggare></ssbt:ingivare>
<ssbt:personidentitet>{person}</ssbt:personidentitet>
<ssbt:arendeidentitet>{case_id}</ssbt:arendeidentitet>
<ssbt:tidsperiod><ssbt:fromDatum>{from}</ssbt:fromDatum><ssbt:tomDatum>{to}</ssbt:tomDatum></ssbt:tidsperiod>
<ssbt:syfte>Utredning av rätt till ekonomiskt bistånd</ssbt:syfte>
<ssbt:lagtext>12 kap. socialtjänstlagen (2025:400)</ssbt:lagtext>
</ssbt:generellaFrageparametrar>
<ssbt:specifikaFrageparametrar>{include}</ssbt:specifikaFrageparametrar>
</ssbt:hamtaBastjanstInformation></soapenv:Body></soapenv:Envelope>"#
    )
}

/// Every form a population member's identity number could be written in: 12 digits, 10
/// digits, and both with their separator.
pub(crate) fn identity_forms(population: &Population) -> Vec<String> {
    let today = population.reference_date();
    population
        .persons()
        .iter()
        .flat_map(|p| {
            let pnr = p.personnummer.expose();
            [
                pnr.to_owned(),
                pnr[2..].to_owned(),
                p.personnummer.ten_digit_form(today),
                format!("{}-{}", &pnr[..8], &pnr[8..]),
            ]
        })
        .collect()
}

/// The needles of `needles` found in `haystack`.
pub(crate) fn leaks<'a>(haystack: &[u8], needles: &'a [String]) -> Vec<&'a str> {
    needles
        .iter()
        .filter(|n| {
            haystack
                .windows(n.len())
                .any(|window| window == n.as_bytes())
        })
        .map(String::as_str)
        .collect()
}

/// The value of the metric line `name{labels}` (labels in the order the text gives them).
fn metric(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

async fn scrape(stack: &TestApp) -> String {
    let reply = stack.get("/metrics").await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.text
}

#[tokio::test]
async fn metrics_count_queries_sources_breakers_and_refusals_during_a_run_with_failing_sources() {
    let stack = TestApp::builder()
        .fault(SourceId::Fk, Fault::Http500)
        .fault(SourceId::Csn, Fault::Malformed)
        .fault(SourceId::Tns, Fault::ConnectionRefused)
        .settings(|s| {
            s.query.max_attempts = 1;
            s.query.breaker_failure_threshold = 2;
        })
        .start()
        .await;
    let person = stack.all_sources_person();
    let mut case_ids = Vec::new();
    for _ in 0..3 {
        let body = stack.query(&person);
        case_ids.push(body["case_id"].as_str().unwrap().to_owned());
        let reply = stack.post_query(&body).await;
        assert_eq!(reply.status, 200, "{}", reply.text);
    }
    let mut refused = stack.query(&person);
    refused["purpose"] = Value::from("NÅGOT-ANNAT");
    let reply = stack.post_query(&refused).await;
    assert_eq!(reply.status, 403, "{}", reply.text);
    let soap = stack
        .soap_call(&soap_request(
            person.expose(),
            &stack.last_year(),
            "EB-OPS-SOAP-1",
        ))
        .await;
    assert_eq!(soap.status, 200, "{}", soap.text);

    let text = scrape(&stack).await;
    let expect = |series: &str, value: f64| {
        assert_eq!(metric(&text, series), Some(value), "{series} in:\n{text}");
    };
    expect(
        r#"underlag_queries_total{channel="rest",result="answered"}"#,
        3.0,
    );
    expect(
        r#"underlag_queries_total{channel="rest",result="refused"}"#,
        1.0,
    );
    expect(
        r#"underlag_queries_total{channel="soap",result="answered"}"#,
        1.0,
    );
    expect(
        r#"underlag_refusals_total{reason="purpose_not_allowed"}"#,
        1.0,
    );
    expect("underlag_queries_in_flight", 0.0);
    // The healthy sources answered all four queries.
    for source in ["af", "skv", "so", "miv"] {
        expect(
            &format!(r#"underlag_source_calls_total{{source="{source}",outcome="ok"}}"#),
            4.0,
        );
        expect(
            &format!(r#"underlag_source_latency_seconds_count{{source="{source}"}}"#),
            4.0,
        );
        expect(
            &format!(r#"underlag_source_breaker_state{{source="{source}",state="closed"}}"#),
            1.0,
        );
    }
    // The failing ones: two real failures open the breaker; after that it answers at once.
    expect(
        r#"underlag_source_calls_total{source="fk",outcome="unavailable"}"#,
        4.0,
    );
    expect(
        r#"underlag_source_calls_total{source="tns",outcome="unavailable"}"#,
        4.0,
    );
    expect(
        r#"underlag_source_calls_total{source="csn",outcome="invalid_response"}"#,
        2.0,
    );
    expect(
        r#"underlag_source_calls_total{source="csn",outcome="unavailable"}"#,
        2.0,
    );
    for source in ["fk", "csn", "tns"] {
        expect(
            &format!(r#"underlag_source_breaker_state{{source="{source}",state="open"}}"#),
            1.0,
        );
        expect(
            &format!(r#"underlag_source_breaker_state{{source="{source}",state="closed"}}"#),
            0.0,
        );
    }
    // Every lookup record (four queries, one refusal) was appended through the timed sink.
    expect("underlag_audit_append_seconds_count", 5.0);
    expect("underlag_audit_append_failures_total", 0.0);

    // No label holds a personnummer, a case id or an organisation number.
    let mut needles = identity_forms(stack.population());
    needles.extend(case_ids);
    needles.extend(["EB-OPS-SOAP-1".to_owned(), "2120000142".to_owned()]);
    assert_eq!(leaks(text.as_bytes(), &needles), Vec::<&str>::new());
    stack.stop().await;
}

#[tokio::test]
async fn a_query_waiting_on_a_hanging_source_is_in_flight_until_the_deadline_ends_it() {
    let stack = TestApp::builder()
        .fault(SourceId::Miv, Fault::Hang)
        .start()
        .await;
    let body = stack.query(&stack.all_sources_person());
    let client = stack.client().clone();
    let url = format!("{}/api/v1/queries", stack.url());
    let query = tokio::spawn(async move { client.post(url).json(&body).send().await });
    let mut seen_in_flight = false;
    for _ in 0..200 {
        if metric(&scrape(&stack).await, "underlag_queries_in_flight") == Some(1.0) {
            seen_in_flight = true;
            break;
        }
        tokio::task::yield_now().await;
    }
    assert!(
        seen_in_flight,
        "the query shows as in flight while MIV hangs"
    );
    let answer = query.await.unwrap().unwrap();
    assert_eq!(answer.status(), 200);
    let text = scrape(&stack).await;
    assert_eq!(metric(&text, "underlag_queries_in_flight"), Some(0.0));
    assert_eq!(
        metric(
            &text,
            r#"underlag_source_calls_total{source="miv",outcome="timed_out"}"#
        ),
        Some(1.0)
    );
    stack.stop().await;
}

#[tokio::test]
async fn readiness_follows_the_database_while_liveness_does_not() {
    let stack = TestApp::start().await;
    let live = stack.get("/health/live").await;
    assert_eq!(live.status, 200);
    assert_eq!(live.json()["status"], "live");
    let ready = stack.get("/health/ready").await;
    assert_eq!(ready.status, 200, "{}", ready.text);
    assert_eq!(ready.json()["checks"]["database"], "ok");
    assert_eq!(ready.json()["checks"]["registry"], "ok");
    // The database goes away (as when the server is stopped under a running gateway).
    stack.gateway.store.close().await;
    let ready = stack.get("/health/ready").await;
    assert_eq!(ready.status, 503, "{}", ready.text);
    assert_eq!(ready.json()["status"], "not_ready");
    assert_eq!(ready.json()["checks"]["database"], "unavailable");
    let live = stack.get("/health/live").await;
    assert_eq!(live.status, 200);
    assert_eq!(stack.health().await.status, 200, "/health keeps working");
}

#[tokio::test]
async fn metrics_can_be_switched_off() {
    let stack = TestApp::builder()
        .settings(|s| s.telemetry.metrics = false)
        .start()
        .await;
    assert_eq!(stack.get("/metrics").await.status, 404);
    assert_eq!(stack.get("/health/live").await.status, 200);
    stack.stop().await;
}

/// An OTLP/HTTP collector in the test: keeps every export request's raw bytes, and says when
/// one arrives.
#[derive(Clone, Default)]
struct Collector {
    bodies: Arc<Mutex<Vec<Bytes>>>,
    arrived: Arc<tokio::sync::Notify>,
}

impl Collector {
    async fn start(&self) -> String {
        let bodies = self.bodies.clone();
        let arrived = self.arrived.clone();
        let app = axum::Router::new().route(
            "/v1/traces",
            axum::routing::post(move |body: Bytes| {
                let bodies = bodies.clone();
                let arrived = arrived.clone();
                async move {
                    bodies.lock().unwrap().push(body);
                    arrived.notify_one();
                    (
                        [("content-type", "application/x-protobuf")],
                        Vec::<u8>::new(),
                    )
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        format!("http://{addr}/v1/traces")
    }

    fn bodies(&self) -> Vec<Bytes> {
        self.bodies.lock().unwrap().clone()
    }

    /// The spans received, once `done` says they are all there or a generous bound passed: a
    /// flush on a loaded machine can return before its export reached the collector, which
    /// then delivers it later (the bound only ends a wait that would otherwise hang).
    async fn spans_once(&self, done: impl Fn(&[Span]) -> bool) -> Vec<Span> {
        let bound = tokio::time::Instant::now() + std::time::Duration::from_secs(120);
        loop {
            let spans = decode_spans(&self.bodies());
            if done(&spans) || tokio::time::Instant::now() >= bound {
                return spans;
            }
            let _ = tokio::time::timeout_at(bound, self.arrived.notified()).await;
        }
    }
}

/// Every span of the export requests, each request's resource checked to be Underlag.
fn decode_spans(bodies: &[Bytes]) -> Vec<Span> {
    let mut spans = Vec::new();
    for body in bodies {
        let request = ExportTraceServiceRequest::decode(body.as_ref()).unwrap();
        for resource in request.resource_spans {
            let service = resource
                .resource
                .iter()
                .flat_map(|r| &r.attributes)
                .find(|a| a.key == "service.name")
                .and_then(|a| a.value.clone()?.value);
            assert_eq!(service, Some(AnyValue::StringValue("underlag".into())));
            spans.extend(resource.scope_spans.into_iter().flat_map(|s| s.spans));
        }
    }
    spans
}

fn attribute(span: &Span, key: &str) -> Option<String> {
    span.attributes
        .iter()
        .find(|a| a.key == key)
        .and_then(|a| a.value.as_ref()?.value.as_ref())
        .map(|v| match v {
            AnyValue::StringValue(s) => s.clone(),
            AnyValue::IntValue(i) => i.to_string(),
            other => format!("{other:?}"),
        })
}

#[tokio::test]
async fn spans_reach_an_otlp_collector_as_one_tree_per_query_without_personal_data() {
    let collector = Collector::default();
    let url = collector.start().await;
    let settings = TelemetrySettings {
        otlp_traces_url: Some(url),
        // Generous: an export on a loaded test machine must not be dropped for time.
        otlp_timeout_ms: 60_000,
        ..TelemetrySettings::default()
    };
    let export = TraceExport::start(&settings)
        .unwrap()
        .expect("export is on");
    // This test's thread only (a current-thread runtime: the gateway's tasks run here too).
    let _guard =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(export.layer()));

    let stack = TestApp::builder()
        .fault(SourceId::Tns, Fault::Http500)
        .start()
        .await;
    let person = stack.all_sources_person();
    let rest = stack.query(&person);
    let rest_case = rest["case_id"].as_str().unwrap().to_owned();
    assert_eq!(stack.post_query(&rest).await.status, 200);
    let other = stack.population().persons()[7].personnummer.clone();
    let soap = stack
        .soap_call(&soap_request(
            other.expose(),
            &stack.last_year(),
            "EB-OPS-TRACE-SOAP",
        ))
        .await;
    assert_eq!(soap.status, 200, "{}", soap.text);
    let mut refused = stack.query(&person);
    refused["purpose"] = Value::from("NÅGOT-ANNAT");
    let refused_case = refused["case_id"].as_str().unwrap().to_owned();
    assert_eq!(stack.post_query(&refused).await.status, 403);
    let mut needles = identity_forms(stack.population());
    stack.stop().await;
    let export = tokio::task::spawn_blocking(move || {
        export.flush();
        export
    })
    .await
    .unwrap();

    // The three queries' root spans (their source calls end before them).
    let spans = collector
        .spans_once(|spans| spans.iter().filter(|s| s.name == "composite_query").count() >= 3)
        .await;
    assert!(!spans.is_empty(), "the collector received spans");
    let queries: Vec<&Span> = spans
        .iter()
        .filter(|s| s.name == "composite_query")
        .collect();
    let mut seen: Vec<(String, String)> = queries
        .iter()
        .map(|q| {
            (
                attribute(q, "channel").unwrap(),
                attribute(q, "result").unwrap(),
            )
        })
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        [
            ("rest".to_owned(), "answered".to_owned()),
            ("rest".to_owned(), "refused".to_owned()),
            ("soap".to_owned(), "answered".to_owned()),
        ]
    );
    for query in &queries {
        assert!(query.parent_span_id.is_empty(), "a query is a root span");
        let calls: Vec<&Span> = spans
            .iter()
            .filter(|s| s.name == "source_call" && s.parent_span_id == query.span_id)
            .collect();
        assert!(calls.iter().all(|c| c.trace_id == query.trace_id));
        match attribute(query, "result").as_deref() {
            Some("refused") => {
                assert_eq!(
                    attribute(query, "reason").as_deref(),
                    Some("purpose_not_allowed")
                );
                assert!(calls.is_empty(), "a refused query calls no source");
            }
            _ => {
                let mut sources: Vec<String> = calls
                    .iter()
                    .map(|c| attribute(c, "source").unwrap())
                    .collect();
                sources.sort();
                sources.dedup();
                // REST asks every source; SOAP the v10 contract's seven providers.
                let asked = match attribute(query, "channel").as_deref() {
                    Some("soap") => underlag_soap::V10_PROVIDERS.len(),
                    _ => SourceId::ALL.len(),
                };
                assert_eq!(sources.len(), asked, "one span per source asked");
                let tns = calls
                    .iter()
                    .find(|c| attribute(c, "source").as_deref() == Some("TNS"))
                    .unwrap();
                assert_eq!(attribute(tns, "outcome").as_deref(), Some("unavailable"));
            }
        }
    }
    assert!(
        spans
            .iter()
            .all(|s| s.name == "composite_query" || s.name == "source_call"),
        "only Underlag's own spans are exported"
    );

    needles.extend([
        rest_case,
        refused_case,
        "EB-OPS-TRACE-SOAP".to_owned(),
        "2120000142".to_owned(),
        "hl-test".to_owned(),
    ]);
    let raw: Vec<u8> = collector.bodies().iter().flat_map(|b| b.to_vec()).collect();
    assert_eq!(leaks(&raw, &needles), Vec::<&str>::new());
    export.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_runs_through_the_gateway_and_directly_against_the_same_agencies() {
    let stack = TestApp::start().await;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("agencies.toml");
    let agencies: String = SourceId::ALL
        .into_iter()
        .map(|id| format!("{} = \"{}\"\n", id.slug(), stack.sim.base_url(id)))
        .collect();
    std::fs::write(&config, format!("[agencies]\n{agencies}")).unwrap();
    let args = underlag::commands::load::LoadArgs {
        gateways: vec![stack.url()],
        requests: 24,
        concurrency: 4,
        config: Some(config),
        json: true,
        ..Default::default()
    };
    let through_gateway = underlag::commands::load::execute(&args).await.unwrap();
    let direct = underlag::commands::load::execute_direct(&underlag::commands::load::LoadArgs {
        direct: true,
        ..args
    })
    .await
    .unwrap();
    for (mode, report) in [("gateway", &through_gateway), ("direct", &direct)] {
        assert_eq!((report.ok, report.failed), (24, 0), "{mode}");
        let json = report.to_json(mode);
        assert_eq!(json["answered"], 24);
        assert!(json["throughput_per_s"].as_f64().unwrap() > 0.0);
        let latency = &json["latency_ms"];
        assert!(latency["p50"].as_f64() <= latency["p90"].as_f64());
        assert!(latency["p99"].as_f64() <= latency["max"].as_f64());
    }
    // The gateway audited its 24 queries; the direct run went past it.
    assert_eq!(stack.lookups().await.len(), 24);
    stack.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_over_soap_spreads_over_gateways_asks_the_named_sources_and_reads_peak_memory() {
    let stack = TestApp::start().await;
    // The same gateway under two names stands in for two processes: the queries alternate.
    let second = stack.url().replace("127.0.0.1", "localhost");
    let args = underlag::commands::load::LoadArgs {
        gateways: vec![stack.url(), second],
        requests: 12,
        concurrency: 3,
        rate: Some(200.0),
        sources: Some(vec![SourceId::Fk, SourceId::Csn]),
        soap: true,
        watch_pids: vec![std::process::id()],
        ..Default::default()
    };
    let report = underlag::commands::load::execute(&args).await.unwrap();
    assert_eq!((report.ok, report.failed), (12, 0));
    let (pid, kib) = report.peak_rss_kib[0];
    assert_eq!(pid, std::process::id());
    assert!(kib.is_some_and(|kib| kib > 1024), "{kib:?}");
    let lookups = stack.lookups().await;
    assert_eq!(lookups.len(), 12);
    let cases: std::collections::BTreeSet<&str> =
        lookups.iter().map(|r| r.case_id.as_str()).collect();
    assert_eq!(cases.len(), 12, "a new case per query");
    for record in &lookups {
        assert_eq!(record.channel, underlag_audit::Channel::Soap);
        let mut asked: Vec<&str> = record
            .sources
            .iter()
            .filter(|s| s.attempts > 0)
            .map(|s| s.source.as_str())
            .collect();
        asked.sort();
        assert_eq!(asked, ["CSN", "FK"]);
    }
    stack.stop().await;
}

#[tokio::test]
async fn direct_load_refuses_agencies_beyond_loopback() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("agencies.toml");
    let agencies: String = SourceId::ALL
        .into_iter()
        .map(|id| format!("{} = \"http://192.0.2.1:80\"\n", id.slug()))
        .collect();
    std::fs::write(&config, format!("[agencies]\n{agencies}")).unwrap();
    let error = underlag::commands::load::execute_direct(&underlag::commands::load::LoadArgs {
        requests: 1,
        concurrency: 1,
        max_seconds: 1,
        direct: true,
        config: Some(config),
        ..Default::default()
    })
    .await
    .unwrap_err();
    assert!(error.to_string().contains("loopback"), "{error}");
}

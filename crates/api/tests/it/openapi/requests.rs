//! The request schema against serde, the validation behind the route and the parsers.

use axum::http::StatusCode;
use serde_json::{Value, json};
use underlag_api::QueryRequest;
use underlag_domain::period::parse_iso_date;
use underlag_domain::{Organisationsnummer, Personnummer, SourceId};
use underlag_test_support::fixtures::fixed_query;
use underlag_test_support::{Doors, Doorway};

use super::canonical::today;
use super::support::{Document, assert_valid, change, keys, strings};

fn serde_accepts(body: &Value) -> bool {
    serde_json::from_value::<QueryRequest>(body.clone()).is_ok()
}

#[test]
fn the_request_schema_requires_exactly_what_serde_requires() {
    let doc = Document::load();
    let schema = doc.component("QueryRequest");
    let complete = doc.request_example("complete");
    let minimal = doc.request_example("minimal");
    for example in [&complete, &minimal] {
        assert!(serde_accepts(example), "{example}");
        assert_valid(&schema, example, "a request example");
    }
    let request = doc.schema("QueryRequest");
    assert_eq!(
        keys(&complete),
        keys(&request["properties"]),
        "the complete example has every field"
    );
    assert_eq!(keys(&minimal), strings(&request["required"]));

    // Removing a member: serde fails exactly when the schema calls it required.
    let objects = [
        ("", "QueryRequest"),
        ("/period", "PeriodRequest"),
        ("/source_periods/SKV", "PeriodRequest"),
        ("/data_processors/0", "DataProcessorRequest"),
    ];
    for (at, name) in objects {
        let declared = doc.schema(name);
        let required = strings(&declared["required"]);
        let target = complete.pointer(at).unwrap();
        assert_eq!(
            keys(target),
            keys(&declared["properties"]),
            "{name} at {at}"
        );
        for field in keys(target) {
            let without = change(&complete, &format!("{at}/{field}"), None);
            assert_eq!(
                serde_accepts(&without),
                !required.contains(&field),
                "serde and {name}.required disagree on {at}/{field}"
            );
            assert_eq!(
                schema.is_valid(&without),
                serde_accepts(&without),
                "without {at}/{field}"
            );
        }
    }

    // Nulls, wrong types and unknown members: serde and the schema agree.
    for (pointer, value) in [
        ("/sources", Value::Null),
        ("/correlation_id", Value::Null),
        ("/data_processors/0/order", Value::Null),
        ("/source_periods", Value::Null),
        ("/data_processors", Value::Null),
        ("/period", Value::Null),
        ("/person", Value::Null),
        ("/person", json!(199001012385_u64)),
        ("/sources", json!("FK")),
        ("/source_periods/SKV", json!("2025")),
        ("/period/from", json!(20260101)),
        ("/data_processors/0/order", json!(40000)),
        ("/data_processors/0/order", json!(1.5)),
        ("/nickname", json!("x")),
        ("/period/days", json!(3)),
        ("/data_processors/0/extra", json!(true)),
        ("/source_periods/SKV/extra", json!(true)),
    ] {
        let changed = change(&complete, pointer, Some(value.clone()));
        assert_eq!(
            schema.is_valid(&changed),
            serde_accepts(&changed),
            "{pointer} = {value}"
        );
    }
}

/// What the schema accepts against what the route answers, for one change at a time to a
/// valid request. Rules the schema cannot express (check digits, real dates, period order
/// and length) pass the schema and are refused by the route.
#[tokio::test]
async fn the_request_schema_agrees_with_the_route() {
    let doc = Document::load();
    let schema = doc.component("QueryRequest");
    let api = Doors::new();
    let ok = StatusCode::OK;
    let bad = StatusCode::BAD_REQUEST;
    let cases: Vec<(&str, Option<Value>, bool, StatusCode)> = vec![
        ("/person", Some(json!("199001012385")), true, ok),
        ("/person", Some(json!("900101-2385")), true, ok),
        ("/person", Some(json!("9001012385")), true, ok),
        ("/person", Some(json!(" 19900101-2385 ")), true, ok),
        ("/person", Some(json!("19900101+2385")), false, bad),
        ("/person", Some(json!("1990-01-01-2385")), false, bad),
        ("/person", Some(json!("19900101-2384")), true, bad),
        ("/organisation", Some(json!("212000-0142")), true, ok),
        ("/organisation", Some(json!("162120000142")), true, ok),
        ("/organisation", Some(json!("16-2120000142")), false, bad),
        ("/organisation", Some(json!("2120000143")), true, bad),
        ("/sources", Some(json!([])), false, bad),
        ("/sources", Some(json!(["fk", "Csn", " SKV "])), true, ok),
        ("/sources", Some(json!(["FK", "XYZ"])), false, bad),
        ("/sources", Some(Value::Null), true, ok),
        (
            "/source_periods",
            Some(json!({"skv": {"from": "2025-01-01", "to": "2025-12-31"}})),
            true,
            ok,
        ),
        (
            "/source_periods",
            Some(json!({"XYZ": {"from": "2025-01-01", "to": "2025-12-31"}})),
            false,
            bad,
        ),
        ("/period/from", Some(json!("2026-01-01Z")), true, ok),
        ("/period/from", Some(json!("2026-01-01+02:00")), true, ok),
        ("/period/from", Some(json!("20260101")), false, bad),
        ("/period/from", Some(json!("2026-02-30")), true, bad),
        ("/period/from", Some(json!("2026-12-01")), true, bad),
        ("/period/from", Some(json!("2020-01-01")), true, bad),
        // Blank attribution is refused by the binding (403, audited), not by validation.
        ("/case_id", Some(json!("   ")), false, StatusCode::FORBIDDEN),
        ("/case_id", Some(json!("")), false, StatusCode::FORBIDDEN),
        (
            "/purpose",
            Some(json!(format!("EKB-UTREDNING {}", "x".repeat(486)))),
            true,
            ok,
        ),
        (
            "/purpose",
            Some(json!(format!("EKB-UTREDNING {}", "x".repeat(487)))),
            false,
            bad,
        ),
        (
            "/purpose",
            Some(json!("Nyfikenhet")),
            true,
            StatusCode::FORBIDDEN,
        ),
        ("/correlation_id", Some(json!("vs-1")), true, ok),
        (
            "/data_processors",
            Some(json!([{"organisation": "5566778899", "name": "Exempel Drift AB"}])),
            true,
            ok,
        ),
        (
            "/data_processors",
            Some(json!([{"organisation": "5566778899", "name": " "}])),
            false,
            bad,
        ),
        ("/legal_basis", None, false, bad),
        // Free text: no control or bidi characters, 500 characters counted as sent.
        ("/case_worker", Some(json!("hl001\u{1b}[2J")), false, bad),
        ("/case_id", Some(json!("EB-1\r\nEB-2")), false, bad),
        ("/legal_basis", Some(json!("SoL \u{202E}")), false, bad),
        (
            "/organisation_name",
            Some(json!("Exempel\u{85}kommun")),
            false,
            bad,
        ),
        (
            "/case_worker",
            Some(json!(format!(" {}", "h".repeat(499)))),
            true,
            ok,
        ),
        (
            "/case_worker",
            Some(json!(format!(" {}", "h".repeat(500)))),
            false,
            bad,
        ),
        ("/correlation_id", Some(json!("c".repeat(500))), true, ok),
        ("/correlation_id", Some(json!("c".repeat(501))), false, bad),
        ("/correlation_id", Some(json!("vs\u{0}1")), false, bad),
        ("/correlation_id", Some(json!("")), true, ok),
        // Identity numbers and dates: the rules a pattern can express.
        ("/organisation", Some(json!("2100000142")), false, bad),
        ("/person", Some(json!("000000000000")), false, bad),
        ("/person", Some(json!("19900101-0002")), false, bad),
        ("/person", Some(json!("19901301-2385")), false, bad),
        ("/period/from", Some(json!("0000-01-01")), false, bad),
        ("/period/from", Some(json!("1899-12-31")), false, bad),
        ("/period/from", Some(json!("2026-13-01")), false, bad),
        ("/period/from", Some(json!("2026-01-01+ab:cd")), false, bad),
    ];
    for (pointer, value, schema_valid, status) in cases {
        let body = change(&fixed_query(), pointer, value.clone());
        let reply = api.post_query(&body).await;
        let (actual, answer) = (reply.status, reply.body);
        let what = format!("{pointer} = {value:?}");
        assert_eq!(actual, status, "{what}: {answer}");
        assert_eq!(schema.is_valid(&body), schema_valid, "{what}");
    }
}

#[test]
fn the_request_patterns_never_refuse_what_the_parsers_accept() {
    let doc = Document::load();
    let request = doc.schema("QueryRequest");
    let pattern = |schema: &Value| doc.validator(schema);
    let person = pattern(&request["properties"]["person"]);
    for text in [
        "199001012385",
        "19900101-2385",
        "900101-2385",
        "9001012385",
        "900101+2385",
        "  19900101-2385\t",
        "19140168-2396",
    ] {
        assert!(Personnummer::parse(text, today()).is_ok(), "{text}");
        assert!(person.is_valid(&json!(text)), "person {text:?}");
    }
    let organisation = pattern(&request["properties"]["organisation"]);
    for text in [
        "2120000142",
        "212000-0142",
        "162120000142",
        "16212000-0142",
        " 2120000142 ",
    ] {
        assert!(Organisationsnummer::parse(text).is_ok(), "{text}");
        assert!(organisation.is_valid(&json!(text)), "organisation {text:?}");
    }
    let day = pattern(&doc.schema("PeriodRequest")["properties"]["from"]);
    for text in [
        "2026-01-01",
        "2026-01-01Z",
        "2026-01-01+02:00",
        "2026-01-01-05:00",
        " 2026-01-01 ",
    ] {
        assert!(parse_iso_date(text).is_ok(), "{text}");
        assert!(day.is_valid(&json!(text)), "date {text:?}");
    }
    let source = doc.component("SourceCode");
    for id in SourceId::ALL {
        for text in [
            id.code().to_owned(),
            id.slug().to_owned(),
            format!(" {} ", id.code()),
        ] {
            assert!(text.parse::<SourceId>().is_ok());
            assert!(source.is_valid(&json!(text)), "source {text:?}");
        }
    }
    for text in ["XYZ", "F K", "FKX", ""] {
        assert!(text.parse::<SourceId>().is_err());
        assert!(!source.is_valid(&json!(text)), "source {text:?}");
    }
}

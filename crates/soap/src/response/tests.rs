//! Each outcome kind maps to `data` or to an `error` with the documented kalla and felkod.

use underlag_domain::RawPayload;
use underlag_domain::model::SourceData;

use super::*;

fn spec() -> Spec {
    Spec::embedded().unwrap()
}

fn result(source: SourceId, outcome: Outcome, raw: Option<&str>) -> SourceResult {
    SourceResult {
        raw: raw.map(|body| RawPayload {
            content_type: "application/json".to_owned(),
            body: body.to_owned(),
        }),
        ..SourceResult::not_called(source, outcome)
    }
}

fn error_of(
    source: SourceId,
    outcome: Outcome,
    raw: Option<&str>,
    protected: bool,
) -> ProviderError {
    let r = result(source, outcome, raw);
    match classify(source, Some(&r), protected, &spec()) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    }
}

fn ok() -> Outcome {
    Outcome::Ok {
        data: Box::new(SourceData::default()),
        warnings: vec![],
    }
}

#[test]
fn answers_with_a_payload_are_data_including_no_match() {
    for outcome in [ok(), Outcome::NoMatch { warnings: vec![] }] {
        let r = result(SourceId::Fk, outcome, Some("{\"utlamnare\":[]}"));
        assert!(classify(SourceId::Fk, Some(&r), false, &spec()).is_ok());
    }
}

#[test]
fn failures_of_the_composite_service_are_kalla_ssbt() {
    let cases = [
        (Outcome::TimedOut, "SSBT-101"),
        (
            Outcome::Unavailable {
                reason: "connection failed".into(),
            },
            "SSBT-102",
        ),
        (Outcome::NotEntitled, "SSBT-104"),
    ];
    for (outcome, felkod) in cases {
        let e = error_of(SourceId::Af, outcome, None, false);
        assert_eq!((e.kalla, e.felkod.as_str()), (Kalla::Ssbt, felkod));
    }
}

#[test]
fn invalid_answers_list_the_violated_rule_ids_with_swedish_labels() {
    let violation = |rule: &str, severity| Violation {
        rule: rule.to_owned(),
        path: "Svar/IdentitetsbeteckningFysiskPerson".to_owned(),
        severity,
        message: "bad".to_owned(),
    };
    let e = error_of(
        SourceId::Af,
        Outcome::InvalidResponse {
            violations: vec![
                violation("AF-018", Severity::Error),
                violation("AF-001", Severity::Warning),
            ],
        },
        Some("<x/>"),
        false,
    );
    assert_eq!(e.felkod, "SSBT-103");
    assert!(e.messages[0].ends_with(": AF-018."), "{:?}", e.messages);
    assert!(e.messages.iter().any(|m| m.starts_with("AF-001")));
    assert!(
        e.messages
            .iter()
            .any(|m| m.contains(" (") && m.starts_with("AF-018"))
    );
}

#[test]
fn errors_the_provider_reported_are_kalla_bt_with_its_own_code() {
    let e = error_of(
        SourceId::Skv,
        Outcome::SourceError {
            code: "9071001".into(),
            message: "Felaktig begäran".into(),
        },
        Some("<fault/>"),
        false,
    );
    assert_eq!(e.kalla, Kalla::Bt);
    assert_eq!(e.felkod, "9071001");
    assert_eq!(e.messages, ["Felaktig begäran"]);
    let blank = error_of(
        SourceId::Skv,
        Outcome::SourceError {
            code: " ".into(),
            message: String::new(),
        },
        None,
        false,
    );
    assert_eq!(blank.felkod, "BT");
    assert!(!blank.messages[0].is_empty());
}

#[test]
fn a_withheld_payload_of_a_protected_person_is_ssbt_skydd() {
    let e = error_of(SourceId::Af, ok(), None, true);
    assert_eq!((e.kalla, e.felkod.as_str()), (Kalla::Ssbt, "SSBT-SKYDD"));
    let e = error_of(SourceId::Af, ok(), None, false);
    assert_eq!(e.felkod, "SSBT-106");
    let e = error_of(SourceId::Tns, ok(), Some("<not-the-answer/>"), false);
    assert_eq!(e.felkod, "SSBT-106");
}

#[test]
fn error_elements_escape_provider_text() {
    let e = ProviderError {
        kalla: Kalla::Bt,
        felkod: "<1>".to_owned(),
        messages: vec!["a & b \u{1}".to_owned()],
    };
    let mut w = XmlWriter::new().unwrap();
    w.start("ssbt:AF", &[("xmlns:ssbt", SSBT_NS)]).unwrap();
    e.write(&mut w).unwrap();
    w.end("ssbt:AF").unwrap();
    let xml = String::from_utf8(w.finish()).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let texts: Vec<&str> = doc.descendants().filter_map(|n| n.text()).collect();
    assert!(texts.contains(&"<1>"));
    assert!(texts.contains(&"a & b \u{FFFD}"));
}

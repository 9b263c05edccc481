//! The catalogue is consistent: names, problem types and felkoder are unique where they must
//! be, every code reaches a door, every felkod is used, and the templates are well-formed.

use std::collections::BTreeSet;

use super::*;

#[test]
fn names_and_problem_types_are_unique() {
    let names: BTreeSet<&str> = Code::ALL.iter().map(|c| c.name()).collect();
    assert_eq!(names.len(), Code::ALL.len());
    let types: Vec<&str> = Code::ALL.iter().filter_map(|c| c.problem_type()).collect();
    let unique: BTreeSet<&str> = types.iter().copied().collect();
    assert_eq!(unique.len(), types.len());
}

#[test]
fn a_rest_code_is_named_by_its_problem_type() {
    for code in Code::ALL {
        if let Some(problem_type) = code.problem_type() {
            assert_eq!(
                problem_type,
                format!("{PROBLEM_TYPE_PREFIX}{}", code.name()),
                "{code}"
            );
            let status = code.status().unwrap_or_default();
            assert!((400..600).contains(&status), "{code}: {status}");
        }
    }
}

#[test]
fn every_code_reaches_a_door_and_has_texts() {
    for code in Code::ALL {
        assert!(
            code.entry().rest.is_some() || code.entry().soap.is_some(),
            "{code}"
        );
        assert!(!code.title_sv().is_empty(), "{code}");
        assert!(!code.detail_en().is_empty(), "{code}");
        assert_ne!(code.message_sv(), Some(""), "{code}");
    }
}

#[test]
fn every_felkod_has_a_code_and_only_refusals_share_one() {
    for felkod in Felkod::ALL {
        let codes: Vec<Code> = Code::ALL
            .iter()
            .copied()
            .filter(|c| c.felkod() == Some(felkod))
            .collect();
        assert!(!codes.is_empty(), "{felkod} has no code");
        if felkod == Felkod::Refused {
            assert!(
                codes.iter().all(|c| c.refusal_reason().is_some()),
                "{codes:?}"
            );
        } else {
            assert_eq!(codes.len(), 1, "{felkod}: {codes:?}");
        }
    }
}

#[test]
fn refusals_are_403_and_ssbt_020() {
    let refusals: Vec<Code> = Code::ALL
        .iter()
        .copied()
        .filter(|c| c.refusal_reason().is_some())
        .collect();
    assert_eq!(refusals.len(), 15);
    for code in refusals {
        assert_eq!(code.status(), Some(403), "{code}");
        assert_eq!(code.felkod(), Some(Felkod::Refused), "{code}");
        assert_eq!(code.faultcode(), Some(FaultCode::Client), "{code}");
        assert_eq!(
            code.field_template(),
            Some(("{field}", "{message}")),
            "{code}"
        );
        let reason = code.refusal_reason().unwrap_or_default();
        assert_eq!(Code::for_refusal_reason(reason), Some(code));
        assert!(
            reason.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
            "{reason}"
        );
    }
    assert_eq!(Code::for_refusal_reason("no_such_reason"), None);
}

#[test]
fn templates_use_only_known_placeholders() {
    const KNOWN: [&str; 6] = [
        "field",
        "message",
        "limit",
        "timeout_ms",
        "timeout_s",
        "rules",
    ];
    for code in Code::ALL {
        let templates = [Some(code.detail_en()), code.message_sv()];
        for template in templates.into_iter().flatten() {
            for name in placeholders(template) {
                assert!(KNOWN.contains(&name), "{code}: {{{name}}} in {template:?}");
            }
        }
    }
}

#[test]
fn field_templates_name_a_field() {
    let with_field: Vec<(Code, &str)> = Code::ALL
        .iter()
        .filter_map(|c| c.field_template().map(|(field, _)| (*c, field)))
        .filter(|(c, _)| c.refusal_reason().is_none())
        .collect();
    assert_eq!(
        with_field,
        [
            (Code::InvalidRequest, "{field}"),
            (Code::PayloadTooLarge, "body"),
            (Code::RequestTimeout, "body"),
            (Code::CaseNotFound, "case_id"),
            (Code::ApplicationNotFound, "application_id"),
            (Code::ApplicationForbidden, "organisation"),
            (Code::NormRulesUnavailable, "{field}"),
            (Code::NormCalculationNotFound, "calculation_id"),
            (Code::NormCalculationForbidden, "organisation"),
            (Code::ConformanceUnknownScenario, "{field}"),
        ]
    );
    assert_eq!(Code::ProviderInvalidResponse.field_template(), None);
}

#[test]
fn details_are_rendered_with_their_field() {
    assert_eq!(
        Code::PayloadTooLarge.field_error(&[("limit", &65536)]),
        Some((
            "body".to_owned(),
            "exceeds the limit of 65536 bytes".to_owned()
        ))
    );
    assert_eq!(
        Code::PayloadTooLarge.detail(&[("limit", &65536)]),
        "body: exceeds the limit of 65536 bytes"
    );
    assert_eq!(
        Code::RefusedCaseClosed.field_error(&[("field", &"case_id"), ("message", &"closed")]),
        Some(("case_id".to_owned(), "closed".to_owned()))
    );
    assert_eq!(Code::NotFound.field_error(&[]), None);
}

#[test]
fn codes_parse_from_their_names_and_problem_types() {
    for code in Code::ALL {
        assert_eq!(code.name().parse::<Code>(), Ok(*code));
        assert_eq!(code.to_string(), code.name());
        if let Some(problem_type) = code.problem_type() {
            assert_eq!(Code::for_problem_type(problem_type), Some(*code));
        }
    }
    assert_eq!("Payload-Too-Large".parse::<Code>(), Err(UnknownCode));
    assert_eq!(
        Code::for_problem_type("urn:underlag:problem:refused-"),
        None
    );
}

#[test]
fn each_door_keeps_its_codes() {
    // Pinned: these are part of the public API and the contract's drop-in behaviour.
    let pinned = [
        (
            Code::InvalidRequest,
            Some(400),
            Some("SSBT-003"),
            Some("soap:Client"),
        ),
        (
            Code::PayloadTooLarge,
            Some(413),
            Some("SSBT-004"),
            Some("soap:Client"),
        ),
        (
            Code::RequestTimeout,
            Some(408),
            Some("SSBT-008"),
            Some("soap:Client"),
        ),
        (
            Code::AuditUnavailable,
            Some(503),
            Some("SSBT-010"),
            Some("soap:Server"),
        ),
        (
            Code::RegistryUnavailable,
            Some(503),
            Some("SSBT-012"),
            Some("soap:Server"),
        ),
        (Code::UnsupportedMediaType, Some(415), None, None),
        (Code::GatewayTimeout, Some(504), None, None),
        (Code::MethodNotAllowed, Some(405), None, None),
        (Code::CaseNotFound, Some(404), None, None),
        (Code::NotFound, Some(404), None, None),
        (
            Code::MalformedDocument,
            None,
            Some("SSBT-001"),
            Some("soap:Client"),
        ),
        (
            Code::NotTheContract,
            None,
            Some("SSBT-002"),
            Some("soap:Client"),
        ),
        (
            Code::DtdRefused,
            None,
            Some("SSBT-005"),
            Some("soap:Client"),
        ),
        (
            Code::DocumentTooComplex,
            None,
            Some("SSBT-006"),
            Some("soap:Client"),
        ),
        (
            Code::HeaderNotUnderstood,
            None,
            Some("SSBT-007"),
            Some("soap:MustUnderstand"),
        ),
        (
            Code::InternalError,
            None,
            Some("SSBT-011"),
            Some("soap:Server"),
        ),
        (Code::ProviderTimeout, None, Some("SSBT-101"), None),
        (Code::ProtectedIdentity, None, Some("SSBT-SKYDD"), None),
    ];
    for (code, status, felkod, faultcode) in pinned {
        assert_eq!(code.status(), status, "{code}");
        assert_eq!(code.felkod().map(Felkod::code), felkod, "{code}");
        assert_eq!(code.faultcode().map(FaultCode::qname), faultcode, "{code}");
    }
}

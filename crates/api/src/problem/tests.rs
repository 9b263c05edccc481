//! Problem documents built from the catalogue keep the shape each one had when it was spelt
//! here by hand, and every refusal reason of the registry is in the catalogue.

use std::time::Duration;

use underlag_service::registry::{Reason, Refusal};

use super::*;

/// (type, status, title, detail, field) of a problem.
fn shape(p: &Problem) -> (&str, u16, &str, &str, Option<&str>) {
    (&p.kind, p.status, &p.title, &p.detail, p.field.as_deref())
}

#[test]
fn every_refusal_reason_is_in_the_catalogue_with_its_title() {
    for reason in Reason::ALL {
        let code = Code::for_refusal_reason(reason.code())
            .unwrap_or_else(|| panic!("{reason} is not in the catalogue"));
        assert_eq!(code, reason.catalogue_code(), "{reason}");
    }
    let in_catalogue = Code::ALL.iter().filter(|c| c.refusal_reason().is_some());
    assert_eq!(in_catalogue.count(), Reason::ALL.len());
}

#[test]
fn a_refusal_is_403_of_its_reason_naming_the_field() {
    let refusal = Refusal::new(Reason::CaseClosed, "case_id", "the case is closed");
    let problem = Problem::from(&refusal);
    assert_eq!(
        shape(&problem),
        (
            "urn:underlag:problem:refused-case_closed",
            403,
            "Ärendet är avslutat",
            "case_id: the case is closed",
            Some("case_id"),
        )
    );
    assert_eq!(
        problem.errors,
        [FieldError {
            field: "case_id".into(),
            message: "the case is closed".into()
        }]
    );
}

#[test]
fn a_reason_the_catalogue_does_not_know_keeps_the_refusal_shape() {
    let problem = Problem::refused("new_reason", "Ny orsak", "person", "is refused");
    assert_eq!(
        shape(&problem),
        (
            "urn:underlag:problem:refused-new_reason",
            403,
            "Ny orsak",
            "person: is refused",
            Some("person"),
        )
    );
}

#[test]
fn problems_from_the_catalogue_keep_their_hand_written_shape() {
    let cases = [
        (
            Problem::payload_too_large(65536),
            (
                "urn:underlag:problem:payload-too-large",
                413,
                "För stor fråga",
                "body: exceeds the limit of 65536 bytes",
                Some("body"),
            ),
        ),
        (
            Problem::request_timeout(Duration::from_millis(1500)),
            (
                "urn:underlag:problem:request-timeout",
                408,
                "Frågan kom inte fram i tid",
                "body: was not received within 1500 ms; send the whole body at once",
                Some("body"),
            ),
        ),
        (
            Problem::unsupported_media_type(),
            (
                "urn:underlag:problem:unsupported-media-type",
                415,
                "Fel innehållstyp",
                "the request body must be application/json",
                None,
            ),
        ),
        (
            Problem::gateway_timeout(),
            (
                "urn:underlag:problem:gateway-timeout",
                504,
                "Svaret dröjde för länge",
                "the request was not answered within the gateway's time limit",
                None,
            ),
        ),
        (
            Problem::method_not_allowed(),
            (
                "urn:underlag:problem:method-not-allowed",
                405,
                "Metoden stöds inte",
                "this path does not support the request method",
                None,
            ),
        ),
        (
            Problem::audit_unavailable(),
            (
                "urn:underlag:problem:audit-unavailable",
                503,
                "Loggning otillgänglig",
                "the audit store could not record the query, so no data was released",
                None,
            ),
        ),
        (
            Problem::registry_unavailable(),
            (
                "urn:underlag:problem:registry-unavailable",
                503,
                "Anslutningsregistret otillgängligt",
                "the connection registry could not be read, so the request was not carried out",
                None,
            ),
        ),
        (
            Problem::case_not_found(),
            (
                "urn:underlag:problem:case-not-found",
                404,
                "Ärendet finns inte",
                "case_id: no case with this id is registered for the organisation",
                Some("case_id"),
            ),
        ),
        (
            Problem::not_found(),
            (
                "urn:underlag:problem:not-found",
                404,
                "Finns inte",
                "no such resource",
                None,
            ),
        ),
        (
            Problem::unreadable_body(),
            (
                "urn:underlag:problem:invalid-request",
                400,
                "Ogiltig fråga",
                "body: could not be read",
                Some("body"),
            ),
        ),
    ];
    for (problem, expected) in &cases {
        assert_eq!(shape(problem), *expected);
        assert_eq!(problem.errors.len(), usize::from(expected.4.is_some()));
    }
}

#[test]
fn an_invalid_request_lists_every_field() {
    let problem = Problem::invalid(vec![
        FieldError {
            field: "person".into(),
            message: "wrong check digit".into(),
        },
        FieldError {
            field: "period.from".into(),
            message: "must be a calendar date YYYY-MM-DD".into(),
        },
    ]);
    assert_eq!(
        shape(&problem),
        (
            "urn:underlag:problem:invalid-request",
            400,
            "Ogiltig fråga",
            "person: wrong check digit; period.from: must be a calendar date YYYY-MM-DD",
            Some("person"),
        )
    );
    assert_eq!(problem.errors.len(), 2);
}

#[test]
fn a_code_the_rest_door_does_not_have_is_a_500_named_after_it() {
    let problem = Problem::from(Code::InternalError);
    assert_eq!(problem.status, 500);
    assert_eq!(problem.kind, "urn:underlag:problem:internal-error");
}

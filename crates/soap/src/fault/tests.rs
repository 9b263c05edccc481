//! Faults carry the catalogue's felkoder, `faultcode`s and messages exactly as they were
//! spelt here by hand; every felkod is documented; every refusal reason has its fault.

use underlag_service::registry::{Reason, Refusal};
use underlag_service::{AuditFailure, QueryError, RegistryError};

use super::*;

#[test]
fn codes_are_unique() {
    let mut codes: Vec<&str> = Felkod::ALL.iter().map(|f| f.code()).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), Felkod::ALL.len());
}

#[test]
fn every_code_is_documented_in_the_crate_docs_and_the_readme() {
    let crate_docs = include_str!("../lib.rs");
    let readme = include_str!("../../../../README.md");
    for felkod in Felkod::ALL {
        let row = format!("| `{}` |", felkod.code());
        assert!(
            crate_docs.contains(&row),
            "{} missing in lib.rs",
            felkod.code()
        );
        assert!(
            readme.contains(&row),
            "{} missing in README.md",
            felkod.code()
        );
    }
}

#[test]
fn a_fault_names_its_operation_and_carries_every_message() {
    let fault =
        Fault::client(Felkod::InvalidField, "Fältet 'a' saknas.").for_operation(Operation::Testa);
    let xml = String::from_utf8(fault.to_xml().unwrap()).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let detail = doc
        .descendants()
        .find(|n| n.has_tag_name((SSBT_NS, "testaBastjanstInformationFault")))
        .unwrap();
    let felkod = detail
        .children()
        .find(|n| n.has_tag_name((SSBT_NS, "felkod")));
    assert_eq!(felkod.and_then(|n| n.text()), Some("SSBT-003"));
    let faultcode = doc.descendants().find(|n| n.has_tag_name("faultcode"));
    assert_eq!(faultcode.and_then(|n| n.text()), Some("soap:Client"));
}

/// (faultcode, felkod, first message) of a fault.
fn shape(fault: &Fault) -> (&str, &str, &str) {
    (
        fault.code.qname(),
        fault.felkod.code(),
        fault.messages.first().map_or("", String::as_str),
    )
}

#[test]
fn faults_from_the_catalogue_keep_their_hand_written_shape() {
    let cases = [
        (
            Fault::from(QueryError::AuditFailed(AuditFailure("disk full".into()))),
            (
                "soap:Server",
                "SSBT-010",
                "Frågan kunde inte loggas, därför lämnas inga uppgifter ut. Försök igen senare.",
            ),
        ),
        (
            Fault::from(QueryError::RegistryUnavailable(RegistryError::Unavailable(
                "down".into(),
            ))),
            (
                "soap:Server",
                "SSBT-012",
                "Anslutningsregistret kunde inte läsas, därför kunde frågan inte prövas. Försök igen senare.",
            ),
        ),
        (
            Fault::internal(Operation::Testa),
            (
                "soap:Server",
                "SSBT-011",
                "Svaret kunde inte skapas (internt fel).",
            ),
        ),
        (
            Fault::of(Code::PayloadTooLarge, &[("limit", &1_048_576)]),
            (
                "soap:Client",
                "SSBT-004",
                "Meddelandet är större än den tillåtna gränsen på 1048576 byte.",
            ),
        ),
        (
            Fault::of(Code::RequestTimeout, &[("timeout_s", &10)]),
            (
                "soap:Client",
                "SSBT-008",
                "Meddelandet kom inte fram inom 10 sekunder.",
            ),
        ),
        (
            Fault::from(Code::DtdRefused),
            (
                "soap:Client",
                "SSBT-005",
                "Dokumenttypsdeklarationer (DOCTYPE) och entitetsdeklarationer tas inte emot.",
            ),
        ),
        (
            Fault::from(Code::HeaderNotUnderstood),
            (
                "soap:MustUnderstand",
                "SSBT-007",
                "En SOAP-header med mustUnderstand=\"1\" stöds inte av tjänsten.",
            ),
        ),
    ];
    for (fault, expected) in &cases {
        assert_eq!(shape(fault), *expected);
        assert_eq!(fault.messages.len(), 1);
    }
    assert_eq!(
        Fault::internal(Operation::Testa).operation,
        Operation::Testa
    );
}

#[test]
fn every_refusal_reason_has_its_wholly_swedish_fault() {
    for reason in Reason::ALL {
        let fault = Fault::from(QueryError::Refused {
            reason,
            field: "purpose".into(),
            message: "english text that stays out".into(),
        });
        let expected = format!(
            "Frågan avvisades: {} Gäller fältet generellaFrageparametrar/syfte.",
            refusal_text_sv(reason)
        );
        assert_eq!(
            shape(&fault),
            ("soap:Client", "SSBT-020", expected.as_str()),
            "{reason}"
        );
    }
}

#[test]
fn a_refusal_names_the_soap_path_of_its_field() {
    let cases = [
        (
            "organisation",
            "generellaFrageparametrar/ingivare/organisationsnummer",
        ),
        ("period", "generellaFrageparametrar/tidsperiod"),
        (
            "source_periods.FK",
            "specifikaFrageparametrar/FK/tidsperiod",
        ),
        (
            "data_processors[1].organisation",
            "generellaFrageparametrar/personuppgiftsbitrade[2]/organisationsnummer",
        ),
    ];
    for (field, path) in cases {
        let fault = Fault::from(&Refusal::new(Reason::PeriodTooLong, field, "x"));
        assert!(
            fault.messages[0].ends_with(&format!("Gäller fältet {path}.")),
            "{field}: {:?}",
            fault.messages
        );
    }
}

#[test]
fn a_felkod_string_parses_into_the_fault_kind() {
    let fault = Fault::from(Code::DocumentTooComplex);
    assert_eq!("SSBT-006".parse::<Felkod>(), Ok(fault.felkod));
    for felkod in Felkod::ALL {
        assert_eq!(felkod.code().parse::<Felkod>(), Ok(felkod));
    }
    assert!("SSBT-999".parse::<Felkod>().is_err());
}

#[test]
fn a_code_the_soap_door_does_not_have_is_an_internal_error() {
    assert_eq!(shape(&Fault::from(Code::NotFound)).1, "SSBT-011");
}

/// The exact Swedish title and sentence the SOAP door serves for each refusal reason,
/// spelt out here so the test checks the text itself, not the catalogue against itself.
fn refusal_text_sv(reason: Reason) -> &'static str {
    match reason {
        Reason::OrganisationUnknown => {
            "Organisationen är inte ansluten. Ingen anslutning är registrerad för organisationen."
        }
        Reason::OrganisationSuspended => {
            "Anslutningen är tillfälligt avstängd. Organisationens anslutning är tillfälligt avstängd."
        }
        Reason::OrganisationEnded => {
            "Anslutningen har upphört. Organisationens anslutning har upphört."
        }
        Reason::CertificateMismatch => {
            "Certifikatet hör inte till organisationen. Organisationen stämmer inte med klientcertifikatets registrering."
        }
        Reason::DataProcessorNotAllowed => {
            "Personuppgiftsbiträdet är inte registrerat. Personuppgiftsbiträdet är inte registrerat för organisationen."
        }
        Reason::MissingCaseWorker => "Handläggare saknas. Handläggare måste anges.",
        Reason::MissingCaseId => "Ärendeidentitet saknas. Ärendeidentitet måste anges.",
        Reason::MissingPurpose => "Syfte saknas. Syfte måste anges.",
        Reason::MissingLegalBasis => "Lagtext saknas. Lagtext måste anges.",
        Reason::PurposeNotAllowed => {
            "Syftet är inte tillåtet. Syftet är varken ett tillåtet syfte (kod eller benämning) eller en syftestext som är registrerad för anslutningen."
        }
        Reason::PeriodInFuture => {
            "Perioden ligger i framtiden. Perioden får inte börja efter dagens datum."
        }
        Reason::PeriodTooLong => "Perioden är för lång. Perioden är längre än vad som är tillåtet.",
        Reason::CaseUnknown => {
            "Ärendet är inte registrerat. Inget ärende med denna identitet är registrerat för organisationen."
        }
        Reason::CaseClosed => "Ärendet är avslutat. Ärendet är avslutat.",
        Reason::PersonNotInHousehold => {
            "Personen ingår inte i ärendets hushåll. Personen ingår inte i ärendets hushåll."
        }
    }
}

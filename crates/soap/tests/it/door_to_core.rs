//! What the SOAP door hands the core, observed where it lands: the caller's TLS identity in
//! the binding's certificate check, and each provider's own `tidsperiod` at that provider's
//! agency. Both survived a one-line break in the test audit of issue 16: the behaviour was
//! right, but nothing would have noticed it breaking. The doors run in-process over counted
//! agencies that record what they were asked; the TLS identity is put on the request as the
//! mTLS listener puts it (`CallerIdentity` in the request's extensions).

use axum::body::Body;
use axum::http::{Request, header};
use jiff::civil::date;
use underlag_domain::{Fingerprint, SourceId};
use underlag_service::CallerIdentity;
use underlag_service::registry::Connection;
use underlag_test_support::fixtures::{exempel_drift, exempelkommun};
use underlag_test_support::{Doors, Doorway};

use crate::answer::Answer;
use crate::envelopes::Fraga;

const OUR_CERT: &str = "abababababababababababababababababababababababababababababababab";
const OTHER_CERT: &str = "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd";

/// The doors with Exempelkommun connected under [`OUR_CERT`] only.
fn doors() -> Doors {
    Doors::builder()
        .connection(Connection {
            certificate_fingerprints: vec![Fingerprint::parse(OUR_CERT).unwrap()],
            data_processors: vec![exempel_drift()],
            ..exempelkommun()
        })
        .build()
}

/// A question about the all-sources person over January to October 2026 (valid on the
/// doors' fixed today), FK left out (it needs a `fraga` of its own).
fn fraga() -> Fraga {
    let others: Vec<SourceId> = SourceId::ALL
        .into_iter()
        .filter(|&id| id != SourceId::Fk)
        .collect();
    Fraga::new("199001012385", (date(2026, 1, 1), date(2026, 10, 31))).only(&others)
}

/// Posts `fraga` as the mTLS listener would after a handshake with `cert`.
async fn soap_call_as(doors: &Doors, cert: &str, fraga: &Fraga) -> Answer {
    let mut request = Request::post(underlag_soap::ENDPOINT_PATH)
        .header(header::CONTENT_TYPE, "text/xml; charset=utf-8")
        .header("SOAPAction", "\"\"")
        .body(Body::from(fraga.envelope()))
        .unwrap();
    request.extensions_mut().insert(CallerIdentity {
        certificate_sha256: Fingerprint::parse(cert).unwrap(),
        subject: "CN=kommun".into(),
    });
    let reply = doors.call(request).await;
    let answer = Answer::new(reply.text);
    answer.assert_valid();
    answer
}

/// Survivor (issue 16): the SOAP door dropping the TLS identity (`caller: None` in
/// `to_query`) passed every test, since only REST's certificate check was tested end to end.
/// A certificate registered for another organisation than the `ingivare` is refused before
/// any agency is asked, and audited as `certificate_mismatch`; the registered one passes.
#[tokio::test]
async fn the_soap_door_hands_the_tls_identity_to_the_certificate_check() {
    let doors = doors();
    let refused = soap_call_as(&doors, OTHER_CERT, &fraga()).await;
    let (faultcode, _felkod, _messages) = refused
        .fault()
        .unwrap_or_else(|| panic!("a refusal, not an answer: {}", refused.xml));
    assert_eq!(faultcode, "soap:Client", "{}", refused.xml);
    assert_eq!(doors.calls(), 0, "no agency is asked for a refused caller");
    {
        let events = doors.audit.events.lock().unwrap();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].kind.code(), "refused");
        assert_eq!(events[0].refusal.as_deref(), Some("certificate_mismatch"));
    }

    let answered = soap_call_as(&doors, OUR_CERT, &fraga()).await;
    assert!(answered.fault().is_none(), "{}", answered.xml);
    assert_eq!(doors.calls(), 6, "the six included providers are asked");
    let events = doors.audit.events.lock().unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[1].kind.code(), "query");
}

/// Survivor (issue 16): a provider's own `tidsperiod` was read and echoed, but nothing
/// noticed when every agency was asked the general period. Here each agency reports what it
/// was asked: CSN its own March, the other included providers the general period (the
/// contract gives AF, CSN, SO and TNS a `tidsperiod` of their own).
#[tokio::test]
async fn a_providers_tidsperiod_reaches_its_agency_and_no_other() {
    let doors = doors();
    let mut fraga = fraga();
    fraga.periods.insert(
        SourceId::Csn,
        ("2026-03-01".to_owned(), "2026-03-31".to_owned()),
    );
    let answer = soap_call_as(&doors, OUR_CERT, &fraga).await;
    assert!(answer.fault().is_none(), "{}", answer.xml);
    let asked = |id: SourceId| -> Vec<(String, String)> {
        doors
            .periods_asked(id)
            .iter()
            .map(|p| (p.from().to_string(), p.to().to_string()))
            .collect()
    };
    assert_eq!(
        asked(SourceId::Csn),
        [("2026-03-01".to_owned(), "2026-03-31".to_owned())]
    );
    for id in [
        SourceId::Af,
        SourceId::Skv,
        SourceId::Miv,
        SourceId::So,
        SourceId::Tns,
    ] {
        assert_eq!(
            asked(id),
            [("2026-01-01".to_owned(), "2026-10-31".to_owned())],
            "{}",
            id.code()
        );
    }
    assert!(asked(SourceId::Fk).is_empty(), "FK was not included");
}

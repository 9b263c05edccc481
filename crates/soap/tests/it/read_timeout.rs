//! A request body that arrives too slowly ends in the SOAP fault SSBT-008 at the read
//! timeout, before any agency is asked or anything audited. On tokio's paused clock: the
//! answer comes exactly at the timeout, with no real waiting. Added for issue 16 (no test
//! drove a slow body into the read timeout).

use std::convert::Infallible;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{Request, header};
use futures::StreamExt;
use jiff::civil::date;
use underlag_soap::SoapSettings;
use underlag_test_support::{Doors, Doorway};

use crate::answer::Answer;
use crate::envelopes::Fraga;

/// The first half of a valid request, then nothing more.
fn stalled_body() -> Body {
    let envelope = Fraga::new("199001012385", (date(2026, 1, 1), date(2026, 10, 31))).envelope();
    let half = Bytes::from(envelope[..envelope.len() / 2].to_owned());
    let stream = futures::stream::once(async move { Ok::<_, Infallible>(half) })
        .chain(futures::stream::pending());
    Body::from_stream(stream)
}

#[tokio::test(start_paused = true)]
async fn a_stalled_body_gets_ssbt_008_at_the_read_timeout() {
    let doors = Doors::builder()
        .soap_settings(SoapSettings {
            read_timeout: Duration::from_secs(2),
            ..SoapSettings::default()
        })
        .build();
    let request = Request::post(underlag_soap::ENDPOINT_PATH)
        .header(header::CONTENT_TYPE, "text/xml; charset=utf-8")
        .header("SOAPAction", "\"\"")
        .body(stalled_body())
        .unwrap();
    let started = tokio::time::Instant::now();
    let reply = doors.call(request).await;
    assert_eq!(
        started.elapsed(),
        Duration::from_secs(2),
        "answered at the read timeout (paused clock)"
    );
    assert_eq!(reply.status, 500, "{}", reply.text);
    let (faultcode, felkod, _messages) = Answer::new(reply.text.clone())
        .fault()
        .unwrap_or_else(|| panic!("a fault: {}", reply.text));
    assert_eq!(
        (faultcode.as_str(), felkod.as_str()),
        ("soap:Client", "SSBT-008")
    );
    assert_eq!(doors.calls(), 0, "no agency is asked");
    assert!(doors.audit.is_empty(), "nothing is audited");
}

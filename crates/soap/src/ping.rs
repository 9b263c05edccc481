//! `testaBastjanstInformation`: every adapter's own test service (`ping`, no personal data),
//! concurrently and under one deadline. Per provider, `anropad` says whether a test service
//! exists and was called, and `error` says what went wrong when it did not answer.
//! Nothing is audited: no person is looked up.

use std::io;
use std::time::Duration;

use underlag_domain::SourceId;
use underlag_service::{FetchError, Orchestrator};

use crate::contract::{SOAP_ENV_NS, SSBT_NS, V10_PROVIDERS};
use crate::fault::Felkod;
use crate::response::{Kalla, ProviderError};
use crate::xml_write::XmlWriter;

/// What one provider's test service did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PingResult {
    pub(crate) source: SourceId,
    pub(crate) called: bool,
    pub(crate) error: Option<ProviderError>,
}

/// Pings every provider; each gets at most `deadline`.
pub(crate) async fn ping_all(orchestrator: &Orchestrator, deadline: Duration) -> Vec<PingResult> {
    let pings = V10_PROVIDERS.into_iter().map(|source| async move {
        let Some(adapter) = orchestrator.adapter(source) else {
            return PingResult {
                source,
                called: false,
                error: Some(ProviderError::ssbt(
                    Felkod::ProviderUnavailable,
                    vec!["Ingen anslutning till bastjänsten är konfigurerad.".to_owned()],
                )),
            };
        };
        let (called, error) = match tokio::time::timeout(deadline, adapter.ping()).await {
            Ok(Ok(called)) => (called, None),
            Ok(Err(FetchError::Unavailable(reason))) => (
                true,
                Some(ProviderError::ssbt(
                    Felkod::ProviderUnavailable,
                    vec![
                        "Bastjänstens testtjänst kunde inte nås.".to_owned(),
                        format!("Teknisk orsak: {reason}"),
                    ],
                )),
            ),
            Ok(Err(FetchError::Rejected(reason))) => (
                true,
                Some(ProviderError {
                    kalla: Kalla::Bt,
                    felkod: "REJECTED".to_owned(),
                    messages: vec![format!(
                        "Bastjänstens testtjänst avvisade anropet: {reason}"
                    )],
                }),
            ),
            Err(_elapsed) => (
                true,
                Some(ProviderError::ssbt(
                    Felkod::ProviderTimeout,
                    vec!["Bastjänstens testtjänst svarade inte inom tidsgränsen.".to_owned()],
                )),
            ),
        };
        PingResult {
            source,
            called,
            error,
        }
    });
    let results = futures::future::join_all(pings).await;
    let summary: Vec<String> = results
        .iter()
        .map(|r| {
            let state = match (&r.error, r.called) {
                (Some(e), _) => e.felkod.as_str(),
                (None, true) => "ok",
                (None, false) => "no_test_service",
            };
            format!("{}={state}", r.source.code())
        })
        .collect();
    tracing::info!(results = %summary.join(","), "SOAP ping answered");
    results
}

/// Writes the `testaBastjanstInformationResponse` envelope.
pub(crate) fn testa_answer(results: &[PingResult]) -> io::Result<Vec<u8>> {
    let mut w = XmlWriter::new()?;
    w.start("soap:Envelope", &[("xmlns:soap", SOAP_ENV_NS)])?;
    w.start("soap:Body", &[])?;
    w.start(
        "ssbt:testaBastjanstInformationResponse",
        &[("xmlns:ssbt", SSBT_NS)],
    )?;
    for source in V10_PROVIDERS {
        let Some(result) = results.iter().find(|r| r.source == source) else {
            continue;
        };
        let element = format!("ssbt:{}", source.code());
        w.start(&element, &[])?;
        w.leaf("ssbt:anropad", if result.called { "true" } else { "false" })?;
        if let Some(error) = &result.error {
            error.write(&mut w)?;
        }
        w.end(&element)?;
    }
    w.end("ssbt:testaBastjanstInformationResponse")?;
    w.end("soap:Body")?;
    w.end("soap:Envelope")?;
    Ok(w.finish())
}

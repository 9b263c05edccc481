//! Writing `hamtaBastjanstInformationResponse` (`SammansattBastjanstSvar`) from the
//! orchestrator's answer: the echoed question and identifiers, then one element per included
//! provider, in contract order, holding either the provider's own message (`data`) or an
//! `error{kalla, felkod, felmeddelande+}`.
//!
//! `kalla` is `SSBT` when the composite service failed towards the provider (timed out,
//! unavailable, invalid answer, not entitled, payload withheld or unusable) and `BT` when
//! the provider itself reported an error. A provider's no-match answer is `data`.

use std::io;

use underlag_catalogue::{Arg, Code, render};
use underlag_domain::{Outcome, Severity, SourceId, SourceResult, Violation};
use underlag_service::CompositeAnswer;
use underlag_spec::Spec;

use crate::contract::{SOAP_ENV_NS, SSBT_NS, V10_PROVIDERS};
use crate::echo::write_fraga;
use crate::fault::Felkod;
use crate::provider_payload::{Prepared, prepare};
use crate::request::HamtaFraga;
use crate::xml_copy::Scope;
use crate::xml_write::XmlWriter;

/// Where an error comes from (`KallaEnum`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kalla {
    /// The composite service.
    Ssbt,
    /// The base service (the provider).
    Bt,
}

impl Kalla {
    pub(crate) fn code(self) -> &'static str {
        match self {
            Kalla::Ssbt => "SSBT",
            Kalla::Bt => "BT",
        }
    }
}

/// An `error` element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProviderError {
    pub(crate) kalla: Kalla,
    pub(crate) felkod: String,
    pub(crate) messages: Vec<String>,
}

impl ProviderError {
    pub(crate) fn ssbt(felkod: Felkod, messages: Vec<String>) -> Self {
        Self {
            kalla: Kalla::Ssbt,
            felkod: felkod.code().to_owned(),
            messages,
        }
    }

    /// The `error` of a provider code with the catalogue's Swedish message (its values from
    /// `args`), then `more` messages.
    pub(crate) fn of(code: Code, args: &[Arg<'_>], more: impl IntoIterator<Item = String>) -> Self {
        let (felkod, message) = match code.entry().soap {
            Some(soap) => (soap.felkod, render(soap.message_sv, args)),
            // No call site passes a code without a felkod; keep the error well-formed.
            None => (Felkod::ProviderPayloadUnusable, code.title_sv().to_owned()),
        };
        Self::ssbt(felkod, std::iter::once(message).chain(more).collect())
    }

    /// Writes `ssbt:error`.
    pub(crate) fn write(&self, w: &mut XmlWriter) -> io::Result<()> {
        w.start("ssbt:error", &[])?;
        w.leaf("ssbt:kalla", self.kalla.code())?;
        w.leaf("ssbt:felkod", &self.felkod)?;
        for m in &self.messages {
            w.leaf("ssbt:felmeddelande", m)?;
        }
        if self.messages.is_empty() {
            w.leaf("ssbt:felmeddelande", "Okänt fel.")?;
        }
        w.end("ssbt:error")
    }
}

/// Writes the whole answer envelope.
pub(crate) fn hamta_answer(
    fraga: &HamtaFraga,
    answer: &CompositeAnswer,
    spec: &Spec,
) -> io::Result<Vec<u8>> {
    let mut w = XmlWriter::new()?;
    w.start("soap:Envelope", &[("xmlns:soap", SOAP_ENV_NS)])?;
    w.start("soap:Body", &[])?;
    w.start(
        "ssbt:hamtaBastjanstInformationResponse",
        &[("xmlns:ssbt", SSBT_NS)],
    )?;
    if fraga.echo {
        write_fraga(&mut w, fraga)?;
    }
    if let Some(t) = &fraga.frage_tidpunkt {
        w.leaf("ssbt:frageTidpunkt", t)?;
    }
    if let Some(k) = &fraga.korrelationsid {
        w.leaf("ssbt:korrelationsid", k)?;
    }
    w.start("ssbt:svarsdata", &[])?;
    for source in V10_PROVIDERS {
        if !fraga.includes(source) {
            continue;
        }
        let element = format!("ssbt:{}", source.code());
        w.start(&element, &[])?;
        let refusal = (source == SourceId::Fk)
            .then(|| fraga.lefi_refusal())
            .flatten();
        let part = match refusal {
            Some(problems) => Err(lefi_refused(problems)),
            None => classify(source, answer.source(source), answer.protected, spec),
        };
        match part {
            Ok(prepared) => {
                w.start("ssbt:data", &[])?;
                let mut scope = Scope::new(&[(Some("soap"), SOAP_ENV_NS), (Some("ssbt"), SSBT_NS)]);
                prepared.write(source, &mut w, &mut scope)?;
                w.end("ssbt:data")?;
            }
            Err(error) => error.write(&mut w)?,
        }
        w.end(&element)?;
    }
    w.end("ssbt:svarsdata")?;
    w.end("ssbt:hamtaBastjanstInformationResponse")?;
    w.end("soap:Body")?;
    w.end("soap:Envelope")?;
    Ok(w.finish())
}

fn lefi_refused(problems: &[String]) -> ProviderError {
    ProviderError::of(Code::LefiRequestInvalid, &[], problems.iter().cloned())
}

/// One provider's part: its message, or an error.
pub(crate) fn classify<'r>(
    source: SourceId,
    result: Option<&'r SourceResult>,
    protected: bool,
    spec: &Spec,
) -> Result<Prepared<'r>, ProviderError> {
    let Some(result) = result else {
        return Err(unusable("Svar saknas för bastjänsten."));
    };
    match &result.outcome {
        Outcome::Ok { .. } | Outcome::NoMatch { .. } => match &result.raw {
            Some(raw) => prepare(source, raw)
                .map_err(|_| ProviderError::of(Code::ProviderPayloadUnusable, &[], [])),
            None if protected => Err(ProviderError::of(Code::ProtectedIdentity, &[], [])),
            None => Err(unusable("Bastjänstens meddelande finns inte att återge.")),
        },
        Outcome::NotRequested => Err(unusable("Bastjänsten anropades inte.")),
        Outcome::NotEntitled => Err(ProviderError::of(Code::ProviderNotEntitled, &[], [])),
        Outcome::TimedOut => Err(ProviderError::of(Code::ProviderTimeout, &[], [])),
        Outcome::Unavailable { reason } => Err(ProviderError::of(
            Code::ProviderUnavailable,
            &[],
            [format!("Teknisk orsak: {reason}")],
        )),
        Outcome::InvalidResponse { violations } => Err(invalid(source, violations, spec)),
        Outcome::SourceError { code, message } => Err(ProviderError {
            kalla: Kalla::Bt,
            felkod: if code.trim().is_empty() {
                "BT".to_owned()
            } else {
                code.clone()
            },
            messages: vec![if message.trim().is_empty() {
                "Bastjänsten rapporterade ett fel.".to_owned()
            } else {
                message.clone()
            }],
        }),
    }
}

fn unusable(message: &str) -> ProviderError {
    ProviderError::ssbt(Felkod::ProviderPayloadUnusable, vec![message.to_owned()])
}

/// `SSBT-103`: the rule ids that made the answer untrustworthy, then every violation with its
/// Swedish label from the information specification.
fn invalid(source: SourceId, violations: &[Violation], spec: &Spec) -> ProviderError {
    let mut decisive: Vec<&str> = violations
        .iter()
        .filter(|v| v.severity == Severity::Error)
        .map(|v| v.rule.as_str())
        .collect();
    if decisive.is_empty() {
        decisive = violations.iter().map(|v| v.rule.as_str()).collect();
    }
    decisive.dedup();
    let mut messages = Vec::new();
    let fields = &spec.source(source).fields;
    for v in violations {
        let label = fields
            .iter()
            .find(|f| f.id == v.rule)
            .map(|f| format!(" ({})", f.label_sv))
            .unwrap_or_default();
        let severity = match v.severity {
            Severity::Error => "fel",
            Severity::Warning => "varning",
        };
        let at = if v.path.is_empty() {
            String::new()
        } else {
            format!(" vid {}", v.path)
        };
        messages.push(format!("{}{label}{at}: {severity}.", v.rule));
    }
    let rules = decisive.join(", ");
    ProviderError::of(
        Code::ProviderInvalidResponse,
        &[("rules", &rules)],
        messages,
    )
}

#[cfg(test)]
mod tests;

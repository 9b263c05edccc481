//! Error codes (felkoder) and SOAP 1.1 faults.
//!
//! A failure of the whole call is a SOAP 1.1 Fault (HTTP 500) whose `detail` holds the
//! operation's `…Fault` element (`BastjanstInformationFault{felkod, felmeddelande+}`); a
//! failure towards one provider is that provider's `error` element in an otherwise normal
//! answer. Every code is listed in the crate documentation and the README; a unit test keeps
//! those tables complete.

use std::io;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::contract::{SOAP_ENV_NS, SSBT_NS};
use crate::xml_write::XmlWriter;

/// The media type of every SOAP 1.1 message this endpoint sends.
pub(crate) const TEXT_XML: &str = "text/xml; charset=utf-8";

/// The codes this endpoint uses in faults and in per-provider `error` elements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Felkod {
    /// The body is not well-formed XML (or not UTF-8, or empty).
    Malformed,
    /// Not a SOAP 1.1 envelope, a payload outside the ssbt/10 namespace, or an unknown
    /// operation.
    NotTheContract,
    /// A field is missing or invalid (the message names it).
    InvalidField,
    /// The body is larger than the configured limit.
    TooLarge,
    /// A document type declaration or entity declaration was sent.
    DtdRefused,
    /// The document nests too deeply or has too many nodes.
    TooComplex,
    /// A SOAP header marked `mustUnderstand` is not understood.
    HeaderNotUnderstood,
    /// The body did not arrive within the time limit.
    ReadTimeout,
    /// The audit could not be written, so no data may leave.
    AuditUnavailable,
    /// The connection registry could not be read, so the query could not be checked.
    RegistryUnavailable,
    /// The purpose and case binding refused the query (reason code and field given).
    Refused,
    /// The answer could not be produced (an internal error).
    Internal,
    /// Provider: no answer within the time budget.
    ProviderTimeout,
    /// Provider: unreachable, transport failure or circuit open.
    ProviderUnavailable,
    /// Provider: the answer broke the information specification's rules.
    ProviderInvalidResponse,
    /// Provider: the organisation may not receive this provider's data.
    ProviderNotEntitled,
    /// FK: `lefiJsonFraga` (or `version`) breaks the LEFI v9 request rules; FK was not asked.
    LefiRequestInvalid,
    /// Provider: the answer could not be expressed in the provider's contract shape.
    ProviderPayloadUnusable,
    /// Provider: the person has protected identity and the provider's payload was withheld.
    ProtectedIdentity,
}

impl Felkod {
    /// Every code, for the documentation check.
    #[cfg(test)]
    pub(crate) const ALL: [Felkod; 19] = [
        Felkod::Malformed,
        Felkod::NotTheContract,
        Felkod::InvalidField,
        Felkod::TooLarge,
        Felkod::DtdRefused,
        Felkod::TooComplex,
        Felkod::HeaderNotUnderstood,
        Felkod::ReadTimeout,
        Felkod::AuditUnavailable,
        Felkod::RegistryUnavailable,
        Felkod::Refused,
        Felkod::Internal,
        Felkod::ProviderTimeout,
        Felkod::ProviderUnavailable,
        Felkod::ProviderInvalidResponse,
        Felkod::ProviderNotEntitled,
        Felkod::LefiRequestInvalid,
        Felkod::ProviderPayloadUnusable,
        Felkod::ProtectedIdentity,
    ];

    /// The code as sent in `felkod`.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Felkod::Malformed => "SSBT-001",
            Felkod::NotTheContract => "SSBT-002",
            Felkod::InvalidField => "SSBT-003",
            Felkod::TooLarge => "SSBT-004",
            Felkod::DtdRefused => "SSBT-005",
            Felkod::TooComplex => "SSBT-006",
            Felkod::HeaderNotUnderstood => "SSBT-007",
            Felkod::ReadTimeout => "SSBT-008",
            Felkod::AuditUnavailable => "SSBT-010",
            Felkod::RegistryUnavailable => "SSBT-012",
            Felkod::Refused => "SSBT-020",
            Felkod::Internal => "SSBT-011",
            Felkod::ProviderTimeout => "SSBT-101",
            Felkod::ProviderUnavailable => "SSBT-102",
            Felkod::ProviderInvalidResponse => "SSBT-103",
            Felkod::ProviderNotEntitled => "SSBT-104",
            Felkod::LefiRequestInvalid => "SSBT-105",
            Felkod::ProviderPayloadUnusable => "SSBT-106",
            Felkod::ProtectedIdentity => "SSBT-SKYDD",
        }
    }
}

/// Which operation a fault answers (it names the `detail` element).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Operation {
    /// `hamtaBastjanstInformation`.
    Hamta,
    /// `testaBastjanstInformation`.
    Testa,
}

impl Operation {
    /// The operation's name (also its request element's local name).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Operation::Hamta => "hamtaBastjanstInformation",
            Operation::Testa => "testaBastjanstInformation",
        }
    }

    fn fault_element(self) -> &'static str {
        match self {
            Operation::Hamta => "ssbt:hamtaBastjanstInformationFault",
            Operation::Testa => "ssbt:testaBastjanstInformationFault",
        }
    }
}

/// The SOAP 1.1 `faultcode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FaultCode {
    /// The envelope is not in the SOAP 1.1 namespace.
    VersionMismatch,
    /// A `mustUnderstand` header was not understood.
    MustUnderstand,
    /// The request is at fault; sending it again unchanged will fail again.
    Client,
    /// The server could not answer; the same request may succeed later.
    Server,
}

impl FaultCode {
    fn qname(self) -> &'static str {
        match self {
            FaultCode::VersionMismatch => "soap:VersionMismatch",
            FaultCode::MustUnderstand => "soap:MustUnderstand",
            FaultCode::Client => "soap:Client",
            FaultCode::Server => "soap:Server",
        }
    }
}

/// A failure of the whole call.
#[derive(Debug, Clone)]
pub(crate) struct Fault {
    pub(crate) code: FaultCode,
    pub(crate) felkod: Felkod,
    /// Swedish messages, at least one; they name fields but never echo values.
    pub(crate) messages: Vec<String>,
    /// Which operation's fault element to use (`hamta` when the operation is unknown).
    pub(crate) operation: Operation,
}

impl Fault {
    /// A client-side fault with one message.
    pub(crate) fn client(felkod: Felkod, message: impl Into<String>) -> Self {
        Self {
            code: FaultCode::Client,
            felkod,
            messages: vec![message.into()],
            operation: Operation::Hamta,
        }
    }

    /// A server-side fault with one message.
    pub(crate) fn server(felkod: Felkod, message: impl Into<String>) -> Self {
        Self {
            code: FaultCode::Server,
            ..Self::client(felkod, message)
        }
    }

    /// The same fault with another SOAP fault code.
    #[must_use]
    pub(crate) fn with_code(mut self, code: FaultCode) -> Self {
        self.code = code;
        self
    }

    /// The same fault for `operation`.
    #[must_use]
    pub(crate) fn for_operation(mut self, operation: Operation) -> Self {
        self.operation = operation;
        self
    }

    /// An internal error while writing an answer.
    pub(crate) fn internal(operation: Operation) -> Self {
        Self::server(Felkod::Internal, "Svaret kunde inte skapas (internt fel).")
            .for_operation(operation)
    }

    /// The fault envelope.
    pub(crate) fn to_xml(&self) -> io::Result<Vec<u8>> {
        let mut w = XmlWriter::new()?;
        w.start("soap:Envelope", &[("xmlns:soap", SOAP_ENV_NS)])?;
        w.start("soap:Body", &[])?;
        w.start("soap:Fault", &[])?;
        w.leaf("faultcode", self.code.qname())?;
        w.leaf("faultstring", &self.messages.join(" "))?;
        w.start("detail", &[])?;
        let element = self.operation.fault_element();
        w.start(element, &[("xmlns:ssbt", SSBT_NS)])?;
        w.leaf("ssbt:felkod", self.felkod.code())?;
        for message in &self.messages {
            w.leaf("ssbt:felmeddelande", message)?;
        }
        if self.messages.is_empty() {
            w.leaf("ssbt:felmeddelande", "Okänt fel.")?;
        }
        w.end(element)?;
        w.end("detail")?;
        w.end("soap:Fault")?;
        w.end("soap:Body")?;
        w.end("soap:Envelope")?;
        Ok(w.finish())
    }
}

impl IntoResponse for Fault {
    fn into_response(self) -> Response {
        tracing::warn!(
            operation = self.operation.name(),
            felkod = self.felkod.code(),
            "SOAP fault"
        );
        let body = self.to_xml().unwrap_or_else(|_| {
            // Writing into memory does not fail; keep a constant fallback all the same.
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>Internt fel.</faultstring></soap:Fault></soap:Body></soap:Envelope>".to_vec()
        });
        let mut response = (StatusCode::INTERNAL_SERVER_ERROR, body).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(TEXT_XML));
        if self.felkod == Felkod::TooLarge || self.felkod == Felkod::ReadTimeout {
            // The rest of the body is not read; the connection cannot be reused.
            response
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        response
    }
}

#[cfg(test)]
mod tests {
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
        let crate_docs = include_str!("lib.rs");
        let readme = include_str!("../../../README.md");
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
        let fault = Fault::client(Felkod::InvalidField, "Fältet 'a' saknas.")
            .for_operation(Operation::Testa);
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
}

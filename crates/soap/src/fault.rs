//! Error codes (felkoder) and SOAP 1.1 faults.
//!
//! A failure of the whole call is a SOAP 1.1 Fault (HTTP 500) whose `detail` holds the
//! operation's `…Fault` element (`BastjanstInformationFault{felkod, felmeddelande+}`); a
//! failure towards one provider is that provider's `error` element in an otherwise normal
//! answer. The felkoder, their `faultcode`s and default messages come from the error
//! catalogue ([`underlag_catalogue`]); the core's errors convert with `From`
//! ([`from_core`]). Every code is listed in the crate documentation and the README; a unit
//! test keeps those tables complete.

mod from_core;

use std::io;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use underlag_catalogue::{Arg, Code, SOAP_FAULT_STATUS};

use crate::contract::{SOAP_ENV_NS, SSBT_NS};
use crate::xml_write::XmlWriter;

pub(crate) use underlag_catalogue::{FaultCode, Felkod};

/// The media type of every SOAP 1.1 message this endpoint sends.
pub(crate) const TEXT_XML: &str = "text/xml; charset=utf-8";

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
    /// A fault of `felkod` with one message; its `faultcode` is the catalogue's
    /// (`soap:Server` for a provider code, which no call site makes a fault of).
    pub(crate) fn new(felkod: Felkod, message: impl Into<String>) -> Self {
        Self {
            code: felkod.faultcode().unwrap_or(FaultCode::Server),
            felkod,
            messages: vec![message.into()],
            operation: Operation::Hamta,
        }
    }

    /// A fault of a felkod the catalogue answers `soap:Client` (or `soap:MustUnderstand`)
    /// with one message: [`Fault::new`], by the name the request reader uses.
    pub(crate) fn client(felkod: Felkod, message: impl Into<String>) -> Self {
        Self::new(felkod, message)
    }

    /// The fault of `code` with the catalogue's Swedish message, its values from `args`.
    /// A code the SOAP door does not have (a REST-only code) becomes `SSBT-011`.
    pub(crate) fn of(code: Code, args: &[Arg<'_>]) -> Self {
        match code.entry().soap {
            Some(soap) => Self::new(
                soap.felkod,
                underlag_catalogue::render(soap.message_sv, args),
            ),
            None => Self::from(Code::InternalError),
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
        Self::from(Code::InternalError).for_operation(operation)
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

impl From<Code> for Fault {
    /// The fault of a code whose message takes no values.
    fn from(code: Code) -> Self {
        Self::of(code, &[])
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
        let status =
            StatusCode::from_u16(SOAP_FAULT_STATUS).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, body).into_response();
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
mod tests;

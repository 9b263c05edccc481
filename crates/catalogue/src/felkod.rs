//! The SSBTEK v10 felkoder (`SSBT-0xx`, `SSBT-1xx`, `SSBT-SKYDD`) and the SOAP 1.1
//! `faultcode`s: each felkod's string and where it is sent, declared once.

use std::fmt;
use std::str::FromStr;

/// The SOAP 1.1 `faultcode` of a fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FaultCode {
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
    /// The qualified name sent in `faultcode` (`soap:Client`, …).
    pub fn qname(self) -> &'static str {
        match self {
            FaultCode::VersionMismatch => "soap:VersionMismatch",
            FaultCode::MustUnderstand => "soap:MustUnderstand",
            FaultCode::Client => "soap:Client",
            FaultCode::Server => "soap:Server",
        }
    }
}

impl fmt::Display for FaultCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.qname())
    }
}

/// Where a felkod is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Placement {
    /// In a SOAP 1.1 Fault (HTTP 500) failing the whole call, with this `faultcode` (a call
    /// site may send a more specific one: `SSBT-002` is `soap:VersionMismatch` for an
    /// envelope outside the SOAP 1.1 namespace).
    Fault(FaultCode),
    /// In one provider's `error` element (`kalla` `SSBT`) of an otherwise normal answer.
    ProviderError,
}

/// The HTTP status of every SOAP 1.1 fault (SOAP 1.1 §6.2).
pub const SOAP_FAULT_STATUS: u16 = 500;

/// A felkod of the SSBTEK v10 door: the failure of a whole call (a fault) or of one
/// provider (its `error`). The string is what `felkod` carries; `"SSBT-006".parse()` gives
/// [`Felkod::TooComplex`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Felkod {
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
    /// The document is over one of the document limits, or took too long to read.
    TooComplex,
    /// A SOAP header marked `mustUnderstand` is not understood.
    HeaderNotUnderstood,
    /// The body did not arrive within the time limit.
    ReadTimeout,
    /// The audit could not be written, so no data may leave.
    AuditUnavailable,
    /// The connection registry could not be read, so the query could not be checked.
    RegistryUnavailable,
    /// The purpose and case binding refused the query (reason and field given).
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
    /// Every felkod, faults first.
    pub const ALL: [Felkod; 19] = [
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

    /// The code as sent in `felkod`, and where it is sent.
    fn declaration(self) -> (&'static str, Placement) {
        use FaultCode::{Client, MustUnderstand, Server};
        use Placement::{Fault, ProviderError};
        match self {
            Felkod::Malformed => ("SSBT-001", Fault(Client)),
            Felkod::NotTheContract => ("SSBT-002", Fault(Client)),
            Felkod::InvalidField => ("SSBT-003", Fault(Client)),
            Felkod::TooLarge => ("SSBT-004", Fault(Client)),
            Felkod::DtdRefused => ("SSBT-005", Fault(Client)),
            Felkod::TooComplex => ("SSBT-006", Fault(Client)),
            Felkod::HeaderNotUnderstood => ("SSBT-007", Fault(MustUnderstand)),
            Felkod::ReadTimeout => ("SSBT-008", Fault(Client)),
            Felkod::AuditUnavailable => ("SSBT-010", Fault(Server)),
            Felkod::Internal => ("SSBT-011", Fault(Server)),
            Felkod::RegistryUnavailable => ("SSBT-012", Fault(Server)),
            Felkod::Refused => ("SSBT-020", Fault(Client)),
            Felkod::ProviderTimeout => ("SSBT-101", ProviderError),
            Felkod::ProviderUnavailable => ("SSBT-102", ProviderError),
            Felkod::ProviderInvalidResponse => ("SSBT-103", ProviderError),
            Felkod::ProviderNotEntitled => ("SSBT-104", ProviderError),
            Felkod::LefiRequestInvalid => ("SSBT-105", ProviderError),
            Felkod::ProviderPayloadUnusable => ("SSBT-106", ProviderError),
            Felkod::ProtectedIdentity => ("SSBT-SKYDD", ProviderError),
        }
    }

    /// The code as sent in `felkod` (`SSBT-006`).
    pub fn code(self) -> &'static str {
        self.declaration().0
    }

    /// Where the code is sent.
    pub fn placement(self) -> Placement {
        self.declaration().1
    }

    /// The `faultcode` of a fault with this felkod; `None` for a provider `error` code.
    pub fn faultcode(self) -> Option<FaultCode> {
        match self.placement() {
            Placement::Fault(code) => Some(code),
            Placement::ProviderError => None,
        }
    }
}

impl fmt::Display for Felkod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A string that is not one of the felkoder (the string itself is not repeated).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownFelkod;

impl fmt::Display for UnknownFelkod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a felkod of the SSBTEK v10 door")
    }
}

impl std::error::Error for UnknownFelkod {}

impl FromStr for Felkod {
    type Err = UnknownFelkod;

    /// Parses a felkod as sent (`SSBT-006`, `SSBT-SKYDD`); exact, case included.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Felkod::ALL
            .into_iter()
            .find(|felkod| felkod.code() == text)
            .ok_or(UnknownFelkod)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_parse_back() {
        let mut codes: Vec<&str> = Felkod::ALL.iter().map(|f| f.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Felkod::ALL.len());
        for felkod in Felkod::ALL {
            assert_eq!(felkod.code().parse::<Felkod>(), Ok(felkod));
            assert_eq!(felkod.to_string(), felkod.code());
        }
    }

    #[test]
    fn a_felkod_is_parsed_exactly() {
        assert_eq!("SSBT-006".parse::<Felkod>(), Ok(Felkod::TooComplex));
        assert_eq!(
            "SSBT-SKYDD".parse::<Felkod>(),
            Ok(Felkod::ProtectedIdentity)
        );
        for text in ["ssbt-006", " SSBT-006", "SSBT-6", "SSBT-009", "", "9071001"] {
            assert_eq!(text.parse::<Felkod>(), Err(UnknownFelkod), "{text:?}");
        }
    }

    #[test]
    fn faults_are_the_ssbt_0xx_codes_and_provider_errors_the_others() {
        for felkod in Felkod::ALL {
            let fault = felkod.code().starts_with("SSBT-0");
            assert_eq!(felkod.faultcode().is_some(), fault, "{felkod}");
        }
        assert_eq!(
            Felkod::AuditUnavailable.faultcode(),
            Some(FaultCode::Server)
        );
        assert_eq!(
            Felkod::HeaderNotUnderstood
                .faultcode()
                .map(FaultCode::qname),
            Some("soap:MustUnderstand")
        );
    }
}

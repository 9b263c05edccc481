//! Underlag's error catalogue: every error code once, with what each door sends for it.
//!
//! After meilisearch's `Code` (one enum, one table, every error type mapping to a code): a
//! [`Code`] names one error, and its [`Entry`] says
//!
//! - its stable [`name`](Code::name) (`payload-too-large`, `refused-case_closed`);
//! - for REST, the HTTP status and the problem type URN (`urn:underlag:problem:…`);
//! - for the SSBTEK v10 SOAP door, the [`Felkod`] (`SSBT-004`), which fixes the `faultcode`
//!   (or that it is a provider's `error`), and the default Swedish message;
//! - a short Swedish title and an English detail template.
//!
//! The REST door (`underlag-api`) turns a code into a problem document and the SOAP door
//! (`underlag-soap`) into a fault, each with `From` impls; neither spells a status, URN,
//! felkod or text of its own. The README's felkod table and the OpenAPI document's problem
//! types are checked against this catalogue (`tests/it/documentation.rs`).
//!
//! The registry's refusal reasons (`underlag_registry::policy::Reason`) are codes here by
//! their stable reason code ([`Code::for_refusal_reason`]); the registry depends on this
//! crate and maps each reason to its code, so a refusal's Swedish texts live only here, and
//! this crate depends on none of Underlag's.
//!
//! **Architecture invariant:** no IO, no dependencies; texts never hold an input value (a
//! template names the field, not what was sent).

mod codes;
mod felkod;
mod template;

use std::fmt;
use std::str::FromStr;

pub use codes::Code;
pub use felkod::{FaultCode, Felkod, Placement, SOAP_FAULT_STATUS, UnknownFelkod};
pub use template::{Arg, placeholders, render};

/// The prefix of every REST problem type.
pub const PROBLEM_TYPE_PREFIX: &str = "urn:underlag:problem:";

/// The prefix of the name (and the problem type's last part) of every refusal code.
pub const REFUSED_PREFIX: &str = "refused-";

/// What the REST door sends for a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rest {
    /// The HTTP status.
    pub status: u16,
    /// The problem type URN (`urn:underlag:problem:<name>`).
    pub problem_type: &'static str,
}

/// What the SOAP door sends for a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Soap {
    /// The felkod (and through it the `faultcode`, or a provider `error`).
    pub felkod: Felkod,
    /// The Swedish message when the call site has none more specific (a template).
    pub message_sv: &'static str,
}

/// One code's catalogue entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// The stable name; for a REST code, the last part of its problem type.
    pub name: &'static str,
    /// The REST problem, when the REST door has this error.
    pub rest: Option<Rest>,
    /// The SOAP felkod, when the SOAP door has this error.
    pub soap: Option<Soap>,
    /// A short Swedish title for people (the problem document's `title`).
    pub title_sv: &'static str,
    /// The English detail (a template; `<field>: <message>` names the field at fault).
    pub detail_en: &'static str,
}

impl Code {
    /// The stable name (`payload-too-large`).
    pub fn name(self) -> &'static str {
        self.entry().name
    }

    /// The REST HTTP status, when the REST door has this error.
    pub fn status(self) -> Option<u16> {
        self.entry().rest.map(|r| r.status)
    }

    /// The REST problem type URN, when the REST door has this error.
    pub fn problem_type(self) -> Option<&'static str> {
        self.entry().rest.map(|r| r.problem_type)
    }

    /// The SOAP felkod, when the SOAP door has this error.
    pub fn felkod(self) -> Option<Felkod> {
        self.entry().soap.map(|s| s.felkod)
    }

    /// The SOAP `faultcode`, when the SOAP door answers this error with a fault.
    pub fn faultcode(self) -> Option<FaultCode> {
        self.felkod().and_then(Felkod::faultcode)
    }

    /// The short Swedish title.
    pub fn title_sv(self) -> &'static str {
        self.entry().title_sv
    }

    /// The English detail template.
    pub fn detail_en(self) -> &'static str {
        self.entry().detail_en
    }

    /// The default Swedish SOAP message template, when the SOAP door has this error.
    pub fn message_sv(self) -> Option<&'static str> {
        self.entry().soap.map(|s| s.message_sv)
    }

    /// The English detail with `args` filled in.
    pub fn detail(self, args: &[Arg<'_>]) -> String {
        render(self.detail_en(), args)
    }

    /// The field a detail template names and the template of its message: `body` and
    /// `exceeds the limit of {limit} bytes`, or `{field}` and `{message}`. `None` when the
    /// detail is about the whole request.
    pub fn field_template(self) -> Option<(&'static str, &'static str)> {
        let (field, message) = self.detail_en().split_once(": ")?;
        let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']');
        (field == "{field}" || field.chars().all(plain)).then_some((field, message))
    }

    /// The field at fault and the message about it, with `args` filled in; `None` when the
    /// detail is about the whole request.
    pub fn field_error(self, args: &[Arg<'_>]) -> Option<(String, String)> {
        let (field, message) = self.field_template()?;
        Some((render(field, args), render(message, args)))
    }

    /// The code whose REST problem type is `problem_type`.
    pub fn for_problem_type(problem_type: &str) -> Option<Code> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.problem_type() == Some(problem_type))
    }

    /// The refusal code of the registry's stable reason code (`organisation_unknown`).
    pub fn for_refusal_reason(reason: &str) -> Option<Code> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.refusal_reason() == Some(reason))
    }

    /// The registry's reason code, when this is a refusal by the purpose and case binding.
    pub fn refusal_reason(self) -> Option<&'static str> {
        self.name().strip_prefix(REFUSED_PREFIX)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is not one of the catalogue's codes (the name itself is not repeated).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownCode;

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a code of the error catalogue")
    }
}

impl std::error::Error for UnknownCode {}

impl FromStr for Code {
    type Err = UnknownCode;

    /// Parses a code's stable name (`payload-too-large`).
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.name() == name)
            .ok_or(UnknownCode)
    }
}

#[cfg(test)]
mod tests;

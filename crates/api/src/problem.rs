//! RFC 9457 problem details (`application/problem+json`): every API error names what was
//! wrong and, for bad input, which field. Type, status, title and detail come from the error
//! catalogue ([`underlag_catalogue::Code`]); the core's errors convert with `From`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use underlag_catalogue::{Arg, Code, PROBLEM_TYPE_PREFIX, REFUSED_PREFIX};
use underlag_service::registry::Refusal;
use underlag_service::{CaseError, QueryError};

/// The media type of problem documents.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// One invalid field.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    /// The field's JSON path, e.g. `period.from` or `sources[2]`.
    pub field: String,
    /// What is wrong with it (no personal data).
    pub message: String,
}

/// The field errors of one request, collected while it is validated so that all are reported
/// at once.
#[derive(Debug, Default)]
pub(crate) struct FieldErrors(pub(crate) Vec<FieldError>);

impl FieldErrors {
    /// Records that `field` is invalid; `message` never holds the input value.
    pub(crate) fn push(&mut self, field: impl Into<String>, message: impl std::fmt::Display) {
        self.0.push(FieldError {
            field: field.into(),
            message: message.to_string(),
        });
    }

    /// Whether every field so far was valid.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A required free text (no control or bidirectional formatting characters, at most
    /// [`MAX_FREE_TEXT_CHARS`](underlag_domain::free_text::MAX_FREE_TEXT_CHARS) characters),
    /// trimmed; empty when invalid.
    pub(crate) fn required_text(&mut self, field: &str, value: &str) -> String {
        use underlag_domain::free_text::{MAX_FREE_TEXT_CHARS, parse_free_text};
        match parse_free_text(value, MAX_FREE_TEXT_CHARS) {
            Ok(text) => text.to_owned(),
            Err(e) => {
                self.push(field, e);
                String::new()
            }
        }
    }
}

/// A problem document.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Problem {
    /// A URI naming the problem type (`urn:underlag:problem:…`).
    #[serde(rename = "type")]
    pub kind: String,
    /// Short Swedish title for people.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// What happened, in English, without personal data.
    pub detail: String,
    /// The first invalid field, for clients that show one message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Every invalid field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

impl Problem {
    /// The problem of `code`, its detail filled from `args`; a code whose detail names a
    /// field (`body: …`, `{field}: …`) also gets `field` and `errors`. A code the REST door
    /// does not have (a SOAP-only code) becomes a 500 named after it; no handler sends one.
    pub fn of(code: Code, args: &[Arg<'_>]) -> Self {
        if let Some((field, message)) = code.field_error(args) {
            return Self::with_errors(code, vec![FieldError { field, message }]);
        }
        Self::plain(code, code.detail(args))
    }

    /// A problem of `code` about every one of `errors`: the detail is each `field: message`,
    /// joined with `; `.
    fn with_errors(code: Code, errors: Vec<FieldError>) -> Self {
        let detail = errors
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect::<Vec<_>>()
            .join("; ");
        Self {
            field: errors.first().map(|e| e.field.clone()),
            errors,
            ..Self::plain(code, detail)
        }
    }

    /// A problem of `code` about the whole request.
    fn plain(code: Code, detail: String) -> Self {
        let (status, kind) = match code.entry().rest {
            Some(rest) => (rest.status, rest.problem_type.to_owned()),
            None => (500, format!("{PROBLEM_TYPE_PREFIX}{}", code.name())),
        };
        Self {
            kind,
            title: code.title_sv().to_owned(),
            status,
            detail,
            field: None,
            errors: vec![],
        }
    }

    /// 400: the request had invalid fields.
    pub fn invalid(errors: Vec<FieldError>) -> Self {
        Self::with_errors(Code::InvalidRequest, errors)
    }

    /// 400 for a single field.
    pub fn invalid_field(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::invalid(vec![FieldError {
            field: field.into(),
            message: message.into(),
        }])
    }

    /// 415: the body is not JSON.
    pub fn unsupported_media_type() -> Self {
        Code::UnsupportedMediaType.into()
    }

    /// 413: the body is larger than the configured limit.
    pub fn payload_too_large(limit: usize) -> Self {
        Self::of(Code::PayloadTooLarge, &[("limit", &limit)])
    }

    /// 408: the request body did not arrive within the time allowed.
    pub fn request_timeout(timeout: std::time::Duration) -> Self {
        Self::of(
            Code::RequestTimeout,
            &[("timeout_ms", &timeout.as_millis())],
        )
    }

    /// 400: the request body could not be read (broken framing or an aborted upload).
    pub fn unreadable_body() -> Self {
        Self::invalid_field("body", "could not be read")
    }

    /// 504: the request was not answered within the gateway's request timeout.
    pub fn gateway_timeout() -> Self {
        Code::GatewayTimeout.into()
    }

    /// 405: the path exists but not with this method.
    pub fn method_not_allowed() -> Self {
        Code::MethodNotAllowed.into()
    }

    /// 503: the audit could not be written, so no data was released.
    pub fn audit_unavailable() -> Self {
        Code::AuditUnavailable.into()
    }

    /// 403: the purpose and case binding refused the request (audited, no source called).
    /// The type is `urn:underlag:problem:refused-<reason code>`, the title the catalogue's;
    /// `title` is used only for a reason the catalogue does not know (its tests forbid one).
    pub fn refused(
        reason: &str,
        title: &str,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        let errors = vec![FieldError {
            field: field.into(),
            message: message.into(),
        }];
        match Code::for_refusal_reason(reason) {
            Some(code) => Self::with_errors(code, errors),
            None => Self {
                kind: format!("{PROBLEM_TYPE_PREFIX}{REFUSED_PREFIX}{reason}"),
                title: title.to_owned(),
                ..Self::with_errors(Code::RefusedOrganisationUnknown, errors)
            },
        }
    }

    /// 503: the connection registry could not be read, so nothing was checked or released.
    pub fn registry_unavailable() -> Self {
        Code::RegistryUnavailable.into()
    }

    /// 404: no case with this id is registered for the organisation.
    pub fn case_not_found() -> Self {
        Code::CaseNotFound.into()
    }

    /// 404: no such resource.
    pub fn not_found() -> Self {
        Code::NotFound.into()
    }
}

impl From<Code> for Problem {
    /// The problem of a code whose detail takes no values.
    fn from(code: Code) -> Self {
        Self::of(code, &[])
    }
}

impl From<&Refusal> for Problem {
    fn from(refusal: &Refusal) -> Self {
        Self::refused(
            refusal.reason.code(),
            refusal.reason.title_sv(),
            &refusal.field,
            &refusal.message,
        )
    }
}

impl From<QueryError> for Problem {
    /// The problem for a query the core did not answer; a failure of the audit or the
    /// registry is logged here (without personal data), a refusal was audited by the core.
    fn from(error: QueryError) -> Self {
        match error {
            QueryError::AuditFailed(e) => {
                tracing::error!(error = %e, "audit write failed; answer refused");
                Code::AuditUnavailable.into()
            }
            QueryError::Refused {
                reason,
                field,
                message,
            } => Self::refused(reason.code(), reason.title_sv(), field, message),
            QueryError::RegistryUnavailable(_) => Code::RegistryUnavailable.into(),
        }
    }
}

impl From<CaseError> for Problem {
    /// The problem for a case request the core refused or could not carry out.
    fn from(error: CaseError) -> Self {
        match error {
            CaseError::Refused(refusal) => Self::from(&refusal),
            CaseError::NotFound => Code::CaseNotFound.into(),
            CaseError::RegistryUnavailable(e) => {
                tracing::error!(error = %e, "registry unavailable; case request refused");
                Code::RegistryUnavailable.into()
            }
            CaseError::AuditFailed(e) => {
                tracing::error!(error = %e, "audit write failed; case request refused");
                Code::AuditUnavailable.into()
            }
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, axum::Json(&self)).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        response
    }
}

#[cfg(test)]
mod tests;

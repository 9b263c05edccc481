//! RFC 9457 problem details (`application/problem+json`): every API error names what was
//! wrong and, for bad input, which field.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

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
    /// 400: the request had invalid fields.
    pub fn invalid(errors: Vec<FieldError>) -> Self {
        let detail = errors
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect::<Vec<_>>()
            .join("; ");
        Self {
            kind: "urn:underlag:problem:invalid-request".into(),
            title: "Ogiltig fråga".into(),
            status: 400,
            detail,
            field: errors.first().map(|e| e.field.clone()),
            errors,
        }
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
        Self {
            kind: "urn:underlag:problem:unsupported-media-type".into(),
            title: "Fel innehållstyp".into(),
            status: 415,
            detail: "the request body must be application/json".into(),
            field: None,
            errors: vec![],
        }
    }

    /// 413: the body is larger than the configured limit.
    pub fn payload_too_large(limit: usize) -> Self {
        Self {
            kind: "urn:underlag:problem:payload-too-large".into(),
            title: "För stor fråga".into(),
            status: 413,
            detail: format!("body: exceeds the limit of {limit} bytes"),
            field: Some("body".into()),
            errors: vec![FieldError {
                field: "body".into(),
                message: format!("exceeds the limit of {limit} bytes"),
            }],
        }
    }

    /// 408: the request body did not arrive within the time allowed.
    pub fn request_timeout(timeout: std::time::Duration) -> Self {
        let message = format!(
            "was not received within {} ms; send the whole body at once",
            timeout.as_millis()
        );
        Self {
            kind: "urn:underlag:problem:request-timeout".into(),
            title: "Frågan kom inte fram i tid".into(),
            status: 408,
            detail: format!("body: {message}"),
            field: Some("body".into()),
            errors: vec![FieldError {
                field: "body".into(),
                message,
            }],
        }
    }

    /// 400: the request body could not be read (broken framing or an aborted upload).
    pub fn unreadable_body() -> Self {
        Self::invalid_field("body", "could not be read")
    }

    /// 504: the request was not answered within the gateway's request timeout.
    pub fn gateway_timeout() -> Self {
        Self {
            kind: "urn:underlag:problem:gateway-timeout".into(),
            title: "Svaret dröjde för länge".into(),
            status: 504,
            detail: "the request was not answered within the gateway's time limit".into(),
            field: None,
            errors: vec![],
        }
    }

    /// 405: the path exists but not with this method.
    pub fn method_not_allowed() -> Self {
        Self {
            kind: "urn:underlag:problem:method-not-allowed".into(),
            title: "Metoden stöds inte".into(),
            status: 405,
            detail: "this path does not support the request method".into(),
            field: None,
            errors: vec![],
        }
    }

    /// 503: the audit could not be written, so no data was released.
    pub fn audit_unavailable() -> Self {
        Self {
            kind: "urn:underlag:problem:audit-unavailable".into(),
            title: "Loggning otillgänglig".into(),
            status: 503,
            detail: "the audit store could not record the query, so no data was released".into(),
            field: None,
            errors: vec![],
        }
    }

    /// 403: the purpose and case binding refused the request (audited, no source called).
    /// The type is `urn:underlag:problem:refused-<reason code>`.
    pub fn refused(
        reason: &str,
        title: &str,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        let field = field.into();
        let message = message.into();
        Self {
            kind: format!("urn:underlag:problem:refused-{reason}"),
            title: title.into(),
            status: 403,
            detail: format!("{field}: {message}"),
            field: Some(field.clone()),
            errors: vec![FieldError { field, message }],
        }
    }

    /// 503: the connection registry could not be read, so nothing was checked or released.
    pub fn registry_unavailable() -> Self {
        Self {
            kind: "urn:underlag:problem:registry-unavailable".into(),
            title: "Anslutningsregistret otillgängligt".into(),
            status: 503,
            detail: "the connection registry could not be read, so the request was not carried out"
                .into(),
            field: None,
            errors: vec![],
        }
    }

    /// 404: no case with this id is registered for the organisation.
    pub fn case_not_found() -> Self {
        Self {
            kind: "urn:underlag:problem:case-not-found".into(),
            title: "Ärendet finns inte".into(),
            status: 404,
            detail: "case_id: no case with this id is registered for the organisation".into(),
            field: Some("case_id".into()),
            errors: vec![FieldError {
                field: "case_id".into(),
                message: "no case with this id is registered for the organisation".into(),
            }],
        }
    }

    /// 404: no such resource.
    pub fn not_found() -> Self {
        Self {
            kind: "urn:underlag:problem:not-found".into(),
            title: "Finns inte".into(),
            status: 404,
            detail: "no such resource".into(),
            field: None,
            errors: vec![],
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

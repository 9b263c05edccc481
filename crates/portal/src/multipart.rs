//! A `multipart/form-data` body (an upload form), read whole under a size limit and split
//! into its parts: the field name, the file name and media type a file part declares, and
//! the bytes. Only what an upload form of this portal sends is understood; anything else is
//! refused as a bad request.

use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;

use crate::errors::PortalError;
use underlag_applicant::MAX_ATTACHMENT_BYTES;

/// The largest upload body accepted: one attachment and the form's other fields.
pub const MAX_UPLOAD_BODY_BYTES: usize = MAX_ATTACHMENT_BYTES + 64 * 1024;

// Debug names the type only: a part's contents are personal data.
impl std::fmt::Debug for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Part")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// One part of the body.
#[derive(Clone, PartialEq, Eq)]
pub struct Part {
    /// The form field's name.
    pub name: String,
    /// The file name a file part declares.
    pub file_name: Option<String>,
    /// The media type a part declares.
    pub content_type: Option<String>,
    /// The contents.
    pub data: Vec<u8>,
}

/// The parts of a submitted upload form.
#[derive(Debug, Clone, Default)]
pub struct MultipartForm(pub Vec<Part>);

impl MultipartForm {
    /// The first part named `name`.
    pub fn part(&self, name: &str) -> Option<&Part> {
        self.0.iter().find(|p| p.name == name)
    }

    /// The first text field named `name`.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.part(name)
            .filter(|p| p.file_name.is_none())
            .and_then(|p| std::str::from_utf8(&p.data).ok())
    }
}

/// Why a body is not a multipart form we understand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MultipartError {
    /// No `multipart/form-data` type with a boundary.
    #[error("not multipart/form-data with a boundary")]
    NotMultipart,
    /// The body does not follow the format.
    #[error("malformed multipart body")]
    Malformed,
}

/// The boundary of a `multipart/form-data` media type.
pub fn boundary(content_type: &str) -> Result<String, MultipartError> {
    let mut params = content_type.split(';');
    let essence = params.next().unwrap_or("").trim();
    if !essence.eq_ignore_ascii_case("multipart/form-data") {
        return Err(MultipartError::NotMultipart);
    }
    params
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("boundary"))
        .map(|(_, v)| v.trim().trim_matches('"').to_owned())
        .filter(|b| !b.is_empty() && b.len() <= 70)
        .ok_or(MultipartError::NotMultipart)
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || from > haystack.len() {
        return None;
    }
    haystack[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// A parameter of a `Content-Disposition` header (`name="…"`, `filename="…"`).
fn disposition_param(header: &str, param: &str) -> Option<String> {
    header
        .split(';')
        .skip(1)
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case(param))
        .map(|(_, v)| {
            let v = v.trim();
            v.strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(v)
                .replace("\\\"", "\"")
        })
}

/// Splits `body` on `boundary` into its parts.
pub fn parse(body: &[u8], boundary: &str) -> Result<Vec<Part>, MultipartError> {
    let delimiter = format!("--{boundary}");
    let delimiter = delimiter.as_bytes();
    let mut at = find(body, delimiter, 0).ok_or(MultipartError::Malformed)? + delimiter.len();
    let mut parts = Vec::new();
    loop {
        if body[at..].starts_with(b"--") {
            return Ok(parts);
        }
        if !body[at..].starts_with(b"\r\n") {
            return Err(MultipartError::Malformed);
        }
        at += 2;
        let headers_end = find(body, b"\r\n\r\n", at).ok_or(MultipartError::Malformed)?;
        let headers =
            std::str::from_utf8(&body[at..headers_end]).map_err(|_| MultipartError::Malformed)?;
        let data_start = headers_end + 4;
        let mut closing = b"\r\n".to_vec();
        closing.extend_from_slice(delimiter);
        let data_end = find(body, &closing, data_start).ok_or(MultipartError::Malformed)?;
        let mut name = None;
        let mut file_name = None;
        let mut content_type = None;
        for line in headers.split("\r\n") {
            let Some((key, value)) = line.split_once(':') else {
                return Err(MultipartError::Malformed);
            };
            let key = key.trim();
            if key.eq_ignore_ascii_case("content-disposition") {
                name = disposition_param(value, "name");
                file_name = disposition_param(value, "filename");
            } else if key.eq_ignore_ascii_case("content-type") {
                content_type = Some(value.trim().to_owned());
            }
        }
        parts.push(Part {
            name: name.ok_or(MultipartError::Malformed)?,
            file_name,
            content_type,
            data: body[data_start..data_end].to_vec(),
        });
        at = data_end + closing.len();
        if parts.len() > 32 {
            return Err(MultipartError::Malformed);
        }
    }
}

impl<S: Send + Sync> FromRequest<S> for MultipartForm {
    type Rejection = PortalError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let content_type = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let boundary = boundary(&content_type)
            .map_err(|_| PortalError::BadRequest("Formuläret kunde inte läsas."))?;
        let body = axum::body::to_bytes(req.into_body(), MAX_UPLOAD_BODY_BYTES)
            .await
            .map_err(|_| {
                PortalError::BadRequest("Filen är för stor. En bilaga får vara högst 5 MB.")
            })?;
        parse(&body, &boundary)
            .map(MultipartForm)
            .map_err(|_| PortalError::BadRequest("Formuläret kunde inte läsas."))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_and_a_field_are_read() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nabc\r\n\
--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"k o.pdf\"\r\n\
Content-Type: application/pdf\r\n\r\n%PDF-1\r\n\r\nx\r\n--XyZ--\r\n";
        let b = boundary("multipart/form-data; boundary=XyZ").unwrap();
        let parts = parse(body, &b).unwrap();
        let form = MultipartForm(parts);
        assert_eq!(form.text("csrf_token"), Some("abc"));
        let file = form.part("file").unwrap();
        assert_eq!(file.file_name.as_deref(), Some("k o.pdf"));
        assert_eq!(file.content_type.as_deref(), Some("application/pdf"));
        assert_eq!(file.data, b"%PDF-1\r\n\r\nx");
    }

    #[test]
    fn malformed_bodies_are_refused() {
        assert_eq!(boundary("text/plain"), Err(MultipartError::NotMultipart));
        assert_eq!(
            boundary("multipart/form-data"),
            Err(MultipartError::NotMultipart)
        );
        assert!(parse(b"--b\r\nno headers end", "b").is_err());
        assert!(parse(b"nothing", "b").is_err());
        assert!(
            parse(b"--b\r\nX: y\r\n\r\ndata\r\n--b--", "b").is_err(),
            "no name"
        );
    }
}

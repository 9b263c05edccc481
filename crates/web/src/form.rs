//! A submitted form (`application/x-www-form-urlencoded`), read from the body with repeated
//! fields kept (checkboxes), under a size limit.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};

use crate::errors::PageError;

/// The largest form body accepted.
const MAX_FORM_BYTES: usize = 64 * 1024;

/// The fields of a submitted form, in order.
#[derive(Debug, Clone, Default)]
pub struct FormData(Vec<(String, String)>);

impl FormData {
    /// Parses an urlencoded body.
    pub fn parse(body: &[u8]) -> Self {
        Self(
            form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first value of `name`, trimmed, or "" when absent.
    pub fn text(&self, name: &str) -> String {
        self.get(name).unwrap_or("").trim().to_owned()
    }

    /// Every value of `name`.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

impl<S: Send + Sync> FromRequest<S> for FormData {
    type Rejection = PageError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|_| PageError::BadRequest("Formuläret kunde inte läsas."))?;
        if bytes.len() > MAX_FORM_BYTES {
            return Err(PageError::BadRequest("Formuläret är för stort."));
        }
        Ok(Self::parse(&bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_fields_are_kept() {
        let f = FormData::parse(b"sources=fk&sources=af&case_id=+EB-1+&x=%C3%A5");
        assert_eq!(f.all("sources"), ["fk", "af"]);
        assert_eq!(f.text("case_id"), "EB-1");
        assert_eq!(f.get("x"), Some("å"));
        assert_eq!(f.get("missing"), None);
    }
}

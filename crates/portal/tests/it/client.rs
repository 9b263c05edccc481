//! A browser-like HTTP client for the portal's tests: a cookie jar, no redirects followed,
//! and helpers that sign in with the demo sign-in, submit forms with the page's CSRF token
//! and upload a file as `multipart/form-data`.

use std::sync::Arc;

use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, LOCATION};
use reqwest::redirect::Policy;

use crate::app::App;

/// A browser.
pub(crate) struct Browser {
    client: reqwest::Client,
    base: String,
}

/// A fetched page.
#[derive(Debug)]
pub(crate) struct Fetched {
    pub(crate) status: StatusCode,
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) body: String,
}

impl Fetched {
    /// The `Location` header.
    pub(crate) fn location(&self) -> &str {
        self.headers
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The value of the first `name="csrf_token"` field of the page.
    pub(crate) fn csrf(&self) -> String {
        attr_after(&self.body, "name=\"csrf_token\" value=\"").expect("the page has a CSRF token")
    }

    /// A header's value.
    pub(crate) fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

/// The text after `marker` up to the next `"` or `<`.
pub(crate) fn attr_after(text: &str, marker: &str) -> Option<String> {
    let start = text.find(marker)? + marker.len();
    let end = text[start..].find(['"', '<'])? + start;
    Some(text[start..end].to_owned())
}

impl Browser {
    /// A browser with an empty cookie jar.
    pub(crate) fn new(app: &App) -> Self {
        let client = reqwest::Client::builder()
            .cookie_provider(Arc::new(reqwest::cookie::Jar::default()))
            .redirect(Policy::none())
            .build()
            .unwrap();
        Self {
            client,
            base: app.base.clone(),
        }
    }

    async fn fetched(response: reqwest::Response) -> Fetched {
        Fetched {
            status: response.status(),
            headers: response.headers().clone(),
            body: response.text().await.unwrap(),
        }
    }

    /// GET `path` (under the gateway, e.g. `/mina-sidor/`).
    pub(crate) async fn get(&self, path: &str) -> Fetched {
        Self::fetched(
            self.client
                .get(format!("{}{path}", self.base))
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    /// POST an urlencoded form to `path`.
    pub(crate) async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Fetched {
        Self::fetched(
            self.client
                .post(format!("{}{path}", self.base))
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(
                    form_urlencoded::Serializer::new(String::new())
                        .extend_pairs(fields)
                        .finish(),
                )
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    /// POST a multipart form with the CSRF token and one file field `fil` to `path`.
    pub(crate) async fn upload(
        &self,
        path: &str,
        csrf: &str,
        file_name: &str,
        content_type: &str,
        content: &[u8],
    ) -> Fetched {
        let boundary = "----portaltestboundary7MA4YWxk";
        let mut body = Vec::new();
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{csrf}\r\n\
                 --{boundary}\r\nContent-Disposition: form-data; name=\"fil\"; filename=\"{file_name}\"\r\n\
                 Content-Type: {content_type}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(content);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        Self::fetched(
            self.client
                .post(format!("{}{path}", self.base))
                .header(
                    CONTENT_TYPE,
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .body(body)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    /// Signs in through the portal's demo sign-in as `personnummer`.
    pub(crate) async fn sign_in(&self, personnummer: &str) {
        let page = self.get("/mina-sidor/logga-in").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let done = self
            .post(
                "/mina-sidor/logga-in/demo",
                &[("csrf_token", &page.csrf()), ("person", personnummer)],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        assert_eq!(done.location(), "/mina-sidor/");
    }

    /// The CSRF token of the signed-in session (from the start page).
    pub(crate) async fn csrf(&self) -> String {
        self.get("/mina-sidor/").await.csrf()
    }
}

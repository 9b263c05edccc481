//! The HTTP client every adapter uses: one `reqwest::Client` per agency, a bounded body read,
//! transport-failure classification, and tracing that carries no personal data.

use std::sync::Arc;

use tokio::sync::Semaphore;
use tokio::time::Instant;

use reqwest::header::CONTENT_TYPE;
use underlag_domain::{RawPayload, SourceId};
use underlag_service::FetchError;

use crate::charset;
use crate::endpoint::{AgencyEndpoint, EndpointError};

/// The largest body read from an agency; anything longer is an invalid answer.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// A client bound to one agency's base URL.
#[derive(Debug, Clone)]
pub(crate) struct AgencyClient {
    source: SourceId,
    client: reqwest::Client,
    base: String,
    /// One permit per call in progress: caps the connections to this agency.
    permits: Arc<Semaphore>,
}

/// What the agency sent back, read in full (up to [`MAX_BODY_BYTES`]).
#[derive(Debug, Clone)]
pub(crate) struct Reply {
    /// The HTTP status.
    pub(crate) status: u16,
    /// The `Content-Type` header, if any.
    pub(crate) content_type: Option<String>,
    /// The body (truncated at the limit when `too_large`).
    pub(crate) body: Vec<u8>,
    /// The body was longer than [`MAX_BODY_BYTES`].
    pub(crate) too_large: bool,
}

impl Reply {
    /// Whether the status is 2xx.
    pub(crate) fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The body as kept for traceability: decoded per its charset, lossily.
    pub(crate) fn raw(&self) -> RawPayload {
        RawPayload {
            content_type: self.content_type.clone().unwrap_or_default(),
            body: charset::decode_lossy(&self.body, self.content_type.as_deref()),
        }
    }

    /// The failure a non-success status stands for: 5xx is worth retrying, anything else
    /// (4xx, an unexpected redirect or informational status) is not.
    pub(crate) fn status_failure(&self) -> FetchError {
        if self.status >= 500 {
            FetchError::Unavailable(format!("HTTP {}", self.status))
        } else {
            FetchError::Rejected(format!("HTTP {}", self.status))
        }
    }
}

impl AgencyClient {
    /// Builds the client. No overall timeout: the orchestrator imposes deadlines. Redirects
    /// are not followed and no proxy is used.
    pub(crate) fn new(source: SourceId, endpoint: &AgencyEndpoint) -> Result<Self, EndpointError> {
        let url = reqwest::Url::parse(endpoint.base_url.trim()).map_err(|e| {
            EndpointError::InvalidUrl {
                agency: source,
                reason: e.to_string(),
            }
        })?;
        if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
            return Err(EndpointError::InvalidUrl {
                agency: source,
                reason: "the base URL must be an http or https URL".to_owned(),
            });
        }
        let mut builder = reqwest::Client::builder();
        if let Some(tls) = &endpoint.tls {
            builder = builder.tls_backend_preconfigured(rustls::ClientConfig::clone(&tls.0));
        }
        let max_connections = endpoint.max_connections.max(1);
        let client = builder
            .connect_timeout(endpoint.connect_timeout)
            .pool_max_idle_per_host(max_connections)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .build()
            .map_err(|e| EndpointError::Client {
                agency: source,
                reason: e.to_string(),
            })?;
        let base = url.as_str().trim_end_matches('/').to_owned();
        Ok(Self {
            source,
            client,
            base,
            permits: Arc::new(Semaphore::new(max_connections)),
        })
    }

    /// POSTs a body to `path` (which starts with `/`).
    pub(crate) async fn post(
        &self,
        operation: &'static str,
        path: &str,
        content_type: &str,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> Result<Reply, FetchError> {
        let mut request = self
            .client
            .post(format!("{}{path}", self.base))
            .header(CONTENT_TYPE, content_type)
            .body(body);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(operation, request).await
    }

    /// GETs `path` (which starts with `/`).
    pub(crate) async fn get(
        &self,
        operation: &'static str,
        path: &str,
    ) -> Result<Reply, FetchError> {
        self.send(operation, self.client.get(format!("{}{path}", self.base)))
            .await
    }

    /// Calls a ping route: `Ok(true)` on 2xx.
    pub(crate) async fn ping(&self, path: &str) -> Result<bool, FetchError> {
        let reply = self.get("ping", path).await?;
        if reply.is_success() {
            Ok(true)
        } else {
            Err(reply.status_failure())
        }
    }

    async fn send(
        &self,
        operation: &'static str,
        request: reqwest::RequestBuilder,
    ) -> Result<Reply, FetchError> {
        let started = Instant::now();
        let agency = self.source.code();
        let result = async {
            // Held until the body is read: the connection is back in the pool by then. The
            // semaphore is never closed; a closed one would refuse as a transport failure.
            let _permit = self.permits.acquire().await.map_err(|_| {
                FetchError::Unavailable("the connection limit is closed".to_owned())
            })?;
            let mut response = request.send().await.map_err(|e| transport_failure(&e))?;
            let status = response.status().as_u16();
            let content_type = response
                .headers()
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let mut body = Vec::new();
            let mut too_large = false;
            while let Some(chunk) = response.chunk().await.map_err(|e| transport_failure(&e))? {
                let room = MAX_BODY_BYTES - body.len();
                if chunk.len() > room {
                    body.extend_from_slice(&chunk[..room]);
                    too_large = true;
                    break;
                }
                body.extend_from_slice(&chunk);
            }
            Ok(Reply {
                status,
                content_type,
                body,
                too_large,
            })
        }
        .await;
        let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        match &result {
            Ok(reply) => tracing::debug!(
                agency,
                operation,
                status = reply.status,
                latency_ms,
                bytes = reply.body.len(),
                too_large = reply.too_large,
                "agency call"
            ),
            Err(failure) => {
                tracing::warn!(agency, operation, latency_ms, %failure, "agency call failed")
            }
        }
        result
    }
}

/// Classifies a reqwest error. The text never includes the URL (or anything else from the
/// request).
fn transport_failure(error: &reqwest::Error) -> FetchError {
    if error.is_builder() {
        return FetchError::Rejected("the request could not be built".to_owned());
    }
    let what = if error.is_connect() {
        "connection failed"
    } else if error.is_timeout() {
        "timed out"
    } else if error.is_body() || error.is_decode() {
        "connection lost while reading the answer"
    } else {
        "connection reset or request failed"
    };
    FetchError::Unavailable(what.to_owned())
}

/// Percent-encodes one URL path segment (everything but RFC 3986 unreserved characters).
pub(crate) fn path_segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_are_encoded() {
        assert_eq!(path_segment("9255f428-4ba0"), "9255f428-4ba0");
        assert_eq!(path_segment("a/b c?ö"), "a%2Fb%20c%3F%C3%B6");
    }

    #[test]
    fn statuses_are_classified() {
        let reply = |status| Reply {
            status,
            content_type: None,
            body: vec![],
            too_large: false,
        };
        assert!(reply(503).status_failure().is_retryable());
        assert!(!reply(404).status_failure().is_retryable());
        assert!(!reply(302).status_failure().is_retryable());
        assert!(reply(204).is_success());
    }
}

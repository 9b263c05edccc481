//! What a door answered ([`Reply`]), and the requests tests send ([`Doorway`]): the same
//! endpoint helpers over the running gateway ([`crate::TestApp`], over HTTP) and over the
//! in-process doors ([`crate::Doors`]).

use std::future::Future;

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use serde_json::Value;

/// One answer, read whole.
#[derive(Debug, Clone)]
pub struct Reply {
    /// The HTTP status.
    pub status: StatusCode,
    /// The `content-type` header (empty when there is none).
    pub content_type: String,
    /// The body as sent.
    pub bytes: Vec<u8>,
    /// The body as text (lossy UTF-8).
    pub text: String,
    /// The body as JSON (it must parse when its media type is JSON), or `Null` when it is
    /// not JSON.
    pub body: Value,
}

impl Reply {
    /// Reads an answer; a body declared as JSON (`…json` media type) must parse.
    pub(crate) fn new(status: StatusCode, headers: &HeaderMap, bytes: &[u8]) -> Self {
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let media = content_type.split(';').next().unwrap_or_default().trim();
        let body = if media.ends_with("json") {
            serde_json::from_slice(bytes).expect("a JSON media type has a JSON body")
        } else {
            serde_json::from_slice(bytes).unwrap_or(Value::Null)
        };
        Self {
            status,
            content_type,
            bytes: bytes.to_vec(),
            text: String::from_utf8_lossy(bytes).into_owned(),
            body,
        }
    }

    /// The body as JSON, which it must be.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes).expect("a JSON body")
    }
}

/// A request with a JSON body (or none).
pub fn json_request(method: Method, path: &str, body: Option<&Value>) -> Request<Body> {
    let builder = Request::builder().method(method).uri(path);
    match body {
        Some(body) => builder
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string())),
        None => builder.body(Body::empty()),
    }
    .expect("a valid request")
}

/// The doors of an Underlag under test, one method per endpoint.
pub trait Doorway {
    /// Sends one request (its URI is a path with an optional query) and reads the answer.
    fn call(&self, request: Request<Body>) -> impl Future<Output = Reply> + Send;

    /// `POST /api/v1/queries` with a JSON body.
    fn post_query(&self, body: &Value) -> impl Future<Output = Reply> + Send {
        self.call(json_request(Method::POST, "/api/v1/queries", Some(body)))
    }

    /// `POST /api/v1/queries` with any body and content type.
    fn post_query_raw(
        &self,
        content_type: &str,
        body: impl Into<Body>,
    ) -> impl Future<Output = Reply> + Send {
        let request = Request::post("/api/v1/queries")
            .header(header::CONTENT_TYPE, content_type)
            .body(body.into())
            .expect("a valid request");
        self.call(request)
    }

    /// `PUT /api/v1/cases/{case_id}/household`.
    fn put_household(&self, case_id: &str, body: &Value) -> impl Future<Output = Reply> + Send {
        let path = format!("/api/v1/cases/{case_id}/household");
        self.call(json_request(Method::PUT, &path, Some(body)))
    }

    /// `GET /api/v1/cases/{case_id}?{query}` (`query` carries the organisation and the read's
    /// attribution, already URL-encoded).
    fn get_case(&self, case_id: &str, query: &str) -> impl Future<Output = Reply> + Send {
        let path = format!("/api/v1/cases/{case_id}?{query}");
        self.call(json_request(Method::GET, &path, None))
    }

    /// `POST` of a SOAP 1.1 envelope to the SSBTEK v10 endpoint.
    fn soap_call(&self, envelope: &str) -> impl Future<Output = Reply> + Send {
        let request = Request::post(underlag_soap::ENDPOINT_PATH)
            .header(header::CONTENT_TYPE, "text/xml; charset=utf-8")
            .header("SOAPAction", "\"\"")
            .body(Body::from(envelope.to_owned()))
            .expect("a valid request");
        self.call(request)
    }

    /// `GET /health`.
    fn health(&self) -> impl Future<Output = Reply> + Send {
        self.get("/health")
    }

    /// `GET path`.
    fn get(&self, path: &str) -> impl Future<Output = Reply> + Send {
        self.call(json_request(Method::GET, path, None))
    }

    /// Any method on any path, with an optional JSON body.
    fn send_json(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> impl Future<Output = Reply> + Send {
        self.call(json_request(method, path, body.as_ref()))
    }
}

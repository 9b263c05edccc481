//! The identity header of a TLS-terminating proxy (`server.proxy_identity_header`).
//!
//! Contract: the proxy verifies the caller's client certificate, strips any copy of the
//! header from the incoming request, and sets it to the SHA-256 fingerprint of the client
//! certificate's DER encoding in hex (64 digits; upper case and `:` separators are accepted),
//! exactly once. The gateway then treats the request as the mTLS listener treats one from
//! that certificate: the fingerprint becomes the request's [`CallerIdentity`].
//!
//! When `server.trust_tls_terminating_proxy` is false, a request that carries the header is
//! refused (400 problem+json naming the header) rather than ignored, so a misconfigured
//! deployment is noticed instead of silently trusting the organisation named in the body.
//! When it is true, every request but `/health` must carry the header exactly once.

use axum::extract::{Request, State};
use axum::http::HeaderName;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use underlag_api::Problem;
use underlag_domain::Fingerprint;
use underlag_service::CallerIdentity;

/// The subject shown for a caller identified by the proxy (the header carries no subject).
pub(crate) const PROXY_SUBJECT: &str = "(client certificate verified by the TLS-terminating proxy)";

/// How requests' proxy identity headers are treated.
#[derive(Debug, Clone)]
pub(crate) struct ProxyIdentity {
    pub(crate) header: HeaderName,
    pub(crate) trusted: bool,
}

/// The middleware: refuses the header when it is not trusted, turns it into the request's
/// [`CallerIdentity`] when it is.
pub(crate) async fn proxy_identity(
    State(proxy): State<ProxyIdentity>,
    mut request: Request,
    next: Next,
) -> Response {
    let mut values = request.headers().get_all(&proxy.header).iter();
    let (first, more) = (values.next(), values.next().is_some());
    if !proxy.trusted {
        if first.is_none() {
            return next.run(request).await;
        }
        tracing::warn!(
            header = %proxy.header,
            "refused a request carrying the proxy identity header, which this gateway does not trust"
        );
        return refuse(
            &proxy.header,
            "this header is accepted only behind a TLS-terminating proxy the gateway is \
             configured to trust (server.trust_tls_terminating_proxy)",
        );
    }
    let Some(value) = first else {
        let path = request.uri().path();
        if path == "/health" || super::operations::PATHS.contains(&path) {
            return next.run(request).await;
        }
        return refuse(
            &proxy.header,
            "missing: the TLS-terminating proxy must pass the verified client certificate's \
             SHA-256 fingerprint on every request",
        );
    };
    if more {
        return refuse(&proxy.header, "must appear exactly once");
    }
    let Some(fingerprint) = value.to_str().ok().and_then(|v| Fingerprint::parse(v).ok()) else {
        return refuse(
            &proxy.header,
            "must be the SHA-256 fingerprint of the client certificate's DER encoding (64 hex digits)",
        );
    };
    request.extensions_mut().insert(CallerIdentity {
        certificate_sha256: fingerprint,
        subject: PROXY_SUBJECT.to_owned(),
    });
    next.run(request).await
}

fn refuse(header: &HeaderName, message: &str) -> Response {
    Problem::invalid_field(header.as_str(), message).into_response()
}

//! The mTLS side of the accept loop, in the shape of axum's `low-level-rustls` example: run
//! the handshake under a timeout in the connection's own task (so a slow client never holds
//! up the others), read the verified client certificate, and serve the router with the
//! caller's identity in every request's extensions. Accepting, the connection cap, the
//! HTTP timeouts and shutdown are the shared listener's (`crate::listener`).

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper::service::service_fn;
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tower::Service;
use underlag_domain::{CallerIdentity, Fingerprint};

use super::refusal::HandshakeRefusal;
use super::verifier::{self, Offered};
use crate::TlsServerConfig;
use crate::listener::{Lifecycle, ListenerLimits, accept_loop, serve_connection};

/// Told about every refused handshake, so the gateway can audit it (the accept loop itself
/// only logs). Called on the connection's task; implementations must not block.
pub trait RefusalObserver: Send + Sync + 'static {
    /// A handshake was refused for `refusal`; `subject` and `fingerprint` describe the
    /// certificate that was offered, when one was.
    fn refused(
        &self,
        refusal: &HandshakeRefusal,
        subject: Option<&str>,
        fingerprint: Option<&Fingerprint>,
    );
}

/// Serves `router` over mutual TLS on `listener` until `shutdown` completes, then stops
/// accepting, lets open connections finish their requests, and returns. The connections are
/// held to the default [`ListenerLimits`].
///
/// Every request carries the caller's [`CallerIdentity`] as an extension
/// (`axum::Extension<CallerIdentity>`). A handshake that fails or does not complete within
/// `handshake_timeout` closes the connection and is logged (warn) with its reason.
pub async fn serve<F>(
    listener: TcpListener,
    config: &TlsServerConfig,
    router: Router,
    handshake_timeout: Duration,
    shutdown: F,
) -> std::io::Result<()>
where
    F: Future<Output = ()> + Send + 'static,
{
    serve_observed(
        listener,
        config,
        router,
        handshake_timeout,
        ListenerLimits::default(),
        shutdown,
        None,
    )
    .await
}

/// As [`serve`] under `limits` (connection cap, header-read and idle timeouts, shutdown
/// grace; the cap counts connections still in their handshake), telling `observer` about
/// every refused handshake.
pub async fn serve_observed<F>(
    listener: TcpListener,
    config: &TlsServerConfig,
    router: Router,
    handshake_timeout: Duration,
    limits: ListenerLimits,
    shutdown: F,
    observer: Option<Arc<dyn RefusalObserver>>,
) -> std::io::Result<()>
where
    F: Future<Output = ()> + Send + 'static,
{
    let acceptor = TlsAcceptor::from(config.rustls());
    accept_loop(listener, limits, shutdown, move |tcp, peer, lifecycle| {
        let connection = Connection {
            acceptor: acceptor.clone(),
            router: router.clone(),
            handshake_timeout,
            limits,
            observer: observer.clone(),
        };
        connection.run(tcp, peer, lifecycle)
    })
    .await
}

struct Connection {
    acceptor: TlsAcceptor,
    router: Router,
    handshake_timeout: Duration,
    limits: ListenerLimits,
    /// Told about a refused handshake.
    observer: Option<Arc<dyn RefusalObserver>>,
}

impl Connection {
    async fn run(self, tcp: TcpStream, peer: SocketAddr, mut lifecycle: Lifecycle) {
        let _ = tcp.set_nodelay(true);
        let handshake = tokio::time::timeout(self.handshake_timeout, self.acceptor.accept(tcp));
        let (result, offered) = tokio::select! {
            done = verifier::inspect(handshake) => done,
            _ = lifecycle.signal.changed() => return,
        };
        let tls = match result {
            Ok(Ok(tls)) => tls,
            Ok(Err(e)) => return self.refused(peer, &HandshakeRefusal::from_io(&e), offered),
            Err(_) => {
                return self.refused(
                    peer,
                    &HandshakeRefusal::Timeout(self.handshake_timeout),
                    None,
                );
            }
        };
        let (_, session) = tls.get_ref();
        let Some(certificate) = session.peer_certificates().and_then(|c| c.first()) else {
            // Unreachable with a verifier that requires client certificates.
            return self.refused(peer, &HandshakeRefusal::NoCertificate, None);
        };
        let identity = crate::identity::caller_identity(certificate);
        let alpn = session
            .alpn_protocol()
            .map(|p| String::from_utf8_lossy(p).into_owned());
        tracing::debug!(
            %peer,
            subject = %identity.subject,
            fingerprint = %identity.certificate_sha256,
            alpn = alpn.as_deref().unwrap_or("none"),
            "TLS connection accepted"
        );
        let service = identified(self.router, identity);
        serve_connection(tls, service, &self.limits, lifecycle, peer, "tls").await;
    }
}

/// The router as a hyper service that adds the caller's identity to every request.
fn identified(
    router: Router,
    identity: CallerIdentity,
) -> impl hyper::service::Service<
    hyper::Request<Incoming>,
    Response = axum::response::Response,
    Error = Infallible,
    Future = impl Future<Output = Result<axum::response::Response, Infallible>> + Send,
> + Send
+ 'static {
    service_fn(move |mut request: hyper::Request<Incoming>| {
        request.extensions_mut().insert(identity.clone());
        router.clone().call(request)
    })
}

impl Connection {
    fn refused(&self, peer: SocketAddr, refusal: &HandshakeRefusal, offered: Option<Offered>) {
        log_refusal(peer, refusal, offered.as_ref());
        if let Some(observer) = &self.observer {
            observer.refused(
                refusal,
                offered.as_ref().map(|o| o.subject.as_str()),
                offered.as_ref().map(|o| &o.fingerprint),
            );
        }
    }
}

fn log_refusal(peer: SocketAddr, refusal: &HandshakeRefusal, offered: Option<&Offered>) {
    tracing::warn!(
        %peer,
        reason = refusal.code(),
        subject = offered.map(|o| o.subject.as_str()),
        fingerprint = offered.map(|o| o.fingerprint.as_str()),
        "TLS handshake refused: {refusal}"
    );
}

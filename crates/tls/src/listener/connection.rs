//! Serves one connection (plain TCP or an established TLS session) with hyper-util's auto
//! builder (HTTP/1.1, or HTTP/2 by ALPN or prior knowledge), under the header-read and idle
//! timeouts, until it ends or the listener shuts down.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;

use axum::response::Response;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use tokio::io::{AsyncRead, AsyncWrite};

use super::activity::{Activity, Watched};
use super::{Lifecycle, ListenerLimits};

/// Serves `io` with `service` until the client leaves, a timeout closes the connection, or
/// the listener's shutdown signal asks it to finish (then it ends after the requests in
/// flight; the accept loop bounds that wait).
pub(crate) async fn serve_connection<I, S>(
    io: I,
    service: S,
    limits: &ListenerLimits,
    mut lifecycle: Lifecycle,
    peer: SocketAddr,
    listener: &'static str,
) where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    S: hyper::service::Service<
            hyper::Request<Incoming>,
            Response = Response,
            Error = Infallible,
            Future: Send + 'static,
        > + Send
        + 'static,
{
    let activity = Arc::new(Activity::new());
    let io = TokioIo::new(Watched::new(io, activity.clone()));
    let service = Tracked {
        inner: service,
        activity: activity.clone(),
    };
    let builder = auto::Builder::new(TokioExecutor::new());
    let connection = builder.serve_connection_with_upgrades(io, service);
    tokio::pin!(connection);
    let mut finishing = false;
    loop {
        let check = activity.next_check(limits);
        tokio::select! {
            result = connection.as_mut() => {
                if let Err(e) = result {
                    tracing::debug!(%peer, listener, error = %e, "connection ended with an error");
                }
                return;
            }
            // The timeouts keep applying while the connection finishes.
            _ = lifecycle.signal.changed(), if !finishing => {
                connection.as_mut().graceful_shutdown();
                finishing = true;
            }
            () = tokio::time::sleep_until(check) => {
                if let Some(expired) = activity.expired(limits) {
                    tracing::debug!(%peer, listener, reason = expired.code(), "connection closed");
                    return;
                }
            }
        }
    }
}

/// The service, counting every request in and out of the connection's [`Activity`].
struct Tracked<S> {
    inner: S,
    activity: Arc<Activity>,
}

type Answer = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

impl<S> hyper::service::Service<hyper::Request<Incoming>> for Tracked<S>
where
    S: hyper::service::Service<
            hyper::Request<Incoming>,
            Response = Response,
            Error = Infallible,
            Future: Send + 'static,
        >,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Answer;

    fn call(&self, request: hyper::Request<Incoming>) -> Self::Future {
        let in_flight = self
            .activity
            .request_started(request.version() == hyper::Version::HTTP_2);
        let answer = self.inner.call(request);
        Box::pin(async move {
            let response = answer.await;
            drop(in_flight);
            response
        })
    }
}

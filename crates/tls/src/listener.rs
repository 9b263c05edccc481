//! What the gateway's two listeners (plain HTTP and mutual TLS) share: the accept loop with
//! a connection cap and orderly shutdown, and the connection driver with a header-read
//! timeout and an idle timeout.
//!
//! * Connection cap: a connection is accepted only while fewer than
//!   [`ListenerLimits::max_connections`] are open; beyond that new connections wait in the
//!   kernel's backlog until one closes.
//! * Header-read timeout (HTTP/1): a connection that has not delivered a complete request
//!   head within [`ListenerLimits::header_read_timeout`] of opening, or of sending the first
//!   byte of its next request, is closed (slow-header clients).
//! * Idle timeout: a connection with no request in flight and no bytes in either direction
//!   for [`ListenerLimits::idle_timeout`] is closed (kept-alive HTTP/1 and HTTP/2 alike).
//! * Shutdown: stop accepting, tell every connection to finish (HTTP/1 closes after the
//!   current response, HTTP/2 sends GOAWAY), wait at most
//!   [`ListenerLimits::shutdown_grace`], then close what is still open.

mod activity;
mod connection;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};
use tokio::task::JoinSet;
use tower::Service;

pub(crate) use connection::serve_connection;

/// The limits every connection of a listener is held to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListenerLimits {
    /// How long a client may take to send a complete request head (HTTP/1), counted from
    /// the connection's start or the first byte of its next request.
    pub header_read_timeout: Duration,
    /// How long a connection may stay open with no request in flight and no traffic.
    pub idle_timeout: Duration,
    /// Connections open at once at most; more wait to be accepted.
    pub max_connections: usize,
    /// At shutdown, how long open connections get to finish their requests.
    pub shutdown_grace: Duration,
}

impl Default for ListenerLimits {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(5),
            idle_timeout: Duration::from_secs(60),
            max_connections: 1024,
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

/// What a connection's task holds while it lives.
pub(crate) struct Lifecycle {
    /// Changes (closes) when the listener shuts down.
    pub(crate) signal: watch::Receiver<()>,
    /// One of the listener's `max_connections` places, given back when the task ends.
    _permit: OwnedSemaphorePermit,
}

/// Serves `router` over plain HTTP (HTTP/1.1, or HTTP/2 with prior knowledge) on `listener`
/// under `limits` until `shutdown` completes, then shuts down in order (see the module
/// documentation) and returns.
pub async fn serve_plain<F>(
    listener: TcpListener,
    router: Router,
    limits: ListenerLimits,
    shutdown: F,
) -> std::io::Result<()>
where
    F: Future<Output = ()> + Send + 'static,
{
    accept_loop(listener, limits, shutdown, move |tcp, peer, lifecycle| {
        let router = router.clone();
        async move {
            let _ = tcp.set_nodelay(true);
            let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
                router.clone().call(request)
            });
            serve_connection(tcp, service, &limits, lifecycle, peer, "plain").await;
        }
    })
    .await
}

/// Accepts connections under the cap and runs `connect` for each in its own task until
/// `shutdown` completes; then stops accepting, signals the open connections and waits for
/// them at most `limits.shutdown_grace`.
pub(crate) async fn accept_loop<F, C, Fut>(
    listener: TcpListener,
    limits: ListenerLimits,
    shutdown: F,
    connect: C,
) -> std::io::Result<()>
where
    F: Future<Output = ()> + Send + 'static,
    C: Fn(TcpStream, SocketAddr, Lifecycle) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let places = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let (signal_tx, signal_rx) = watch::channel(());
    let mut tasks = JoinSet::new();
    let mut full = false;
    tokio::pin!(shutdown);
    loop {
        while tasks.try_join_next().is_some() {}
        if places.available_permits() == 0 && !full {
            tracing::warn!(
                max_connections = limits.max_connections,
                "connection cap reached; new connections wait"
            );
        }
        full = places.available_permits() == 0;
        let permit = tokio::select! {
            permit = places.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (tcp, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    accept_failed(e).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let lifecycle = Lifecycle {
            signal: signal_rx.clone(),
            _permit: permit,
        };
        tasks.spawn(connect(tcp, peer, lifecycle));
    }
    drop(listener);
    drop(signal_tx);
    drop(signal_rx);
    let drained = tokio::time::timeout(limits.shutdown_grace, async {
        while tasks.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tracing::warn!(
            open = tasks.len(),
            grace_ms = limits.shutdown_grace.as_millis() as u64,
            "shutdown grace is over; closing the connections still open"
        );
        tasks.shutdown().await;
    }
    Ok(())
}

/// Errors of `accept` that concern one connection are skipped; others (out of file
/// descriptors, say) get a pause so the loop does not spin.
async fn accept_failed(error: std::io::Error) {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(
        error.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset
    ) {
        return;
    }
    tracing::error!(error = %error, "accepting a connection failed");
    tokio::time::sleep(Duration::from_millis(200)).await;
}

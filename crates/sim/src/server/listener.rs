//! One agency's loopback listener, run by a supervisor task that can close it (the
//! `connection_refused` fault), bind the same port again, and stop. Each connection is served
//! by its own task; closing or stopping aborts them all, so hung requests never block. With a
//! TLS acceptor, each connection's task runs the handshake first (a refused or stalled
//! handshake closes only that connection).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};
use tokio_rustls::TlsAcceptor;

/// How long a client may take to complete the TLS handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(5);

/// An acceptor for `config` offering only HTTP/1.1 (what the agencies serve).
pub(crate) fn http1_acceptor(config: &Arc<rustls::ServerConfig>) -> TlsAcceptor {
    let mut config = rustls::ServerConfig::clone(config);
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    TlsAcceptor::from(Arc::new(config))
}

/// What the supervisor should do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Desired {
    /// Accept and serve connections.
    Serve,
    /// Accept connections and offer the wrong certificate in their TLS handshake (the
    /// `wrong_certificate` fault); without TLS, close them at once.
    ServeWrongCertificate,
    /// Close the listener and every connection (connections are refused).
    Refuse,
    /// Close everything and end.
    Stop,
}

/// The handle to one supervised listener.
pub(crate) struct Supervised {
    /// The fixed address (the port stays the same across re-binds).
    pub(crate) addr: SocketAddr,
    desired: watch::Sender<Desired>,
    listening: watch::Receiver<bool>,
    task: Option<JoinHandle<()>>,
}

impl Desired {
    /// Whether the listener is bound in this state.
    fn listens(self) -> bool {
        matches!(self, Desired::Serve | Desired::ServeWrongCertificate)
    }
}

/// The TLS acceptors of one listener: the right one, and the one the `wrong_certificate`
/// fault uses.
#[derive(Clone)]
pub(crate) struct Acceptors {
    pub(crate) right: Option<TlsAcceptor>,
    pub(crate) wrong: Option<TlsAcceptor>,
}

impl Supervised {
    /// Binds `127.0.0.1:port` (0: an ephemeral port) and starts serving `router` (or starts
    /// refused), over TLS when `tls.right` is given.
    pub(crate) async fn start(
        router: Router,
        initially: Desired,
        tls: Acceptors,
        port: u16,
    ) -> std::io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", port)).await?;
        let addr = listener.local_addr()?;
        let (desired, desired_rx) = watch::channel(initially);
        let (listening_tx, listening) = watch::channel(true);
        let task = tokio::spawn(supervise(
            Some(listener),
            addr,
            router,
            tls,
            desired_rx,
            listening_tx,
        ));
        let mut s = Self {
            addr,
            desired,
            listening,
            task: Some(task),
        };
        s.wait_listening(initially.listens()).await;
        Ok(s)
    }

    /// Asks for a state and waits (at most two seconds) until the listener matches it.
    pub(crate) async fn set(&mut self, want: Desired) {
        self.desired.send_replace(want);
        if want != Desired::Stop {
            self.wait_listening(want.listens()).await;
        }
    }

    async fn wait_listening(&mut self, listening: bool) {
        let wait = self.listening.wait_for(|l| *l == listening);
        let _ = tokio::time::timeout(Duration::from_secs(2), wait).await;
    }

    /// Asks the supervisor to stop, without waiting.
    pub(crate) fn signal_stop(&self) {
        self.desired.send_replace(Desired::Stop);
    }

    /// Stops and waits for the supervisor to end.
    pub(crate) async fn stop(&mut self) {
        self.signal_stop();
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

async fn bind_again(addr: SocketAddr) -> Option<TcpListener> {
    for _ in 0..50 {
        if let Ok(l) = TcpListener::bind(addr).await {
            return Some(l);
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tracing::warn!(port = addr.port(), "could not bind the agency port again");
    None
}

/// Serves one connection over HTTP/1.1, after a TLS handshake when `tls` is given.
async fn serve_connection(
    stream: TcpStream,
    service: TowerToHyperService<Router>,
    tls: Option<TlsAcceptor>,
    addr: SocketAddr,
) {
    let http1 = hyper::server::conn::http1::Builder::new();
    let Some(acceptor) = tls else {
        let _ = http1.serve_connection(TokioIo::new(stream), service).await;
        return;
    };
    match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
        Ok(Ok(stream)) => {
            let _ = http1.serve_connection(TokioIo::new(stream), service).await;
        }
        Ok(Err(e)) => {
            tracing::info!(port = addr.port(), error = %e, "agency refused a TLS handshake");
        }
        Err(_) => tracing::info!(port = addr.port(), "agency TLS handshake timed out"),
    }
}

async fn supervise(
    mut listener: Option<TcpListener>,
    addr: SocketAddr,
    router: Router,
    tls: Acceptors,
    mut desired: watch::Receiver<Desired>,
    listening: watch::Sender<bool>,
) {
    let mut connections = JoinSet::new();
    // The certificate the open connections were accepted with: switching between the right
    // and the wrong one closes them, so a client's pooled connection cannot skip the new
    // handshake.
    let mut serving_as: Option<Desired> = None;
    loop {
        let want = *desired.borrow_and_update();
        match want {
            Desired::Stop => break,
            Desired::Refuse => {
                listener = None;
                connections.abort_all();
                listening.send_replace(false);
                if desired.changed().await.is_err() {
                    break;
                }
            }
            Desired::Serve | Desired::ServeWrongCertificate => {
                if serving_as.is_some_and(|was| was != want) {
                    connections.abort_all();
                }
                serving_as = Some(want);
                let acceptor = if want == Desired::Serve {
                    Some(tls.right.clone())
                } else {
                    tls.wrong.clone().map(Some)
                };
                if listener.is_none() {
                    listener = bind_again(addr).await;
                }
                let Some(l) = listener.as_ref() else {
                    // The port is taken: behave as refused until told otherwise.
                    listening.send_replace(false);
                    if desired.changed().await.is_err() {
                        break;
                    }
                    continue;
                };
                listening.send_replace(true);
                tokio::select! {
                    accepted = l.accept() => {
                        // No acceptor: the wrong certificate without TLS closes the connection.
                        if let (Ok((stream, _)), Some(acceptor)) = (accepted, acceptor) {
                            let service = TowerToHyperService::new(router.clone());
                            connections.spawn(serve_connection(stream, service, acceptor, addr));
                        }
                    }
                    changed = desired.changed() => {
                        if changed.is_err() {
                            break;
                        }
                    }
                    Some(_) = connections.join_next(), if !connections.is_empty() => {}
                }
            }
        }
    }
    connections.abort_all();
    listening.send_replace(false);
}

//! Test support: a PKI with the usual cast, a listener serving a `whoami` route, and a raw
//! TLS client that reports what the server's alert was (captured logs are the shared
//! `underlag_test_support::Logs`).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::routing::get;
use axum::{Extension, Router};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::task::JoinHandle;
use underlag_domain::CallerIdentity;
use underlag_tls::pki::{Issued, Pki};
use underlag_tls::{ListenerLimits, TlsServerConfig, client_config};

pub(crate) const KOMMUN: &str = "Exempelkommun";
pub(crate) const ORGNR: &str = underlag_test_support::fixtures::EXEMPELKOMMUN;

/// A CA with a loopback server certificate.
pub(crate) struct Cast {
    pub(crate) pki: Pki,
    pub(crate) server: Issued,
}

impl Cast {
    pub(crate) fn new() -> Cast {
        let pki = Pki::new("Test CA").unwrap();
        let server = pki.localhost_server().unwrap();
        Cast { pki, server }
    }

    pub(crate) fn server_config(&self, crls: &[&str]) -> TlsServerConfig {
        let crls: Vec<&[u8]> = crls.iter().map(|c| c.as_bytes()).collect();
        TlsServerConfig::from_pem(
            self.server.cert_pem().as_bytes(),
            self.server.key_pem().as_bytes(),
            self.pki.ca_pem().as_bytes(),
            &crls,
        )
        .unwrap()
    }

    /// A client config trusting this CA, presenting `identity` if given.
    pub(crate) fn client(&self, identity: Option<&Issued>) -> rustls::ClientConfig {
        client_config(
            self.pki.ca_pem().as_bytes(),
            identity.map(|i| (i.cert_pem().as_bytes(), i.key_pem().as_bytes())),
        )
        .unwrap()
    }
}

/// The router the listener serves: `/whoami` answers `fingerprint subject`.
pub(crate) fn whoami_router() -> Router {
    Router::new().route(
        "/whoami",
        get(|caller: Option<Extension<CallerIdentity>>| async move {
            match caller {
                Some(Extension(c)) => format!("{}\n{}", c.certificate_sha256, c.subject),
                None => "anonymous".to_owned(),
            }
        }),
    )
}

/// A running listener.
pub(crate) struct Server {
    pub(crate) addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Server {
    pub(crate) async fn start(config: &TlsServerConfig, handshake_timeout: Duration) -> Server {
        Self::start_with_limits(config, handshake_timeout, ListenerLimits::default()).await
    }

    /// A listener whose connections are held to `limits`.
    pub(crate) async fn start_with_limits(
        config: &TlsServerConfig,
        handshake_timeout: Duration,
        limits: ListenerLimits,
    ) -> Server {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
            .await
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let config = config.clone();
        let task = tokio::spawn(async move {
            underlag_tls::serve_observed(
                listener,
                &config,
                whoami_router(),
                handshake_timeout,
                limits,
                async {
                    let _ = stopped.await;
                },
                None,
            )
            .await
        });
        Server {
            addr,
            stop: Some(stop),
            task,
        }
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("https://{}{path}", self.addr)
    }

    /// Signals shutdown and waits (at most five seconds) for `serve` to return.
    pub(crate) async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        tokio::time::timeout(Duration::from_secs(5), &mut self.task)
            .await
            .expect("serve returns after shutdown")
            .unwrap()
            .unwrap();
    }
}

/// What a raw TLS client saw.
#[derive(Debug)]
pub(crate) enum Seen {
    /// The HTTP response, as text.
    Response(String),
    /// A TLS alert from the server.
    Alert(rustls::AlertDescription),
    /// Another failure.
    Failed(#[expect(dead_code, reason = "shown by Debug in assertion messages")] std::io::Error),
}

/// Connects with `config`, sends `GET /whoami` over HTTP/1.1 and reads to the end.
pub(crate) async fn raw_get(addr: SocketAddr, mut config: rustls::ClientConfig) -> Seen {
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
    let tcp = TcpStream::connect(addr).await.unwrap();
    let result = async {
        let mut tls = connector.connect(name, tcp).await?;
        tls.write_all(b"GET /whoami HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .await?;
        let mut body = Vec::new();
        tls.read_to_end(&mut body).await?;
        Ok::<_, std::io::Error>(String::from_utf8_lossy(&body).into_owned())
    }
    .await;
    match result {
        Ok(text) => Seen::Response(text),
        Err(e) => match e
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        {
            Some(rustls::Error::AlertReceived(alert)) => Seen::Alert(*alert),
            _ => Seen::Failed(e),
        },
    }
}

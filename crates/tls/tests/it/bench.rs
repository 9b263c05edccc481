//! Loopback numbers for BENCHMARKS.md: full mTLS handshakes per second (and resumed ones)
//! against plain TCP connections, and the latency of requests on a kept-alive connection
//! over mTLS and plain HTTP. Ignored by default; run with
//! `cargo test --release -p underlag-tls --test it -- --ignored --nocapture bench`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::{Cast, KOMMUN, ORGNR, whoami_router};

const CONNECTIONS: u32 = 1000;
const REQUESTS: u32 = 3000;
const CONCURRENCY: u32 = 2;
const MAX_RUN: Duration = Duration::from_secs(20);

const REQUEST: &[u8] = b"GET /whoami HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

async fn one_plain(addr: SocketAddr) -> bool {
    let Ok(mut tcp) = TcpStream::connect(addr).await else {
        return false;
    };
    let mut body = Vec::new();
    tcp.write_all(REQUEST).await.is_ok() && tcp.read_to_end(&mut body).await.is_ok()
}

async fn one_tls(addr: SocketAddr, connector: &tokio_rustls::TlsConnector) -> bool {
    let Ok(tcp) = TcpStream::connect(addr).await else {
        return false;
    };
    let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
    let Ok(mut tls) = connector.connect(name, tcp).await else {
        return false;
    };
    let mut body = Vec::new();
    tls.write_all(REQUEST).await.is_ok()
        && tls.read_to_end(&mut body).await.is_ok()
        && body.starts_with(b"HTTP/1.1 200")
}

/// Connections per second, each with one request, `CONCURRENCY` at a time.
async fn connections_per_second(
    addr: SocketAddr,
    connector: Option<tokio_rustls::TlsConnector>,
) -> (f64, u32) {
    let started = Instant::now();
    let next = Arc::new(std::sync::atomic::AtomicU32::new(0));
    let mut workers = Vec::new();
    for _ in 0..CONCURRENCY {
        let (next, connector) = (next.clone(), connector.clone());
        workers.push(tokio::spawn(async move {
            let mut ok = 0u32;
            while next.fetch_add(1, std::sync::atomic::Ordering::SeqCst) < CONNECTIONS
                && started.elapsed() < MAX_RUN
            {
                let done = match &connector {
                    Some(c) => one_tls(addr, c).await,
                    None => one_plain(addr).await,
                };
                ok += u32::from(done);
            }
            ok
        }));
    }
    let mut ok = 0;
    for w in workers {
        ok += w.await.unwrap();
    }
    (f64::from(ok) / started.elapsed().as_secs_f64(), ok)
}

/// Sequential requests on one kept-alive connection: (p50, p99, requests/s).
async fn latency(client: &reqwest::Client, url: &str) -> (Duration, Duration, f64) {
    let mut times = Vec::new();
    let started = Instant::now();
    for _ in 0..REQUESTS {
        if started.elapsed() > MAX_RUN {
            break;
        }
        let t = Instant::now();
        let response = client.get(url).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let _ = response.bytes().await.unwrap();
        times.push(t.elapsed());
    }
    let rate = times.len() as f64 / started.elapsed().as_secs_f64();
    times.sort();
    let at = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
    (at(0.50), at(0.99), rate)
}

fn micros(d: Duration) -> String {
    format!("{:.0} µs", d.as_secs_f64() * 1e6)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement, not a test: run in release with --ignored --nocapture"]
async fn bench_mtls_against_plain() {
    let cast = Cast::new();
    let kommun = cast.pki.organisation(KOMMUN, ORGNR).unwrap();
    let config = cast.server_config(&[&cast.pki.crl(&[]).unwrap()]);

    let tls_listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .unwrap();
    let tls_addr = tls_listener.local_addr().unwrap();
    tokio::spawn(async move {
        underlag_tls::serve(
            tls_listener,
            &config,
            whoami_router(),
            Duration::from_secs(5),
            std::future::pending(),
        )
        .await
    });
    // The plain path exactly as the gateway serves it without [tls]: serve_plain.
    let plain_listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .unwrap();
    let plain_addr = plain_listener.local_addr().unwrap();
    tokio::spawn(async move {
        underlag_tls::serve_plain(
            plain_listener,
            whoami_router(),
            underlag_tls::ListenerLimits::default(),
            std::future::pending(),
        )
        .await
    });

    let mut full = cast.client(Some(&kommun));
    full.alpn_protocols = vec![b"http/1.1".to_vec()];
    full.resumption = rustls::client::Resumption::disabled();
    let mut resumed = full.clone();
    resumed.resumption = rustls::client::Resumption::default();

    let (plain_rate, plain_n) = connections_per_second(plain_addr, None).await;
    let (full_rate, full_n) = connections_per_second(
        tls_addr,
        Some(tokio_rustls::TlsConnector::from(Arc::new(full))),
    )
    .await;
    let (resumed_rate, resumed_n) = connections_per_second(
        tls_addr,
        Some(tokio_rustls::TlsConnector::from(Arc::new(resumed))),
    )
    .await;

    let mut h1 = cast.client(Some(&kommun));
    h1.alpn_protocols = vec![b"http/1.1".to_vec()];
    let mtls_h1 = underlag_tls::reqwest_builder(h1).build().unwrap();
    let mtls_h2 = underlag_tls::reqwest_builder(cast.client(Some(&kommun)))
        .build()
        .unwrap();
    let plain = reqwest::Client::builder().no_proxy().build().unwrap();
    let tls_url = format!("https://{tls_addr}/whoami");
    let plain_url = format!("http://{plain_addr}/whoami");
    let (p50_plain, p99_plain, r_plain) = latency(&plain, &plain_url).await;
    let (p50_h1, p99_h1, r_h1) = latency(&mtls_h1, &tls_url).await;
    let (p50_h2, p99_h2, r_h2) = latency(&mtls_h2, &tls_url).await;

    println!(
        "\nmTLS vs plain on loopback ({CONCURRENCY} client tasks, ECDSA P-256 certificates, CRL configured)\n\
         new connections with one request each (Connection: close):\n\
         \x20 plain TCP + HTTP/1.1          {plain_rate:>8.0} /s  ({plain_n} connections)\n\
         \x20 mTLS full handshake (TLS 1.3) {full_rate:>8.0} /s  ({full_n} connections)\n\
         \x20 mTLS resumed session          {resumed_rate:>8.0} /s  ({resumed_n} connections)\n\
         requests on one kept-alive connection, sequential ({REQUESTS} at most):\n\
         \x20 plain HTTP/1.1   p50 {} p99 {}  {r_plain:.0} req/s\n\
         \x20 mTLS HTTP/1.1    p50 {} p99 {}  {r_h1:.0} req/s\n\
         \x20 mTLS HTTP/2      p50 {} p99 {}  {r_h2:.0} req/s\n",
        micros(p50_plain),
        micros(p99_plain),
        micros(p50_h1),
        micros(p99_h1),
        micros(p50_h2),
        micros(p99_h2),
    );
    assert!(full_n > 0 && plain_n > 0 && resumed_n > 0);
}

//! The plain-HTTP listener (`serve_plain`): a header-read timeout for slow request heads,
//! an idle timeout for kept-alive connections, a connection cap, and orderly shutdown that
//! finishes requests in flight within the grace period.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::time::Instant;

use axum::Router;
use axum::routing::get;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::task::JoinHandle;
use underlag_tls::{ListenerLimits, serve_plain};

const REQUEST: &[u8] = b"GET /hello HTTP/1.1\r\nhost: gateway\r\n\r\n";

struct Plain {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Plain {
    async fn start(limits: ListenerLimits) -> Plain {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
            .await
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let router = Router::new()
            .route("/hello", get(|| async { "hello" }))
            .route(
                "/slow",
                get(|| async {
                    tokio::time::sleep(Duration::from_millis(400)).await;
                    "done"
                }),
            )
            .route(
                "/hang",
                get(|| async {
                    tokio::time::sleep(Duration::from_secs(120)).await;
                    "never"
                }),
            );
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(serve_plain(listener, router, limits, async {
            let _ = stopped.await;
        }));
        Plain {
            addr,
            stop: Some(stop),
            task,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Signals shutdown; returns how long `serve_plain` took to return (at most ten seconds).
    async fn stop(mut self) -> Duration {
        let started = Instant::now();
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        tokio::time::timeout(Duration::from_secs(10), &mut self.task)
            .await
            .expect("serve_plain returns after shutdown")
            .unwrap()
            .unwrap();
        started.elapsed()
    }
}

fn limits(header_ms: u64, idle_ms: u64, max_connections: usize) -> ListenerLimits {
    ListenerLimits {
        header_read_timeout: Duration::from_millis(header_ms),
        idle_timeout: Duration::from_millis(idle_ms),
        max_connections,
        shutdown_grace: Duration::from_secs(5),
    }
}

/// Reads one HTTP/1.1 response (head and `content-length` body) from `tcp`.
async fn read_response(tcp: &mut TcpStream) -> String {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 1024];
    loop {
        let n = tokio::time::timeout(Duration::from_secs(5), tcp.read(&mut chunk))
            .await
            .expect("a response within five seconds")
            .unwrap();
        assert!(n > 0, "the connection closed before a whole response");
        buf.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&buf).into_owned();
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse::<usize>().unwrap())
                })
                .unwrap_or(0);
            if buf.len() >= end + 4 + length {
                return text;
            }
        }
    }
}

/// Waits (at most five seconds) for the server to close `tcp`; returns how long that took.
async fn closed_after(tcp: &mut TcpStream, since: Instant) -> Duration {
    let mut buf = [0u8; 256];
    loop {
        let read = tokio::time::timeout(Duration::from_secs(5), tcp.read(&mut buf))
            .await
            .expect("the server closes the connection within five seconds");
        match read {
            Ok(0) | Err(_) => return since.elapsed(),
            Ok(_) => continue,
        }
    }
}

#[tokio::test]
async fn a_partial_header_connection_is_closed_after_the_header_read_timeout() {
    let server = Plain::start(limits(300, 60_000, 16)).await;
    let mut tcp = TcpStream::connect(server.addr).await.unwrap();
    let started = Instant::now();
    tcp.write_all(b"GET /hello HTTP/1.1\r\nhost: gat")
        .await
        .unwrap();
    let closed = closed_after(&mut tcp, started).await;
    assert!(closed >= Duration::from_millis(300), "{closed:?}");
    eprintln!("partial header closed after {closed:?} (timeout 300 ms)");

    // Trickling a byte at a time does not extend it: the head's time runs from its first byte.
    let mut tcp = TcpStream::connect(server.addr).await.unwrap();
    let started = Instant::now();
    let mut closed_early = false;
    for byte in b"GET /hello HTTP/1.1\r\nhost: gateway\r\nx-slow: " {
        if tcp.write_all(&[*byte]).await.is_err() {
            closed_early = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        if started.elapsed() > Duration::from_secs(2) {
            break;
        }
    }
    let closed = if closed_early {
        started.elapsed()
    } else {
        closed_after(&mut tcp, started).await
    };
    assert!(closed < Duration::from_secs(3), "{closed:?}");

    // A silent new connection is closed too.
    let mut silent = TcpStream::connect(server.addr).await.unwrap();
    closed_after(&mut silent, Instant::now()).await;
    server.stop().await;
}

#[tokio::test]
async fn a_kept_alive_connection_outlives_the_header_timeout_and_closes_when_idle() {
    let server = Plain::start(limits(200, 1500, 16)).await;
    let mut tcp = TcpStream::connect(server.addr).await.unwrap();
    tcp.write_all(REQUEST).await.unwrap();
    assert!(read_response(&mut tcp).await.starts_with("HTTP/1.1 200"));
    // Idle between requests longer than the header-read timeout: still open.
    tokio::time::sleep(Duration::from_millis(500)).await;
    tcp.write_all(REQUEST).await.unwrap();
    let second = read_response(&mut tcp).await;
    assert!(second.starts_with("HTTP/1.1 200"), "{second}");
    let idle_from = Instant::now();
    let closed = closed_after(&mut tcp, idle_from).await;
    assert!(closed >= Duration::from_millis(1400), "{closed:?}");
    eprintln!("idle keep-alive connection closed after {closed:?} (idle timeout 1500 ms)");
    server.stop().await;
}

#[tokio::test]
async fn connections_beyond_the_cap_wait_until_one_closes() {
    let server = Plain::start(limits(30_000, 60_000, 2)).await;
    let first = TcpStream::connect(server.addr).await.unwrap();
    let _second = TcpStream::connect(server.addr).await.unwrap();
    // Let the listener take both places.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut third = TcpStream::connect(server.addr).await.unwrap();
    third.write_all(REQUEST).await.unwrap();
    let mut buf = [0u8; 64];
    let waited = tokio::time::timeout(Duration::from_millis(500), third.read(&mut buf)).await;
    assert!(
        waited.is_err(),
        "the third connection is not served while two are open"
    );
    drop(first);
    let response = read_response(&mut third).await;
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    server.stop().await;
}

#[tokio::test]
async fn shutdown_finishes_requests_in_flight_and_is_bounded_by_the_grace() {
    let server = Plain::start(limits(5000, 60_000, 16)).await;
    let slow = tokio::spawn(reqwest::get(server.url("/slow")));
    tokio::time::sleep(Duration::from_millis(100)).await;
    server.stop().await;
    let response = slow.await.unwrap().unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "done");

    let mut short = limits(5000, 60_000, 16);
    short.shutdown_grace = Duration::from_millis(300);
    let server = Plain::start(short).await;
    let hanging = tokio::spawn(reqwest::get(server.url("/hang")));
    tokio::time::sleep(Duration::from_millis(100)).await;
    let took = server.stop().await;
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert!(
        hanging.await.unwrap().is_err(),
        "the hanging request was cut off"
    );
}

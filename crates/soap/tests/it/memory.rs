//! Huge bodies are refused quickly and with bounded memory. The measurement runs alone in a
//! child process of this test binary, so other tests' allocations do not disturb the
//! process's peak resident set size.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::time::Instant;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use underlag_test_support::{Doorway, Reply};

use crate::answer::Answer;
use crate::app::{self, alone};
use crate::envelopes::testa;

const FIFTY_MB: usize = 50 * 1024 * 1024;

#[test]
fn a_50_mb_body_is_refused_quickly_with_bounded_memory() {
    if !alone("memory::a_50_mb_body_is_refused_quickly_with_bounded_memory") {
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(measure());
}

/// `VmRSS` and `VmHWM` of this process, in KiB.
fn memory() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or_else(|| panic!("{name} in /proc/self/status"))
    };
    (field("VmRSS:"), field("VmHWM:"))
}

async fn measure() {
    let stack = app::start().await;
    // Warm up: one normal call, so the baseline includes the server's steady state.
    let Reply { status, .. } = stack.soap_call(&testa()).await;
    assert_eq!(status, 200);
    let (rss_before, hwm_before) = memory();

    let addr = stack.url().trim_start_matches("http://").to_owned();
    for chunked in [false, true] {
        let (elapsed, sent, response) = send_huge(&addr, chunked, FIFTY_MB).await;
        let (head, body) = response.split_once("\r\n\r\n").expect("an HTTP response");
        assert!(head.starts_with("HTTP/1.1 500"), "{head}");
        let body = if chunked_response(head) {
            dechunk(body)
        } else {
            body.to_owned()
        };
        let answer = Answer::new(body);
        answer.assert_valid();
        let (code, felkod, _) = answer.fault().unwrap();
        assert_eq!(
            (code.as_str(), felkod.as_str()),
            ("soap:Client", "SSBT-004")
        );
        eprintln!(
            "50 MB body ({}) refused in {} ms after {} KiB had been sent",
            if chunked { "chunked" } else { "Content-Length" },
            elapsed.as_millis(),
            sent / 1024
        );
        assert!(
            elapsed < Duration::from_secs(5),
            "refused quickly: {elapsed:?}"
        );
    }

    let (rss_after, hwm_after) = memory();
    eprintln!(
        "memory: VmRSS {rss_before} -> {rss_after} KiB, VmHWM {hwm_before} -> {hwm_after} KiB \
         (peak growth {} KiB for two 50 MB bodies)",
        hwm_after.saturating_sub(hwm_before)
    );
    let limit_kib = 16 * 1024;
    assert!(
        hwm_after.saturating_sub(hwm_before) < limit_kib,
        "peak memory grew by {} KiB",
        hwm_after - hwm_before
    );
    let Reply { status, .. } = stack.soap_call(&testa()).await;
    assert_eq!(status, 200, "the endpoint still answers");
}

fn chunked_response(head: &str) -> bool {
    head.lines().any(|l| {
        l.to_ascii_lowercase()
            .starts_with("transfer-encoding: chunked")
    })
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 || rest.len() < size {
            break;
        }
        out.push_str(&rest[..size]);
        body = rest[size..].trim_start_matches("\r\n");
    }
    out
}

/// Streams a `total`-byte body from a fixed 64 KiB buffer (so the client holds no copy) while
/// reading the answer; returns how long the answer took, how much was sent, and the answer.
async fn send_huge(addr: &str, chunked: bool, total: usize) -> (Duration, usize, String) {
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    let framing = if chunked {
        "Transfer-Encoding: chunked".to_owned()
    } else {
        format!("Content-Length: {total}")
    };
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: text/xml; charset=utf-8\r\nSOAPAction: \"\"\r\n{framing}\r\n\r\n",
        underlag_soap::ENDPOINT_PATH
    );
    let started = Instant::now();
    let progress = Arc::new(AtomicUsize::new(0));
    let counter = progress.clone();
    let send = tokio::spawn(async move {
        let chunk = vec![b'x'; 64 * 1024];
        let mut sent = 0usize;
        if writer.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        while sent < total {
            let n = chunk.len().min(total - sent);
            let result = if chunked {
                let framed = [format!("{n:x}\r\n").as_bytes(), &chunk[..n], b"\r\n"].concat();
                writer.write_all(&framed).await
            } else {
                writer.write_all(&chunk[..n]).await
            };
            if result.is_err() {
                break;
            }
            sent += n;
            counter.store(sent, Ordering::Relaxed);
        }
        if chunked {
            let _ = writer.write_all(b"0\r\n\r\n").await;
        }
    });
    let mut response = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(30), async {
        let mut buf = [0u8; 8192];
        loop {
            match reader.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    response.extend_from_slice(&buf[..n]);
                    if complete(&response) {
                        break;
                    }
                }
            }
        }
    })
    .await;
    assert!(read.is_ok(), "an answer within 30 s");
    let elapsed = started.elapsed();
    send.abort();
    let sent = progress.load(Ordering::Relaxed);
    (
        elapsed,
        sent,
        String::from_utf8_lossy(&response).into_owned(),
    )
}

/// Whether a whole HTTP response (by Content-Length, or the last chunk) has arrived.
fn complete(response: &[u8]) -> bool {
    let text = String::from_utf8_lossy(response);
    let Some((head, body)) = text.split_once("\r\n\r\n") else {
        return false;
    };
    let length = head.lines().find_map(|l| {
        l.to_ascii_lowercase()
            .strip_prefix("content-length:")
            .and_then(|v| v.trim().parse::<usize>().ok())
    });
    match length {
        Some(n) => body.len() >= n,
        None => body.ends_with("0\r\n\r\n"),
    }
}

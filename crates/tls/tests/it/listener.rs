//! The mTLS listener: a valid organisation certificate is served and identified; every kind
//! of bad client is refused at the TLS level with a logged reason; a slow request head is
//! closed after the header-read timeout, as on the plain listener.

use std::time::Duration;

use tokio::time::Instant;

use rustls::AlertDescription;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use underlag_test_support::Logs;
use underlag_tls::pki::Pki;

use crate::support::{Cast, KOMMUN, ORGNR, Seen, Server, raw_get};

const HANDSHAKE: Duration = Duration::from_secs(5);

#[tokio::test]
async fn a_valid_organisation_certificate_gets_200_and_the_handler_sees_its_identity() {
    let (logs, _guard) = Logs::capture();
    let cast = Cast::new();
    let kommun = cast.pki.organisation(KOMMUN, ORGNR).unwrap();
    let server = Server::start(&cast.server_config(&[]), HANDSHAKE).await;

    // HTTP/2, chosen by ALPN.
    let client = underlag_tls::reqwest_builder(cast.client(Some(&kommun)))
        .build()
        .unwrap();
    let response = client.get(server.url("/whoami")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.version(), reqwest::Version::HTTP_2);
    let body = response.text().await.unwrap();
    let (fingerprint, subject) = body.split_once('\n').unwrap();
    assert_eq!(
        fingerprint,
        underlag_tls::fingerprint_of(kommun.cert_der()).as_str()
    );
    assert_eq!(fingerprint, kommun.sha256().as_str());
    assert!(subject.contains("CN=Exempelkommun"), "{subject}");
    assert!(subject.contains("O=Exempelkommun"), "{subject}");
    assert!(subject.contains(ORGNR), "{subject}");

    // HTTP/1.1 when that is all the client offers; the identity is the same.
    match raw_get(server.addr, cast.client(Some(&kommun))).await {
        Seen::Response(text) => {
            assert!(text.starts_with("HTTP/1.1 200"), "{text}");
            assert!(text.contains(kommun.sha256().as_str()), "{text}");
        }
        other => panic!("expected a response, saw {other:?}"),
    }
    logs.wait_for(&["TLS connection accepted", kommun.sha256().as_str()])
        .await;
    server.stop().await;
}

/// Asserts that the server refused with `alert` and logged `code` (and `extra`).
async fn assert_refused(
    seen: Seen,
    alert: AlertDescription,
    logs: &Logs,
    code: &str,
    extra: &[&str],
) {
    match seen {
        Seen::Alert(got) => assert_eq!(got, alert),
        other => panic!("expected TLS alert {alert:?}, saw {other:?}"),
    }
    let reason = format!("reason=\"{code}\"");
    let mut needles = vec!["TLS handshake refused", reason.as_str()];
    needles.extend_from_slice(extra);
    let line = logs.wait_for(&needles).await;
    assert!(line.contains("WARN"), "{line}");
}

#[tokio::test]
async fn a_client_without_a_certificate_is_refused() {
    let (logs, _guard) = Logs::capture();
    let cast = Cast::new();
    let server = Server::start(&cast.server_config(&[]), HANDSHAKE).await;
    let seen = raw_get(server.addr, cast.client(None)).await;
    assert_refused(
        seen,
        AlertDescription::CertificateRequired,
        &logs,
        "no_client_certificate",
        &["presented no certificate"],
    )
    .await;

    // reqwest sees an error, not a response.
    let client = underlag_tls::reqwest_builder(cast.client(None))
        .build()
        .unwrap();
    assert!(client.get(server.url("/whoami")).send().await.is_err());
    server.stop().await;
}

#[tokio::test]
async fn a_certificate_from_an_unknown_ca_is_refused() {
    let (logs, _guard) = Logs::capture();
    let cast = Cast::new();
    let stranger = Pki::new("Some other CA").unwrap();
    let cert = stranger.organisation("Annan kommun", "2120000159").unwrap();
    let server = Server::start(&cast.server_config(&[]), HANDSHAKE).await;
    let seen = raw_get(server.addr, cast.client(Some(&cert))).await;
    assert_refused(
        seen,
        AlertDescription::UnknownCA,
        &logs,
        "unknown_ca",
        &[
            "not issued by a trusted CA",
            cert.sha256().as_str(),
            "CN=Annan kommun",
        ],
    )
    .await;
    server.stop().await;
}

#[tokio::test]
async fn an_expired_certificate_is_refused() {
    let (logs, _guard) = Logs::capture();
    let cast = Cast::new();
    let expired = cast.pki.expired_organisation(KOMMUN, ORGNR).unwrap();
    let server = Server::start(&cast.server_config(&[]), HANDSHAKE).await;
    let seen = raw_get(server.addr, cast.client(Some(&expired))).await;
    assert_refused(
        seen,
        AlertDescription::CertificateExpired,
        &logs,
        "certificate_expired",
        &["has expired", expired.sha256().as_str()],
    )
    .await;
    server.stop().await;
}

#[tokio::test]
async fn a_revoked_certificate_is_refused_and_others_from_the_same_ca_still_pass() {
    let (logs, _guard) = Logs::capture();
    let cast = Cast::new();
    let revoked = cast.pki.organisation(KOMMUN, ORGNR).unwrap();
    let good = cast.pki.organisation("Grannkommun", "2120000159").unwrap();
    let crl = cast.pki.crl(&[&revoked]).unwrap();
    let server = Server::start(&cast.server_config(&[&crl]), HANDSHAKE).await;
    let seen = raw_get(server.addr, cast.client(Some(&revoked))).await;
    assert_refused(
        seen,
        AlertDescription::CertificateRevoked,
        &logs,
        "certificate_revoked",
        &["revoked", revoked.sha256().as_str()],
    )
    .await;
    match raw_get(server.addr, cast.client(Some(&good))).await {
        Seen::Response(text) => assert!(text.contains(good.sha256().as_str()), "{text}"),
        other => panic!("expected a response, saw {other:?}"),
    }
    server.stop().await;
}

#[tokio::test]
async fn without_a_crl_from_its_issuer_a_certificate_is_refused_once_crls_are_configured() {
    // Revocation is checked fail-closed: with CRLs configured, every trusted issuer needs one.
    let (logs, _guard) = Logs::capture();
    let cast = Cast::new();
    let kommun = cast.pki.organisation(KOMMUN, ORGNR).unwrap();
    let other_crl = Pki::new("Other CA").unwrap().crl(&[]).unwrap();
    let server = Server::start(&cast.server_config(&[&other_crl]), HANDSHAKE).await;
    let seen = raw_get(server.addr, cast.client(Some(&kommun))).await;
    assert!(matches!(seen, Seen::Alert(_)), "{seen:?}");
    logs.wait_for(&[
        "TLS handshake refused",
        "revocation_status_unknown",
        "no valid CRL",
    ])
    .await;
    server.stop().await;
}

#[tokio::test]
async fn a_stalled_handshake_is_closed_after_the_timeout() {
    let (logs, _guard) = Logs::capture();
    let cast = Cast::new();
    let timeout = Duration::from_millis(300);
    let server = Server::start(&cast.server_config(&[]), timeout).await;
    let started = Instant::now();
    let mut tcp = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    // The first bytes of a TLS record header, then nothing.
    tcp.write_all(&[0x16, 0x03, 0x01]).await.unwrap();
    let mut buf = [0u8; 64];
    let read = tokio::time::timeout(Duration::from_secs(5), tcp.read(&mut buf))
        .await
        .expect("the server closes the connection");
    assert!(matches!(read, Ok(0) | Err(_)), "{read:?}");
    assert!(started.elapsed() >= timeout, "{:?}", started.elapsed());
    logs.wait_for(&[
        "TLS handshake refused",
        "handshake_timeout",
        "within 300 ms",
    ])
    .await;

    // Another client is served while one stalls: handshakes do not queue behind each other.
    let staller = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    let kommun = cast.pki.organisation(KOMMUN, ORGNR).unwrap();
    assert!(matches!(
        raw_get(server.addr, cast.client(Some(&kommun))).await,
        Seen::Response(_)
    ));
    drop(staller);
    server.stop().await;
}

#[tokio::test]
async fn plain_http_on_the_tls_port_is_refused() {
    let (logs, _guard) = Logs::capture();
    let cast = Cast::new();
    let server = Server::start(&cast.server_config(&[]), HANDSHAKE).await;
    let response = reqwest::Client::new()
        .get(format!("http://{}/whoami", server.addr))
        .send()
        .await;
    assert!(response.is_err() || response.is_ok_and(|r| r.status() != 200));
    logs.wait_for(&["TLS handshake refused", "not_tls"]).await;
    server.stop().await;
}

#[tokio::test]
async fn shutdown_returns_with_an_idle_keep_alive_connection_open() {
    let cast = Cast::new();
    let kommun = cast.pki.organisation(KOMMUN, ORGNR).unwrap();
    let server = Server::start(&cast.server_config(&[]), HANDSHAKE).await;
    let client = underlag_tls::reqwest_builder(cast.client(Some(&kommun)))
        .build()
        .unwrap();
    let response = client.get(server.url("/whoami")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    // A handshake in progress does not hold shutdown up either.
    let _stalled = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    server.stop().await;
}

#[tokio::test]
async fn a_partial_request_head_after_the_handshake_is_closed_after_the_header_read_timeout() {
    let cast = Cast::new();
    let kommun = cast.pki.organisation(KOMMUN, ORGNR).unwrap();
    let limits = underlag_tls::ListenerLimits {
        header_read_timeout: Duration::from_millis(300),
        ..underlag_tls::ListenerLimits::default()
    };
    let server = Server::start_with_limits(&cast.server_config(&[]), HANDSHAKE, limits).await;
    let mut config = cast.client(Some(&kommun));
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    let connector = tokio_rustls::TlsConnector::from(std::sync::Arc::new(config));
    let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
    let tcp = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    let mut tls = connector.connect(name, tcp).await.unwrap();
    let started = Instant::now();
    tls.write_all(b"GET /whoami HTTP/1.1\r\nHost: local")
        .await
        .unwrap();
    let mut rest = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), tls.read_to_end(&mut rest))
        .await
        .expect("the server closes the connection");
    assert!(
        rest.is_empty() || read.is_err(),
        "no response to half a head"
    );
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
    server.stop().await;
}

//! The agencies over TLS requiring client certificates: a client with a certificate from the
//! trusted CA is answered, one without is refused during the handshake, and the
//! `connection_refused` fault still works.

use std::time::Duration;

use underlag_domain::SourceId;
use underlag_sim::{Fault, SimConfig, Simulator};
use underlag_tls::pki::Pki;
use underlag_tls::{TlsServerConfig, client_config, reqwest_builder};

#[tokio::test]
async fn agencies_over_tls_require_a_client_certificate() {
    let pki = Pki::new("Agency CA").unwrap();
    let server = pki.localhost_server().unwrap();
    let gateway = pki.organisation("Underlag gateway", "2120000142").unwrap();
    let config = TlsServerConfig::from_pem(
        server.cert_pem().as_bytes(),
        server.key_pem().as_bytes(),
        pki.ca_pem().as_bytes(),
        &[],
    )
    .unwrap();
    let sim = Simulator::start(SimConfig {
        tls: Some(config.rustls()),
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let url = format!("{}/kommunfraga/v4/ping", sim.base_url(SourceId::Csn));
    assert!(url.starts_with("https://127.0.0.1:"), "{url}");

    let ca = pki.ca_pem();
    let identity = (gateway.cert_pem().as_bytes(), gateway.key_pem().as_bytes());
    let with_cert = reqwest_builder(client_config(ca.as_bytes(), Some(identity)).unwrap())
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let response = with_cert.get(&url).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.version(), reqwest::Version::HTTP_11);

    let without = reqwest_builder(client_config(ca.as_bytes(), None).unwrap())
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    assert!(without.get(&url).send().await.is_err());

    sim.set_fault(SourceId::Csn, Fault::ConnectionRefused).await;
    let fresh = reqwest_builder(client_config(ca.as_bytes(), Some(identity)).unwrap())
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    assert!(fresh.get(&url).send().await.is_err());
    sim.clear_fault(SourceId::Csn).await;
    assert_eq!(fresh.get(&url).send().await.unwrap().status(), 200);
    sim.shutdown().await;
}

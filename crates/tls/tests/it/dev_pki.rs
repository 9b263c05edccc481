//! `write_dev_pki`: the files it writes work together, keys are private, and nothing is
//! overwritten without `force`.

use std::time::Duration;

use underlag_tls::pki::write_dev_pki;
use underlag_tls::{ServerTlsFiles, TlsServerConfig, client_config_from_files};

use crate::support::{KOMMUN, ORGNR, Seen, Server, raw_get};

#[tokio::test]
async fn the_dev_pki_serves_the_kommun_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let pki = write_dev_pki(dir.path(), KOMMUN, ORGNR, false).unwrap();
    let config = TlsServerConfig::from_files(&ServerTlsFiles {
        cert_file: pki.server_cert.clone(),
        key_file: pki.server_key.clone(),
        client_ca_file: pki.ca.clone(),
        crl_files: vec![pki.crl.clone()],
    })
    .unwrap();
    let server = Server::start(&config, Duration::from_secs(5)).await;
    let client = client_config_from_files(&underlag_tls::ClientTlsFiles {
        ca_file: pki.ca.clone(),
        cert_file: Some(pki.kommun_cert.clone()),
        key_file: Some(pki.kommun_key.clone()),
    })
    .unwrap();
    match raw_get(server.addr, client).await {
        Seen::Response(text) => assert!(text.contains(&pki.kommun_sha256), "{text}"),
        other => panic!("expected a response, saw {other:?}"),
    }
    server.stop().await;

    let config_text = std::fs::read_to_string(&pki.config).unwrap();
    assert!(
        config_text.contains("[tls]\nenabled = true"),
        "{config_text}"
    );
    assert!(config_text.contains("server-key.pem"), "{config_text}");

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&pki.kommun_key)
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "{mode:o}");
    }

    let again = write_dev_pki(dir.path(), KOMMUN, ORGNR, false).unwrap_err();
    assert!(again.to_string().contains("exists already"), "{again}");
    let forced = write_dev_pki(dir.path(), KOMMUN, ORGNR, true).unwrap();
    assert_ne!(forced.kommun_sha256, pki.kommun_sha256);
}

//! Building configurations from files: clear errors for missing, malformed and mismatched
//! material; the client side's pinned CA.

use std::path::{Path, PathBuf};

use underlag_tls::pki::Pki;
use underlag_tls::{ClientTlsFiles, ServerTlsFiles, TlsServerConfig, client_config_from_files};

use crate::support::{KOMMUN, ORGNR};

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

struct Files {
    _dir: tempfile::TempDir,
    files: ServerTlsFiles,
    pki: Pki,
}

fn files() -> Files {
    let dir = tempfile::tempdir().unwrap();
    let pki = Pki::new("Test CA").unwrap();
    let server = pki.localhost_server().unwrap();
    let files = ServerTlsFiles {
        cert_file: write(dir.path(), "server.pem", server.cert_pem()),
        key_file: write(dir.path(), "server-key.pem", server.key_pem()),
        client_ca_file: write(dir.path(), "ca.pem", &pki.ca_pem()),
        crl_files: vec![write(dir.path(), "crl.pem", &pki.crl(&[]).unwrap())],
    };
    Files {
        _dir: dir,
        files,
        pki,
    }
}

fn error(files: &ServerTlsFiles) -> String {
    TlsServerConfig::from_files(files).unwrap_err().to_string()
}

#[test]
fn good_files_make_a_config_offering_h2_and_http1() {
    let f = files();
    let config = TlsServerConfig::from_files(&f.files).unwrap();
    assert_eq!(
        config.rustls().alpn_protocols,
        vec![b"h2".to_vec(), b"http/1.1".to_vec()]
    );
    assert_eq!(
        config.http1_only().rustls().alpn_protocols,
        vec![b"http/1.1".to_vec()]
    );
}

#[test]
fn a_missing_file_is_named() {
    let mut f = files();
    f.files.client_ca_file = f.files.client_ca_file.with_file_name("nope.pem");
    let message = error(&f.files);
    assert!(message.contains("client CA bundle"), "{message}");
    assert!(message.contains("nope.pem"), "{message}");
}

#[test]
fn pem_without_certificates_is_refused() {
    let f = files();
    let mut broken = f.files.clone();
    broken.cert_file = broken.key_file.clone();
    let message = error(&broken);
    assert!(message.contains("server certificate chain"), "{message}");
    assert!(message.contains("no CERTIFICATE"), "{message}");

    let mut broken = f.files.clone();
    broken.key_file = broken.cert_file.clone();
    let message = error(&broken);
    assert!(message.contains("no PRIVATE KEY"), "{message}");

    let mut broken = f.files.clone();
    broken.crl_files = vec![broken.client_ca_file.clone()];
    let message = error(&broken);
    assert!(message.contains("no X509 CRL"), "{message}");
}

#[test]
fn a_key_that_does_not_match_the_certificate_is_refused() {
    let f = files();
    let other = f.pki.localhost_server().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut broken = f.files.clone();
    broken.key_file = write(dir.path(), "other-key.pem", other.key_pem());
    let message = error(&broken);
    assert!(message.contains("server private key"), "{message}");
    assert!(message.contains("belong"), "{message}");
}

#[test]
fn an_expired_server_certificate_is_refused_at_start() {
    let f = files();
    let expired = f.pki.expired_organisation(KOMMUN, ORGNR).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut broken = f.files.clone();
    broken.cert_file = write(dir.path(), "old.pem", expired.cert_pem());
    broken.key_file = write(dir.path(), "old-key.pem", expired.key_pem());
    let message = error(&broken);
    assert!(message.contains("valid only from"), "{message}");
}

#[test]
fn the_client_side_needs_a_key_with_its_certificate() {
    let f = files();
    let kommun = f.pki.organisation(KOMMUN, ORGNR).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cert = write(dir.path(), "client.pem", kommun.cert_pem());
    let key = write(dir.path(), "client-key.pem", kommun.key_pem());
    let ok = client_config_from_files(&ClientTlsFiles {
        ca_file: f.files.client_ca_file.clone(),
        cert_file: Some(cert.clone()),
        key_file: Some(key),
    })
    .unwrap();
    assert!(ok.client_auth_cert_resolver.has_certs());
    let err = client_config_from_files(&ClientTlsFiles {
        ca_file: f.files.client_ca_file.clone(),
        cert_file: Some(cert),
        key_file: None,
    })
    .unwrap_err();
    assert!(err.to_string().contains("key file"), "{err}");
    let anonymous = client_config_from_files(&ClientTlsFiles {
        ca_file: f.files.client_ca_file.clone(),
        cert_file: None,
        key_file: None,
    })
    .unwrap();
    assert!(!anonymous.client_auth_cert_resolver.has_certs());
}

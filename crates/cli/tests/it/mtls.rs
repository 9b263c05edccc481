//! End to end over mutual TLS: the gateway with `[tls] enabled`, the simulated agencies
//! requiring the gateway's client certificate (`[upstream_tls]`). The caller's certificate
//! fingerprint reaches the connection registry's check; with the municipality's certificate
//! registered and the gateway's client certificate configured, the all-sources person gets
//! `ok` from all seven; without the gateway's certificate the agencies refuse the connection
//! and every source is `unavailable`. A gateway whose TLS files are missing does not start.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;
use underlag::commands::demo::Demo;
use underlag::settings::Settings;
use underlag_domain::SourceId;
use underlag_sim::SimConfig;
use underlag_tls::pki::{Issued, Pki};
use underlag_tls::{TlsServerConfig, client_config, reqwest_builder};

use crate::harness::{DEADLINE_MS, request, source, status};

struct Files {
    dir: tempfile::TempDir,
    pki: Pki,
    kommun: Issued,
    agency_server: Issued,
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// One CA for everything here: the gateway's server certificate, the municipality's and the
/// gateway's client certificates, and the agencies' server certificate.
fn files() -> Files {
    let dir = tempfile::tempdir().unwrap();
    let pki = Pki::new("E2E CA").unwrap();
    let gateway_server = pki.localhost_server().unwrap();
    let gateway_client = pki.organisation("Underlag gateway", "2120000159").unwrap();
    let p = dir.path();
    write(p, "ca.pem", &pki.ca_pem());
    write(p, "server.pem", gateway_server.cert_pem());
    write(p, "server-key.pem", gateway_server.key_pem());
    write(p, "gateway-client.pem", gateway_client.cert_pem());
    write(p, "gateway-client-key.pem", gateway_client.key_pem());
    write(p, "crl.pem", &pki.crl(&[]).unwrap());
    Files {
        kommun: pki.organisation("Exempelkommun", "2120000142").unwrap(),
        agency_server: pki.localhost_server().unwrap(),
        pki,
        dir,
    }
}

fn settings(files: &Files, with_client_certificate: bool) -> Settings {
    let p = files.dir.path();
    let mut settings = Settings::load(None).unwrap();
    settings.server.listen = "127.0.0.1:0".into();
    settings.database.url = format!("sqlite://{}", p.join("audit.db").display());
    settings.query.deadline_ms = DEADLINE_MS;
    settings.query.source_timeout_ms = 1200;
    settings.tls.enabled = true;
    settings.tls.cert_file = Some(p.join("server.pem"));
    settings.tls.key_file = Some(p.join("server-key.pem"));
    settings.tls.client_ca_file = Some(p.join("ca.pem"));
    settings.tls.crl_files = vec![p.join("crl.pem")];
    settings.upstream_tls.ca_file = Some(p.join("ca.pem"));
    if with_client_certificate {
        settings.upstream_tls.client_cert_file = Some(p.join("gateway-client.pem"));
        settings.upstream_tls.client_key_file = Some(p.join("gateway-client-key.pem"));
    }
    settings
}

/// The agencies over TLS, requiring a client certificate from the CA.
fn sim(files: &Files) -> SimConfig {
    let config = TlsServerConfig::from_pem(
        files.agency_server.cert_pem().as_bytes(),
        files.agency_server.key_pem().as_bytes(),
        files.pki.ca_pem().as_bytes(),
        &[],
    )
    .unwrap();
    SimConfig {
        tls: Some(config.rustls()),
        ..SimConfig::default()
    }
}

async fn ask_all_sources_person(demo: &Demo, files: &Files) -> (u16, Value) {
    let client = reqwest_builder(
        client_config(
            files.pki.ca_pem().as_bytes(),
            Some((
                files.kommun.cert_pem().as_bytes(),
                files.kommun.key_pem().as_bytes(),
            )),
        )
        .unwrap(),
    )
    .timeout(Duration::from_secs(10))
    .build()
    .unwrap();
    let population = demo.sim.population();
    let today = population.reference_date();
    let period = (
        today.saturating_sub(jiff::Span::new().years(1)).to_string(),
        today.yesterday().unwrap().to_string(),
    );
    let person = population.all_sources_person().personnummer.clone();
    let url = format!("{}/api/v1/queries", demo.gateway.url());
    assert!(url.starts_with("https://127.0.0.1:"), "{url}");
    let response = client
        .post(url)
        .json(&request(person.expose(), period))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn over_mtls_the_all_sources_person_gets_ok_from_all_seven() {
    let files = files();
    let demo = Demo::start_with(settings(&files, true), sim(&files))
        .await
        .unwrap();
    assert!(demo.sim.base_url(SourceId::Fk).starts_with("https://"));

    // The certificate's fingerprint reaches the registry check: unregistered, it is refused.
    let (code, body) = ask_all_sources_person(&demo, &files).await;
    assert_eq!(code, 403, "{body}");
    assert!(
        body["detail"].as_str().unwrap().contains("certificate"),
        "{body}"
    );

    demo.add_certificate(&files.kommun.sha256()).await.unwrap();
    let (code, answer) = ask_all_sources_person(&demo, &files).await;
    assert_eq!(code, 200, "{answer}");
    for id in SourceId::ALL {
        assert_eq!(status(&answer, id), "ok", "{id}: {}", source(&answer, id));
    }

    // Without a client certificate the gateway refuses the connection.
    let anonymous = reqwest_builder(client_config(files.pki.ca_pem().as_bytes(), None).unwrap())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let refused = anonymous
        .get(format!("{}/api/v1/sources", demo.gateway.url()))
        .send()
        .await;
    assert!(refused.is_err(), "{refused:?}");
    demo.stop().await;
}

#[tokio::test]
async fn without_the_gateway_client_certificate_the_agencies_refuse_and_sources_are_unavailable() {
    let files = files();
    let demo = Demo::start_with(settings(&files, false), sim(&files))
        .await
        .unwrap();
    demo.add_certificate(&files.kommun.sha256()).await.unwrap();
    let (code, answer) = ask_all_sources_person(&demo, &files).await;
    assert_eq!(code, 200, "{answer}");
    for id in SourceId::ALL {
        assert_eq!(
            status(&answer, id),
            "unavailable",
            "{id}: {}",
            source(&answer, id)
        );
    }
    demo.stop().await;
}

#[tokio::test]
async fn a_gateway_with_tls_enabled_but_unusable_files_does_not_start() {
    let files = files();
    let mut missing = settings(&files, true);
    missing.tls.client_ca_file = Some(files.dir.path().join("no-such-ca.pem"));
    let error = Demo::start_with(missing, SimConfig::default())
        .await
        .err()
        .expect("the gateway refuses to start");
    let message = format!("{error:#}");
    assert!(message.contains("[tls]"), "{message}");
    assert!(message.contains("no-such-ca.pem"), "{message}");
    assert!(message.contains("client CA bundle"), "{message}");

    let mut unnamed = settings(&files, true);
    unnamed.tls.key_file = None;
    let error = Demo::start_with(unnamed, SimConfig::default())
        .await
        .err()
        .expect("the gateway refuses to start");
    assert!(
        format!("{error:#}").contains("tls.key_file is not set"),
        "{error:#}"
    );

    // The same check when loading a configuration file.
    let config = write(files.dir.path(), "partial.toml", "[tls]\nenabled = true\n");
    let error = Settings::load(Some(&config)).unwrap_err();
    assert!(
        format!("{error:#}").contains("tls.cert_file is not set"),
        "{error:#}"
    );
    let config = write(
        files.dir.path(),
        "upstream.toml",
        "[upstream_tls]\nclient_cert_file = \"x.pem\"\n",
    );
    let error = Settings::load(Some(&config)).unwrap_err();
    assert!(
        format!("{error:#}").contains("upstream_tls.ca_file"),
        "{error:#}"
    );
}

/// A client presenting `identity` (cert, key PEM) or nothing, trusting the test CA.
fn client_with(files: &Files, identity: Option<&Issued>) -> reqwest::Client {
    let identity = identity.map(|i| (i.cert_pem().as_bytes(), i.key_pem().as_bytes()));
    reqwest_builder(client_config(files.pki.ca_pem().as_bytes(), identity).unwrap())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

#[tokio::test]
async fn every_refused_handshake_is_refused_with_a_reason_and_audited() {
    let files = files();
    // A revoked certificate: the CRL the gateway starts with lists it.
    let revoked = files
        .pki
        .organisation("Återkallad nämnd", "2120000142")
        .unwrap();
    write(
        files.dir.path(),
        "crl.pem",
        &files.pki.crl(&[&revoked]).unwrap(),
    );
    let expired = files
        .pki
        .expired_organisation("Utgången nämnd", "2120000142")
        .unwrap();
    let foreign = Pki::new("Okänd CA")
        .unwrap()
        .organisation("Främmande", "2120000142")
        .unwrap();
    let demo = Demo::start_with(settings(&files, true), sim(&files))
        .await
        .unwrap();
    let url = format!("{}/api/v1/sources", demo.gateway.url());

    for (who, identity) in [
        ("no certificate", None),
        ("unknown CA", Some(&foreign)),
        ("expired", Some(&expired)),
        ("revoked", Some(&revoked)),
    ] {
        let attempt = client_with(&files, identity).get(&url).send().await;
        assert!(
            attempt.is_err(),
            "{who}: the connection must be refused, got {attempt:?}"
        );
    }
    // A valid certificate still gets through (the listener is healthy).
    let ok = client_with(&files, Some(&files.kommun))
        .get(&url)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);

    // Each refusal is in the audit, on channel `tls`, with its reason.
    let expected = [
        "tls_no_client_certificate",
        "tls_unknown_ca",
        "tls_certificate_expired",
        "tls_certificate_revoked",
    ];
    let mut reasons = Vec::new();
    for _ in 0..50 {
        let records = demo.gateway.store.records(1, 1000).await.unwrap();
        reasons = records
            .iter()
            .filter(|r| r.record.channel == underlag_audit::Channel::Tls)
            .filter_map(|r| r.record.refusal.clone())
            .collect::<Vec<_>>();
        if expected.iter().all(|e| reasons.iter().any(|r| r == e)) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    for reason in expected {
        assert!(
            reasons.iter().any(|r| r == reason),
            "{reason} not audited: {reasons:?}"
        );
    }
    let records = demo.gateway.store.records(1, 1000).await.unwrap();
    let revoked_record = records
        .iter()
        .find(|r| r.record.refusal.as_deref() == Some("tls_certificate_revoked"))
        .unwrap();
    assert_eq!(
        revoked_record.record.kind,
        underlag_audit::AuditKind::Refused
    );
    assert!(
        revoked_record
            .record
            .organisation
            .contains("Återkallad nämnd"),
        "the offered certificate is named"
    );
    assert!(revoked_record.record.subject.is_none());
    demo.stop().await;
}

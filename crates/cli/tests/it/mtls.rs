//! End to end over mutual TLS: the gateway with `[tls] enabled`, the simulated agencies
//! requiring the gateway's client certificate (`[upstream_tls]`). The caller's certificate
//! fingerprint reaches the connection registry's check; with the municipality's certificate
//! registered and the gateway's client certificate configured, the all-sources person gets
//! `ok` from every source; without the gateway's certificate the agencies refuse the connection
//! and every source is `unavailable`. A gateway whose TLS files are missing does not start.

use std::time::Duration;

use serde_json::Value;
use underlag::settings::Settings;
use underlag_domain::SourceId;
use underlag_test_support::fixtures::{source, status};
use underlag_test_support::{Doorway, TestApp, TestPki};
use underlag_tls::pki::Pki;

/// Asks about the all-sources person over mTLS, presenting Exempelkommun's certificate.
async fn ask_all_sources_person(app: &TestApp) -> (u16, Value) {
    let url = app.gateway.url();
    assert!(url.starts_with("https://127.0.0.1:"), "{url}");
    let reply = app.post_query(&app.query(&app.all_sources_person())).await;
    (reply.status.as_u16(), reply.json())
}

#[tokio::test]
async fn over_mtls_the_all_sources_person_gets_ok_from_every_source() {
    let demo = TestApp::builder().mtls(TestPki::new()).start().await;
    let files = demo.pki.as_ref().unwrap();
    assert!(demo.sim.base_url(SourceId::Fk).starts_with("https://"));

    // The certificate's fingerprint reaches the registry check: unregistered, it is refused.
    let (code, body) = ask_all_sources_person(&demo).await;
    assert_eq!(code, 403, "{body}");
    assert!(
        body["detail"].as_str().unwrap().contains("certificate"),
        "{body}"
    );

    demo.add_certificate(files.kommun.sha256().as_str()).await;
    let (code, answer) = ask_all_sources_person(&demo).await;
    assert_eq!(code, 200, "{answer}");
    for id in SourceId::ALL {
        assert_eq!(status(&answer, id), "ok", "{id}: {}", source(&answer, id));
    }

    // Without a client certificate the gateway refuses the connection.
    let anonymous = files.client(None);
    let refused = anonymous
        .get(format!("{}/api/v1/sources", demo.url()))
        .send()
        .await;
    assert!(refused.is_err(), "{refused:?}");
    demo.stop().await;
}

#[tokio::test]
async fn without_the_gateway_client_certificate_the_agencies_refuse_and_sources_are_unavailable() {
    let demo = TestApp::builder()
        .mtls(TestPki::new())
        .without_gateway_client_certificate()
        .start()
        .await;
    let files = demo.pki.as_ref().unwrap();
    demo.add_certificate(files.kommun.sha256().as_str()).await;
    let (code, answer) = ask_all_sources_person(&demo).await;
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
    let files = TestPki::new();
    let missing_ca = files.dir().join("no-such-ca.pem");
    let error = TestApp::builder()
        .mtls(files)
        .settings(move |s| s.tls.client_ca_file = Some(missing_ca))
        .try_start()
        .await
        .expect_err("the gateway refuses to start");
    let message = format!("{error:#}");
    assert!(message.contains("[tls]"), "{message}");
    assert!(message.contains("no-such-ca.pem"), "{message}");
    assert!(message.contains("client CA bundle"), "{message}");

    let error = TestApp::builder()
        .mtls(TestPki::new())
        .settings(|s| s.tls.key_file = None)
        .try_start()
        .await
        .expect_err("the gateway refuses to start");
    assert!(
        format!("{error:#}").contains("tls.key_file is not set"),
        "{error:#}"
    );

    // The same check when loading a configuration file.
    let files = TestPki::new();
    let config = files.write("partial.toml", "[tls]\nenabled = true\n");
    let error = Settings::load(Some(&config)).unwrap_err();
    assert!(
        format!("{error:#}").contains("tls.cert_file is not set"),
        "{error:#}"
    );
    let config = files.write(
        "upstream.toml",
        "[upstream_tls]\nclient_cert_file = \"x.pem\"\n",
    );
    let error = Settings::load(Some(&config)).unwrap_err();
    assert!(
        format!("{error:#}").contains("upstream_tls.ca_file"),
        "{error:#}"
    );
}

#[tokio::test]
async fn every_refused_handshake_is_refused_with_a_reason_and_audited() {
    let pki = TestPki::new();
    // A revoked certificate: the CRL the gateway starts with lists it.
    let revoked = pki
        .ca
        .organisation("Återkallad nämnd", "2120000142")
        .unwrap();
    pki.revoke(&[&revoked]);
    let expired = pki
        .ca
        .expired_organisation("Utgången nämnd", "2120000142")
        .unwrap();
    // Regression (issue 15): a certificate from another CA of the same name (a second
    // `pki init`) was audited as `tls_bad_certificate`.
    let foreign = Pki::new("E2E CA")
        .unwrap()
        .organisation("Främmande", "2120000142")
        .unwrap();
    let demo = TestApp::builder().mtls(pki).start().await;
    let files = demo.pki.as_ref().unwrap();
    let url = format!("{}/api/v1/sources", demo.url());

    for (who, identity) in [
        ("no certificate", None),
        ("unknown CA", Some(&foreign)),
        ("expired", Some(&expired)),
        ("revoked", Some(&revoked)),
    ] {
        let attempt = files.client(identity).get(&url).send().await;
        assert!(
            attempt.is_err(),
            "{who}: the connection must be refused, got {attempt:?}"
        );
    }
    // A valid certificate still gets through (the listener is healthy).
    let ok = files
        .client(Some(&files.kommun))
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
            .data_processors
            .iter()
            .any(|d| d.contains("Återkallad nämnd")),
        "the offered certificate is named: {:?}",
        revoked_record.record.data_processors
    );
    // Regression (issue 15): the subject landed in the export's organisation column.
    assert!(
        !revoked_record.record.organisation.contains("Återkallad"),
        "the organisation column holds an organisationsnummer only: {}",
        revoked_record.record.organisation
    );
    assert!(revoked_record.record.subject.is_none());
    demo.stop().await;
}

#[tokio::test]
async fn a_certificate_revoked_while_serving_is_refused_after_the_crl_reload_without_a_restart() {
    let pki = TestPki::new();
    let later_revoked = pki
        .ca
        .organisation("Nämnd som återkallas", "2120000142")
        .unwrap();
    let demo = TestApp::builder().mtls(pki).start().await;
    let files = demo.pki.as_ref().unwrap();
    let url = format!("{}/api/v1/sources", demo.url());
    let before = files.client(Some(&later_revoked)).get(&url).send().await;
    assert_eq!(before.unwrap().status(), 200, "not revoked yet");

    // The CA publishes a new CRL; the gateway reads it again (as its periodic reload does).
    files.revoke(&[&later_revoked]);
    demo.gateway.reload_crls().unwrap();
    let after = files.client(Some(&later_revoked)).get(&url).send().await;
    assert!(after.is_err(), "revoked now: refused, got {after:?}");
    let others = files.client(Some(&files.kommun)).get(&url).send().await;
    assert_eq!(
        others.unwrap().status(),
        200,
        "other certificates still pass"
    );

    // A broken CRL file is refused and the CRLs in force stay.
    std::fs::write(files.dir().join("crl.pem"), "not a CRL").unwrap();
    assert!(demo.gateway.reload_crls().is_err());
    let still = files.client(Some(&later_revoked)).get(&url).send().await;
    assert!(still.is_err(), "the revocation stays in force");
    demo.stop().await;
}

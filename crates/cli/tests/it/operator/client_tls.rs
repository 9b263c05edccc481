//! `query --cert --key --cacert`: the terminal query over mutual TLS, as a developer runs it
//! against `demo --config dev-pki/underlag-mtls.toml`.

use underlag_test_support::{TestApp, TestPki};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn query_presents_a_client_certificate_to_a_gateway_serving_mtls() {
    let app = TestApp::builder()
        .auto_register(true)
        .mtls(TestPki::new())
        .start()
        .await;
    let pki = app.pki.as_ref().unwrap();
    app.add_certificate(pki.kommun.sha256().as_str()).await;
    let dir = pki.dir();
    std::fs::write(dir.join("kommun.pem"), pki.kommun.cert_pem()).unwrap();
    std::fs::write(dir.join("kommun-key.pem"), pki.kommun.key_pem()).unwrap();
    let (from, to) = app.last_year();
    let person = app.all_sources_person();
    let gateway = app.url();
    let path = |name: &str| dir.join(name).display().to_string();
    let (cert, key, ca) = (path("kommun.pem"), path("kommun-key.pem"), path("ca.pem"));
    let binary = env!("CARGO_BIN_EXE_underlag");
    let pnr = person.expose().to_owned();
    let run = |tls: bool| {
        let mut args = vec![
            "query",
            "--gateway",
            &gateway,
            "--person",
            &pnr,
            "--from",
            &from,
            "--to",
            &to,
        ];
        if tls {
            args.extend(["--cert", &cert, "--key", &key, "--cacert", &ca]);
        }
        std::process::Command::new(binary)
            .args(args)
            .env("RUST_LOG", "warn")
            .output()
            .unwrap()
    };
    let with = tokio::task::block_in_place(|| run(true));
    let out = String::from_utf8_lossy(&with.stdout);
    assert!(
        with.status.success(),
        "{out}\n{}",
        String::from_utf8_lossy(&with.stderr)
    );
    assert!(out.contains("[FK] ok"), "{out}");
    let without = tokio::task::block_in_place(|| run(false));
    assert!(!without.status.success(), "no certificate, no answer");
    app.stop().await;
}

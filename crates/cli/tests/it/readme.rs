//! The README, run as written (issue 15): every `sh` block in order, each checked against
//! the outcome the README documents. The demo's sections run against one fresh
//! `underlag demo`; "Running the gateway" against `sim` on its fixed ports and `serve` on an
//! empty store; the mTLS section against a second demo with a development PKI; the
//! conformance kit's runnable blocks against a faulty simulated agency and the consumer
//! stand-in. Blocks marked `sh no-run` are not run and are counted, so a block is never
//! skipped silently.

mod shell;

use shell::{Blocks, Workspace, readme_blocks};

/// The JSON documents printed one after another (`curl … ; curl …`).
fn json_documents(text: &str) -> Vec<serde_json::Value> {
    serde_json::Deserializer::from_str(text)
        .into_iter::<serde_json::Value>()
        .map(|d| d.unwrap_or_else(|e| panic!("JSON ({e}): {text}")))
        .collect()
}

fn address(url: &str) -> String {
    url.trim_start_matches("http://")
        .trim_start_matches("https://")
        .trim_end_matches('/')
        .to_owned()
}

fn assert_contains(text: &str, wanted: &[&str]) {
    for w in wanted {
        assert!(text.contains(w), "{w:?} in:\n{text}");
    }
}

#[test]
fn every_shell_example_of_the_readme_works_as_documented() {
    let mut blocks = Blocks::new(readme_blocks());
    let mut ws = Workspace::new();
    ws.set_env("UNDERLAG__SERVER__LISTEN", "127.0.0.1:0");

    // ## The two commands: the demo, fresh, in the workspace (its data directory).
    let demo = ws.spawn(&blocks.next("The two commands", "-- demo"), "Press Ctrl-C");
    let gateway = demo.banner_value("Gateway:");
    ws.gateway = Some(address(&gateway));
    ws.set_env("UNDERLAG_GATEWAY", &gateway);

    // ## Asking a question: the all-sources person, every source answers.
    let answer = ws.run(&blocks.next("Asking a question", "/api/v1/queries"));
    let answer = &json_documents(&answer)[0];
    assert_eq!(answer["person"], "198603052393");
    let sources = answer["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 9, "{answer}");
    for s in sources {
        assert_eq!(s["status"], "ok", "{s}");
    }
    let other = ws.run(&blocks.next("Asking a question", "underlag query"));
    for code in ["FK", "AF", "CSN", "SKV", "SO", "TNS", "MIV"] {
        assert!(other.contains(&format!("[{code}] ok")), "{code}: {other}");
    }
    assert_contains(&other, &["OK", "## pensioner_bostadstillagg"]);
    let spec = std::fs::read_to_string(ws.path().join("informationsspecifikation.md")).unwrap();
    assert!(spec.starts_with('#'), "the specification: {}", &spec[..200]);
    assert!(
        ws.path()
            .join("man/man1/underlag-admin-case-reopen.1")
            .is_file()
    );
    assert!(ws.path().join("completions/underlag.bash").is_file());

    // ## Who may ask: a household of its own, read back; the registry administered on a
    // second organisation, so the demo's own connection and case stay as they were.
    let household = ws.run(&blocks.next("Who may ask: connections, cases, purposes", "household"));
    let [put, get] = &json_documents(&household)[..] else {
        panic!("two answers: {household}")
    };
    assert_eq!(put["household"].as_array().unwrap().len(), 2, "{put}");
    assert_eq!(get["status"], "open", "{get}");
    assert_eq!(get["household"], put["household"]);
    let admin = ws.run(&blocks.next(
        "Who may ask: connections, cases, purposes",
        "admin connection add",
    ));
    assert_contains(
        &admin,
        &[
            "Connection 212000-0159 added.",
            "LEFI actor id 0f8a2c51-7d3e-4b6a-9c1d-2e5f6a7b8c9d set",
            "Information type FK:BOB added.",
            "is now suspended",
            "is now active",
            "Case EB-2026-0001 opened with 2 person(s).",
            "Case closed.",
            "Case reopened.",
        ],
    );
    let closed_listed = admin
        .lines()
        .any(|l| l.starts_with("2120000159  EB-2026-0001  closed"));
    assert!(closed_listed, "case list --closed: {admin}");
    let history: Vec<&str> = admin.lines().filter(|l| l.starts_with('#')).collect();
    assert!(history.len() >= 15, "admin history: {admin}");
    assert!(
        history
            .iter()
            .any(|l| l
                .ends_with("connection.lefi_actor_id \"0f8a2c51-7d3e-4b6a-9c1d-2e5f6a7b8c9d\""))
    );
    assert!(history.last().unwrap().ends_with("case.reopen"), "{admin}");

    // ## SSBTEK v10 SOAP: the WSDL and the ping.
    let soap = ws.run(&blocks.next("SSBTEK v10 SOAP (drop-in)", "?wsdl"));
    assert_contains(
        &soap,
        &[
            "<definitions",
            "soap:address",
            "testaBastjanstInformationResponse",
        ],
    );
    let syfte = ws.run(&blocks.next("SSBTEK v10 SOAP (drop-in)", "add-syfte"));
    assert_eq!(
        syfte.matches("Syfte registered for 212000-0142").count(),
        2,
        "{syfte}"
    );
    assert_contains(
        &syfte,
        &["\"Utredning*\" -> EKB-UTREDNING", "Syfte removed from"],
    );

    // ## Audit and logguppföljning.
    let audit = ws.run(&blocks.next("Audit and logguppföljning", "audit verify"));
    assert!(
        audit.matches("OK").count() >= 2,
        "both verifications: {audit}"
    );
    assert!(
        audit.contains("EB-2026-0002"),
        "the household read is a lookup: {audit}"
    );
    let csv = std::fs::read_to_string(ws.path().join("mars.csv")).unwrap();
    assert!(csv.starts_with("seq,"), "{csv}");
    assert!(ws.path().join("hl01.json").is_file());
    assert!(ws.path().join("offsite/checkpoints.json").is_file());
    let (code, _) = demo.interrupt();
    assert_eq!(code, Some(0), "the demo stops in order");

    // ## Running the gateway: `sim` on its fixed ports, `serve` on an empty store.
    ws.gateway = None;
    let sim = ws.spawn(
        &blocks.next("Running the gateway", "underlag sim"),
        "Population:",
    );
    assert!(
        sim.banner
            .iter()
            .any(|l| l == "fk = \"http://127.0.0.1:7101\""),
        "{:?}",
        sim.banner
    );
    let serve = ws.spawn(
        &blocks.next("Running the gateway", "underlag serve"),
        "Underlag gateway listening on",
    );
    let served = serve
        .banner
        .last()
        .unwrap()
        .trim_start_matches("Underlag gateway listening on ")
        .to_owned();
    assert!(
        ws.path()
            .join("gateway-data/underlag-data/audit.db")
            .is_file()
    );
    let registered = ws.run(&blocks.next("Running the gateway", "admin connection add"));
    assert_contains(
        &registered,
        &["Connection 212000-0142 added.", "Case EB-2026-0100 opened"],
    );
    ws.set_env("UNDERLAG_GATEWAY", &served);
    let asked = ws.run(&blocks.next("Running the gateway", "underlag query"));
    for code in ["FK", "AF", "CSN", "SKV", "SO", "TNS", "MIV"] {
        assert!(asked.contains(&format!("[{code}] ok")), "{code}: {asked}");
    }
    let (_, serve_log) = serve.interrupt();
    assert!(
        serve_log.contains("no_connection_registered"),
        "serve warns on the empty store: {serve_log}"
    );
    sim.interrupt();

    // ## mTLS: a development PKI and a demo over mutual TLS.
    let tls_demo = ws.spawn(&blocks.next("mTLS", "pki init"), "Press Ctrl-C");
    let tls_gateway = tls_demo.banner_value("Gateway:");
    assert!(tls_gateway.starts_with("https://"), "{tls_gateway}");
    ws.gateway = Some(address(&tls_gateway));
    let listed = ws.run(&blocks.next("mTLS", "--cert dev-pki/kommun.pem"));
    assert!(listed.contains("\"FK\""), "the sources over mTLS: {listed}");
    let added = ws.run(&blocks.next("mTLS", "add-fingerprint"));
    assert!(
        added.starts_with("Fingerprint ") && added.contains(" added."),
        "{added}"
    );
    tls_demo.interrupt();
    ws.gateway = None;

    // ## Conformance kit.
    ws.run(&blocks.next(
        "Conformance kit (*testmodell och teststrategi*)",
        "openssl genpkey",
    ));
    assert!(ws.path().join("conformance.pub").is_file());
    let faulty = ws.spawn(
        &blocks.next("Connecting an agency", "--variant miv=wrong_namespace"),
        "Population:",
    );
    assert!(
        faulty
            .banner
            .iter()
            .any(|l| l.contains("http://127.0.0.1:7107")),
        "{:?}",
        faulty.banner
    );
    let run = ws.run_status(&blocks.next("Connecting an agency", "--url http://127.0.0.1:7107"));
    let printed = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(1), "the suite fails: {printed}");
    assert!(
        printed.contains("FAILED") && printed.contains("namespace"),
        "{printed}"
    );
    faulty.interrupt();
    let consumer = ws.spawn(
        &blocks.next("Connecting a case system", "conformance consumer"),
        "Report so far",
    );
    assert!(
        consumer.banner[0].contains("127.0.0.1:8480/api/v1/queries"),
        "{:?}",
        consumer.banner
    );
    // The report the README points to; once the stand-in has served a request, its Ctrl-C
    // handler is installed (it is polled with the server), so the interrupt below is handled.
    let report = std::process::Command::new("curl")
        .args(["-sf", "http://127.0.0.1:8480/conformance/report"])
        .output()
        .unwrap();
    assert!(report.status.success(), "GET /conformance/report answers");
    let (code, _) = consumer.interrupt();
    assert_eq!(
        code,
        Some(1),
        "no scenario was exercised: the stand-in's report fails"
    );
    assert!(
        ws.path()
            .join("conformance-report/case-system/report.signed.json")
            .is_file()
    );

    blocks.finish();
    eprintln!(
        "README: {} shell blocks run, {} marked no-run: {:#?}",
        blocks.ran.len(),
        blocks.not_run.len(),
        blocks.not_run
    );
    assert_eq!(blocks.ran.len(), 19, "{:#?}", blocks.ran);
    assert_eq!(blocks.not_run.len(), 4, "{:#?}", blocks.not_run);
}

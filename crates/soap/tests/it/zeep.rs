//! A generic third-party SOAP client driven only by the WSDL (Python's zeep) calls both
//! operations against a running server and reads the answers without error.

use std::process::Command;

use underlag_domain::SourceId;
use underlag_soap::V10_PROVIDERS;

use crate::answer::Answer;
use crate::app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn zeep_calls_both_operations_from_the_wsdl_alone() {
    if std::env::var("UNDERLAG_SKIP_ZEEP").as_deref() == Ok("1") {
        eprintln!("UNDERLAG_SKIP_ZEEP=1: the zeep interoperability test is skipped");
        return;
    }
    let stack = app::start().await;
    let person = stack.all_sources_person().expose().to_owned();
    let (from, to) = stack.two_years();
    let script = format!("{}/tests/zeep_client.py", env!("CARGO_MANIFEST_DIR"));
    let wsdl = format!("{}{}?wsdl", stack.url(), underlag_soap::ENDPOINT_PATH);
    let received = tempfile::tempdir().unwrap();
    let out_dir = received.path().display().to_string();
    let args = [
        script,
        wsdl,
        person,
        from.to_string(),
        to.to_string(),
        out_dir,
    ];
    let output = tokio::task::spawn_blocking(move || {
        Command::new("python3")
            .args(&args)
            .output()
            .unwrap_or_else(|e| panic!("python3 is needed for the zeep interoperability test: {e}"))
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stdout.contains("zeep-missing"),
        "Python's zeep is not installed (python3 -m pip install zeep; scripts/test installs it), \
         or set UNDERLAG_SKIP_ZEEP=1 to skip this test"
    );
    assert!(
        output.status.success(),
        "zeep client failed:\n{stdout}\n{stderr}"
    );
    eprintln!("{stdout}");
    // Underlag's sources outside the contract never reach a v10 client.
    for id in SourceId::ALL
        .into_iter()
        .filter(|id| !V10_PROVIDERS.contains(id))
    {
        let code = id.code();
        assert!(
            !stdout.contains(&format!("testa {code}"))
                && !stdout.contains(&format!("hamta {code}")),
            "{code}: {stdout}"
        );
    }
    for id in V10_PROVIDERS {
        let code = id.code();
        assert!(
            stdout.contains(&format!("testa {code} anropad=True error=None")),
            "{code}: {stdout}"
        );
        assert!(
            stdout.contains(&format!("hamta {code} data")),
            "{code}: {stdout}"
        );
    }
    assert!(stdout.contains("hamta korrelationsid=zeep-1"), "{stdout}");
    assert!(stdout.contains("hamta echo personidentitet ok"), "{stdout}");
    assert!(stdout.contains("hamta FK lefi utlamnare=FK"), "{stdout}");
    assert!(stdout.contains("hamta subset AF,TNS"), "{stdout}");
    assert!(stdout.contains("fault SSBT-003"), "{stdout}");

    // Every envelope zeep received validates against the XSD too.
    let mut files: Vec<_> = std::fs::read_dir(received.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 4, "ping, two answers and a fault: {files:?}");
    for file in files {
        Answer::new(std::fs::read_to_string(&file).unwrap()).assert_valid();
    }
}

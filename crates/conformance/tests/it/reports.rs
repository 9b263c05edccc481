//! The reports: JUnit XML read back by a JUnit parser (`junit-parser`), with every failure and
//! no skipped case; the HTML page; the signed report verifies, and with any one byte changed
//! it does not.

use std::collections::BTreeMap;
use std::io::Cursor;

use underlag_conformance::report::{html, junit, signed};
use underlag_domain::SourceId;
use underlag_sim::Variant;

use crate::common::{run_suite, start_sim};

#[tokio::test]
async fn junit_xml_is_read_back_by_a_junit_parser_with_every_failure() {
    let sim = start_sim(BTreeMap::from([(SourceId::Miv, Variant::WrongNamespace)])).await;
    let passing = run_suite(&sim, SourceId::Af, None).await;
    let failing = run_suite(&sim, SourceId::Miv, None).await;
    sim.sim.shutdown().await;
    for report in [&passing, &failing] {
        let xml = junit::render(report);
        let parsed = junit_parser::from_reader(Cursor::new(xml.as_bytes())).unwrap();
        assert_eq!(parsed.suites.len(), 1);
        let suite = &parsed.suites[0];
        assert_eq!(suite.tests as usize, report.cases.len());
        assert_eq!(suite.failures as usize, report.failed());
        assert_eq!(suite.skipped, 0);
        assert_eq!(suite.cases.len(), report.cases.len());
        for (case, result) in suite.cases.iter().zip(&report.cases) {
            assert_eq!(case.original_name, result.id);
            assert_eq!(case.status.is_failure(), result.failed(), "{}", result.id);
            assert!(!case.status.is_skipped());
            if let junit_parser::TestStatus::Failure(failure) = &case.status {
                assert_eq!(failure.failure_type, result.fault);
                assert_eq!(failure.message, result.message);
            }
        }
    }
    assert_eq!(passing.failed(), 0);
    assert!(
        failing
            .failures()
            .any(|c| c.id == "miv.contract.namespace" && c.message.starts_with("wrong_namespace"))
    );
    let page = html::render(&failing);
    assert!(page.contains("Underkänd"));
    assert!(page.contains("miv.contract.namespace"));
    assert!(!page.contains("<script"));
}

#[tokio::test]
async fn a_signed_report_verifies_and_one_changed_byte_does_not() {
    let sim = start_sim(BTreeMap::new()).await;
    let report = run_suite(&sim, SourceId::Tns, None).await;
    sim.sim.shutdown().await;
    let key = signed::signing_key(&"11".repeat(32)).unwrap();
    let public = signed::verifying_key(&hex::encode(key.verifying_key().to_bytes())).unwrap();
    let text = signed::sign(&report, &key).unwrap();
    assert_eq!(signed::verify(&text, &public).unwrap(), report);

    // Every single-byte change, anywhere in the file, is caught (sampled to keep it quick).
    let bytes = text.as_bytes();
    let step = (bytes.len() / 400).max(1);
    let mut checked = 0;
    for i in (0..bytes.len()).step_by(step) {
        let mut changed = bytes.to_vec();
        changed[i] = if changed[i] == b'0' { b'1' } else { b'0' };
        let Ok(changed) = String::from_utf8(changed) else {
            continue;
        };
        assert!(
            signed::verify(&changed, &public).is_err(),
            "a change at byte {i} verified"
        );
        checked += 1;
    }
    assert!(checked > 100);

    // Another key does not verify it either.
    let other = signed::signing_key(&"22".repeat(32)).unwrap();
    let other_public =
        signed::verifying_key(&hex::encode(other.verifying_key().to_bytes())).unwrap();
    assert!(signed::verify(&text, &other_public).is_err());
}

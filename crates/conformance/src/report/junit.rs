//! JUnit XML, as CI systems read it: one `testsuite` per run, one `testcase` per case, a
//! `failure` (type = the fault) for every failed case. There are no `skipped` elements.

use std::fmt::Write as _;

use super::{Report, escape};

/// The run as JUnit XML.
pub fn render(report: &Report) -> String {
    let suite = format!("{}.{}", report.kind, report.subject);
    let total_ms: u64 = report.cases.iter().map(|c| c.duration_ms).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" time=\"{}\">",
        escape(super::PRODUCT),
        report.cases.len(),
        report.failed(),
        seconds(total_ms)
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\" time=\"{}\" timestamp=\"{}\">",
        escape(&suite),
        report.cases.len(),
        report.failed(),
        seconds(total_ms),
        escape(&report.started_at)
    );
    let _ = writeln!(out, "    <properties>");
    for (name, value) in [
        ("target", report.target.as_str()),
        ("contract_version", report.contract_version.as_str()),
        ("version", report.version.as_str()),
    ] {
        let _ = writeln!(
            out,
            "      <property name=\"{name}\" value=\"{}\"/>",
            escape(value)
        );
    }
    let _ = writeln!(out, "    </properties>");
    for case in &report.cases {
        let _ = write!(
            out,
            "    <testcase classname=\"{}.{}\" name=\"{}\" time=\"{}\"",
            escape(&suite),
            escape(&case.category),
            escape(&case.id),
            seconds(case.duration_ms)
        );
        if case.failed() {
            let _ = writeln!(out, ">");
            let _ = writeln!(
                out,
                "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                escape(&case.fault),
                escape(&case.message),
                escape(&case.title)
            );
            let _ = writeln!(out, "    </testcase>");
        } else {
            let _ = writeln!(out, "/>");
        }
    }
    let _ = writeln!(out, "  </testsuite>");
    out.push_str("</testsuites>\n");
    out
}

fn seconds(ms: u64) -> String {
    format!("{}.{:03}", ms / 1000, ms % 1000)
}

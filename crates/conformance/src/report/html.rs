//! The readable report: one self-contained HTML page (Swedish headings, no script, no external
//! resources) with the totals and every case, failures first.

use std::fmt::Write as _;

use super::{Report, escape};

/// The run as an HTML page.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let verdict = if report.all_passed() {
        "Godkänd"
    } else {
        "Underkänd"
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>Anslutningstest {subject}: {verdict}</title>\n<style>\n\
         body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse;width:100%}}\
         td,th{{border:1px solid #ccc;padding:.3em;vertical-align:top;text-align:left}}\
         .failed{{background:#fde8e8}}.passed{{background:#e8f6ea}}pre{{white-space:pre-wrap;max-height:12em;overflow:auto;margin:0}}\n\
         </style>\n</head>\n<body>\n<h1>Anslutningstest ({kind}) {subject}: {verdict}</h1>\n",
        subject = escape(&report.subject),
        kind = escape(&report.kind),
    );
    let _ = write!(
        out,
        "<p>Mål: <code>{}</code>. Kontraktsversion: {}. Verktyg: {} {}. Start: {}.</p>\n\
         <p><strong>{} godkända, {} underkända</strong> av {} fall. Ett fall som inte kunde köras räknas som underkänt.</p>\n",
        escape(&report.target),
        escape(&report.contract_version),
        escape(&report.product),
        escape(&report.version),
        escape(&report.started_at),
        report.passed(),
        report.failed(),
        report.cases.len()
    );
    out.push_str(
        "<table>\n<thead><tr><th>Fall</th><th>Del</th><th>Resultat</th><th>Fel som prövas</th>\
         <th>Meddelande</th><th>Fråga</th><th>Svar (utdrag)</th></tr></thead>\n<tbody>\n",
    );
    let mut cases: Vec<_> = report.cases.iter().collect();
    cases.sort_by_key(|c| !c.failed());
    for case in cases {
        let (class, label) = if case.failed() {
            ("failed", "Underkänd")
        } else {
            ("passed", "Godkänd")
        };
        let _ = writeln!(
            out,
            "<tr class=\"{class}\"><td><strong>{}</strong><br>{}</td><td>{}</td><td>{label}</td>\
             <td>{}</td><td>{}</td><td><pre>{}</pre></td><td><pre>{}</pre></td></tr>",
            escape(&case.id),
            escape(&case.title),
            escape(&case.category),
            escape(&case.fault),
            escape(&case.message),
            escape(&serde_json::to_string_pretty(&case.request).unwrap_or_default()),
            escape(&case.response_excerpt)
        );
    }
    out.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    out
}

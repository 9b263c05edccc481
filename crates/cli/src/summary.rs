//! A readable terminal summary of a composite answer (the REST answer's JSON), for
//! `underlag query`. Every text from the answer is printed inert: control and bidirectional
//! formatting characters from an agency's message are shown as `\u{XXXX}`.

use std::fmt::Write;

use serde_json::Value;
use underlag_domain::free_text::neutralise;

/// Renders the answer as plain text: one block per source with its outcome and the main
/// facts, then the audit reference.
pub fn render(answer: &Value) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Query {}  (audit #{})",
        text(&answer["query_id"]),
        text(&answer["audit_seq"])
    );
    let _ = writeln!(
        out,
        "Period {} – {}",
        text(&answer["period"]["from"]),
        text(&answer["period"]["to"])
    );
    if answer["protected"] == Value::Bool(true) {
        let _ = writeln!(
            out,
            "!! PROTECTED IDENTITY (skyddade personuppgifter): location data withheld"
        );
    }
    for source in answer["sources"].as_array().into_iter().flatten() {
        let status = text(&source["status"]);
        let latency = source["latency_ms"]
            .as_u64()
            .map(|ms| format!(" {ms} ms"))
            .unwrap_or_default();
        let _ = writeln!(out, "\n[{}] {}{}", text(&source["source"]), status, latency);
        match status.as_str() {
            "ok" => render_data(&mut out, &source["data"]),
            "invalid_response" => {
                for v in source["violations"].as_array().into_iter().flatten() {
                    let _ = writeln!(
                        out,
                        "  rule {} ({}) at {}: {}",
                        text(&v["rule"]),
                        text(&v["severity"]),
                        text(&v["path"]),
                        text(&v["message"])
                    );
                }
            }
            "source_error" => {
                let _ = writeln!(
                    out,
                    "  {}: {}",
                    text(&source["code"]),
                    text(&source["message"])
                );
            }
            "unavailable" => {
                let _ = writeln!(out, "  {}", text(&source["reason"]));
            }
            _ => {}
        }
        for w in source["warnings"].as_array().into_iter().flatten() {
            let _ = writeln!(
                out,
                "  warning {} at {}: {}",
                text(&w["rule"]),
                text(&w["path"]),
                text(&w["message"])
            );
        }
    }
    out
}

fn render_data(out: &mut String, data: &Value) {
    if let Some(js) = data.get("job_seeker") {
        let _ = writeln!(
            out,
            "  job seeker: registered={} extent={}% activity report={}",
            text(&js["registered"]),
            text(&js["extent_percent"]),
            text(&js["activity_report"]["status"])
        );
    }
    for d in list(data, "decisions") {
        let pending = d["status"]["kind"] == "pending" && d.get("decided_on").is_none();
        if pending && let Some(applied) = d.get("applied_on") {
            let _ = writeln!(
                out,
                "  decision {}: ansökan inkommen {}, ej beslutad",
                code(&d["benefit"]),
                text(applied)
            );
            continue;
        }
        let _ = writeln!(
            out,
            "  decision {} {} {} {}{}",
            code(&d["benefit"]),
            text(&d["status"]["kind"]),
            decision_period(d),
            money(&d["amount"]),
            unit(&d["frequency"])
        );
    }
    for p in list(data, "payments") {
        let kind = p["payment_type"]["class"]
            .as_str()
            .map(|class| format!(" {}", neutralise(class)))
            .unwrap_or_default();
        let payout = match (p.get("payout_on"), p.get("payout_within")) {
            (None, Some(within)) => format!("in {}–{}", text(&within["from"]), text(&within["to"])),
            _ => text(&p["payout_on"]),
        };
        let _ = writeln!(
            out,
            "  payment {}{} {} {} net {} (gross {}) covers {}–{}",
            text(&p["state"]),
            kind,
            code(&p["benefit"]),
            payout,
            money(&p["net"]),
            money(&p["gross"]),
            text(&p["covers"]["from"]),
            text(&p["covers"]["to"])
        );
    }
    for c in list(data, "study_support") {
        let _ = writeln!(
            out,
            "  study support {} {}",
            code(&c["support_form"]),
            text(&c["status"]["kind"])
        );
    }
    for c in list(data, "capital_income") {
        let _ = writeln!(
            out,
            "  capital income {}: income {} surplus {}",
            text(&c["taxation_year"]),
            money(&c["total_income"]),
            money(&c["surplus"])
        );
    }
    for t in list(data, "tax_account_payouts") {
        let _ = writeln!(
            out,
            "  tax account payout {} on {}",
            money(&t["amount"]),
            text(&t["booked_on"])
        );
    }
    for f in list(data, "unemployment_funds") {
        let _ = writeln!(
            out,
            "  a-kassa {}: {} ({} suspensions)",
            text(&f["fund"]),
            text(&f["status"]),
            list(f, "suspensions").len()
        );
    }
    for v in list(data, "vehicles") {
        let _ = writeln!(
            out,
            "  vehicle {} {} {}",
            text(&v["registration"]),
            text(&v["make"]),
            text(&v["model_year"])
        );
    }
    for p in list(data, "permits") {
        let _ = writeln!(
            out,
            "  permit {} {} {} decided {}",
            code(&p["case_type"]),
            code(&p["decision"]),
            code(&p["decision_type"]),
            text(&p["decided_on"])
        );
    }
    for e in list(data, "earned_income") {
        let employer = &e["employer"];
        let corrected = if e["corrected"] == Value::Bool(true) {
            " CORRECTED"
        } else {
            ""
        };
        let early = if e["declared_before_payout"] == Value::Bool(true) {
            " (declared before payout)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  earned income {}–{} {} {}: gross {} tax {} net {}{}{}",
            text(&e["month"]["from"]),
            text(&e["month"]["to"]),
            text(&employer["organisationsnummer"]),
            employer.get("name").map(text).unwrap_or_default(),
            money(&e["gross"]),
            money(&e["tax"]),
            money(&e["net"]),
            corrected,
            early
        );
    }
    for d in list(data, "enforcement_debts") {
        let _ = writeln!(
            out,
            "  debt {} {} {}",
            text(&d["kind"]),
            code(&d["claim_type"]),
            money(&d["amount"])
        );
    }
    for g in list(data, "wage_garnishments") {
        let _ = writeln!(
            out,
            "  wage garnishment {}: {} per month withheld by {}, förbehållsbelopp {}",
            code(&g["status"]),
            money(&g["monthly_amount"]),
            text(&g["employer"]["organisationsnummer"]),
            money(&g["reserved_amount"])
        );
    }
    if let Some(r) = data.get("debt_relief") {
        let _ = writeln!(
            out,
            "  debt relief {}: {} per month",
            code(&r["status"]),
            money(&r["monthly_amount"])
        );
    }
    for n in list(data, "notices") {
        let _ = writeln!(out, "  notice {}: {}", text(&n["code"]), text(&n["text"]));
    }
}

fn list<'a>(v: &'a Value, key: &str) -> Vec<&'a Value> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

/// A decision's period: `from–to`, or `från FROM, tills vidare` for an open-ended one (which
/// has no end date), or `–` when unknown.
fn decision_period(d: &Value) -> String {
    let period = &d["period"];
    if d["open_ended"] == Value::Bool(true) {
        return format!("från {}, tills vidare", text(&period["from"]));
    }
    if period.is_null() {
        return "–".to_owned();
    }
    format!("{}–{}", text(&period["from"]), text(&period["to"]))
}

fn text(v: &Value) -> String {
    match v {
        Value::Null => "–".to_owned(),
        Value::String(s) => neutralise(s),
        other => neutralise(&other.to_string()),
    }
}

fn code(v: &Value) -> String {
    match v.get("label").and_then(Value::as_str) {
        Some(label) => format!("{} ({})", text(&v["code"]), neutralise(label)),
        None => text(&v["code"]),
    }
}

/// The unit of an amount (`frequency`), as a suffix: ` per day`, ` per month`, ….
fn unit(v: &Value) -> String {
    match v.as_str() {
        Some("once") => " once".to_owned(),
        Some("daily") => " per day".to_owned(),
        Some("weekly") => " per week".to_owned(),
        Some("monthly") => " per month".to_owned(),
        Some("quarterly") => " per quarter".to_owned(),
        Some("half_yearly") => " per half year".to_owned(),
        Some("yearly") => " per year".to_owned(),
        Some(other) => format!(" per {}", neutralise(other)),
        None => String::new(),
    }
}

fn money(v: &Value) -> String {
    match v.as_str() {
        Some(s) => format!("{} kr", neutralise(s)),
        None => "–".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_every_outcome_kind() {
        let answer = serde_json::json!({
            "query_id": "q1", "audit_seq": 7, "protected": true,
            "period": {"from": "2026-01-01", "to": "2026-10-31"},
            "sources": [
                {"source": "FK", "status": "ok", "latency_ms": 12, "data": {
                    "payments": [{"state": "effected", "benefit": {"code": "BOB", "label": "Bostadsbidrag"}, "payout_on": "2026-02-25", "net": "1500.00", "gross": "1500.00", "covers": {"from": "2026-02-01", "to": "2026-02-28"}}]
                }, "warnings": []},
                {"source": "AF", "status": "timed_out", "latency_ms": 8000},
                {"source": "CSN", "status": "invalid_response", "violations": [{"rule": "CSN-010", "severity": "error", "path": "Personer/Person/@personnummer", "message": "not a personnummer"}]},
                {"source": "SKV", "status": "source_error", "code": "9071001", "message": "Tekniskt fel"}
            ]
        });
        let text = render(&answer);
        assert!(text.contains("PROTECTED IDENTITY"));
        assert!(text.contains("[FK] ok 12 ms"));
        assert!(text.contains("BOB (Bostadsbidrag)"));
        assert!(text.contains("net 1500.00 kr"));
        assert!(text.contains("[AF] timed_out"));
        assert!(text.contains("rule CSN-010 (error)"));
        assert!(text.contains("9071001: Tekniskt fel"));
    }

    #[test]
    fn units_retro_payments_and_pending_applications_are_shown() {
        let answer = serde_json::json!({
            "query_id": "q1", "audit_seq": 7,
            "period": {"from": "2026-01-01", "to": "2026-10-31"},
            "sources": [
                {"source": "FK", "status": "ok", "data": {
                    "decisions": [
                        {"benefit": {"code": "AS"}, "status": {"kind": "final"}, "decided_by": "FK",
                         "period": {"from": "2026-02-01", "to": "2026-07-31"}, "amount": "480.00", "frequency": "daily"},
                        {"benefit": {"code": "BOB", "label": "Bostadsbidrag"}, "status": {"kind": "pending"},
                         "decided_by": "FK", "applied_on": "2026-09-14"}
                    ],
                    "payments": [{"state": "effected", "benefit": {"code": "BOB"}, "payout_on": "2026-10-20",
                        "payment_type": {"class": "retroactive", "code": {"code": "3", "label": "Retro"}},
                        "net": "4500.00", "gross": "4500.00", "covers": {"from": "2026-06-01", "to": "2026-08-31"}}]
                }}
            ]
        });
        let text = render(&answer);
        assert!(text.contains("480.00 kr per day"), "{text}");
        assert!(
            text.contains("BOB (Bostadsbidrag): ansökan inkommen 2026-09-14, ej beslutad"),
            "{text}"
        );
        assert!(
            text.contains("payment effected retroactive BOB 2026-10-20"),
            "{text}"
        );
    }

    #[test]
    fn earned_income_corrections_and_garnishments_are_shown() {
        let employer = serde_json::json!({"organisationsnummer": "169699000015", "name": "Exempelverkstaden AB"});
        let answer = serde_json::json!({
            "query_id": "q1", "audit_seq": 7,
            "period": {"from": "2026-01-01", "to": "2026-10-31"},
            "sources": [
                {"source": "AGI", "status": "ok", "data": {
                    "earned_income": [{"employer": employer, "month": {"from": "2026-09-01", "to": "2026-09-30"},
                        "specification_number": "1", "gross": "10500.00", "tax": "3150.00", "net": "7350.00",
                        "corrected": true, "replaced": 1, "declared_before_payout": false}]
                }},
                {"source": "KFM", "status": "ok", "data": {
                    "enforcement_debts": [{"kind": "public", "claim_type": {"code": "SKATT"}, "amount": "18450.00"}],
                    "wage_garnishments": [{"status": {"code": "PAGAENDE"}, "reserved_amount": "6900.00",
                        "monthly_amount": "700.00", "employer": employer}],
                    "debt_relief": {"status": {"code": "ANSOKAN"}}
                }},
                {"source": "MIV", "status": "not_entitled"}
            ]
        });
        let text = render(&answer);
        assert!(
            text.contains("earned income 2026-09-01–2026-09-30 169699000015 Exempelverkstaden AB: gross 10500.00 kr tax 3150.00 kr net 7350.00 kr CORRECTED"),
            "{text}"
        );
        assert!(text.contains("debt public SKATT 18450.00 kr"), "{text}");
        assert!(
            text.contains("wage garnishment PAGAENDE: 700.00 kr per month withheld by 169699000015, förbehållsbelopp 6900.00 kr"),
            "{text}"
        );
        assert!(text.contains("debt relief ANSOKAN: – per month"), "{text}");
    }

    #[test]
    fn agency_text_with_escapes_is_printed_inert() {
        let answer = serde_json::json!({
            "query_id": "q1\u{1b}[2J", "audit_seq": 7,
            "period": {"from": "2026-01-01", "to": "2026-10-31"},
            "sources": [
                {"source": "SKV", "status": "source_error", "code": "9071001",
                 "message": "Tekniskt fel\r\n[FK] ok \u{202e}"},
                {"source": "TNS", "status": "ok", "data": {
                    "vehicles": [{"registration": "ABC123", "make": "Volvo\u{9b}31m", "model_year": 2020}],
                    "permits": [{"case_type": {"code": "X", "label": "Uppeh\u{7}ll"}}]
                }}
            ]
        });
        let text = render(&answer);
        assert!(
            !text
                .chars()
                .any(|c| (c.is_control() && c != '\n')
                    || underlag_domain::free_text::is_bidi_control(c)),
            "{text:?}"
        );
        assert!(text.contains("q1\\u{001B}[2J"), "{text}");
        assert!(
            text.contains("Tekniskt fel\\u{000D}\\u{000A}[FK] ok \\u{202E}"),
            "{text}"
        );
        assert!(text.contains("Volvo\\u{009B}31m"), "{text}");
    }
}

//! Enums and scalars serialize to exactly the values and shapes the document declares.

use std::collections::BTreeSet;

use jiff::civil::date;
use rust_decimal::Decimal;
use serde_json::json;
use underlag_domain::model::{
    ActivityReportStatus, DecisionStatus, Frequency, PaymentState, PermitValidity, ProtectionKind,
};
use underlag_domain::{Severity, SourceId};

use super::canonical::{all_variants, decision_statuses, kr, period, person};
use super::support::{Document, assert_valid, keys, strings};

#[test]
fn enums_serialize_to_exactly_the_documented_values() {
    fn check<T: serde::Serialize>(doc: &Document, name: &str, values: &[T]) {
        let serialized: BTreeSet<String> = values
            .iter()
            .map(|v| {
                serde_json::to_value(v)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        assert_eq!(serialized, strings(&doc.schema(name)["enum"]), "{name}");
    }
    let doc = Document::load();
    let sources = SourceId::ALL;
    for id in sources {
        match id {
            SourceId::Fk
            | SourceId::Af
            | SourceId::Csn
            | SourceId::Skv
            | SourceId::So
            | SourceId::Tns
            | SourceId::Miv
            | SourceId::Agi
            | SourceId::Kfm => {}
        }
    }
    check(&doc, "SourceId", &sources);
    let contract_order: Vec<_> = sources.iter().map(|s| json!(s.code())).collect();
    assert_eq!(doc.schema("SourceId")["enum"], json!(contract_order));
    check(&doc, "Severity", &all_variants!(Severity: Warning, Error));
    check(
        &doc,
        "ProtectionKind",
        &all_variants!(ProtectionKind: Sekretessmarkering, SkyddadFolkbokforing, Protected),
    );
    check(
        &doc,
        "ActivityReportStatus",
        &all_variants!(ActivityReportStatus:
            Submitted, NotInSystem, NotSubmitted, TechnicalError, Unknown),
    );
    for (code, status) in [
        ("200", "submitted"),
        ("500", "not_in_system"),
        ("501", "not_submitted"),
        ("502", "technical_error"),
        ("999", "unknown"),
    ] {
        assert_eq!(
            serde_json::to_value(ActivityReportStatus::from_code(code)).unwrap(),
            status
        );
    }
    check(
        &doc,
        "Frequency",
        &all_variants!(Frequency: Once, Daily, Weekly, Monthly, Quarterly, HalfYearly, Yearly),
    );
    check(
        &doc,
        "PaymentState",
        &all_variants!(PaymentState: Planned, Effected),
    );
    check(
        &doc,
        "PermitValidity",
        &all_variants!(PermitValidity: Permanent, TimeLimited),
    );

    // DecisionStatus is adjacently tagged: `{kind}` for canonical statuses, `{kind, code}`
    // for `other`.
    let status_schema = doc.component("DecisionStatus");
    let mut kinds = BTreeSet::new();
    for status in decision_statuses() {
        let value = serde_json::to_value(&status).unwrap();
        assert_valid(&status_schema, &value, "a DecisionStatus");
        kinds.insert(value["kind"].as_str().unwrap().to_owned());
        let expected_keys: BTreeSet<String> = if matches!(status, DecisionStatus::Other(_)) {
            ["kind", "code"].map(String::from).into()
        } else {
            ["kind"].map(String::from).into()
        };
        assert_eq!(keys(&value), expected_keys, "{value}");
    }
    let mut documented =
        strings(&doc.schema("DecisionStatus")["oneOf"][0]["properties"]["kind"]["enum"]);
    documented.insert(
        doc.schema("DecisionStatus")["oneOf"][1]["properties"]["kind"]["const"]
            .as_str()
            .unwrap()
            .to_owned(),
    );
    assert_eq!(kinds, documented);
}

#[test]
fn scalars_serialize_in_the_documented_shapes() {
    let doc = Document::load();
    let amount = doc.component("Amount");
    for text in ["0", "1250.5", "-3.5", "1250,50", "999999999.99"] {
        assert_valid(
            &amount,
            &serde_json::to_value(kr(text)).unwrap(),
            &format!("the amount {text}"),
        );
    }
    assert_eq!(serde_json::to_value(kr("1250,5")).unwrap(), "1250.50");
    assert_valid(
        &doc.component("Personnummer"),
        &serde_json::to_value(person()).unwrap(),
        "a personnummer",
    );
    let decimal = doc.component("Decimal");
    for d in [
        Decimal::new(100, 0),
        Decimal::new(375, 1),
        Decimal::new(-5, 2),
    ] {
        assert_valid(&decimal, &serde_json::to_value(d).unwrap(), "a decimal");
    }
    assert_valid(
        &doc.component("Period"),
        &serde_json::to_value(period(date(2026, 1, 1), date(2026, 1, 1))).unwrap(),
        "a one-day period",
    );
}

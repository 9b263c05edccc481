//! The look-up form's checks: each error names its field in Swedish and never repeats input.

use underlag_domain::Organisationsnummer;

use super::*;
use crate::config::{PurposeConfig, WebConfig};

fn config() -> WebConfig {
    let mut c = WebConfig::new(Organisationsnummer::parse("2120000142").unwrap());
    c.purposes = vec![PurposeConfig {
        code: "EKB-UTREDNING".into(),
        label: "Utredning".into(),
        legal_basis: "12 kap. socialtjänstlagen (2025:400)".into(),
    }];
    c
}

fn today() -> Date {
    jiff::civil::date(2026, 12, 3)
}

fn valid() -> LookupForm {
    LookupForm {
        case_id: "EB-1".into(),
        members: "198603052393\n\n19880512-2390\n".into(),
        application_month: "2026-10".into(),
        purpose: "EKB-UTREDNING".into(),
        sources: ["fk".to_owned(), "af".to_owned()].into(),
        ..LookupForm::default()
    }
}

#[test]
fn a_valid_form_gives_the_default_period_of_the_shown_months() {
    let input = valid().check(&config(), today()).unwrap();
    assert_eq!(input.members.len(), 2);
    assert_eq!(input.period.from(), jiff::civil::date(2026, 7, 1));
    assert_eq!(input.period.to(), jiff::civil::date(2026, 10, 31));
    assert_eq!(input.sources.len(), 2);
}

#[test]
fn bad_input_names_each_field_in_swedish_without_the_value() {
    let form = LookupForm {
        case_id: " ".into(),
        members: "198603052393\n12345<script>\n198603052393".into(),
        application_month: "oktober".into(),
        period_from: "2026-13-01".into(),
        purpose: "NOPE".into(),
        sources: ["xx".to_owned()].into(),
        ..LookupForm::default()
    };
    let errors = form.check(&config(), today()).unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
    for field in [
        "case_id",
        "members",
        "application_month",
        "period_from",
        "purpose",
        "sources",
    ] {
        assert!(fields.contains(&field), "{field} missing in {fields:?}");
    }
    let text: String = errors.iter().map(|e| e.message.clone()).collect();
    assert!(text.contains("rad 2"), "{text}");
    assert!(text.contains("rad 3"), "{text}");
    assert!(text.contains("Hushållets medlemmar"), "{text}");
    assert!(!text.contains("script") && !text.contains("oktober") && !text.contains("NOPE"));
}

#[test]
fn an_empty_household_and_no_source_are_refused() {
    let form = LookupForm {
        members: "\n".into(),
        sources: Default::default(),
        ..valid()
    };
    let errors = form.check(&config(), today()).unwrap_err();
    assert!(errors.iter().any(|e| e.field == "members"));
    assert!(errors.iter().any(|e| e.field == "sources"));
}

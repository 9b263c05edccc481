//! Protected identity: a banner flag, and no address-like data (nor names) anywhere in the
//! overview, whatever the sources sent.

use underlag_domain::SourceId;
use underlag_domain::model::{
    Address, Code, Decision, DecisionStatus, Frequency, PersonInfo, ProtectionKind,
    ProtectionMarker, RelatedPerson, SourceData,
};
use underlag_overview::{MemberAnswers, OverviewRules, build};

use crate::fixtures::*;

/// Address-like and naming values the sources send in this test.
const SECRETS: [&str; 7] = [
    "Hemligvägen 12",
    "c/o Skyddsson",
    "123 45",
    "Gömstad",
    "Norge",
    "Hemlig",
    "Skyddsson",
];

fn person_with_address(protected: bool) -> PersonInfo {
    PersonInfo {
        identity: Some(pnr(PROTECTED)),
        given_name: Some("Hemlig".to_owned()),
        family_name: Some("Skyddsson".to_owned()),
        protection: if protected {
            vec![ProtectionMarker {
                source: SourceId::Fk,
                kind: ProtectionKind::SkyddadFolkbokforing,
                field: "skyddad".to_owned(),
            }]
        } else {
            Vec::new()
        },
        addresses: vec![Address {
            kind: "folkbokforing".to_owned(),
            lines: vec!["Hemligvägen 12".to_owned(), "c/o Skyddsson".to_owned()],
            postal_code: Some("123 45".to_owned()),
            town: Some("Gömstad".to_owned()),
            country: Some("Norge".to_owned()),
        }],
        ..PersonInfo::default()
    }
}

fn fk_data(protected: bool) -> SourceData {
    let mut data = data_with_payments(vec![paid("FK", "BOB", day("2026-09", 26), 2_000, 2_000)]);
    data.person = Some(person_with_address(protected));
    let mut d = Decision::new(Code::new("BOB"), DecisionStatus::Granted, "FK");
    d.amount = Some(kr(2_000));
    d.frequency = Some(Frequency::Monthly);
    d.period = Some(period(day("2026-07", 1), day("2026-12", 31)));
    d.co_applicants = vec![RelatedPerson {
        identity: None,
        name: Some("Hemlig Skyddsson".to_owned()),
        protected: true,
    }];
    data.decisions.push(d);
    data
}

#[test]
fn a_protected_member_sets_the_banner_flag_and_the_overview_carries_no_address_like_data() {
    let protected = pnr(PROTECTED);
    let applicant = pnr(APPLICANT);
    let protected_results = answers(vec![ok(SourceId::Fk, fk_data(true))]);
    let applicant_results = answers(vec![ok(SourceId::Fk, fk_data(false))]);
    let overview = build(
        &lookup(),
        &[
            MemberAnswers {
                personnummer: &applicant,
                results: &applicant_results,
            },
            MemberAnswers {
                personnummer: &protected,
                results: &protected_results,
            },
        ],
        &OverviewRules::default(),
    )
    .unwrap();
    assert!(overview.any_protected);
    assert!(!overview.members[0].protected);
    assert!(overview.members[1].protected);
    let json = serde_json::to_string(&overview).unwrap();
    for secret in SECRETS {
        assert!(!json.contains(secret), "the overview carries {secret:?}");
    }
    for key in [
        "\"address",
        "\"addresses\"",
        "\"postal_code\"",
        "\"town\"",
        "\"country\"",
        "\"given_name\"",
        "\"family_name\"",
        "\"co_applicants\"",
        "\"name\"",
    ] {
        assert!(!json.contains(key), "the overview has a field {key}");
    }
    // The figures are there all the same.
    assert!(json.contains("\"2000.00\""));
}

#[test]
fn an_unprotected_household_has_no_banner() {
    let applicant = pnr(APPLICANT);
    let overview = overview_of(&applicant, &answers(vec![ok(SourceId::Fk, fk_data(false))]));
    assert!(!overview.any_protected);
    let json = serde_json::to_string(&overview).unwrap();
    assert!(!json.contains("Hemligvägen"));
}

//! A human decides: a decision is a separate record, per section, that cannot be made without
//! a human actor; an adjustment needs a reason; an incomplete underlag's incomes cannot be
//! approved as they stand.

use underlag_domain::{Amount, SourceId};
use underlag_norm::decision::{
    DecisionRecord, DecisionSection, HumanActor, RequestedVerdict, SavedCalculation, Verdict,
};
use underlag_norm::{MunicipalSettings, RuleBook, UnansweredSource, calculate};
use underlag_overview::GapReason;

use crate::fixtures::*;

fn saved(complete: bool) -> SavedCalculation {
    let mut household = household("2026-03", vec![adult("Sökande")])
        .to_household("Handläggare Test")
        .unwrap();
    if !complete {
        household.unanswered.push(UnansweredSource {
            member: 0,
            source: SourceId::Fk,
            reason: GapReason::NotAnswered,
        });
    }
    let calculation = calculate(
        &RuleBook::embedded().unwrap(),
        &MunicipalSettings::exempelkommun().unwrap(),
        &household,
    )
    .unwrap();
    SavedCalculation {
        id: "bu-1".into(),
        case_id: "EB-1".into(),
        computed_by: "Handläggare Test".into(),
        calculation,
    }
}

fn approve_all() -> Vec<(DecisionSection, RequestedVerdict)> {
    DecisionSection::ALL
        .into_iter()
        .map(|s| (s, RequestedVerdict::Approve))
        .collect()
}

#[test]
fn no_decision_record_exists_without_a_human_actor() {
    // The only way to a DecisionRecord is DecisionRecord::new, which takes a HumanActor, and
    // the only way to a HumanActor is parse, which refuses no one and the system.
    for not_a_person in ["", "   ", "underlag", "SYSTEM", "automatisk", "hl\u{1b}01"] {
        let err = HumanActor::parse(not_a_person).unwrap_err();
        assert_eq!(err.field(), "decided_by", "{not_a_person:?}");
    }
    let actor = HumanActor::parse("handlaggare01").unwrap();
    let record = DecisionRecord::new(&saved(true), actor, &approve_all()).unwrap();
    assert_eq!(record.decided_by.name(), "handlaggare01");
    assert_eq!(record.sections.len(), 3);
    assert!(record.audit_description().contains("norm: godkänd"));
    assert!(record.audit_description().contains("regelversion norm "));
}

#[test]
fn a_calculation_decides_nothing_every_section_needs_a_verdict() {
    let saved = saved(true);
    let actor = HumanActor::parse("handlaggare01").unwrap();
    let partial = vec![(DecisionSection::Norm, RequestedVerdict::Approve)];
    let err = DecisionRecord::new(&saved, actor, &partial).unwrap_err();
    assert_eq!(err.field(), "sections.kostnader");
}

#[test]
fn an_adjustment_needs_a_reason_and_keeps_the_computed_amount_beside_it() {
    let saved = saved(true);
    let actor = HumanActor::parse("handlaggare01").unwrap();
    let mut verdicts = approve_all();
    verdicts[0] = (
        DecisionSection::Norm,
        RequestedVerdict::Adjust {
            amount: Amount::from_kronor(5600),
            reason: String::new(),
        },
    );
    let err = DecisionRecord::new(&saved, actor.clone(), &verdicts).unwrap_err();
    assert_eq!(err.field(), "sections.norm.reason");
    verdicts[0] = (
        DecisionSection::Norm,
        RequestedVerdict::Adjust {
            amount: Amount::from_kronor(5600),
            reason: "Särskilda skäl: fördyrad kost enligt läkarintyg".into(),
        },
    );
    let record = DecisionRecord::new(&saved, actor, &verdicts).unwrap();
    assert_eq!(record.sections[0].computed, kr(5220));
    assert_eq!(record.sections[0].decided(), kr(5600));
    assert!(matches!(
        record.sections[0].verdict,
        Verdict::Adjusted { .. }
    ));
    // The reason stays in the record, not in the audit chain's description.
    assert!(!record.audit_description().contains("läkarintyg"));
}

#[test]
fn an_incomplete_underlag_cannot_have_its_incomes_approved_as_they_stand() {
    let saved = saved(false);
    assert!(!saved.calculation.balance.is_complete());
    let actor = HumanActor::parse("handlaggare01").unwrap();
    let err = DecisionRecord::new(&saved, actor, &approve_all()).unwrap_err();
    assert_eq!(err.field(), "sections.inkomster");
}

#[test]
fn the_saved_underlag_records_its_rule_version_and_a_stable_digest() {
    let a = saved(true);
    let b = saved(true);
    assert_eq!(a.digest(), b.digest());
    assert_ne!(a.digest(), saved(false).digest());
    let text = a.audit_description();
    assert!(
        text.contains("bu-1") && text.contains("riksnorm 2026"),
        "{text}"
    );
}

/// A stored underlag reads back as the same calculation (every type of it, prefilled source
/// lines and unanswered sources included) only when its JSON matches the checksum its audit
/// record names; a changed byte is refused, never read as another underlag.
#[test]
fn a_stored_underlag_reads_back_equal_and_a_changed_byte_is_refused() {
    for complete in [true, false] {
        let original = saved(complete);
        let json = original.result_json();
        let checksum = original.digest();
        assert_eq!(checksum.len(), 64);
        assert!(original.audit_description().contains(&checksum));
        let back =
            SavedCalculation::from_stored("bu-1", "EB-1", "Handläggare Test", &json, &checksum)
                .unwrap();
        assert_eq!(back, original);
        // The decision on the stored underlag is the decision on the original.
        let actor = HumanActor::parse("Handläggare Test").unwrap();
        let adjust_incomes: Vec<_> = DecisionSection::ALL
            .into_iter()
            .map(|s| match s {
                DecisionSection::Incomes => (
                    s,
                    RequestedVerdict::Adjust {
                        amount: Amount::from_kronor(0),
                        reason: "Kontrollerat.".into(),
                    },
                ),
                _ => (s, RequestedVerdict::Approve),
            })
            .collect();
        assert_eq!(
            DecisionRecord::new(&back, actor.clone(), &adjust_incomes).unwrap(),
            DecisionRecord::new(&original, actor, &adjust_incomes).unwrap()
        );
        let total = serde_json::to_string(&original.calculation.norm.total).unwrap();
        let changed = json.replacen(&total, "\"1.00\"", 1);
        assert_ne!(changed, json, "the norm total is in the JSON");
        assert!(
            SavedCalculation::from_stored("bu-1", "EB-1", "x", &changed, &checksum).is_err(),
            "a changed amount is refused"
        );
        assert!(
            SavedCalculation::from_stored(
                "bu-1",
                "EB-1",
                "x",
                "{}",
                &underlag_norm::decision::checksum_of("{}")
            )
            .is_err(),
            "a matching checksum over something that is not a calculation is refused"
        );
    }
}

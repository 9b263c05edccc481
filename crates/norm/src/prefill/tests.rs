//! Prefill of earned income (AGI) from the month view: lines from employment referencing
//! their declaration, warnings carried, a missing answer blocking, no legal basis a note.

#![allow(clippy::unwrap_used)]

use jiff::civil::date;
use underlag_domain::model::{EarnedIncome, Employer, SourceData};
use underlag_domain::{
    Amount, Organisationsnummer, Outcome, Period, Personnummer, SourceId, SourceResult,
};
use underlag_overview::{Lookup, MemberAnswers, Month, Overview, OverviewRules, build};

use super::prefill;
use crate::input::IncomeOrigin;

fn october_pay(corrected: bool) -> EarnedIncome {
    EarnedIncome {
        employer: Employer {
            organisationsnummer: Organisationsnummer::parse("9699000015").unwrap(),
            name: Some("Exempelbolaget AB".to_owned()),
        },
        month: Period::new(date(2026, 10, 1), date(2026, 10, 31)).unwrap(),
        specification_number: "7".to_owned(),
        gross: Some(Amount::from_kronor(12_000)),
        gross_without_contributions: None,
        taxable_benefits: None,
        car_benefit: None,
        expense_deduction: None,
        tax: Some(Amount::from_kronor(3_000)),
        net: Some(Amount::from_kronor(9_000)),
        corrected,
        replaced: u32::from(corrected),
        received_on: Some(date(2026, 10, 12)),
        declared_before_payout: false,
    }
}

fn result(source: SourceId, outcome: Outcome) -> SourceResult {
    SourceResult {
        source,
        outcome,
        latency_ms: Some(3),
        retrieved_at: Some("2026-10-20T08:00:02Z".parse().unwrap()),
        attempts: 1,
        raw: None,
    }
}

/// The all-sources person of the simulator, every source "no match" but AGI.
fn overview_with(agi: Outcome) -> Overview {
    let member = Personnummer::parse_canonical("198603052393").unwrap();
    let mut results = vec![result(SourceId::Agi, agi)];
    for source in SourceId::ALL {
        if source != SourceId::Agi {
            results.push(result(
                source,
                Outcome::NoMatch {
                    warnings: Vec::new(),
                },
            ));
        }
    }
    let month = Month::parse("2026-10").unwrap();
    let lookup = Lookup {
        application_month: month,
        period: Period::new(month.plus(-2).first_day(), month.last_day()).unwrap(),
        started_at: "2026-10-20T08:00:00Z".parse().unwrap(),
    };
    build(
        &lookup,
        &[MemberAnswers {
            personnummer: &member,
            results: &results,
        }],
        &OverviewRules::default(),
    )
    .unwrap()
}

fn agi_ok(corrected: bool) -> Outcome {
    Outcome::Ok {
        data: Box::new(SourceData {
            earned_income: vec![october_pay(corrected)],
            ..SourceData::default()
        }),
        warnings: Vec::new(),
    }
}

#[test]
fn declared_net_pay_is_income_from_employment_referencing_its_declaration() {
    let filled = prefill(&overview_with(agi_ok(true)), &[0]);
    assert!(filled.unanswered.is_empty(), "{:?}", filled.unanswered);
    assert_eq!(filled.incomes.len(), 1);
    let income = &filled.incomes[0];
    assert_eq!(income.amount, Amount::from_kronor(9_000));
    assert!(income.employment, "jobbstimulans applies to declared pay");
    let IncomeOrigin::Source(origin) = &income.origin else {
        panic!("prefilled from the source: {:?}", income.origin);
    };
    assert_eq!(origin.source, SourceId::Agi);
    assert_eq!(origin.payer, "Exempelbolaget AB");
    assert_eq!(origin.specification_number.as_deref(), Some("7"));
    assert_eq!(
        origin.covers,
        Some(Period::new(date(2026, 10, 1), date(2026, 10, 31)).unwrap())
    );
    assert!(
        filled
            .warnings
            .iter()
            .any(|w| w.text.contains("Rättad deklaration")),
        "{:?}",
        filled.warnings
    );
}

#[test]
fn agi_not_answering_blocks_its_lines_and_is_unanswered() {
    let filled = prefill(&overview_with(Outcome::TimedOut), &[0]);
    assert!(filled.incomes.is_empty());
    assert_eq!(filled.unanswered.len(), 1);
    assert_eq!(filled.unanswered[0].source, SourceId::Agi);
}

#[test]
fn agi_not_entitled_is_a_carried_note_not_an_unanswered_source() {
    let filled = prefill(&overview_with(Outcome::NotEntitled), &[0]);
    assert!(filled.incomes.is_empty());
    assert!(filled.unanswered.is_empty(), "{:?}", filled.unanswered);
    assert!(
        filled.warnings.iter().any(|w| w
            .text
            .contains("Lön från arbetsgivardeklarationer hämtades inte")),
        "{:?}",
        filled.warnings
    );
}

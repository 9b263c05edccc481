//! Earned income from employers' declarations (AGI): lines per employer and month, corrections
//! and early declarations flagged, a missing answer a gap, and no legal basis a note, never a
//! zero and never a gap in every total.

use underlag_domain::model::{EarnedIncome, Employer, SourceData};
use underlag_domain::{Organisationsnummer, Outcome, SourceId, SourceResult};
use underlag_overview::{Figure, Gap, GapReason, LineBasis, Overview, Side, Total, WarningKind};

use crate::fixtures::*;

/// September 2026's pay from one employer: gross 24 500, tax 7 350, net 17 150.
fn september_pay() -> EarnedIncome {
    EarnedIncome {
        employer: Employer {
            organisationsnummer: Organisationsnummer::parse("9699000015").unwrap(),
            name: Some("Exempelbolaget AB".to_owned()),
        },
        month: period(day("2026-09", 1), day("2026-09", 30)),
        specification_number: "1".to_owned(),
        gross: Some(kr(24_500)),
        gross_without_contributions: None,
        taxable_benefits: None,
        car_benefit: None,
        expense_deduction: None,
        tax: Some(kr(7_350)),
        net: Some(kr(17_150)),
        corrected: false,
        replaced: 0,
        received_on: Some(day("2026-10", 12)),
        declared_before_payout: false,
    }
}

fn agi(pay: EarnedIncome) -> SourceResult {
    ok(
        SourceId::Agi,
        SourceData {
            earned_income: vec![pay],
            ..SourceData::default()
        },
    )
}

fn overview_with(agi_result: SourceResult) -> Overview {
    let member = pnr(APPLICANT);
    overview_of(&member, &answers(vec![agi_result]))
}

fn kinds(overview: &Overview) -> Vec<WarningKind> {
    overview.warnings.iter().map(|w| w.kind).collect()
}

#[test]
fn declared_pay_is_a_line_in_the_month_it_declares_with_its_employer_and_counts_in_the_totals() {
    let overview = overview_with(agi(september_pay()));
    let september = &overview.members[0].months[index(&overview, "2026-09")];
    let line = september
        .lines
        .iter()
        .find(|l| l.income.source == SourceId::Agi)
        .unwrap();
    assert_eq!(line.basis, LineBasis::EmployerDeclaration);
    assert_eq!(line.side, Side::Effected);
    assert_eq!(line.gross, Figure::Known { amount: kr(24_500) });
    assert_eq!(line.tax, Figure::Known { amount: kr(7_350) });
    assert_eq!(line.net, Figure::Known { amount: kr(17_150) });
    assert_eq!(line.payout_on, None);
    assert_eq!(line.provenance.payer, "Exempelbolaget AB");
    assert_eq!(
        line.provenance.covers,
        Some(period(day("2026-09", 1), day("2026-09", 30)))
    );
    assert_eq!(line.provenance.retrieved_at, Some(retrieved()));
    assert_eq!(line.income.label, "Lön från Exempelbolaget AB");
    assert_eq!(
        september.totals.effected.net,
        Total::Complete { amount: kr(17_150) }
    );
    // The declared month only: August and October have no AGI line.
    for other in ["2026-08", "2026-10"] {
        let m = &overview.members[0].months[index(&overview, other)];
        assert!(m.lines.iter().all(|l| l.income.source != SourceId::Agi));
    }
    assert!(!kinds(&overview).contains(&WarningKind::CorrectedDeclaration));
    assert!(!kinds(&overview).contains(&WarningKind::DeclaredBeforePayout));
    assert!(!kinds(&overview).contains(&WarningKind::EarnedIncomeNotFetched));
}

#[test]
fn a_corrected_declaration_is_flagged_as_rattad_deklaration() {
    let mut pay = september_pay();
    pay.corrected = true;
    pay.replaced = 1;
    let overview = overview_with(agi(pay));
    let warning = overview
        .warnings
        .iter()
        .find(|w| w.kind == WarningKind::CorrectedDeclaration)
        .unwrap();
    assert_eq!(warning.source, SourceId::Agi);
    assert_eq!(warning.month, Some(month("2026-09")));
    assert!(
        warning.cause.starts_with("Rättad deklaration"),
        "{}",
        warning.cause
    );
    // The declaration in force still counts.
    let september = &overview.members[0].months[index(&overview, "2026-09")];
    assert_eq!(
        september.totals.effected.net.complete_amount(),
        Some(kr(17_150))
    );
}

#[test]
fn pay_declared_before_its_month_began_is_flagged() {
    let mut pay = september_pay();
    pay.received_on = Some(day("2026-08", 28));
    pay.declared_before_payout = true;
    let overview = overview_with(agi(pay));
    let warning = overview
        .warnings
        .iter()
        .find(|w| w.kind == WarningKind::DeclaredBeforePayout)
        .unwrap();
    assert_eq!(warning.month, Some(month("2026-09")));
    assert!(
        warning.cause.contains("kanske inte utbetald"),
        "{}",
        warning.cause
    );
}

#[test]
fn agi_timing_out_makes_the_totals_partial_with_agi_named() {
    let member = pnr(APPLICANT);
    let overview = overview_with(timed_out(SourceId::Agi));
    let september = &overview.members[0].months[index(&overview, "2026-09")];
    assert_eq!(
        september.totals.effected.net,
        Total::Partial {
            known: kr(0),
            lacking: vec![Gap {
                member,
                source: SourceId::Agi,
                reason: GapReason::NotAnswered
            }]
        }
    );
    assert!(kinds(&overview).contains(&WarningKind::SourceDidNotAnswer));
}

#[test]
fn agi_not_entitled_or_not_requested_is_a_note_not_a_gap_in_every_total_and_never_zero_pay() {
    for (outcome, why) in [
        (Outcome::NotEntitled, "ingen rättslig grund registrerad"),
        (Outcome::NotRequested, "begärdes inte"),
    ] {
        let overview = overview_with(with_outcome(SourceId::Agi, outcome));
        let notes: Vec<_> = overview
            .warnings
            .iter()
            .filter(|w| w.kind == WarningKind::EarnedIncomeNotFetched)
            .collect();
        assert_eq!(notes.len(), 1);
        assert!(
            notes[0]
                .cause
                .starts_with("Lön från arbetsgivardeklarationer hämtades inte"),
            "{}",
            notes[0].cause
        );
        assert!(notes[0].cause.contains(why), "{}", notes[0].cause);
        for m in &overview.members[0].months {
            assert!(m.lines.iter().all(|l| l.income.source != SourceId::Agi));
            assert!(
                m.totals
                    .effected
                    .net
                    .lacking()
                    .iter()
                    .all(|g| g.source != SourceId::Agi)
            );
            assert!(m.totals.effected.net.complete_amount().is_some());
        }
    }
}

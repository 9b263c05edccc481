//! Households for the tests, written as the wire form a case system or the CLI sends.

use underlag_domain::Amount;
use underlag_norm::{
    AmountWire, Calculation, CostWire, HouseholdFile, IncomeWire, MemberWire, MunicipalSettings,
    NormError, RuleBook, calculate,
};

pub(crate) fn adult(label: &str) -> MemberWire {
    MemberWire {
        label: label.into(),
        age: 35,
        partner: false,
        at_school: false,
        lunch_at_home: true,
        jobbstimulans_from: None,
    }
}

pub(crate) fn partner(label: &str) -> MemberWire {
    MemberWire {
        partner: true,
        ..adult(label)
    }
}

pub(crate) fn child(label: &str, age: u8) -> MemberWire {
    MemberWire {
        age,
        at_school: age >= 7,
        ..adult(label)
    }
}

pub(crate) fn child_without_lunch(label: &str, age: u8) -> MemberWire {
    MemberWire {
        lunch_at_home: false,
        ..child(label, age)
    }
}

pub(crate) fn household(month: &str, members: Vec<MemberWire>) -> HouseholdFile {
    HouseholdFile {
        month: month.into(),
        members,
        ..HouseholdFile::default()
    }
}

pub(crate) fn cost(kind: &str, kronor: i64) -> CostWire {
    CostWire {
        kind: kind.into(),
        label: None,
        amount: AmountWire::Kronor(kronor),
    }
}

pub(crate) fn income(member: usize, code: &str, kronor: i64) -> IncomeWire {
    IncomeWire {
        member,
        code: code.into(),
        label: None,
        amount: AmountWire::Kronor(kronor),
        unit: None,
        employment: false,
        earned_earlier_in_year: None,
    }
}

pub(crate) fn wage(member: usize, kronor: i64) -> IncomeWire {
    IncomeWire {
        employment: true,
        ..income(member, "Lon", kronor)
    }
}

pub(crate) fn compute(file: &HouseholdFile) -> Result<Calculation, NormError> {
    let book = RuleBook::embedded().unwrap();
    compute_with(&book, file)
}

pub(crate) fn compute_with(
    book: &RuleBook,
    file: &HouseholdFile,
) -> Result<Calculation, NormError> {
    let settings = MunicipalSettings::exempelkommun().unwrap();
    let household = file.to_household("Handläggare Test").unwrap();
    calculate(book, &settings, &household)
}

pub(crate) fn kr(kronor: i64) -> Amount {
    Amount::from_kronor(kronor)
}

/// The norm's sum must equal its lines' sum (every test checks it in passing).
pub(crate) fn norm_total(calc: &Calculation) -> Amount {
    let sum: Amount = calc.norm.lines.iter().map(|l| l.amount).sum();
    assert_eq!(sum, calc.norm.total, "norm is the sum of its lines");
    calc.norm.total
}

//! Properties: more counted income never raises the deficit; the norm is the sum of its
//! parts; households larger than seven follow the rule.

use proptest::prelude::*;
use underlag_norm::{HouseholdFile, MemberWire};

use crate::fixtures::*;

const YEARS: [&str; 6] = ["2014", "2015", "2017", "2019", "2021", "2023"];

fn members() -> impl Strategy<Value = Vec<MemberWire>> {
    (any::<bool>(), proptest::collection::vec(0u8..=20, 0..12)).prop_map(|(couple, ages)| {
        let mut m = if couple {
            vec![partner("Vuxen 1"), partner("Vuxen 2")]
        } else {
            vec![adult("Vuxen")]
        };
        for (i, age) in ages.into_iter().enumerate() {
            m.push(child(&format!("Barn {i}"), age));
        }
        m
    })
}

fn file(year: usize, members: Vec<MemberWire>) -> HouseholdFile {
    household(&format!("{}-06", YEARS[year]), members)
}

proptest! {
    #[test]
    fn more_counted_income_never_raises_the_deficit(
        year in 0..YEARS.len(),
        members in members(),
        rent in 0i64..20_000,
        first in 0i64..50_000,
        more in 0i64..50_000,
    ) {
        let mut f = file(year, members);
        f.costs = vec![cost("housing", rent)];
        f.incomes = vec![income(0, "AS", first)];
        let lower = compute(&f).unwrap().balance.deficit().unwrap();
        f.incomes[0] = income(0, "AS", first + more);
        let higher = compute(&f).unwrap().balance.deficit().unwrap();
        prop_assert!(higher <= lower);
    }

    #[test]
    fn the_norm_is_the_sum_of_its_parts(year in 0..YEARS.len(), members in members()) {
        let calc = compute(&file(year, members)).unwrap();
        let sum: underlag_domain::Amount = calc.norm.lines.iter().map(|l| l.amount).sum();
        prop_assert_eq!(sum, calc.norm.total);
    }

    #[test]
    fn households_larger_than_seven_follow_the_rule(year in 0..YEARS.len(), members in members()) {
        let size = members.len();
        let calc = compute(&file(year, members)).unwrap();
        let book = underlag_norm::RuleBook::embedded().unwrap();
        let table = book.table(YEARS[year].parse().unwrap()).unwrap();
        let common = calc.norm.lines.last().unwrap().amount;
        if size > 7 {
            let seven = table.cells[&underlag_norm::CellKey::Common(7)].amount;
            let step = table.per_member_beyond_seven().unwrap();
            let expected = seven.value() + step.value() * rust_decimal::Decimal::from(size as u64 - 7);
            prop_assert_eq!(common.value(), expected);
        } else {
            prop_assert_eq!(common, table.cells[&underlag_norm::CellKey::Common(size as u8)].amount);
        }
    }
}

//! The pool of identity numbers the population is built from: only Skatteverket's published
//! test personnummer and test samordningsnummer, which are never assigned to real people.
//!
//! The lists are compiled in; numbers are drawn without replacement, per birth year, in a
//! deterministic order, so no two synthetic persons (or children) share a number.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::RangeInclusive;

use underlag_domain::Personnummer;

use super::rng::Rng;

/// Skatteverket's test personnummer (12 digits), as published.
pub(crate) const PERSONNUMMER_JSON: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/testpersonnummer/personnummer.json"
));

/// Skatteverket's test samordningsnummer (12 digits), as published.
pub(crate) const SAMORDNINGSNUMMER_JSON: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/testpersonnummer/samordningsnummer.json"
));

/// Parses one published list, skipping anything that is not a valid 12-digit number.
pub(crate) fn parse_list(json: &str) -> Vec<Personnummer> {
    let raw: Vec<String> = serde_json::from_str(json).unwrap_or_default();
    raw.iter()
        .filter_map(|s| Personnummer::parse_canonical(s).ok())
        .collect()
}

/// Which list a number is drawn from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberKind {
    /// A test personnummer.
    Personnummer,
    /// A test samordningsnummer.
    Samordningsnummer,
}

/// Unused numbers, by list and birth year, each year's numbers in a shuffled order.
pub(crate) struct NumberPool {
    by_year: BTreeMap<(u8, i32), Vec<Personnummer>>,
    used: BTreeSet<Personnummer>,
}

fn kind_key(kind: NumberKind) -> u8 {
    match kind {
        NumberKind::Personnummer => 0,
        NumberKind::Samordningsnummer => 1,
    }
}

fn birth_year(p: &Personnummer) -> i32 {
    p.expose()
        .get(..4)
        .and_then(|y| y.parse().ok())
        .unwrap_or(0)
}

impl NumberPool {
    /// Builds the pool from both published lists.
    pub(crate) fn load(rng: &mut Rng) -> Self {
        let mut by_year: BTreeMap<(u8, i32), Vec<Personnummer>> = BTreeMap::new();
        let mut seen = BTreeSet::new();
        for (kind, json) in [
            (NumberKind::Personnummer, PERSONNUMMER_JSON),
            (NumberKind::Samordningsnummer, SAMORDNINGSNUMMER_JSON),
        ] {
            for p in parse_list(json) {
                if seen.insert(p.clone()) {
                    by_year
                        .entry((kind_key(kind), birth_year(&p)))
                        .or_default()
                        .push(p);
                }
            }
        }
        for list in by_year.values_mut() {
            rng.shuffle(list);
        }
        Self {
            by_year,
            used: BTreeSet::new(),
        }
    }

    /// Reserves a specific number (the documented all-sources person). Returns false when the
    /// number is not in the published lists or is already taken.
    pub(crate) fn reserve(&mut self, wanted: &Personnummer) -> bool {
        for list in self.by_year.values_mut() {
            if let Some(i) = list.iter().position(|p| p == wanted) {
                let p = list.remove(i);
                return self.used.insert(p);
            }
        }
        false
    }

    /// Draws an unused number of the given kind born in one of `years`. Returns `None` when
    /// the range is exhausted.
    pub(crate) fn draw(
        &mut self,
        rng: &mut Rng,
        kind: NumberKind,
        years: RangeInclusive<i32>,
        with_birth_date: bool,
    ) -> Option<Personnummer> {
        let key = kind_key(kind);
        let candidates: Vec<(u8, i32)> = self
            .by_year
            .iter()
            .filter(|((k, y), list)| *k == key && years.contains(y) && !list.is_empty())
            .map(|(k, _)| *k)
            .collect();
        if candidates.is_empty() {
            return None;
        }
        // Try a few random years, then fall back to scanning them in order.
        let start = rng.range(0, candidates.len() as i64 - 1) as usize;
        for offset in 0..candidates.len() {
            let year_key = candidates[(start + offset) % candidates.len()];
            let list = self.by_year.get_mut(&year_key)?;
            if let Some(i) = list
                .iter()
                .rposition(|p| !with_birth_date || p.birth_date().is_some())
            {
                let p = list.remove(i);
                self.used.insert(p.clone());
                return Some(p);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_parse() {
        assert!(parse_list(PERSONNUMMER_JSON).len() > 41_000);
        assert!(parse_list(SAMORDNINGSNUMMER_JSON).len() > 2_000);
    }

    #[test]
    fn draws_are_unique_and_in_range() {
        let mut rng = Rng::new(1);
        let mut pool = NumberPool::load(&mut rng);
        let mut seen = BTreeSet::new();
        for _ in 0..200 {
            let p = pool
                .draw(&mut rng, NumberKind::Personnummer, 1980..=1985, true)
                .unwrap();
            assert!((1980..=1985).contains(&birth_year(&p)));
            assert!(seen.insert(p));
        }
    }
}

//! The synthetic population: size, provenance of every number, stories, determinism, and the
//! all-sources person.

use std::collections::BTreeSet;

use underlag_domain::SourceId;
use underlag_sim::population::DEFAULT_REFERENCE_DATE;
use underlag_sim::{Population, StoryKind};

fn published() -> BTreeSet<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/testpersonnummer");
    let mut all = BTreeSet::new();
    for file in ["personnummer.json", "samordningsnummer.json"] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let list: Vec<String> = serde_json::from_str(&text).unwrap();
        all.extend(list);
    }
    all
}

#[test]
fn at_least_500_persons_all_from_the_published_lists() {
    let pop = Population::default();
    assert!(pop.persons().len() >= 500, "{}", pop.persons().len());
    let published = published();
    let mut seen = BTreeSet::new();
    for p in pop.persons() {
        let n = p.personnummer.expose();
        assert!(
            published.contains(n),
            "a number outside the published test lists"
        );
        assert!(seen.insert(n.to_owned()), "a number used twice");
        for child in p.fk.iter().flat_map(|f| &f.children) {
            assert!(
                published.contains(child.personnummer.expose()),
                "a child outside the lists"
            );
            assert!(
                seen.insert(child.personnummer.expose().to_owned()),
                "a child number used twice"
            );
        }
    }
    assert!(pop.persons().iter().any(|p| p.has_samordningsnummer()));
}

#[test]
fn every_story_kind_is_present() {
    let pop = Population::default();
    for kind in StoryKind::ALL {
        assert!(pop.with_story(kind).next().is_some(), "{kind:?}");
    }
    assert!(
        pop.with_story(StoryKind::PermitTimeLimited)
            .any(|p| p.has_samordningsnummer())
    );
    assert!(
        pop.with_story(StoryKind::PermitPermanent)
            .any(|p| p.has_samordningsnummer())
    );
}

#[test]
fn generation_is_deterministic() {
    assert_eq!(
        Population::generate(DEFAULT_REFERENCE_DATE),
        Population::generate(DEFAULT_REFERENCE_DATE)
    );
    let other = Population::generate(jiff::civil::date(2027, 3, 15));
    assert_eq!(other, Population::generate(jiff::civil::date(2027, 3, 15)));
    assert_eq!(other.reference_date(), jiff::civil::date(2027, 3, 15));
}

#[test]
fn the_all_sources_person_is_known_everywhere() {
    let pop = Population::default();
    let p = pop.all_sources_person();
    assert_eq!(
        p.personnummer.expose(),
        underlag_sim::population::ALL_SOURCES_PERSONNUMMER
    );
    assert!(p.has_story(StoryKind::AllSources));
    for source in SourceId::ALL {
        assert!(p.known_to(source), "{source}");
    }
    assert!(!p.protected);
}

#[test]
fn unknown_persons_are_known_nowhere_and_protected_ones_are_marked() {
    let pop = Population::default();
    for p in pop.with_story(StoryKind::UnknownEverywhere) {
        assert!(SourceId::ALL.iter().all(|s| !p.known_to(*s)));
    }
    assert!(
        !SourceId::ALL
            .iter()
            .any(|s| pop.unknown_person().known_to(*s))
    );
    let protected: Vec<_> = pop.protected_persons().collect();
    assert!(protected.len() >= 20);
    let with_address = protected
        .iter()
        .filter(|p| p.fk.as_ref().unwrap().address.is_some())
        .count();
    for p in &protected {
        assert!(p.has_story(StoryKind::ProtectedIdentity));
    }
    // Sekretessmarkering: FK holds a real address the gateway must withhold; skyddad
    // folkbokföring: no address of the person's own.
    assert!(
        with_address > 0 && with_address < protected.len(),
        "both kinds of protected person exist ({with_address} of {} with an address)",
        protected.len()
    );
    assert!(
        pop.protected_persons()
            .any(|p| p.af.is_some() && p.csn.is_some() && p.fk.is_some())
    );
}

#[test]
fn long_histories_span_more_than_30_months() {
    let pop = Population::default();
    for p in pop.with_story(StoryKind::LongHistory) {
        let fk = p.fk.as_ref().unwrap();
        let dates: Vec<_> = fk
            .payments
            .iter()
            .map(|x| x.payout_on)
            .chain(fk.pm_payments.iter().map(|x| x.payout_on))
            .collect();
        let first = dates.iter().min().unwrap();
        let last = dates.iter().max().unwrap();
        let months = (i32::from(last.year()) - i32::from(first.year())) * 12
            + i32::from(last.month())
            - i32::from(first.month());
        assert!(months >= 30, "{months} months");
    }
}

#[test]
fn preliminary_and_effected_payments_exist() {
    use underlag_sim::population::PaymentState;
    let pop = Population::default();
    let payments: Vec<_> = pop
        .persons()
        .iter()
        .filter_map(|p| p.fk.as_ref())
        .flat_map(|f| &f.payments)
        .collect();
    assert!(
        payments
            .iter()
            .any(|p| p.state == PaymentState::Preliminary)
    );
    assert!(payments.iter().any(|p| p.state == PaymentState::Effected));
    for p in payments {
        assert_eq!(
            p.state == PaymentState::Effected,
            p.payout_on <= pop.reference_date()
        );
        let deductions: underlag_domain::Amount = p.deductions.iter().map(|d| d.amount).sum();
        assert_eq!(p.net, p.gross.minus(p.tax).minus(deductions));
    }
}

#[test]
fn population_md_matches_the_population() {
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("POPULATION.md"),
    )
    .unwrap();
    let pop = Population::default();
    let mut rows = 0;
    for line in doc.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let name = cells[1].trim_matches('`');
        let Some(kind) = StoryKind::ALL
            .into_iter()
            .find(|k| serde_json::to_value(k).unwrap() == name)
        else {
            continue;
        };
        rows += 1;
        assert_eq!(
            cells[2],
            pop.with_story(kind).count().to_string(),
            "count of {name}"
        );
        let example = pop
            .persons()
            .iter()
            .find(|p| p.personnummer.expose() == cells[3])
            .expect("example exists");
        assert!(example.has_story(kind), "example of {name}");
    }
    assert_eq!(rows, StoryKind::ALL.len());
    assert!(doc.contains(&format!("{} persons in total", pop.persons().len())));
    assert!(doc.contains(underlag_sim::population::ALL_SOURCES_PERSONNUMMER));
}

#[test]
fn the_all_sources_story_is_as_documented() {
    use jiff::civil::date;
    let pop = Population::default();
    let p = pop.all_sources_person();
    assert_eq!(p.full_name(), "Samir Lindqvist");
    let csn = &p.csn.as_ref().unwrap().cases[0];
    assert_eq!(
        (
            csn.granted[0].start_week.as_str(),
            csn.granted[1].end_week.as_str()
        ),
        ("202435", "202522")
    );
    assert_eq!(csn.payments.first().unwrap().payout_on, date(2024, 7, 25));
    assert_eq!(csn.payments.last().unwrap().payout_on, date(2025, 4, 25));
    let af = p.af.as_ref().unwrap();
    assert_eq!(af.registered_on, date(2025, 9, 4));
    assert_eq!(
        (af.decisions[0].from, af.decisions[0].to),
        (date(2026, 5, 1), date(2027, 2, 28))
    );
    let fund = &p.so.as_ref().unwrap().funds[0];
    assert_eq!(fund.payments[0].covers.from(), date(2025, 9, 11));
    assert_eq!(fund.payments.last().unwrap().covers.to(), date(2026, 4, 30));
    assert_eq!(
        (fund.suspensions[0].from(), fund.suspensions[0].to()),
        (date(2025, 11, 5), date(2026, 1, 6))
    );
    let fk = p.fk.as_ref().unwrap();
    assert_eq!(fk.payments[0].payout_on, date(2026, 6, 26));
    assert_eq!(fk.payments.last().unwrap().payout_on, date(2026, 12, 26));
    assert_eq!(
        fk.cases[0].decisions[0].gross,
        underlag_domain::Amount::from_kronor(480)
    );
    let skv = p.skv.as_ref().unwrap();
    assert_eq!(skv.payouts.last().unwrap().booked_on, date(2026, 6, 8));
    let plates: Vec<_> = p
        .tns
        .as_ref()
        .unwrap()
        .vehicles
        .iter()
        .map(|v| v.registration.as_str())
        .collect();
    assert_eq!(plates, ["QDS469", "QUR998"]);
    let miv = p.miv.as_ref().unwrap();
    assert_eq!(
        (miv.home_country, miv.entered_on, miv.cases.len()),
        ("THAILAND", date(2021, 11, 5), 3)
    );
    let current = miv.cases.last().unwrap().valid.unwrap();
    assert_eq!(
        (current.from(), current.to()),
        (date(2026, 4, 24), date(2028, 4, 23))
    );
}

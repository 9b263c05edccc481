//! Unit tests of the generator's internal consistency (the public behaviour is tested in the
//! integration tests).

use super::*;

#[test]
fn index_and_special_persons_are_consistent() {
    let p = Population::default();
    for (i, person) in p.persons().iter().enumerate() {
        assert_eq!(p.index.get(&person.personnummer), Some(&i));
    }
    assert!(p.all_sources_person().has_story(StoryKind::AllSources));
    assert!(p.unknown_person().has_story(StoryKind::UnknownEverywhere));
}

#[test]
fn payments_match_their_facts() {
    let p = Population::default();
    for person in p.persons() {
        if let Some(so) = &person.so {
            for fund in &so.funds {
                for pay in &fund.payments {
                    assert!(pay.days > 0);
                    assert!(pay.net_after_deductions <= pay.net_after_tax);
                    assert!(fund.suspensions.iter().all(|s| !s.contains(&pay.covers)));
                }
            }
        }
        if let Some(csn) = &person.csn {
            for case in &csn.cases {
                for pay in &case.payments {
                    assert_eq!(pay.total, pay.amounts.iter().map(|a| a.total).sum());
                }
            }
        }
    }
}

#[test]
fn the_population_is_large_covers_every_case_list_and_builds_quickly() {
    let started = tokio::time::Instant::now();
    let p = Population::default();
    let took = started.elapsed();
    // Printed, not asserted tightly: release builds take about 50 ms, debug about 0.5 s.
    eprintln!("{} persons built in {took:?}", p.persons().len());
    assert!(took < std::time::Duration::from_secs(10));
    assert!(p.persons().len() >= 2_000);
    for benefit in FkBenefit::ALL {
        let persons = p
            .persons()
            .iter()
            .filter(|x| {
                x.fk.as_ref()
                    .is_some_and(|f| f.cases.iter().any(|c| c.benefit == benefit))
            })
            .count();
        assert!(persons > 0, "{benefit:?}");
    }
    let samordning = p
        .persons()
        .iter()
        .filter(|x| x.has_samordningsnummer())
        .count();
    eprintln!("{samordning} with a samordningsnummer");
    for k in StoryKind::ALL {
        let first = p
            .with_story(k)
            .next()
            .map(|x| x.personnummer.expose().to_owned());
        eprintln!(
            "{} {} {}",
            serde_json::to_string(&k).unwrap_or_default(),
            p.with_story(k).count(),
            first.unwrap_or_default()
        );
    }
}

#[test]
fn the_same_date_gives_the_same_population() {
    assert_eq!(Population::default(), Population::default());
}

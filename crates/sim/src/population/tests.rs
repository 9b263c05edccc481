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
fn tmp_print_counts() {
    let t = std::time::Instant::now();
    let p = Population::default();
    eprintln!("built in {:?}", t.elapsed());
    eprintln!("total {}", p.persons().len());
    for k in StoryKind::ALL {
        let first = p.with_story(k).next().map(|x| x.personnummer.expose().to_owned());
        eprintln!("{:?} {} {:?}", k, p.with_story(k).count(), first);
    }
    let dev: usize = p.persons().iter().filter_map(|x| x.fk.as_ref()).map(|f| f.deviations.len()).sum();
    eprintln!("deviations {dev}");
}

#[test]
fn tmp_dev() {
    let p = Population::default();
    for x in p.persons() {
        if x.fk.as_ref().is_some_and(|f| !f.deviations.is_empty()) {
            eprintln!("{:?}", x.stories);
        }
    }
}

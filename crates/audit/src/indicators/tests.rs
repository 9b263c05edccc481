//! Unit tests of the misuse indicators on constructed records, DST boundaries included.

use std::collections::BTreeSet;

use jiff::Timestamp;
use jiff::civil::{Date, date};
use underlag_domain::Personnummer;

use super::*;
use crate::record::{AuditKind, AuditRecord, Channel};
use crate::testdata::pnr;

const ORG: &str = "2120000142";
const OTHER_ORG: &str = "2120000035";

/// The `n`th distinct test person.
fn person(n: u32) -> Personnummer {
    pnr(&format!("19900101{n:03}"))
}

/// Builds a log of records, numbered from 1 in the order given.
#[derive(Default)]
struct Log(Vec<ChainedRecord>);

impl Log {
    fn push(
        &mut self,
        kind: AuditKind,
        at: &str,
        org: &str,
        case_worker: &str,
        case_id: &str,
        who: Option<&Personnummer>,
    ) -> u64 {
        let at: Timestamp = at.parse().unwrap();
        let mut b = AuditRecord::builder(kind, format!("q-{}", self.0.len()), at, Channel::Rest)
            .organisation_str(org)
            .case_worker(case_worker)
            .case_id(case_id);
        if let Some(p) = who {
            b = b.subject(p);
        }
        if kind == AuditKind::Refused {
            b = b.refusal("not_entitled");
        }
        if kind == AuditKind::Admin {
            b = b.refusal("case.open");
        }
        let chained = ChainedRecord::after(self.0.last(), b.build());
        let seq = chained.seq;
        self.0.push(chained);
        seq
    }

    fn query(&mut self, at: &str, case_worker: &str, case_id: &str, who: &Personnummer) -> u64 {
        self.push(AuditKind::Query, at, ORG, case_worker, case_id, Some(who))
    }
}

fn settings() -> IndicatorSettings {
    IndicatorSettings::default()
}

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn cw(case_worker: &str) -> Scope {
    Scope::CaseWorker {
        organisation: ORG.into(),
        case_worker: case_worker.into(),
    }
}

#[test]
fn office_hours_are_local_weekday_hours() {
    let s = settings();
    // Monday 2 March 2026, winter time (UTC+1).
    assert!(!is_office_hours(at("2026-03-02T05:59:59Z"), &s)); // 06:59:59
    assert!(is_office_hours(at("2026-03-02T06:00:00Z"), &s)); // 07:00
    assert!(is_office_hours(at("2026-03-02T16:59:59Z"), &s)); // 17:59:59
    assert!(!is_office_hours(at("2026-03-02T17:00:00Z"), &s)); // 18:00
    // Wednesday 3 June 2026, summer time (UTC+2).
    assert!(is_office_hours(at("2026-06-03T05:00:00Z"), &s)); // 07:00
    assert!(!is_office_hours(at("2026-06-03T16:00:00Z"), &s)); // 18:00
    assert!(is_office_hours(at("2026-06-03T15:59:00Z"), &s)); // 17:59
}

#[test]
fn office_hours_follow_the_spring_dst_change() {
    let mut s = settings();
    s.office_hours.weekends_off = false;
    // Sunday 29 March 2026: clocks go from 02:00 CET to 03:00 CEST.
    // 05:30 UTC is 07:30 CEST (inside); a fixed UTC+1 would say 06:30 (outside).
    assert!(is_office_hours(at("2026-03-29T05:30:00Z"), &s));
    // The day before, 05:30 UTC is 06:30 CET (outside).
    assert!(!is_office_hours(at("2026-03-28T05:30:00Z"), &s));
    // 16:30 UTC: 17:30 CET on Saturday (inside), 18:30 CEST on Sunday (outside).
    assert!(is_office_hours(at("2026-03-28T16:30:00Z"), &s));
    assert!(!is_office_hours(at("2026-03-29T16:30:00Z"), &s));
    // Weekdays around the change, weekends off again (the default).
    let s = settings();
    assert!(!is_office_hours(at("2026-03-27T05:30:00Z"), &s)); // Fri 06:30 CET
    assert!(is_office_hours(at("2026-03-30T05:30:00Z"), &s)); // Mon 07:30 CEST
}

#[test]
fn office_hours_follow_the_autumn_dst_change() {
    let s = settings();
    // Friday 23 October 2026 is summer time: 16:30 UTC is 18:30 (outside).
    assert!(!is_office_hours(at("2026-10-23T16:30:00Z"), &s));
    // Monday 26 October 2026 is winter time: 16:30 UTC is 17:30 (inside).
    assert!(is_office_hours(at("2026-10-26T16:30:00Z"), &s));
    // Sunday 25 October 2026, 03:00 CEST becomes 02:00 CET: 02:30 happens twice, both outside.
    let mut s = settings();
    s.office_hours.weekends_off = false;
    assert!(!is_office_hours(at("2026-10-25T00:30:00Z"), &s));
    assert!(!is_office_hours(at("2026-10-25T01:30:00Z"), &s));
    assert!(is_office_hours(at("2026-10-25T06:00:00Z"), &s)); // 07:00 CET
    assert!(!is_office_hours(at("2026-10-25T05:59:00Z"), &s)); // 06:59 CET
}

#[test]
fn weekends_and_holidays_are_optional_off_hours() {
    let saturday = at("2026-03-07T09:00:00Z"); // 10:00
    let first_of_may = at("2026-05-01T08:00:00Z"); // Friday, 10:00 CEST
    let christmas_eve = at("2026-12-24T09:00:00Z"); // Thursday, 10:00
    let s = settings();
    assert!(!is_office_hours(saturday, &s));
    assert!(!is_office_hours(first_of_may, &s));
    assert!(!is_office_hours(christmas_eve, &s));
    let mut s = settings();
    s.office_hours.weekends_off = false;
    s.office_hours.holidays_off = false;
    assert!(is_office_hours(saturday, &s));
    assert!(is_office_hours(first_of_may, &s));
    s.office_hours.weekends_off = true;
    assert!(!is_office_hours(saturday, &s));
    assert!(is_office_hours(christmas_eve, &s));
}

#[test]
fn off_hours_findings_group_per_case_worker() {
    let mut log = Log::default();
    let p = person(1);
    let late = log.query("2026-03-02T19:00:00Z", "hl-1", "EB-1", &p); // 20:00
    log.query("2026-03-02T09:00:00Z", "hl-1", "EB-1", &p); // 10:00
    let early = log.query("2026-03-03T04:00:00Z", "hl-1", "EB-1", &p); // 05:00
    let weekend = log.push(
        AuditKind::Refused,
        "2026-03-08T10:00:00Z",
        ORG,
        "hl-2",
        "EB-2",
        Some(&p),
    );
    log.query("2026-03-04T12:00:00Z", "hl-3", "EB-3", &p);
    // An administrative change at night is no lookup.
    log.push(
        AuditKind::Admin,
        "2026-03-04T23:00:00Z",
        ORG,
        "admin",
        "EB-3",
        Some(&p),
    );
    let findings = off_hours(&log.0, &settings());
    assert_eq!(
        findings,
        vec![
            Finding {
                indicator: Indicator::OffHours,
                scope: cw("hl-1"),
                count: 2,
                threshold: None,
                seqs: vec![late, early],
            },
            Finding {
                indicator: Indicator::OffHours,
                scope: cw("hl-2"),
                count: 1,
                threshold: None,
                seqs: vec![weekend],
            },
        ]
    );
}

#[test]
fn a_person_under_more_than_n_case_ids_is_flagged_per_organisation() {
    let mut log = Log::default();
    let (many, few) = (person(1), person(2));
    let mut expected = Vec::new();
    for case in ["EB-1", "EB-2", "EB-3", "EB-4", "EB-4"] {
        expected.push(log.query("2026-03-02T09:00:00Z", "hl-1", case, &many));
    }
    for case in ["EB-1", "EB-2", "EB-3"] {
        log.query("2026-03-02T09:00:00Z", "hl-1", case, &few);
    }
    // Another organisation's cases do not add up with these.
    log.push(
        AuditKind::Query,
        "2026-03-02T09:00:00Z",
        OTHER_ORG,
        "x",
        "EB-9",
        Some(&few),
    );
    // A refused attempt is no lookup.
    log.push(
        AuditKind::Refused,
        "2026-03-02T09:00:00Z",
        ORG,
        "hl-1",
        "EB-8",
        Some(&few),
    );
    let findings = person_under_many_cases(&log.0, 3);
    assert_eq!(findings.len(), 1, "{findings:?}");
    let f = &findings[0];
    assert_eq!(f.indicator, Indicator::PersonUnderManyCases);
    assert_eq!(
        f.scope,
        Scope::Person {
            organisation: ORG.into(),
            person: many.clone()
        }
    );
    assert_eq!((f.count, f.threshold), (4, Some(3)));
    assert_eq!(f.seqs, expected);
    assert!(
        !format!("{findings:?}").contains(&many.expose()[2..]),
        "Debug never shows the digits"
    );
    assert_eq!(person_under_many_cases(&log.0, 2).len(), 2);
}

#[test]
fn a_case_with_more_than_m_persons_is_flagged() {
    let mut log = Log::default();
    let mut expected = Vec::new();
    for n in 1..=7 {
        expected.push(log.query("2026-03-02T09:00:00Z", "hl-1", "EB-BIG", &person(n)));
    }
    // Looking up the same person again adds a record, not a person.
    expected.push(log.query("2026-03-02T10:00:00Z", "hl-2", "EB-BIG", &person(1)));
    for n in 1..=6 {
        log.query("2026-03-02T09:00:00Z", "hl-1", "EB-SMALL", &person(n));
    }
    // The same case id at another organisation is another case.
    log.push(
        AuditKind::Query,
        "2026-03-02T09:00:00Z",
        OTHER_ORG,
        "x",
        "EB-SMALL",
        Some(&person(99)),
    );
    let findings = case_with_many_persons(&log.0, 6);
    assert_eq!(
        findings,
        vec![Finding {
            indicator: Indicator::CaseWithManyPersons,
            scope: Scope::Case {
                organisation: ORG.into(),
                case_id: "EB-BIG".into()
            },
            count: 7,
            threshold: Some(6),
            seqs: expected,
        }]
    );
}

#[test]
fn lookups_outside_an_open_case_are_flagged_by_the_registry_closure() {
    let mut log = Log::default();
    let (a, b) = (person(1), person(2));
    log.query("2026-03-02T09:00:00Z", "hl-1", "EB-1", &a);
    let wrong_case = log.query("2026-03-02T09:05:00Z", "hl-1", "EB-2", &a);
    let no_case = log.query("2026-03-02T09:10:00Z", "hl-2", "EB-1", &b);
    log.push(
        AuditKind::Refused,
        "2026-03-02T09:15:00Z",
        ORG,
        "hl-3",
        "EB-7",
        Some(&b),
    );
    let open: BTreeSet<(String, String, Personnummer)> =
        [(ORG.to_owned(), "EB-1".to_owned(), a.clone())].into();
    let is_open = |org: &str, case: &str, p: &Personnummer, _at: Timestamp| {
        open.contains(&(org.to_owned(), case.to_owned(), p.clone()))
    };
    let findings = outside_open_case(&log.0, is_open);
    assert_eq!(findings.len(), 2);
    assert_eq!(
        (&findings[0].scope, &findings[0].seqs),
        (&cw("hl-1"), &vec![wrong_case])
    );
    assert_eq!(
        (&findings[1].scope, &findings[1].seqs),
        (&cw("hl-2"), &vec![no_case])
    );
    assert!(outside_open_case(&log.0, |_, _, _, _| true).is_empty());
    // `all` runs it; `structural` does not.
    let every = all(&log.0, &settings(), is_open);
    assert!(
        every
            .iter()
            .any(|f| f.indicator == Indicator::OutsideOpenCase)
    );
    assert!(
        !structural(&log.0, &settings())
            .iter()
            .any(|f| f.indicator == Indicator::OutsideOpenCase)
    );
}

/// A household read is a lookup of every person read: counted off hours, per case, per case
/// worker and day, and outside an open case (here: read after the case closed, which the
/// closure learns from the lookup's time); an administrative record never is.
#[test]
fn household_reads_are_lookups_for_every_indicator() {
    let mut log = Log::default();
    let read = |log: &mut Log, at: &str, who: &Personnummer| {
        log.push(AuditKind::CaseRead, at, ORG, "hl-r", "EB-9", Some(who))
    };
    // Sunday 1 March 2026, 10:00 local: off hours.
    let sunday = read(&mut log, "2026-03-01T09:00:00Z", &person(1));
    let mut monday = Vec::new();
    for n in 2..=8 {
        monday.push(read(&mut log, "2026-03-02T09:00:00Z", &person(n)));
    }
    log.push(
        AuditKind::Admin,
        "2026-03-01T09:30:00Z",
        ORG,
        "hl-r",
        "EB-9",
        Some(&person(1)),
    );
    let s = IndicatorSettings {
        max_persons_per_case_worker_per_day: 5,
        ..settings()
    };
    assert_eq!(off_hours(&log.0, &s)[0].seqs, vec![sunday]);
    let per_case = case_with_many_persons(&log.0, s.max_persons_per_case);
    assert_eq!(
        per_case[0].count, 8,
        "eight distinct persons read under EB-9"
    );
    let per_day = many_persons_per_day(&log.0, &s);
    assert_eq!(per_day[0].seqs, monday);
    // The case closed on Monday 08:00 UTC: Sunday's read was inside it, Monday's outside.
    let closed = at("2026-03-02T08:00:00Z");
    let outside = outside_open_case(&log.0, |_, case, _, when| case == "EB-9" && when < closed);
    assert_eq!(outside.len(), 1);
    assert_eq!(outside[0].scope, cw("hl-r"));
    assert_eq!(outside[0].seqs, monday);
}

fn day_finding<'a>(findings: &'a [Finding], case_worker: &str, day: Date) -> Option<&'a Finding> {
    findings.iter().find(|f| {
        f.scope
            == Scope::CaseWorkerDay {
                organisation: ORG.into(),
                case_worker: case_worker.into(),
                day,
            }
    })
}

#[test]
fn more_than_the_daily_threshold_of_persons_is_flagged() {
    let mut log = Log::default();
    for n in 1..=26 {
        log.query("2026-03-02T10:00:00Z", "busy", "EB-1", &person(n));
    }
    for n in 1..=25 {
        log.query("2026-03-02T10:00:00Z", "steady", "EB-1", &person(n));
    }
    // Many lookups of few persons: 30 records, 10 persons.
    for i in 0..30 {
        log.query(
            "2026-03-02T10:00:00Z",
            "repeat",
            "EB-1",
            &person(i % 10 + 1),
        );
    }
    let findings = many_persons_per_day(&log.0, &settings());
    assert_eq!(findings.len(), 1, "{findings:?}");
    let busy = day_finding(&findings, "busy", date(2026, 3, 2)).unwrap();
    assert_eq!((busy.count, busy.threshold), (26, Some(25)));
    assert_eq!(busy.seqs, (1..=26).collect::<Vec<u64>>());
    let mut s = settings();
    s.max_persons_per_case_worker_per_day = 9;
    assert_eq!(many_persons_per_day(&log.0, &s).len(), 3);
}

#[test]
fn days_are_local_days_across_dst_changes() {
    let s = IndicatorSettings {
        max_persons_per_case_worker_per_day: 25,
        ..settings()
    };
    let mut log = Log::default();
    // 23:30 UTC on Saturday 28 March 2026 is 00:30 CET on Sunday 29 March.
    for n in 1..=13 {
        log.query("2026-03-28T23:30:00Z", "hl-1", "EB-1", &person(n));
    }
    // 21:30 UTC on Sunday 29 March is 23:30 CEST, still the 29th.
    for n in 14..=26 {
        log.query("2026-03-29T21:30:00Z", "hl-1", "EB-1", &person(n));
    }
    // 22:30 UTC on the 29th is 00:30 CEST on Monday 30 March.
    for n in 27..=40 {
        log.query("2026-03-29T22:30:00Z", "hl-1", "EB-1", &person(n));
    }
    let findings = many_persons_per_day(&log.0, &s);
    assert_eq!(findings.len(), 1, "{findings:?}");
    let f = day_finding(&findings, "hl-1", date(2026, 3, 29)).unwrap();
    assert_eq!(f.count, 26);
    assert_eq!(f.seqs, (1..=26).collect::<Vec<u64>>());

    // Autumn: 22:30 UTC on Saturday 24 October is 00:30 CEST on the 25th; 22:30 UTC on the
    // 25th is 23:30 CET, still the 25th.
    let mut log = Log::default();
    for n in 1..=13 {
        log.query("2026-10-24T22:30:00Z", "hl-1", "EB-1", &person(n));
    }
    for n in 14..=26 {
        log.query("2026-10-25T22:30:00Z", "hl-1", "EB-1", &person(n));
    }
    let findings = many_persons_per_day(&log.0, &s);
    assert_eq!(
        day_finding(&findings, "hl-1", date(2026, 10, 25)).map(|f| f.count),
        Some(26)
    );
}

#[test]
fn refused_attempts_are_counted_per_case_worker() {
    let mut log = Log::default();
    let p = person(1);
    let refuse = |log: &mut Log, case_worker: &str| {
        log.push(
            AuditKind::Refused,
            "2026-03-02T09:00:00Z",
            ORG,
            case_worker,
            "EB-1",
            Some(&p),
        )
    };
    let a1 = refuse(&mut log, "hl-1");
    log.query("2026-03-02T09:00:00Z", "hl-1", "EB-1", &p);
    let a2 = refuse(&mut log, "hl-1");
    let a3 = refuse(&mut log, "hl-1");
    let b1 = refuse(&mut log, "hl-2");
    let findings = refused_attempts(&log.0, 1);
    assert_eq!(
        findings
            .iter()
            .map(|f| (f.scope.clone(), f.count, f.seqs.clone()))
            .collect::<Vec<_>>(),
        vec![(cw("hl-1"), 3, vec![a1, a2, a3]), (cw("hl-2"), 1, vec![b1])]
    );
    let findings = refused_attempts(&log.0, 2);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].threshold, Some(2));
    // A minimum of 0 behaves as 1: a case worker without refusals is never listed.
    assert_eq!(refused_attempts(&log.0, 0).len(), 2);
}

#[test]
fn structural_runs_every_indicator_in_report_order() {
    let mut log = Log::default();
    for n in 1..=26 {
        log.query(
            "2026-03-07T10:00:00Z",
            "hl-1",
            &format!("EB-{n}"),
            &person(n),
        );
    }
    log.push(
        AuditKind::Refused,
        "2026-03-02T09:00:00Z",
        ORG,
        "hl-1",
        "EB-1",
        None,
    );
    let findings = structural(&log.0, &settings());
    let kinds: Vec<Indicator> = findings.iter().map(|f| f.indicator).collect();
    assert_eq!(
        kinds,
        vec![
            Indicator::OffHours,
            Indicator::ManyPersonsPerDay,
            Indicator::RefusedAttempts
        ]
    );
    assert!(structural(&[], &settings()).is_empty());
    let codes: BTreeSet<&str> = Indicator::ALL.iter().map(|i| i.code()).collect();
    assert_eq!(codes.len(), Indicator::ALL.len());
}

#[test]
fn the_built_in_rules_agree_with_the_tz_database() {
    let Ok(iana) = jiff::tz::TimeZone::get("Europe/Stockholm") else {
        return; // No tz database on this machine: nothing to compare with.
    };
    let rules = stockholm_rules();
    let mut t = at("1997-01-01T00:30:00Z");
    let end = at("2040-01-01T00:00:00Z");
    while t < end {
        assert_eq!(rules.to_datetime(t), iana.to_datetime(t), "{t}");
        t = t.checked_add(jiff::SignedDuration::from_hours(1)).unwrap();
    }
}

//! Misuse indicators for log follow-up (*logguppföljning*): pure functions over audit records
//! that point a reviewer at lookups worth a second look. An indicator is a reason to ask, not
//! a verdict.
//!
//! Administrative records ([`AuditKind::Admin`]) are no lookups and are never counted. A read
//! of a case's household ([`AuditKind::CaseRead`], one record per person read) is a lookup of
//! each person read, counted like a query ("lookups" below: queries and household reads).
//!
//! Every function takes records in any order and returns [`Finding`]s, each naming what it is
//! about ([`Scope`]), a count, and the seqs of the records behind it (ascending). Local times
//! are taken in [`IndicatorSettings::time_zone`] (Europe/Stockholm, see [`stockholm_rules`]).
//!
//! | indicator | records | one finding per | flagged when |
//! |---|---|---|---|
//! | [`Indicator::OffHours`] | lookups and refused attempts | organisation + case worker | made outside office hours (weekday window; weekends and holidays optional) |
//! | [`Indicator::PersonUnderManyCases`] | lookups | organisation + person | the person was looked up under more than N distinct case ids |
//! | [`Indicator::CaseWithManyPersons`] | lookups | organisation + case id | more than M distinct persons were looked up under the case |
//! | [`Indicator::OutsideOpenCase`] | lookups | organisation + case worker | `is_in_open_case(organisation, case_id, person, at)` is false |
//! | [`Indicator::ManyPersonsPerDay`] | lookups | organisation + case worker + local day | more than the threshold of distinct persons that day |
//! | [`Indicator::RefusedAttempts`] | refused attempts | organisation + case worker | at least the minimum count |
//!
//! `Debug` of a finding never prints a personnummer (the [`Personnummer`] in a [`Scope`] is
//! redacted); the caller decides where the digits are shown.

pub mod calendar;

use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;
use jiff::civil::{Date, Time, Weekday};
use jiff::tz::{self, TimeZone};
use underlag_domain::Personnummer;

use crate::encoding::ChainedRecord;
use crate::record::AuditKind;

/// The Swedish time rules (CET, CEST from the last Sunday of March 02:00 to the last Sunday of
/// October 03:00), as a POSIX rule, so no time zone database is read. It agrees with the tz
/// database's `Europe/Stockholm` for every instant since 1996.
pub fn stockholm_rules() -> TimeZone {
    TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").unwrap_or_else(|_| TimeZone::fixed(tz::offset(1)))
}

/// Which signal a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    /// Lookups outside office hours.
    OffHours,
    /// A person looked up under more than N case ids by one organisation.
    PersonUnderManyCases,
    /// A case with more than M distinct persons.
    CaseWithManyPersons,
    /// Lookups of a person outside any open case of theirs (the case unknown, not open at the
    /// time, or the person not in its household).
    OutsideOpenCase,
    /// More than the threshold of distinct persons per case worker per day.
    ManyPersonsPerDay,
    /// Refused attempts per case worker.
    RefusedAttempts,
}

impl Indicator {
    /// Every indicator, in report order.
    pub const ALL: [Indicator; 6] = [
        Indicator::OffHours,
        Indicator::PersonUnderManyCases,
        Indicator::CaseWithManyPersons,
        Indicator::OutsideOpenCase,
        Indicator::ManyPersonsPerDay,
        Indicator::RefusedAttempts,
    ];

    /// The stable code (`off_hours`, …).
    pub fn code(self) -> &'static str {
        match self {
            Indicator::OffHours => "off_hours",
            Indicator::PersonUnderManyCases => "person_under_many_cases",
            Indicator::CaseWithManyPersons => "case_with_many_persons",
            Indicator::OutsideOpenCase => "outside_open_case",
            Indicator::ManyPersonsPerDay => "many_persons_per_day",
            Indicator::RefusedAttempts => "refused_attempts",
        }
    }
}

/// What a finding is about. Organisations are 10-digit organisationsnummer as audited.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scope {
    /// One case worker of one organisation.
    CaseWorker {
        /// The organisation.
        organisation: String,
        /// The case worker.
        case_worker: String,
    },
    /// One case worker on one local day.
    CaseWorkerDay {
        /// The organisation.
        organisation: String,
        /// The case worker.
        case_worker: String,
        /// The local (Europe/Stockholm) day.
        day: Date,
    },
    /// One case of one organisation.
    Case {
        /// The organisation.
        organisation: String,
        /// The case id.
        case_id: String,
    },
    /// One person as looked up by one organisation. `Debug` is redacted.
    Person {
        /// The organisation.
        organisation: String,
        /// The person.
        person: Personnummer,
    },
}

/// One flagged group of records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Which signal.
    pub indicator: Indicator,
    /// What it is about.
    pub scope: Scope,
    /// The measured number: records for off-hours, outside-open-case and refused attempts;
    /// distinct case ids for a person; distinct persons for a case or a case worker's day.
    pub count: usize,
    /// The threshold `count` exceeded (for refused attempts: the minimum it reached).
    pub threshold: Option<usize>,
    /// The records behind the finding, ascending.
    pub seqs: Vec<u64>,
}

/// Office hours: lookups outside them are flagged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeHours {
    /// First local time inside office hours (inclusive).
    pub start: Time,
    /// First local time after office hours (exclusive).
    pub end: Time,
    /// Whether Saturdays and Sundays are outside office hours.
    pub weekends_off: bool,
    /// Whether Swedish public holidays and the eves treated as such are outside office hours
    /// (see [`calendar::is_holiday`]).
    pub holidays_off: bool,
}

impl Default for OfficeHours {
    fn default() -> Self {
        Self {
            start: Time::constant(7, 0, 0, 0),
            end: Time::constant(18, 0, 0, 0),
            weekends_off: true,
            holidays_off: true,
        }
    }
}

/// Thresholds and the calendar for the indicators.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorSettings {
    /// The time zone local times are taken in.
    pub time_zone: TimeZone,
    /// Office hours.
    pub office_hours: OfficeHours,
    /// N: a person looked up under more than this many case ids by one organisation is flagged.
    pub max_case_ids_per_person: usize,
    /// M: a case with more than this many distinct persons is flagged.
    pub max_persons_per_case: usize,
    /// A case worker looking up more than this many distinct persons in one day is flagged.
    pub max_persons_per_case_worker_per_day: usize,
    /// A case worker with at least this many refused attempts is listed.
    pub min_refusals_per_case_worker: usize,
}

impl Default for IndicatorSettings {
    fn default() -> Self {
        Self {
            time_zone: stockholm_rules(),
            office_hours: OfficeHours::default(),
            max_case_ids_per_person: 3,
            max_persons_per_case: 6,
            max_persons_per_case_worker_per_day: 25,
            min_refusals_per_case_worker: 1,
        }
    }
}

/// Whether `at` lies inside office hours.
pub fn is_office_hours(at: Timestamp, settings: &IndicatorSettings) -> bool {
    let local = settings.time_zone.to_datetime(at);
    let hours = &settings.office_hours;
    let weekend = matches!(local.weekday(), Weekday::Saturday | Weekday::Sunday);
    if hours.weekends_off && weekend {
        return false;
    }
    if hours.holidays_off && calendar::is_holiday(local.date()) {
        return false;
    }
    let time = local.time();
    time >= hours.start && time < hours.end
}

fn case_worker_scope(r: &ChainedRecord) -> Scope {
    Scope::CaseWorker {
        organisation: r.record.organisation.clone(),
        case_worker: r.record.case_worker.clone(),
    }
}

/// Groups `records` matching `keep` by scope, and makes a finding of every group with at least
/// `min` records.
fn count_by_scope<'a>(
    records: impl IntoIterator<Item = &'a ChainedRecord>,
    indicator: Indicator,
    threshold: Option<usize>,
    min: usize,
    scope: impl Fn(&ChainedRecord) -> Scope,
) -> Vec<Finding> {
    let mut groups: BTreeMap<Scope, Vec<u64>> = BTreeMap::new();
    for r in records {
        groups.entry(scope(r)).or_default().push(r.seq);
    }
    finish(
        groups
            .into_iter()
            .filter(|(_, seqs)| seqs.len() >= min.max(1))
            .map(|(scope, seqs)| Finding {
                indicator,
                scope,
                count: seqs.len(),
                threshold,
                seqs,
            })
            .collect(),
    )
}

/// Groups lookups by scope, counting distinct values of `distinct`, and makes a finding of
/// every group with more than `max` of them.
fn distinct_by_scope<'a, K: Ord>(
    records: impl IntoIterator<Item = &'a ChainedRecord>,
    indicator: Indicator,
    max: usize,
    scope: impl Fn(&ChainedRecord) -> Option<Scope>,
    distinct: impl Fn(&ChainedRecord) -> Option<K>,
) -> Vec<Finding> {
    let mut groups: BTreeMap<Scope, (BTreeSet<K>, Vec<u64>)> = BTreeMap::new();
    for r in lookups(records) {
        let (Some(scope), Some(key)) = (scope(r), distinct(r)) else {
            continue;
        };
        let (keys, seqs) = groups.entry(scope).or_default();
        keys.insert(key);
        seqs.push(r.seq);
    }
    finish(
        groups
            .into_iter()
            .filter(|(_, (keys, _))| keys.len() > max)
            .map(|(scope, (keys, seqs))| Finding {
                indicator,
                scope,
                count: keys.len(),
                threshold: Some(max),
                seqs,
            })
            .collect(),
    )
}

/// Queries and household reads: the records that disclosed a person's data.
fn lookups<'a>(
    records: impl IntoIterator<Item = &'a ChainedRecord>,
) -> impl Iterator<Item = &'a ChainedRecord> {
    records
        .into_iter()
        .filter(|r| matches!(r.record.kind, AuditKind::Query | AuditKind::CaseRead))
}

/// Sorts seqs ascending and findings by count (highest first), then scope.
fn finish(mut findings: Vec<Finding>) -> Vec<Finding> {
    for f in &mut findings {
        f.seqs.sort_unstable();
        f.seqs.dedup();
    }
    findings.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.scope.cmp(&b.scope)));
    findings
}

/// Lookups and refused attempts made outside office hours, per case worker.
pub fn off_hours(records: &[ChainedRecord], settings: &IndicatorSettings) -> Vec<Finding> {
    count_by_scope(
        records
            .iter()
            .filter(|r| r.record.kind.is_lookup())
            .filter(|r| !is_office_hours(r.record.at, settings)),
        Indicator::OffHours,
        None,
        1,
        case_worker_scope,
    )
}

/// Persons looked up under more than `max_case_ids` distinct case ids by one organisation.
pub fn person_under_many_cases(records: &[ChainedRecord], max_case_ids: usize) -> Vec<Finding> {
    distinct_by_scope(
        records,
        Indicator::PersonUnderManyCases,
        max_case_ids,
        |r| {
            Some(Scope::Person {
                organisation: r.record.organisation.clone(),
                person: r.record.subject.clone()?,
            })
        },
        |r| Some(r.record.case_id.clone()),
    )
}

/// Cases under which more than `max_persons` distinct persons were looked up.
pub fn case_with_many_persons(records: &[ChainedRecord], max_persons: usize) -> Vec<Finding> {
    distinct_by_scope(
        records,
        Indicator::CaseWithManyPersons,
        max_persons,
        |r| {
            Some(Scope::Case {
                organisation: r.record.organisation.clone(),
                case_id: r.record.case_id.clone(),
            })
        },
        |r| r.record.subject.clone(),
    )
}

/// Lookups of a person under a case that, according to `is_in_open_case(organisation,
/// case_id, person, at)`, was not an open case of theirs at the lookup's time `at`; per case
/// worker. The closure is where the case registry plugs in (`underlag audit indicators`).
pub fn outside_open_case(
    records: &[ChainedRecord],
    is_in_open_case: impl Fn(&str, &str, &Personnummer, Timestamp) -> bool,
) -> Vec<Finding> {
    count_by_scope(
        lookups(records).filter(|r| {
            r.record.subject.as_ref().is_some_and(|person| {
                !is_in_open_case(
                    &r.record.organisation,
                    &r.record.case_id,
                    person,
                    r.record.at,
                )
            })
        }),
        Indicator::OutsideOpenCase,
        None,
        1,
        case_worker_scope,
    )
}

/// Case workers who looked up more than the threshold of distinct persons on one local day.
pub fn many_persons_per_day(
    records: &[ChainedRecord],
    settings: &IndicatorSettings,
) -> Vec<Finding> {
    distinct_by_scope(
        records,
        Indicator::ManyPersonsPerDay,
        settings.max_persons_per_case_worker_per_day,
        |r| {
            Some(Scope::CaseWorkerDay {
                organisation: r.record.organisation.clone(),
                case_worker: r.record.case_worker.clone(),
                day: settings.time_zone.to_datetime(r.record.at).date(),
            })
        },
        |r| r.record.subject.clone(),
    )
}

/// Case workers with at least `min` refused attempts.
pub fn refused_attempts(records: &[ChainedRecord], min: usize) -> Vec<Finding> {
    count_by_scope(
        records
            .iter()
            .filter(|r| r.record.kind == AuditKind::Refused),
        Indicator::RefusedAttempts,
        Some(min),
        min,
        case_worker_scope,
    )
}

/// Every indicator that needs no case registry, in [`Indicator::ALL`] order.
pub fn structural(records: &[ChainedRecord], settings: &IndicatorSettings) -> Vec<Finding> {
    let mut out = off_hours(records, settings);
    out.extend(person_under_many_cases(
        records,
        settings.max_case_ids_per_person,
    ));
    out.extend(case_with_many_persons(
        records,
        settings.max_persons_per_case,
    ));
    out.extend(many_persons_per_day(records, settings));
    out.extend(refused_attempts(
        records,
        settings.min_refusals_per_case_worker,
    ));
    out
}

/// Every indicator, the open-case check answered by `is_in_open_case`.
pub fn all(
    records: &[ChainedRecord],
    settings: &IndicatorSettings,
    is_in_open_case: impl Fn(&str, &str, &Personnummer, Timestamp) -> bool,
) -> Vec<Finding> {
    let mut out = structural(records, settings);
    out.extend(outside_open_case(records, is_in_open_case));
    out.sort_by_key(|f| f.indicator);
    out
}

#[cfg(test)]
mod tests;

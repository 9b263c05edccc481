//! `underlag audit indicators`: the misuse indicators of `underlag_audit::indicators` over
//! the records of a period, as a readable report or JSON, with the seqs behind every finding.
//!
//! The "outside any open case" check reads the case registry in the same database: a lookup
//! (a query or a household read) is outside an open case when the organisation has no such
//! case, the case was not open at the lookup's time (opened later, or closed by then), or the
//! person is not in its household now. The registry keeps the current household only, so a
//! person removed from a household after a lawful lookup is flagged too: a reason to ask, not
//! a verdict.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use jiff::Timestamp;
use jiff::civil::Date;
use serde_json::{Value, json};
use underlag_audit::indicators::{self, Finding, Indicator, IndicatorSettings, Scope};
use underlag_audit::{AuditKind, ChainedRecord};
use underlag_domain::free_text::neutralise;
use underlag_domain::{Organisationsnummer, Personnummer};
use underlag_registry::Case;
use underlag_store::{AuditFilter, RegistryStore, Stores};

use crate::settings::Settings;

/// Output formats of `audit indicators`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum IndicatorFormat {
    /// A readable report.
    Text,
    /// One JSON document.
    Json,
}

/// `underlag audit indicators`.
#[derive(Debug, clap::Args)]
pub struct IndicatorArgs {
    /// First day (YYYY-MM-DD, Europe/Stockholm), inclusive. Default: the first record.
    #[arg(long)]
    pub from: Option<Date>,
    /// Last day (YYYY-MM-DD, Europe/Stockholm), inclusive. Default: the last record.
    #[arg(long)]
    pub to: Option<Date>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: IndicatorFormat,
}

/// Runs the indicators and prints them.
pub async fn run(settings: &Settings, args: IndicatorArgs) -> anyhow::Result<()> {
    let tz = super::stockholm();
    let config = settings.audit.indicators.indicator_settings(tz.clone());
    let mut filter = AuditFilter::default();
    if let Some((start, end)) = super::local_days(args.from, args.to, &tz)? {
        filter = filter.during(start, end);
    }
    let stores = open_stores(settings).await?;
    let mut records = Vec::new();
    let result = super::for_each_record(&*stores.audit, &filter, |r| {
        records.push(r.clone());
        Ok(())
    })
    .await;
    let cases = match result {
        Ok(()) => OpenCases::read(&*stores.registry, &records).await,
        Err(e) => Err(e),
    };
    stores.audit.close().await;
    let cases = cases?;
    let findings = indicators::all(&records, &config, |org, case_id, person, at| {
        cases.is_in_open_case(org, case_id, person, at)
    });
    let report = Report {
        from: args.from,
        to: args.to,
        records: records.len(),
        settings: &config,
        findings: &findings,
    };
    match args.format {
        IndicatorFormat::Text => print!("{}", report.text()),
        IndicatorFormat::Json => println!(
            "{}",
            super::export::inert_json(&serde_json::to_string_pretty(&report.json())?)
        ),
    }
    Ok(())
}

/// Opens the configured database as audit store and registry, refusing a SQLite file that
/// does not exist (as [`super::open_existing`]).
async fn open_stores(settings: &Settings) -> anyhow::Result<Stores> {
    let url = &settings.database.url;
    if let Some(path) = super::sqlite_path(url)
        && !path.exists()
    {
        anyhow::bail!("there is no audit database at {}", path.display());
    }
    underlag_store::open_stores(url)
        .await
        .map_err(|e| anyhow::anyhow!("cannot open the audit store: {e}"))
}

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for OpenCases {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenCases").finish_non_exhaustive()
    }
}

/// The registered cases the lookups name, read once per (organisation, case id).
pub struct OpenCases(BTreeMap<(String, String), Option<Case>>);

impl OpenCases {
    /// Reads from `registry` every case that a lookup in `records` names.
    pub async fn read(
        registry: &dyn RegistryStore,
        records: &[ChainedRecord],
    ) -> anyhow::Result<Self> {
        let named: BTreeSet<(String, String)> = records
            .iter()
            .filter(|r| matches!(r.record.kind, AuditKind::Query | AuditKind::CaseRead))
            .filter(|r| r.record.subject.is_some())
            .map(|r| (r.record.organisation.clone(), r.record.case_id.clone()))
            .collect();
        let mut cases = BTreeMap::new();
        for (organisation, case_id) in named {
            let case = match Organisationsnummer::parse(&organisation) {
                Ok(org) => registry
                    .case(&org, &case_id)
                    .await
                    .map_err(|e| anyhow::anyhow!("cannot read the case registry: {e}"))?,
                Err(_) => None,
            };
            cases.insert((organisation, case_id), case);
        }
        Ok(Self(cases))
    }

    /// Whether `person` was in an open case `case_id` of `organisation` at `at` (see the
    /// module documentation).
    pub fn is_in_open_case(
        &self,
        organisation: &str,
        case_id: &str,
        person: &Personnummer,
        at: Timestamp,
    ) -> bool {
        self.0
            .get(&(organisation.to_owned(), case_id.to_owned()))
            .and_then(Option::as_ref)
            .is_some_and(|case| {
                case.opened_at <= at && !case.is_closed_at(at) && case.household.contains(person)
            })
    }
}

struct Report<'a> {
    from: Option<Date>,
    to: Option<Date>,
    records: usize,
    settings: &'a IndicatorSettings,
    findings: &'a [Finding],
}

fn title(indicator: Indicator, s: &IndicatorSettings) -> String {
    match indicator {
        Indicator::OffHours => "Lookups outside office hours".into(),
        Indicator::PersonUnderManyCases => format!(
            "Persons looked up under more than {} case ids by one organisation",
            s.max_case_ids_per_person
        ),
        Indicator::CaseWithManyPersons => format!(
            "Cases with more than {} distinct persons",
            s.max_persons_per_case
        ),
        Indicator::OutsideOpenCase => "Lookups outside any open case".into(),
        Indicator::ManyPersonsPerDay => format!(
            "Case workers with more than {} distinct persons in one day",
            s.max_persons_per_case_worker_per_day
        ),
        Indicator::RefusedAttempts => format!(
            "Case workers with at least {} refused attempts",
            s.min_refusals_per_case_worker.max(1)
        ),
    }
}

fn unit(indicator: Indicator) -> &'static str {
    match indicator {
        Indicator::PersonUnderManyCases => "case ids",
        Indicator::CaseWithManyPersons | Indicator::ManyPersonsPerDay => "persons",
        _ => "records",
    }
}

/// The finding's scope, its stored text printed inert (see [`neutralise`]).
fn scope_text(scope: &Scope) -> String {
    neutralise(&match scope {
        Scope::CaseWorker {
            organisation,
            case_worker,
        } => format!("organisation {organisation}, case worker {case_worker}"),
        Scope::CaseWorkerDay {
            organisation,
            case_worker,
            day,
        } => format!("organisation {organisation}, case worker {case_worker}, {day}"),
        Scope::Case {
            organisation,
            case_id,
        } => format!("organisation {organisation}, case {case_id}"),
        Scope::Person {
            organisation,
            person,
        } => format!("organisation {organisation}, person {}", person.expose()),
    })
}

fn scope_json(scope: &Scope) -> Value {
    match scope {
        Scope::CaseWorker {
            organisation,
            case_worker,
        } => json!({ "organisation": organisation, "case_worker": case_worker }),
        Scope::CaseWorkerDay {
            organisation,
            case_worker,
            day,
        } => json!({
            "organisation": organisation,
            "case_worker": case_worker,
            "day": day.to_string(),
        }),
        Scope::Case {
            organisation,
            case_id,
        } => json!({ "organisation": organisation, "case_id": case_id }),
        Scope::Person {
            organisation,
            person,
        } => json!({ "organisation": organisation, "person": person.expose() }),
    }
}

fn seq_list(seqs: &[u64]) -> String {
    seqs.iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

impl Report<'_> {
    fn period(&self) -> String {
        let day =
            |d: Option<Date>, open: &str| d.map_or_else(|| open.to_owned(), |d| d.to_string());
        format!(
            "{} to {}",
            day(self.from, "the first record"),
            day(self.to, "the last record")
        )
    }

    fn text(&self) -> String {
        let s = self.settings;
        let hours = &s.office_hours;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Misuse indicators, {} (Europe/Stockholm)",
            self.period()
        );
        let _ = writeln!(out, "{} records examined", self.records);
        let _ = writeln!(
            out,
            "Office hours: {} to {} on weekdays{}{}",
            hours.start.strftime("%H:%M"),
            hours.end.strftime("%H:%M"),
            if hours.weekends_off {
                ", weekends outside"
            } else {
                ", weekends inside"
            },
            if hours.holidays_off {
                ", public holidays outside"
            } else {
                ""
            },
        );
        for indicator in Indicator::ALL {
            let _ = writeln!(out);
            let found: Vec<&Finding> = self
                .findings
                .iter()
                .filter(|f| f.indicator == indicator)
                .collect();
            let _ = writeln!(out, "{}: {} findings", title(indicator, s), found.len());
            for f in found {
                let _ = writeln!(
                    out,
                    "  {}: {} {}; seq {}",
                    scope_text(&f.scope),
                    f.count,
                    unit(indicator),
                    seq_list(&f.seqs)
                );
            }
        }
        out
    }

    fn json(&self) -> Value {
        let findings: Vec<Value> = self
            .findings
            .iter()
            .map(|f| {
                json!({
                    "indicator": f.indicator.code(),
                    "description": title(f.indicator, self.settings),
                    "scope": scope_json(&f.scope),
                    "count": f.count,
                    "unit": unit(f.indicator),
                    "threshold": f.threshold,
                    "seqs": f.seqs,
                })
            })
            .collect();
        let hours = &self.settings.office_hours;
        json!({
            "from": self.from.map(|d| d.to_string()),
            "to": self.to.map(|d| d.to_string()),
            "time_zone": "Europe/Stockholm",
            "records_examined": self.records,
            "office_hours": {
                "start": hours.start.strftime("%H:%M").to_string(),
                "end": hours.end.strftime("%H:%M").to_string(),
                "weekends_off": hours.weekends_off,
                "holidays_off": hours.holidays_off,
            },
            "findings": findings,
            "not_checked": Vec::<&str>::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_worker_with_escapes_is_printed_inert() {
        let scope = Scope::CaseWorker {
            organisation: "2120000142".into(),
            case_worker: "hl-1\u{1b}[2J\r\n\u{202e}".into(),
        };
        assert_eq!(
            scope_text(&scope),
            "organisation 2120000142, case worker hl-1\\u{001B}[2J\\u{000D}\\u{000A}\\u{202E}"
        );
    }
}

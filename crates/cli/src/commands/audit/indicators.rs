//! `underlag audit indicators`: the misuse indicators of `underlag_audit::indicators` over
//! the records of a period, as a readable report or JSON, with the seqs behind every finding.
//!
//! The open-case check needs a case registry; until one is connected it is reported as not
//! checked.

use std::fmt::Write as _;

use jiff::civil::Date;
use serde_json::{Value, json};
use underlag_audit::indicators::{self, Finding, Indicator, IndicatorSettings, Scope};
use underlag_store::AuditFilter;

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
    let store = super::open_existing(settings).await?;
    let mut records = Vec::new();
    let result = super::for_each_record(&*store, &filter, |r| {
        records.push(r.clone());
        Ok(())
    })
    .await;
    store.close().await;
    result?;
    let findings = indicators::structural(&records, &config);
    let report = Report {
        from: args.from,
        to: args.to,
        records: records.len(),
        settings: &config,
        findings: &findings,
    };
    match args.format {
        IndicatorFormat::Text => print!("{}", report.text()),
        IndicatorFormat::Json => println!("{}", serde_json::to_string_pretty(&report.json())?),
    }
    Ok(())
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

fn scope_text(scope: &Scope) -> String {
    match scope {
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
    }
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
            if indicator == Indicator::OutsideOpenCase {
                let _ = writeln!(
                    out,
                    "{}: not checked (no case registry connected)",
                    title(indicator, s)
                );
                continue;
            }
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
            "not_checked": [Indicator::OutsideOpenCase.code()],
        })
    }
}

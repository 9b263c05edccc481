//! `underlag audit export` (the log follow-up extract, *logguppföljning*) and `underlag audit
//! person` (who looked up one person: the register extract for a data subject).
//!
//! One row per audit record, in seq order: seq, local time (Europe/Stockholm) and UTC, kind,
//! channel, organisation, case worker, case id, purpose, legal basis, person, period, the
//! sources with their outcomes, the protected-identity flag and the refusal reason.
//! Protected-identity records are included and flagged. There are no addresses: the audit
//! never stores them. Administrative records (registry changes) are no lookups and are left
//! out.
//!
//! Stored free text is shown inert wherever it is printed: in the text report and in CSV every
//! control and bidirectional formatting character is written `\u{XXXX}`
//! ([`underlag_domain::free_text::neutralise`]), so a stored value can never forge a line or
//! move a terminal's cursor. CSV follows RFC 4180 (comma, double quotes, `\n` lines, UTF-8);
//! a cell that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`) gets a
//! leading `'`. JSON carries every value verbatim, with those characters as JSON escapes
//! ([`inert_json`]).

use std::io::Write;
use std::path::PathBuf;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde_json::{Value, json};
use underlag_audit::{AuditKind, ChainedRecord};
use underlag_domain::free_text::{is_forbidden, neutralise};
use underlag_store::AuditFilter;

use crate::settings::Settings;

/// Output formats of `audit export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// Comma-separated values with a header line.
    Csv,
    /// A JSON array of objects.
    Json,
}

/// Output formats of `audit person`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PersonFormat {
    /// A readable report.
    Text,
    /// As `audit export --format csv`.
    Csv,
    /// As `audit export --format json`.
    Json,
}

/// `underlag audit export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// First day (YYYY-MM-DD, Europe/Stockholm), inclusive.
    #[arg(long)]
    pub from: Option<Date>,
    /// Last day (YYYY-MM-DD, Europe/Stockholm), inclusive.
    #[arg(long)]
    pub to: Option<Date>,
    /// Only this case worker's lookups.
    #[arg(long)]
    pub case_worker: Option<String>,
    /// Only lookups of this person (personnummer or samordningsnummer, 10 or 12 digits).
    #[arg(long)]
    pub person: Option<String>,
    /// Only this organisation's lookups (organisationsnummer).
    #[arg(long)]
    pub organisation: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "csv")]
    pub format: ExportFormat,
    /// Write to FILE (created readable by its owner only) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `underlag audit person`.
#[derive(Debug, clap::Args)]
pub struct PersonArgs {
    /// Personnummer or samordningsnummer, 10 or 12 digits.
    pub person: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: PersonFormat,
    /// Write to FILE (created readable by its owner only) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// The CSV header, in column order.
pub const COLUMNS: [&str; 15] = [
    "seq",
    "time_local",
    "time_utc",
    "kind",
    "channel",
    "organisation",
    "case_worker",
    "case_id",
    "purpose",
    "legal_basis",
    "person",
    "period",
    "sources",
    "protected",
    "refusal_reason",
];

/// Writes the extract.
pub async fn run_export(settings: &Settings, args: ExportArgs) -> anyhow::Result<()> {
    let tz = super::stockholm();
    let mut filter = AuditFilter::default();
    if let Some((start, end)) = super::local_days(args.from, args.to, &tz)? {
        filter = filter.during(start, end);
    }
    if let Some(cw) = args.case_worker {
        filter = filter.case_worker(cw);
    }
    if let Some(p) = &args.person {
        filter = filter.subject(&super::parse_person(p)?);
    }
    if let Some(org) = &args.organisation {
        filter = filter.organisation(super::parse_organisation(org)?);
    }
    let store = super::open_existing(settings).await?;
    let mut out = Extract::open(args.output.as_ref(), args.format, tz)?;
    let result = super::for_each_record(&*store, &filter, |r| {
        if is_lookup(r) { out.row(r) } else { Ok(()) }
    })
    .await;
    store.close().await;
    result?;
    let n = out.finish()?;
    if let Some(path) = &args.output {
        eprintln!("{n} records written to {}", path.display());
    }
    Ok(())
}

/// Writes who looked up one person.
pub async fn run_person(settings: &Settings, args: PersonArgs) -> anyhow::Result<()> {
    let person = super::parse_person(&args.person)?;
    let tz = super::stockholm();
    let filter = AuditFilter::default().subject(&person);
    let store = super::open_existing(settings).await?;
    let mut records = Vec::new();
    let result = super::for_each_record(&*store, &filter, |r| {
        if is_lookup(r) {
            records.push(r.clone());
        }
        Ok(())
    })
    .await;
    store.close().await;
    result?;
    let format = match args.format {
        PersonFormat::Text => {
            let mut w = open_output(args.output.as_ref())?;
            write_person_report(&mut w, person.expose(), &records, &tz)?;
            w.flush()?;
            return Ok(());
        }
        PersonFormat::Csv => ExportFormat::Csv,
        PersonFormat::Json => ExportFormat::Json,
    };
    let mut out = Extract::open(args.output.as_ref(), format, tz)?;
    for r in &records {
        out.row(r)?;
    }
    out.finish()?;
    Ok(())
}

/// A query, a refused attempt or a household read (`case_read`, one record per person
/// read): anything but an administrative change.
fn is_lookup(r: &ChainedRecord) -> bool {
    r.record.kind.is_lookup()
}

fn open_output(path: Option<&PathBuf>) -> anyhow::Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => Box::new(std::io::BufWriter::new(super::create_private(p)?)),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    })
}

/// A CSV or JSON extract being written.
struct Extract {
    w: Box<dyn Write>,
    format: ExportFormat,
    tz: TimeZone,
    rows: usize,
}

impl Extract {
    fn open(path: Option<&PathBuf>, format: ExportFormat, tz: TimeZone) -> anyhow::Result<Self> {
        let mut w = open_output(path)?;
        match format {
            ExportFormat::Csv => writeln!(w, "{}", COLUMNS.join(","))?,
            ExportFormat::Json => write!(w, "[")?,
        }
        Ok(Self {
            w,
            format,
            tz,
            rows: 0,
        })
    }

    fn row(&mut self, r: &ChainedRecord) -> anyhow::Result<()> {
        match self.format {
            ExportFormat::Csv => {
                let line: Vec<String> = cells(r, &self.tz).iter().map(|c| csv_cell(c)).collect();
                writeln!(self.w, "{}", line.join(","))?;
            }
            ExportFormat::Json => {
                let sep = if self.rows == 0 { "\n" } else { ",\n" };
                write!(
                    self.w,
                    "{sep}{}",
                    inert_json(&row_json(r, &self.tz).to_string())
                )?;
            }
        }
        self.rows += 1;
        Ok(())
    }

    fn finish(mut self) -> anyhow::Result<usize> {
        if self.format == ExportFormat::Json {
            writeln!(self.w, "\n]")?;
        }
        self.w.flush()?;
        Ok(self.rows)
    }
}

fn local_time(r: &ChainedRecord, tz: &TimeZone) -> String {
    r.record
        .at
        .to_zoned(tz.clone())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

fn utc_time(r: &ChainedRecord) -> String {
    r.record.at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn period(r: &ChainedRecord) -> String {
    match (r.record.period_from, r.record.period_to) {
        (Some(from), Some(to)) => format!("{from}/{to}"),
        _ => String::new(),
    }
}

/// The sources as `FK=ok;AF=timed_out;…`.
fn sources(r: &ChainedRecord) -> String {
    r.record
        .sources
        .iter()
        .map(|s| format!("{}={}", s.source, s.outcome))
        .collect::<Vec<_>>()
        .join(";")
}

/// One record's cells, in [`COLUMNS`] order, neutralised for printing.
pub fn cells(r: &ChainedRecord, tz: &TimeZone) -> [String; 15] {
    raw_cells(r, tz).map(|c| neutralise(&c))
}

fn raw_cells(r: &ChainedRecord, tz: &TimeZone) -> [String; 15] {
    let rec = &r.record;
    [
        r.seq.to_string(),
        local_time(r, tz),
        utc_time(r),
        rec.kind.code().to_owned(),
        rec.channel.code().to_owned(),
        rec.organisation.clone(),
        rec.case_worker.clone(),
        rec.case_id.clone(),
        rec.purpose.clone(),
        rec.legal_basis.clone(),
        rec.subject
            .as_ref()
            .map(|p| p.expose().to_owned())
            .unwrap_or_default(),
        period(r),
        sources(r),
        rec.protected.to_string(),
        rec.refusal.clone().unwrap_or_default(),
    ]
}

/// One record as a JSON object.
pub fn row_json(r: &ChainedRecord, tz: &TimeZone) -> Value {
    let rec = &r.record;
    json!({
        "seq": r.seq,
        "time_local": local_time(r, tz),
        "time_utc": utc_time(r),
        "kind": rec.kind.code(),
        "channel": rec.channel.code(),
        "organisation": rec.organisation,
        "case_worker": rec.case_worker,
        "case_id": rec.case_id,
        "purpose": rec.purpose,
        "legal_basis": rec.legal_basis,
        "person": rec.subject.as_ref().map(|p| p.expose()),
        "period": match (rec.period_from, rec.period_to) {
            (Some(from), Some(to)) => json!({ "from": from.to_string(), "to": to.to_string() }),
            _ => Value::Null,
        },
        "sources": rec.sources,
        "protected": rec.protected,
        "refusal_reason": rec.refusal,
    })
}

/// JSON serialised by serde_json (compact or pretty) with every control and bidirectional
/// formatting character inside a string written as a JSON `\uXXXX` escape: the same JSON
/// value, but inert on a terminal. serde_json already escapes the C0 controls inside strings
/// (so a raw line break or tab is the layout's own white space and stays); this adds DEL, the
/// C1 controls and the bidi characters.
pub fn inert_json(serialised: &str) -> String {
    let mut out = String::with_capacity(serialised.len());
    for c in serialised.chars() {
        if is_forbidden(c) && !matches!(c, '\n' | '\r' | '\t') {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// One CSV cell: quoted when needed, formula-like text defused.
pub fn csv_cell(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// The readable register extract of one person.
fn write_person_report(
    w: &mut dyn Write,
    person: &str,
    records: &[ChainedRecord],
    tz: &TimeZone,
) -> anyhow::Result<()> {
    let refused = records
        .iter()
        .filter(|r| r.record.kind == AuditKind::Refused)
        .count();
    writeln!(w, "Lookups of {person} in the Underlag audit trail")?;
    writeln!(
        w,
        "{} lookups ({} answered, {refused} refused)",
        records.len(),
        records.len() - refused
    )?;
    for r in records {
        let rec = &r.record;
        writeln!(w)?;
        writeln!(
            w,
            "seq {}  {} (Europe/Stockholm)  {} (UTC)",
            r.seq,
            local_time(r, tz),
            utc_time(r)
        )?;
        let sources = rec
            .sources
            .iter()
            .map(|s| format!("{} {}", s.source, s.outcome))
            .collect::<Vec<_>>()
            .join(", ");
        let lines = [
            ("Kind", format!("{} via {}", rec.kind, rec.channel)),
            ("Organisation", rec.organisation.clone()),
            ("Case worker", rec.case_worker.clone()),
            ("Case", rec.case_id.clone()),
            ("Purpose", rec.purpose.clone()),
            ("Legal basis", rec.legal_basis.clone()),
            ("Period", period(r).replace('/', " to ")),
            ("Sources", sources),
            (
                "Protected identity",
                if rec.protected { "yes" } else { "no" }.into(),
            ),
            ("Refusal reason", rec.refusal.clone().unwrap_or_default()),
        ];
        for (label, value) in lines {
            if !value.is_empty() {
                writeln!(w, "  {label:<19} {}", neutralise(&value))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_defused() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("-1"), "'-1");
        assert_eq!(csv_cell("11 kap. 11 § SoL"), "11 kap. 11 § SoL");
        assert_eq!(csv_cell("+46 8 123"), "'+46 8 123");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
    }

    #[test]
    fn json_with_control_and_bidi_characters_is_inert_and_the_same_value() {
        let value = json!({"case_worker": "hl\u{1b}[2J\r\n\u{202e}x\u{9b}y\u{7f}"});
        let text = inert_json(&value.to_string());
        assert!(!text.chars().any(is_forbidden), "{text}");
        assert!(text.contains("\\u202e"), "{text}");
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), value);
        let pretty = inert_json(&serde_json::to_string_pretty(&value).unwrap());
        assert!(
            !pretty.chars().any(|c| is_forbidden(c) && c != '\n'),
            "{pretty}"
        );
        assert_eq!(serde_json::from_str::<Value>(&pretty).unwrap(), value);
    }
}

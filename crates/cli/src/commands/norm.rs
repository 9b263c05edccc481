//! `underlag norm`: the försörjningsstöd calculation on the command line. `compute FILE`
//! computes a household file (TOML or JSON) into a beräkningsunderlag with every figure's
//! explanation; `import FILE` loads an official riksnorm table for a year with its source
//! recorded, flagging cells far from the published uplifts; `tables` lists the years and their
//! status. Imported tables are kept, one per import and never overwritten (the latest import
//! of a year is in force), in the database when `--database` names one (with an `admin` audit
//! record; the gateway's REST API and UI then compute with them too), else as files in a
//! folder (`--tables`, for the CLI alone).

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::options::{DataDirDefault, GlobalOptions};
use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use jiff::Timestamp;
use underlag_audit::{AuditRecord, Channel};
use underlag_domain::free_text::neutralise;
use underlag_norm::{
    Balance, Calculation, ExplainedLine, HouseholdFile, ImportFile, MunicipalSettings, RuleBook,
    calculate, kr,
};
use underlag_service::{NormArchive, TableImport};

/// The folder imported tables are kept in unless `--tables` says otherwise.
pub const DEFAULT_TABLES_DIR: &str = "underlag-data/norm-tables";

/// `underlag norm …`.
#[derive(Debug, Args)]
pub struct NormArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: NormCommand,
    /// The folder of imported riksnorm tables.
    #[arg(long, global = true, default_value = DEFAULT_TABLES_DIR)]
    pub tables: PathBuf,
}

/// The norm subcommands.
#[derive(Debug, Subcommand)]
pub enum NormCommand {
    /// Compute a household file (TOML, or JSON when the name ends in .json) and print the
    /// beräkningsunderlag with every figure's explanation. A recommendation: a case worker
    /// decides.
    Compute {
        /// The household file.
        file: PathBuf,
        /// The municipality's settings (TOML); default: the built-in Exempelkommun.
        #[arg(long)]
        municipality: Option<PathBuf>,
        /// Who enters the file's manual lines (shown on each line).
        #[arg(long, default_value = "operatör via CLI")]
        entered_by: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Load the official riksnorm table of a year (TOML: year, source, amounts). With
    /// `--database`, the table is stored in the gateway's database and is in force for REST
    /// and the UI at once.
    Import {
        /// The table file.
        file: PathBuf,
        /// Who imports (recorded with the import); default: the login name.
        #[arg(long)]
        actor: Option<String>,
    },
    /// List the years, their status and sources.
    Tables,
}

/// Where imported tables are kept: the database `--database` names, or the tables folder.
enum TableStore {
    Database(std::sync::Arc<dyn NormArchive>),
    Folder(PathBuf),
}

impl TableStore {
    async fn rule_book(&self) -> anyhow::Result<RuleBook> {
        match self {
            TableStore::Folder(dir) => load_rule_book(dir),
            TableStore::Database(archive) => {
                let imports = archive
                    .table_imports()
                    .await
                    .map_err(|e| anyhow::anyhow!("cannot read the imported tables: {e}"))?;
                RuleBook::with_imports(imports.iter().map(|i| i.text.as_str()))
                    .context("the imported tables in the database")
            }
        }
    }
}

/// Runs `underlag norm`.
pub async fn run(global: &GlobalOptions, args: NormArgs) -> anyhow::Result<()> {
    let tables = match &global.database {
        Some(_) => {
            let (settings, _) = global.settings(DataDirDefault::WorkingDirectory)?;
            if let Some(path) = crate::settings::sqlite_path(&settings.database.url)
                && !path.exists()
            {
                bail!(
                    "there is no database at {}: name the gateway's database with --database",
                    path.display()
                );
            }
            let stores = underlag_store::open_stores(&settings.database.url)
                .await
                .map_err(|e| anyhow::anyhow!("cannot open the database: {e}"))?;
            TableStore::Database(stores.norm)
        }
        None => TableStore::Folder(args.tables.clone()),
    };
    let text = match args.command {
        NormCommand::Compute {
            file,
            municipality,
            entered_by,
            json,
        } => {
            let book = tables.rule_book().await?;
            let settings = match municipality {
                Some(path) => {
                    let text = std::fs::read_to_string(&path)
                        .with_context(|| format!("cannot read {}", path.display()))?;
                    MunicipalSettings::parse(&text, &path.display().to_string())?
                }
                None => MunicipalSettings::exempelkommun()?,
            };
            let household = read_household(&file)?.to_household(&entered_by)?;
            let calc = calculate(&book, &settings, &household)?;
            if json {
                let mut out = serde_json::to_string_pretty(&calc)?;
                out.push('\n');
                out
            } else {
                render_text(&calc)
            }
        }
        NormCommand::Import { file, actor } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let import = ImportFile::parse(&text)?;
            let mut book = tables.rule_book().await?;
            let report = book.import(&import)?;
            let stored = match &tables {
                TableStore::Folder(dir) => {
                    store_import(dir, import.year, &text)?.display().to_string()
                }
                TableStore::Database(archive) => {
                    let actor = actor.unwrap_or_else(crate::commands::admin::login_name);
                    store_import_in(&**archive, &import, &text, &actor).await?
                }
            };
            let mut out = format!(
                "Riksnormen för {} inläst ({} belopp), källa: {}\nSparad: {}\n",
                report.year,
                report.cells,
                neutralise(import.source.trim()),
                stored
            );
            match (&report.no_estimate, report.flagged.is_empty()) {
                (Some(why), _) => {
                    let _ = writeln!(out, "{why}");
                }
                (None, true) => out.push_str(
                    "Alla belopp ligger inom 30 kr från föregående verifierade tabell uppräknad med de publicerade procentsatserna.\n",
                ),
                (None, false) => {
                    out.push_str("Kontrollera mot den officiella texten (mer än 30 kr från uppräkningen):\n");
                    for f in &report.flagged {
                        let _ = writeln!(
                            out,
                            "  {}: inläst {}, uppräknat {}",
                            f.cell.label_sv(),
                            kr(f.imported),
                            kr(f.estimate)
                        );
                    }
                }
            }
            out
        }
        NormCommand::Tables => {
            let book = tables.rule_book().await?;
            let mut out = String::from("År    Status                                   Källor\n");
            for table in book.tables.values() {
                let _ = writeln!(
                    out,
                    "{}  {:<40} {}",
                    table.year,
                    table.status.label_sv(),
                    neutralise(&table.sources.join(", "))
                );
            }
            let _ = writeln!(out, "Regelversion: {}", book.version);
            out
        }
    };
    match std::io::stdout().write_all(text.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(Into::into),
    }
}

fn read_household(path: &Path) -> anyhow::Result<HouseholdFile> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        serde_json::from_str(&text).map_err(|e| {
            anyhow::anyhow!(
                "{}: not a household file: line {}, column {}",
                path.display(),
                e.line(),
                e.column()
            )
        })
    } else {
        toml::from_str(&text).map_err(|e| {
            anyhow::anyhow!("{}: not a household file: {}", path.display(), e.message())
        })
    }
}

/// The built-in rule book with every imported table in `dir` applied, oldest import first.
pub fn load_rule_book(dir: &Path) -> anyhow::Result<RuleBook> {
    let mut book = RuleBook::embedded()?;
    if !dir.exists() {
        return Ok(book);
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let import = ImportFile::parse(&text)
            .with_context(|| format!("imported table {}", path.display()))?;
        book.import(&import)
            .with_context(|| format!("imported table {}", path.display()))?;
    }
    Ok(book)
}

/// Stores an import in the database with its `admin` audit record (one transaction); the
/// answer names the import's id.
async fn store_import_in(
    archive: &dyn NormArchive,
    import: &ImportFile,
    text: &str,
    actor: &str,
) -> anyhow::Result<String> {
    let id = uuid::Uuid::new_v4().to_string();
    let at = Timestamp::now();
    let record = AuditRecord::admin(
        id.clone(),
        at,
        Channel::Cli,
        format!("norm.table.import year={}", import.year),
    )
    .case_worker(actor)
    .build();
    let row = TableImport {
        id: id.clone(),
        year: import.year,
        source: import.source.trim().to_owned(),
        imported_by: actor.to_owned(),
        imported_at: at,
        text: text.to_owned(),
    };
    archive
        .save_table_import(&row, record)
        .await
        .map_err(|e| anyhow::anyhow!("cannot store the import: {e}"))?;
    Ok(format!("i databasen (import {id})"))
}

/// Stores an import as a new file `<year>-<n>.toml`, never overwriting an earlier one.
fn store_import(dir: &Path, year: i16, text: &str) -> anyhow::Result<PathBuf> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for n in 1..10_000 {
        let path = dir.join(format!("{year}-{n:04}.toml"));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                f.write_all(text.as_bytes())?;
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e).with_context(|| format!("cannot write {}", path.display())),
        }
    }
    bail!("too many imports for {year} in {}", dir.display())
}

fn render_line(out: &mut String, line: &ExplainedLine) {
    let _ = writeln!(
        out,
        "  {:<60} {:>14}",
        neutralise(&line.label),
        kr(line.amount)
    );
    let e = &line.explanation;
    let _ = writeln!(out, "      {}", neutralise(&e.text_sv));
    let _ = writeln!(out, "      Räkning: {}   ({})", e.arithmetic, e.rounding);
    let _ = writeln!(
        out,
        "      Regel: {} — {} ({})",
        e.rule_id, e.legal_ref, e.validity
    );
    for input in &e.inputs {
        let _ = writeln!(
            out,
            "      · {}: {}{}",
            neutralise(&input.name),
            neutralise(&input.value),
            input
                .provenance
                .as_deref()
                .map(|p| format!(" [{}]", neutralise(p)))
                .unwrap_or_default()
        );
    }
}

/// The beräkningsunderlag as plain text.
pub fn render_text(calc: &Calculation) -> String {
    let mut out = format!(
        "Beräkningsunderlag för försörjningsstöd, {} (ett förslag: en handläggare beslutar)\nRegelversion: {}\n\nRiksnorm\n",
        calc.month.label_sv(),
        calc.rule_version.label()
    );
    for line in &calc.norm.lines {
        render_line(&mut out, line);
    }
    let _ = writeln!(
        out,
        "  {:<60} {:>14}\n\nSkäliga kostnader",
        "Summa riksnorm",
        kr(calc.norm.total)
    );
    for line in &calc.costs.lines {
        render_line(&mut out, line);
    }
    let _ = writeln!(
        out,
        "  {:<60} {:>14}\n\nInkomster",
        "Summa kostnader",
        kr(calc.costs.total)
    );
    for line in &calc.incomes {
        render_line(&mut out, &line.line);
    }
    let _ = writeln!(
        out,
        "  {:<60} {:>14}\n",
        "Summa inkomster som räknas",
        kr(calc.counted_income)
    );
    match &calc.balance {
        Balance::Complete {
            kind,
            amount,
            rounded,
            explanation,
            ..
        } => {
            let _ = writeln!(
                out,
                "Resultat: {} {} (efter avrundning {})",
                kind.label_sv(),
                kr(*amount),
                kr(*rounded)
            );
            let _ = writeln!(out, "  {}", neutralise(&explanation.text_sv));
        }
        Balance::Incomplete { explanation, .. } => {
            let _ = writeln!(out, "Resultat: OFULLSTÄNDIGT");
            let _ = writeln!(out, "  {}", neutralise(&explanation.text_sv));
        }
    }
    if !calc.warnings.is_empty() {
        out.push_str("\nVarningar\n");
        for w in &calc.warnings {
            let _ = writeln!(out, "  ! {}", neutralise(&w.text));
        }
    }
    out
}

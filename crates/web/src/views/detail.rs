//! The per-source detail page's view model: a source's answer for one member as readable
//! tables (decisions, payments, other facts), every code with its kodverk label, "hämtad"
//! and "avser period" beside the figures. Addresses are never shown.

use underlag_domain::model::{Code, DecisionStatus, Frequency, PaymentState, SourceData};
use underlag_domain::{Amount, Outcome, SourceId, SourceResult};
use underlag_spec::Spec;

use crate::format;

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for Cell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cell").finish_non_exhaustive()
    }
}

/// One table cell.
pub struct Cell {
    /// The text.
    pub text: String,
    /// `(kodverk id, code)` when the cell is a code.
    pub code: Option<(String, String)>,
    /// Right-aligned figure.
    pub numeric: bool,
}

impl Cell {
    fn text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            code: None,
            numeric: false,
        }
    }

    fn amount(amount: Option<Amount>) -> Self {
        Self {
            text: amount.map_or_else(|| "–".to_owned(), format::amount_sv),
            code: None,
            numeric: true,
        }
    }
}

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Table").finish_non_exhaustive()
    }
}

/// One table.
pub struct Table {
    /// `decisions`, `payments`, `facts`, …
    pub testid: &'static str,
    /// The heading.
    pub heading: String,
    /// Column headers.
    pub headers: Vec<&'static str>,
    /// Rows; the first cell is the row header.
    pub rows: Vec<Vec<Cell>>,
}

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for DetailView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DetailView").finish_non_exhaustive()
    }
}

/// The detail page's content.
pub struct DetailView {
    /// Outcome wire name.
    pub outcome: &'static str,
    /// Swedish status.
    pub status: String,
    /// Whether the data is missing (not answered, invalid).
    pub missing: bool,
    /// Hämtad.
    pub retrieved: String,
    /// Avser period.
    pub period: String,
    /// Calls made.
    pub attempts: u32,
    /// The tables.
    pub tables: Vec<Table>,
    /// Rule violations: (rule, path, severity, message).
    pub violations: Vec<(String, String, &'static str, String)>,
    /// Whether a raw answer exists (and may be shown).
    pub has_raw: bool,
}

/// The kodverk a code belongs to: among `lists` (ids, or id prefixes ending in `-`), or the
/// source's family when no list is named, a list that knows the code; when the adapter gave
/// a label, the list whose label agrees wins (several lists share codes like `1`).
fn kodverk_of<'a>(
    spec: &'a Spec,
    lists: &[&str],
    source: SourceId,
    code: &Code,
) -> Option<(&'a str, &'a str)> {
    let family: &[&str] = source.descriptor().kodverk_prefixes;
    let wanted = if lists.is_empty() { family } else { lists };
    let rank = |id: &str| {
        wanted
            .iter()
            .position(|n| id == *n || (n.ends_with('-') && id.starts_with(n)))
    };
    let mut found: Vec<(usize, &'a str, &'a str)> = spec
        .code_lists()
        .filter_map(|l| {
            let r = rank(&l.id)?;
            let c = l.get(&code.code)?;
            Some((r, l.id.as_str(), c.label_sv.as_str()))
        })
        .collect();
    found.sort_by_key(|(r, _, _)| *r);
    let agreeing = code
        .label
        .as_deref()
        .and_then(|label| found.iter().find(|(_, _, l)| *l == label));
    agreeing
        .or(found.first())
        .map(|(_, id, label)| (*id, *label))
}

/// Which code lists a coded field uses, by field.
pub(super) mod lists {
    /// A benefit or benefit group (FK and PM through LEFI; CSN support forms).
    pub(crate) const BENEFIT: &[&str] = &[
        "fk-formansgrupp",
        "pm-formansgrupp",
        "pm-utbetalningsforman",
        "csn-stodform",
        "af-ersattningstyp",
    ];
    /// A sub-benefit (delförmån, ersättning).
    pub(crate) const SUB_BENEFIT: &[&str] =
        &["fk-ersattning-", "fk-ersattning", "pm-ersattningstyp"];
    /// A payment's type.
    pub(crate) const PAYMENT_TYPE: &[&str] = &["fk-utbetalningstyp", "csn-utbetstatus"];
    /// A compensation level.
    pub(crate) const LEVEL: &[&str] = &["fk-ersattningsniva"];
    /// AF's job-seeker category.
    pub(crate) const CATEGORY: &[&str] = &["af-sokandekategori"];
    /// SKV's status codes.
    pub(crate) const TAX_STATUS: &[&str] = &["skv-statuskod", "skv-delstatuskod"];
    /// MIV's case types.
    pub(crate) const PERMIT: &[&str] = &["miv-arendetyp", "miv-beslutstyp"];
}

fn code_cell(spec: &Spec, lists: &[&str], source: SourceId, code: &Code) -> Cell {
    let found = kodverk_of(spec, lists, source, code);
    let label = code
        .label
        .clone()
        .or_else(|| found.map(|(_, l)| l.to_owned()));
    Cell {
        text: match label {
            Some(l) if l != code.code => format!("{l} ({})", code.code),
            _ => code.code.clone(),
        },
        code: found.map(|(k, _)| (k.to_owned(), code.code.clone())),
        numeric: false,
    }
}

/// A code as a cell with its kodverk label (for the facts table).
pub(super) fn code_cell_pub(spec: &Spec, lists: &[&str], source: SourceId, code: &Code) -> Cell {
    code_cell(spec, lists, source, code)
}

fn opt_code(spec: &Spec, lists: &[&str], source: SourceId, code: Option<&Code>) -> Cell {
    code.map_or_else(|| Cell::text("–"), |c| code_cell(spec, lists, source, c))
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(|| "–".to_owned(), |v| v.to_string())
}

fn frequency(f: Option<Frequency>) -> &'static str {
    match f {
        Some(Frequency::Once) => "engång",
        Some(Frequency::Daily) => "per dag",
        Some(Frequency::Weekly) => "per vecka",
        Some(Frequency::Monthly) => "per månad",
        Some(Frequency::Quarterly) => "per kvartal",
        Some(Frequency::HalfYearly) => "per halvår",
        Some(Frequency::Yearly) => "per år",
        None => "–",
    }
}

fn decision_status(s: &DecisionStatus) -> String {
    match s {
        DecisionStatus::Granted => "Beviljad".into(),
        DecisionStatus::Rejected => "Avslag".into(),
        DecisionStatus::Preliminary => "Preliminär".into(),
        DecisionStatus::Final => "Slutlig".into(),
        DecisionStatus::Pending => "Ej beslutad (ansökan)".into(),
        DecisionStatus::Ended => "Upphörd".into(),
        DecisionStatus::Other(code) => code.clone(),
    }
}

/// Swedish status of an outcome.
pub fn outcome_sv(outcome: &Outcome, source: SourceId) -> String {
    let name = underlag_overview::source_label(source);
    match outcome {
        Outcome::Ok { .. } => format!("{name} svarade."),
        Outcome::NoMatch { .. } => format!("{name} svarade: inga uppgifter om personen."),
        Outcome::NotRequested => format!("{name} tillfrågades inte i det här uppslaget."),
        Outcome::NotEntitled => {
            format!("Organisationen får inte ta del av uppgifter från {name}.")
        }
        Outcome::TimedOut => {
            format!("{name} svarade inte inom tidsgränsen — uppgifter saknas, inte noll.")
        }
        Outcome::Unavailable { .. } => {
            format!("{name} gick inte att nå — uppgifter saknas, inte noll.")
        }
        Outcome::InvalidResponse { .. } => {
            format!("{name} svarade felaktigt — svaret används inte; uppgifter saknas, inte noll.")
        }
        Outcome::SourceError { .. } => {
            format!("{name} svarade med ett fel — uppgifter saknas, inte noll.")
        }
    }
}

fn tables(spec: &Spec, source: SourceId, data: &SourceData, protected: bool) -> Vec<Table> {
    let mut out = Vec::new();
    if !data.decisions.is_empty() {
        out.push(Table {
            testid: "decisions",
            heading: "Beslut".into(),
            headers: vec![
                "Förmån",
                "Delförmån",
                "Status",
                "Period",
                "Beslutsdatum",
                "Belopp",
                "Enhet",
                "Omfattning",
                "Dagar",
                "Ersättningsnivå",
                "Beslutat av",
            ],
            rows: data
                .decisions
                .iter()
                .map(|d| {
                    vec![
                        code_cell(spec, lists::BENEFIT, source, &d.benefit),
                        opt_code(spec, lists::SUB_BENEFIT, source, d.sub_benefit.as_ref()),
                        Cell::text(decision_status(&d.status)),
                        Cell::text(match (&d.period, d.open_ended) {
                            (Some(p), true) => format!("från {} (tills vidare)", p.from()),
                            (Some(p), false) => format::period(p),
                            (None, _) => "–".into(),
                        }),
                        Cell::text(opt(d.decided_on)),
                        Cell::amount(d.coordinated_amount.or(d.amount)),
                        Cell::text(frequency(d.frequency)),
                        Cell::text(
                            d.extent_percent.map_or_else(
                                || "–".into(),
                                |p| format!("{} %", format::number_sv(p)),
                            ),
                        ),
                        Cell::text(d.days.map_or_else(|| "–".into(), format::number_sv)),
                        opt_code(spec, lists::LEVEL, source, d.compensation_level.as_ref()),
                        Cell::text(d.decided_by.clone()),
                    ]
                })
                .collect(),
        });
    }
    if !data.payments.is_empty() {
        out.push(Table {
            testid: "payments",
            heading: "Utbetalningar".into(),
            headers: vec![
                "Förmån",
                "Utbetalning",
                "Typ",
                "Utbetalningsdag",
                "Avser period",
                "Brutto",
                "Skatt",
                "Avdrag",
                "Netto",
                "Dagar",
                "Utbetalare",
            ],
            rows: data
                .payments
                .iter()
                .map(|p| {
                    let deductions = p.deductions.iter().fold(None, |acc: Option<Amount>, d| {
                        Some(acc.unwrap_or(Amount::ZERO).plus(d.amount))
                    });
                    vec![
                        code_cell(spec, lists::BENEFIT, source, &p.benefit),
                        Cell::text(match p.state {
                            PaymentState::Effected => "Utbetald",
                            PaymentState::Planned => "Planerad",
                        }),
                        opt_code(
                            spec,
                            lists::PAYMENT_TYPE,
                            source,
                            p.payment_type.as_ref().map(|t| &t.code),
                        ),
                        Cell::text(opt(p.payout_on)),
                        Cell::text(
                            p.covers
                                .as_ref()
                                .or(p.payout_within.as_ref())
                                .map_or_else(|| "–".into(), format::period),
                        ),
                        Cell::amount(p.gross),
                        Cell::amount(p.tax),
                        Cell::amount(deductions),
                        Cell::amount(p.net.or(p.net_after_tax)),
                        Cell::text(p.days.map_or_else(|| "–".into(), format::number_sv)),
                        Cell::text(p.payer.clone()),
                    ]
                })
                .collect(),
        });
    }
    let facts = super::detail_facts::facts(spec, source, data, protected);
    if !facts.is_empty() {
        out.push(Table {
            testid: "facts",
            heading: "Övriga uppgifter".into(),
            headers: vec!["Uppgift", "Värde"],
            rows: facts,
        });
    }
    out
}

impl DetailView {
    /// The view of one source's result.
    pub fn new(
        spec: &Spec,
        result: &SourceResult,
        period: &underlag_domain::Period,
        protected: bool,
    ) -> Self {
        let source = result.source;
        let (tables, violations) = match &result.outcome {
            Outcome::Ok { data, warnings } => {
                (tables(spec, source, data, protected), warnings.clone())
            }
            Outcome::NoMatch { warnings } => (Vec::new(), warnings.clone()),
            Outcome::InvalidResponse { violations } => (Vec::new(), violations.clone()),
            _ => (Vec::new(), Vec::new()),
        };
        Self {
            outcome: result.outcome.kind(),
            status: outcome_sv(&result.outcome, source),
            missing: !result.outcome.answered()
                && !matches!(result.outcome, Outcome::NotRequested | Outcome::NotEntitled),
            retrieved: result
                .retrieved_at
                .map(format::timestamp_seconds)
                .unwrap_or_default(),
            period: format::period(period),
            attempts: result.attempts,
            tables,
            violations: violations
                .into_iter()
                .map(|v| {
                    let severity = match v.severity {
                        underlag_domain::Severity::Warning => "varning",
                        underlag_domain::Severity::Error => "fel",
                    };
                    (v.rule, v.path, severity, v.message)
                })
                .collect(),
            has_raw: result.raw.is_some() && !protected,
        }
    }
}

//! The calculation page's view model: a `Calculation` (beräkningsunderlag) turned into plain
//! strings for the template, every line with its explanation.

use underlag_norm::{Balance, Calculation, ExplainedLine, IncomeOrigin, NormError, kr};

/// One explained line.
#[derive(Debug, Clone)]
pub struct LineView {
    /// Stable id (`norm.gemensam`), for decisions and tests.
    pub id: String,
    /// Label.
    pub label: String,
    /// Amount text.
    pub amount: String,
    /// Where the line comes from (source payment or who entered it); empty for the norm.
    pub origin: String,
    /// Plain Swedish explanation.
    pub text: String,
    /// Arithmetic.
    pub arithmetic: String,
    /// Rounding.
    pub rounding: String,
    /// Rule id.
    pub rule_id: String,
    /// Rule title.
    pub rule_title: String,
    /// Legal reference.
    pub legal_ref: String,
    /// Validity.
    pub validity: String,
    /// Inputs: name, value, provenance.
    pub inputs: Vec<(String, String, String)>,
}

/// A section.
#[derive(Debug, Clone)]
pub struct SectionView {
    /// `norm`, `kostnader`, `inkomster`.
    pub key: &'static str,
    /// Heading.
    pub heading: &'static str,
    /// Lines.
    pub lines: Vec<LineView>,
    /// Total text.
    pub total: String,
}

/// The result box.
#[derive(Debug, Clone)]
pub struct ResultView {
    /// Whether complete.
    pub complete: bool,
    /// `Underskott 5 220 kr` or `Ofullständigt`.
    pub headline: String,
    /// Plain Swedish.
    pub text: String,
    /// Arithmetic.
    pub arithmetic: String,
    /// What is lacking.
    pub lacking: Vec<String>,
}

/// The whole calculation.
#[derive(Debug, Clone)]
pub struct CalculationView {
    /// Sections.
    pub sections: Vec<SectionView>,
    /// The result.
    pub result: ResultView,
    /// Warnings.
    pub warnings: Vec<String>,
    /// The rule version.
    pub rule_version: String,
}

fn line_view(line: &ExplainedLine, origin: String) -> LineView {
    let e = &line.explanation;
    LineView {
        id: line.id.clone(),
        label: line.label.clone(),
        amount: kr(line.amount),
        origin,
        text: e.text_sv.clone(),
        arithmetic: e.arithmetic.clone(),
        rounding: e.rounding.clone(),
        rule_id: e.rule_id.clone(),
        rule_title: e.rule_title.clone(),
        legal_ref: e.legal_ref.clone(),
        validity: e.validity.clone(),
        inputs: e
            .inputs
            .iter()
            .map(|i| {
                (
                    i.name.clone(),
                    i.value.clone(),
                    i.provenance.clone().unwrap_or_default(),
                )
            })
            .collect(),
    }
}

/// Who gave the `i`th cost: the applicant's application ("Uppgett av sökande (ansökan …)") or
/// the case worker who entered it; empty when the lines do not follow the costs one to one.
fn cost_origin(calc: &Calculation, i: usize) -> String {
    if calc.costs.lines.len() != calc.household.costs.len() {
        return String::new();
    }
    calc.household.costs.get(i).map_or_else(String::new, |c| {
        match c
            .entered_by
            .strip_prefix(underlag_overview::DECLARED_BY_APPLICANT)
        {
            Some(rest) => format!("Uppgett av sökande{rest}"),
            None => format!("Inmatad av {}", c.entered_by),
        }
    })
}

fn origin_text(origin: &IncomeOrigin) -> String {
    match origin {
        // Pay an employer declared (AGI): the declaration it comes from (employer, month,
        // specifikationsnummer); AGI gives no payout day.
        IncomeOrigin::Source(p) if p.basis == underlag_overview::LineBasis::EmployerDeclaration => {
            format!(
                "{} · {} · deklarerad lön{}{}",
                underlag_overview::source_label(p.source),
                p.payer,
                p.covers
                    .map(|c| format!(" för {} – {}", c.from(), c.to()))
                    .unwrap_or_default(),
                p.specification_number
                    .as_deref()
                    .map(|n| format!(" · specifikationsnummer {n}"))
                    .unwrap_or_default()
            )
        }
        IncomeOrigin::Source(p) => format!(
            "{} · {} · {}{}",
            underlag_overview::source_label(p.source),
            p.payer,
            p.side.label_sv(),
            p.payout_on.map(|d| format!(" {d}")).unwrap_or_default()
        ),
        IncomeOrigin::Manual { entered_by } => format!("Inmatad av {entered_by}"),
        IncomeOrigin::DeclaredByApplicant {
            reference,
            declared_at,
        } => format!("Uppgett av sökande · ansökan {reference} · {declared_at}"),
    }
}

impl CalculationView {
    /// The view of `calc`.
    pub fn new(calc: &Calculation) -> Self {
        let sections = vec![
            SectionView {
                key: "norm",
                heading: "Riksnorm",
                lines: calc
                    .norm
                    .lines
                    .iter()
                    .map(|l| line_view(l, String::new()))
                    .collect(),
                total: kr(calc.norm.total),
            },
            SectionView {
                key: "kostnader",
                heading: "Skäliga kostnader",
                lines: calc
                    .costs
                    .lines
                    .iter()
                    .enumerate()
                    .map(|(i, l)| line_view(l, cost_origin(calc, i)))
                    .collect(),
                total: kr(calc.costs.total),
            },
            SectionView {
                key: "inkomster",
                heading: "Inkomster",
                lines: calc
                    .incomes
                    .iter()
                    .map(|l| line_view(&l.line, origin_text(&l.origin)))
                    .collect(),
                total: kr(calc.counted_income),
            },
        ];
        let result = match &calc.balance {
            Balance::Complete {
                kind,
                amount,
                rounded,
                explanation,
                ..
            } => ResultView {
                complete: true,
                headline: format!(
                    "{} {}{}",
                    kind.label_sv(),
                    kr(*amount),
                    if rounded == amount {
                        String::new()
                    } else {
                        format!(" (avrundat {})", kr(*rounded))
                    }
                ),
                text: explanation.text_sv.clone(),
                arithmetic: explanation.arithmetic.clone(),
                lacking: Vec::new(),
            },
            Balance::Incomplete {
                lacking,
                explanation,
                ..
            } => ResultView {
                complete: false,
                headline: "Ofullständigt underlag".into(),
                text: explanation.text_sv.clone(),
                arithmetic: explanation.arithmetic.clone(),
                lacking: lacking.iter().map(|l| l.label_sv()).collect(),
            },
        };
        Self {
            sections,
            result,
            warnings: calc.warnings.iter().map(|w| w.text.clone()).collect(),
            rule_version: calc.rule_version.label(),
        }
    }
}

/// A refusal in Swedish, with the field named in words a case worker knows.
pub fn refusal_text(err: &NormError) -> String {
    let text = err.to_string();
    let field = err.field();
    let Some(rest) = field.strip_prefix("members[") else {
        return text;
    };
    let index: usize = rest
        .split(']')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    text.replace(&format!("Fältet {field}"), &format!("Medlem {}", index + 1))
}

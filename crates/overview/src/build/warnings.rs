//! Warnings about answers (did not answer, invalid, partial, older than the look-up) and about
//! lines (preliminary, retroactive, without a month), with Swedish causes.

use jiff::Timestamp;
use rust_decimal::Decimal;
use underlag_domain::free_text::neutralise;
use underlag_domain::model::SourceData;
use underlag_domain::{Amount, Outcome, Personnummer, Severity};

use super::sources::SourceView;
use crate::labels::source_label;
use crate::month::Month;
use crate::overview::{Line, LineBasis, Side, SourceStatus, Unit};
use crate::warning::{FigureValue, Warning, WarningFigure, WarningKind};

/// A figure behind a warning.
pub(crate) fn figure(label: impl Into<String>, value: FigureValue) -> WarningFigure {
    WarningFigure {
        label: label.into(),
        value,
    }
}

/// A Swedish percentage, e.g. `12,01`.
pub(crate) fn percent_sv(value: Decimal) -> String {
    value.round_dp(2).normalize().to_string().replace('.', ",")
}

/// An amount with its unit, e.g. `480,00 kr/dag`, or `1 250,00 kr` for a paid amount.
pub(crate) fn amount_with_unit(amount: Amount, unit: Unit) -> String {
    match unit {
        Unit::Paid => amount.to_string(),
        other => format!("{amount}{}", &other.label_sv()[2..]),
    }
}

/// The warnings about one source's answer for one member.
pub(crate) fn about_answer(
    member: &Personnummer,
    view: &SourceView<'_>,
    started_at: Timestamp,
) -> Vec<Warning> {
    let source = view.source();
    let label = source_label(source);
    let warning = |kind, cause: String, figures| Warning {
        kind,
        member: member.clone(),
        source,
        month: None,
        income: None,
        cause,
        figures,
    };
    let mut out = Vec::new();
    let attempts = view.result.map_or(0, |r| r.attempts);
    match view.state.status {
        SourceStatus::NotAnswered => {
            let what = match view.result.map(|r| &r.outcome) {
                Some(Outcome::TimedOut) => "Svarade inte inom tidsgränsen",
                _ => "Kunde inte nås",
            };
            out.push(warning(
                WarningKind::SourceDidNotAnswer,
                format!("{label} svarade inte — uppgifter saknas, inte noll"),
                vec![
                    figure("Utfall", FigureValue::Text(what.to_owned())),
                    figure("Antal försök", FigureValue::Text(attempts.to_string())),
                ],
            ));
        }
        SourceStatus::Invalid => {
            let (cause, figures) = match view.result.map(|r| &r.outcome) {
                Some(Outcome::SourceError { code, .. }) => (
                    format!("{label} svarade med ett fel — uppgifter saknas, inte noll"),
                    vec![figure("Felkod", FigureValue::Text(neutralise(code)))],
                ),
                Some(Outcome::InvalidResponse { violations }) => (
                    format!(
                        "{label} svarade felaktigt — svaret kan inte användas, uppgifter saknas, \
                         inte noll"
                    ),
                    violations
                        .iter()
                        .filter(|v| v.severity == Severity::Error)
                        .map(|v| figure("Bruten regel", FigureValue::Text(neutralise(&v.rule))))
                        .collect(),
                ),
                _ => (
                    format!("{label} svarade felaktigt — uppgifter saknas, inte noll"),
                    Vec::new(),
                ),
            };
            out.push(warning(
                WarningKind::SourceAnsweredInvalidly,
                cause,
                figures,
            ));
        }
        SourceStatus::PartiallyAnswered => out.push(warning(
            WarningKind::SourceAnsweredPartially,
            format!("{label} svarade ofullständigt — en del uppgifter saknas, inte noll"),
            view.partial_notices
                .iter()
                .map(|n| {
                    let concerns = n.concerns.as_deref().unwrap_or("Status");
                    figure(
                        neutralise(concerns),
                        FigureValue::Text(neutralise(&format!("{}: {}", n.code, n.text))),
                    )
                })
                .collect(),
        )),
        SourceStatus::NotRequested | SourceStatus::NotEntitled
            if source == underlag_domain::SourceId::Agi =>
        {
            let why = match view.state.status {
                SourceStatus::NotEntitled => "ingen rättslig grund registrerad",
                _ => "uppgifterna begärdes inte",
            };
            out.push(warning(
                WarningKind::EarnedIncomeNotFetched,
                format!(
                    "Lön från arbetsgivardeklarationer hämtades inte: {why} — lön saknas, inte noll"
                ),
                Vec::new(),
            ));
        }
        SourceStatus::Answered
        | SourceStatus::NoMatch
        | SourceStatus::NotRequested
        | SourceStatus::NotEntitled => {}
    }
    if view.state.stale
        && let Some(retrieved) = view.state.retrieved_at
    {
        out.push(warning(
            WarningKind::AnswerOlderThanLookup,
            format!(
                "Svaret från {label} hämtades före den aktuella sökningen och kan vara inaktuellt"
            ),
            vec![
                figure("Hämtad", FigureValue::Timestamp(retrieved)),
                figure("Sökningen startade", FigureValue::Timestamp(started_at)),
            ],
        ));
    }
    out
}

/// The warnings about one line of a month (`month`), or of no month (`None`).
pub(crate) fn about_line(member: &Personnummer, month: Option<Month>, line: &Line) -> Vec<Warning> {
    let warning = |kind, cause: String, figures| Warning {
        kind,
        member: member.clone(),
        source: line.income.source,
        month,
        income: Some(line.income.clone()),
        cause,
        figures,
    };
    let what = &line.income.label;
    let payer = &line.provenance.payer;
    let mut figures = Vec::new();
    if let Some(gross) = line.gross.amount() {
        let label = match line.basis {
            LineBasis::Decision => "Beslutat belopp",
            LineBasis::StudyGrant => "Beviljat belopp",
            LineBasis::Payment | LineBasis::TaxAccountPayout => "Brutto",
            LineBasis::EmployerDeclaration => "Deklarerad bruttolön",
        };
        figures.push(figure(
            format!("{label} ({})", line.unit.label_sv()),
            FigureValue::Amount(gross),
        ));
    }
    if let Some(day) = line.payout_on {
        let label = match line.side {
            Side::Effected => "Utbetalningsdag",
            Side::Planned => "Planerad utbetalningsdag",
        };
        figures.push(figure(label, FigureValue::Date(day)));
    }
    if let Some(covers) = line.provenance.covers {
        figures.push(figure("Avser period", FigureValue::Period(covers)));
    }
    if let Some(basis) = line.basis_period {
        let label = match line.basis {
            LineBasis::StudyGrant => "Beviljad period",
            _ => "Beslutsperiod",
        };
        figures.push(figure(label, FigureValue::Text(basis.label_sv())));
    }
    let mut out = Vec::new();
    let Some(month) = month else {
        out.push(warning(
            WarningKind::PaymentWithoutMonth,
            format!(
                "Utbetalningen av {what} från {payer} saknar utbetalningsdag och -månad och \
                 ingår inte i någon månad"
            ),
            figures,
        ));
        return out;
    };
    if line.preliminary {
        let amount = line
            .gross
            .amount()
            .map(|a| amount_with_unit(a, line.unit))
            .unwrap_or_else(|| "belopp saknas".to_owned());
        let cause = match line.basis {
            LineBasis::Decision => format!(
                "Ingen utbetalning av {what} finns för {} ännu; beslutat belopp {amount} \
                 visas som planerat{}",
                month.label_sv(),
                not_summed(line.unit)
            ),
            LineBasis::StudyGrant => format!(
                "Ingen utbetalning från CSN av {what} finns för {} ännu; beviljat belopp \
                 {amount} visas som planerat{}",
                month.label_sv(),
                not_summed(line.unit)
            ),
            LineBasis::Payment | LineBasis::TaxAccountPayout | LineBasis::EmployerDeclaration => {
                format!(
                    "Preliminär utbetalning från {payer}: {what}, {amount} — beloppet kan ändras"
                )
            }
        };
        out.push(warning(
            WarningKind::PreliminaryPayment,
            cause,
            figures.clone(),
        ));
    }
    if line.retro {
        let period = line
            .provenance
            .covers
            .map(|p| format!("för {} – {}", p.from(), p.to()))
            .unwrap_or_else(|| "för en tidigare period".to_owned());
        let paid = line
            .payout_on
            .map(|d| format!("betalades ut {d}"))
            .unwrap_or_else(|| format!("betalades ut i {}", month.label_sv()));
        out.push(warning(
            WarningKind::RetroPayment,
            format!("Retroaktiv utbetalning från {payer}: {what} {paid} {period}"),
            figures,
        ));
    }
    out
}

fn not_summed(unit: Unit) -> &'static str {
    if unit.is_monthly_summable() {
        ""
    } else {
        " (ingår inte i månadens summa)"
    }
}

/// The warnings about employers' declarations (AGI) in the months shown: a corrected
/// declaration ("rättad deklaration") and a declaration received before its month began.
pub(crate) fn about_declarations(
    member: &Personnummer,
    view: &SourceView<'_>,
    data: &SourceData,
    shown: &[Month],
) -> Vec<Warning> {
    let mut out = Vec::new();
    for e in &data.earned_income {
        let month = Month::of(e.month.from());
        if !shown.contains(&month) {
            continue;
        }
        let income = super::lines::earned_income_type(view.source(), e);
        let employer = super::lines::employer_label(e);
        let mut figures = vec![
            figure("Avser period", FigureValue::Period(e.month)),
            figure(
                "Specifikationsnummer",
                FigureValue::Text(neutralise(&e.specification_number)),
            ),
        ];
        if let Some(received) = e.received_on {
            figures.push(figure("Mottagen", FigureValue::Date(received)));
        }
        let warning = |kind, cause: String| Warning {
            kind,
            member: member.clone(),
            source: view.source(),
            month: Some(month),
            income: Some(income.clone()),
            cause,
            figures: figures.clone(),
        };
        if e.corrected {
            out.push(warning(
                WarningKind::CorrectedDeclaration,
                format!(
                    "Rättad deklaration: {employer} har ersatt en tidigare deklaration för {} \
                     ({} gång(er)); den gällande visas",
                    month.label_sv(),
                    e.replaced.max(1)
                ),
            ));
        }
        if e.declared_before_payout {
            out.push(warning(
                WarningKind::DeclaredBeforePayout,
                format!(
                    "{employer} deklarerade lönen för {} innan månaden började — lönen är \
                     deklarerad men kanske inte utbetald",
                    month.label_sv()
                ),
            ));
        }
    }
    out
}

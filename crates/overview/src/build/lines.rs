//! The lines of a member's months, read from the canonical model: payments, tax-account
//! payouts, and decided or granted amounts standing in where no payment exists.

use underlag_domain::model::{
    Code, Decision, DecisionStatus, EarnedIncome, Frequency, Payment, PaymentClass, PaymentState,
    SourceData,
};
use underlag_domain::{Amount, Period, SourceId};

use underlag_domain::free_text::neutralise;

use super::sources::SourceView;
use crate::figure::Figure;
use crate::labels::payer_label;
use crate::month::Month;
use crate::overview::{
    AnnualLine, BasisPeriod, IncomeType, Line, LineBasis, Provenance, RowFigure, Side, Unit,
};

/// The benefit code of underhållsstöd, whose decisions are never used as income: a claim
/// against a liable parent has the same code as support paid to the member.
const UNDERHALLSSTOD: &str = "US";
/// The income-type code of a tax-account payout.
pub(crate) const TAX_PAYOUT_CODE: &str = "Skatteaterbetalning";
/// The income-type code of an employer's declared pay (followed by `:` and the employer's
/// organisationsnummer).
pub(crate) const EARNED_INCOME_CODE: &str = "AGI:Lon";
/// The income-type code of capital income.
const CAPITAL_INCOME_CODE: &str = "Kapitalinkomst";

/// A line and the month it belongs to (`None`: it cannot be placed).
#[derive(Debug, Clone)]
pub(crate) struct Placed {
    pub(crate) month: Option<Month>,
    pub(crate) line: Line,
    /// The benefit codes the line pays: a payment's benefit and its rows' benefits (PM pays
    /// pension and bostadstillägg in one payment). Empty for lines that are not payments.
    pub(crate) pays: Vec<String>,
}

/// The label of a code: its kodverk label, else the code.
fn label_of(code: &Code) -> String {
    code.label
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .unwrap_or(code.code.as_str())
        .to_owned()
}

/// A benefit's label with its sub-benefit's (`Allmän pension – Garantipension`); the
/// sub-benefit is left out when it only repeats the benefit (`Sjukpenning`).
fn joined_label(benefit: &Code, sub: Option<&Code>) -> String {
    let main = label_of(benefit);
    match sub.map(label_of) {
        Some(sub) if !sub.eq_ignore_ascii_case(&main) => format!("{main} – {sub}"),
        _ => main,
    }
}

/// A benefit code compared across lists: FK's group prefix dropped, letter case ignored.
pub(crate) fn same_benefit(a: &str, b: &str) -> bool {
    let bare = |c: &str| c.trim().trim_start_matches("FK:").to_ascii_uppercase();
    bare(a) == bare(b)
}

fn provenance(view: &SourceView<'_>, payer: &str, covers: Option<Period>) -> Provenance {
    Provenance {
        source: view.source(),
        source_label: crate::labels::source_label(view.source()),
        payer: payer_label(view.source(), payer),
        retrieved_at: view.state.retrieved_at,
        covers,
    }
}

/// Every payment of the source, one line each, placed by payout day (or planned day); a
/// payment dated to a month only goes to that month.
pub(crate) fn payment_lines(view: &SourceView<'_>, data: &SourceData) -> Vec<Placed> {
    data.payments
        .iter()
        .map(|p| payment_line(view, p))
        .collect()
}

fn payment_line(view: &SourceView<'_>, p: &Payment) -> Placed {
    let source = view.source();
    let month = p.payout_on.map(Month::of).or_else(|| {
        p.payout_within
            .filter(|w| Month::of(w.from()) == Month::of(w.to()))
            .map(|w| Month::of(w.from()))
    });
    let class = p.payment_type.as_ref().map(|t| t.class);
    let side = match p.state {
        PaymentState::Effected => Side::Effected,
        PaymentState::Planned => Side::Planned,
    };
    let retro = class == Some(PaymentClass::Retroactive)
        || match (month, p.covers) {
            (Some(m), Some(covers)) => covers.from() < m.previous().first_day(),
            _ => false,
        };
    let line = Line {
        income: IncomeType {
            source,
            code: p.benefit.code.clone(),
            label: label_of(&p.benefit),
        },
        side,
        basis: LineBasis::Payment,
        gross: Figure::stated(p.gross, source),
        tax: Figure::stated(p.tax, source),
        net: Figure::stated(p.net, source),
        unit: Unit::Paid,
        in_totals: true,
        payout_on: p.payout_on,
        days: p.days,
        preliminary: side == Side::Planned || class == Some(PaymentClass::Preliminary),
        retro,
        provenance: provenance(view, &p.payer, p.covers),
        basis_period: None,
        rows: p
            .rows
            .iter()
            .map(|r| RowFigure {
                benefit_code: r.benefit.as_ref().map(|b| b.code.clone()),
                benefit: r.benefit.as_ref().map(label_of),
                amount_type_code: r.amount_type.as_ref().map(|t| t.code.clone()),
                amount_type: r.amount_type.as_ref().map(label_of),
                gross: Figure::stated(r.gross, source),
                covers: r.covers,
            })
            .collect(),
        specification_number: None,
    };
    let mut pays = vec![p.benefit.code.clone()];
    pays.extend(
        p.rows
            .iter()
            .filter_map(|r| r.benefit.as_ref().map(|b| b.code.clone())),
    );
    Placed { month, line, pays }
}

/// Skatteverket's tax-account payouts, effected on the booking day. No tax is withheld from
/// a payout, so gross and net are the amount paid; the tax figure is not stated.
pub(crate) fn tax_payout_lines(view: &SourceView<'_>, data: &SourceData) -> Vec<Placed> {
    data.tax_account_payouts
        .iter()
        .map(|t| Placed {
            month: Some(Month::of(t.booked_on)),
            line: Line {
                income: IncomeType {
                    source: view.source(),
                    code: TAX_PAYOUT_CODE.to_owned(),
                    label: "Utbetalning från skattekontot".to_owned(),
                },
                side: Side::Effected,
                basis: LineBasis::TaxAccountPayout,
                gross: Figure::known(t.amount),
                tax: Figure::not_stated(view.source()),
                net: Figure::known(t.amount),
                unit: Unit::Paid,
                in_totals: true,
                payout_on: Some(t.booked_on),
                days: None,
                preliminary: false,
                retro: false,
                provenance: provenance(view, "", None),
                basis_period: None,
                rows: Vec::new(),
                specification_number: None,
            },
            pays: Vec::new(),
        })
        .collect()
}

/// The income type of an employer's pay: one per employer (by organisationsnummer), so
/// changes, new and missing types are compared per employer.
pub(crate) fn earned_income_type(source: SourceId, e: &EarnedIncome) -> IncomeType {
    IncomeType {
        source,
        code: format!(
            "{EARNED_INCOME_CODE}:{}",
            e.employer.organisationsnummer.ten_digits()
        ),
        label: format!("Lön från {}", employer_label(e)),
    }
}

/// The employer's name as the source gives it, else a neutral Swedish label.
pub(crate) fn employer_label(e: &EarnedIncome) -> String {
    e.employer
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(neutralise)
        .unwrap_or_else(|| "arbetsgivare (namn saknas)".to_owned())
}

/// Employers' declared pay (AGI), one line per employer and redovisningsperiod, placed in the
/// month it declares: AGI reports the pay of the redovisningsperiod and carries no payout day.
/// Gross (cash pay, field 011), tax (field 001) and net as the model states them; a figure
/// not stated is missing, never zero.
pub(crate) fn earned_income_lines(view: &SourceView<'_>, data: &SourceData) -> Vec<Placed> {
    let source = view.source();
    data.earned_income
        .iter()
        .map(|e| Placed {
            month: Some(Month::of(e.month.from())),
            line: Line {
                income: earned_income_type(source, e),
                side: Side::Effected,
                basis: LineBasis::EmployerDeclaration,
                gross: Figure::stated(e.gross, source),
                tax: Figure::stated(e.tax, source),
                net: Figure::stated(e.net, source),
                unit: Unit::Paid,
                in_totals: true,
                payout_on: None,
                days: None,
                preliminary: false,
                retro: false,
                provenance: provenance(view, &employer_label(e), Some(e.month)),
                basis_period: None,
                rows: Vec::new(),
                specification_number: Some(neutralise(&e.specification_number)),
            },
            pays: Vec::new(),
        })
        .collect()
}

/// Capital income per taxation year, outside the months.
pub(crate) fn annual_lines(view: &SourceView<'_>, data: &SourceData) -> Vec<AnnualLine> {
    data.capital_income
        .iter()
        .map(|c| AnnualLine {
            income: IncomeType {
                source: view.source(),
                code: CAPITAL_INCOME_CODE.to_owned(),
                label: "Kapitalinkomst".to_owned(),
            },
            taxation_year: c.taxation_year,
            total_income: Figure::known(c.total_income),
            surplus: Figure::known(c.surplus),
            provenance: provenance(view, "", None),
        })
        .collect()
}

/// The unit of a decided or granted amount; `None` for a one-off amount, which belongs to no
/// month.
fn unit_of(frequency: Frequency) -> Option<Unit> {
    match frequency {
        Frequency::Once => None,
        Frequency::Daily => Some(Unit::PerDay),
        Frequency::Weekly => Some(Unit::PerWeek),
        Frequency::Monthly => Some(Unit::PerMonth),
        Frequency::Quarterly => Some(Unit::PerQuarter),
        Frequency::HalfYearly => Some(Unit::PerHalfYear),
        Frequency::Yearly => Some(Unit::PerYear),
    }
}

/// Whether any line of the month, from the same source, is a payment of `code` (by its
/// benefit, or by one of its rows' benefits, as in PM's split payments).
fn paid_in_month(existing: &[Placed], source: SourceId, code: &str) -> bool {
    existing.iter().any(|p| {
        p.line.basis == LineBasis::Payment
            && p.line.income.source == source
            && p.pays.iter().any(|paid| same_benefit(paid, code))
    })
}

/// Whether a decision stands for a recurring benefit in force in `month`.
fn in_force(d: &Decision, month: Month) -> bool {
    let usable = matches!(
        d.status,
        DecisionStatus::Granted | DecisionStatus::Final | DecisionStatus::Preliminary
    );
    let overlaps = d.period.is_some_and(|p| {
        p.from() <= month.last_day() && (d.open_ended || p.to() >= month.first_day())
    });
    usable && overlaps && !same_benefit(&d.benefit.code, UNDERHALLSSTOD)
}

/// FK's and PM's decided amounts in force in `month`, for benefits with no payment in the
/// month: the planned side. Of several decisions of one benefit and sub-benefit, the latest
/// decided counts.
pub(crate) fn decision_lines(
    view: &SourceView<'_>,
    data: &SourceData,
    month: Month,
    existing: &[Placed],
) -> Vec<Line> {
    let mut chosen: Vec<&Decision> = Vec::new();
    for d in data.decisions.iter().filter(|d| {
        matches!(d.decided_by.as_str(), "FK" | "PM")
            && in_force(d, month)
            && d.coordinated_amount.or(d.amount).is_some()
            && d.frequency.and_then(unit_of).is_some()
            && !paid_in_month(existing, view.source(), &d.benefit.code)
    }) {
        let key = |x: &Decision| {
            (
                x.benefit.code.clone(),
                x.sub_benefit.as_ref().map(|s| s.code.clone()),
            )
        };
        match chosen.iter_mut().find(|c| key(c) == key(d)) {
            Some(c) if d.decided_on > c.decided_on => *c = d,
            Some(_) => {}
            None => chosen.push(d),
        }
    }
    chosen
        .into_iter()
        .filter_map(|d| {
            let amount = d.coordinated_amount.or(d.amount)?;
            let unit = d.frequency.and_then(unit_of)?;
            let label = joined_label(&d.benefit, d.sub_benefit.as_ref());
            Some(stand_in_line(
                view,
                IncomeType {
                    source: view.source(),
                    code: d.benefit.code.clone(),
                    label,
                },
                LineBasis::Decision,
                amount,
                unit,
                &d.decided_by,
                month,
                d.period.map(|p| BasisPeriod {
                    from: p.from(),
                    to: (!d.open_ended).then_some(p.to()),
                }),
            ))
        })
        .collect()
}

/// CSN's granted amounts in force in `month` for a support form with no CSN payment in the
/// month: the planned side, in the unit CSN states (per week).
pub(crate) fn grant_lines(
    view: &SourceView<'_>,
    data: &SourceData,
    month: Month,
    existing: &[Placed],
) -> Vec<Line> {
    let mut out = Vec::new();
    for case in &data.study_support {
        let usable = matches!(
            case.status,
            DecisionStatus::Granted | DecisionStatus::Final | DecisionStatus::Preliminary
        );
        if !usable || paid_in_month(existing, view.source(), &case.support_form.code) {
            continue;
        }
        for granted in case
            .granted
            .iter()
            .filter(|g| g.period.overlaps(&month.period()))
        {
            for typed in &granted.amounts {
                let Some(unit) = typed.frequency.and_then(unit_of) else {
                    continue;
                };
                out.push(stand_in_line(
                    view,
                    IncomeType {
                        source: view.source(),
                        code: case.support_form.code.clone(),
                        label: joined_label(&case.support_form, Some(&typed.kind)),
                    },
                    LineBasis::StudyGrant,
                    typed.amount,
                    unit,
                    "CSN",
                    month,
                    Some(BasisPeriod {
                        from: granted.period.from(),
                        to: Some(granted.period.to()),
                    }),
                ));
            }
        }
    }
    out
}

/// A planned line for a decided or granted amount in `month`: gross as decided, tax and net
/// not stated. It covers the part of the month its decision or grant covers.
#[allow(clippy::too_many_arguments)]
fn stand_in_line(
    view: &SourceView<'_>,
    income: IncomeType,
    basis: LineBasis,
    amount: Amount,
    unit: Unit,
    payer: &str,
    month: Month,
    basis_period: Option<BasisPeriod>,
) -> Line {
    let source = view.source();
    let covers = basis_period.and_then(|b| {
        let from = b.from.max(month.first_day());
        let to = b.to.map_or(month.last_day(), |to| to.min(month.last_day()));
        Period::new(from, to).ok()
    });
    Line {
        income,
        side: Side::Planned,
        basis,
        gross: Figure::known(amount),
        tax: Figure::not_stated(source),
        net: Figure::not_stated(source),
        unit,
        in_totals: unit.is_monthly_summable(),
        payout_on: None,
        days: None,
        preliminary: true,
        retro: false,
        provenance: provenance(view, payer, covers),
        basis_period,
        rows: Vec::new(),
        specification_number: None,
    }
}

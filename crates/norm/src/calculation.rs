//! The calculation for one household and one month: norm, reasonable costs, counted incomes,
//! and the deficit or surplus, every figure explained. A recommendation: nothing here
//! decides.

use rust_decimal::{Decimal, RoundingStrategy};
use underlag_domain::{Amount, SourceId};
use underlag_overview::{GapReason, Month, Unit};

use crate::cell::CellKey;
use crate::error::{NormError, invalid};
use crate::explanation::{ExplainedLine, Explanation, NO_ROUNDING, ORE_ROUNDING, TraceInput};
use crate::input::{CostKind, Household, Income, IncomeOrigin, Member};
use crate::kronor::{decimal_sv, kr, number_sv, to_ore};
use crate::municipal::{
    IncomeListing, MunicipalSettings, PayoutRounding, SettingsVersion, WeekConversion,
};
mod costs;
mod incomes;
mod norm_section;
mod result;

use crate::rulebook::{Cell, DatedRule, PublishedShape, RiksnormTable, RuleBook, TableStatus};
use costs::*;
use incomes::*;
use norm_section::*;
pub use result::*;

/// Whether a member counts as a child for the norm and the children's income rule: under 19,
/// or 19–20 and at school (skolungdom).
pub fn is_child(member: &Member) -> bool {
    member.age <= 18 || (member.age <= 20 && member.at_school)
}

struct Ctx<'a> {
    book: &'a RuleBook,
    settings: &'a SettingsVersion,
    month: Month,
    used: Vec<String>,
}

impl<'a> Ctx<'a> {
    fn rule(&mut self, id: &str) -> Result<&'a DatedRule, NormError> {
        let rule = self.book.rule(id, self.month.first_day())?;
        let key = format!("{}@{}", rule.id, rule.valid_from);
        if !self.used.contains(&key) {
            self.used.push(key);
        }
        Ok(rule)
    }

    fn explain(
        &mut self,
        id: &str,
        inputs: Vec<TraceInput>,
        arithmetic: String,
        rounding: &str,
        text_sv: String,
    ) -> Result<Explanation, NormError> {
        let rule = self.rule(id)?;
        Ok(Explanation {
            rule_id: rule.id.clone(),
            rule_title: rule.title.clone(),
            legal_ref: rule.legal_ref.clone(),
            validity: rule.validity_sv(),
            inputs,
            arithmetic,
            rounding: rounding.to_owned(),
            text_sv,
        })
    }
}

fn cell_provenance(table: &RiksnormTable, cell: &Cell) -> String {
    format!(
        "riksnorm {}, {}: {}",
        table.year,
        cell.status.label_sv(),
        cell.sources.join(", ")
    )
}

fn cell_input(table: &RiksnormTable, key: CellKey, cell: &Cell) -> TraceInput {
    TraceInput {
        name: key.label_sv(),
        value: kr(cell.amount),
        provenance: Some(cell_provenance(table, cell)),
    }
}

/// The shape of the calculation unit, checked.
struct Shape {
    adults: Vec<usize>,
    children: Vec<usize>,
    couple: bool,
}

fn shape_of(household: &Household) -> Result<Shape, NormError> {
    let mut adults = Vec::new();
    let mut children = Vec::new();
    for (i, m) in household.members.iter().enumerate() {
        if is_child(m) {
            if m.partner {
                return Err(invalid(
                    format!("members[{i}].partner"),
                    "ett barn kan inte vara sambo i beräkningen",
                ));
            }
            children.push(i);
        } else {
            adults.push(i);
        }
    }
    let partners = adults
        .iter()
        .filter(|i| household.members[**i].partner)
        .count();
    if adults.is_empty() {
        return Err(invalid("members", "hushållet måste ha minst en vuxen"));
    }
    if partners != 0 && partners != 2 {
        return Err(invalid(
            "members",
            "två vuxna markeras som sambor, eller ingen",
        ));
    }
    let couple = partners == 2;
    if adults.len() > if couple { 2 } else { 1 } {
        return Err(invalid(
            "members",
            "en vuxen som inte är sambo räknas som eget hushåll: beräkna den personen för sig, med övriga i bostaden i others_in_dwelling",
        ));
    }
    if household.others_in_dwelling > 0 && (couple || !children.is_empty()) {
        return Err(invalid(
            "others_in_dwelling",
            "regeln om delat hushåll gäller en ensam vuxen utan barn; andra fall prövar handläggaren",
        ));
    }
    if usize::from(household.others_in_dwelling) + household.members.len() > 30 {
        return Err(invalid(
            "others_in_dwelling",
            "högst 30 personer i bostaden",
        ));
    }
    Ok(Shape {
        adults,
        children,
        couple,
    })
}

/// The common household costs for `n` people, with the "more than seven" rule.
fn common_cost(
    ctx: &mut Ctx<'_>,
    table: &RiksnormTable,
    n: usize,
) -> Result<(Amount, Explanation), NormError> {
    if n <= 7 {
        let key = CellKey::Common(n as u8);
        let cell = table.usable_cell(key)?;
        let explanation = ctx.explain(
            "riksnorm.hushall",
            vec![cell_input(table, key, cell)],
            format!("{} = {}", number_sv(cell.amount), number_sv(cell.amount)),
            NO_ROUNDING,
            format!(
                "De gemensamma hushållskostnaderna för ett hushåll med {n} {} är {} enligt riksnormen för {}.",
                if n == 1 { "person" } else { "personer" },
                kr(cell.amount),
                table.year
            ),
        )?;
        return Ok((cell.amount, explanation));
    }
    let seven = table.usable_cell(CellKey::Common(7))?;
    let six = table.usable_cell(CellKey::Common(6))?;
    let step = seven.amount.minus(six.amount);
    let extra = n - 7;
    let amount = to_ore(seven.amount.value() + step.value() * Decimal::from(extra as u64));
    let explanation = ctx.explain(
        "riksnorm.fler-an-sju",
        vec![
            cell_input(table, CellKey::Common(7), seven),
            cell_input(table, CellKey::Common(6), six),
            TraceInput {
                name: "Personer utöver sju".into(),
                value: extra.to_string(),
                provenance: None,
            },
        ],
        format!(
            "{} + {} × ({} − {}) = {}",
            number_sv(seven.amount),
            extra,
            number_sv(seven.amount),
            number_sv(six.amount),
            number_sv(amount)
        ),
        NO_ROUNDING,
        format!(
            "Hushållet har {n} personer. För varje person utöver sju läggs skillnaden mellan kostnaden för sju och för sex personer ({}) till kostnaden för sju personer: {}.",
            kr(step),
            kr(amount)
        ),
    )?;
    Ok((amount, explanation))
}

fn round_payout(amount: Amount, rounding: PayoutRounding) -> Amount {
    let v = amount.value();
    match rounding {
        PayoutRounding::None => amount,
        PayoutRounding::NearestKrona => {
            to_ore(v.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero))
        }
        PayoutRounding::DownToKrona => to_ore(v.trunc()),
    }
}

/// Computes the recommendation for one household and one month.
///
/// Refuses (with a message naming the year, rule or field) when the year has no table the
/// household can be computed with, a rule has no entry in force, or the input is not one the
/// rules cover. Never decides: the result is a beräkningsunderlag for a case worker.
pub fn calculate(
    book: &RuleBook,
    municipality: &MunicipalSettings,
    household: &Household,
) -> Result<Calculation, NormError> {
    let month = household.month;
    let settings = municipality.in_force(month.first_day())?;
    let mut ctx = Ctx {
        book,
        settings,
        month,
        used: Vec::new(),
    };
    let table = book.table(month.year())?;
    if table.status == TableStatus::Unverified {
        return Err(NormError::YearNotVerified {
            year: table.year,
            status: Some(table.status),
        });
    }
    let shape = shape_of(household)?;
    let mut warnings = household.carried_warnings.clone();
    let norm = norm_section(&mut ctx, table, household, &shape)?;
    let costs = cost_section(&mut ctx, household, &shape, &mut warnings)?;
    let mut incomes = Vec::new();
    for (i, income) in household.incomes.iter().enumerate() {
        incomes.push(income_line(&mut ctx, household, i, income, &mut warnings)?);
    }
    let counted_income: Amount = incomes.iter().map(|l| l.line.amount).sum();
    let need = norm.total.plus(costs.total);
    let lacking: Vec<Lacking> = household
        .unanswered
        .iter()
        .map(|u| Lacking {
            member: household
                .members
                .get(u.member)
                .map(|m| m.label.clone())
                .unwrap_or_default(),
            source: u.source,
            reason: u.reason,
        })
        .collect();
    for l in &lacking {
        warnings.push(NormWarning {
            kind: NormWarningKind::SourceNotAnswered,
            text: format!(
                "{}: inkomster från källan är inte ifyllda och räknas inte som noll. Resultatet är ofullständigt.",
                l.label_sv()
            ),
        });
    }
    let difference = need.minus(counted_income);
    let balance = if lacking.is_empty() {
        let kind = if difference.value() > Decimal::ZERO {
            BalanceKind::Deficit
        } else if difference.value() < Decimal::ZERO {
            BalanceKind::Surplus
        } else {
            BalanceKind::Even
        };
        let amount = to_ore(difference.value().abs());
        let rounded = round_payout(amount, settings.payout_rounding);
        let explanation = ctx.explain(
            "avrundning",
            vec![
                TraceInput {
                    name: "Riksnorm".into(),
                    value: kr(norm.total),
                    provenance: None,
                },
                TraceInput {
                    name: "Skäliga kostnader".into(),
                    value: kr(costs.total),
                    provenance: None,
                },
                TraceInput {
                    name: "Inkomster som räknas".into(),
                    value: kr(counted_income),
                    provenance: None,
                },
            ],
            format!(
                "{} + {} − {} = {}",
                number_sv(norm.total),
                number_sv(costs.total),
                number_sv(counted_income),
                number_sv(difference)
            ),
            settings.payout_rounding.label_sv(),
            format!(
                "Riksnormen {} och de skäliga kostnaderna {} är tillsammans {}. Inkomsterna som räknas är {}. {} är {}{}. Det här är ett beräkningsunderlag; en handläggare prövar och beslutar.",
                kr(norm.total),
                kr(costs.total),
                kr(need),
                kr(counted_income),
                kind.label_sv(),
                kr(amount),
                if rounded == amount {
                    String::new()
                } else {
                    format!(" ({}: {})", settings.payout_rounding.label_sv(), kr(rounded))
                }
            ),
        )?;
        Balance::Complete {
            need,
            income: counted_income,
            kind,
            amount,
            rounded,
            explanation,
        }
    } else {
        let names: Vec<String> = lacking.iter().map(Lacking::label_sv).collect();
        let explanation = ctx.explain(
            "inkomst.raknas",
            vec![
                TraceInput {
                    name: "Riksnorm och skäliga kostnader".into(),
                    value: kr(need),
                    provenance: None,
                },
                TraceInput {
                    name: "Kända inkomster som räknas".into(),
                    value: kr(counted_income),
                    provenance: None,
                },
            ],
            format!(
                "{} − {} = {} (utan inkomster från: {})",
                number_sv(need),
                number_sv(counted_income),
                number_sv(difference),
                names.join("; ")
            ),
            NO_ROUNDING,
            format!(
                "Resultatet är ofullständigt: {}. Inkomster från de källorna saknas och räknas inte som noll, så {} är inget underskott att besluta om. Hämta uppgifterna på nytt eller fyll i dem för hand.",
                names.join("; "),
                kr(difference)
            ),
        )?;
        Balance::Incomplete {
            need,
            known_income: counted_income,
            need_minus_known_income: difference,
            lacking,
            explanation,
        }
    };
    if table.status.is_usable() {
        let single: Vec<String> = norm
            .lines
            .iter()
            .flat_map(|l| &l.explanation.inputs)
            .filter(|i| {
                i.provenance.as_deref().is_some_and(|p| {
                    p.contains(crate::rulebook::CellStatus::SingleSource.label_sv())
                })
            })
            .map(|i| i.name.clone())
            .collect();
        if !single.is_empty() {
            warnings.push(NormWarning {
                kind: NormWarningKind::SingleSourceCell,
                text: format!(
                    "Riksnormen för {} har bara en källa för: {}. Kontrollera mot förordningstexten.",
                    table.year,
                    single.join(", ")
                ),
            });
        }
    }
    let rule_version = RuleVersion {
        rulebook: book.version.clone(),
        riksnorm_year: table.year,
        riksnorm_status: table.status,
        riksnorm_legal_ref: table.legal_ref.clone(),
        municipality: municipality.municipality.clone(),
        municipal_version_from: settings.valid_from,
        rules: ctx.used,
    };
    Ok(Calculation {
        month,
        household: household.clone(),
        rule_version,
        norm,
        costs,
        incomes,
        counted_income,
        balance,
        warnings,
    })
}

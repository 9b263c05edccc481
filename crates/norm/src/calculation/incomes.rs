//! The incomes section: each income converted to the month (the conversion rule shown), counted or not by the municipality's allow-list and the rules for jobbstimulans and children's income.

use super::*;

/// Converts an amount in `unit` to a month: the factor, the arithmetic and the Swedish rule.
pub(super) fn to_month(
    amount: Amount,
    unit: Unit,
    week: WeekConversion,
) -> (Amount, String, String) {
    let v = amount.value();
    let n = number_sv(amount);
    let d = Decimal::from;
    let (exact, arithmetic, rule) = match unit {
        Unit::Paid | Unit::PerMonth => (
            v,
            format!("{n} = {n}"),
            "Beloppet gäller månaden.".to_owned(),
        ),
        Unit::PerDay => (
            v * d(365) / d(12),
            format!("{n} × 365 ÷ 12"),
            "Dagbeloppet räknas om till månad: × 365 dagar ÷ 12 månader.".to_owned(),
        ),
        Unit::PerWeek => match week {
            WeekConversion::Weeks52 => (
                v * d(52) / d(12),
                format!("{n} × 52 ÷ 12"),
                "Veckobeloppet räknas om till månad: × 52 veckor ÷ 12 månader.".to_owned(),
            ),
            WeekConversion::Days365 => (
                v / d(7) * d(365) / d(12),
                format!("{n} ÷ 7 × 365 ÷ 12"),
                "Veckobeloppet räknas om till månad: ÷ 7 dagar × 365 dagar ÷ 12 månader."
                    .to_owned(),
            ),
        },
        Unit::PerQuarter => (
            v / d(3),
            format!("{n} ÷ 3"),
            "Kvartalsbeloppet delas med 3 månader.".to_owned(),
        ),
        Unit::PerHalfYear => (
            v / d(6),
            format!("{n} ÷ 6"),
            "Halvårsbeloppet delas med 6 månader.".to_owned(),
        ),
        Unit::PerYear => (
            v / d(12),
            format!("{n} ÷ 12"),
            "Årsbeloppet delas med 12 månader.".to_owned(),
        ),
    };
    let monthly = to_ore(exact);
    (monthly, arithmetic, rule)
}

pub(super) fn origin_sv(origin: &IncomeOrigin) -> String {
    match origin {
        IncomeOrigin::Source(p) => {
            let when = p
                .payout_on
                .map(|d| format!(", {} {}", p.side.label_sv().to_lowercase(), d))
                .unwrap_or_else(|| format!(", {}", p.side.label_sv().to_lowercase()));
            let covers = p
                .covers
                .map(|c| format!(", avser {} – {}", c.from(), c.to()))
                .unwrap_or_default();
            format!(
                "från {} ({}){}{}",
                underlag_overview::source_label(p.source),
                p.payer,
                when,
                covers
            )
        }
        IncomeOrigin::Manual { entered_by } => format!("inmatad av {entered_by}"),
        IncomeOrigin::DeclaredByApplicant {
            reference,
            declared_at,
        } => format!("uppgett av sökande i ansökan {reference} ({declared_at})"),
    }
}

pub(super) fn income_line(
    ctx: &mut Ctx<'_>,
    household: &Household,
    index: usize,
    income: &Income,
    warnings: &mut Vec<NormWarning>,
) -> Result<IncomeLine, NormError> {
    let field = |name: &str| format!("incomes[{index}].{name}");
    let member = household
        .members
        .get(income.member)
        .ok_or_else(|| invalid(field("member"), "pekar inte på någon medlem"))?;
    let (monthly, conversion, conversion_rule) =
        to_month(income.amount, income.unit, ctx.settings.week_conversion);
    let origin = origin_sv(&income.origin);
    let mut inputs = vec![TraceInput {
        name: format!("{} ({})", income.label, member.label),
        value: format!("{} {}", number_sv(income.amount), income.unit.label_sv()),
        provenance: Some(origin.clone()),
    }];
    let converted = !matches!(income.unit, Unit::Paid | Unit::PerMonth);
    if converted {
        ctx.rule("omrakning.period")?;
        warnings.push(NormWarning {
            kind: NormWarningKind::Converted,
            text: format!(
                "{} ({}) anges {}; omräknat till {} per månad.",
                income.label,
                member.label,
                income.unit.label_sv(),
                kr(monthly)
            ),
        });
    }
    let conversion_text = if converted {
        format!(" {conversion_rule} Det blir {}.", kr(monthly))
    } else {
        String::new()
    };
    let rounding = if converted { ORE_ROUNDING } else { NO_ROUNDING };
    let id = format!("inkomst.{index}");
    let label = format!("{} ({})", income.label, member.label);
    let not_counted = |ctx: &mut Ctx<'_>, rule: &str, inputs, text: String| {
        let explanation = ctx.explain(
            rule,
            inputs,
            format!("{conversion} → 0 räknas"),
            rounding,
            text,
        )?;
        Ok::<_, NormError>(IncomeLine {
            line: ExplainedLine {
                id: id.clone(),
                label: label.clone(),
                amount: Amount::ZERO,
                explanation,
            },
            member: member.label.clone(),
            origin: income.origin.clone(),
            stated: income.amount,
            unit: income.unit,
            monthly,
            counted: false,
        })
    };
    match ctx.settings.listing(&income.code) {
        IncomeListing::NotCounted(n) => {
            let text = format!("{} ({}) räknas inte som inkomst: {}", income.label, origin, n.reason);
            return not_counted(ctx, &n.rule.clone(), inputs, text);
        }
        IncomeListing::Unlisted => warnings.push(NormWarning {
            kind: NormWarningKind::UnlistedIncome,
            text: format!(
                "{} ({}) finns inte på kommunens lista över inkomster. Den räknas med i förslaget; pröva om den ska räknas.",
                income.label, member.label
            ),
        }),
        IncomeListing::Counted => {}
    }
    let month = household.month;
    // Children's own work income (12 kap. 9 §).
    if income.employment && is_child(member) {
        let rule = ctx.rule("inkomst.barns-arbetsinkomst")?;
        let share = rule.prisbasbelopp_share.unwrap_or(Decimal::ONE);
        let pbb = ctx
            .book
            .prisbasbelopp
            .get(&month.year())
            .ok_or(NormError::NoPrisbasbelopp { year: month.year() })?
            .clone();
        let earlier = income.earned_earlier_in_year.ok_or_else(|| {
            invalid(
                field("earned_earlier_in_year"),
                "krävs för barns och skolungdomars arbetsinkomst (vad som tjänats tidigare under kalenderåret)",
            )
        })?;
        let limit = to_ore(pbb.amount.value() * share);
        let room = limit.minus(earlier).value().max(Decimal::ZERO);
        let disregarded = to_ore(room.min(monthly.value()));
        let counted = monthly.minus(disregarded);
        inputs.push(TraceInput {
            name: format!("Prisbasbelopp {}", month.year()),
            value: kr(pbb.amount),
            provenance: Some(format!("källa {}", pbb.source)),
        });
        inputs.push(TraceInput {
            name: "Tjänat tidigare under året".into(),
            value: kr(earlier),
            provenance: Some(origin.clone()),
        });
        let arithmetic = format!(
            "{conversion}; fribelopp kvar = max(0, {} × {} − {}) = {}; räknas = {} − min({}, {}) = {}",
            number_sv(pbb.amount),
            decimal_sv(share),
            number_sv(earlier),
            decimal_sv(room),
            number_sv(monthly),
            decimal_sv(room),
            number_sv(monthly),
            number_sv(counted)
        );
        let text = format!(
            "{} är barn eller skolungdom. Egen arbetsinkomst räknas inte till den del den under kalenderåret inte överstiger {} prisbasbelopp ({}). {} har tidigare i år tjänat {}, så {} av månadens {} räknas inte och {} räknas.{}",
            member.label,
            decimal_sv(share),
            kr(limit),
            member.label,
            kr(earlier),
            kr(disregarded),
            kr(monthly),
            kr(counted),
            conversion_text
        );
        let explanation = ctx.explain(
            "inkomst.barns-arbetsinkomst",
            inputs,
            arithmetic,
            rounding,
            text,
        )?;
        return Ok(IncomeLine {
            line: ExplainedLine {
                id,
                label,
                amount: counted,
                explanation,
            },
            member: member.label.clone(),
            origin: income.origin.clone(),
            stated: income.amount,
            unit: income.unit,
            monthly,
            counted: counted.value() > Decimal::ZERO,
        });
    }
    // Jobbstimulans (12 kap. 8 §).
    if income.employment
        && let Some(from) = member.jobbstimulans_from
    {
        let rule = ctx.rule("inkomst.jobbstimulans")?;
        let months = i32::try_from(rule.months.unwrap_or(24)).unwrap_or(24);
        let elapsed = month.months_after(from);
        if (0..months).contains(&elapsed) {
            let percent = rule.percent.unwrap_or(Decimal::from(25));
            let deduction = to_ore(monthly.value() * percent / Decimal::ONE_HUNDRED);
            let counted = monthly.minus(deduction);
            inputs.push(TraceInput {
                name: "Jobbstimulans från".into(),
                value: from.label_sv(),
                provenance: Some(
                    "handläggarens uppgift: sex månader i följd med försörjningsstöd".into(),
                ),
            });
            let arithmetic = format!(
                "{conversion}; {} − {} % × {} = {} − {} = {}",
                number_sv(monthly),
                decimal_sv(percent),
                number_sv(monthly),
                number_sv(monthly),
                number_sv(deduction),
                number_sv(counted)
            );
            let text = format!(
                "{} har jobbstimulans från {} (månad {} av {}). {} % av inkomsten av anställning räknas inte: {} av {} räknas inte, {} räknas.{}",
                member.label,
                from.label_sv(),
                elapsed + 1,
                months,
                decimal_sv(percent),
                kr(deduction),
                kr(monthly),
                kr(counted),
                conversion_text
            );
            let explanation =
                ctx.explain("inkomst.jobbstimulans", inputs, arithmetic, rounding, text)?;
            return Ok(IncomeLine {
                line: ExplainedLine {
                    id,
                    label,
                    amount: counted,
                    explanation,
                },
                member: member.label.clone(),
                origin: income.origin.clone(),
                stated: income.amount,
                unit: income.unit,
                monthly,
                counted: true,
            });
        }
    }
    let rule_id = if converted {
        "omrakning.period"
    } else {
        "inkomst.raknas"
    };
    let text = format!(
        "{} ({}) räknas som inkomst med {} per månad.{}",
        income.label,
        origin,
        kr(monthly),
        conversion_text
    );
    let explanation = ctx.explain(
        rule_id,
        inputs,
        if converted {
            format!("{conversion} = {}", number_sv(monthly))
        } else {
            conversion
        },
        rounding,
        text,
    )?;
    Ok(IncomeLine {
        line: ExplainedLine {
            id,
            label,
            amount: monthly,
            explanation,
        },
        member: member.label.clone(),
        origin: income.origin.clone(),
        stated: income.amount,
        unit: income.unit,
        monthly,
        counted: true,
    })
}

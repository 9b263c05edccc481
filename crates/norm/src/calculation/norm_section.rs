//! The riksnorm section: the household's personal costs per member and the common costs, each line with its rule and arithmetic.

use super::*;

pub(super) fn norm_section(
    ctx: &mut Ctx<'_>,
    table: &RiksnormTable,
    household: &Household,
    shape: &Shape,
) -> Result<Section, NormError> {
    let mut lines = Vec::new();
    // A partial year: only a published total for exactly its shape.
    if !table.status.is_usable() {
        let published = match (
            shape.couple,
            shape.adults.len(),
            shape.children.len(),
            household.others_in_dwelling,
        ) {
            (false, 1, 0, 0) => Some(PublishedShape::SingleAdult),
            (true, 2, 0, 0) => Some(PublishedShape::Couple),
            _ => None,
        }
        .and_then(|s| table.usable_total(s).map(|t| (s, t)));
        let Some((published_shape, total)) = published else {
            return Err(NormError::YearNotVerified {
                year: table.year,
                status: Some(table.status),
            });
        };
        let mut inputs = vec![TraceInput {
            name: format!("Publicerad summa, {}", published_shape.label_sv()),
            value: kr(total.amount),
            provenance: Some(format!(
                "riksnorm {}, {}: {}",
                table.year,
                total.status.label_sv(),
                total.sources.join(", ")
            )),
        }];
        for part in &total.parts {
            if let Some(cell) = table.cells.get(part) {
                inputs.push(cell_input(table, *part, cell));
            }
        }
        let arithmetic = if total.parts.is_empty() {
            format!(
                "{} (fördelningen på personliga och gemensamma kostnader är inte publicerad)",
                number_sv(total.amount)
            )
        } else {
            let parts: Vec<String> = total
                .parts
                .iter()
                .filter_map(|p| table.cells.get(p).map(|c| number_sv(c.amount)))
                .collect();
            format!("{} = {}", parts.join(" + "), number_sv(total.amount))
        };
        let explanation = ctx.explain(
            "riksnorm.hushall",
            inputs,
            arithmetic,
            NO_ROUNDING,
            format!(
                "Riksnormen för {} är {} för ett hushåll som är {}. Regeringen har publicerat summan; tabellen per ålder för året finns inte i regelverket, så bara den här hushållstypen kan beräknas.",
                table.year,
                kr(total.amount),
                published_shape.label_sv()
            ),
        )?;
        lines.push(ExplainedLine {
            id: "norm.hushall".into(),
            label: format!("Riksnorm, {}", published_shape.label_sv()),
            amount: total.amount,
            explanation,
        });
        return Ok(Section {
            total: total.amount,
            lines,
        });
    }
    // Personal costs.
    if shape.couple {
        let cell = table.usable_cell(CellKey::Couple)?;
        let names: Vec<&str> = shape
            .adults
            .iter()
            .map(|i| household.members[*i].label.as_str())
            .collect();
        let explanation = ctx.explain(
            "riksnorm.hushall",
            vec![cell_input(table, CellKey::Couple, cell)],
            format!("{} = {}", number_sv(cell.amount), number_sv(cell.amount)),
            NO_ROUNDING,
            format!(
                "{} lever som sambor. Deras personliga kostnader är tillsammans {} enligt riksnormen för {}.",
                names.join(" och "),
                kr(cell.amount),
                table.year
            ),
        )?;
        lines.push(ExplainedLine {
            id: "norm.personlig.sambor".into(),
            label: format!("Personliga kostnader, sambor ({})", names.join(", ")),
            amount: cell.amount,
            explanation,
        });
    } else {
        let i = shape.adults[0];
        let m = &household.members[i];
        let cell = table.usable_cell(CellKey::SingleAdult)?;
        let explanation = ctx.explain(
            "riksnorm.hushall",
            vec![cell_input(table, CellKey::SingleAdult, cell)],
            format!("{} = {}", number_sv(cell.amount), number_sv(cell.amount)),
            NO_ROUNDING,
            format!(
                "{} är vuxen ({} år) och inte sambo. De personliga kostnaderna för en ensamstående är {} enligt riksnormen för {}.",
                m.label,
                m.age,
                kr(cell.amount),
                table.year
            ),
        )?;
        lines.push(ExplainedLine {
            id: format!("norm.personlig.{i}"),
            label: format!("Personliga kostnader, {} (ensamstående)", m.label),
            amount: cell.amount,
            explanation,
        });
    }
    for i in &shape.children {
        let m = &household.members[*i];
        let key = CellKey::for_child(m.age, m.lunch_at_home || m.age > 6).ok_or_else(|| {
            invalid(
                format!("members[{i}].age"),
                "är inte en barnålder (0–20 år)",
            )
        })?;
        let cell = table.usable_cell(key)?;
        let lunch = match (m.age <= 6, m.lunch_at_home) {
            (true, true) => " Barnet äter lunch hemma fem dagar i veckan.",
            (true, false) => {
                " Barnet äter inte lunch hemma fem dagar i veckan (lunch i förskolan), så det lägre beloppet gäller."
            }
            _ => "",
        };
        let youth = if m.age >= 19 {
            " Ungdomen går i skolan och räknas som skolungdom."
        } else {
            ""
        };
        let explanation = ctx.explain(
            "riksnorm.aldersband",
            vec![
                TraceInput {
                    name: "Ålder".into(),
                    value: format!("{} år", m.age),
                    provenance: None,
                },
                cell_input(table, key, cell),
            ],
            format!("{} = {}", number_sv(cell.amount), number_sv(cell.amount)),
            NO_ROUNDING,
            format!(
                "{} är {} år och räknas som {}.{}{} Beloppet är {} enligt riksnormen för {}.",
                m.label,
                m.age,
                key.label_sv().to_lowercase(),
                lunch,
                youth,
                kr(cell.amount),
                table.year
            ),
        )?;
        lines.push(ExplainedLine {
            id: format!("norm.personlig.{i}"),
            label: format!("Personliga kostnader, {} ({})", m.label, key.label_sv()),
            amount: cell.amount,
            explanation,
        });
    }
    // Common costs.
    if household.others_in_dwelling > 0 {
        let n = 1 + usize::from(household.others_in_dwelling);
        let (common, _) = common_cost(ctx, table, n)?;
        let share = to_ore(common.value() / Decimal::from(n as u64));
        let source = if n <= 7 {
            let cell = table.usable_cell(CellKey::Common(n as u8))?;
            cell_input(table, CellKey::Common(n as u8), cell)
        } else {
            TraceInput {
                name: format!("Gemensamma hushållskostnader, {n} personer (regeln om fler än sju)"),
                value: kr(common),
                provenance: Some(format!("riksnorm {}", table.year)),
            }
        };
        let explanation = ctx.explain(
            "riksnorm.ensam-vuxen-i-delat-hushall",
            vec![
                source,
                TraceInput {
                    name: "Personer i bostaden".into(),
                    value: n.to_string(),
                    provenance: None,
                },
            ],
            format!("{} ÷ {} = {}", number_sv(common), n, number_sv(share)),
            if share.value() * Decimal::from(n as u64) == common.value() {
                NO_ROUNDING
            } else {
                ORE_ROUNDING
            },
            format!(
                "Den sökande delar bostad med {} andra utan att vara sambo. Andelen av de gemensamma hushållskostnaderna är kostnaden för {n} personer ({}) delad med {n}: {}.",
                household.others_in_dwelling,
                kr(common),
                kr(share)
            ),
        )?;
        lines.push(ExplainedLine {
            id: "norm.gemensam".into(),
            label: format!("Andel av gemensamma hushållskostnader ({n} personer i bostaden)"),
            amount: share,
            explanation,
        });
    } else {
        let n = household.members.len();
        let (common, explanation) = common_cost(ctx, table, n)?;
        lines.push(ExplainedLine {
            id: "norm.gemensam".into(),
            label: format!(
                "Gemensamma hushållskostnader, {n} {}",
                if n == 1 { "person" } else { "personer" }
            ),
            amount: common,
            explanation,
        });
    }
    let total = lines.iter().map(|l| l.amount).sum();
    Ok(Section { lines, total })
}

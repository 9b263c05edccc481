//! What a LEFI decision carries besides its amount: per-day amounts (`ersattningsdagar`,
//! `bedomdadagar`), the calculation basis (`underlag`) and the persons it names
//! (`medsokande`).

use rust_decimal::Decimal;
use underlag_domain::model::{BasisItem, DayAmount, Frequency, RelatedPerson};

use super::cases::NIVA;
use super::values;
use crate::mapping::{At, Mapper};

/// Kodverk of the items of a calculation basis.
const UNDERLAG: &str = "fk-underlag";

/// A per-day list: its name and the names of its date, amount, level and waiting-day
/// deduction.
type DayList = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
);

/// The per-day lists of the decisions.
const DAY_LISTS: &[DayList] = &[
    (
        "ersattningsdagar",
        "ersattningsdatum",
        "ersattningsbelopp",
        None,
        Some("karensavdragsbelopp"),
    ),
    (
        "ersattningsdagar",
        "dag",
        "bruttobelopp",
        Some("niva"),
        None,
    ),
    (
        "ersattningsdagar",
        "dag",
        "belopp",
        Some("ersattning"),
        None,
    ),
    (
        "bedomdadagar",
        "dag",
        "bedomtBelopp",
        Some("inkomsttyp"),
        None,
    ),
];

/// The unit of the basis amounts LEFI states without one. Housing costs of bostadsbidrag are
/// per month, the other named amounts per year (this project's reading of the names).
fn unit_of(name: &str) -> Option<Frequency> {
    match name {
        "reduceradBostadskostnad" | "totalBostadskostnad" => Some(Frequency::Monthly),
        "inkomster"
        | "arsbruttokostnad"
        | "bostadstillaggsnettokostnad"
        | "forsorjningsstodsarsnettokostnad"
        | "pensionsgrundandeInkomst"
        | "bruttoforhojning"
        | "bostadskostnadBrutto"
        | "bostadskostnadNettoBt"
        | "bostadskostnaddNettoAfs"
        | "ylAvdrag"
        | "garantitillaggForGarantipension"
        | "inkomstpensionForGarantipension"
        | "tillaggspensionForGarantipension"
        | "efterlevandepensionsunderlag"
        | "summaBerakningsunderlag"
        | "pensionstillskott"
        | "arsinkomstInnanSkada"
        | "arsinkomstEfterSkada" => Some(Frequency::Yearly),
        _ => None,
    }
}

/// Whole-SEK amounts whose unit LEFI does not state (carried without one).
const AMOUNTS_WITHOUT_UNIT: [&str; 1] = ["beloppForeSamordning"];

/// Every compensated day with an amount, in the list's own notation.
pub(crate) fn daily_amounts(m: &mut Mapper<'_>, beslut: &At<'_>) -> Vec<DayAmount> {
    let mut out = Vec::new();
    for (list, date, amount, level, deduction) in DAY_LISTS {
        for day in beslut.children(list) {
            if !day.has(date) || !day.has(amount) {
                continue;
            }
            let Some(on) = values::day(m, &day, date) else {
                continue;
            };
            let Some(value) = values::amount(m, &day, amount) else {
                continue;
            };
            out.push(DayAmount {
                day: on,
                amount: value,
                level: level.and_then(|l| {
                    let list = if l == "niva" { NIVA } else { "fk-ersattning" };
                    values::checked_code(m, &day, l, list)
                }),
                waiting_day_deduction: deduction
                    .and_then(|d| values::amount(m, &day, d))
                    .filter(|a| !a.is_negative() && *a != underlag_domain::Amount::ZERO),
            });
        }
    }
    out.sort_by_key(|d| d.day);
    out
}

/// A person named in a decision (`LefiPerson`); a protected person keeps only the flag.
pub(crate) fn person(m: &mut Mapper<'_>, at: &At<'_>) -> RelatedPerson {
    let protected = m.boolean(at, "skyddad") == Some(true);
    if protected {
        return RelatedPerson {
            identity: None,
            name: None,
            protected,
        };
    }
    RelatedPerson {
        identity: at
            .text_of("personnummer")
            .and_then(|t| m.related_identity(at.join("personnummer"), t)),
        name: at.text_of("namn").map(str::to_owned),
        protected,
    }
}

/// Every item of an `underlag` (or PM `berakningsunderlag`): amounts (`{summa, valuta}` or
/// whole SEK), counts of persons, flags and numbers (factors, shares in percent). Nothing is
/// dropped: an item of another shape is kept by name with a count.
pub(crate) fn items(m: &mut Mapper<'_>, underlag: &At<'_>) -> Vec<BasisItem> {
    let mut out: Vec<BasisItem> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    let names: Vec<String> = underlag
        .node()
        .children
        .iter()
        .map(|c| c.name.clone())
        .collect();
    for name in names {
        if seen.contains(&name) {
            continue;
        }
        seen.push(name.clone());
        let all = underlag.children(&name);
        let kind = m.code(UNDERLAG, &name, None);
        let mut entry = BasisItem {
            kind,
            amount: None,
            frequency: None,
            count: None,
            flag: None,
            number: None,
        };
        let is_person = all
            .iter()
            .any(|p| p.has("personnummer") || p.has("namn") || p.has("foddes"));
        let first = &all[0];
        if all.iter().all(|a| a.has("summa")) {
            // One item per amount (`inkomster` is a list of amounts).
            for at in &all {
                if let Some(amount) = read_summa(m, at) {
                    out.push(BasisItem::amount(
                        entry.kind.clone(),
                        amount,
                        unit_of(&name),
                    ));
                }
            }
            continue;
        }
        if is_person || first.text().is_none() && !first.has("taljare") {
            entry.count = u32::try_from(all.len()).ok();
        } else if first.has("taljare") || first.has("namnare") {
            entry.number = values::extent_percent(m, first);
        } else if let Some(text) = first.text().map(str::trim) {
            if let Some(flag) = crate::mapping::parse_boolean(text) {
                entry.flag = Some(flag);
            } else if let Some(amount) = crate::mapping::parse_json_amount(text).filter(|_| {
                unit_of(&name).is_some() || AMOUNTS_WITHOUT_UNIT.contains(&name.as_str())
            }) {
                entry.amount = Some(amount);
                entry.frequency = unit_of(&name);
            } else if let Ok(number) = text.parse::<Decimal>() {
                entry.number = Some(number.normalize());
            } else {
                // Text (PM's co-applicant number, a date): its presence is what is kept.
                entry.count = u32::try_from(all.len()).ok();
            }
        }
        out.push(entry);
    }
    out
}

/// `{summa, valuta}` of an element already found; another currency than SEK is not read.
fn read_summa(m: &mut Mapper<'_>, at: &At<'_>) -> Option<underlag_domain::Amount> {
    if at
        .text_of("valuta")
        .is_some_and(|c| !c.eq_ignore_ascii_case("SEK"))
    {
        m.problem(
            at.join("valuta"),
            underlag_domain::Severity::Error,
            "an amount is not in SEK",
        );
        return None;
    }
    let text = at.text_of("summa")?;
    let value = crate::mapping::parse_json_amount(text);
    if value.is_none() {
        m.unreadable(at.join("summa"), "an amount");
    }
    value
}

//! Renders FK cases in their LEFI case lists (`formansinformation.*arende`, 28 lists).
//!
//! The lists share a shape (`startades`, `aktivt`, `avslaget`, `beslut[]`) but differ in
//! which optional fields they carry and how: `ersattning` is a number code in most lists, a
//! string in the sickness lists and a letter code in the programme list; `dagar` an integer
//! or a list of days; `beslut` an array, or one object (merkostnadsersättning,
//! omvårdnadsbidrag). Each list gets exactly the fields its OpenAPI schema has.

use jiff::civil::Date;
use rust_decimal::prelude::ToPrimitive;
use serde_json::{Map, Value, json};
use underlag_domain::{Amount, Period};

use crate::population::{Child, DecisionBasis, FkBenefit, FkCase, FkDecision};

/// Compensated days listed per decision at most (`ersattningsdagar`), the latest ones.
const MAX_LISTED_DAYS: usize = 31;

fn belopp(a: Amount) -> Value {
    json!({ "summa": a.value().to_f64().unwrap_or_default(), "valuta": "SEK" })
}

fn person(c: &Child) -> Value {
    json!({
        "personnummer": c.personnummer.expose(),
        "foddes": c.born.to_string(),
        "namn": c.name,
        "skyddad": false,
    })
}

fn omfattning((taljare, namnare): (u32, u32)) -> Value {
    json!({ "taljare": taljare, "namnare": namnare })
}

fn periodicity_text(code: u8) -> &'static str {
    match code {
        1 => "Månadsvis",
        2 => "Kvartalsvis",
        3 => "Halvårsvis",
        4 => "Årsvis",
        _ => "Ingen",
    }
}

/// Which shape a list's decisions have.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Decided amount with `periodicitet` (most lists).
    Amount,
    /// Sickness lists: per-day amounts in `ersattningsdagar`, outcome, level, karens.
    Sickness,
    /// Föräldrapenning: `ersattningsdagar` with level and gross per day.
    Parental,
    /// Days and extent only (graviditets-, närstående-, smittbärar-, tillfällig
    /// föräldrapenning, totalförsvarsplikt).
    Days,
    /// The programme list: days as a list of dates, `ersattning` as a letter code.
    Programme,
}

fn shape(b: FkBenefit) -> Shape {
    use FkBenefit::*;
    match b {
        Sjukpenning | ForebyggandeSjukpenning | Rehabersattning => Shape::Sickness,
        Foraldrapenning => Shape::Parental,
        Graviditetspenning
        | Narstaendepenning
        | Smittbararpenning
        | TillfalligForaldrapenning
        | Totalforsvarsplikt => Shape::Days,
        Programersattning | Etableringsersattning => Shape::Programme,
        _ => Shape::Amount,
    }
}

/// The case as its list's schema has it, with the decisions overlapping `period`.
pub(super) fn case_json(case: &FkCase, period: &Period) -> Value {
    use FkBenefit::*;
    let b = case.benefit;
    let mut o = Map::new();
    let no_case_state = matches!(
        b,
        AllmanPension | Barnbidrag | Efterlevandepension | MottagareAvBarnbidrag
    ) || shape(b) == Shape::Programme;
    if !no_case_state {
        o.insert("startades".into(), json!(case.started.to_string()));
        o.insert("aktivt".into(), json!(case.active));
        if !matches!(b, Sjukpenning | ForebyggandeSjukpenning | Rehabersattning) {
            o.insert("avslaget".into(), json!(case.rejected));
        }
    }
    if let Some(g) = grunduppgifter(case) {
        o.insert("grunduppgifter".into(), g);
    }
    if matches!(b, Bostadsbidrag | Bostadstillagg) && !case.co_applicants.is_empty() {
        let list: Vec<Value> = case.co_applicants.iter().map(person).collect();
        o.insert("medsokande".into(), Value::Array(list));
    }
    let decisions: Vec<Value> = case
        .decisions_in(period)
        .into_iter()
        .map(|d| decision(b, d, period))
        .collect();
    if matches!(b, Merkostnadsersattning | Omvardnadsbidrag) {
        // These two lists carry one decision object, not a list.
        if let Some(last) = decisions.into_iter().last() {
            o.insert("beslut".into(), last);
        }
    } else {
        o.insert("beslut".into(), Value::Array(decisions));
    }
    Value::Object(o)
}

fn grunduppgifter(case: &FkCase) -> Option<Value> {
    use FkBenefit::*;
    match case.benefit {
        Aktivitetsstod => case
            .measure
            .map(|m| json!({ "atgardstyp": { "id": m, "beskrivning": measure_label(m) } })),
        Barnbidrag
        | Foraldrapenning
        | TillfalligForaldrapenning
        | Underhallsstod
        | UnderhallsstodKrav => case.child.as_ref().map(|c| json!({ "barn": person(c) })),
        _ => None,
    }
}

pub(super) fn measure_label(code: u32) -> &'static str {
    match code {
        40 => "Arbetspraktik",
        53 => "Jobb och utvecklingsgaranti, fas 1 och 2",
        63 => "Etableringsinsatser",
        _ => "Övrigt",
    }
}

fn fran_till(d: &FkDecision) -> Value {
    let mut o = Map::new();
    o.insert("fran".into(), json!(d.from.to_string()));
    if let Some(to) = d.to {
        o.insert("till".into(), json!(to.to_string()));
    }
    Value::Object(o)
}

/// The compensated days of `d` inside `period` (every calendar day), the latest
/// [`MAX_LISTED_DAYS`].
fn listed_days(d: &FkDecision, period: &Period) -> Vec<Date> {
    let from = d.from.max(period.from());
    let to = d.to.unwrap_or(period.to()).min(period.to());
    let mut days = Vec::new();
    let mut day = to;
    while day >= from && days.len() < MAX_LISTED_DAYS {
        days.push(day);
        match day.yesterday() {
            Ok(y) => day = y,
            Err(_) => break,
        }
    }
    days.reverse();
    days
}

fn decision(b: FkBenefit, d: &FkDecision, period: &Period) -> Value {
    use FkBenefit::*;
    let mut o = Map::new();
    o.insert("fattades".into(), json!(d.decided_on.to_string()));
    o.insert("definitivt".into(), json!(d.definitive));
    o.insert(
        "forman".into(),
        json!({ "id": b.code(), "beskrivning": b.name_sv() }),
    );
    let sh = shape(b);
    if matches!(sh, Shape::Amount | Shape::Programme) {
        if let Some((id, text)) = d.sub_benefit {
            o.insert("delforman".into(), json!({ "id": id, "beskrivning": text }));
        }
        o.insert(
            "periodicitet".into(),
            json!({ "id": d.periodicity, "beskrivning": periodicity_text(d.periodicity) }),
        );
    }
    o.insert("period".into(), fran_till(d));
    if matches!(sh, Shape::Amount | Shape::Programme) {
        o.insert("beslutatBruttobelopp".into(), belopp(d.gross));
    }
    let has_extent = !matches!(
        b,
        Aktivitetsstod
            | ArbetsskadeEfterlevande
            | ArbetsskadeEgen
            | Barnbidrag
            | Bostadsbidrag
            | Bostadstillagg
            | MottagareAvBarnbidrag
            | Merkostnadsersattning
            | Omvardnadsbidrag
            | Programersattning
            | Etableringsersattning
            | UnderhallsstodKrav
            | Underhallsstod
            | YrkesskadeEfterlevande
            | YrkesskadeEgen
    );
    if has_extent && let Some(extent) = d.extent {
        let value = if b == Efterlevandepension {
            json!([omfattning(extent)])
        } else {
            omfattning(extent)
        };
        o.insert("omfattning".into(), value);
    }
    let coordinated = matches!(
        b,
        AllmanPension
            | ArbetsskadeEfterlevande
            | ArbetsskadeEgen
            | Efterlevandepension
            | SjukOchAktivitetsersattning
            | Underhallsstod
            | UnderhallsstodKrav
    );
    if coordinated && let Some(c) = d.coordinated {
        o.insert("samordnatBruttobelopp".into(), belopp(c));
    }
    let integer_days =
        matches!(sh, Shape::Sickness | Shape::Parental | Shape::Days) || b == Aktivitetsstod;
    if integer_days && let Some(days) = d.days {
        o.insert("dagar".into(), json!(days));
    }
    let karens = matches!(sh, Shape::Sickness) || matches!(b, Aktivitetsstod | Narstaendepenning);
    if karens && let Some(k) = d.karens {
        o.insert("karens".into(), json!(k));
    }
    match sh {
        Shape::Sickness => sickness_fields(&mut o, d, period),
        Shape::Parental => {
            if let Some((id, text)) = d.compensation {
                o.insert(
                    "ersattning".into(),
                    json!({ "id": id, "beskrivning": text }),
                );
            }
            let niva = d.level.unwrap_or("SGI");
            let dagar: Vec<Value> = listed_days(d, period)
                .into_iter()
                .map(|day| {
                    json!({
                        "dag": day.to_string(),
                        "niva": { "id": niva, "beskrivning": parental_level_label(niva) },
                        "bruttobelopp": belopp(d.gross),
                    })
                })
                .collect();
            o.insert("ersattningsdagar".into(), Value::Array(dagar));
        }
        Shape::Programme => {
            let (id, text) = d.sub_benefit.unwrap_or((b.code(), b.name_sv()));
            let days = listed_days(d, period);
            let dagar: Vec<Value> = days
                .iter()
                .map(|day| {
                    json!({
                        "dag": day.to_string(),
                        "ersattning": { "id": id, "beskrivning": text },
                        "belopp": belopp(d.gross),
                    })
                })
                .collect();
            o.insert("ersattningsdagar".into(), Value::Array(dagar));
            let list: Vec<Value> = days.iter().map(|d| json!(d.to_string())).collect();
            o.insert("dagar".into(), Value::Array(list));
            o.insert(
                "ersattning".into(),
                json!({ "id": id, "beskrivning": text }),
            );
        }
        Shape::Days | Shape::Amount => {
            let with_code = !matches!(
                b,
                AllmanPension
                    | Barnbidrag
                    | Bostadsbidrag
                    | Bostadstillagg
                    | Efterlevandepension
                    | MottagareAvBarnbidrag
                    | Handikappersattning
                    | Merkostnadsersattning
                    | Omvardnadsbidrag
                    | SjukOchAktivitetsersattning
                    | Smittbararpenning
                    | Totalforsvarsplikt
            );
            if with_code && let Some((id, text)) = d.compensation {
                o.insert(
                    "ersattning".into(),
                    json!({ "id": id, "beskrivning": text }),
                );
            }
        }
    }
    if let Some(basis) = &d.basis
        && let Some(u) = underlag(b, basis)
    {
        o.insert("underlag".into(), u);
    }
    Value::Object(o)
}

fn sickness_fields(o: &mut Map<String, Value>, d: &FkDecision, period: &Period) {
    if let Some(outcome) = d.outcome {
        o.insert("beslutsutfall".into(), json!(outcome));
    }
    o.insert(
        "beslutstyp".into(),
        json!(if d.definitive {
            "SLUTLIGT"
        } else {
            "INTERIMISTISKT"
        }),
    );
    if let Some((_, text)) = d.compensation {
        o.insert("ersattning".into(), json!(text));
    }
    if let Some(level) = d.level {
        o.insert("ersattningsniva".into(), json!(level));
    }
    let days = listed_days(d, period);
    let first = d.from;
    let dagar: Vec<Value> = days
        .into_iter()
        .map(|day| {
            // The qualifying deduction (karensavdrag) falls on the first day of the period.
            let karens = d.karens == Some(true) && day == first;
            let mut row = Map::new();
            row.insert("ersattningsdatum".into(), json!(day.to_string()));
            row.insert("ersattningsbelopp".into(), belopp(d.gross));
            if karens {
                row.insert("karensavdragsbelopp".into(), belopp(d.gross));
            }
            Value::Object(row)
        })
        .collect();
    o.insert("ersattningsdagar".into(), Value::Array(dagar));
}

fn parental_level_label(code: &str) -> &'static str {
    match code {
        "SGI" => "Sjukpenningnivå",
        "GRN" => "Grundnivå",
        "LGN" => "Lägstanivå",
        _ => "Övrig nivå",
    }
}

fn underlag(b: FkBenefit, basis: &DecisionBasis) -> Option<Value> {
    match (b, basis) {
        (
            FkBenefit::Bostadsbidrag,
            DecisionBasis::Housing {
                total_cost,
                counted_cost,
                incomes,
                children,
            },
        ) => {
            let mut o = Map::new();
            o.insert("reduceradBostadskostnad".into(), belopp(*counted_cost));
            o.insert("totalBostadskostnad".into(), belopp(*total_cost));
            o.insert(
                "inkomster".into(),
                Value::Array(incomes.iter().map(|a| belopp(*a)).collect()),
            );
            if !children.is_empty() {
                o.insert(
                    "hemmavarandeBarn".into(),
                    Value::Array(children.iter().map(person).collect()),
                );
            }
            Some(Value::Object(o))
        }
        (
            FkBenefit::Bostadstillagg,
            DecisionBasis::PensionHousing {
                yearly_gross,
                net_bt,
                net_afs,
            },
        ) => Some(json!({
            "arsbruttokostnad": belopp(*yearly_gross),
            "bostadstillaggsnettokostnad": belopp(*net_bt),
            "forsorjningsstodsarsnettokostnad": belopp(*net_afs),
        })),
        (FkBenefit::Vardbidrag, DecisionBasis::Care { child, shared }) => {
            Some(json!({ "barn": [person(child)], "delat": shared }))
        }
        _ => None,
    }
}

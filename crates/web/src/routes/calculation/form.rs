//! The calculation form's fields: the members and costs as typed, their defaults from the
//! month view, and the household file they make.

use std::collections::HashMap;

use underlag_norm::{AmountWire, CostWire, HouseholdFile, MemberWire};
use underlag_overview::Overview;

/// The cost fields of the form: name, kind, Swedish label.
pub(super) const COSTS: [(&str, &str, &str); 6] = [
    ("boende", "housing", "Boendekostnad (hyra)"),
    ("hushallsel", "household_electricity", "Hushållsel"),
    ("arbetsresor", "work_travel", "Arbetsresor"),
    ("hemforsakring", "home_insurance", "Hemförsäkring"),
    ("fackavgift", "union_fee", "Fackföreningsavgift"),
    ("akasseavgift", "unemployment_fund_fee", "A-kasseavgift"),
];

/// One member's form fields.
#[derive(Debug, Clone)]
pub struct MemberForm {
    /// 1-based.
    pub number: usize,
    /// Age text.
    pub age: String,
    /// Partner.
    pub partner: bool,
    /// At school.
    pub at_school: bool,
    /// Lunch at home.
    pub lunch_at_home: bool,
    /// Jobbstimulans from (yyyy-mm), or empty.
    pub jobbstimulans_from: String,
}

/// One cost field.
#[derive(Debug, Clone)]
pub struct CostForm {
    /// Field name.
    pub name: &'static str,
    /// Label.
    pub label: &'static str,
    /// Value.
    pub value: String,
}

/// The members' defaults from the overview: age from the identity number's birth date at the
/// first day of M; two adults are taken as partners; 0–6-year-olds eat lunch at home.
pub(super) fn default_members(overview: &Overview) -> Vec<MemberForm> {
    let first = overview.application_month.first_day();
    let ages: Vec<Option<i16>> = overview
        .members
        .iter()
        .map(|m| {
            m.personnummer.birth_date().map(|b| {
                let mut age = first.year() - b.year();
                if (first.month(), first.day()) < (b.month(), b.day()) {
                    age -= 1;
                }
                age.max(0)
            })
        })
        .collect();
    let adults = ages.iter().filter(|a| a.is_none_or(|a| a >= 21)).count();
    ages.iter()
        .enumerate()
        .map(|(i, age)| MemberForm {
            number: i + 1,
            age: age.map(|a| a.to_string()).unwrap_or_default(),
            partner: adults == 2 && age.is_none_or(|a| a >= 21),
            at_school: age.is_some_and(|a| (7..=20).contains(&a)),
            lunch_at_home: true,
            jobbstimulans_from: String::new(),
        })
        .collect()
}

pub(super) fn from_query(
    q: &HashMap<String, String>,
    count: usize,
) -> (Vec<MemberForm>, String, Vec<CostForm>) {
    let get = |k: &str| q.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
    let on = |k: &str| q.get(k).is_some_and(|v| v == "on" || v == "1");
    let members = (1..=count)
        .map(|n| MemberForm {
            number: n,
            age: get(&format!("m{n}_alder")),
            partner: on(&format!("m{n}_sambo")),
            at_school: on(&format!("m{n}_skola")),
            lunch_at_home: on(&format!("m{n}_lunch")),
            jobbstimulans_from: get(&format!("m{n}_jobbstimulans")),
        })
        .collect();
    let costs = COSTS
        .iter()
        .map(|(name, _, label)| CostForm {
            name,
            label,
            value: get(name),
        })
        .collect();
    (members, get("ovriga"), costs)
}

pub(super) fn household_file(
    month: String,
    members: &[MemberForm],
    others: &str,
    costs: &[CostForm],
) -> Result<HouseholdFile, String> {
    let mut wire = Vec::new();
    for m in members {
        let age: u8 = m
            .age
            .parse()
            .map_err(|_| format!("Medlem {}: ange åldern i hela år (0–130).", m.number))?;
        wire.push(MemberWire {
            label: format!("Medlem {}", m.number),
            age,
            partner: m.partner,
            at_school: m.at_school,
            lunch_at_home: m.lunch_at_home,
            jobbstimulans_from: (!m.jobbstimulans_from.is_empty())
                .then(|| m.jobbstimulans_from.clone()),
        });
    }
    let others_in_dwelling: u8 = if others.is_empty() {
        0
    } else {
        others
            .parse()
            .map_err(|_| "Övriga i bostaden: ange ett antal personer (0–29).".to_owned())?
    };
    let costs = costs
        .iter()
        .zip(COSTS)
        .filter(|(c, _)| !c.value.is_empty())
        .map(|(c, (_, kind, _))| CostWire {
            kind: kind.to_owned(),
            label: None,
            amount: AmountWire::Text(c.value.replace([' ', '\u{a0}'], "")),
        })
        .collect();
    Ok(HouseholdFile {
        month,
        members: wire,
        others_in_dwelling,
        costs,
        incomes: Vec::new(),
    })
}

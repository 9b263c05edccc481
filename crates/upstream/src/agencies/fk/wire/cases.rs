//! FK's cases (`formansinformation.*arende`): one canonical decision per LEFI decision, or one
//! per case without a decision yet (a pending application, "ansökan inkommen …, ej beslutad").

use underlag_domain::model::{Code, Decision, DecisionStatus, Frequency};

use super::basis;
use super::values;
use crate::mapping::{At, Mapper};

/// How a list's `beslutatBruttobelopp` is stated when `periodicitet` is absent or 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    /// A daily benefit: the amount is per day (aktivitetsstöd, programersättning).
    PerDay,
    /// No recurrence: the amount is one-off.
    Once,
}

/// One LEFI case list: its name, the FK benefit it concerns (a fallback for decisions without
/// `forman`), the kodverk of its numeric `ersattning` and the unit of an amount without
/// periodicity.
pub(crate) struct CaseList {
    pub(crate) list: &'static str,
    pub(crate) group: Option<&'static str>,
    ersattning: &'static str,
    unit: Unit,
}

const fn list(
    list: &'static str,
    group: Option<&'static str>,
    ersattning: &'static str,
    unit: Unit,
) -> CaseList {
    CaseList {
        list,
        group,
        ersattning,
        unit,
    }
}

const ERS: &str = "fk-ersattning";
/// Kodverk of `ersattning.id` in the four annuity (livränta) lists.
const LIVRANTA: &str = "fk-ersattning-livranta";
/// Kodverk of `ersattningsniva` (and of a parental day's `niva`).
pub(crate) const NIVA: &str = "fk-ersattningsniva";

/// The 28 case lists of `LefiFormansinformation`. The groups of the lists the contract does
/// not tie to a group are this project's reading (see the kodverk `fk-formansgrupp`).
pub(crate) const CASE_LISTS: &[CaseList] = &[
    list(
        "aktivitetsstodsarende",
        Some("AS"),
        "fk-ersattning-aktivitetsstod",
        Unit::PerDay,
    ),
    list("allmanpensionsarende", Some("AP"), ERS, Unit::Once),
    list("arbetsskadeefterlevandearende", None, LIVRANTA, Unit::Once),
    list("arbetsskadeegenlivrantearende", None, LIVRANTA, Unit::Once),
    list("barnbidragsarende", Some("ABB"), ERS, Unit::Once),
    list("bostadsbidragsarende", Some("BOB"), ERS, Unit::Once),
    list("bostadstillaggsarende", Some("BST"), ERS, Unit::Once),
    list("efterlevandepensionsarende", None, ERS, Unit::Once),
    list("mottagareavbarnbidrag", Some("MABB"), ERS, Unit::Once),
    list(
        "foraldrapenningarende",
        Some("FP"),
        "fk-ersattning-foraldrapenning",
        Unit::PerDay,
    ),
    list(
        "forebyggandeSjukpenningsarende",
        Some("FSJP"),
        ERS,
        Unit::PerDay,
    ),
    list("handikappersattningsarende", Some("HE"), ERS, Unit::Once),
    list(
        "graviditetspenningsarende",
        Some("GP"),
        "fk-ersattning-graviditetspenning",
        Unit::PerDay,
    ),
    list("merkostnadsersattningsarende", Some("MEK"), ERS, Unit::Once),
    list(
        "narstaendepenningarende",
        Some("NP"),
        "fk-ersattning-narstaendepenning",
        Unit::PerDay,
    ),
    list("omvardnadsbidragsarende", Some("OMV"), ERS, Unit::Once),
    list("programersattningsarende", Some("PROG"), ERS, Unit::PerDay),
    list("rehabersattningsarende", Some("RBE"), ERS, Unit::PerDay),
    list(
        "sjukOchAktivitetsersattningsarende",
        Some("SA"),
        ERS,
        Unit::Once,
    ),
    list("sjukpenningarende", Some("SJP"), ERS, Unit::PerDay),
    list(
        "smittbararersattningsarende",
        Some("SBP"),
        ERS,
        Unit::PerDay,
    ),
    list(
        "tillfalligForaldrapenningarende",
        Some("TFP"),
        "fk-ersattning-tillfalligforaldrapenning",
        Unit::PerDay,
    ),
    list("totalforsvarspliktsarende", Some("DPE"), ERS, Unit::PerDay),
    list(
        "underhallsstodskrav",
        Some("US"),
        "fk-ersattning-underhallsstod",
        Unit::Once,
    ),
    list(
        "underhallsstodsmottag",
        Some("US"),
        "fk-ersattning-underhallsstod",
        Unit::Once,
    ),
    list(
        "vardbidragsarende",
        Some("VB"),
        "fk-ersattning-vardbidrag",
        Unit::Once,
    ),
    list(
        "yrkesskadeefterlevandearende",
        Some("YL"),
        LIVRANTA,
        Unit::Once,
    ),
    list(
        "yrkesskadeegenlivrantearende",
        Some("YL"),
        LIVRANTA,
        Unit::Once,
    ),
];

/// Kodverk of the case lists (labels for lists without a benefit group).
const ARENDELISTA: &str = "fk-arendelista";
/// Kodverk of aktivitetsstöd's `atgardstyp`.
const ATGARDSTYP: &str = "fk-atgardstyp";

/// Maps every case list under `formansinformation`.
pub(crate) fn map(m: &mut Mapper<'_>, fi: &At<'_>, out: &mut Vec<Decision>) {
    for case_list in CASE_LISTS {
        for case in fi.children(case_list.list) {
            map_case(m, &case, case_list, out);
        }
    }
}

fn map_case(m: &mut Mapper<'_>, case: &At<'_>, case_list: &CaseList, out: &mut Vec<Decision>) {
    let fallback = match case_list.group {
        Some(group) => values::benefit(m, group, None),
        None => m.code(ARENDELISTA, case_list.list, None),
    };
    let active = m.boolean(case, "aktivt");
    let rejected = m.boolean(case, "avslaget");
    let applied_on = values::day(m, case, "startades");
    let co_applicants = case
        .children("medsokande")
        .iter()
        .map(|p| basis::person(m, p))
        .collect::<Vec<_>>();
    let activity = case
        .child("grunduppgifter")
        .and_then(|g| g.child("atgardstyp"))
        .and_then(|a| {
            let id = a.text_of("id")?;
            Some(m.checked_code(a.join("id"), ATGARDSTYP, id, a.text_of("beskrivning")))
        });
    let decisions = case.children("beslut");
    if decisions.is_empty() {
        let status = if rejected == Some(true) {
            DecisionStatus::Rejected
        } else if active == Some(false) {
            DecisionStatus::Ended
        } else {
            DecisionStatus::Pending
        };
        let mut decision = Decision::new(fallback, status, "FK");
        decision.applied_on = applied_on;
        decision.co_applicants = co_applicants;
        decision.activity = activity;
        out.push(decision);
        return;
    }
    for beslut in &decisions {
        let mut decision = decision(m, beslut, &fallback, rejected, case_list);
        decision.applied_on = applied_on;
        decision.co_applicants.clone_from(&co_applicants);
        decision.activity.clone_from(&activity);
        out.push(decision);
    }
}

fn decision(
    m: &mut Mapper<'_>,
    beslut: &At<'_>,
    fallback: &Code,
    case_rejected: Option<bool>,
    case_list: &CaseList,
) -> Decision {
    let benefit = beslut
        .child("forman")
        .and_then(|f| {
            f.text_of("id")
                .map(|id| values::benefit(m, id, f.text_of("beskrivning")))
        })
        .unwrap_or_else(|| fallback.clone());
    let mut d = Decision::new(benefit, status(m, beslut, case_rejected), "FK");
    d.sub_benefit = values::checked_code(m, beslut, "delforman", ERS)
        .or_else(|| values::checked_code(m, beslut, "ersattning", case_list.ersattning));
    (d.period, d.open_ended) = values::period(m, beslut, "period");
    d.extent_percent = beslut
        .children("omfattning")
        .first()
        .and_then(|o| values::extent_percent(m, o));
    d.decided_on = values::day(m, beslut, "fattades");
    d.amount = values::amount(m, beslut, "beslutatBruttobelopp");
    d.coordinated_amount = values::amount(m, beslut, "samordnatBruttobelopp");
    d.waiting_day = m.boolean(beslut, "karens");
    d.compensation_level = beslut
        .text_of("ersattningsniva")
        .map(|level| m.checked_code(beslut.join("ersattningsniva"), NIVA, level.trim(), None));
    d.days = days(m, beslut);
    d.daily_amounts = basis::daily_amounts(m, beslut);
    d.basis = beslut
        .child("underlag")
        .map(|u| basis::items(m, &u))
        .unwrap_or_default();
    let stated = frequency(m, beslut);
    if d.amount.is_some() || d.coordinated_amount.is_some() {
        d.frequency = stated.or(Some(match case_list.unit {
            Unit::PerDay => Frequency::Daily,
            Unit::Once => Frequency::Once,
        }));
    } else if let Some(latest) = d.daily_amounts.iter().max_by_key(|a| a.day) {
        // A daily benefit decided day by day: the latest day's amount is the rate.
        d.amount = Some(latest.amount);
        d.frequency = Some(Frequency::Daily);
    } else {
        d.frequency = stated;
    }
    d
}

/// `dagar`: a count, or (programersättning) the list of compensated days.
fn days(m: &mut Mapper<'_>, beslut: &At<'_>) -> Option<rust_decimal::Decimal> {
    let listed = beslut.children("dagar");
    if listed.len() > 1
        || listed
            .first()
            .is_some_and(|d| d.text().is_some_and(|t| t.contains('-')))
    {
        return Some(rust_decimal::Decimal::from(listed.len()));
    }
    m.integer::<i64>(beslut, "dagar")
        .map(rust_decimal::Decimal::from)
}

/// `periodicitet`: 0 none, 1 monthly, 2 quarterly, 3 half-yearly, 4 yearly.
fn frequency(m: &mut Mapper<'_>, beslut: &At<'_>) -> Option<Frequency> {
    let periodicity = beslut.child("periodicitet")?;
    match periodicity.text_of("id")? {
        "0" => None,
        "1" => Some(Frequency::Monthly),
        "2" => Some(Frequency::Quarterly),
        "3" => Some(Frequency::HalfYearly),
        "4" => Some(Frequency::Yearly),
        _ => {
            m.warn(
                periodicity.join("id"),
                "unknown periodicitet; the frequency is not set",
            );
            None
        }
    }
}

/// The decision's outcome (`beslutsutfall`, text or code), then the case's `avslaget`, then
/// finality (`definitivt`, `beslutstyp`, `beslutstatus`).
fn status(m: &mut Mapper<'_>, beslut: &At<'_>, case_rejected: Option<bool>) -> DecisionStatus {
    let outcome = beslut.child("beslutsutfall").and_then(|o| {
        o.text()
            .or_else(|| o.text_of("beskrivning"))
            .or_else(|| o.text_of("id"))
    });
    let outcome_upper = outcome.map(str::to_uppercase).unwrap_or_default();
    if outcome_upper.contains("AVSLAG") {
        return DecisionStatus::Rejected;
    }
    if case_rejected == Some(true) {
        return DecisionStatus::Rejected;
    }
    match m.boolean(beslut, "definitivt") {
        Some(true) => return DecisionStatus::Final,
        Some(false) => return DecisionStatus::Preliminary,
        None => {}
    }
    let kind = beslut
        .text_of("beslutstyp")
        .or_else(|| {
            beslut
                .child("beslutstatus")
                .and_then(|s| s.text_of("beskrivning"))
        })
        .map(str::to_uppercase)
        .unwrap_or_default();
    if kind.contains("SLUTLIG") {
        DecisionStatus::Final
    } else if kind.contains("INTERM") || kind.contains("INTERIM") || kind.contains("PRELIM") {
        DecisionStatus::Preliminary
    } else if outcome_upper.contains("BEVILJ") || outcome_upper.contains("BIFALL") {
        DecisionStatus::Granted
    } else {
        DecisionStatus::Other(outcome.unwrap_or_default().to_owned())
    }
}

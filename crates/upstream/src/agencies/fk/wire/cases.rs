//! FK's cases (`formansinformation.*arende`): one canonical decision per LEFI decision, or one
//! per case without a decision yet.

use underlag_domain::model::{Code, Decision, DecisionStatus, Frequency};

use super::values;
use crate::mapping::{At, Mapper};

/// The case lists and the FK benefit each concerns (a fallback for decisions without
/// `forman`; `None` where the contract does not say which group the list belongs to).
pub(crate) const CASE_LISTS: &[(&str, Option<&str>)] = &[
    ("aktivitetsstodsarende", Some("AS")),
    ("allmanpensionsarende", Some("AP")),
    ("arbetsskadeefterlevandearende", None),
    ("arbetsskadeegenlivrantearende", None),
    ("barnbidragsarende", Some("ABB")),
    ("bostadsbidragsarende", Some("BOB")),
    ("bostadstillaggsarende", Some("BST")),
    ("efterlevandepensionsarende", None),
    ("mottagareavbarnbidrag", Some("MABB")),
    ("foraldrapenningarende", Some("FP")),
    ("forebyggandeSjukpenningsarende", Some("FSJP")),
    ("handikappersattningsarende", Some("HE")),
    ("graviditetspenningsarende", Some("GP")),
    ("merkostnadsersattningsarende", Some("MEK")),
    ("narstaendepenningarende", Some("NP")),
    ("omvardnadsbidragsarende", Some("OMV")),
    ("programersattningsarende", Some("PROG")),
    ("rehabersattningsarende", Some("RBE")),
    ("sjukOchAktivitetsersattningsarende", Some("SA")),
    ("sjukpenningarende", Some("SJP")),
    ("smittbararersattningsarende", Some("SBP")),
    ("tillfalligForaldrapenningarende", Some("TFP")),
    ("totalforsvarspliktsarende", Some("DPE")),
    ("underhallsstodskrav", Some("US")),
    ("underhallsstodsmottag", Some("US")),
    ("vardbidragsarende", Some("VB")),
    ("yrkesskadeefterlevandearende", Some("YL")),
    ("yrkesskadeegenlivrantearende", Some("YL")),
];

/// Code list of compensation kinds within a benefit (`ersattning`, `delforman`).
const ERSATTNING: &str = "fk-ersattning";

/// Maps every case list under `formansinformation`.
pub(crate) fn map(m: &mut Mapper<'_>, fi: &At<'_>, out: &mut Vec<Decision>) {
    for (list, group) in CASE_LISTS {
        for case in fi.children(list) {
            let fallback = values::benefit(m, group.unwrap_or(list), None);
            map_case(m, &case, fallback, out);
        }
    }
}

fn map_case(m: &mut Mapper<'_>, case: &At<'_>, fallback: Code, out: &mut Vec<Decision>) {
    let active = m.boolean(case, "aktivt");
    let rejected = m.boolean(case, "avslaget");
    let decisions = case.children("beslut");
    if decisions.is_empty() {
        let status = if rejected == Some(true) {
            DecisionStatus::Rejected
        } else if active == Some(false) {
            DecisionStatus::Ended
        } else {
            DecisionStatus::Pending
        };
        out.push(Decision {
            benefit: fallback,
            sub_benefit: None,
            period: None,
            open_ended: false,
            decided_on: None,
            amount: None,
            frequency: None,
            extent_percent: None,
            status,
            decided_by: "FK".to_owned(),
        });
        return;
    }
    for beslut in &decisions {
        out.push(decision(m, beslut, &fallback, rejected));
    }
}

fn decision(
    m: &mut Mapper<'_>,
    beslut: &At<'_>,
    fallback: &Code,
    case_rejected: Option<bool>,
) -> Decision {
    let benefit = beslut
        .child("forman")
        .and_then(|f| {
            f.text_of("id")
                .map(|id| values::benefit(m, id, f.text_of("beskrivning")))
        })
        .unwrap_or_else(|| fallback.clone());
    let sub_benefit = values::code(m, beslut, "delforman", ERSATTNING)
        .or_else(|| values::code(m, beslut, "ersattning", ERSATTNING));
    let (period, open_ended) = values::period(m, beslut, "period");
    let extent_percent = beslut
        .children("omfattning")
        .first()
        .and_then(|o| values::extent_percent(m, o));
    Decision {
        benefit,
        sub_benefit,
        period,
        open_ended,
        decided_on: values::day(m, beslut, "fattades"),
        amount: values::amount(m, beslut, "beslutatBruttobelopp"),
        frequency: frequency(m, beslut),
        extent_percent,
        status: status(m, beslut, case_rejected),
        decided_by: "FK".to_owned(),
    }
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
/// finality (`definitivt`, `beslutstyp`).
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

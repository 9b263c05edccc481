//! Pensionsmyndigheten's claims and decisions (top-level `ansprak` and `beslut` of the LEFI
//! answer).

use underlag_domain::model::{Code, Decision, DecisionStatus, Frequency};
use underlag_domain::{Period, Severity};

use super::values::PM_FORMANSGRUPP;
use crate::mapping::{At, Mapper};

/// Code list of PM compensation types (`PM:GARP`, `PM:BT`, …).
const ERSATTNINGSTYP: &str = "pm-ersattningstyp";

/// Maps claims (as pending decisions) and decisions (one per decided compensation).
pub(crate) fn map(m: &mut Mapper<'_>, root: &At<'_>, out: &mut Vec<Decision>) {
    for claim in root.children("ansprak") {
        let (period, open_ended) = open_period(m, &claim, "yrkadPeriod");
        out.push(Decision {
            benefit: group(m, &claim),
            sub_benefit: None,
            period,
            open_ended,
            decided_on: None,
            amount: None,
            frequency: None,
            extent_percent: None,
            status: DecisionStatus::Pending,
            decided_by: "PM".to_owned(),
        });
    }
    for beslut in root.children("beslut") {
        let benefit = group(m, &beslut);
        let status = status(&beslut);
        let decided_on = m.date(&beslut, "beslutsdatum");
        let compensations = beslut.children("beslutadErsattning");
        if compensations.is_empty() {
            out.push(Decision {
                benefit,
                sub_benefit: None,
                period: None,
                open_ended: false,
                decided_on,
                amount: None,
                frequency: None,
                extent_percent: None,
                status,
                decided_by: "PM".to_owned(),
            });
            continue;
        }
        for compensation in &compensations {
            let (period, open_ended) = open_period(m, compensation, "period");
            let amount = compensation.child("beslutatBelopp");
            out.push(Decision {
                benefit: benefit.clone(),
                sub_benefit: coded(m, compensation, "ersattningstyp", ERSATTNINGSTYP),
                period,
                open_ended,
                decided_on,
                amount: amount.as_ref().and_then(|a| m.amount(a, "belopp")),
                frequency: amount.as_ref().and_then(|a| frequency(m, a)),
                // LEFI's PM extent is a fraction (0–1).
                extent_percent: m
                    .decimal(compensation, "omfattning")
                    .and_then(|f| f.checked_mul(rust_decimal::Decimal::ONE_HUNDRED))
                    .map(|p| p.normalize()),
                status: status.clone(),
                decided_by: "PM".to_owned(),
            });
        }
    }
}

/// `{name: {kod, beskrivning}}` as a code.
pub(crate) fn coded(m: &Mapper<'_>, at: &At<'_>, name: &str, code_list: &str) -> Option<Code> {
    let node = at.child(name)?;
    Some(m.code(code_list, node.text_of("kod")?, node.text_of("beskrivning")))
}

fn group(m: &mut Mapper<'_>, at: &At<'_>) -> Code {
    coded(m, at, "formansgrupp", PM_FORMANSGRUPP).unwrap_or_else(|| {
        m.warn(
            at.join("formansgrupp"),
            "no formansgrupp; the benefit is unknown",
        );
        Code::new("PM")
    })
}

/// A `{from, tom?}` period: without `tom` it is open-ended from `from`.
fn open_period(m: &mut Mapper<'_>, at: &At<'_>, name: &str) -> (Option<Period>, bool) {
    let Some(p) = at.child(name) else {
        return (None, false);
    };
    if p.text_of("tom").is_none() {
        let from = m.date(&p, "from");
        return (from.and_then(|d| Period::new(d, d).ok()), from.is_some());
    }
    (m.period(&p, "from", "tom"), false)
}

/// Rejected (`AVSLAG`) first, then the decision's standing.
fn status(beslut: &At<'_>) -> DecisionStatus {
    let outcome = beslut.child("beslutsutfall").and_then(|o| o.text_of("kod"));
    let standing = beslut.child("beslutsstatus").and_then(|s| s.text_of("kod"));
    match (outcome, standing) {
        (Some("AVSLAG"), _) => DecisionStatus::Rejected,
        (_, Some("INTERIMISTISKT" | "PRELIMINART")) => DecisionStatus::Preliminary,
        (_, Some("SLUTLIGT")) => DecisionStatus::Final,
        (Some("BIFALL"), _) => DecisionStatus::Granted,
        (other, _) => DecisionStatus::Other(other.or(standing).unwrap_or_default().to_owned()),
    }
}

fn frequency(m: &mut Mapper<'_>, amount: &At<'_>) -> Option<Frequency> {
    let node = amount.child("beloppsfrekvens")?;
    Some(match node.text_of("kod")? {
        "AR" => Frequency::Yearly,
        "HALVAR" => Frequency::HalfYearly,
        "KVARTAL" => Frequency::Quarterly,
        "MANAD" => Frequency::Monthly,
        "VECKA" => Frequency::Weekly,
        "DAG" => Frequency::Daily,
        "ENGANGS" => Frequency::Once,
        _ => {
            m.problem(
                node.join("kod"),
                Severity::Warning,
                "unknown beloppsfrekvens",
            );
            return None;
        }
    })
}

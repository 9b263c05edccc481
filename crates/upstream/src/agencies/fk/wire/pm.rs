//! Pensionsmyndigheten's claims and decisions (top-level `ansprak` and `beslut` of the LEFI
//! answer).

use underlag_domain::model::{BasisItem, Code, Decision, DecisionStatus, Frequency, RelatedPerson};
use underlag_domain::{Period, Severity};

use super::basis;
use super::values::PM_FORMANSGRUPP;
use crate::mapping::{At, Mapper};

/// Code list of PM compensation types (`PM:GARP`, `PM:BT`, …).
const ERSATTNINGSTYP: &str = "pm-ersattningstyp";
/// Code list of PM coordination types (`PM:AL`, `PM:SA`, …).
const SAMORDNINGSTYP: &str = "pm-samordningstyp";
/// Code list of the civil status a PM decision used (`OGIFT`, `GIFT`).
const CIVILSTAND: &str = "pm-civilstand";

/// Maps claims (as pending decisions) and decisions (one per decided compensation).
pub(crate) fn map(m: &mut Mapper<'_>, root: &At<'_>, out: &mut Vec<Decision>) {
    for claim in root.children("ansprak") {
        let mut d = Decision::new(group(m, &claim), DecisionStatus::Pending, "PM");
        (d.period, d.open_ended) = open_period(m, &claim, "yrkadPeriod");
        d.applied_on = m.date(&claim, "ankomstdatum");
        out.push(d);
    }
    for beslut in root.children("beslut") {
        let benefit = group(m, &beslut);
        let status = status(&beslut);
        let decided_on = m.date(&beslut, "beslutsdatum");
        let compensations = beslut.children("beslutadErsattning");
        let (supplement, co_applicants) = supplement(m, &beslut);
        if compensations.is_empty() {
            let mut d = Decision::new(benefit, status, "PM");
            d.decided_on = decided_on;
            d.basis = supplement;
            d.co_applicants = co_applicants;
            out.push(d);
            continue;
        }
        for compensation in &compensations {
            let mut d = Decision::new(benefit.clone(), status.clone(), "PM");
            (d.period, d.open_ended) = open_period(m, compensation, "period");
            let amount = compensation.child("beslutatBelopp");
            d.sub_benefit = coded(m, compensation, "ersattningstyp", ERSATTNINGSTYP);
            d.decided_on = decided_on;
            d.amount = amount.as_ref().and_then(|a| m.amount(a, "belopp"));
            d.frequency = amount.as_ref().and_then(|a| frequency(m, a));
            // LEFI's PM extent is a fraction (0–1).
            d.extent_percent = m
                .decimal(compensation, "omfattning")
                .and_then(|f| f.checked_mul(rust_decimal::Decimal::ONE_HUNDRED))
                .map(|p| p.normalize());
            d.basis = compensation_basis(m, compensation);
            d.basis.extend(supplement.iter().cloned());
            d.co_applicants.clone_from(&co_applicants);
            out.push(d);
        }
    }
}

/// The per-compensation basis (`underlag.{bp, garp, ip, samordning, …}`): amounts and
/// numbers by name, coordination types as codes.
fn compensation_basis(m: &mut Mapper<'_>, compensation: &At<'_>) -> Vec<BasisItem> {
    let Some(underlag) = compensation.child("underlag") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let parts: Vec<String> = underlag
        .node()
        .children
        .iter()
        .map(|c| c.name.clone())
        .collect();
    for part in parts {
        let Some(at) = underlag.child(&part) else {
            continue;
        };
        for kind in at.children("samordningstyper") {
            if let Some(code) = kind.text_of("kod") {
                let mut item = BasisItem::amount(
                    m.checked_code(
                        kind.join("kod"),
                        SAMORDNINGSTYP,
                        code,
                        kind.text_of("beskrivning"),
                    ),
                    underlag_domain::Amount::ZERO,
                    None,
                );
                item.amount = None;
                item.flag = Some(true);
                out.push(item);
            }
        }
        out.extend(
            basis::items(m, &at)
                .into_iter()
                .filter(|i| i.kind.code != "samordningstyper"),
        );
    }
    out
}

/// The decision's supplement (`tillagg`): BTI's calculation basis and co-applicant, the civil
/// status AP was calculated with.
fn supplement(m: &mut Mapper<'_>, beslut: &At<'_>) -> (Vec<BasisItem>, Vec<RelatedPerson>) {
    let mut items = Vec::new();
    let mut co_applicants = Vec::new();
    let Some(tillagg) = beslut.child("tillagg") else {
        return (items, co_applicants);
    };
    if let Some(bti) = tillagg
        .child("bostadsInkomststod")
        .and_then(|b| b.child("berakningsunderlag"))
    {
        if let Some(number) = bti.text_of("medsokande") {
            co_applicants.push(RelatedPerson {
                identity: m.related_identity(bti.join("medsokande"), number),
                name: None,
                protected: false,
            });
        }
        items.extend(
            basis::items(m, &bti)
                .into_iter()
                .filter(|i| i.kind.code != "medsokande"),
        );
    }
    if let Some(ap) = tillagg.child("allmanpension") {
        if let Some(civil) = ap.child("anvantCivilstand")
            && let Some(code) = civil.text_of("kod")
        {
            let mut item = BasisItem::amount(
                m.checked_code(
                    civil.join("kod"),
                    CIVILSTAND,
                    code,
                    civil.text_of("beskrivning"),
                ),
                underlag_domain::Amount::ZERO,
                None,
            );
            item.amount = None;
            item.flag = Some(true);
            items.push(item);
        }
        if let Some(flag) = m.boolean(&ap, "samordningMedPensionFranAnnatLand") {
            let mut item = BasisItem::amount(
                m.code("fk-underlag", "samordningMedPensionFranAnnatLand", None),
                underlag_domain::Amount::ZERO,
                None,
            );
            item.amount = None;
            item.flag = Some(flag);
            items.push(item);
        }
    }
    (items, co_applicants)
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

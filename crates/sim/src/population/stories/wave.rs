//! The second generation wave: the persons added for the whole LEFI contract and the
//! real-world shapes, drawn after the first wave with a generator of their own, so the
//! first wave's persons (and the documented all-sources person) stay exactly as they were.

use super::{Builder, benefits, holdings, insurance, labour, shapes, study};
use crate::population::identities::NumberKind;
use crate::population::rng::Rng;
use crate::population::{CsnSupportForm, FkPaymentKind, StoryKind, SyntheticPerson};

/// The second wave's seed.
const SEED: u64 = 0x5553_4254_454B_0020;

/// (story, persons) of the second wave, in generation order.
const PLAN: &[(StoryKind, usize)] = &[
    (StoryKind::SicknessBenefits, 260),
    (StoryKind::ParentalBenefits, 210),
    (StoryKind::FamilyBenefits, 240),
    (StoryKind::PensionerBostadstillagg, 200),
    (StoryKind::JobSeekerAktivitetsstod, 150),
    (StoryKind::AkassaWithSuspension, 130),
    (StoryKind::Student, 120),
    (StoryKind::VehicleOwner, 100),
    (StoryKind::DisabilityBenefits, 90),
    (StoryKind::NewlyArrived, 80),
    (StoryKind::PermitPermanent, 50),
    (StoryKind::PermitTimeLimited, 50),
    (StoryKind::CapitalIncome, 60),
    (StoryKind::WorkInjury, 40),
    (StoryKind::FkPension, 40),
    (StoryKind::MaintenanceOwed, 40),
    (StoryKind::ProgrammeCompensation, 30),
    (StoryKind::Conscript, 15),
    (StoryKind::OwnBarnbidrag, 15),
];

/// Funds the shapes use (a change of fund, a fund that could not answer).
const OTHER_FUNDS: &[&str] = &[
    "Akademikernas a-kassa",
    "Kommunals arbetslöshetskassa",
    "Byggnads arbetslöshetskassa",
];

/// Generates the second wave and appends it to `persons`.
pub(super) fn generate(b: &mut Builder, persons: &mut Vec<SyntheticPerson>) {
    b.rng = Rng::new(SEED);
    let pn = NumberKind::Personnummer;
    let sn = NumberKind::Samordningsnummer;
    let first_new = persons.len();
    for &(story, count) in PLAN {
        for i in 0..count {
            let (kind, years) = match story {
                StoryKind::PensionerBostadstillagg | StoryKind::FkPension => (pn, b.born(95, 66)),
                StoryKind::Student => (pn, b.born(30, 19)),
                StoryKind::Conscript => (pn, b.born(21, 19)),
                StoryKind::OwnBarnbidrag => (pn, b.born(18, 16)),
                StoryKind::ProgrammeCompensation => (pn, b.born(24, 19)),
                StoryKind::DisabilityBenefits => (pn, b.born(64, 20)),
                StoryKind::NewlyArrived
                | StoryKind::PermitPermanent
                | StoryKind::PermitTimeLimited => {
                    (if i.is_multiple_of(3) { sn } else { pn }, b.born(55, 20))
                }
                _ => (pn, b.born(62, 22)),
            };
            let Some(mut p) = b.person(kind, years, story) else {
                continue;
            };
            fill(b, &mut p, story, i);
            if p.fk.is_some()
                || p.af.is_some()
                || p.csn.is_some()
                || p.skv.is_some()
                || p.so.is_some()
                || p.tns.is_some()
                || p.miv.is_some()
            {
                persons.push(p);
            }
        }
    }
    for p in persons.iter_mut().skip(first_new) {
        secondary(b, p);
        tag_shapes(p);
    }
}

fn fill(b: &mut Builder, p: &mut SyntheticPerson, story: StoryKind, i: usize) {
    match story {
        StoryKind::SicknessBenefits => insurance::sickness(b, p),
        StoryKind::ParentalBenefits => insurance::parental(b, p),
        StoryKind::FamilyBenefits => {
            let months = b.rng.range(6, 18) as i32;
            benefits::family(b, p, months);
            if b.rng.percent(10) {
                let days = b.rng.range(3, 40);
                super::spells::add_pending(
                    b,
                    p,
                    crate::population::FkBenefit::Bostadsbidrag,
                    days,
                    2,
                );
            }
        }
        StoryKind::PensionerBostadstillagg => {
            let months = b.rng.range(6, 20) as i32;
            benefits::pensioner(b, p, months);
            if i.is_multiple_of(2) {
                shapes::pm_split_payments(p);
            }
            if i % 5 == 1 {
                shapes::pm_claim(b, p);
            }
        }
        StoryKind::JobSeekerAktivitetsstod => {
            let months = b.rng.range(6, 14) as i32;
            labour::job_seeker(b, p, months);
            benefits::aktivitetsstod(b, p);
        }
        StoryKind::AkassaWithSuspension => {
            let months = b.rng.range(8, 16) as i32;
            labour::akassa(b, p, months);
            if i.is_multiple_of(6) {
                let second = *b.rng.pick(OTHER_FUNDS);
                shapes::change_of_fund(b, p, second);
            } else if i % 8 == 1 {
                let other = *b.rng.pick(OTHER_FUNDS);
                shapes::incomplete_fund(b, p, other);
            }
        }
        StoryKind::Student => {
            if i % 6 == 2 {
                study::other_form(b, p, i / 6);
            } else {
                study::student(b, p, i % 6 == 5);
            }
            if i % 5 == 3
                && let Some(csn) = p.csn.as_mut()
            {
                csn.v3 = true;
            }
        }
        StoryKind::VehicleOwner => holdings::vehicles(b, p),
        StoryKind::DisabilityBenefits => insurance::disability(b, p),
        StoryKind::NewlyArrived => {
            let months = b.rng.range(4, 20) as i32;
            labour::job_seeker(b, p, months);
            if let Some(af) = p.af.as_mut() {
                af.category = "Deltar i etableringsprogrammet".to_owned();
                af.decisions.clear();
            }
            insurance::programme(b, p, true);
            holdings::permit(b, p, false, Some(months + 6));
            if i.is_multiple_of(2) {
                shapes::offset_dates(p);
            }
        }
        StoryKind::PermitPermanent | StoryKind::PermitTimeLimited => {
            let permanent = story == StoryKind::PermitPermanent;
            holdings::permit(b, p, permanent, None);
            if permanent {
                shapes::permanent_start_date(p);
            }
            if i.is_multiple_of(3) {
                shapes::offset_dates(p);
            }
        }
        StoryKind::CapitalIncome => {
            holdings::capital(b, p);
            if i.is_multiple_of(4) {
                shapes::skv_status_999(p);
            }
        }
        StoryKind::WorkInjury => insurance::work_injury(b, p, i),
        StoryKind::FkPension => insurance::fk_pension(b, p),
        StoryKind::MaintenanceOwed => insurance::maintenance_owed(b, p),
        StoryKind::ProgrammeCompensation => {
            let months = b.rng.range(3, 12) as i32;
            labour::job_seeker(b, p, months);
            if let Some(af) = p.af.as_mut() {
                af.decisions.clear();
            }
            insurance::programme(b, p, false);
        }
        StoryKind::Conscript => insurance::conscript(b, p),
        StoryKind::OwnBarnbidrag => insurance::own_barnbidrag(b, p),
        _ => {}
    }
}

/// A car or capital income besides the main story, for some.
fn secondary(b: &mut Builder, p: &mut SyntheticPerson) {
    if p.tns.is_none() && b.rng.percent(20) {
        holdings::vehicles(b, p);
        p.stories.push(StoryKind::VehicleOwner);
    }
    if p.skv.is_none() && b.rng.percent(12) {
        holdings::capital(b, p);
        p.stories.push(StoryKind::CapitalIncome);
    }
}

/// Adds the shape kinds the person's facts show.
fn tag_shapes(p: &mut SyntheticPerson) {
    let mut kinds = Vec::new();
    if let Some(fk) = &p.fk {
        if fk.cases.iter().any(|c| c.is_pending()) {
            kinds.push(StoryKind::PendingApplication);
        }
        if fk.payments.iter().any(|x| x.kind == FkPaymentKind::Retro) {
            kinds.push(StoryKind::RetroPayment);
        }
        if fk.payments.iter().any(|x| x.month_only) {
            kinds.push(StoryKind::MonthOnlyPaymentDate);
        }
        if !fk.deviations.is_empty() || fk.pm_state.is_some() {
            kinds.push(StoryKind::LefiDeviation);
        }
        if !fk.pm_claims.is_empty() {
            kinds.push(StoryKind::PmClaim);
        }
        if shapes::has_split_pm_payment(p) {
            kinds.push(StoryKind::PmSplitPayment);
        }
    }
    if let Some(so) = &p.so {
        if so.funds.iter().filter(|f| !f.payments.is_empty()).count() >= 2 {
            kinds.push(StoryKind::TwoFunds);
        }
        if so.funds.iter().any(|f| f.status != "all clear") {
            kinds.push(StoryKind::FundIncomplete);
        }
    }
    if let Some(csn) = &p.csn {
        let other = |c: &crate::population::CsnCase| {
            !matches!(
                c.support_form,
                CsnSupportForm::Studiemedel | CsnSupportForm::Studiehjalp
            ) || c.payments.iter().any(|x| x.amounts.len() > 2)
        };
        if csn.cases.iter().any(other) {
            kinds.push(StoryKind::CsnOtherForm);
        }
        if csn.v3 {
            kinds.push(StoryKind::CsnV3);
        }
    }
    if p.skv.as_ref().is_some_and(|s| s.status == Some("999")) {
        kinds.push(StoryKind::SkvStatus999);
    }
    if p.af.as_ref().is_some_and(|a| a.offset_dates)
        || p.miv.as_ref().is_some_and(|m| m.offset_dates)
    {
        kinds.push(StoryKind::OffsetDates);
    }
    p.stories.extend(kinds);
}

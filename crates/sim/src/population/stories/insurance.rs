//! Story parts for the FK benefits beyond the first four: sickness (sjukpenning,
//! förebyggande sjukpenning, rehabiliteringsersättning, smittbärarpenning), parental
//! (föräldrapenning, tillfällig föräldrapenning, graviditetspenning, närståendepenning,
//! vårdbidrag, omvårdnadsbidrag), disability (sjuk- och aktivitetsersättning,
//! handikappersättning, merkostnadsersättning), work injury, FK's older pension cases, the
//! programmes (programersättning, etableringsersättning), conscripts, maintenance owed and
//! young persons receiving their own barnbidrag.

use jiff::civil::Date;
use underlag_domain::Amount;

use super::Builder;
use super::spells::{Spell, add_case, add_pending, decision_for};
use crate::population::calendar::{add_days, month_day};
use crate::population::names::GIVEN_NAMES;
use crate::population::{Child, DecisionBasis, FkBenefit, LefiDeviation, SyntheticPerson};

const EXTENTS: &[(u32, u32)] = &[(1, 1), (1, 1), (1, 1), (3, 4), (1, 2), (1, 4)];

fn days_ago(b: &mut Builder, low: i64, high: i64) -> Date {
    add_days(b.today, -b.rng.range(low, high))
}

/// Whether the number's gender digit is even (a woman, in the personnummer's convention).
fn is_woman(p: &SyntheticPerson) -> bool {
    p.personnummer
        .expose()
        .as_bytes()
        .get(10)
        .is_some_and(|d| (d - b'0').is_multiple_of(2))
}

/// A child with a number from the lists, born in `years`.
pub(crate) fn new_child(
    b: &mut Builder,
    p: &SyntheticPerson,
    years: std::ops::RangeInclusive<i32>,
) -> Option<Child> {
    let number = b.child_number(years)?;
    let born = number.birth_date()?;
    Some(Child {
        personnummer: number,
        name: format!("{} {}", b.rng.pick(GIVEN_NAMES), p.family_name),
        born,
    })
}

/// A sick-listed person: sjukpenning in two decisions (the first with a qualifying day, the
/// latest interim while it runs), sometimes with förebyggande sjukpenning, rehabilitering or
/// smittbärarpenning before it, a retro payment, payout dates to the month, or a pending
/// application for an extension.
pub(crate) fn sickness(b: &mut Builder, p: &mut SyntheticPerson) {
    let civil = *b.rng.pick(&[1_u8, 2, 2, 5]);
    let from = days_ago(b, 20, 240);
    let length = b.rng.range(30, 300);
    let to = add_days(from, length);
    let daily = b.rng.range(380, 1_250);
    let mut s = Spell::new(FkBenefit::Sjukpenning, from, Some(to), daily);
    s.extent = *b.rng.pick(EXTENTS);
    s.retro = b.rng.percent(15);
    s.month_only = b.rng.percent(20);
    let mid = add_days(from, length / 2);
    let mut first = decision_for(&s, add_days(from, 12), from, Some(mid));
    first.karens = Some(true);
    first.level = Some("80");
    first.outcome = Some("BEVILJAN");
    first.compensation = Some((1, "Sjukpenning"));
    let mut second = decision_for(&s, add_days(mid, -5), add_days(mid, 1), Some(to));
    second.karens = Some(false);
    second.level = Some("80");
    second.outcome = Some("BEVILJAN");
    second.compensation = Some((1, "Sjukpenning"));
    second.definitive = to < b.today;
    add_case(b, p, &s, vec![first, second], civil);
    if b.rng.percent(12) {
        let before = add_days(from, -b.rng.range(60, 200));
        let mut s = Spell::new(
            FkBenefit::ForebyggandeSjukpenning,
            before,
            Some(add_days(before, b.rng.range(5, 30))),
            daily,
        );
        s.extent = (1, 1);
        let mut d = decision_for(&s, add_days(before, 7), s.from, s.to);
        d.karens = Some(false);
        d.level = Some("80");
        d.outcome = Some("BEVILJAN");
        d.compensation = Some((1, "Förebyggande sjukpenning"));
        add_case(b, p, &s, vec![d], civil);
    }
    if b.rng.percent(8) {
        let start = add_days(to, 1);
        let mut s = Spell::new(
            FkBenefit::Rehabersattning,
            start,
            Some(add_days(start, 90)),
            daily,
        );
        s.extent = (1, 2);
        let mut d = decision_for(&s, add_days(start, -10), s.from, s.to);
        d.karens = Some(false);
        d.level = Some("80");
        d.outcome = Some("BEVILJAN");
        d.compensation = Some((1, "Rehabiliteringspenning"));
        add_case(b, p, &s, vec![d], civil);
    }
    if b.rng.percent(5) {
        let start = days_ago(b, 200, 400);
        let s = Spell::new(
            FkBenefit::Smittbararpenning,
            start,
            Some(add_days(start, b.rng.range(3, 14))),
            daily,
        );
        let d = decision_for(&s, add_days(start, 5), s.from, s.to);
        add_case(b, p, &s, vec![d], civil);
    }
    if b.rng.percent(10) {
        let days = b.rng.range(3, 25);
        add_pending(b, p, FkBenefit::Sjukpenning, days, civil);
    }
    if b.rng.percent(6)
        && let Some(fk) = p.fk.as_mut()
    {
        // Pensionsmyndigheten cannot be reached: its state is not OK and it sends nothing.
        fk.pm_state = Some(("OTILLGANGLIG", "Otillgänglig"));
    }
}

/// A parent on parental leave: föräldrapenning for the youngest child (per day, at
/// sjukpenningnivå or grundnivå), sometimes tillfällig föräldrapenning, graviditetspenning,
/// närståendepenning, vårdbidrag or omvårdnadsbidrag; some with a LEFI deviation for
/// tillfällig föräldrapenning instead of data.
pub(crate) fn parental(b: &mut Builder, p: &mut SyntheticPerson) {
    let civil = *b.rng.pick(&[1_u8, 2, 2, 2, 5]);
    let year = i32::from(b.today.year());
    let child = new_child(b, p, (year - 6).min(2023)..=2023);
    let from = days_ago(b, 10, 200);
    let to = add_days(from, b.rng.range(30, 240));
    let (daily, level) = if b.rng.percent(20) {
        (250, "GRN")
    } else {
        (b.rng.range(400, 1_250), "SGI")
    };
    let mut s = Spell::new(FkBenefit::Foraldrapenning, from, Some(to), daily);
    s.extent = *b.rng.pick(&[(1, 1), (1, 1), (3, 4), (1, 2)]);
    s.child = child.clone();
    s.retro = b.rng.percent(10);
    s.month_only = b.rng.percent(15);
    let mut d = decision_for(&s, add_days(from, -20), from, Some(to));
    d.level = Some(level);
    d.compensation = Some((3, "Vanliga dagar"));
    add_case(b, p, &s, vec![d], civil);
    if let Some(fk) = p.fk.as_mut()
        && let Some(c) = &child
    {
        fk.children.push(c.clone());
    }
    if b.rng.percent(40) {
        let start = days_ago(b, 15, 90);
        let mut s = Spell::new(
            FkBenefit::TillfalligForaldrapenning,
            start,
            Some(add_days(start, b.rng.range(0, 4))),
            b.rng.range(400, 1_250),
        );
        s.child = child.clone();
        let mut d = decision_for(&s, add_days(start, 10), s.from, s.to);
        d.compensation = Some((1, "Vård av barn"));
        add_case(b, p, &s, vec![d], civil);
        if b.rng.percent(15)
            && let Some(fk) = p.fk.as_mut()
        {
            fk.deviations.push(LefiDeviation {
                group: "FK:TFP",
                code: "INTERNT_FEL",
            });
        }
    }
    if is_woman(p) && b.rng.percent(15) {
        let start = add_days(from, -b.rng.range(40, 60));
        let s = Spell::new(
            FkBenefit::Graviditetspenning,
            start,
            Some(add_days(from, -11)),
            daily,
        );
        let mut d = decision_for(&s, add_days(start, -7), s.from, s.to);
        d.compensation = Some((1, "Graviditetspenning"));
        add_case(b, p, &s, vec![d], civil);
    }
    if b.rng.percent(5) {
        let start = days_ago(b, 30, 300);
        let s = Spell::new(
            FkBenefit::Narstaendepenning,
            start,
            Some(add_days(start, b.rng.range(5, 30))),
            daily,
        );
        let mut d = decision_for(&s, add_days(start, 6), s.from, s.to);
        d.karens = Some(false);
        d.compensation = Some((1, "Närståendepenning"));
        add_case(b, p, &s, vec![d], civil);
    }
    if let Some(c) = child.clone()
        && b.rng.percent(10)
    {
        let start = month_day(b.today, -(b.rng.range(3, 20) as i32), 1);
        let mut s = Spell::new(
            FkBenefit::Vardbidrag,
            start,
            None,
            *b.rng.pick(&[2_680_i64, 5_360, 8_040]),
        );
        s.pay_day = 25;
        let mut d = decision_for(&s, add_days(start, -15), start, None);
        d.compensation = Some((1, "Vårdbidrag"));
        d.basis = Some(DecisionBasis::Care {
            child: c,
            shared: b.rng.percent(30),
        });
        add_case(b, p, &s, vec![d], civil);
    } else if b.rng.percent(6) {
        let start = month_day(b.today, -(b.rng.range(3, 20) as i32), 1);
        let s = Spell::new(
            FkBenefit::Omvardnadsbidrag,
            start,
            None,
            *b.rng.pick(&[2_680_i64, 5_360]),
        );
        let d = decision_for(&s, add_days(start, -15), start, None);
        add_case(b, p, &s, vec![d], civil);
    }
    if b.rng.percent(8) {
        let days = b.rng.range(3, 40);
        add_pending(b, p, FkBenefit::Bostadsbidrag, days, civil);
    }
}

/// Sjuk- or aktivitetsersättning (monthly, coordinated with other benefits), sometimes with
/// handikappersättning or merkostnadsersättning.
pub(crate) fn disability(b: &mut Builder, p: &mut SyntheticPerson) {
    let civil = *b.rng.pick(&[1_u8, 1, 2, 5]);
    let from = month_day(b.today, -(b.rng.range(6, 60) as i32), 1);
    let monthly = b.rng.range(900, 1_450) * 10;
    let mut s = Spell::new(FkBenefit::SjukOchAktivitetsersattning, from, None, monthly);
    s.extent = *b.rng.pick(&[(1, 1), (1, 1), (3, 4), (1, 2)]);
    s.pay_day = 24;
    let mut d = decision_for(&s, add_days(from, -30), from, None);
    d.coordinated = Some(Amount::from_kronor(monthly - b.rng.range(0, 250) * 10));
    d.sub_benefit = Some(if b.rng.percent(20) {
        ("AE", "Aktivitetsersättning")
    } else {
        ("SE", "Sjukersättning")
    });
    add_case(b, p, &s, vec![d], civil);
    if b.rng.percent(40) {
        let start = month_day(b.today, -(b.rng.range(3, 30) as i32), 1);
        let mut s = Spell::new(
            FkBenefit::Handikappersattning,
            start,
            None,
            *b.rng.pick(&[1_940_i64, 2_740, 3_590]),
        );
        s.tax_percent = 0;
        let mut d = decision_for(&s, add_days(start, -20), start, None);
        d.extent = Some((1, 1));
        add_case(b, p, &s, vec![d], civil);
    } else if b.rng.percent(40) {
        let start = month_day(b.today, -(b.rng.range(3, 30) as i32), 1);
        let mut s = Spell::new(
            FkBenefit::Merkostnadsersattning,
            start,
            None,
            *b.rng.pick(&[1_500_i64, 2_740, 4_560]),
        );
        s.tax_percent = 0;
        let d = decision_for(&s, add_days(start, -20), start, None);
        add_case(b, p, &s, vec![d], civil);
    }
}

/// A work-injury or occupational-injury annuity, own or as a survivor (monthly, taxed,
/// coordinated where the list has it).
pub(crate) fn work_injury(b: &mut Builder, p: &mut SyntheticPerson, n: usize) {
    let benefit = [
        FkBenefit::ArbetsskadeEgen,
        FkBenefit::ArbetsskadeEfterlevande,
        FkBenefit::YrkesskadeEgen,
        FkBenefit::YrkesskadeEfterlevande,
    ][n % 4];
    let from = month_day(b.today, -(b.rng.range(12, 120) as i32), 1);
    let monthly = b.rng.range(150, 900) * 10;
    let s = Spell::new(benefit, from, None, monthly);
    let mut d = decision_for(&s, add_days(from, -40), from, None);
    d.compensation = Some((1, "Livränta"));
    if matches!(
        benefit,
        FkBenefit::ArbetsskadeEgen | FkBenefit::ArbetsskadeEfterlevande
    ) {
        d.coordinated = Some(Amount::from_kronor(monthly - b.rng.range(0, 100) * 10));
    }
    let civil = *b.rng.pick(&[1_u8, 2, 7]);
    add_case(b, p, &s, vec![d], civil);
}

/// FK's older pension cases: allmän pension (coordinated), efterlevandepension, and
/// bostadstillägg with its calculation basis and, when married, a co-applicant.
pub(crate) fn fk_pension(b: &mut Builder, p: &mut SyntheticPerson) {
    let married = b.rng.percent(40);
    let civil = if married {
        2
    } else {
        *b.rng.pick(&[1_u8, 5, 7])
    };
    let from = month_day(b.today, -(b.rng.range(24, 200) as i32), 1);
    let monthly = b.rng.range(800, 1_600) * 10;
    let mut s = Spell::new(FkBenefit::AllmanPension, from, None, monthly);
    s.pay_day = 19;
    s.tax_percent = 25;
    let mut d = decision_for(&s, add_days(from, -40), from, None);
    d.coordinated = Some(Amount::from_kronor(monthly));
    add_case(b, p, &s, vec![d], civil);
    if civil == 7 || b.rng.percent(30) {
        let mut s = Spell::new(
            FkBenefit::Efterlevandepension,
            from,
            None,
            b.rng.range(200, 600) * 10,
        );
        s.pay_day = 19;
        let mut d = decision_for(&s, add_days(from, -30), from, None);
        d.coordinated = Some(Amount::from_kronor(s.amount));
        add_case(b, p, &s, vec![d], civil);
    }
    if b.rng.percent(70) {
        let bt_from = month_day(b.today, -(b.rng.range(6, 36) as i32), 1);
        let monthly = b.rng.range(150, 600) * 10;
        let mut s = Spell::new(FkBenefit::Bostadstillagg, bt_from, None, monthly);
        s.pay_day = 19;
        s.tax_percent = 0;
        let yearly = b.rng.range(600, 1_200) * 100;
        let mut d = decision_for(&s, add_days(bt_from, -20), bt_from, None);
        d.basis = Some(DecisionBasis::PensionHousing {
            yearly_gross: Amount::from_kronor(yearly),
            net_bt: Amount::from_kronor(yearly - monthly * 12),
            net_afs: Amount::from_kronor(yearly - monthly * 12),
        });
        add_case(b, p, &s, vec![d], civil);
        if married {
            let born = p
                .personnummer
                .birth_date()
                .map_or(1950, |d| i32::from(d.year()));
            let spouse = new_child(b, p, (born - 5)..=(born + 3));
            if let Some(fk) = p.fk.as_mut()
                && let Some(case) = fk.cases.last_mut()
                && let Some(spouse) = spouse
            {
                case.co_applicants.push(spouse);
            }
        }
    }
}

/// Programersättning (utvecklingsersättning) or etableringsersättning, per day, with the
/// AF registration behind it.
pub(crate) fn programme(b: &mut Builder, p: &mut SyntheticPerson, establishment: bool) {
    let from = days_ago(b, 30, 300);
    let to = month_day(b.today, b.rng.range(1, 10) as i32, 31);
    let (benefit, daily, sub) = if establishment {
        (
            FkBenefit::Etableringsersattning,
            308,
            ("EE", "Etableringsersättning"),
        )
    } else {
        (
            FkBenefit::Programersattning,
            *b.rng.pick(&[161_i64, 285]),
            ("UE", "Utvecklingsersättning"),
        )
    };
    let mut s = Spell::new(benefit, from, Some(to), daily);
    s.pay_day = 26;
    s.tax_percent = if establishment { 0 } else { 30 };
    s.retro = b.rng.percent(10);
    let mut d = decision_for(&s, add_days(from, -5), from, Some(to));
    d.sub_benefit = Some(sub);
    let civil = *b.rng.pick(&[1_u8, 2]);
    add_case(b, p, &s, vec![d], civil);
    if b.rng.percent(10) {
        let days = b.rng.range(3, 40);
        add_pending(b, p, FkBenefit::Bostadsbidrag, days, 1);
    }
}

/// Dagpenning during military service (totalförsvarsplikt), per day, tax-free.
pub(crate) fn conscript(b: &mut Builder, p: &mut SyntheticPerson) {
    let from = days_ago(b, 30, 250);
    let to = add_days(from, b.rng.range(270, 450));
    let mut s = Spell::new(
        FkBenefit::Totalforsvarsplikt,
        from,
        Some(to),
        *b.rng.pick(&[149_i64, 163]),
    );
    s.tax_percent = 0;
    let d = decision_for(&s, add_days(from, -3), from, Some(to));
    add_case(b, p, &s, vec![d], 1);
}

/// A liable parent who owes underhållsstöd for a child (a claim, nothing paid out).
pub(crate) fn maintenance_owed(b: &mut Builder, p: &mut SyntheticPerson) {
    let year = i32::from(b.today.year());
    let child = new_child(b, p, (year - 15).max(2011)..=2023);
    let from = month_day(b.today, -(b.rng.range(6, 48) as i32), 1);
    let monthly = b.rng.range(30, 167) * 10;
    let mut s = Spell::new(FkBenefit::UnderhallsstodKrav, from, None, monthly);
    s.child = child;
    let mut d = decision_for(&s, add_days(from, -20), from, None);
    d.compensation = Some((1, "Återbetalningsskyldighet"));
    d.coordinated = Some(Amount::from_kronor(monthly));
    let civil = *b.rng.pick(&[1_u8, 5]);
    add_case(b, p, &s, vec![d], civil);
    if let Some(fk) = p.fk.as_mut() {
        // What is owed is claimed, not paid to the person.
        fk.payments
            .retain(|x| x.benefit != FkBenefit::UnderhallsstodKrav);
    }
}

/// A young person (16–18) who receives barnbidrag (förlängt barnbidrag) themself.
pub(crate) fn own_barnbidrag(b: &mut Builder, p: &mut SyntheticPerson) {
    let from = month_day(b.today, -(b.rng.range(3, 24) as i32), 1);
    let mut s = Spell::new(FkBenefit::MottagareAvBarnbidrag, from, None, 1_250);
    s.tax_percent = 0;
    s.pay_day = 20;
    let d = decision_for(&s, add_days(from, -20), from, None);
    add_case(b, p, &s, vec![d], 1);
}

//! The generation plan: how many persons get which story, and the builder the story modules
//! share (number pool, random generator, reference date).
//!
//! Every person is drawn in a fixed order from a fixed seed, so the population depends only
//! on the reference date.

mod benefits;
mod earnings;
mod holdings;
mod insurance;
mod labour;
mod shapes;
mod spells;
mod study;
mod wave;

use std::collections::BTreeSet;
use std::ops::RangeInclusive;

use jiff::civil::Date;
use underlag_domain::Personnummer;

use super::identities::{NumberKind, NumberPool};
use super::names::{FAMILY_NAMES, GIVEN_NAMES};
use super::rng::Rng;
use super::{ALL_SOURCES_PERSONNUMMER, StoryKind, SyntheticPerson};

/// The fixed seed of the population.
const SEED: u64 = 0x5553_4254_454B_0010;

/// Shared state while generating.
pub(crate) struct Builder {
    pub(crate) rng: Rng,
    pool: NumberPool,
    /// The reference date ("today").
    pub(crate) today: Date,
    plates: BTreeSet<String>,
    serial: u32,
}

impl Builder {
    fn new(today: Date) -> Self {
        let mut rng = Rng::new(SEED);
        let pool = NumberPool::load(&mut rng);
        Self {
            rng,
            pool,
            today,
            plates: BTreeSet::new(),
            serial: 0,
        }
    }

    /// Years relative to the reference year: `years_ago(50, 22)` = born 50 to 22 years ago.
    pub(crate) fn born(&self, oldest: i32, youngest: i32) -> RangeInclusive<i32> {
        let y = i32::from(self.today.year());
        (y - oldest)..=(y - youngest)
    }

    /// A new person without any facts, or `None` when the number pool is exhausted.
    fn person(
        &mut self,
        kind: NumberKind,
        years: RangeInclusive<i32>,
        story: StoryKind,
    ) -> Option<SyntheticPerson> {
        let personnummer = self.pool.draw(&mut self.rng, kind, years, false)?;
        Some(self.named(personnummer, story))
    }

    fn named(&mut self, personnummer: Personnummer, story: StoryKind) -> SyntheticPerson {
        SyntheticPerson {
            personnummer,
            given_name: (*self.rng.pick(GIVEN_NAMES)).to_owned(),
            family_name: (*self.rng.pick(FAMILY_NAMES)).to_owned(),
            stories: vec![story],
            protected: false,
            fk: None,
            af: None,
            csn: None,
            skv: None,
            so: None,
            tns: None,
            miv: None,
            agi: None,
            kfm: None,
        }
    }

    /// A child's number born in `years`, with a full birth date.
    pub(crate) fn child_number(&mut self, years: RangeInclusive<i32>) -> Option<Personnummer> {
        self.pool
            .draw(&mut self.rng, NumberKind::Personnummer, years, true)
    }

    /// A registration number not used before, always starting with `Q`.
    pub(crate) fn plate(&mut self) -> String {
        const LETTERS: &[u8] = b"ABCDEFGHJKLMNOPRSTUWXYZ";
        loop {
            let a = *self.rng.pick(LETTERS) as char;
            let b = *self.rng.pick(LETTERS) as char;
            let n = self.rng.range(0, 999);
            let plate = format!("Q{a}{b}{n:03}");
            if self.plates.insert(plate.clone()) {
                return plate;
            }
        }
    }

    /// A running number for provider ids (PM `beslutsid`, CSN `lopnummer`, …).
    pub(crate) fn serial(&mut self) -> u32 {
        self.serial += 1;
        self.serial
    }
}

/// How many persons each main story gets.
const JOB_SEEKERS: usize = 70;
const STUDENTS: usize = 55;
const PUPILS: usize = 15;
const FAMILIES: usize = 50;
const LONG_FAMILIES: usize = 20;
const PENSIONERS: usize = 35;
const LONG_PENSIONERS: usize = 10;
const AKASSA: usize = 60;
const VEHICLE_OWNERS: usize = 45;
const PERMITS_PERMANENT: usize = 30;
const PERMITS_TIME_LIMITED: usize = 30;
const PROTECTED_JOB_SEEKERS: usize = 15;
const PROTECTED_FAMILIES: usize = 10;
const UNKNOWN: usize = 40;
const CAPITAL: usize = 40;

/// Generates every person, the all-sources person first.
pub(crate) fn generate(today: Date) -> Vec<SyntheticPerson> {
    let mut b = Builder::new(today);
    let mut persons = Vec::new();
    if let Some(p) = all_sources(&mut b) {
        persons.push(p);
    }
    let pn = NumberKind::Personnummer;
    let sn = NumberKind::Samordningsnummer;

    for _ in 0..JOB_SEEKERS {
        let years = b.born(50, 22);
        if let Some(mut p) = b.person(pn, years, StoryKind::JobSeekerAktivitetsstod) {
            let months = b.rng.range(6, 14) as i32;
            labour::job_seeker(&mut b, &mut p, months);
            benefits::aktivitetsstod(&mut b, &mut p);
            persons.push(p);
        }
    }
    for i in 0..STUDENTS + PUPILS {
        let pupil = i >= STUDENTS;
        let years = if pupil {
            b.born(18, 16)
        } else {
            b.born(30, 19)
        };
        if let Some(mut p) = b.person(pn, years, StoryKind::Student) {
            study::student(&mut b, &mut p, pupil);
            persons.push(p);
        }
    }
    for i in 0..FAMILIES + LONG_FAMILIES {
        let long = i >= FAMILIES;
        let years = b.born(50, 25);
        if let Some(mut p) = b.person(pn, years, StoryKind::FamilyBenefits) {
            let months = if long { 36 } else { b.rng.range(6, 18) as i32 };
            benefits::family(&mut b, &mut p, months);
            if long {
                p.stories.push(StoryKind::LongHistory);
            }
            persons.push(p);
        }
    }
    for i in 0..PENSIONERS + LONG_PENSIONERS {
        let long = i >= PENSIONERS;
        let years = b.born(100, 67);
        if let Some(mut p) = b.person(pn, years, StoryKind::PensionerBostadstillagg) {
            let months = if long { 40 } else { b.rng.range(6, 20) as i32 };
            benefits::pensioner(&mut b, &mut p, months);
            if long {
                p.stories.push(StoryKind::LongHistory);
            }
            persons.push(p);
        }
    }
    for _ in 0..AKASSA {
        let years = b.born(60, 22);
        if let Some(mut p) = b.person(pn, years, StoryKind::AkassaWithSuspension) {
            let months = b.rng.range(5, 12) as i32;
            labour::akassa(&mut b, &mut p, months);
            persons.push(p);
        }
    }
    for _ in 0..VEHICLE_OWNERS {
        let years = b.born(75, 19);
        if let Some(mut p) = b.person(pn, years, StoryKind::VehicleOwner) {
            holdings::vehicles(&mut b, &mut p);
            persons.push(p);
        }
    }
    for i in 0..PERMITS_PERMANENT + PERMITS_TIME_LIMITED {
        let permanent = i < PERMITS_PERMANENT;
        let kind = if i % 2 == 0 { sn } else { pn };
        let story = if permanent {
            StoryKind::PermitPermanent
        } else {
            StoryKind::PermitTimeLimited
        };
        let years = b.born(60, 20);
        if let Some(mut p) = b.person(kind, years, story) {
            holdings::permit(&mut b, &mut p, permanent, None);
            persons.push(p);
        }
    }
    for i in 0..PROTECTED_JOB_SEEKERS + PROTECTED_FAMILIES {
        let family = i >= PROTECTED_JOB_SEEKERS;
        let (years, story) = if family {
            (b.born(50, 25), StoryKind::FamilyBenefits)
        } else {
            (b.born(45, 24), StoryKind::JobSeekerAktivitetsstod)
        };
        if let Some(mut p) = b.person(pn, years, story) {
            p.protected = true;
            p.stories.push(StoryKind::ProtectedIdentity);
            if family {
                benefits::family(&mut b, &mut p, 12);
            } else {
                labour::job_seeker(&mut b, &mut p, 9);
                benefits::aktivitetsstod(&mut b, &mut p);
                study::earlier_studies(&mut b, &mut p, 2);
            }
            persons.push(p);
        }
    }
    for i in 0..UNKNOWN {
        let kind = if i % 4 == 3 { sn } else { pn };
        let years = b.born(80, 18);
        if let Some(p) = b.person(kind, years, StoryKind::UnknownEverywhere) {
            persons.push(p);
        }
    }
    for _ in 0..CAPITAL {
        let years = b.born(80, 30);
        if let Some(mut p) = b.person(pn, years, StoryKind::CapitalIncome) {
            holdings::capital(&mut b, &mut p);
            persons.push(p);
        }
    }
    add_secondary_stories(&mut b, &mut persons);
    wave::generate(&mut b, &mut persons);
    earnings::generate(&mut b, &mut persons);
    persons
}

/// Gives some persons a car or capital income besides their main story.
fn add_secondary_stories(b: &mut Builder, persons: &mut [SyntheticPerson]) {
    for p in persons.iter_mut().skip(1) {
        let main = p.stories.first().copied();
        let eligible = matches!(
            main,
            Some(
                StoryKind::JobSeekerAktivitetsstod
                    | StoryKind::FamilyBenefits
                    | StoryKind::AkassaWithSuspension
                    | StoryKind::PensionerBostadstillagg
                    | StoryKind::PermitPermanent
            )
        );
        if !eligible {
            continue;
        }
        if p.tns.is_none() && b.rng.percent(25) {
            holdings::vehicles(b, p);
            p.stories.push(StoryKind::VehicleOwner);
        }
        if p.skv.is_none() && b.rng.percent(15) {
            holdings::capital(b, p);
            p.stories.push(StoryKind::CapitalIncome);
        }
    }
}

/// The documented all-sources person: a job seeker in a programme with aktivitetsstöd, who
/// had a-kassa (with a suspension) before the programme, studied with CSN earlier, has
/// capital income and a tax-account payout, owns a car and holds a time-limited permit.
fn all_sources(b: &mut Builder) -> Option<SyntheticPerson> {
    let number = Personnummer::parse_canonical(ALL_SOURCES_PERSONNUMMER).ok()?;
    if !b.pool.reserve(&number) {
        return None;
    }
    let mut p = b.named(number, StoryKind::AllSources);
    p.given_name = "Samir".to_owned();
    p.family_name = "Lindqvist".to_owned();
    p.stories.extend([
        StoryKind::JobSeekerAktivitetsstod,
        StoryKind::AkassaWithSuspension,
        StoryKind::Student,
        StoryKind::CapitalIncome,
        StoryKind::VehicleOwner,
        StoryKind::PermitTimeLimited,
    ]);
    labour::akassa_then_programme(b, &mut p, 14, 6);
    benefits::aktivitetsstod(b, &mut p);
    study::earlier_studies(b, &mut p, 2);
    holdings::capital(b, &mut p);
    holdings::vehicles(b, &mut p);
    holdings::permit(b, &mut p, false, Some(60));
    Some(p)
}

//! The synthetic population: deterministic persons with coherent stories across the
//! sources, built only from Skatteverket's published test identity numbers.
//!
//! [`Population::generate`] takes a reference date ("today" for the simulated agencies) and
//! always produces the same persons for the same date: a fixed seed, no clock, no
//! randomness from the environment. Histories are laid out relative to the reference date:
//! payments on or before it are effected, payments after it are preliminary (planned).
//!
//! What each story means, and how many persons have it, is in `POPULATION.md` beside this
//! crate's `Cargo.toml`.

mod calendar;
pub mod facts;
mod identities;
mod names;
mod rng;
mod stories;

use std::collections::BTreeMap;

use jiff::civil::Date;
use underlag_domain::{IdentityKind, Personnummer, SourceId};

pub use facts::*;

/// The default reference date: 2026-11-01.
pub const DEFAULT_REFERENCE_DATE: Date = Date::constant(2026, 11, 1);

/// The documented person with data in every source (see `POPULATION.md`).
pub const ALL_SOURCES_PERSONNUMMER: &str = "198603052393";

/// The kinds of story a synthetic person can have. A person has one main story and may have
/// secondary ones (a car, capital income, a long history, protected identity).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StoryKind {
    /// The documented person with data in every source.
    AllSources,
    /// Registered at AF, in a programme with aktivitetsstöd decided by AF and paid by FK.
    JobSeekerAktivitetsstod,
    /// Studies with CSN support (studiemedel, or studiehjälp for the youngest).
    Student,
    /// Parent with barnbidrag and bostadsbidrag, and underhållsstöd when single (FK).
    FamilyBenefits,
    /// Pensioner with allmän pension and bostadstillägg (Pensionsmyndigheten via LEFI).
    PensionerBostadstillagg,
    /// A-kassa recipient with a suspension period (a-kassa), registered at AF.
    AkassaWithSuspension,
    /// Holds one or more vehicles (Transportstyrelsen).
    VehicleOwner,
    /// Holds a permanent residence permit (Migrationsverket).
    PermitPermanent,
    /// Holds a time-limited residence permit (Migrationsverket).
    PermitTimeLimited,
    /// Protected identity, marked in every source that has a marker.
    ProtectedIdentity,
    /// Known to no source at all.
    UnknownEverywhere,
    /// More than 24 months of history: payments over 30 months or more.
    LongHistory,
    /// Capital income and tax-account payouts (Skatteverket).
    CapitalIncome,
    /// Sick-listed: sjukpenning (FK), sometimes förebyggande sjukpenning,
    /// rehabiliteringsersättning or smittbärarpenning.
    SicknessBenefits,
    /// Parent on parental leave: föräldrapenning, and tillfällig föräldrapenning,
    /// graviditetspenning, närståendepenning, vårdbidrag or omvårdnadsbidrag for some.
    ParentalBenefits,
    /// Sjuk- or aktivitetsersättning, with handikapp- or merkostnadsersättning for some.
    DisabilityBenefits,
    /// A work-injury or occupational-injury annuity (own or as a survivor).
    WorkInjury,
    /// FK's older pension cases: allmän pension, efterlevandepension, bostadstillägg.
    FkPension,
    /// Newly arrived: etableringsersättning (FK), registered at AF, a permit (Migrationsverket).
    NewlyArrived,
    /// Programersättning (utvecklingsersättning) for a young job seeker.
    ProgrammeCompensation,
    /// Dagpenning during military service (totalförsvarsplikt).
    Conscript,
    /// A liable parent who owes underhållsstöd (`underhallsstodskrav`).
    MaintenanceOwed,
    /// A young person receiving their own barnbidrag (`mottagareavbarnbidrag`).
    OwnBarnbidrag,
    /// An FK application with no decision yet (a case without `beslut`).
    PendingApplication,
    /// An FK retro payment (`typ` 3).
    RetroPayment,
    /// FK preliminary payments dated to the month only (`yyyy-mm`).
    MonthOnlyPaymentDate,
    /// LEFI `avvikelser` for a group, or Pensionsmyndigheten's `tillstand` not `OK`.
    LefiDeviation,
    /// A Pensionsmyndigheten claim (`ansprak`).
    PmClaim,
    /// A Pensionsmyndigheten payment split between pension and bostadstillägg.
    PmSplitPayment,
    /// Two a-kassor over time.
    TwoFunds,
    /// An a-kassa whose status is not `all clear`.
    FundIncomplete,
    /// Skatteverket status `999` with the data.
    #[serde(rename = "skv_status_999")]
    SkvStatus999,
    /// AF and Migrationsverket dates with a UTC offset.
    OffsetDates,
    /// A CSN support form other than GRUND/SH, or payments split in more than two amount
    /// types.
    CsnOtherForm,
    /// CSN answers with its v3.0 message.
    CsnV3,
    /// Wages from one to three employers, declared monthly to Skatteverket (AGI).
    Employed,
    /// Part-time work with pay that varies from month to month (AGI).
    PartTimeVaryingPay,
    /// A job that started last month: one month declared (AGI).
    JobStartedLastMonth,
    /// An employer corrected a declaration: a later one with the same specifikationsnummer.
    CorrectedDeclaration,
    /// Pay declared for the current month before its payout day (AGI).
    DeclaredNotYetPaid,
    /// Debts registered for collection at Kronofogden.
    DebtsForCollection,
    /// An ongoing wage garnishment (löneutmätning) by Kronofogden.
    WageGarnishment,
    /// Debt relief (skuldsanering) at Kronofogden.
    DebtRelief,
}

impl StoryKind {
    /// Every story kind, in documentation order.
    pub const ALL: [StoryKind; 43] = [
        StoryKind::AllSources,
        StoryKind::JobSeekerAktivitetsstod,
        StoryKind::Student,
        StoryKind::FamilyBenefits,
        StoryKind::PensionerBostadstillagg,
        StoryKind::AkassaWithSuspension,
        StoryKind::VehicleOwner,
        StoryKind::PermitPermanent,
        StoryKind::PermitTimeLimited,
        StoryKind::ProtectedIdentity,
        StoryKind::UnknownEverywhere,
        StoryKind::LongHistory,
        StoryKind::CapitalIncome,
        StoryKind::SicknessBenefits,
        StoryKind::ParentalBenefits,
        StoryKind::DisabilityBenefits,
        StoryKind::WorkInjury,
        StoryKind::FkPension,
        StoryKind::NewlyArrived,
        StoryKind::ProgrammeCompensation,
        StoryKind::Conscript,
        StoryKind::MaintenanceOwed,
        StoryKind::OwnBarnbidrag,
        StoryKind::PendingApplication,
        StoryKind::RetroPayment,
        StoryKind::MonthOnlyPaymentDate,
        StoryKind::LefiDeviation,
        StoryKind::PmClaim,
        StoryKind::PmSplitPayment,
        StoryKind::TwoFunds,
        StoryKind::FundIncomplete,
        StoryKind::SkvStatus999,
        StoryKind::OffsetDates,
        StoryKind::CsnOtherForm,
        StoryKind::CsnV3,
        StoryKind::Employed,
        StoryKind::PartTimeVaryingPay,
        StoryKind::JobStartedLastMonth,
        StoryKind::CorrectedDeclaration,
        StoryKind::DeclaredNotYetPaid,
        StoryKind::DebtsForCollection,
        StoryKind::WageGarnishment,
        StoryKind::DebtRelief,
    ];
}

/// One synthetic person and everything each source holds about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntheticPerson {
    /// The identity number (a published test personnummer or samordningsnummer).
    pub personnummer: Personnummer,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// The person's stories, main story first.
    pub stories: Vec<StoryKind>,
    /// Protected identity: every source that has a marker sets it.
    pub protected: bool,
    /// Försäkringskassan and Pensionsmyndigheten (LEFI).
    pub fk: Option<FkFacts>,
    /// Arbetsförmedlingen.
    pub af: Option<AfFacts>,
    /// CSN.
    pub csn: Option<CsnFacts>,
    /// Skatteverket.
    pub skv: Option<SkvFacts>,
    /// The a-kassor.
    pub so: Option<SoFacts>,
    /// Transportstyrelsen.
    pub tns: Option<TnsFacts>,
    /// Migrationsverket.
    pub miv: Option<MivFacts>,
    /// Skatteverket's employer declarations (AGI).
    pub agi: Option<AgiFacts>,
    /// Kronofogden.
    pub kfm: Option<KfmFacts>,
}

impl SyntheticPerson {
    /// Whether the person has this story.
    pub fn has_story(&self, kind: StoryKind) -> bool {
        self.stories.contains(&kind)
    }

    /// Whether `source` holds any data about the person.
    pub fn known_to(&self, source: SourceId) -> bool {
        match source {
            SourceId::Fk => self.fk.is_some(),
            SourceId::Af => self.af.is_some(),
            SourceId::Csn => self.csn.is_some(),
            SourceId::Skv => self.skv.is_some(),
            SourceId::So => self.so.is_some(),
            SourceId::Tns => self.tns.is_some(),
            SourceId::Miv => self.miv.is_some(),
            SourceId::Agi => self.agi.is_some(),
            SourceId::Kfm => self.kfm.is_some(),
        }
    }

    /// Whether the number is a samordningsnummer.
    pub fn has_samordningsnummer(&self) -> bool {
        self.personnummer.kind() == IdentityKind::Samordningsnummer
    }

    /// "Given Family".
    pub fn full_name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }
}

/// The whole synthetic population.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Population {
    reference_date: Date,
    persons: Vec<SyntheticPerson>,
    index: BTreeMap<Personnummer, usize>,
    unknown: usize,
}

impl Population {
    /// Generates the population for `reference_date` (deterministic).
    pub fn generate(reference_date: Date) -> Population {
        let persons = stories::generate(reference_date);
        let index = persons
            .iter()
            .enumerate()
            .map(|(i, p)| (p.personnummer.clone(), i))
            .collect();
        let unknown = persons
            .iter()
            .position(|p| p.has_story(StoryKind::UnknownEverywhere))
            .unwrap_or_default();
        Population {
            reference_date,
            persons,
            index,
            unknown,
        }
    }

    /// The date the histories are relative to.
    pub fn reference_date(&self) -> Date {
        self.reference_date
    }

    /// Every person, the all-sources person first.
    pub fn persons(&self) -> &[SyntheticPerson] {
        &self.persons
    }

    /// The person with this number, if any.
    pub fn get(&self, personnummer: &Personnummer) -> Option<&SyntheticPerson> {
        self.index
            .get(personnummer)
            .and_then(|&i| self.persons.get(i))
    }

    /// Persons having `kind` among their stories.
    pub fn with_story(&self, kind: StoryKind) -> impl Iterator<Item = &SyntheticPerson> {
        self.persons.iter().filter(move |p| p.has_story(kind))
    }

    /// The documented person with data in every source.
    pub fn all_sources_person(&self) -> &SyntheticPerson {
        // Invariant: `stories::generate` always puts the all-sources person first.
        &self.persons[0]
    }

    /// Persons with protected identity.
    pub fn protected_persons(&self) -> impl Iterator<Item = &SyntheticPerson> {
        self.persons.iter().filter(|p| p.protected)
    }

    /// A person known to no source.
    pub fn unknown_person(&self) -> &SyntheticPerson {
        // Invariant: `unknown` is an index into `persons` (generation always adds such persons).
        &self.persons[self.unknown]
    }
}

impl Default for Population {
    /// The population for [`DEFAULT_REFERENCE_DATE`].
    fn default() -> Self {
        Population::generate(DEFAULT_REFERENCE_DATE)
    }
}

#[cfg(test)]
mod tests;

//! The third generation wave: earned income declared by employers (AGI) and Kronofogden's
//! debts, garnishments and debt relief. Drawn after the second wave with a generator of its
//! own, so no earlier person's numbers, dates or amounts change: the all-sources person and a
//! few earlier persons only gain AGI and Kronofogden facts.

use jiff::civil::Date;
use underlag_domain::Amount;

use super::Builder;
use crate::population::calendar::{add_days, month_day};
use crate::population::identities::NumberKind;
use crate::population::rng::Rng;
use crate::population::{
    AgiDeclaration, AgiFacts, Employer, KfmDebt, KfmDebtRelief, KfmFacts, KfmGarnishment,
    StoryKind, SyntheticPerson,
};

/// The third wave's seed.
const SEED: u64 = 0x5553_4254_454B_0030;

/// Synthetic employers: organisation numbers with valid check digits in one series chosen for
/// the simulator, and invented names.
pub(crate) const EMPLOYERS: &[Employer] = &[
    Employer {
        organisationsnummer: "9699000015",
        name: "Exempelverkstaden AB",
    },
    Employer {
        organisationsnummer: "9699000023",
        name: "Syntetiska Städ AB",
    },
    Employer {
        organisationsnummer: "9699000031",
        name: "Testbagerierna i Norr AB",
    },
    Employer {
        organisationsnummer: "9699000049",
        name: "Påhittade Vården AB",
    },
    Employer {
        organisationsnummer: "9699000056",
        name: "Fiktiva Lager och Logistik AB",
    },
    Employer {
        organisationsnummer: "9699000064",
        name: "Demo Restauranger AB",
    },
    Employer {
        organisationsnummer: "9699000072",
        name: "Prov Bemanning AB",
    },
    Employer {
        organisationsnummer: "9699000080",
        name: "Låtsasbutiken HB",
    },
];

/// (kind, creditor, public).
const DEBTS: &[(&str, &str, bool)] = &[
    ("SKATT", "Skatteverket", true),
    ("FK", "Försäkringskassan", true),
    ("CSN", "Centrala studiestödsnämnden", true),
    ("FORDON", "Transportstyrelsen", true),
    ("KONSUMENT", "Exempel Inkasso AB", false),
    ("HYRA", "Bostadsbolaget Exempel AB", false),
    ("OVRIGT", "Påhittad Finans AB", false),
];

/// (story, persons) of the third wave's new persons, in generation order.
const PLAN: &[(StoryKind, usize)] = &[
    (StoryKind::Employed, 60),
    (StoryKind::PartTimeVaryingPay, 30),
    (StoryKind::JobStartedLastMonth, 20),
    (StoryKind::DebtsForCollection, 30),
    (StoryKind::WageGarnishment, 20),
    (StoryKind::DebtRelief, 15),
];

/// How one job is declared.
struct Job {
    employer: Employer,
    /// Full-month gross pay in kronor.
    monthly_gross: i64,
    /// The months declared: from `months_ago` months back to last month.
    months_ago: i32,
    /// Pay varies month to month (part time, hourly).
    varying: bool,
    /// The employer files the day after payday, so last month is already declared.
    files_early: bool,
}

/// Gives the all-sources person AGI and Kronofogden facts, then appends the third wave.
pub(super) fn generate(b: &mut Builder, persons: &mut Vec<SyntheticPerson>) {
    b.rng = Rng::new(SEED);
    if let Some(all) = persons.first_mut() {
        all_sources(b, all);
    }
    for &(story, count) in PLAN {
        for i in 0..count {
            let years = b.born(63, 20);
            let Some(mut p) = b.person(NumberKind::Personnummer, years, story) else {
                continue;
            };
            fill(b, &mut p, story, i);
            tag_shapes(&mut p);
            persons.push(p);
        }
    }
}

/// Samir Lindqvist: part time at one employer for eight months beside the programme, one
/// declaration corrected; a tax debt and an ongoing wage garnishment by that employer.
fn all_sources(b: &mut Builder, p: &mut SyntheticPerson) {
    let employer = EMPLOYERS[0];
    let job = Job {
        employer,
        monthly_gross: 9_000,
        months_ago: 8,
        varying: true,
        files_early: true,
    };
    let mut declarations = declare(b, &job);
    correct(b, &mut declarations, 2);
    p.agi = Some(AgiFacts { declarations });
    let registered_on = month_day(b.today, -14, 3);
    p.kfm = Some(KfmFacts {
        debts: vec![KfmDebt {
            public: true,
            kind: "SKATT",
            creditor: "Skatteverket",
            amount: Amount::from_kronor(18_450),
            registered_on,
        }],
        garnishments: vec![KfmGarnishment {
            reserved_amount: Amount::from_kronor(6_900),
            monthly_amount: Amount::from_kronor(700),
            employer,
            decided_on: month_day(b.today, -6, 14),
        }],
        debt_relief: None,
    });
    p.stories.push(StoryKind::PartTimeVaryingPay);
    tag_shapes(p);
}

fn fill(b: &mut Builder, p: &mut SyntheticPerson, story: StoryKind, i: usize) {
    match story {
        StoryKind::Employed => {
            let jobs = 1 + i % 3;
            let mut declarations = Vec::new();
            let mut employers: Vec<Employer> = EMPLOYERS.to_vec();
            b.rng.shuffle(&mut employers);
            for employer in employers.into_iter().take(jobs) {
                let job = Job {
                    employer,
                    monthly_gross: b.rng.range(80, 420) * 100 / jobs as i64,
                    months_ago: b.rng.range(4, 18) as i32,
                    varying: false,
                    files_early: b.rng.percent(50),
                };
                declarations.extend(declare(b, &job));
            }
            if i % 5 == 2 {
                correct(b, &mut declarations, 1);
            }
            if i % 7 == 3 {
                declare_current_month_early(b, &mut declarations);
            }
            p.agi = Some(AgiFacts { declarations });
        }
        StoryKind::PartTimeVaryingPay => {
            let job = Job {
                employer: *b.rng.pick(EMPLOYERS),
                monthly_gross: b.rng.range(90, 220) * 100,
                months_ago: b.rng.range(5, 14) as i32,
                varying: true,
                files_early: b.rng.percent(50),
            };
            let mut declarations = declare(b, &job);
            if i % 4 == 1 {
                correct(b, &mut declarations, 3);
            }
            p.agi = Some(AgiFacts { declarations });
        }
        StoryKind::JobStartedLastMonth => {
            let job = Job {
                employer: *b.rng.pick(EMPLOYERS),
                monthly_gross: b.rng.range(180, 380) * 100,
                months_ago: 1,
                varying: false,
                files_early: true,
            };
            let mut declarations = declare(b, &job);
            if i.is_multiple_of(3) {
                declare_current_month_early(b, &mut declarations);
            }
            p.agi = Some(AgiFacts { declarations });
        }
        StoryKind::DebtsForCollection => {
            p.kfm = Some(KfmFacts {
                debts: debts(b),
                garnishments: Vec::new(),
                debt_relief: None,
            });
        }
        StoryKind::WageGarnishment => {
            let employer = *b.rng.pick(EMPLOYERS);
            let job = Job {
                employer,
                monthly_gross: b.rng.range(220, 400) * 100,
                months_ago: b.rng.range(6, 14) as i32,
                varying: false,
                files_early: b.rng.percent(50),
            };
            let declarations = declare(b, &job);
            let reserved = b.rng.range(60, 160) * 100;
            let net = job.monthly_gross * 70 / 100;
            p.agi = Some(AgiFacts { declarations });
            p.kfm = Some(KfmFacts {
                debts: debts(b),
                garnishments: vec![KfmGarnishment {
                    reserved_amount: Amount::from_kronor(reserved),
                    monthly_amount: Amount::from_kronor((net - reserved).max(500)),
                    employer,
                    decided_on: month_day(b.today, -(b.rng.range(2, 10) as i32), 10),
                }],
                debt_relief: None,
            });
        }
        StoryKind::DebtRelief => {
            let granted = !i.is_multiple_of(3);
            let from = month_day(b.today, -(b.rng.range(3, 30) as i32), 1);
            p.kfm = Some(KfmFacts {
                debts: Vec::new(),
                garnishments: Vec::new(),
                debt_relief: Some(if granted {
                    KfmDebtRelief {
                        status: "BEVILJAD",
                        monthly_amount: Some(Amount::from_kronor(b.rng.range(5, 30) * 100)),
                        from: Some(from),
                        to: Some(add_days(month_day(from, 60, 1), -1)),
                    }
                } else {
                    KfmDebtRelief {
                        status: "ANSOKAN",
                        monthly_amount: None,
                        from: None,
                        to: None,
                    }
                }),
            });
        }
        _ => {}
    }
}

/// The monthly declarations of one job, up to last month (or up to the month before, when the
/// employer files by the 12th of the following month and that day is still ahead).
fn declare(b: &mut Builder, job: &Job) -> Vec<AgiDeclaration> {
    let mut out = Vec::new();
    let spec = b.serial();
    for back in (1..=job.months_ago).rev() {
        let month = month_day(b.today, -back, 1);
        let received_on = if job.files_early {
            month_day(month, 0, 26)
        } else {
            month_day(month, 1, 12)
        };
        if received_on > b.today {
            continue;
        }
        let gross = if job.varying {
            job.monthly_gross * b.rng.range(35, 100) / 100
        } else {
            job.monthly_gross
        };
        let benefits = b
            .rng
            .percent(10)
            .then(|| Amount::from_kronor(b.rng.range(3, 15) * 100));
        out.push(AgiDeclaration {
            employer: job.employer,
            month,
            specification_number: spec,
            received_on,
            gross: Amount::from_kronor(gross),
            benefits,
            tax: Amount::from_kronor(gross * 30 / 100),
        });
    }
    out
}

/// A correction of the declaration `back` from the latest: the same specifikationsnummer,
/// received ten days after the first, with the pay raised (overtime left out at first).
fn correct(b: &mut Builder, declarations: &mut Vec<AgiDeclaration>, back: usize) {
    let Some(index) = declarations.len().checked_sub(back.max(1)) else {
        return;
    };
    let first = declarations[index].clone();
    let received_on = add_days(first.received_on, 10);
    if received_on > b.today {
        return;
    }
    let extra = b.rng.range(5, 30) * 100;
    let gross = crate::population::whole_kronor(first.gross) + extra;
    declarations.push(AgiDeclaration {
        received_on,
        gross: Amount::from_kronor(gross),
        tax: Amount::from_kronor(gross * 30 / 100),
        ..first
    });
}

/// A declaration for the current month, filed before its payday (the day before the
/// reference date): declared, not yet paid.
fn declare_current_month_early(b: &mut Builder, declarations: &mut Vec<AgiDeclaration>) {
    let Some(latest) = declarations.iter().max_by_key(|d| d.month).cloned() else {
        return;
    };
    let month: Date = month_day(b.today, 0, 1);
    let received_on = add_days(b.today, -1);
    if received_on >= month {
        return;
    }
    declarations.push(AgiDeclaration {
        month,
        received_on,
        ..latest
    });
}

fn debts(b: &mut Builder) -> Vec<KfmDebt> {
    let count = b.rng.range(1, 4);
    (0..count)
        .map(|_| {
            let &(kind, creditor, public) = b.rng.pick(DEBTS);
            KfmDebt {
                public,
                kind,
                creditor,
                amount: Amount::from_kronor(b.rng.range(15, 1500) * 100),
                registered_on: month_day(b.today, -(b.rng.range(1, 48) as i32), 5),
            }
        })
        .collect()
}

/// Adds the AGI and Kronofogden kinds the person's facts show.
fn tag_shapes(p: &mut SyntheticPerson) {
    let mut kinds = Vec::new();
    if let Some(agi) = &p.agi {
        if agi.has_correction() {
            kinds.push(StoryKind::CorrectedDeclaration);
        }
        if agi.declarations.iter().any(|d| d.received_on < d.month) {
            kinds.push(StoryKind::DeclaredNotYetPaid);
        }
    }
    if let Some(kfm) = &p.kfm {
        if !kfm.debts.is_empty() {
            kinds.push(StoryKind::DebtsForCollection);
        }
        if !kfm.garnishments.is_empty() {
            kinds.push(StoryKind::WageGarnishment);
        }
        if kfm.debt_relief.is_some() {
            kinds.push(StoryKind::DebtRelief);
        }
    }
    for kind in kinds {
        if !p.stories.contains(&kind) {
            p.stories.push(kind);
        }
    }
}

//! Fully populated canonical values built from the domain types: every outcome kind, every
//! enum variant and every field of a source's data, assembled into composite answers.

use jiff::Timestamp;
use jiff::civil::{Date, date};
use rust_decimal::Decimal;
use underlag_domain::model::{
    ActivityReport, ActivityReportStatus, Address, BasisItem, CapitalIncome, ClaimKind, Code,
    DayAmount, DebtRelief, Decision, DecisionStatus, Deduction, EarnedIncome, Employer,
    EnforcementDebt, Frequency, JobSeeker, Notice, Payment, PaymentClass, PaymentRow, PaymentState,
    PaymentType, Permit, PermitValidity, PersonInfo, ProtectionKind, ProtectionMarker,
    RelatedPerson, SourceData, StudyAppliedPeriod, StudyCase, StudyGrantedPeriod, TaxAccountPayout,
    TaxStatus, TaxStatusScope, TypedAmount, UnemploymentFund, Vehicle, WageGarnishment,
};
use underlag_domain::{
    Amount, Organisationsnummer, Outcome, Period, Personnummer, RawPayload, Severity, SourceId,
    SourceResult, Violation,
};
use underlag_service::CompositeAnswer;

pub(crate) fn today() -> Date {
    date(2026, 11, 22)
}

pub(crate) fn person() -> Personnummer {
    Personnummer::parse("19900101-2385", today()).unwrap()
}

pub(crate) fn period(from: Date, to: Date) -> Period {
    Period::new(from, to).unwrap()
}

pub(crate) fn kr(text: &str) -> Amount {
    Amount::parse(text).unwrap()
}

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

pub(crate) fn violation(severity: Severity) -> Violation {
    Violation {
        rule: "AF-012".into(),
        path: "Svar/ArbetssokandeInfo/ArbetssokandeOmfattning".into(),
        severity,
        message: "the extent is above 100 percent".into(),
    }
}

pub(crate) fn raw() -> RawPayload {
    RawPayload {
        content_type: "application/xml".into(),
        body: "<Svar/>".into(),
    }
}

/// Names every variant, so a new variant fails to compile until it is listed here (and
/// then, by the tests, in the document).
macro_rules! all_variants {
    ($ty:ident: $($variant:ident),+ $(,)?) => {{
        let exhaustive = |value: &$ty| match value {
            $($ty::$variant)|+ => (),
        };
        let all = vec![$($ty::$variant),+];
        all.iter().for_each(exhaustive);
        all
    }};
}
pub(crate) use all_variants;

pub(crate) fn decision_statuses() -> Vec<DecisionStatus> {
    let all = vec![
        DecisionStatus::Granted,
        DecisionStatus::Rejected,
        DecisionStatus::Preliminary,
        DecisionStatus::Final,
        DecisionStatus::Pending,
        DecisionStatus::Ended,
        DecisionStatus::Other("VILANDE".into()),
    ];
    for status in &all {
        match status {
            DecisionStatus::Granted
            | DecisionStatus::Rejected
            | DecisionStatus::Preliminary
            | DecisionStatus::Final
            | DecisionStatus::Pending
            | DecisionStatus::Ended
            | DecisionStatus::Other(_) => {}
        }
    }
    all
}

/// One outcome of every kind.
pub(crate) fn outcomes() -> Vec<Outcome> {
    let all = vec![
        Outcome::Ok {
            data: Box::new(full_source_data()),
            warnings: vec![violation(Severity::Warning)],
        },
        Outcome::NoMatch {
            warnings: vec![violation(Severity::Warning)],
        },
        Outcome::NotRequested,
        Outcome::NotEntitled,
        Outcome::TimedOut,
        Outcome::Unavailable {
            reason: "HTTP 503 from the provider".into(),
        },
        Outcome::InvalidResponse {
            violations: vec![violation(Severity::Error), violation(Severity::Warning)],
        },
        Outcome::SourceError {
            code: "REJECTED".into(),
            message: "the organisation is not connected".into(),
        },
    ];
    for outcome in &all {
        match outcome {
            Outcome::Ok { .. }
            | Outcome::NoMatch { .. }
            | Outcome::NotRequested
            | Outcome::NotEntitled
            | Outcome::TimedOut
            | Outcome::Unavailable { .. }
            | Outcome::InvalidResponse { .. }
            | Outcome::SourceError { .. } => {}
        }
    }
    all
}

/// A source's data with every canonical field populated somewhere.
pub(crate) fn full_source_data() -> SourceData {
    let year = period(date(2026, 1, 1), date(2026, 10, 31));
    let frequencies =
        all_variants!(Frequency: Once, Daily, Weekly, Monthly, Quarterly, HalfYearly, Yearly);
    let decisions = decision_statuses()
        .into_iter()
        .zip(frequencies)
        .enumerate()
        .map(|(i, (status, frequency))| Decision {
            benefit: Code::labelled("BOB", "Bostadsbidrag"),
            sub_benefit: Some(Code::new("BOB:GRUND")),
            period: Some(year),
            open_ended: i % 2 == 0,
            decided_on: Some(date(2025, 12, 15)),
            amount: Some(kr("1250.50")),
            frequency: Some(frequency),
            extent_percent: Some(Decimal::new(375, 1)),
            status,
            decided_by: "FK".into(),
            applied_on: Some(date(2025, 11, 30)),
            coordinated_amount: Some(kr("1100")),
            days: Some(Decimal::new(20, 0)),
            waiting_day: Some(i % 2 == 0),
            compensation_level: Some(Code::new("80")),
            activity: Some(Code::labelled("53", "Jobb- och utvecklingsgaranti")),
            daily_amounts: vec![DayAmount {
                day: date(2026, 3, 2),
                amount: kr("480"),
                level: Some(Code::new("SGI")),
                waiting_day_deduction: Some(kr("96")),
            }],
            co_applicants: vec![
                RelatedPerson {
                    identity: Some(person()),
                    name: Some("Anna Andersson".into()),
                    protected: false,
                },
                RelatedPerson {
                    identity: None,
                    name: None,
                    protected: true,
                },
            ],
            basis: vec![
                BasisItem::amount(
                    Code::labelled("totalBostadskostnad", "Total bostadskostnad"),
                    kr("6500"),
                    Some(Frequency::Monthly),
                ),
                BasisItem {
                    kind: Code::new("hemmavarandeBarn"),
                    amount: None,
                    frequency: None,
                    count: Some(2),
                    flag: Some(true),
                    number: Some(Decimal::new(5, 1)),
                },
            ],
        })
        .collect();
    let payment = |(state, class)| Payment {
        payer: "FK".into(),
        benefit: Code::labelled("AS", "Aktivitetsstöd"),
        state,
        payout_on: Some(date(2026, 10, 24)),
        covers: Some(period(date(2026, 9, 21), date(2026, 10, 18))),
        gross: Some(kr("9640")),
        tax: Some(kr("2410")),
        deductions: vec![
            Deduction {
                kind: Code::labelled("PS", "Preliminärskatt"),
                amount: kr("2410"),
            },
            Deduction {
                kind: Code::new("INF"),
                amount: kr("500.25"),
            },
        ],
        net_after_tax: Some(kr("7230")),
        net: Some(kr("6729.75")),
        days: Some(Decimal::new(20, 0)),
        payment_type: Some(PaymentType {
            class,
            code: Code::labelled("3", "Retro"),
        }),
        payout_within: Some(period(date(2026, 10, 1), date(2026, 10, 31))),
        rows: vec![PaymentRow {
            benefit: Some(Code::labelled("PM:BTI", "Bostads- och inkomststöd")),
            amount_type: Some(Code::new("PM:BTP")),
            covers: Some(period(date(2026, 9, 1), date(2026, 9, 30))),
            gross: Some(kr("1800")),
            tax: Some(kr("0")),
            deductions: Some(kr("0")),
            days: Some(Decimal::new(20, 0)),
            hours: Some(Decimal::new(8, 0)),
            extent_percent: Some(Decimal::new(100, 0)),
        }],
    };
    SourceData {
        person: Some(PersonInfo {
            identity: Some(person()),
            given_name: Some("Tolvan".into()),
            family_name: Some("Tolvansson".into()),
            protection:
                all_variants!(ProtectionKind: Sekretessmarkering, SkyddadFolkbokforing, Protected)
                    .into_iter()
                    .map(|kind| ProtectionMarker {
                        source: SourceId::Fk,
                        kind,
                        field: "Sekretessmarkering".into(),
                    })
                    .collect(),
            addresses: vec![
                Address {
                    kind: "folkbokforing".into(),
                    lines: vec!["Storgatan 1".into(), "Lgh 1102".into()],
                    postal_code: Some("85230".into()),
                    town: Some("Sundsvall".into()),
                    country: None,
                },
                Address {
                    kind: "utlandsk".into(),
                    lines: vec![],
                    postal_code: None,
                    town: Some("Oslo".into()),
                    country: Some("Norge".into()),
                },
            ],
            deceased_on: Some(date(2026, 10, 1)),
            home_country: Some("Norge".into()),
            entered_sweden_on: Some(date(2015, 8, 20)),
        }),
        decisions,
        payments: all_variants!(PaymentState: Planned, Effected)
            .into_iter()
            .cycle()
            .zip(all_variants!(PaymentClass: Regular, Retroactive, Preliminary, Other))
            .map(payment)
            .collect(),
        job_seeker: Some(JobSeeker {
            registered: true,
            category: Some(Code::labelled("11", "Arbetslös")),
            registered_on: Some(date(2025, 9, 1)),
            deregistered_on: Some(date(2026, 10, 31)),
            extent_percent: Some(100),
            activity_report: Some(ActivityReport {
                status: ActivityReportStatus::from_code("200"),
                code: "200".into(),
                latest_on: Some(date(2026, 10, 14)),
            }),
            unemployment_fund: Some("Akademikernas a-kassa".into()),
        }),
        study_support: vec![StudyCase {
            support_form: Code::labelled("GRUND", "Studiemedel"),
            status: DecisionStatus::Granted,
            applied: vec![StudyAppliedPeriod {
                period: Some(period(date(2026, 1, 19), date(2026, 6, 7))),
                extent_percent: Some(100),
                loan_applied: true,
            }],
            granted: vec![StudyGrantedPeriod {
                period: Period::from_iso_weeks("202604", "202623").unwrap(),
                pace_percent: Some(100),
                amounts: vec![TypedAmount {
                    kind: Code::labelled("GRUNDB", "Bidrag"),
                    amount: kr("936"),
                    frequency: Some(Frequency::Weekly),
                    total: Some(kr("18720")),
                }],
            }],
        }],
        capital_income: vec![CapitalIncome {
            taxation_year: 2025,
            total_income: kr("1250.50"),
            surplus: kr("0"),
        }],
        tax_account_payouts: vec![TaxAccountPayout {
            amount: kr("3120"),
            booked_on: date(2026, 6, 2),
        }],
        tax_statuses: all_variants!(TaxStatusScope: Person, CapitalIncome, TaxAccount)
            .into_iter()
            .map(|scope| TaxStatus {
                scope,
                status: Code::labelled("0", "Uppgifter lämnas"),
            })
            .collect(),
        unemployment_funds: vec![UnemploymentFund {
            fund: "Akademikernas a-kassa".into(),
            status: "Medlem".into(),
            suspensions: vec![period(date(2026, 3, 2), date(2026, 3, 13))],
            entitlement_decided_on: Some(date(2025, 10, 1)),
            payment_applied: Some(true),
        }],
        vehicles: vec![Vehicle {
            registration: "ABC123".into(),
            make: Some("Volvo".into()),
            model_year: Some(2012),
            kind: Some(Code::labelled("PB", "Personbil")),
            trade_name: Some("V70".into()),
        }],
        permits: all_variants!(PermitValidity: Permanent, TimeLimited)
            .into_iter()
            .map(|validity| Permit {
                case_type: Code::labelled("UAT", "Uppehållstillstånd"),
                decision: Some(Code::labelled("BEV", "Beviljat")),
                decision_type: Some(Code::labelled("TUT", "Tidsbegränsat uppehållstillstånd")),
                applied_on: Some(date(2024, 2, 1)),
                decided_on: Some(date(2024, 5, 1)),
                valid_from: Some(date(2024, 5, 1)),
                valid: Some(period(date(2024, 5, 1), date(2027, 4, 30))),
                validity: Some(validity),
                reason: Some(Code::new("ARB")),
            })
            .collect(),
        earned_income: vec![EarnedIncome {
            employer: employer(),
            month: period(date(2026, 9, 1), date(2026, 9, 30)),
            specification_number: "1".into(),
            gross: Some(kr("24500")),
            gross_without_contributions: Some(kr("1000")),
            taxable_benefits: Some(kr("850")),
            car_benefit: Some(kr("3200")),
            expense_deduction: Some(kr("400")),
            tax: Some(kr("7350")),
            net: Some(kr("18150")),
            corrected: true,
            replaced: 1,
            received_on: Some(date(2026, 8, 30)),
            declared_before_payout: true,
        }],
        enforcement_debts: all_variants!(ClaimKind: Public, Private)
            .into_iter()
            .map(|kind| EnforcementDebt {
                kind,
                claim_type: Code::labelled("SKATT", "Skatter och avgifter"),
                creditor: Some("Skatteverket".into()),
                amount: kr("18450"),
                registered_on: Some(date(2025, 9, 3)),
            })
            .collect(),
        wage_garnishments: vec![WageGarnishment {
            status: Code::labelled("PAGAENDE", "Pågående löneutmätning"),
            reserved_amount: kr("6900"),
            monthly_amount: kr("700"),
            employer: employer(),
            decided_on: Some(date(2026, 5, 14)),
        }],
        debt_relief: Some(DebtRelief {
            status: Code::labelled("BEVILJAD", "Skuldsanering beviljad"),
            monthly_amount: Some(kr("1200")),
            from: Some(date(2025, 1, 1)),
            to: Some(date(2029, 12, 31)),
        }),
        notices: vec![Notice {
            code: "AVV01".into(),
            text: "Uppgift saknas för perioden".into(),
            concerns: Some("utbetalningar".into()),
        }],
    }
}

fn employer() -> Employer {
    Employer {
        organisationsnummer: Organisationsnummer::parse("9699000015").unwrap(),
        name: Some("Exempelverkstaden AB".into()),
    }
}

pub(crate) fn result(source: SourceId, outcome: Outcome) -> SourceResult {
    let called = !matches!(outcome, Outcome::NotRequested | Outcome::NotEntitled);
    if !called {
        return SourceResult::not_called(source, outcome);
    }
    let answered = matches!(
        outcome,
        Outcome::Ok { .. }
            | Outcome::NoMatch { .. }
            | Outcome::InvalidResponse { .. }
            | Outcome::SourceError { .. }
    );
    SourceResult {
        source,
        outcome,
        latency_ms: Some(41),
        retrieved_at: answered.then(|| at("2026-11-22T09:14:03.561234567Z")),
        attempts: if answered { 1 } else { 2 },
        raw: answered.then(raw),
    }
}

/// Two answers that between them hold a result of every outcome kind: one for a protected
/// person (addresses and raw payloads withheld), one for an unprotected person.
pub(crate) fn answers() -> Vec<CompositeAnswer> {
    let all = outcomes();
    let answer = |outcomes: Vec<Outcome>, protected: bool| {
        // One result per source: the outcomes given, then `not_requested`.
        let mut outcomes = outcomes.into_iter();
        let mut sources: Vec<SourceResult> = SourceId::ALL
            .into_iter()
            .map(|id| result(id, outcomes.next().unwrap_or(Outcome::NotRequested)))
            .collect();
        let mut protection = Vec::new();
        for r in &mut sources {
            if let Outcome::Ok { data, .. } = &mut r.outcome
                && let Some(p) = data.person.as_mut()
            {
                if protected {
                    p.addresses.clear();
                    protection.extend(p.protection.clone());
                } else {
                    p.protection.clear();
                }
            }
            if protected {
                r.raw = None;
            }
        }
        CompositeAnswer {
            query_id: "5b0e5d4e-8f7c-4a59-9a3e-2f4f1c9f2d10".into(),
            received_at: at("2026-11-22T09:14:03.512Z"),
            completed_at: at("2026-11-22T09:14:11Z"),
            person: person(),
            period: period(date(2026, 1, 1), date(2026, 10, 31)),
            protected,
            protection,
            withheld: if protected {
                vec!["addresses".into(), "raw_payloads".into()]
            } else {
                vec![]
            },
            sources,
            audit_seq: 42,
        }
    };
    vec![
        answer(all[..7].to_vec(), true),
        answer(
            [0, 7, 1, 2, 4, 5, 6].map(|i| all[i].clone()).to_vec(),
            false,
        ),
    ]
}

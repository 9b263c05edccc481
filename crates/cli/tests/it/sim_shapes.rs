//! Every shape the simulator sends, read by the real adapters through the gateway: each of
//! the 28 LEFI case lists, per-day amounts with their unit, a retro payment, a payout dated
//! to the month, a pending application, LEFI deviations and a PM state that is not OK, PM
//! claims and split payments, co-applicants and the calculation basis, coordinated
//! amounts; AF and Migrationsverket dates with a UTC offset, a permanent permit's start
//! date, two a-kassor over time and one that could not answer, Skatteverket status 999,
//! CSN's other support forms and its v3.0 message. Each outcome is `ok` and its data carries
//! the shape.

use jiff::civil::Date;
use serde_json::Value;
use underlag_domain::SourceId;
use underlag_sim::population::facts::{FkBenefit, FkPaymentKind, PaymentState};
use underlag_sim::{StoryKind, SyntheticPerson};
use underlag_test_support::fixtures::{query, source, status};
use underlag_test_support::{Doorway, TestApp};

/// The period asked: 20 months up to two months past the reference date (preliminary
/// payments included; under LEFI's two years).
fn period(stack: &TestApp) -> (Date, Date) {
    let today = stack.sim.population().reference_date();
    (
        today.saturating_sub(jiff::Span::new().months(20)),
        today.saturating_add(jiff::Span::new().months(2)),
    )
}

async fn ask(stack: &TestApp, person: &SyntheticPerson) -> Value {
    let (from, to) = period(stack);
    let reply = stack
        .post_query(&query(person.personnummer.expose(), (from, to)))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.body
}

/// The source's data, asserting the outcome is `ok`.
fn data(answer: &Value, id: SourceId) -> &Value {
    assert_eq!(status(answer, id), "ok", "{id}: {}", source(answer, id));
    &source(answer, id)["data"]
}

fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v[key].as_array().map(Vec::as_slice).unwrap_or_default()
}

fn in_period(stack: &TestApp, d: Date) -> bool {
    let (from, to) = period(stack);
    from <= d && d <= to
}

#[tokio::test]
async fn every_lefi_case_list_reaches_the_rest_answer_with_amount_unit_and_period() {
    let stack = TestApp::start().await;
    let pop = stack.sim.population().clone();
    for benefit in FkBenefit::ALL {
        let person = pop
            .persons()
            .iter()
            .find(|p| {
                !p.protected
                    && p.fk.as_ref().is_some_and(|f| {
                        f.cases.iter().all(|c| c.co_applicants.is_empty())
                            && f.cases.iter().any(|c| {
                                c.benefit == benefit
                                    && c.decisions.iter().any(|d| {
                                        in_period(&stack, d.from)
                                            || d.to.is_none_or(|t| in_period(&stack, t))
                                    })
                            })
                    })
            })
            .unwrap_or_else(|| panic!("a person with {benefit:?}"));
        let answer = ask(&stack, person).await;
        let fk = data(&answer, SourceId::Fk);
        let decisions: Vec<&Value> = list(fk, "decisions")
            .iter()
            .filter(|d| d["benefit"]["code"] == benefit.code())
            .collect();
        assert!(!decisions.is_empty(), "{benefit:?}: {fk}");
        for d in &decisions {
            assert!(d["period"].is_object() || d["open_ended"] == true, "{d}");
            let has_amount = d["amount"].is_string() || !list(d, "daily_amounts").is_empty();
            let days_only = matches!(
                benefit,
                FkBenefit::Graviditetspenning
                    | FkBenefit::Narstaendepenning
                    | FkBenefit::Smittbararpenning
                    | FkBenefit::TillfalligForaldrapenning
                    | FkBenefit::Totalforsvarsplikt
            );
            if days_only {
                // LEFI gives these lists days and extent only; the amount is in the payments.
                assert!(d["days"].is_string() || d["days"].is_number(), "{d}");
            } else {
                assert!(has_amount, "{benefit:?}: {d}");
            }
            if d["amount"].is_string() {
                assert!(d["frequency"].is_string(), "amount without unit: {d}");
            }
        }
    }
}

#[tokio::test]
async fn per_day_amounts_carry_their_unit_days_waiting_day_and_level() {
    let stack = TestApp::start().await;
    let pop = stack.sim.population().clone();
    let person = pop
        .with_story(StoryKind::SicknessBenefits)
        .find(|p| {
            p.fk.as_ref().is_some_and(|f| {
                f.cases.iter().any(|c| {
                    c.benefit == FkBenefit::Sjukpenning
                        && c.decisions.iter().any(|d| in_period(&stack, d.from))
                })
            })
        })
        .unwrap();
    let answer = ask(&stack, person).await;
    let fk = data(&answer, SourceId::Fk);
    let sjp: Vec<&Value> = list(fk, "decisions")
        .iter()
        .filter(|d| d["benefit"]["code"] == "SJP")
        .collect();
    assert!(!sjp.is_empty(), "{fk}");
    let first = sjp[0];
    assert_eq!(first["waiting_day"], true, "{first}");
    assert_eq!(first["compensation_level"]["code"], "80", "{first}");
    assert!(!first["days"].is_null(), "{first}");
    assert!(!list(first, "daily_amounts").is_empty(), "{first}");
    // Aktivitetsstöd: a decided amount per day.
    let job_seeker = pop
        .with_story(StoryKind::JobSeekerAktivitetsstod)
        .nth(3)
        .unwrap();
    let answer = ask(&stack, job_seeker).await;
    let fk = data(&answer, SourceId::Fk);
    let as_decision = list(fk, "decisions")
        .iter()
        .find(|d| d["benefit"]["code"] == "AS")
        .unwrap();
    assert_eq!(as_decision["frequency"], "daily", "{as_decision}");
}

#[tokio::test]
async fn a_retro_payment_and_a_month_only_payout_date_are_recognised() {
    let stack = TestApp::start().await;
    let pop = stack.sim.population().clone();
    let retro = pop
        .with_story(StoryKind::RetroPayment)
        .find(|p| {
            !p.protected
                && p.fk.as_ref().is_some_and(|f| {
                    f.payments.iter().any(|x| {
                        x.kind == FkPaymentKind::Retro
                            && x.state == PaymentState::Effected
                            && in_period(&stack, x.payout_on)
                    })
                })
        })
        .unwrap();
    let answer = ask(&stack, retro).await;
    let fk = data(&answer, SourceId::Fk);
    assert!(
        list(fk, "payments")
            .iter()
            .any(|p| p["payment_type"]["class"] == "retroactive"),
        "{fk}"
    );
    let month_only = pop
        .with_story(StoryKind::MonthOnlyPaymentDate)
        .find(|p| {
            p.fk.as_ref().is_some_and(|f| {
                f.payments
                    .iter()
                    .any(|x| x.month_only && in_period(&stack, x.payout_on))
            })
        })
        .unwrap();
    let answer = ask(&stack, month_only).await;
    let fk = data(&answer, SourceId::Fk);
    assert!(
        list(fk, "payments")
            .iter()
            .any(|p| p["state"] == "planned" && p["payout_within"].is_object()),
        "{fk}"
    );
}

#[tokio::test]
async fn pending_applications_and_pm_claims_show_as_pending_with_their_date() {
    let stack = TestApp::start().await;
    let pop = stack.sim.population().clone();
    let person = pop
        .with_story(StoryKind::PendingApplication)
        .next()
        .unwrap();
    let case = person
        .fk
        .as_ref()
        .unwrap()
        .cases
        .iter()
        .find(|c| c.is_pending())
        .unwrap();
    let answer = ask(&stack, person).await;
    let fk = data(&answer, SourceId::Fk);
    assert!(
        list(fk, "decisions").iter().any(
            |d| d["status"]["kind"] == "pending" && d["applied_on"] == case.started.to_string()
        ),
        "{fk}"
    );
    let claimant = pop.with_story(StoryKind::PmClaim).next().unwrap();
    let claim = &claimant.fk.as_ref().unwrap().pm_claims[0];
    let answer = ask(&stack, claimant).await;
    let fk = data(&answer, SourceId::Fk);
    assert!(
        list(fk, "decisions")
            .iter()
            .any(|d| d["status"]["kind"] == "pending"
                && d["applied_on"] == claim.received_on.to_string()),
        "{fk}"
    );
}

#[tokio::test]
async fn lefi_deviations_and_a_pm_state_not_ok_become_notices_beside_the_data() {
    let stack = TestApp::start().await;
    let pop = stack.sim.population().clone();
    let deviation = pop
        .with_story(StoryKind::LefiDeviation)
        .find(|p| p.fk.as_ref().is_some_and(|f| !f.deviations.is_empty()))
        .unwrap();
    let answer = ask(&stack, deviation).await;
    let fk = data(&answer, SourceId::Fk);
    assert!(
        list(fk, "notices")
            .iter()
            .any(|n| n["code"] == "INTERNT_FEL"),
        "{fk}"
    );
    let pm_down = pop
        .with_story(StoryKind::LefiDeviation)
        .find(|p| p.fk.as_ref().is_some_and(|f| f.pm_state.is_some()))
        .unwrap();
    let answer = ask(&stack, pm_down).await;
    let fk = data(&answer, SourceId::Fk);
    assert!(
        list(fk, "notices")
            .iter()
            .any(|n| n["code"] == "OTILLGANGLIG" && n["concerns"] == "PM"),
        "{fk}"
    );
}

#[tokio::test]
async fn pm_split_payments_co_applicants_basis_and_coordinated_amounts_are_carried() {
    let stack = TestApp::start().await;
    let pop = stack.sim.population().clone();
    let split = pop.with_story(StoryKind::PmSplitPayment).next().unwrap();
    let answer = ask(&stack, split).await;
    let fk = data(&answer, SourceId::Fk);
    assert!(
        list(fk, "payments").iter().any(|p| {
            let groups: std::collections::BTreeSet<String> = list(p, "rows")
                .iter()
                .filter_map(|r| r["benefit"]["code"].as_str().map(str::to_owned))
                .collect();
            groups.len() >= 2
        }),
        "{fk}"
    );
    let single = pop
        .with_story(StoryKind::FkPension)
        .find(|p| {
            p.fk.as_ref().is_some_and(|f| {
                f.cases.iter().all(|c| c.co_applicants.is_empty())
                    && f.cases
                        .iter()
                        .any(|c| c.benefit == FkBenefit::Bostadstillagg)
            })
        })
        .unwrap();
    let answer = ask(&stack, single).await;
    let fk = data(&answer, SourceId::Fk);
    let bst = list(fk, "decisions")
        .iter()
        .find(|d| d["benefit"]["code"] == "BST")
        .unwrap();
    assert!(!list(bst, "basis").is_empty(), "{bst}");
    let disabled = pop
        .with_story(StoryKind::DisabilityBenefits)
        .next()
        .unwrap();
    let answer = ask(&stack, disabled).await;
    let fk = data(&answer, SourceId::Fk);
    let sa = list(fk, "decisions")
        .iter()
        .find(|d| d["benefit"]["code"] == "SA")
        .unwrap();
    assert!(sa["coordinated_amount"].is_string(), "{sa}");
}

/// Regression (found by the simulator): the FK adapter took a co-applicant's number
/// (`medsokande`) for the identity the answer states, so an answer with a co-applicant was
/// refused as being about someone else.
#[tokio::test]
async fn co_applicants_are_not_taken_for_the_person_asked_about() {
    let stack = TestApp::start().await;
    let pop = stack.sim.population().clone();
    let married = pop
        .with_story(StoryKind::FkPension)
        .find(|p| {
            p.fk.as_ref()
                .is_some_and(|f| f.cases.iter().any(|c| !c.co_applicants.is_empty()))
        })
        .unwrap();
    let answer = ask(&stack, married).await;
    let fk = data(&answer, SourceId::Fk);
    let bst = list(fk, "decisions")
        .iter()
        .find(|d| d["benefit"]["code"] == "BST")
        .unwrap();
    assert!(!list(bst, "co_applicants").is_empty(), "{bst}");
}

#[tokio::test]
async fn offset_dates_home_country_and_a_permanent_permits_start_are_read() {
    let stack = TestApp::start().await;
    let pop = stack.sim.population().clone();
    let arrived = pop
        .with_story(StoryKind::OffsetDates)
        .find(|p| p.af.is_some() && p.miv.is_some())
        .unwrap();
    let answer = ask(&stack, arrived).await;
    let af = data(&answer, SourceId::Af);
    assert_eq!(
        af["job_seeker"]["registered_on"],
        arrived.af.as_ref().unwrap().registered_on.to_string()
    );
    let miv_facts = arrived.miv.as_ref().unwrap();
    let miv = data(&answer, SourceId::Miv);
    assert_eq!(miv["person"]["home_country"], miv_facts.home_country);
    assert_eq!(
        miv["person"]["entered_sweden_on"],
        miv_facts.entered_on.to_string()
    );
    let permanent = pop
        .with_story(StoryKind::PermitPermanent)
        .find(|p| {
            p.miv
                .as_ref()
                .is_some_and(|m| m.cases.iter().any(|c| c.starts_on.is_some()))
        })
        .unwrap();
    let start = permanent
        .miv
        .as_ref()
        .unwrap()
        .cases
        .iter()
        .find_map(|c| c.starts_on)
        .unwrap();
    let answer = ask(&stack, permanent).await;
    let miv = data(&answer, SourceId::Miv);
    assert!(
        list(miv, "permits")
            .iter()
            .any(|p| p["validity"] == "permanent" && p["valid_from"] == start.to_string()),
        "{miv}"
    );
}

#[tokio::test]
async fn two_funds_an_incomplete_fund_and_skv_status_999_are_ok_with_their_data() {
    let stack = TestApp::start().await;
    let pop = stack.sim.population().clone();
    let two = pop.with_story(StoryKind::TwoFunds).next().unwrap();
    let answer = ask(&stack, two).await;
    let so = data(&answer, SourceId::So);
    let payers: std::collections::BTreeSet<&str> = list(so, "payments")
        .iter()
        .filter_map(|p| p["payer"].as_str())
        .collect();
    assert_eq!(payers.len(), 2, "{so}");
    let incomplete = pop.with_story(StoryKind::FundIncomplete).next().unwrap();
    let answer = ask(&stack, incomplete).await;
    let so = data(&answer, SourceId::So);
    assert!(
        list(so, "unemployment_funds")
            .iter()
            .any(|f| f["status"] == "no answer" || f["status"] == "technical error"),
        "{so}"
    );
    let skv = pop.with_story(StoryKind::SkvStatus999).next().unwrap();
    let answer = ask(&stack, skv).await;
    let data = data(&answer, SourceId::Skv);
    assert!(
        list(data, "tax_statuses")
            .iter()
            .any(|s| s["status"]["code"] == "999"),
        "{data}"
    );
    assert!(!list(data, "capital_income").is_empty(), "{data}");
}

#[tokio::test]
async fn csn_other_support_forms_and_the_v3_message_are_read() {
    let stack = TestApp::start().await;
    let pop = stack.sim.population().clone();
    let mut forms = std::collections::BTreeSet::new();
    let mut split = 0;
    for person in pop.with_story(StoryKind::CsnOtherForm).take(8) {
        let answer = ask(&stack, person).await;
        let csn = data(&answer, SourceId::Csn);
        for case in list(csn, "study_support") {
            forms.insert(
                case["support_form"]["code"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            );
        }
        if list(csn, "payments")
            .iter()
            .any(|p| list(p, "rows").len() >= 3)
        {
            split += 1;
        }
        assert_csn_rows_sum_to_each_payment(csn);
    }
    assert!(split > 0, "no payment split in three amount types");
    assert!(forms.contains("SSSTÖD"), "{forms:?}");
    assert!(forms.contains("GRUNDU"), "{forms:?}");
    let v3 = pop
        .with_story(StoryKind::CsnV3)
        .find(|p| !p.protected)
        .unwrap();
    let answer = ask(&stack, v3).await;
    let csn = data(&answer, SourceId::Csn);
    assert!(!list(csn, "study_support").is_empty(), "{csn}");
    assert_csn_rows_sum_to_each_payment(csn);
}

/// Each CSN payment split by amount type: its rows' gross amounts add up to the payment's
/// gross (a row carries its share of the payment, not CSN's weekly rate).
fn assert_csn_rows_sum_to_each_payment(csn: &Value) {
    let amount = |v: &Value| {
        underlag_domain::Amount::parse(v.as_str().unwrap_or_else(|| panic!("an amount: {v}")))
            .unwrap()
    };
    for payment in list(csn, "payments") {
        let rows = list(payment, "rows");
        if rows.is_empty() {
            continue;
        }
        let sum: underlag_domain::Amount = rows.iter().map(|r| amount(&r["gross"])).sum();
        assert_eq!(sum, amount(&payment["gross"]), "{payment}");
    }
}

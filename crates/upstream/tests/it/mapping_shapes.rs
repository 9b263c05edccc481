//! Shapes of the other agencies written by hand from their contracts: SKV's part statuses,
//! Migrationsverket's person facts and permanent permits, CSN's payment split by amount type.

use jiff::civil::date;
use underlag_domain::Amount;
use underlag_domain::model::{Frequency, PermitValidity, TaxStatusScope};
use underlag_upstream::agencies::{csn, miv, skv};

use crate::common::*;
use crate::mapping_others::{CSN_CASE, csn_answer, miv_answer, root, skv_answer, skv_body};

#[test]
fn skv_status_codes_of_capital_and_tax_account_data_are_carried() {
    let answer = skv_answer(
        "<StatusPersonuppgiftKod>0</StatusPersonuppgiftKod>\
         <StatusKapitaluppgiftKod>1</StatusKapitaluppgiftKod>\
         <StatusSkattekontouppgiftKod>0</StatusSkattekontouppgiftKod>\
         <Skattekontouppgift><Belopp>4312</Belopp><Bokforingsdatum>2025-06-03</Bokforingsdatum></Skattekontouppgift>",
    );
    let (data, warnings) = expect_ok(skv::interpret_body(
        &spec(),
        skv_body(&answer).as_bytes(),
        None,
    ));
    assert!(warnings.is_empty(), "{warnings:#?}");
    let statuses: Vec<_> = data
        .tax_statuses
        .iter()
        .map(|s| (s.scope, s.status.code.as_str(), s.status.label.is_some()))
        .collect();
    assert_eq!(
        statuses,
        [
            (TaxStatusScope::Person, "0", true),
            (TaxStatusScope::CapitalIncome, "1", true),
            (TaxStatusScope::TaxAccount, "0", true)
        ]
    );
}

#[test]
fn an_unknown_skv_status_code_is_kept_with_a_warning() {
    let answer = skv_answer(
        "<StatusPersonuppgiftKod>0</StatusPersonuppgiftKod>\
         <StatusKapitaluppgiftKod>7</StatusKapitaluppgiftKod>\
         <Kapitaluppgift><b:Taxeringsar>2024</b:Taxeringsar><b:SummaIntakterPaKapital>10</b:SummaIntakterPaKapital>\
         <b:OverskottPaKapital>0</b:OverskottPaKapital></Kapitaluppgift>",
    );
    let (data, warnings) = expect_ok(skv::interpret_body(
        &spec(),
        skv_body(&answer).as_bytes(),
        None,
    ));
    let kept = &data.tax_statuses[1];
    assert_eq!(
        (kept.scope, kept.status.code.as_str()),
        (TaxStatusScope::CapitalIncome, "7")
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.path.ends_with("StatusKapitaluppgiftKod")),
        "{warnings:#?}"
    );
}

#[test]
fn miv_person_facts_and_the_start_of_a_permanent_permit() {
    let answer = miv_answer(&format!(
        "<response><correlationid>c</correlationid><hemland>Syrien</hemland>\
         <inresedatum>2015-09-03+02:00</inresedatum><personnummer>{VALID_PNR}</personnummer>\
         <svarCollection><svar><arendeTyp>UAT</arendeTyp><beslutsKod>BEV</beslutsKod><beslutsTyp>PUT</beslutsTyp>\
         <beslutsdatum>2019-04-01+02:00</beslutsdatum><fromDatum>2019-04-01+02:00</fromDatum>\
         <giltighetstid>PERMANENT</giltighetstid></svar></svarCollection></response>"
    ));
    let (data, warnings) = expect_ok(miv::interpret(&spec(), &root(&answer)));
    assert!(warnings.is_empty(), "{warnings:#?}");
    let person = data.person.unwrap();
    assert_eq!(person.home_country.as_deref(), Some("Syrien"));
    assert_eq!(person.entered_sweden_on, Some(date(2015, 9, 3)));
    let permit = &data.permits[0];
    assert_eq!(permit.validity, Some(PermitValidity::Permanent));
    assert_eq!(permit.valid_from, Some(date(2019, 4, 1)));
    assert_eq!(permit.valid, None);
}

#[test]
fn csn_payment_is_split_by_amount_type_and_granted_amounts_are_weekly() {
    let split = CSN_CASE.replacen(
        "<g:Beloppen/>",
        "<g:Beloppen><g:Belopp><g:beloppstyp>GRUNDB</g:beloppstyp><g:klartext>Bidrag</g:klartext><g:belopp>1000</g:belopp><g:totbelopp>4000</g:totbelopp></g:Belopp>\
         <g:Belopp><g:beloppstyp>GRUNDL</g:beloppstyp><g:klartext>Lån</g:klartext><g:belopp>2500</g:belopp><g:totbelopp>10000</g:totbelopp></g:Belopp></g:Beloppen>",
        1,
    );
    let (data, _) = expect_ok(csn::interpret(&spec(), &root(&csn_answer("", &split))));
    let paid = &data.payments[0];
    let rows: Vec<_> = paid
        .rows
        .iter()
        .map(|r| {
            (
                r.amount_type.as_ref().unwrap().code.as_str(),
                r.gross.unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("GRUNDB", Amount::from_kronor(4000)),
            ("GRUNDL", Amount::from_kronor(10000))
        ]
    );
    assert!(paid.rows[0].covers.is_some());
    let granted = &data.study_support[0].granted[0];
    assert!(
        granted
            .amounts
            .iter()
            .all(|a| a.frequency == Some(Frequency::Weekly))
    );
}

/// Defect: each CSN payment row took `belopp` (the weekly rate) for its amount, so a 4-week
/// payment of 8 860 kr showed rows of one week's worth. The rows now carry `totbelopp` and
/// add up to the payment.
#[test]
fn csn_payment_rows_sum_to_the_payment() {
    let case = CSN_CASE
        .replacen(
            "<g:Beloppen/><g:totbelopp>14000</g:totbelopp>",
            "<g:Beloppen><g:Belopp><g:beloppstyp>GRUNDB</g:beloppstyp><g:klartext>Bidrag</g:klartext><g:belopp>900</g:belopp><g:totbelopp>3600</g:totbelopp></g:Belopp>\
             <g:Belopp><g:beloppstyp>GRUNDL</g:beloppstyp><g:klartext>Lån</g:klartext><g:belopp>1315</g:belopp><g:totbelopp>5260</g:totbelopp></g:Belopp></g:Beloppen>\
             <g:totbelopp>8860</g:totbelopp>",
            1,
        )
        .replacen(
            "</sm:Utbetaldatider><sm:totbelopp>14000</sm:totbelopp>",
            "</sm:Utbetaldatider><sm:totbelopp>8860</sm:totbelopp>",
            1,
        );
    let (data, warnings) = expect_ok(csn::interpret(&spec(), &root(&csn_answer("", &case))));
    assert!(warnings.is_empty(), "{warnings:#?}");
    let paid = &data.payments[0];
    assert_eq!(paid.gross, Some(Amount::from_kronor(8860)));
    let gross: Vec<_> = paid.rows.iter().map(|r| r.gross.unwrap()).collect();
    assert_eq!(
        gross,
        [Amount::from_kronor(3600), Amount::from_kronor(5260)],
        "each row carries its share of the payment, not the weekly rate"
    );
    assert_eq!(gross.into_iter().sum::<Amount>(), paid.gross.unwrap());
}

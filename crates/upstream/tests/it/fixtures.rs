//! The seven published contract fixtures, read by the same interpretation functions as the
//! HTTP path. Their identity number 199001011234 has a wrong check digit: the field rules
//! report that as a warning, so each fixture is `ok` with that warning and without an
//! identity in the canonical person (the adapter's identity check would refuse such an answer
//! to a real query). With a valid test number in its place the identity is filled.

use jiff::civil::date;
use rust_decimal::Decimal;
use underlag_domain::model::{PaymentState, PermitValidity};
use underlag_domain::{Amount, Period, Severity, SourceId};

use crate::common::*;

#[test]
fn af_fixture_reports_the_bad_check_digit_as_a_warning() {
    let (data, warnings) = expect_ok(interpret_fixture(SourceId::Af, &fixture("af")));
    let pnr = warnings
        .iter()
        .find(|v| v.rule == "AF-018")
        .expect("the check digit is reported");
    assert_eq!(pnr.path, "Svar/IdentitetsbeteckningFysiskPerson");
    assert_eq!(pnr.severity, Severity::Warning);
    assert!(
        !pnr.message.contains(FIXTURE_PNR),
        "no personal data in messages"
    );
    assert!(data.person.unwrap().identity.is_none());
    let (data, _) = expect_ok(interpret_fixture(
        SourceId::Af,
        &with_valid_person(&fixture("af")),
    ));
    assert_eq!(data.person.unwrap().identity.unwrap().expose(), VALID_PNR);
}

#[test]
fn af_fixture_gives_a_registered_job_seeker() {
    let (data, warnings) = expect_ok(interpret_fixture(SourceId::Af, &fixture("af")));
    let fraga = warnings
        .iter()
        .find(|v| v.rule == "AF-001")
        .expect("missing Fraga is reported");
    assert_eq!(
        (fraga.path.as_str(), fraga.severity),
        ("Fraga", Severity::Warning)
    );
    let person = data.person.unwrap();
    assert_eq!(person.given_name.as_deref(), Some("Tolvan"));
    assert_eq!(person.family_name.as_deref(), Some("Tolvansson"));
    assert!(person.protection.is_empty());
    let seeker = data.job_seeker.unwrap();
    assert!(seeker.registered);
    assert_eq!(seeker.category.unwrap().code, "Anställd");
    assert_eq!(seeker.registered_on, Some(date(2016, 11, 18)));
    assert_eq!(seeker.extent_percent, Some(100));
    assert_eq!(seeker.unemployment_fund.as_deref(), Some("Test ak"));
    // The fixture lacks AktivetetsRapportDatum, which the schema requires: reported, not guessed.
    assert!(seeker.activity_report.is_none());
    assert!(has_rule(&warnings, "AF-028", None));
    assert!(data.decisions.is_empty());
    assert!(data.notices.is_empty());
}

#[test]
fn csn_fixture_reports_the_bad_check_digit_as_a_warning() {
    let (data, warnings) = expect_ok(interpret_fixture(SourceId::Csn, &fixture("csn")));
    assert!(
        has_rule(&warnings, "CSN-006", Some("Personer/Person/@personnummer")),
        "{warnings:#?}"
    );
    assert!(data.person.unwrap().identity.is_none());
}

#[test]
fn csn_fixture_is_a_known_person_without_study_support() {
    let (data, _) = expect_ok(interpret_fixture(
        SourceId::Csn,
        &with_valid_person(&fixture("csn")),
    ));
    let person = data.person.unwrap();
    assert_eq!(
        person.identity.unwrap().expose(),
        VALID_PNR,
        "10 digits + sekel"
    );
    assert!(person.protection.is_empty(), "blank sekretess is no marker");
    assert!(data.study_support.is_empty());
    assert!(data.payments.is_empty());
}

#[test]
fn fk_fixture_with_a_contributing_discloser_and_no_data_is_no_match() {
    let warnings = expect_no_match(interpret_fixture(SourceId::Fk, &fixture("fk")));
    assert!(warnings.is_empty(), "{warnings:#?}");
}

#[test]
fn miv_fixture_reports_the_bad_check_digit_as_a_warning() {
    let (data, warnings) = expect_ok(interpret_fixture(SourceId::Miv, &fixture("miv")));
    assert!(
        has_rule(&warnings, "MIV-008", Some("response/personnummer")),
        "{warnings:#?}"
    );
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(data.person.unwrap().identity.is_none());
}

#[test]
fn miv_fixture_gives_one_permanent_permit() {
    let (data, warnings) = expect_ok(interpret_fixture(
        SourceId::Miv,
        &with_valid_person(&fixture("miv")),
    ));
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert_eq!(
        data.person
            .as_ref()
            .unwrap()
            .identity
            .as_ref()
            .unwrap()
            .expose(),
        VALID_PNR
    );
    let person = data.person.unwrap();
    assert_eq!(person.given_name.as_deref(), Some("Tolvan"));
    assert_eq!(data.permits.len(), 1);
    let permit = &data.permits[0];
    assert_eq!(permit.case_type.code, "UAT");
    assert!(permit.case_type.label.is_some());
    assert_eq!(permit.decision.as_ref().unwrap().code, "BEV");
    assert_eq!(permit.decision_type.as_ref().unwrap().code, "PUT");
    assert_eq!(permit.applied_on, Some(date(1997, 9, 12)));
    assert_eq!(permit.decided_on, Some(date(1998, 5, 12)));
    assert_eq!(permit.validity, Some(PermitValidity::Permanent));
    assert_eq!(permit.valid, None);
}

#[test]
fn skv_fixture_reports_the_bad_check_digit_as_a_warning() {
    let (data, warnings) = expect_ok(interpret_fixture(SourceId::Skv, &fixture("skv")));
    assert!(has_rule(
        &warnings,
        "SKV-003",
        Some("PersonuppgiftLista/Personuppgift/IdentitetsbeteckningFysiskPerson")
    ));
    assert!(data.person.unwrap().identity.is_none());
}

#[test]
fn skv_fixture_gives_capital_income_for_2001() {
    let (data, warnings) = expect_ok(interpret_fixture(SourceId::Skv, &fixture("skv")));
    assert_eq!(data.capital_income.len(), 1);
    let income = &data.capital_income[0];
    assert_eq!(income.taxation_year, 2001);
    assert_eq!(income.total_income, Amount::from_kronor(12345));
    assert_eq!(income.surplus, Amount::from_kronor(666));
    assert!(data.tax_account_payouts.is_empty());
    // Status 999 (sent by the fixture itself) is in the kodverk: no warning, and the status
    // is kept as a notice with the kodverk's label.
    assert!(!has_rule(&warnings, "SKV-007", None), "{warnings:#?}");
    assert_eq!(data.notices.len(), 1);
    assert_eq!(data.notices[0].code, "999");
    assert!(
        data.notices[0]
            .text
            .starts_with("Status utan känd betydelse")
    );
    let person = data.person.unwrap();
    assert_eq!(
        (person.given_name.as_deref(), person.family_name.as_deref()),
        (Some("Berit"), Some("Berg"))
    );
}

#[test]
fn so_fixture_reports_the_bad_check_digit_as_a_warning() {
    let (data, warnings) = expect_ok(interpret_fixture(SourceId::So, &fixture("so")));
    assert!(has_rule(&warnings, "SO-011", Some("IdentificationNumber")));
    assert!(data.person.unwrap().identity.is_none());
    let (data, _) = expect_ok(interpret_fixture(
        SourceId::So,
        &with_valid_person(&fixture("so")),
    ));
    assert_eq!(data.person.unwrap().identity.unwrap().expose(), VALID_PNR);
}

#[test]
fn so_fixture_gives_one_fund_and_one_payment() {
    let (data, warnings) = expect_ok(interpret_fixture(SourceId::So, &fixture("so")));
    let syfte = warnings
        .iter()
        .find(|v| v.rule == "SO-007")
        .expect("missing Syfte is reported");
    assert_eq!(
        (syfte.path.as_str(), syfte.severity),
        ("Syfte", Severity::Warning)
    );
    assert_eq!(data.unemployment_funds.len(), 1);
    let fund = &data.unemployment_funds[0];
    assert_eq!(
        (fund.fund.as_str(), fund.status.as_str()),
        ("Testorganisation", "all clear")
    );
    assert!(data.notices.is_empty(), "a complete answer needs no notice");
    assert_eq!(data.payments.len(), 1);
    let payment = &data.payments[0];
    assert_eq!(payment.payer, "Testorganisation");
    assert_eq!(payment.state, PaymentState::Effected);
    assert_eq!(payment.payout_on, Some(date(2013, 11, 23)));
    assert_eq!(
        payment.covers,
        Some(Period::new(date(2013, 11, 3), date(2013, 11, 3)).unwrap())
    );
    assert_eq!(payment.net_after_tax, Some(Amount::from_ore(125_050)));
    assert_eq!(payment.net, Some(Amount::from_ore(125_050)));
    assert_eq!(payment.days, Some(Decimal::from(2)));
    assert_eq!(payment.gross, None);
}

#[test]
fn tns_fixture_gives_two_vehicles() {
    let (data, warnings) = expect_ok(interpret_fixture(SourceId::Tns, &fixture("tns")));
    assert!(warnings.is_empty(), "{warnings:#?}");
    let v: Vec<_> = data
        .vehicles
        .iter()
        .map(|v| {
            (
                v.registration.as_str(),
                v.make.as_deref(),
                v.model_year,
                v.kind.as_ref().map(|k| k.code.as_str()),
                v.trade_name.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        v,
        [
            (
                "ABC001",
                Some("Volvo"),
                Some(2012),
                Some("PERSONBIL"),
                Some("V70")
            ),
            (
                "ABC002",
                Some("HONDA"),
                Some(2001),
                Some("MOTORCYKEL"),
                Some("SH300A")
            ),
        ]
    );
}

#[test]
fn ssbtek_error_elements_are_unavailable_or_source_errors() {
    let answer = |kalla: &str| {
        format!(
            "<ssbt:AF xmlns:ssbt=\"http://schema.forsakringskassan.se/integration/ssbt/10\"><ssbt:error>\
             <ssbt:kalla>{kalla}</ssbt:kalla><ssbt:felkod>F1</ssbt:felkod><ssbt:felmeddelande>Ett</ssbt:felmeddelande>\
             <ssbt:felmeddelande>Två</ssbt:felmeddelande></ssbt:error></ssbt:AF>"
        )
    };
    match interpret_fixture(SourceId::Af, &answer("SSBT")) {
        underlag_domain::Outcome::Unavailable { reason } => assert_eq!(reason, "Ett; Två"),
        other => panic!("expected unavailable, got {other:?}"),
    }
    assert_eq!(
        expect_source_error(interpret_fixture(SourceId::Af, &answer("BT"))),
        ("F1".to_owned(), "Ett; Två".to_owned())
    );
}

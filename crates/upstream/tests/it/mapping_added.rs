//! The sources outside the v10 contract: AGI (corrections by specifikationsnummer, declared
//! before payout, net pay, no match, Skatteverket's own error) and Kronofogden (debts,
//! garnishment, debt relief, no match), from their fixtures (`spec/fixtures/`) and variants.

use underlag_domain::Amount;
use underlag_domain::model::ClaimKind;
use underlag_spec::Node;
use underlag_upstream::agencies::{agi, kfm};

use crate::common::*;

fn kr(text: &str) -> Amount {
    Amount::parse(text).unwrap()
}

fn agi_root(xml: &str) -> Node {
    let doc = roxmltree::Document::parse(xml).unwrap();
    Node::from_xml(doc.root_element())
}

fn kfm_root(json: &str) -> Node {
    Node::from_json("Galdenarsuppgifter", &serde_json::from_str(json).unwrap())
}

#[test]
fn a_corrected_agi_declaration_replaces_the_earlier_and_says_so() {
    let (data, warnings) = expect_ok(agi::interpret(
        &spec(),
        &agi_root(&own_fixture("agi-answer.xml")),
    ));
    assert!(warnings.is_empty(), "{warnings:#?}");
    // Four declarations received, three in force: one of them a correction.
    assert_eq!(data.earned_income.len(), 3);
    let corrected: Vec<_> = data.earned_income.iter().filter(|e| e.corrected).collect();
    assert_eq!(corrected.len(), 1);
    let c = corrected[0];
    assert_eq!(c.employer.organisationsnummer.ten_digits(), "9699000015");
    assert_eq!(c.specification_number, "7");
    assert_eq!(c.replaced, 1);
    assert_eq!(c.gross.unwrap(), kr("10500.00"));
    assert_eq!(c.tax.unwrap(), kr("3150.00"));
    assert_eq!(c.net.unwrap(), kr("7350.00"));
    assert_eq!(c.received_on.unwrap().to_string(), "2026-10-06");
    assert!(
        data.notices
            .iter()
            .any(|n| n.code == "RATTAD" && n.concerns.as_deref() == Some("969900-0015 2026-09"))
    );
}

#[test]
fn agi_keeps_employers_apart_and_marks_pay_declared_before_its_month() {
    let (data, _) = expect_ok(agi::interpret(
        &spec(),
        &agi_root(&own_fixture("agi-answer.xml")),
    ));
    let september: Vec<_> = data
        .earned_income
        .iter()
        .filter(|e| e.month.from().to_string() == "2026-09-01")
        .collect();
    assert_eq!(september.len(), 2, "two employers in September");
    let cleaning = september
        .iter()
        .find(|e| e.employer.name.as_deref() == Some("Syntetiska Städ AB"))
        .unwrap();
    assert!(!cleaning.corrected);
    assert_eq!(cleaning.taxable_benefits.unwrap(), kr("500.00"));
    let november = data
        .earned_income
        .iter()
        .find(|e| e.month.from().to_string() == "2026-11-01")
        .unwrap();
    assert!(november.declared_before_payout);
    assert!(september.iter().all(|e| !e.declared_before_payout));
}

#[test]
fn agi_without_declarations_is_no_match_and_fel_is_a_source_error() {
    let none = r#"<IndividuppgifterSvar xmlns="urn:underlag:agency:skatteverket:agi:1"><BetalningsmottagarId>199001012385</BetalningsmottagarId><Status>EJ_TRAFF</Status></IndividuppgifterSvar>"#;
    expect_no_match(agi::interpret(&spec(), &agi_root(none)));
    let fel = r#"<IndividuppgifterSvar xmlns="urn:underlag:agency:skatteverket:agi:1"><Status>FEL</Status><Fel><Felkod>AGI-100</Felkod><Feltext>Ogiltigt</Feltext></Fel></IndividuppgifterSvar>"#;
    let (code, _) = expect_source_error(agi::interpret(&spec(), &agi_root(fel)));
    assert_eq!(code, "AGI-100");
}

#[test]
fn an_agi_amount_that_is_not_a_number_makes_the_answer_invalid() {
    let broken = own_fixture("agi-answer.xml").replacen(">9000<", ">12x<", 1);
    let violations = expect_invalid(agi::interpret(&spec(), &agi_root(&broken)));
    assert!(has_rule(&violations, "AGI-009", None), "{violations:#?}");
}

#[test]
fn kronofogden_reads_debts_garnishment_and_debt_relief() {
    let (data, warnings) = expect_ok(kfm::interpret(
        &spec(),
        &kfm_root(&own_fixture("kfm-answer.json")),
    ));
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert_eq!(data.enforcement_debts.len(), 2);
    assert_eq!(data.enforcement_debts[0].kind, ClaimKind::Public);
    assert_eq!(data.enforcement_debts[1].kind, ClaimKind::Private);
    assert_eq!(data.enforcement_debts[1].amount, kr("4200.50"), "öre kept");
    let g = &data.wage_garnishments[0];
    assert_eq!(g.reserved_amount, kr("6900.00"));
    assert_eq!(g.monthly_amount, kr("700.00"));
    assert_eq!(g.employer.organisationsnummer.ten_digits(), "9699000015");
    assert_eq!(g.status.code, "PAGAENDE");
    assert_eq!(
        g.status.label.as_deref(),
        Some("Pågående löneutmätning"),
        "kodverk label"
    );
    let relief = data.debt_relief.unwrap();
    assert_eq!(relief.status.code, "ANSOKAN");
    assert!(relief.monthly_amount.is_none());
}

#[test]
fn kronofogden_not_knowing_the_person_is_no_match() {
    let json = r#"{"personnummer":"199001012385","kand":false}"#;
    expect_no_match(kfm::interpret(&spec(), &kfm_root(json)));
}

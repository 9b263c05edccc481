//! Underlag's own schemas for AGI and Kronofogden (`spec/schemas/`, compiled into the kit):
//! the specification's example answers validate against them, and the faults the variants
//! stand for do not.

use serde_json::Value;
use underlag_conformance::provider::xml;
use underlag_conformance::spec_schemas;

const AGI_ANSWER: &str = include_str!("../../../../spec/fixtures/agi-answer.xml");
const KFM_ANSWER: &str = include_str!("../../../../spec/fixtures/kfm-answer.json");

fn agi_xsd() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("agi.xsd");
    std::fs::write(
        &path,
        spec_schemas::text("agi-individuppgifter-1.xsd").unwrap(),
    )
    .unwrap();
    (dir, path)
}

fn agi_message(text: &str) -> String {
    xml::find_message(text, "IndividuppgifterSvar")
        .unwrap()
        .document
}

#[test]
fn the_agi_example_answer_validates_and_a_foreign_field_code_or_a_missing_number_does_not() {
    let (_dir, xsd) = agi_xsd();
    xml::validate(&agi_message(AGI_ANSWER), &xsd).unwrap();
    let code = AGI_ANSWER.replacen("faltkod=\"011\"", "faltkod=\"999\"", 1);
    let Err(xml::SchemaError::Invalid(lines)) = xml::validate(&agi_message(&code), &xsd) else {
        panic!("an unknown field code validated");
    };
    assert!(lines.iter().any(|l| l.contains("fixed value")), "{lines:?}");
    let missing = AGI_ANSWER.replacen(
        "<Specifikationsnummer faltkod=\"570\">7</Specifikationsnummer>",
        "",
        1,
    );
    assert!(xml::validate(&agi_message(&missing), &xsd).is_err());
}

fn kfm_errors(answer: &Value) -> Vec<String> {
    let schema: Value =
        serde_json::from_str(spec_schemas::text("kfm-galdenarsuppgifter-1.schema.json").unwrap())
            .unwrap();
    jsonschema::draft202012::meta::validate(&schema).unwrap();
    let validator = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    validator
        .iter_errors(answer)
        .map(|e| e.to_string())
        .collect()
}

#[test]
fn the_kronofogden_example_answer_validates_and_a_renamed_member_or_a_bad_date_does_not() {
    let answer: Value = serde_json::from_str(KFM_ANSWER).unwrap();
    assert_eq!(kfm_errors(&answer), Vec::<String>::new());
    let no_match: Value = serde_json::json!({"personnummer": "194705193748", "kand": false});
    assert!(kfm_errors(&no_match).is_empty());

    let mut renamed = answer.clone();
    let debts = renamed.as_object_mut().unwrap().remove("skulder").unwrap();
    renamed["debts"] = debts;
    let errors = kfm_errors(&renamed);
    assert!(errors.iter().any(|e| e.contains("debts")), "{errors:?}");

    let mut date = answer.clone();
    date["skulder"][0]["registrerad"] = "03.09.2025".into();
    assert!(!kfm_errors(&date).is_empty());
    let mut amount = answer;
    amount["skulder"][0]["belopp"] = "12x".into();
    assert!(!kfm_errors(&amount).is_empty());
}

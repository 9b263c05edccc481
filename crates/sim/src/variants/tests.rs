//! The variants' rewriting of answers, unit by unit.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::text::{
    decode, encode, map_base64_svar, map_escaped_svar, remove_element, replace_attribute_value,
    replace_element_text, rewrite_compact_dates, rewrite_iso_dates,
};
use super::*;

#[test]
fn names_round_trip() {
    for v in Variant::ALL {
        assert_eq!(v.name().parse::<Variant>().unwrap(), v);
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            format!("\"{}\"", v.name())
        );
    }
    assert!("boom".parse::<Variant>().is_err());
}

#[test]
fn rewrites() {
    assert_eq!(
        rewrite_iso_dates("<a>2026-05-01+02:00</a><b>19860305-2393</b>"),
        "<a>01.05.2026+02:00</a><b>19860305-2393</b>"
    );
    assert_eq!(
        rewrite_compact_dates("<a>20240725</a><b>1234</b>"),
        "<a>25.07.2024</a><b>1234</b>"
    );
    assert_eq!(
        remove_element("<r><x:a k='1'>t</x:a><b/></r>", "a").unwrap(),
        "<r><b/></r>"
    );
    assert_eq!(
        replace_attribute_value("<r a=\"1\"><b a=\"2\" c=\"3\"/></r>", "b", "a", "9").unwrap(),
        "<r a=\"1\"><b a=\"9\" c=\"3\"/></r>"
    );
    assert!(replace_attribute_value("<r><b/></r>", "b", "a", "9").is_none());
    assert_eq!(
        replace_element_text("<r><ns:code>1</ns:code></r>", "code", "77").unwrap(),
        "<r><ns:code>77</ns:code></r>"
    );
    let escaped = map_escaped_svar("<r><svar>&lt;a&gt;1&lt;/a&gt;</svar></r>", |t| {
        Some(t.replace('1', "2"))
    });
    assert_eq!(escaped.unwrap(), "<r><svar>&lt;a&gt;2&lt;/a&gt;</svar></r>");
    let svar = format!("<k:svar>{}</k:svar>", STANDARD.encode("<a>1</a>"));
    let changed = map_base64_svar(&svar, |t| Some(t.replace('1', "2"))).unwrap();
    assert_eq!(
        changed,
        format!("<k:svar>{}</k:svar>", STANDARD.encode("<a>2</a>"))
    );
    let utf16 = encode("<a>å</a>", true);
    assert_eq!(decode(&utf16).unwrap(), ("<a>å</a>".to_owned(), true));
}

#[test]
fn every_variant_but_the_protection_marker_applies_to_agi_and_kronofogden() {
    for v in Variant::ALL {
        let expected = v != Variant::ProtectedWithoutMarker;
        assert_eq!(v.applies_to(SourceId::Agi), expected, "{v} for AGI");
        assert_eq!(v.applies_to(SourceId::Kfm), expected, "{v} for KFM");
    }
    assert!(!Variant::WrongNamespace.applies_to(SourceId::Fk));
}

const AGI_ANSWER: &str = include_str!("../../../../spec/fixtures/agi-answer.xml");
const KFM_ANSWER: &str = include_str!("../../../../spec/fixtures/kfm-answer.json");

fn rewritten(source: SourceId, variant: Variant, answer: &str) -> String {
    String::from_utf8(super::rewrite::rewrite(source, variant, answer.as_bytes()).unwrap()).unwrap()
}

#[test]
fn agi_answers_are_rewritten_in_their_xml() {
    let ns = rewritten(SourceId::Agi, Variant::WrongNamespace, AGI_ANSWER);
    assert!(ns.contains(WRONG_NAMESPACE) && !ns.contains(crate::agencies::agi::AGI_NS));
    let missing = rewritten(SourceId::Agi, Variant::MissingRequiredField, AGI_ANSWER);
    assert_eq!(
        missing.matches("<Specifikationsnummer").count() + 1,
        AGI_ANSWER.matches("<Specifikationsnummer").count()
    );
    let code = rewritten(SourceId::Agi, Variant::CodeOutsideKodverk, AGI_ANSWER);
    assert_eq!(code.matches("faltkod=\"999\"").count(), 1);
    assert!(
        code.contains("<RedovisningsPeriod faltkod=\"999\">202609<"),
        "{code}"
    );
    let dates = rewritten(SourceId::Agi, Variant::WrongDateFormat, AGI_ANSWER);
    assert!(dates.contains("<Inkommen>26.09.2026</Inkommen>"), "{dates}");
    assert!(
        super::rewrite::rewrite(
            SourceId::Agi,
            Variant::ProtectedWithoutMarker,
            AGI_ANSWER.as_bytes()
        )
        .is_none()
    );
}

#[test]
fn kronofogden_answers_are_rewritten_in_their_json() {
    let value = |text: &str| serde_json::from_str::<serde_json::Value>(text).unwrap();
    let foreign = value(&rewritten(
        SourceId::Kfm,
        Variant::WrongNamespace,
        KFM_ANSWER,
    ));
    assert!(foreign.get("skulder").is_none());
    assert_eq!(foreign["debts"], value(KFM_ANSWER)["skulder"]);
    let missing = value(&rewritten(
        SourceId::Kfm,
        Variant::MissingRequiredField,
        KFM_ANSWER,
    ));
    assert!(missing["skulder"][0].get("belopp").is_none());
    assert!(missing["skulder"][1].get("belopp").is_some());
    let code = value(&rewritten(
        SourceId::Kfm,
        Variant::CodeOutsideKodverk,
        KFM_ANSWER,
    ));
    assert_eq!(code["skulder"][0]["skuldtyp"], "ZZ");
    assert_eq!(code["skulder"][1]["skuldtyp"], "ZZ");
    let dates = value(&rewritten(
        SourceId::Kfm,
        Variant::WrongDateFormat,
        KFM_ANSWER,
    ));
    assert_eq!(dates["skulder"][0]["registrerad"], "03.09.2025");
    // An answer without debts has no debt to break.
    let unknown = r#"{"personnummer":"194705193748","kand":false}"#;
    assert!(
        super::rewrite::rewrite(
            SourceId::Kfm,
            Variant::MissingRequiredField,
            unknown.as_bytes()
        )
        .is_none()
    );
}

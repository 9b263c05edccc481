//! Integration tests: the contract fixtures against the embedded specification, deliberately
//! broken answers, and a property test that validation never panics.

// Test code fails loudly by design, and its measurements report on stdout.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::OnceLock;

use base64::Engine as _;
use proptest::prelude::*;
use underlag_domain::{Severity, SourceId, Violation};
use underlag_spec::{Node, Spec};

#[path = "spec/enumerations.rs"]
mod enumerations;

fn spec() -> &'static Spec {
    static SPEC: OnceLock<Spec> = OnceLock::new();
    SPEC.get_or_init(|| Spec::embedded().unwrap())
}

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../contracts/ssbtek-v10/fixtures")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

/// The `ssbt:data` element of a composite SSBTEK answer.
fn data_element<'a, 'i>(doc: &'a roxmltree::Document<'i>) -> roxmltree::Node<'a, 'i> {
    doc.descendants()
        .find(|n| n.is_element() && n.tag_name().name() == "data")
        .unwrap()
}

fn child_text(node: roxmltree::Node<'_, '_>, name: &str) -> String {
    let child = node
        .children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
        .unwrap();
    child
        .descendants()
        .filter(|d| d.is_text())
        .filter_map(|d| d.text())
        .collect()
}

fn xml_root(text: &str) -> Node {
    let doc = roxmltree::Document::parse(text).unwrap();
    Node::from_xml(doc.root_element())
}

/// The message root of a source, extracted from a composite answer the way a client does it.
fn message_root(source: SourceId, composite: &str) -> Node {
    let doc = roxmltree::Document::parse(composite).unwrap();
    let data = data_element(&doc);
    let b64 = base64::engine::general_purpose::STANDARD;
    match source {
        SourceId::Fk => {
            let json = b64.decode(child_text(data, "lefiJsonSvar").trim()).unwrap();
            Node::from_json(
                "LefiExternFormansinformationSvar",
                &serde_json::from_slice(&json).unwrap(),
            )
        }
        SourceId::Csn => {
            let xml = b64.decode(child_text(data, "svar").trim()).unwrap();
            xml_root(std::str::from_utf8(&xml).unwrap())
        }
        SourceId::Skv => xml_root(child_text(data, "svar").trim()),
        _ => Node::from_xml(data),
    }
}

fn fixture_root(source: SourceId) -> Node {
    let own = |name: &str| {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../spec/fixtures")
            .join(name);
        std::fs::read_to_string(path).unwrap()
    };
    match source {
        SourceId::Agi => return xml_root(&own("agi-answer.xml")),
        SourceId::Kfm => {
            let value: serde_json::Value = serde_json::from_str(&own("kfm-answer.json")).unwrap();
            return Node::from_json("Galdenarsuppgifter", &value);
        }
        _ => {}
    }
    message_root(source, &fixture(&format!("{}-response.xml", source.slug())))
}

fn errors(violations: &[Violation]) -> Vec<&Violation> {
    violations
        .iter()
        .filter(|v| v.severity == Severity::Error)
        .collect()
}

fn rules(violations: &[Violation]) -> BTreeSet<(String, String)> {
    violations
        .iter()
        .map(|v| (v.rule.clone(), v.path.clone()))
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    items
        .iter()
        .map(|(r, p)| ((*r).to_owned(), (*p).to_owned()))
        .collect()
}

/// No message may carry the fixtures' identity numbers or names.
fn assert_no_personal_data(violations: &[Violation]) {
    for v in violations {
        for secret in ["199001011234", "9001011234", "Tolvan", "Berit", "Berg"] {
            assert!(!v.message.contains(secret), "{v:?}");
        }
    }
}

#[test]
fn every_fixture_has_no_errors() {
    for source in SourceId::ALL {
        let violations = spec().validate(source, &fixture_root(source));
        assert!(errors(&violations).is_empty(), "{source}: {violations:#?}");
        assert_no_personal_data(&violations);
    }
}

#[test]
fn af_fixture_gives_the_known_warnings() {
    let violations = spec().validate(SourceId::Af, &fixture_root(SourceId::Af));
    let expected = pairs(&[
        ("AF-001", "Fraga"),
        ("AF-017", "Svar/LagParagraf"),
        ("AF-018", "Svar/IdentitetsbeteckningFysiskPerson"),
        ("AF-028", "Svar/ArbetssokandeInfo/AktivetetsRapportDatum"),
    ]);
    assert_eq!(rules(&violations), expected, "{violations:#?}");
}

#[test]
fn so_fixture_gives_the_known_warnings() {
    let violations = spec().validate(SourceId::So, &fixture_root(SourceId::So));
    let expected = pairs(&[
        ("SO-007", "Syfte"),
        ("SO-008", "Paragraf"),
        ("SO-011", "IdentificationNumber"),
    ]);
    assert_eq!(rules(&violations), expected, "{violations:#?}");
}

#[test]
fn other_fixtures_give_only_identity_and_status_warnings() {
    let skv = spec().validate(SourceId::Skv, &fixture_root(SourceId::Skv));
    let p = "PersonuppgiftLista/Personuppgift";
    // The fixture's status 999 is in the kodverk (documented by the fixture itself).
    let expected = [("SKV-003", format!("{p}/IdentitetsbeteckningFysiskPerson"))];
    let expected: BTreeSet<_> = expected
        .into_iter()
        .map(|(r, p)| (r.to_owned(), p))
        .collect();
    assert_eq!(rules(&skv), expected, "{skv:#?}");
    assert_eq!(
        rules(&spec().validate(SourceId::Csn, &fixture_root(SourceId::Csn))),
        pairs(&[("CSN-006", "Personer/Person/@personnummer")])
    );
    assert_eq!(
        rules(&spec().validate(SourceId::Miv, &fixture_root(SourceId::Miv))),
        pairs(&[("MIV-008", "response/personnummer")])
    );
    assert!(
        spec()
            .validate(SourceId::Tns, &fixture_root(SourceId::Tns))
            .is_empty()
    );
    assert!(
        spec()
            .validate(SourceId::Fk, &fixture_root(SourceId::Fk))
            .is_empty()
    );
}

fn broken(source: SourceId, from: &str, to: &str) -> Vec<Violation> {
    let text = fixture(&format!("{}-response.xml", source.slug()));
    assert!(text.contains(from), "{from}");
    spec().validate(source, &message_root(source, &text.replacen(from, to, 1)))
}

fn assert_error(violations: &[Violation], rule: &str, path: &str) {
    let found = violations.iter().find(|v| v.rule == rule && v.path == path);
    assert!(
        found.is_some_and(|v| v.severity == Severity::Error),
        "{rule} {path}: {violations:#?}"
    );
    assert_no_personal_data(violations);
}

#[test]
fn broken_amount_is_an_error() {
    let v = broken(
        SourceId::So,
        "<in:NettoEfterSkatt>1250.50<",
        "<in:NettoEfterSkatt>12x<",
    );
    assert_error(
        &v,
        "SO-017",
        "ArbetsloshetsersattningLista/Arbetsloshetsersattning/Utbetalningar/NettoEfterSkatt",
    );
    let v = broken(
        SourceId::Skv,
        "<besko:OverskottPaKapital>666<",
        "<besko:OverskottPaKapital>6,6,6<",
    );
    assert_error(
        &v,
        "SKV-011",
        "PersonuppgiftLista/Personuppgift/Kapitaluppgift/OverskottPaKapital",
    );
}

#[test]
fn missing_or_malformed_identity_is_an_error() {
    let v = broken(
        SourceId::So,
        "<in:IdentificationNumber>199001011234</in:IdentificationNumber>",
        "",
    );
    assert_error(&v, "SO-011", "IdentificationNumber");
    let v = broken(SourceId::Af, ">199001011234<", ">19900101123X<");
    assert_error(&v, "AF-018", "Svar/IdentitetsbeteckningFysiskPerson");
    let v = broken(SourceId::Af, ">199001011234<", "><");
    assert_error(&v, "AF-018", "Svar/IdentitetsbeteckningFysiskPerson");
    let v = broken(SourceId::Miv, ">199001011234<", ">199013011234<");
    assert_error(&v, "MIV-008", "response/personnummer");
}

#[test]
fn broken_date_and_protection_flag_are_errors() {
    let v = broken(SourceId::Af, "2016-11-18+01:00", "18/11/2016");
    assert_error(
        &v,
        "AF-025",
        "Svar/ArbetssokandeInfo/ArbetssokandeRegistrerad",
    );
    let v = broken(
        SourceId::Af,
        "<er:Sekretessmarkering>false<",
        "<er:Sekretessmarkering>kanske<",
    );
    assert_error(&v, "AF-021", "Svar/Sekretessmarkering");
    let v = broken(SourceId::Miv, "1998-05-12+02:00", "1998-05-32");
    assert_error(&v, "MIV-016", "response/svarCollection/svar/beslutsdatum");
}

#[test]
fn unknown_tns_result_is_an_error() {
    let v = broken(SourceId::Tns, "<tns:resultat>OK<", "<tns:resultat>KANSKE<");
    assert_error(&v, "TNS-001", "resultat");
    let v = broken(SourceId::Tns, "<tns:resultat>OK</tns:resultat>", "");
    assert_error(&v, "TNS-001", "resultat");
}

#[test]
fn repeated_elements_get_indexed_paths() {
    let v = broken(
        SourceId::Tns,
        "<fordon:fordonsar>2001<",
        "<fordon:fordonsar>tvåtusenett<",
    );
    assert_error(&v, "TNS-005", "fordonsinnehav/fordon[2]/fordonsar");
    let v = broken(
        SourceId::Tns,
        "<fordon:fordonsslag>MOTORCYKEL<",
        "<fordon:fordonsslag>RYMDSKEPP<",
    );
    let w = v.iter().find(|v| v.rule == "TNS-006").unwrap();
    assert_eq!(
        (w.severity, w.path.as_str()),
        (Severity::Warning, "fordonsinnehav/fordon[2]/fordonsslag")
    );
}

#[test]
fn presence_is_only_checked_under_an_existing_parent() {
    let root = xml_root(
        "<SvarMeddelande><Svar><IdentitetsbeteckningFysiskPerson>199001012385</IdentitetsbeteckningFysiskPerson>\
         <BeslutInfo><EkonomiskaBeslut><Beslut><ErsattningTyp>A</ErsattningTyp><Omfattning>100</Omfattning>\
         <BeslutFrom>2024-01-01</BeslutFrom><BeslutTom>2024-12-31</BeslutTom></Beslut><Beslut><ErsattningTyp>B</ErsattningTyp>\
         <Omfattning>50</Omfattning><BeslutFrom>2024-13-01</BeslutFrom></Beslut></EkonomiskaBeslut></BeslutInfo>\
         <StatusSokandeinformationKod>0</StatusSokandeinformationKod></Svar></SvarMeddelande>",
    );
    let v = spec().validate(SourceId::Af, &root);
    let beslut = "Svar/BeslutInfo/EkonomiskaBeslut/Beslut[2]";
    assert_error(&v, "AF-035", &format!("{beslut}/BeslutFrom"));
    let tom = v.iter().find(|x| x.rule == "AF-036").unwrap();
    assert_eq!(
        (tom.severity, tom.path.clone()),
        (Severity::Warning, format!("{beslut}/BeslutTom"))
    );
    // No ArbetssokandeInfo, so its required AktivetetsRapportDatum is not reported.
    assert!(!v.iter().any(|x| x.rule == "AF-028"), "{v:#?}");
}

#[test]
fn a_scalar_where_a_group_belongs_is_an_error() {
    let answer =
        serde_json::json!({"utlamnare": [{"utlamnare": {"kod": "FK"}, "tillstand": "KANSKE"}]});
    let v = spec().validate(SourceId::Fk, &Node::from_json("svar", &answer));
    assert_error(&v, "FK-003", "utlamnare/tillstand");
    assert_error(&v, "FK-004", "utlamnare/tillstand/kod");
}

#[test]
fn lefi_json_rules_apply() {
    let answer = serde_json::json!({
        "utlamnare": [{"utlamnare": {"kod": "FK"}, "tillstand": {"kod": "OK"}}],
        "avvikelser": {"utbetalningar": [{"avvikelse": {"kod": "OBEHORIG"}, "formansgrupp": {"kod": "PM:XX"}}]},
        "formansinformation": {
            "generellPersoninformation": [{"personnummer": "199001012385", "skyddad": "kanske"}],
            "bostadsbidragsarende": [{"beslut": [
                {"period": {"fran": "2024-01"}, "beslutatBruttobelopp": {"summa": 1234.5, "valuta": "SEK"}},
                {"period": {"fran": "2024-01-01"}, "beslutatBruttobelopp": {"summa": "12x"}}
            ]}],
            "utbetalningsuppgift": [{"typ": {"id": 1}, "datum": "2024-02-25", "nettobelopp": {"valuta": "SEK"}}]
        },
        "utbetalningar": [{"utbetalningsperiod": {"from": "2024-01-01", "tom": "2024-01-31"}, "bruttobelopp": 12000, "nettobelopp": 9000.5}]
    });
    let v = spec().validate(SourceId::Fk, &Node::from_json("svar", &answer));
    assert_error(
        &v,
        "FK-011",
        "formansinformation/generellPersoninformation/skyddad",
    );
    assert_error(
        &v,
        "FK-029",
        "formansinformation/bostadsbidragsarende/beslut[2]/beslutatBruttobelopp/summa",
    );
    let by_rule = |r: &str| v.iter().filter(|x| x.rule == r).collect::<Vec<_>>();
    assert_eq!(by_rule("FK-006").len(), 1, "{v:#?}");
    assert_eq!(by_rule("FK-006")[0].severity, Severity::Warning);
    let missing_net = by_rule("FK-045");
    assert_eq!(missing_net.len(), 1, "{v:#?}");
    assert_eq!(
        missing_net[0].path,
        "formansinformation/utbetalningsuppgift/nettobelopp/summa"
    );
    assert_eq!(missing_net[0].severity, Severity::Warning);
    assert!(
        !v.iter().any(|x| x.path.starts_with("utbetalningar")),
        "{v:#?}"
    );
}

fn name_strategy() -> impl Strategy<Value = String> {
    let names: Vec<String> = spec()
        .sources()
        .flat_map(|s| {
            s.fields
                .iter()
                .flat_map(|f| f.path.split(['/', '(', ')', '|']))
        })
        .map(|n| n.trim_start_matches('@').to_owned())
        .filter(|n| !n.is_empty())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    prop_oneof![4 => proptest::sample::select(names), 1 => "\\PC{0,6}"]
}

fn text_strategy() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(prop_oneof![
        "\\PC{0,20}",
        "[0-9]{1,14}",
        "[0-9 .,+:-]{0,14}",
        Just("199001012385".to_owned()),
        Just("0".to_owned()),
    ])
}

fn node_strategy() -> impl Strategy<Value = Node> {
    let leaf = (
        name_strategy(),
        text_strategy(),
        proptest::collection::vec((name_strategy(), text_strategy()), 0..2),
    )
        .prop_map(|(name, text, attrs)| Node {
            name,
            namespace: None,
            text,
            attributes: attrs
                .into_iter()
                .map(|(n, v)| (n, v.unwrap_or_default()))
                .collect(),
            children: Vec::new(),
        });
    leaf.prop_recursive(6, 64, 6, |inner| {
        (name_strategy(), proptest::collection::vec(inner, 0..6)).prop_map(|(name, children)| {
            Node {
                name,
                namespace: None,
                text: None,
                attributes: Vec::new(),
                children,
            }
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn validation_never_panics(root in node_strategy()) {
        for source in SourceId::ALL {
            let violations = spec().validate(source, &root);
            for v in &violations {
                prop_assert!(!v.rule.is_empty());
                prop_assert!(!v.message.contains("199001012385"));
            }
        }
    }
}

/// Replaces the text of the `n`-th leaf (in document order, wrapping) with `text`.
fn set_leaf(node: &mut Node, n: &mut usize, text: &str) -> bool {
    if node.children.is_empty() {
        if *n == 0 {
            node.text = Some(text.to_owned());
            return true;
        }
        *n -= 1;
        return false;
    }
    node.children.iter_mut().any(|c| set_leaf(c, n, text))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn mutated_fixtures_never_panic(which in 0usize..7, leaf in 0usize..64, text in "\\PC{0,24}") {
        let source = SourceId::ALL[which];
        let mut root = fixture_root(source);
        let mut n = leaf;
        set_leaf(&mut root, &mut n, &text);
        let _ = spec().validate(source, &root);
    }

    #[test]
    fn identity_and_name_values_are_never_quoted(text in "[0-9]{4,14}|[A-ZÅÄÖ]{5,12}") {
        let root = xml_root(&format!(
            "<SvarMeddelande><Svar><IdentitetsbeteckningFysiskPerson>{text}</IdentitetsbeteckningFysiskPerson>\
             <Fornamn>{text}</Fornamn><Efternamn>{text}</Efternamn></Svar></SvarMeddelande>"
        ));
        for v in spec().validate(SourceId::Af, &root) {
            prop_assert!(!v.message.contains(&text), "{:?}", v);
        }
        let root = xml_root(&format!("<CSNSvar><Personer><Person personnummer=\"{text}\"/></Personer></CSNSvar>"));
        for v in spec().validate(SourceId::Csn, &root) {
            prop_assert!(!v.message.contains(&text), "{:?}", v);
        }
    }
}

/// Mutation survivors (issue 16): a value field holding nested elements is reported as such,
/// and one holding nothing (JSON `null`) as an empty required field, not the other way round.
#[test]
fn a_value_field_with_nested_elements_or_nothing_is_reported_as_such() {
    let message = |kod: serde_json::Value| {
        let answer = serde_json::json!({"utlamnare": [{"utlamnare": {"kod": "FK"}, "tillstand": {"kod": kod}}]});
        let v = spec().validate(SourceId::Fk, &Node::from_json("svar", &answer));
        v.iter()
            .find(|x| x.rule == "FK-004" && x.path == "utlamnare/tillstand/kod")
            .map(|x| x.message.clone())
            .unwrap_or_else(|| panic!("no FK-004: {v:#?}"))
    };
    assert_eq!(
        message(serde_json::json!({"nested": "OK"})),
        "expected a value but found nested elements"
    );
    let empty = message(serde_json::Value::Null);
    assert!(empty.starts_with("required field '"), "{empty}");
    assert!(empty.ends_with("' is empty"), "{empty}");
}

/// Mutation survivor (issue 16): a repeated last element is indexed in the violation's path.
#[test]
fn a_repeated_value_element_gets_an_indexed_path() {
    let answer = serde_json::json!({"utlamnare": [{"utlamnare": {"kod": "FK"}, "tillstand": {"kod": ["OK", {"nested": "OK"}]}}]});
    let v = spec().validate(SourceId::Fk, &Node::from_json("svar", &answer));
    let paths: Vec<&str> = v
        .iter()
        .filter(|x| x.rule == "FK-004")
        .map(|x| x.path.as_str())
        .collect();
    assert_eq!(paths, ["utlamnare/tillstand/kod[2]"], "{v:#?}");
}

/// Mutation survivor (issue 16): an invalid value that is not an identity is quoted in the
/// message (identity-like values never are: `identity_and_name_values_are_never_quoted`).
#[test]
fn an_invalid_code_is_quoted_in_its_message() {
    let v = broken(SourceId::Tns, "<tns:resultat>OK<", "<tns:resultat>KANSKE<");
    let w = v.iter().find(|x| x.rule == "TNS-001").unwrap();
    assert!(w.message.starts_with("value 'KANSKE' "), "{}", w.message);
}

/// Mutation survivors (issue 16): the length and range limits at and past their boundaries.
/// TNS's `regnr` has at most 10 characters; its `fordonsar` lies in 1800..=2200.
#[test]
fn length_and_range_limits_hold_at_their_boundaries() {
    let flagged = |from: &str, to: &str, rule: &str| {
        broken(SourceId::Tns, from, to)
            .iter()
            .any(|v| v.rule == rule)
    };
    for (regnr, over) in [
        ("ABCDEFGHIJ", false),
        ("ABCDEFGHIJK", true),
        ("ABCDEFGHIJKL", true),
    ] {
        let to = format!("<fordon:regnr>{regnr}<");
        assert_eq!(
            flagged("<fordon:regnr>ABC001<", &to, "TNS-003"),
            over,
            "{regnr}"
        );
    }
    for (year, out) in [
        ("1798", true),
        ("1799", true),
        ("1800", false),
        ("2200", false),
        ("2201", true),
        ("2202", true),
    ] {
        let to = format!("<fordon:fordonsar>{year}<");
        assert_eq!(
            flagged("<fordon:fordonsar>2012<", &to, "TNS-005"),
            out,
            "{year}"
        );
    }
}

//! Every enumeration in the contract's schemas (the LEFI OpenAPI and the XSDs) has a kodverk
//! that lists all its values, and the kodverk's provenance counts are what the rendered
//! specification says.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use underlag_spec::Provenance;

use super::spec;

/// Which kodverk holds each contract enumeration (by the schema's type name).
const KODVERK_OF: &[(&str, &[&str])] = &[
    ("LefiFkFormanGruppKod", &["fk-formansgrupp"]),
    ("LefiPmFormanGruppKod", &["pm-formansgrupp"]),
    (
        "LefiExternFormanGruppKod",
        &["fk-formansgrupp", "pm-formansgrupp"],
    ),
    (
        "LefiExternOvrigInformationTypKod",
        &["lefi-ovriginformationstyp"],
    ),
    ("LefiAvvikelseKod", &["lefi-avvikelse"]),
    ("LefiUtlamnareKod", &["lefi-utlamnare"]),
    ("LefiTillstandKod", &["lefi-tillstand"]),
    ("LefiPmFormanBeslutStatusKod", &["pm-beslutsstatus"]),
    ("LefiPmFormanBeslutUtfallKod", &["pm-beslutsutfall"]),
    (
        "LefiPmFormanBeslutatBeloppFrekvensKod",
        &["pm-beloppsfrekvens"],
    ),
    (
        "LefiPmFormanBeslutadErsattningTypKod",
        &["pm-ersattningstyp"],
    ),
    ("LefiPmFormanSamordningTypKod", &["pm-samordningstyp"]),
    ("LefiPmCivilstandKod", &["pm-civilstand"]),
    ("LefiPmFormanUtbetalningAvdragTypKod", &["pm-avdragstyp"]),
    ("LefiPmUtbetalningFormanKod", &["pm-utbetalningsforman"]),
    ("LefiPmFormanUtbetalningBeloppTypKod", &["pm-beloppstyp"]),
    (
        "LefiPmOvrigInformationTypKod",
        &["lefi-ovriginformationstyp"],
    ),
    ("LefiPmLevnadsintygStatusKod", &["pm-levnadsintygstatus"]),
    ("LefiPmPensionKontoTypKod", &["pm-pensionskontotyp"]),
    ("LefiPmPensionKontoHandelseTypKod", &["pm-kontohandelsetyp"]),
    (
        "LefiPmPensionKontoTransaktionTypKod",
        &["pm-transaktionstyp"],
    ),
    ("KallaEnum", &["ssbt-kalla"]),
    ("ResultatTypEnum", &["tns-resultat"]),
    ("giltighetstid", &["miv-giltighetstid"]),
    ("status", &["csn-arendestatus"]),
    ("personstatus", &["csn-personstatus"]),
    ("takt", &["csn-takt"]),
    ("utbetstatus", &["csn-utbetstatus"]),
    ("soktlan", &["csn-soktlan"]),
];

fn schemas_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../contracts/ssbtek-v10/schemas")
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// The enumerations of the LEFI OpenAPI (YAML): a component schema's `enum:` list.
fn openapi_enums(text: &str, out: &mut BTreeMap<String, Vec<String>>) {
    let mut current: Option<String> = None;
    let mut in_enum = false;
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        if indent == 4 && trimmed.ends_with(':') && !trimmed.starts_with('-') {
            current = Some(trimmed.trim_end_matches(':').to_owned());
            in_enum = false;
        } else if indent == 6 && trimmed == "enum:" {
            in_enum = true;
        } else if in_enum && indent == 6 && trimmed.starts_with("- ") {
            let value = trimmed[2..].trim().trim_matches('\'').trim_matches('"');
            if let Some(name) = &current {
                out.entry(name.clone()).or_default().push(value.to_owned());
            }
        } else if indent <= 6 {
            in_enum = false;
        }
    }
}

/// The enumerations of an XSD: each `simpleType` with `enumeration` facets, named by the type
/// or, for an anonymous one, by its element.
fn xsd_enums(text: &str, out: &mut BTreeMap<String, Vec<String>>) {
    let doc = roxmltree::Document::parse(text).unwrap();
    for simple in doc
        .descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == "simpleType")
    {
        let values: Vec<String> = simple
            .descendants()
            .filter(|n| n.is_element() && n.tag_name().name() == "enumeration")
            .filter_map(|n| n.attribute("value"))
            .map(str::to_owned)
            .collect();
        if values.is_empty() {
            continue;
        }
        let name = simple
            .attribute("name")
            .or_else(|| simple.parent_element().and_then(|p| p.attribute("name")))
            .unwrap_or("?");
        let entry = out.entry(name.to_owned()).or_default();
        for value in values {
            if !entry.contains(&value) {
                entry.push(value);
            }
        }
    }
}

/// A schema file's text: UTF-8, or UTF-16 with its byte-order mark (the a-kassa XSD).
fn read_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    let utf16 = |le: bool| {
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16(&units).unwrap()
    };
    match bytes.as_slice() {
        [0xFF, 0xFE, ..] => utf16(true),
        [0xFE, 0xFF, ..] => utf16(false),
        _ => String::from_utf8(bytes).unwrap(),
    }
}

fn contract_enums() -> BTreeMap<String, Vec<String>> {
    let mut paths = Vec::new();
    files(&schemas_dir(), &mut paths);
    let mut out = BTreeMap::new();
    for path in paths {
        let name = path.to_string_lossy().to_string();
        if name.ends_with(".yaml") {
            openapi_enums(&read_text(&path), &mut out);
        } else if name.ends_with(".xsd") {
            let text = read_text(&path);
            // roxmltree reads UTF-8 text; the declaration may still name UTF-16.
            let text = text
                .trim_start_matches('\u{feff}')
                .replacen("UTF-16", "UTF-8", 1);
            xsd_enums(&text, &mut out);
        }
    }
    out
}

#[test]
fn every_contract_enumeration_is_in_a_kodverk() {
    let enums = contract_enums();
    assert!(enums.len() >= 25, "the scan found too few: {enums:?}");
    let mut problems = Vec::new();
    for (name, values) in &enums {
        let Some((_, lists)) = KODVERK_OF.iter().find(|(n, _)| n == name) else {
            problems.push(format!("enumeration {name} has no kodverk"));
            continue;
        };
        for value in values {
            // A blank value (CSN's ten spaces) means "absent"; a kodverk cannot hold it.
            if value.trim().is_empty() {
                continue;
            }
            let known = lists.iter().any(|id| {
                spec()
                    .code_list(id)
                    .unwrap_or_else(|| panic!("kodverk {id} is missing"))
                    .get(value)
                    .is_some()
            });
            if !known {
                problems.push(format!("{name}: {value} is in none of {lists:?}"));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn every_code_states_its_provenance_and_the_rendering_counts_them() {
    let mut counts: BTreeMap<Provenance, usize> = BTreeMap::new();
    for list in spec().code_lists() {
        for code in &list.codes {
            *counts.entry(code.provenance).or_default() += 1;
            assert_eq!(code.inferred, code.provenance == Provenance::Inferred);
        }
    }
    let rendered = spec().render_markdown();
    for (provenance, count) in &counts {
        assert!(
            rendered.contains(&format!("| {} | {count} |", provenance.as_str())),
            "{provenance:?}: {count}"
        );
    }
    println!("kodverk codes by provenance: {counts:?}");
}

/// Each of LEFI's 28 case lists has field rules for its decisions (decision date, amount,
/// period), and the kodverk of case lists names exactly the contract's lists.
#[test]
fn every_lefi_case_list_has_field_rules() {
    let lists = spec().code_list("fk-arendelista").unwrap();
    assert_eq!(lists.codes.len(), 28);
    let openapi = read_text(
        &schemas_dir()
            .join("se/forsakringskassan/schema/lefi/lefi-formansinformation-v9.openapi.yaml"),
    );
    let fk = spec().source(underlag_domain::SourceId::Fk);
    for list in &lists.codes {
        assert!(
            openapi.contains(&format!("        {}:\n", list.code)),
            "{} is not a list of the contract",
            list.code
        );
        for field in [
            "beslut/fattades",
            "beslut/period/(fran|till)",
            "beslut/definitivt",
        ] {
            let covered = fk.fields.iter().any(|f| {
                f.path.contains(&list.code)
                    && f.path.starts_with("formansinformation/")
                    && (f.path.ends_with(field)
                        || (field == "beslut/definitivt"
                            && f.path.ends_with("beslut/(definitivt|karens)")))
            });
            assert!(covered, "{}: no rule for {field}", list.code);
        }
    }
    println!("FK field rules: {}", fk.fields.len());
}

/// A code whose provenance is `schema` is a value of one of the contract's enumerations, or a
/// name the contract's schemas define (a case list, an item of a calculation basis).
#[test]
fn codes_said_to_come_from_the_schema_are_in_the_schema() {
    let enums = contract_enums();
    let mut values: std::collections::BTreeSet<String> = enums
        .values()
        .flatten()
        .map(|v| v.rsplit(':').next().unwrap_or(v).trim().to_owned())
        .collect();
    let openapi = read_text(
        &schemas_dir()
            .join("se/forsakringskassan/schema/lefi/lefi-formansinformation-v9.openapi.yaml"),
    );
    for line in openapi.lines() {
        let trimmed = line.trim();
        if let Some(name) = trimmed.strip_suffix(':')
            && name.chars().all(|c| c.is_ascii_alphanumeric())
        {
            values.insert(name.to_owned());
        }
    }
    let mut strays = Vec::new();
    for list in spec().code_lists() {
        for code in list
            .codes
            .iter()
            .filter(|c| c.provenance == Provenance::Schema)
        {
            let bare = code.code.rsplit(':').next().unwrap_or(&code.code);
            if !values.contains(bare) {
                strays.push(format!("{}: {}", list.id, code.code));
            }
        }
    }
    assert!(strays.is_empty(), "{strays:#?}");
}

//! The LEFI v9 request rules, and the code lists kept equal to the OpenAPI document's enums.

use super::*;
use crate::contract::{LEFI_OPENAPI_PATH, text};

const PNR: &str = "198603052393";

fn person() -> Personnummer {
    Personnummer::parse_canonical(PNR).unwrap()
}

fn encode(value: &Value) -> String {
    base64::engine::general_purpose::STANDARD.encode(value.to_string())
}

fn request(from: &str, tom: &str) -> Value {
    serde_json::json!({
        "personnummer": PNR,
        "period": { "from": from, "tom": tom },
        "utbetalningar": ["FK:AS", "PM:AP"],
        "ovrigInformation": ["FK:GEPI"]
    })
}

fn errors(value: &Value) -> Vec<String> {
    check(&encode(value), &person()).err().unwrap_or_default()
}

#[test]
fn a_valid_request_is_kept_exactly_as_sent() {
    let value = request("2024-11-02", "2026-11-01");
    let checked = check(&encode(&value), &person()).unwrap();
    assert_eq!(checked.json, value);
    assert_eq!(checked.period.days(), 730);
}

#[test]
fn base64_with_line_breaks_and_the_ten_digit_form_are_accepted() {
    let mut value = request("2026-01-01", "2026-06-30");
    value["personnummer"] = Value::from(&PNR[2..]);
    let encoded = encode(&value);
    let wrapped: String = encoded
        .as_bytes()
        .chunks(40)
        .map(|c| String::from_utf8_lossy(c).into_owned() + "\r\n")
        .collect();
    assert!(check(&wrapped, &person()).is_ok());
}

#[test]
fn the_period_may_be_at_most_two_years() {
    assert!(errors(&request("2024-11-02", "2026-11-01")).is_empty());
    let too_long = errors(&request("2024-11-01", "2026-11-01"));
    assert!(
        too_long.iter().any(|e| e.contains("två år")),
        "{too_long:?}"
    );
    let inverted = errors(&request("2026-02-01", "2026-01-01"));
    assert!(inverted.iter().any(|e| e.contains("före")), "{inverted:?}");
    let bad_date = errors(&request("2026-02-30", "2026-03-01"));
    assert!(
        bad_date.iter().any(|e| e.contains("period.from")),
        "{bad_date:?}"
    );
    assert!(!errors(&request("20260101", "2026-03-01")).is_empty());
}

#[test]
fn required_fields_and_the_person_are_checked() {
    let mut value = request("2026-01-01", "2026-06-30");
    value.as_object_mut().unwrap().remove("personnummer");
    value.as_object_mut().unwrap().remove("period");
    let e = errors(&value);
    assert!(e.iter().any(|e| e.contains("personnummer saknas")), "{e:?}");
    assert!(e.iter().any(|e| e.contains("period saknas")), "{e:?}");

    let mut other = request("2026-01-01", "2026-06-30");
    other["personnummer"] = Value::from("199001012385");
    let e = errors(&other);
    assert!(e.iter().any(|e| e.contains("annan person")), "{e:?}");
    assert!(
        !e.iter().any(|e| e.contains("199001012385")),
        "no values echoed"
    );

    let mut letters = request("2026-01-01", "2026-06-30");
    letters["personnummer"] = Value::from("19860305239X");
    assert!(errors(&letters).iter().any(|e| e.contains("siffror")));
}

#[test]
fn group_codes_must_be_known_unique_and_at_least_one() {
    let mut value = request("2026-01-01", "2026-06-30");
    value["formansinformation"] = serde_json::json!(["FK:XX", "PM:AP"]);
    value["beslut"] = serde_json::json!(["PM:EF", "PM:EF"]);
    let e = errors(&value);
    assert!(
        e.iter().any(|e| e.contains("formansinformation[0]")),
        "{e:?}"
    );
    assert!(
        e.iter().any(|e| e.contains("formansinformation[1]")),
        "PM code in an FK list"
    );
    assert!(
        e.iter()
            .any(|e| e.contains("beslut[1]") && e.contains("unika")),
        "{e:?}"
    );

    let none = serde_json::json!({
        "personnummer": PNR, "period": { "from": "2026-01-01", "tom": "2026-02-01" },
        "utbetalningar": []
    });
    assert!(
        errors(&none)
            .iter()
            .any(|e| e.contains("ingen förmånsgrupp"))
    );
}

#[test]
fn unknown_properties_and_non_objects_are_refused() {
    let mut value = request("2026-01-01", "2026-06-30");
    value["utbetalning"] = serde_json::json!(["FK:AS"]);
    assert!(errors(&value).iter().any(|e| e.contains("'utbetalning'")));
    assert!(!check("inte base64!", &person()).unwrap_err().is_empty());
    let array = base64::engine::general_purpose::STANDARD.encode("[1,2]");
    assert!(check(&array, &person()).is_err());
    let latin1 = base64::engine::general_purpose::STANDARD.encode([0x7b, 0xe5, 0x7d]);
    assert!(check(&latin1, &person()).is_err());
}

/// The codes of an `enum:` list of a schema in the OpenAPI document.
fn openapi_enum(schema: &str) -> Vec<String> {
    let text = text(LEFI_OPENAPI_PATH).unwrap();
    let start = text
        .find(&format!("\n    {schema}:\n"))
        .unwrap_or_else(|| panic!("{schema} is in the OpenAPI document"));
    let rest = &text[start..];
    let list = &rest[rest.find("      enum:\n").unwrap() + "      enum:\n".len()..];
    list.lines()
        .map_while(|l| l.strip_prefix("      - "))
        .map(|c| c.trim().to_owned())
        .collect()
}

#[test]
fn the_code_lists_are_the_openapi_documents_enums() {
    let as_vec = |codes: &[&str]| codes.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
    assert_eq!(openapi_enum("LefiFkFormanGruppKod"), as_vec(FK_GROUPS));
    assert_eq!(openapi_enum("LefiPmFormanGruppKod"), as_vec(PM_GROUPS));
    assert_eq!(
        openapi_enum("LefiExternOvrigInformationTypKod"),
        as_vec(OTHER_TYPES)
    );
    let mut extern_groups = as_vec(FK_GROUPS);
    extern_groups.extend(as_vec(PM_GROUPS));
    assert_eq!(openapi_enum("LefiExternFormanGruppKod"), extern_groups);
}

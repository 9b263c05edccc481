//! The document itself: valid OpenAPI 3.1, every `$ref` resolves, every schema is JSON
//! Schema 2020-12, every example validates.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::support::{Document, assert_valid, keys, ref_name, refs, strings};

#[test]
fn the_document_is_openapi_3_1() {
    let doc = Document::load();
    let root = &doc.root;
    assert!(
        root["openapi"].as_str().unwrap().starts_with("3.1."),
        "{}",
        root["openapi"]
    );
    let allowed_top: BTreeSet<String> = [
        "openapi",
        "info",
        "jsonSchemaDialect",
        "servers",
        "paths",
        "webhooks",
        "components",
        "security",
        "tags",
        "externalDocs",
    ]
    .map(String::from)
    .into();
    assert!(keys(root).is_subset(&allowed_top), "{:?}", keys(root));
    assert_eq!(root["info"]["title"], "Underlag");
    assert_eq!(root["info"]["version"], "1.0.0");
    assert_eq!(root["info"]["license"]["identifier"], "EUPL-1.2");
    assert!(
        root["info"]["description"]
            .as_str()
            .unwrap()
            .contains("never read as no income")
    );
    assert_eq!(root["servers"][0]["url"], "/");
    assert_eq!(root["servers"].as_array().unwrap().len(), 1);

    let mut operations = BTreeSet::new();
    let mut operation_ids = BTreeSet::new();
    for (path, item) in root["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            operations.insert(format!("{} {path}", method.to_uppercase()));
            let id = operation["operationId"].as_str().expect("an operationId");
            assert!(operation_ids.insert(id.to_owned()), "duplicate {id}");
            let responses = operation["responses"].as_object().expect("responses");
            for (status, response) in responses {
                assert!(
                    status.len() == 3 && status.parse::<u16>().is_ok(),
                    "{path}: {status}"
                );
                assert!(response["description"].is_string(), "{path} {status}");
                for (media, content) in response["content"].as_object().unwrap() {
                    assert!(media.contains('/'), "{media}");
                    assert!(content["schema"].is_object(), "{path} {status} {media}");
                }
            }
        }
    }
    let expected: BTreeSet<String> = [
        "POST /api/v1/queries",
        "PUT /api/v1/cases/{case_id}/household",
        "GET /api/v1/cases/{case_id}",
        "POST /api/v1/norm/calculations",
        "GET /api/v1/norm/calculations/{id}",
        "POST /api/v1/norm/decisions",
        "POST /api/v1/applications/{application_id}/events",
        "GET /api/v1/applications/{application_id}/events",
        "GET /api/v1/sources",
        "GET /api/v1/openapi.json",
        "GET /api/v1/spec",
        "GET /health",
        "GET /health/live",
        "GET /health/ready",
    ]
    .map(String::from)
    .into();
    assert_eq!(operations, expected);
    let query_responses = keys(&doc.operation("/api/v1/queries", "post")["responses"]);
    assert_eq!(
        query_responses,
        ["200", "400", "403", "408", "413", "415", "503", "504"]
            .map(String::from)
            .into()
    );
}

#[test]
fn every_ref_resolves_and_every_component_is_used() {
    let doc = Document::load();
    let mut all = Vec::new();
    refs(&doc.root, &mut all);
    assert!(!all.is_empty());
    for reference in &all {
        let pointer = reference
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("{reference} is not local"));
        assert!(
            doc.root.pointer(pointer).is_some(),
            "{reference} does not resolve"
        );
    }
    let used: BTreeSet<String> = all.iter().map(|r| ref_name(r).to_owned()).collect();
    let declared: BTreeSet<String> = doc.schemas().keys().cloned().collect();
    let unused: Vec<_> = declared.difference(&used).collect();
    assert!(unused.is_empty(), "components never referenced: {unused:?}");
}

#[test]
fn every_schema_is_json_schema_2020_12() {
    let doc = Document::load();
    for (name, schema) in doc.schemas() {
        jsonschema::draft202012::meta::validate(schema)
            .unwrap_or_else(|e| panic!("{name} is not a valid JSON Schema: {e}"));
        doc.component(name);
        if schema["type"] == "object" && schema.get("properties").is_some() {
            assert_eq!(
                schema["additionalProperties"], false,
                "{name} should be closed"
            );
            for required in strings(schema.get("required").unwrap_or(&json!([]))) {
                assert!(
                    schema["properties"].get(&required).is_some(),
                    "{name}: required {required} is not a property"
                );
            }
        }
    }
}

/// Every example in the document, at the media-type level and inside schemas, is valid.
#[test]
fn every_example_validates() {
    let doc = Document::load();
    let mut checked = 0;
    for (path, item) in doc.root["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let mut contents: Vec<&Value> = vec![&operation["requestBody"]["content"]];
            for response in operation["responses"].as_object().unwrap().values() {
                contents.push(&response["content"]);
            }
            for content in contents.into_iter().filter_map(Value::as_object) {
                for (media, declared) in content {
                    let validator = doc.validator(&declared["schema"]);
                    for (name, example) in declared
                        .get("examples")
                        .and_then(Value::as_object)
                        .into_iter()
                        .flatten()
                    {
                        assert_valid(
                            &validator,
                            &example["value"],
                            &format!("example {name} of {method} {path} {media}"),
                        );
                        checked += 1;
                    }
                }
            }
        }
    }
    fn schema_examples(doc: &Document, schema: &Value, at: &str, checked: &mut usize) {
        match schema {
            Value::Object(map) => {
                if let Some(Value::Array(examples)) = map.get("examples") {
                    let validator = doc.validator(schema);
                    for example in examples {
                        assert_valid(&validator, example, &format!("example at {at}"));
                        *checked += 1;
                    }
                }
                for (key, value) in map {
                    if key != "examples" {
                        schema_examples(doc, value, &format!("{at}/{key}"), checked);
                    }
                }
            }
            Value::Array(items) => items
                .iter()
                .for_each(|v| schema_examples(doc, v, at, checked)),
            _ => {}
        }
    }
    schema_examples(
        &doc,
        &doc.root["components"]["schemas"],
        "#/components/schemas",
        &mut checked,
    );
    assert!(checked > 30, "only {checked} examples");
}

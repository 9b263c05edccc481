//! The README's felkod table and refusal list, and the OpenAPI document's problem types,
//! statuses and examples, say what the catalogue says: every code they name exists, and
//! every felkod of the catalogue has its row in the README.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;
use underlag_catalogue::{Code, Felkod, PROBLEM_TYPE_PREFIX, Placement, placeholders};

fn workspace_file(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn readme() -> String {
    workspace_file("README.md")
}

fn openapi_text() -> String {
    workspace_file("openapi/underlag-v1.json")
}

fn openapi() -> Value {
    serde_json::from_str(&openapi_text()).expect("the OpenAPI document is JSON")
}

/// Every `prefix` in `text` with the characters after it that `allowed` accepts, and the
/// character that ends them.
fn tokens_after<'t>(
    text: &'t str,
    prefix: &str,
    allowed: fn(char) -> bool,
) -> Vec<(&'t str, Option<char>)> {
    text.match_indices(prefix)
        .map(|(at, _)| {
            let rest = &text[at + prefix.len()..];
            let end = rest.find(|c: char| !allowed(c)).unwrap_or(rest.len());
            (&rest[..end], rest[end..].chars().next())
        })
        .collect()
}

fn problem_name_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-'
}

/// The problem types a text names in full (`urn:underlag:problem:not-found`) or by the
/// OpenAPI document's abbreviation (`` `…:not-found` ``); a pattern such as
/// `refused-<reason>` or `refused-[a-z_]+` is not a type.
fn problem_types(text: &str) -> BTreeSet<String> {
    let full = tokens_after(text, PROBLEM_TYPE_PREFIX, problem_name_char);
    let short = tokens_after(text, "`…:", problem_name_char);
    full.into_iter()
        .chain(short)
        .filter(|(name, next)| !name.is_empty() && !matches!(next, Some('<' | '[')))
        .map(|(name, _)| format!("{PROBLEM_TYPE_PREFIX}{name}"))
        .collect()
}

/// The felkoder a text names (`SSBT-006`, `SSBT-SKYDD`).
fn felkoder(text: &str) -> BTreeSet<String> {
    tokens_after(text, "SSBT-", |c| {
        c.is_ascii_uppercase() || c.is_ascii_digit()
    })
    .into_iter()
    .filter(|(code, _)| !code.is_empty())
    .map(|(code, _)| format!("SSBT-{code}"))
    .collect()
}

fn refusal_reasons() -> BTreeSet<&'static str> {
    Code::ALL
        .iter()
        .filter_map(|c| c.refusal_reason())
        .collect()
}

/// The backticked words of a text.
fn backticked(text: &str) -> BTreeSet<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

#[test]
fn every_felkod_and_problem_type_in_the_readme_is_in_the_catalogue() {
    let readme = readme();
    for felkod in felkoder(&readme) {
        assert!(
            felkod.parse::<Felkod>().is_ok(),
            "README names {felkod}, which is not in the catalogue"
        );
    }
    for problem_type in problem_types(&readme) {
        assert!(
            Code::for_problem_type(&problem_type).is_some(),
            "README names {problem_type}, which is not in the catalogue"
        );
    }
}

#[test]
fn every_felkod_of_the_catalogue_has_its_row_in_the_readme_table() {
    let readme = readme();
    for felkod in Code::ALL.iter().filter_map(|c| c.felkod()) {
        let start = format!("| `{}` |", felkod.code());
        let rows: Vec<&str> = readme.lines().filter(|l| l.starts_with(&start)).collect();
        assert_eq!(rows.len(), 1, "README's felkod table: one row for {felkod}");
        let columns: Vec<&str> = rows[0].split(" | ").collect();
        let (place, sender) = (columns[1], columns[2]);
        match felkod.placement() {
            Placement::Fault(faultcode) => {
                assert_eq!(place, "Fault", "{felkod}");
                assert!(
                    sender.contains(&format!("`{}`", faultcode.qname())),
                    "{felkod}: README says {sender}, the catalogue {faultcode}"
                );
            }
            Placement::ProviderError => {
                assert!(place.ends_with("`error`"), "{felkod}: {place}");
                assert_eq!(sender, "`SSBT`", "{felkod}");
            }
        }
    }
}

#[test]
fn the_readme_lists_every_refusal_reason() {
    let readme = readme();
    let lines: Vec<&str> = readme.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("`urn:underlag:problem:refused-<reason>`"))
        .expect("README explains refused-<reason>");
    let listed = backticked(lines[at + 1]);
    assert_eq!(
        listed,
        refusal_reasons(),
        "README's list of refusal reasons"
    );
}

#[test]
fn every_felkod_and_problem_type_in_the_openapi_document_is_in_the_catalogue() {
    let text = openapi_text();
    for felkod in felkoder(&text) {
        assert!(felkod.parse::<Felkod>().is_ok(), "OpenAPI names {felkod}");
    }
    let named = problem_types(&text);
    assert!(named.len() > 5, "{named:?}");
    for problem_type in named {
        assert!(
            Code::for_problem_type(&problem_type).is_some(),
            "the OpenAPI document names {problem_type}, which is not in the catalogue"
        );
    }
}

#[test]
fn the_problem_schema_names_every_rest_code_with_its_status() {
    let doc = openapi();
    let description = doc["components"]["schemas"]["Problem"]["properties"]["type"]["description"]
        .as_str()
        .expect("Problem.type has a description");
    for code in Code::ALL.iter().filter(|c| c.refusal_reason().is_none()) {
        let (Some(problem_type), Some(status)) = (code.problem_type(), code.status()) else {
            continue;
        };
        let full = format!("`{problem_type}` ({status}");
        let short = format!("`…:{}` ({status}", code.name());
        assert!(
            description.contains(&full) || description.contains(&short),
            "Problem.type's description lacks {problem_type} ({status})"
        );
    }
    assert!(description.contains("`…:refused-<reason>` (403"));
}

/// Every `application/problem+json` answer the document lists: (path, status, content).
fn problem_responses(doc: &Value) -> Vec<(String, u16, &Value)> {
    let mut found = Vec::new();
    let paths = doc["paths"].as_object().expect("paths");
    for (path, operations) in paths {
        for (method, operation) in operations.as_object().into_iter().flatten() {
            let responses = operation["responses"].as_object().into_iter().flatten();
            for (status, response) in responses {
                let Some(content) = response["content"].get("application/problem+json") else {
                    continue;
                };
                let status: u16 = status.parse().expect("a numeric status");
                found.push((format!("{method} {path}"), status, content));
            }
        }
    }
    found
}

#[test]
fn every_documented_problem_has_the_catalogue_status_and_texts() {
    let doc = openapi();
    let responses = problem_responses(&doc);
    assert!(responses.len() > 10, "{}", responses.len());
    for (operation, status, content) in responses {
        let at = format!("{operation} {status}");
        let schema_type = &content["schema"]["properties"]["type"];
        let mut types: Vec<&str> = schema_type["const"].as_str().into_iter().collect();
        types.extend(
            schema_type["enum"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str),
        );
        let refusals = schema_type["pattern"]
            .as_str()
            .map(|p| p.contains(":refused-"));
        assert!(
            !types.is_empty() || refusals == Some(true),
            "{at}: no problem type"
        );
        if refusals == Some(true) {
            assert_eq!(status, 403, "{at}: refusals are 403");
        }
        for problem_type in &types {
            let code = Code::for_problem_type(problem_type)
                .unwrap_or_else(|| panic!("{at}: {problem_type} is not in the catalogue"));
            assert_eq!(code.status(), Some(status), "{at}: {problem_type}");
        }
        let examples = content["examples"].as_object().into_iter().flatten();
        for (name, example) in examples {
            let value = &example["value"];
            let problem_type = value["type"].as_str().expect("an example's type");
            let code = Code::for_problem_type(problem_type)
                .unwrap_or_else(|| panic!("{at} {name}: {problem_type} is not in the catalogue"));
            assert_eq!(code.status(), Some(status), "{at} {name}");
            assert_eq!(value["status"], status, "{at} {name}");
            assert_eq!(value["title"], code.title_sv(), "{at} {name}");
            if refusals == Some(true) {
                assert!(code.refusal_reason().is_some(), "{at} {name}");
            } else {
                assert!(types.contains(&problem_type), "{at} {name}: {problem_type}");
            }
            if placeholders(code.detail_en()).is_empty() {
                assert_eq!(value["detail"], code.detail_en(), "{at} {name}");
            }
        }
    }
}

#[test]
fn every_table_of_refusal_reasons_in_the_openapi_document_is_complete() {
    let doc = openapi();
    let mut tables = 0;
    for (operation, status, _) in problem_responses(&doc) {
        let (method, path) = operation.split_once(' ').expect("method and path");
        let description =
            doc["paths"][path][method]["responses"][status.to_string()]["description"]
                .as_str()
                .unwrap_or_default();
        let Some((_, table)) = description.split_once("| reason | field |") else {
            continue;
        };
        tables += 1;
        let reasons: BTreeSet<&str> = table
            .lines()
            .filter_map(|row| row.strip_prefix("| `"))
            .filter_map(|row| row.split('`').next())
            .collect();
        assert_eq!(reasons, refusal_reasons(), "{operation} {status}");
    }
    assert!(tables > 0, "no table of refusal reasons");
}

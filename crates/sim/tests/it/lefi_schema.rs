//! Every LEFI answer the simulator sends, checked key by key against the schemas of the
//! LEFI v9 OpenAPI (`lefi-v9-schemas.json`: `components.schemas` of
//! `lefi-formansinformation-v9.openapi.yaml`, converted to JSON with descriptions and
//! examples left out): no key the schema does not have, every type, enum, required key and
//! the patterns the schemas use. All 28 case lists are sent for some person.

use std::collections::BTreeSet;

use serde_json::Value;
use underlag_domain::{Period, SourceId};
use underlag_sim::population::FkBenefit;
use underlag_sim::{Population, StoryKind};

use crate::common::{ask, start, two_years};

const SCHEMAS: &str = include_str!("lefi-v9-schemas.json");

/// Checks `value` against the schema `schema`; appends one line per violation.
fn check(all: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap_or_default();
        let target = &all["schemas"][name];
        assert!(!target.is_null(), "unknown schema {name}");
        return check(all, target, value, at, errors);
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
        && !allowed.contains(value)
    {
        errors.push(format!("{at}: {value} is not in the enum"));
    }
    let ty = schema.get("type").and_then(Value::as_str).unwrap_or(
        if schema.get("properties").is_some() {
            "object"
        } else {
            ""
        },
    );
    match ty {
        "object" => {
            let Some(obj) = value.as_object() else {
                errors.push(format!("{at}: not an object"));
                return;
            };
            let props = schema.get("properties").and_then(Value::as_object);
            for (k, v) in obj {
                match props.and_then(|p| p.get(k)) {
                    Some(s) => check(all, s, v, &format!("{at}.{k}"), errors),
                    None if props.is_some() => errors.push(format!("{at}.{k}: not in the schema")),
                    None => {}
                }
            }
            for r in schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                if !obj.contains_key(r) {
                    errors.push(format!("{at}.{r}: required, missing"));
                }
            }
        }
        "array" => {
            let Some(items) = value.as_array() else {
                errors.push(format!("{at}: not an array"));
                return;
            };
            for (i, item) in items.iter().enumerate() {
                check(all, &schema["items"], item, &format!("{at}[{i}]"), errors);
            }
        }
        "string" => {
            let Some(s) = value.as_str() else {
                errors.push(format!("{at}: not a string"));
                return;
            };
            if schema.get("format").and_then(Value::as_str) == Some("date")
                && s.parse::<jiff::civil::Date>().is_err()
            {
                errors.push(format!("{at}: not a date"));
            }
            if let Some(p) = schema.get("pattern").and_then(Value::as_str)
                && !matches_pattern(p, s)
            {
                errors.push(format!("{at}: does not match {p}"));
            }
        }
        "integer" if !(value.is_i64() || value.is_u64()) => {
            errors.push(format!("{at}: not an integer"));
        }
        "number" if !value.is_number() => errors.push(format!("{at}: not a number")),
        "boolean" if !value.is_boolean() => errors.push(format!("{at}: not a boolean")),
        _ => {}
    }
}

/// The patterns the LEFI schemas use, by their text.
fn matches_pattern(pattern: &str, s: &str) -> bool {
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    match pattern {
        "^([0-9]{2})?([0-9]{10})$" => (s.len() == 10 || s.len() == 12) && digits(s),
        "^[0-9]{4}$" => s.len() == 4 && digits(s),
        "^[0-9]{4}-[0-9]{2}$" | "^[0-9]{4}-(0[1-9]|1[0-2])$" => {
            s.len() == 7
                && digits(&s[..4])
                && &s[4..5] == "-"
                && s[5..].parse::<u8>().is_ok_and(|m| (1..=12).contains(&m))
        }
        _ => true,
    }
}

/// A question for every FK and PM group, over the two years up to the reference date.
fn every_group(pnr: &str, p: &Period) -> String {
    let fk: BTreeSet<&str> = FkBenefit::ALL.iter().map(|b| b.group_code()).collect();
    let fk: Vec<&str> = fk.into_iter().collect();
    let pm = ["PM:AP", "PM:BTI", "PM:EF"];
    let all: Vec<&str> = fk.iter().chain(pm.iter()).copied().collect();
    serde_json::json!({
        "personnummer": pnr,
        "period": { "from": p.from().to_string(), "tom": p.to().to_string() },
        "formansinformation": fk,
        "ansprak": pm,
        "beslut": pm,
        "preliminaraUtbetalningar": all,
        "utbetalningar": all,
        "ovrigInformation": ["FK:GEPI"]
    })
    .to_string()
}

/// Persons covering every case list and every FK shape, plus a sample of each story.
fn sample(pop: &Population) -> Vec<&underlag_sim::SyntheticPerson> {
    let mut chosen: Vec<&underlag_sim::SyntheticPerson> = Vec::new();
    let with_case = |b: FkBenefit| {
        pop.persons().iter().find(move |p| {
            p.fk.as_ref()
                .is_some_and(|f| f.cases.iter().any(|c| c.benefit == b))
        })
    };
    let candidates = FkBenefit::ALL.into_iter().filter_map(with_case).chain(
        StoryKind::ALL.into_iter().flat_map(|k| {
            let shape = matches!(
                k,
                StoryKind::LefiDeviation | StoryKind::MonthOnlyPaymentDate
            );
            pop.with_story(k).take(if shape { 100 } else { 6 })
        }),
    );
    for p in candidates {
        if !chosen.iter().any(|c| c.personnummer == p.personnummer) {
            chosen.push(p);
        }
    }
    chosen
}

#[tokio::test]
async fn every_lefi_answer_follows_the_openapi_and_all_28_lists_are_sent() {
    let sim = start().await;
    let pop = sim.population().clone();
    let all: Value = serde_json::from_str(SCHEMAS).unwrap();
    let svar_schema = &all["schemas"]["LefiExternFormansinformationSvar"];
    // Two years less a day, reaching two months past the reference date (preliminary
    // payments).
    let end = pop
        .reference_date()
        .saturating_add(jiff::Span::new().months(2));
    let period = Period::new(two_years(end).from(), end).unwrap();
    let mut lists = BTreeSet::new();
    let mut errors = Vec::new();
    let mut shapes = BTreeSet::new();
    for person in sample(&pop) {
        let body = every_group(person.personnummer.expose(), &period);
        let resp = ask(&sim, SourceId::Fk, body).await.unwrap();
        assert_eq!(resp.status(), 200);
        let body: Value = resp.json().await.unwrap();
        check(&all, svar_schema, &body, "svar", &mut errors);
        if let Some(fi) = body["formansinformation"].as_object() {
            for (k, v) in fi {
                let case_list = k.ends_with("arende")
                    || k.starts_with("underhallsstod")
                    || k == "mottagareavbarnbidrag";
                if case_list && v.as_array().is_some_and(|a| !a.is_empty()) {
                    lists.insert(k.clone());
                }
            }
            for u in fi
                .get("utbetalningsuppgift")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if u["typ"]["id"] == 3 {
                    shapes.insert("retro");
                }
            }
            for u in fi
                .get("preliminarautbetalningar")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if u["datum"].as_str().is_some_and(|d| d.len() == 7) {
                    shapes.insert("yyyy-mm");
                }
            }
        }
        if body["avvikelser"]["formansinformation"]
            .as_array()
            .is_some_and(|a| !a.is_empty())
        {
            shapes.insert("avvikelser");
        }
        if body["utlamnare"]
            .as_array()
            .is_some_and(|u| u.iter().any(|x| x["tillstand"]["kod"] != "OK"))
        {
            shapes.insert("tillstand");
        }
        if body["ansprak"].as_array().is_some_and(|a| !a.is_empty()) {
            shapes.insert("ansprak");
        }
    }
    assert!(
        errors.is_empty(),
        "{} violations: {:#?}",
        errors.len(),
        &errors[..errors.len().min(30)]
    );
    assert_eq!(lists.len(), 28, "case lists sent: {lists:?}");
    for shape in ["retro", "yyyy-mm", "avvikelser", "tillstand", "ansprak"] {
        assert!(shapes.contains(shape), "no answer had {shape}: {shapes:?}");
    }
    sim.shutdown().await;
}

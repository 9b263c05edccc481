//! The checked-in document, validators over its schemas, and the JSON and request helpers
//! the OpenAPI tests share.

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use jsonschema::Validator;
use serde_json::{Value, json};
use underlag_api::OPENAPI_DOCUMENT;
use underlag_test_support::Reply;

pub(crate) struct Document {
    pub(crate) root: Value,
}

impl Document {
    pub(crate) fn load() -> Self {
        let root = serde_json::from_str(OPENAPI_DOCUMENT)
            .unwrap_or_else(|e| panic!("the OpenAPI document is not valid JSON: {e}"));
        Self { root }
    }

    pub(crate) fn schemas(&self) -> &serde_json::Map<String, Value> {
        self.root["components"]["schemas"]
            .as_object()
            .expect("components.schemas is an object")
    }

    pub(crate) fn schema(&self, name: &str) -> &Value {
        self.schemas()
            .get(name)
            .unwrap_or_else(|| panic!("no component schema {name}"))
    }

    /// A validator for any schema of the document, with the components in reach of its
    /// `$ref`s. Formats (`date`, `date-time`, `uuid`) are checked, not just annotated.
    pub(crate) fn validator(&self, schema: &Value) -> Validator {
        let wrapper = json!({ "allOf": [schema], "components": self.root["components"] });
        jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(&wrapper)
            .unwrap_or_else(|e| panic!("schema does not compile: {e}\n{schema:#}"))
    }

    pub(crate) fn component(&self, name: &str) -> Validator {
        self.schema(name); // panics with the name when it is not declared
        self.validator(&json!({ "$ref": format!("#/components/schemas/{name}") }))
    }

    pub(crate) fn operation(&self, path: &str, method: &str) -> &Value {
        self.root
            .pointer(&format!("/paths/{}/{method}", escape(path)))
            .unwrap_or_else(|| panic!("{method} {path} is not documented"))
    }

    /// The media-type object declared for a response.
    fn response(&self, path: &str, method: &str, status: StatusCode, media: &str) -> &Value {
        self.operation(path, method)
            .pointer(&format!(
                "/responses/{}/content/{}",
                status.as_u16(),
                escape(media)
            ))
            .unwrap_or_else(|| panic!("{method} {path} → {status} as {media} is not documented"))
    }

    pub(crate) fn request_example(&self, name: &str) -> Value {
        self.operation("/api/v1/queries", "post")
            .pointer(&format!(
                "/requestBody/content/application~1json/examples/{name}/value"
            ))
            .unwrap_or_else(|| panic!("no request example {name}"))
            .clone()
    }

    /// Checks a real response against what the document declares for it.
    #[track_caller]
    pub(crate) fn assert_documented(&self, path: &str, method: &str, reply: &Reply) {
        let (status, body) = (reply.status, &reply.bytes);
        let media = reply
            .content_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim();
        let declared = self.response(path, method, status, media);
        let instance = if media.ends_with("json") {
            serde_json::from_slice(body).expect("a JSON media type has a JSON body")
        } else {
            Value::String(String::from_utf8(body.clone()).expect("a text body is UTF-8"))
        };
        assert_valid(
            &self.validator(&declared["schema"]),
            &instance,
            &format!("{method} {path} → {status}"),
        );
    }
}

fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

#[track_caller]
pub(crate) fn assert_valid(validator: &Validator, instance: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("  {}: {e}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} does not validate:\n{}\n{instance:#}",
        errors.join("\n")
    );
}

/// Every `$ref` anywhere below `value`.
pub(crate) fn refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                out.push(r.clone());
            }
            map.values().for_each(|v| refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

pub(crate) fn ref_name(reference: &str) -> &str {
    reference
        .strip_prefix("#/components/schemas/")
        .unwrap_or_else(|| panic!("{reference} does not name a component schema"))
}

pub(crate) fn keys(value: &Value) -> BTreeSet<String> {
    value
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

pub(crate) fn strings(value: &Value) -> BTreeSet<String> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {value}"))
        .iter()
        .map(|v| v.as_str().expect("a string").to_owned())
        .collect()
}

/// Sets (or, with `None`, removes) the member a JSON pointer names.
pub(crate) fn change(value: &Value, pointer: &str, to: Option<Value>) -> Value {
    let mut changed = value.clone();
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let object = changed
        .pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("no object at {parent}"));
    match to {
        Some(v) => {
            object.insert(key.to_owned(), v);
        }
        None => {
            object
                .remove(key)
                .unwrap_or_else(|| panic!("nothing at {pointer}"));
        }
    }
    changed
}

pub(crate) fn post(content_type: &str, body: impl Into<Body>) -> Request<Body> {
    Request::post("/api/v1/queries")
        .header(header::CONTENT_TYPE, content_type)
        .body(body.into())
        .unwrap()
}

pub(crate) fn get(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).unwrap()
}

pub(crate) const QUERIES: &str = "/api/v1/queries";

//! Serving the contract: the WSDL with `soap:address` set to the endpoint's own URL (as the
//! caller reached it: the `Host` header, and `X-Forwarded-Proto` behind a TLS-terminating
//! proxy) and the `xsd:include` pointing at the served schema tree, and the schema tree
//! itself, read-only, under `/ssbtek/v10/schemas/`, where the schemas' relative
//! `schemaLocation`s resolve unchanged.

use axum::extract::{Path, RawQuery};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::contract::{self, WSDL_PATH, XSD_PATH};

/// The endpoint's path.
pub const ENDPOINT_PATH: &str = "/ssbtek/v10/BastjanstInformation";
/// The prefix the contract tree is served under.
pub const SCHEMAS_PREFIX: &str = "/ssbtek/v10/schemas";

const ADDRESS_PLACEHOLDER: &str = "REPLACE_WITH_ACTUAL_URL";
const INCLUDE: &str = "schemaLocation=\"sammansatt_bastjanst_v10.xsd\"";

/// The WSDL for an endpoint reached at `base` (`http://host:port`, already checked).
pub(crate) fn wsdl_for(base: &str) -> String {
    let text = contract::text(WSDL_PATH).unwrap_or_default();
    let address = quick_xml::escape::escape(format!("{base}{ENDPOINT_PATH}")).into_owned();
    let include =
        quick_xml::escape::escape(format!("{base}{SCHEMAS_PREFIX}/{XSD_PATH}")).into_owned();
    text.replace(ADDRESS_PLACEHOLDER, &address)
        .replace(INCLUDE, &format!("schemaLocation=\"{include}\""))
}

/// `scheme://host[:port]` as the caller reached this server, when the headers allow it.
pub(crate) fn base_url(headers: &HeaderMap) -> Option<String> {
    let host = headers.get(header::HOST)?.to_str().ok()?.trim();
    let host_ok = !host.is_empty()
        && host.len() <= 255
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    if !host_ok {
        return None;
    }
    let scheme = match headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(',')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        }) {
        Some(p) if p == "https" => "https",
        _ => "http",
    };
    Some(format!("{scheme}://{host}"))
}

/// `GET /ssbtek/v10/BastjanstInformation?wsdl`.
pub(crate) async fn get_endpoint(RawQuery(query): RawQuery, headers: HeaderMap) -> Response {
    let wants_wsdl = query.is_some_and(|q| {
        q.split('&').any(|p| {
            p.split('=')
                .next()
                .is_some_and(|k| k.eq_ignore_ascii_case("wsdl"))
        })
    });
    if !wants_wsdl {
        return plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "SOAP-anrop görs med POST; tjänstebeskrivningen finns på ?wsdl.\n",
        );
    }
    let Some(base) = base_url(&headers) else {
        return plain(
            StatusCode::BAD_REQUEST,
            "Host-huvudet saknas eller är ogiltigt.\n",
        );
    };
    xml(wsdl_for(&base))
}

/// `GET /ssbtek/v10/schemas/{*path}`.
pub(crate) async fn get_schema(Path(path): Path<String>) -> Response {
    let Some(bytes) = contract::file(path.trim_start_matches('/')) else {
        return plain(StatusCode::NOT_FOUND, "Filen finns inte i kontraktet.\n");
    };
    // XML files carry their own encoding (one schema is UTF-16), so no charset is claimed.
    let content_type = if path.ends_with(".yaml") {
        "application/yaml; charset=utf-8"
    } else {
        "application/xml"
    };
    let mut response = bytes.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

fn xml(text: String) -> Response {
    let mut response = text.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/xml; charset=utf-8"),
    );
    response
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    let mut response = (status, text).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::SSBT_NS;

    #[test]
    fn the_served_wsdl_points_at_the_endpoint_and_the_served_schema() {
        let wsdl = wsdl_for("http://gw.example:8080");
        assert!(!wsdl.contains(ADDRESS_PLACEHOLDER));
        let doc = roxmltree::Document::parse(&wsdl).unwrap();
        let address = doc
            .descendants()
            .find(|n| n.has_tag_name("address"))
            .and_then(|n| n.attribute("location"));
        assert_eq!(
            address,
            Some("http://gw.example:8080/ssbtek/v10/BastjanstInformation")
        );
        let include = doc
            .descendants()
            .find(|n| n.has_tag_name("include"))
            .and_then(|n| n.attribute("schemaLocation"))
            .unwrap();
        let served = include
            .strip_prefix("http://gw.example:8080/ssbtek/v10/schemas/")
            .unwrap();
        assert!(contract::text(served).is_some_and(|t| t.contains(SSBT_NS)));
    }

    #[test]
    fn the_base_url_comes_from_a_valid_host_header_only() {
        let mut headers = HeaderMap::new();
        assert_eq!(base_url(&headers), None);
        headers.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        assert_eq!(base_url(&headers).as_deref(), Some("http://127.0.0.1:8080"));
        headers.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        assert_eq!(
            base_url(&headers).as_deref(),
            Some("https://127.0.0.1:8080")
        );
        headers.insert(header::HOST, HeaderValue::from_static("a\"><x y=\""));
        assert_eq!(base_url(&headers), None);
    }
}

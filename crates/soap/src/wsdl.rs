//! Serving the contract: the WSDL with `soap:address` set to the endpoint's own URL (the
//! configured public URL, or a loopback `Host`; see [`crate::public_url`]) and the
//! `xsd:include` pointing at the served schema tree, and the schema tree itself, read-only,
//! under `/ssbtek/v10/schemas/`, where the schemas' relative `schemaLocation`s resolve
//! unchanged.

use axum::Extension;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use underlag_service::CallerIdentity;

use crate::SoapState;
use crate::contract::{self, WSDL_PATH, XSD_PATH};
use crate::public_url;

/// The endpoint's path.
pub const ENDPOINT_PATH: &str = "/ssbtek/v10/BastjanstInformation";
/// The prefix the contract tree is served under.
pub const SCHEMAS_PREFIX: &str = "/ssbtek/v10/schemas";

const ADDRESS_PLACEHOLDER: &str = "REPLACE_WITH_ACTUAL_URL";
const INCLUDE: &str = "schemaLocation=\"sammansatt_bastjanst_v10.xsd\"";

/// The WSDL for an endpoint under `base` (`scheme://host[:port][/path]`, already checked).
pub(crate) fn wsdl_for(base: &str) -> String {
    let text = contract::text(WSDL_PATH).unwrap_or_default();
    let address = quick_xml::escape::escape(format!("{base}{ENDPOINT_PATH}")).into_owned();
    let include =
        quick_xml::escape::escape(format!("{base}{SCHEMAS_PREFIX}/{XSD_PATH}")).into_owned();
    text.replace(ADDRESS_PLACEHOLDER, &address)
        .replace(INCLUDE, &format!("schemaLocation=\"{include}\""))
}

/// `GET /ssbtek/v10/BastjanstInformation?wsdl`.
pub(crate) async fn get_endpoint(
    State(state): State<SoapState>,
    caller: Option<Extension<CallerIdentity>>,
    uri: Uri,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
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
    let base = match &state.settings.public_url {
        Some(url) => url.as_str().to_owned(),
        None => {
            // Only the mTLS listener puts a verified caller on a request.
            let host = headers
                .get(header::HOST)
                .and_then(|v| v.to_str().ok())
                .or_else(|| uri.authority().map(|a| a.as_str()));
            match host.and_then(|h| public_url::loopback_base(h, caller.is_some())) {
                Some(base) => base,
                None => {
                    return plain(
                        StatusCode::MISDIRECTED_REQUEST,
                        "Tjänstebeskrivningens adress är inte konfigurerad (public_url) och \
                         Host-huvudet namnger ingen loopback-adress, därför lämnas ingen WSDL ut.\n",
                    );
                }
            }
        }
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
}

//! The SSBTEK v10 contract files, compiled in (never read at run time): the WSDL, the
//! composite schema and the provider schemas it imports, and the LEFI v9 OpenAPI document.
//!
//! Paths are relative to the contract's `schemas/` folder, so the relative `schemaLocation`s
//! inside the files resolve when the tree is served under one prefix.

use underlag_domain::SourceId;

/// The providers of the SSBTEK v10 contract, in the order its answer lists them: the domain's
/// one list of them, [`SourceId::V10`]. The SOAP door reads, asks and answers exactly these,
/// whatever other sources Underlag has (those are REST only), so a v10 answer never has an
/// element the v10 schema lacks and a v10 request never fails because Underlag has more sources.
pub const V10_PROVIDERS: [SourceId; SourceId::V10_COUNT] = SourceId::V10;

/// The SOAP 1.1 envelope namespace.
pub const SOAP_ENV_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// The SOAP 1.2 envelope namespace (refused with `VersionMismatch`).
pub(crate) const SOAP12_ENV_NS: &str = "http://www.w3.org/2003/05/soap-envelope";
/// The SSBTEK v10 namespace of the composite service's messages.
pub const SSBT_NS: &str = "http://schema.forsakringskassan.se/integration/ssbt/10";

/// The WSDL's path inside the contract tree.
pub(crate) const WSDL_PATH: &str =
    "se/forsakringskassan/schema/integration/ssbt/_10/Sammansatt_Bastjanst_v10.wsdl";
/// The composite schema's path inside the contract tree.
pub(crate) const XSD_PATH: &str =
    "se/forsakringskassan/schema/integration/ssbt/_10/sammansatt_bastjanst_v10.xsd";
/// The LEFI v9 OpenAPI document's path inside the contract tree.
#[cfg(test)]
pub(crate) const LEFI_OPENAPI_PATH: &str =
    "se/forsakringskassan/schema/lefi/lefi-formansinformation-v9.openapi.yaml";

/// Every served contract file: (path inside the tree, contents).
pub(crate) const FILES: &[(&str, &[u8])] = &[
    (
        "schemas/ubpservice/int014/UnemploymentBenefitPaymentService.xsd",
        include_bytes!(
            "../../../contracts/ssbtek-v10/schemas/schemas/ubpservice/int014/UnemploymentBenefitPaymentService.xsd"
        ),
    ),
    (
        "se/arbetsformedlingen/api/arbetssokande/ersattningsstod/v2/ers_stod.xsd",
        include_bytes!(
            "../../../contracts/ssbtek-v10/schemas/se/arbetsformedlingen/api/arbetssokande/ersattningsstod/v2/ers_stod.xsd"
        ),
    ),
    (
        "se/csn/schema/v4_0/csntyper/csntyper.xsd",
        include_bytes!(
            "../../../contracts/ssbtek-v10/schemas/se/csn/schema/v4_0/csntyper/csntyper.xsd"
        ),
    ),
    (
        "se/csn/schema/v4_0/hemutrustningslan/hemutrustningslan.xsd",
        include_bytes!(
            "../../../contracts/ssbtek-v10/schemas/se/csn/schema/v4_0/hemutrustningslan/hemutrustningslan.xsd"
        ),
    ),
    (
        "se/csn/schema/v4_0/hutgetinfo/hutgetinfo.xsd",
        include_bytes!(
            "../../../contracts/ssbtek-v10/schemas/se/csn/schema/v4_0/hutgetinfo/hutgetinfo.xsd"
        ),
    ),
    (
        "se/csn/schema/v4_0/kommunfraga/kommunfraga.xsd",
        include_bytes!(
            "../../../contracts/ssbtek-v10/schemas/se/csn/schema/v4_0/kommunfraga/kommunfraga.xsd"
        ),
    ),
    (
        "se/csn/schema/v4_0/omstallningsstudiestod/omstallningsstudiestod.xsd",
        include_bytes!(
            "../../../contracts/ssbtek-v10/schemas/se/csn/schema/v4_0/omstallningsstudiestod/omstallningsstudiestod.xsd"
        ),
    ),
    (
        "se/csn/schema/v4_0/person/person.xsd",
        include_bytes!(
            "../../../contracts/ssbtek-v10/schemas/se/csn/schema/v4_0/person/person.xsd"
        ),
    ),
    (
        "se/csn/schema/v4_0/studiehjalp/studiehjalp.xsd",
        include_bytes!(
            "../../../contracts/ssbtek-v10/schemas/se/csn/schema/v4_0/studiehjalp/studiehjalp.xsd"
        ),
    ),
    (
        "se/csn/schema/v4_0/studiemedel/studiemedel.xsd",
        include_bytes!(
            "../../../contracts/ssbtek-v10/schemas/se/csn/schema/v4_0/studiemedel/studiemedel.xsd"
        ),
    ),
    (
        "se/csn/schema/v4_0/studiestartsstod/studiestartsstod.xsd",
        include_bytes!(
            "../../../contracts/ssbtek-v10/schemas/se/csn/schema/v4_0/studiestartsstod/studiestartsstod.xsd"
        ),
    ),
    (
        "se/forsakringskassan/schema/integration/ssbt/_10/Sammansatt_Bastjanst_v10.wsdl",
        include_bytes!(
            "../../../contracts/ssbtek-v10/schemas/se/forsakringskassan/schema/integration/ssbt/_10/Sammansatt_Bastjanst_v10.wsdl"
        ),
    ),
    (
        "se/forsakringskassan/schema/integration/ssbt/_10/sammansatt_bastjanst_v10.xsd",
        include_bytes!(
            "../../../contracts/ssbtek-v10/schemas/se/forsakringskassan/schema/integration/ssbt/_10/sammansatt_bastjanst_v10.xsd"
        ),
    ),
    (
        "se/forsakringskassan/schema/lefi/lefi-formansinformation-v9.openapi.yaml",
        include_bytes!(
            "../../../contracts/ssbtek-v10/schemas/se/forsakringskassan/schema/lefi/lefi-formansinformation-v9.openapi.yaml"
        ),
    ),
    (
        "se/migrationsverket/schema/ssbtek/_1/SSBTEKWebService_schema1.xsd",
        include_bytes!(
            "../../../contracts/ssbtek-v10/schemas/se/migrationsverket/schema/ssbtek/_1/SSBTEKWebService_schema1.xsd"
        ),
    ),
    (
        "se/rsv/zg/bs/service/ws/beskattningws/ZgBsBeskattningWSService_schema.xsd",
        include_bytes!(
            "../../../contracts/ssbtek-v10/schemas/se/rsv/zg/bs/service/ws/beskattningws/ZgBsBeskattningWSService_schema.xsd"
        ),
    ),
    (
        "se/transportstyrelsen/schema/ssbtek/fordon/_1/fordon_1.0.xsd",
        include_bytes!(
            "../../../contracts/ssbtek-v10/schemas/se/transportstyrelsen/schema/ssbtek/fordon/_1/fordon_1.0.xsd"
        ),
    ),
    (
        "se/transportstyrelsen/schema/ssbtek/hamtauppgifterresponder/_1/HamtaUppgifterResponder_1.0.xsd",
        include_bytes!(
            "../../../contracts/ssbtek-v10/schemas/se/transportstyrelsen/schema/ssbtek/hamtauppgifterresponder/_1/HamtaUppgifterResponder_1.0.xsd"
        ),
    ),
    (
        "se/transportstyrelsen/schema/ssbtek/person/_1/person_1.0.xsd",
        include_bytes!(
            "../../../contracts/ssbtek-v10/schemas/se/transportstyrelsen/schema/ssbtek/person/_1/person_1.0.xsd"
        ),
    ),
];

/// A contract file's bytes by its path inside the tree (the a-kassor's schema is UTF-16).
pub(crate) fn file(path: &str) -> Option<&'static [u8]> {
    FILES
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, bytes)| *bytes)
}

/// A UTF-8 contract file's text by its path inside the tree.
pub(crate) fn text(path: &str) -> Option<&'static str> {
    file(path).and_then(|bytes| std::str::from_utf8(bytes).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wsdl_the_schema_and_the_openapi_document_are_embedded() {
        for path in [WSDL_PATH, XSD_PATH, LEFI_OPENAPI_PATH] {
            assert!(text(path).is_some_and(|t| !t.is_empty()), "{path}");
        }
        assert!(file("../secret").is_none());
    }

    #[test]
    fn every_schema_location_in_an_embedded_schema_resolves_within_the_tree() {
        for (path, bytes) in FILES.iter().filter(|(p, _)| p.ends_with(".xsd")) {
            let text = decode(bytes);
            let doc = roxmltree::Document::parse(&text).unwrap();
            for node in doc
                .descendants()
                .filter(|n| n.has_tag_name("import") || n.has_tag_name("include"))
            {
                let Some(location) = node.attribute("schemaLocation") else {
                    continue;
                };
                if location.contains("sambruk") {
                    // kommunfraga.xsd imports a schema the published contract lacks; the
                    // composite schema does not reach it.
                    continue;
                }
                let resolved = resolve(path, location);
                assert!(
                    file(&resolved).is_some(),
                    "{path} -> {location} ({resolved})"
                );
            }
        }
    }

    /// UTF-8, or UTF-16LE with a byte-order mark.
    fn decode(bytes: &[u8]) -> String {
        match bytes.strip_prefix(&[0xFF, 0xFE]) {
            Some(rest) => {
                let units: Vec<u16> = rest
                    .chunks_exact(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]]))
                    .collect();
                String::from_utf16(&units).unwrap()
            }
            None => String::from_utf8(bytes.to_vec()).unwrap(),
        }
    }

    fn resolve(base: &str, relative: &str) -> String {
        let mut parts: Vec<&str> = base.split('/').collect();
        parts.pop();
        for segment in relative.split('/') {
            match segment {
                ".." => {
                    parts.pop();
                }
                "." => {}
                s => parts.push(s),
            }
        }
        parts.join("/")
    }
}

//! The request reader never panics, whatever it is given: random bytes, XML-ish soup, and
//! mutations of a valid request.

use proptest::prelude::*;

use super::*;
use crate::contract::{SOAP_ENV_NS, SSBT_NS};

fn valid() -> String {
    format!(
        "<?xml version=\"1.0\"?><soap:Envelope xmlns:soap=\"{SOAP_ENV_NS}\" xmlns:ssbt=\"{SSBT_NS}\"><soap:Body><ssbt:hamtaBastjanstInformation><ssbt:generellaFrageparametrar>\
         <ssbt:fraganSkallInkluderasISvaret>true</ssbt:fraganSkallInkluderasISvaret>\
         <ssbt:ingivare><ssbt:organisationsnummer>162120000142</ssbt:organisationsnummer><ssbt:namn>K</ssbt:namn><ssbt:handlaggare>h</ssbt:handlaggare></ssbt:ingivare>\
         <ssbt:personidentitet>198603052393</ssbt:personidentitet><ssbt:arendeidentitet>a</ssbt:arendeidentitet>\
         <ssbt:tidsperiod><ssbt:fromDatum>2026-01-01</ssbt:fromDatum><ssbt:tomDatum>2026-02-01</ssbt:tomDatum></ssbt:tidsperiod>\
         <ssbt:syfte>s</ssbt:syfte><ssbt:lagtext>l</ssbt:lagtext></ssbt:generellaFrageparametrar><ssbt:specifikaFrageparametrar>\
         <ssbt:AF inkludera=\"true\"/><ssbt:CSN inkludera=\"true\"/><ssbt:FK inkludera=\"true\"><ssbt:fraga><ssbt:aktorsid>a</ssbt:aktorsid><ssbt:lefiJsonFraga>e30=</ssbt:lefiJsonFraga></ssbt:fraga></ssbt:FK>\
         <ssbt:SKV inkludera=\"true\"/><ssbt:SO inkludera=\"true\"/><ssbt:TNS inkludera=\"true\"/><ssbt:MIV inkludera=\"true\"/>\
         </ssbt:specifikaFrageparametrar></ssbt:hamtaBastjanstInformation></soap:Body></soap:Envelope>"
    )
}

fn read(text: &str) -> Result<Call, Fault> {
    let limits = SoapLimits {
        max_depth: 32,
        max_elements: 500,
        ..SoapLimits::default()
    };
    let request_limits = RequestLimits {
        period: underlag_service::registry::PeriodRule::default(),
    };
    read_call(
        text,
        &limits,
        request_limits,
        &Budget::start(limits.parse_budget),
    )
}

#[test]
fn the_valid_request_is_read() {
    assert!(matches!(read(&valid()), Ok(Call::Hamta(_))));
}

fn xmlish() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("<".to_owned()),
        Just(">".to_owned()),
        Just("</".to_owned()),
        Just("/>".to_owned()),
        Just("soap:Envelope".to_owned()),
        Just("soap:Body".to_owned()),
        Just("ssbt:hamtaBastjanstInformation".to_owned()),
        Just("ssbt:testaBastjanstInformation".to_owned()),
        Just(format!(" xmlns:soap=\"{SOAP_ENV_NS}\"")),
        Just(format!(" xmlns:ssbt=\"{SSBT_NS}\"")),
        Just(" xmlns=\"\"".to_owned()),
        Just("<!DOCTYPE a [<!ENTITY x \"&x;&x;\">]>".to_owned()),
        Just("&x;".to_owned()),
        Just("&#0;".to_owned()),
        Just("<![CDATA[".to_owned()),
        Just("]]>".to_owned()),
        Just("<?xml version=\"1.0\"?>".to_owned()),
        Just("=\"".to_owned()),
        Just("ssbt:personidentitet".to_owned()),
        "[a-zåäö0-9:\"' ]{0,8}".prop_map(|s| s),
    ];
    proptest::collection::vec(pieces, 0..120).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = read(&text);
    }

    #[test]
    fn xml_soup_never_panics(text in xmlish()) {
        let _ = read(&text);
    }

    #[test]
    fn mutated_requests_never_panic(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0usize..6, "[<>/&\"'a-z0-9:=;#\\-]{0,6}"), 1..8)
    ) {
        let mut text = valid();
        for (at, cut, insert) in edits {
            let mut i = at.index(text.len() + 1);
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            let mut end = (i + cut).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.replace_range(i..end.max(i), &insert);
        }
        let _ = read(&text);
    }
}

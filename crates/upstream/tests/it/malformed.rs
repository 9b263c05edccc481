//! Malformed answers for every agency: each is `invalid_response` with a violation saying
//! what failed, never a panic — including random bytes (proptest) into every interpret path.

use base64::Engine as _;
use proptest::prelude::*;
use underlag_domain::{Outcome, SourceId};
use underlag_upstream::RULE_PARSE;
use underlag_upstream::agencies::{csn, fk, skv};

use crate::common::*;

#[test]
fn the_agency_bodies_built_from_the_fixtures_are_understood() {
    for source in SourceId::ALL {
        let outcome = interpret_body(
            source,
            &agency_body(source),
            Some(agency_content_type(source)),
        );
        match source {
            SourceId::Fk => drop(expect_no_match(outcome)),
            _ => drop(expect_ok(outcome)),
        }
    }
}

fn text(source: SourceId) -> String {
    let body = agency_body(source);
    if source == SourceId::So {
        let units: Vec<u16> = body[2..]
            .chunks_exact(2)
            .map(|p| u16::from_le_bytes([p[0], p[1]]))
            .collect();
        return String::from_utf16(&units).unwrap();
    }
    String::from_utf8(body).unwrap()
}

#[track_caller]
fn assert_parse_failure(source: SourceId, body: &[u8], what: &str) {
    let violations = expect_invalid(interpret_body(source, body, None));
    assert!(
        violations
            .iter()
            .any(|v| v.rule == RULE_PARSE && !v.message.is_empty()),
        "{source} {what}: {violations:#?}"
    );
}

#[test]
fn empty_truncated_and_wrongly_rooted_bodies() {
    for source in SourceId::ALL {
        assert_parse_failure(source, b"", "empty");
        let full = text(source);
        assert_parse_failure(source, &full.as_bytes()[..full.len() / 2], "truncated");
        let wrong = if source == SourceId::Fk {
            "[1, 2]".to_owned()
        } else if source == SourceId::Af {
            "<Fel/>".to_owned()
        } else {
            soap("<x:Fel xmlns:x=\"urn:x\"/>")
        };
        assert_parse_failure(source, wrong.as_bytes(), "wrong root");
    }
}

#[test]
fn doctypes_with_entities_are_refused() {
    let doctype = "<?xml version=\"1.0\"?><!DOCTYPE lol [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>";
    // Every XML source (FK and Kronofogden answer JSON).
    for source in SourceId::ALL
        .into_iter()
        .filter(|s| !matches!(s, SourceId::Fk | SourceId::Kfm))
    {
        let full = text(source);
        let body = full.replacen("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", doctype, 1);
        assert!(body.contains("<!DOCTYPE"), "{source}");
        assert_parse_failure(source, body.as_bytes(), "doctype");
    }
    // Inside CSN's base64 and SKV's string as well.
    let inner = format!("{}<CSNSvar/>", doctype);
    let svar = base64::engine::general_purpose::STANDARD.encode(inner);
    assert_eq!(
        expect_invalid(csn::interpret_svar(&spec(), &svar))[0].rule,
        RULE_PARSE
    );
    let inner = format!("{}<SvarBeskattningsuppgifterEnligtSFS2008-975/>", doctype);
    assert_eq!(
        expect_invalid(skv::interpret_svar(&spec(), &inner))[0].rule,
        RULE_PARSE
    );
}

#[test]
fn invalid_utf8_and_utf16_are_refused() {
    for source in SourceId::ALL {
        let mut bad = text(source).into_bytes();
        let at = bad.len() / 2;
        bad[at] = 0xFF;
        assert_parse_failure(source, &bad, "invalid UTF-8");
        assert_parse_failure(source, &[0xFF, 0xFE, b'<', 0, b'a'], "odd-length UTF-16");
        assert_parse_failure(
            source,
            &[0xFF, 0xFE, 0x00, 0xD8, b'<', 0],
            "unpaired surrogate",
        );
    }
}

#[test]
fn huge_numbers_are_invalid() {
    let huge = "99999999999999999999999999999999999";
    let cases = [
        (
            SourceId::Af,
            "<er:ArbetssokandeOmfattning>100<",
            format!("<er:ArbetssokandeOmfattning>{huge}<"),
        ),
        (SourceId::Skv, ">12345<", format!(">{huge}<")),
        (SourceId::So, ">1250.50<", format!(">{huge}.50<")),
        (SourceId::Tns, ">2012<", format!(">{huge}<")),
        (
            SourceId::Miv,
            ">1998-05-12+02:00<",
            ">99999999-05-12<".to_owned(),
        ),
    ];
    for (source, from, to) in cases {
        let body = text(source).replacen(from, &to, 1);
        assert!(body.contains(huge) || source == SourceId::Miv, "{source}");
        expect_invalid(interpret_body(source, body.as_bytes(), None));
    }
    let lefi = r#"{"utlamnare":[],"formansinformation":{"utbetalningsuppgift":[{"bruttobelopp":{"summa":1e400}}]}}"#;
    assert_parse_failure(SourceId::Fk, lefi.as_bytes(), "number out of range");
}

/// Every public interpret path over arbitrary bytes.
fn all_paths(bytes: &[u8]) -> Vec<Outcome> {
    let spec = spec();
    let lossy = String::from_utf8_lossy(bytes);
    let mut outcomes: Vec<Outcome> = SourceId::ALL
        .into_iter()
        .map(|s| interpret_body(s, bytes, Some(agency_content_type(s))))
        .collect();
    outcomes.push(fk::interpret_base64(&spec, &lossy));
    outcomes.push(csn::interpret_svar(&spec, &lossy));
    outcomes.push(skv::interpret_svar(&spec, &lossy));
    outcomes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_are_never_understood(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        for outcome in all_paths(&bytes) {
            prop_assert!(matches!(outcome, Outcome::InvalidResponse { .. }), "{outcome:?}");
        }
        let error = fk::interpret_error(400, &bytes);
        prop_assert!(matches!(error, Outcome::SourceError { .. }), "{:?}", error);
    }

    #[test]
    fn mutated_agency_bodies_never_panic(
        source in proptest::sample::select(SourceId::ALL.to_vec()),
        cut in 0.0f64..1.0,
        flips in proptest::collection::vec((0.0f64..1.0, any::<u8>()), 0..4),
    ) {
        let mut body = agency_body(source);
        for (at, byte) in flips {
            let i = ((body.len() - 1) as f64 * at) as usize;
            body[i] = byte;
        }
        body.truncate(((body.len() as f64) * cut) as usize + 1);
        let _ = interpret_body(source, &body, Some(agency_content_type(source)));
    }
}

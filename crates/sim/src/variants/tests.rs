//! The variants' rewriting of answers, unit by unit.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::text::{
    decode, encode, map_base64_svar, map_escaped_svar, remove_element, replace_element_text,
    rewrite_compact_dates, rewrite_iso_dates,
};
use super::*;

#[test]
fn names_round_trip() {
    for v in Variant::ALL {
        assert_eq!(v.name().parse::<Variant>().unwrap(), v);
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            format!("\"{}\"", v.name())
        );
    }
    assert!("boom".parse::<Variant>().is_err());
}

#[test]
fn rewrites() {
    assert_eq!(
        rewrite_iso_dates("<a>2026-05-01+02:00</a><b>19860305-2393</b>"),
        "<a>01.05.2026+02:00</a><b>19860305-2393</b>"
    );
    assert_eq!(
        rewrite_compact_dates("<a>20240725</a><b>1234</b>"),
        "<a>25.07.2024</a><b>1234</b>"
    );
    assert_eq!(
        remove_element("<r><x:a k='1'>t</x:a><b/></r>", "a").unwrap(),
        "<r><b/></r>"
    );
    assert_eq!(
        replace_element_text("<r><ns:code>1</ns:code></r>", "code", "77").unwrap(),
        "<r><ns:code>77</ns:code></r>"
    );
    let escaped = map_escaped_svar("<r><svar>&lt;a&gt;1&lt;/a&gt;</svar></r>", |t| {
        Some(t.replace('1', "2"))
    });
    assert_eq!(escaped.unwrap(), "<r><svar>&lt;a&gt;2&lt;/a&gt;</svar></r>");
    let svar = format!("<k:svar>{}</k:svar>", STANDARD.encode("<a>1</a>"));
    let changed = map_base64_svar(&svar, |t| Some(t.replace('1', "2"))).unwrap();
    assert_eq!(
        changed,
        format!("<k:svar>{}</k:svar>", STANDARD.encode("<a>2</a>"))
    );
    let utf16 = encode("<a>å</a>", true);
    assert_eq!(decode(&utf16).unwrap(), ("<a>å</a>".to_owned(), true));
}

//! The pre-scan refuses each hostile dimension on its own, lets a real request through, and
//! is refused by its time budget; the parser and the decoder keep their rules.

use tokio::time::Instant;

use super::*;

fn limits() -> SoapLimits {
    SoapLimits {
        max_depth: 8,
        max_elements: 50,
        max_attributes_per_element: 4,
        max_attributes: 10,
        max_namespace_declarations_per_element: 3,
        max_namespace_declarations: 5,
        max_name_bytes: 16,
        max_attribute_value_bytes: 32,
        max_text_bytes: 64,
        ..SoapLimits::default()
    }
}

fn scanned(doc: &str) -> Result<(), Fault> {
    prescan(doc, &limits(), &Budget::start(Duration::from_secs(60)))
}

/// The felkod and first message of a refusal.
fn refusal(result: Result<(), Fault>) -> Option<(&'static str, String)> {
    result
        .err()
        .map(|f| (f.felkod.code(), f.messages[0].clone()))
}

#[track_caller]
fn assert_refused(doc: &str, needle: &str) {
    let (felkod, message) = refusal(scanned(doc)).expect("refused");
    assert_eq!(felkod, "SSBT-006", "{message}");
    assert!(message.contains(needle), "{needle}: {message}");
}

#[test]
fn a_doctype_is_refused_before_any_tree_is_built() {
    let doc = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>";
    assert_eq!(refusal(scanned(doc)).map(|r| r.0), Some("SSBT-005"));
    assert_eq!(
        parse(doc, &limits()).err().map(|f| f.felkod.code()),
        Some("SSBT-005")
    );
}

#[test]
fn depth_and_element_count_are_capped() {
    let deep = format!("{}{}", "<a>".repeat(9), "</a>".repeat(9));
    assert_refused(&deep, "nivåerna");
    let ok = format!("{}{}", "<a>".repeat(8), "</a>".repeat(8));
    assert!(scanned(&ok).is_ok());
    let wide = format!("<a>{}</a>", "<b/>".repeat(60));
    assert_refused(&wide, "elementen");
}

#[test]
fn attribute_flood_is_refused_by_the_scan() {
    assert!(scanned("<a b=\"1\" c=\"2\" d=\"3\" e=\"4\"/>").is_ok());
    assert_refused("<a b=\"1\" c=\"2\" d=\"3\" e=\"4\" f=\"5\"/>", "attributen");
    // Duplicates are not the scan's business (the parser refuses them), and do not count
    // differently.
    assert_refused("<a b=\"1\" b=\"2\" b=\"3\" b=\"4\" b=\"5\"/>", "attributen");
    // Spread over elements it is the total that counts.
    let spread = format!("<a>{}</a>", "<b c=\"1\" d=\"2\"/>".repeat(6));
    assert_refused(&spread, "Meddelandet har fler än de tillåtna 10 attributen");
    assert!(scanned(&format!("<a>{}</a>", "<b c=\"1\" d=\"2\"/>".repeat(5))).is_ok());
}

#[test]
fn namespace_flood_is_refused_per_element_and_per_document() {
    let on_one = "<a xmlns=\"u\" xmlns:p=\"u\" xmlns:q=\"u\" xmlns:r=\"u\"/>";
    assert_refused(on_one, "Ett element deklarerar");
    let spread = format!(
        "<a xmlns:p=\"u\" xmlns:q=\"u\">{}</a>",
        "<b xmlns:r=\"v\"/>".repeat(4)
    );
    assert_refused(&spread, "Meddelandet deklarerar");
    let within = format!(
        "<a xmlns:p=\"u\" xmlns:q=\"u\">{}</a>",
        "<b xmlns:r=\"v\"/>".repeat(3)
    );
    assert!(scanned(&within).is_ok());
}

#[test]
fn long_names_are_refused() {
    assert_refused(&format!("<{}/>", "a".repeat(17)), "namn");
    assert_refused(&format!("<a {}=\"\"/>", "b".repeat(17)), "namn");
    assert_refused(&format!("<p:{} xmlns:p=\"u\"/>", "a".repeat(15)), "namn");
    assert!(scanned(&format!("<{}/>", "a".repeat(16))).is_ok());
}

#[test]
fn long_attribute_values_are_refused() {
    assert_refused(&format!("<a b=\"{}\"/>", "x".repeat(33)), "attributvärde");
    assert_refused(
        &format!("<a xmlns:p=\"{}\"/>", "x".repeat(33)),
        "attributvärde",
    );
    assert!(scanned(&format!("<a b=\"{}\"/>", "x".repeat(32))).is_ok());
}

#[test]
fn long_text_is_refused_in_every_form() {
    assert_refused(&format!("<a>{}</a>", "x".repeat(65)), "text");
    assert_refused(&format!("<a><![CDATA[{}]]></a>", "x".repeat(60)), "text");
    assert_refused(&format!("<a>{}</a>", "<!---->".repeat(10)), "text");
    assert_refused(&format!("<a>{}</a>", "<?p?>".repeat(20)), "text");
    assert_refused(&format!("<a>{}</a>", "&amp;".repeat(20)), "text");
    // Spread over many elements it is the total that counts.
    assert_refused(&format!("<a>{}</a>", "<b>xxxxxxxx</b>".repeat(9)), "text");
    assert!(scanned(&format!("<a>{}</a>", "x".repeat(64))).is_ok());
}

#[test]
fn a_document_over_the_time_budget_is_refused() {
    let (felkod, message) =
        refusal(prescan("<a/>", &limits(), &Budget::start(Duration::ZERO))).expect("refused");
    assert_eq!(felkod, "SSBT-006");
    assert!(message.contains("tiden"), "{message}");
}

#[test]
fn the_default_limits_let_a_real_request_through_in_well_under_a_millisecond() {
    let request = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" \
         xmlns:ssbt=\"http://schema.forsakringskassan.se/integration/ssbt/10\">\
         <soap:Header><wsa:To xmlns:wsa=\"http://www.w3.org/2005/08/addressing\">x</wsa:To></soap:Header>\
         <soap:Body><ssbt:hamtaBastjanstInformation><ssbt:generellaFrageparametrar>{}\
         </ssbt:generellaFrageparametrar><ssbt:specifikaFrageparametrar>{}</ssbt:specifikaFrageparametrar>\
         </ssbt:hamtaBastjanstInformation></soap:Body></soap:Envelope>",
        "<ssbt:syfte>Utredning av rätt till ekonomiskt bistånd</ssbt:syfte>\n    ".repeat(20),
        "<ssbt:FK inkludera=\"true\"><ssbt:fraga><ssbt:lefiJsonFraga>e30=</ssbt:lefiJsonFraga></ssbt:fraga></ssbt:FK>"
            .repeat(7),
    );
    let defaults = SoapLimits::default();
    let started = Instant::now();
    let result = prescan(&request, &defaults, &Budget::start(defaults.parse_budget));
    eprintln!("a real request scanned in {:?}", started.elapsed());
    assert!(result.is_ok(), "{:?}", result.err());
    assert!(parse(&request, &defaults).is_ok());
}

#[test]
fn malformed_documents_name_a_position() {
    let fault = parse("<a>\n<b></a>", &limits()).err().unwrap();
    assert_eq!(fault.felkod.code(), "SSBT-001");
    assert!(fault.messages[0].contains("rad 2"), "{:?}", fault.messages);
    let fault = scanned("<a>\n<b c></b></a>").err().unwrap();
    assert_eq!(fault.felkod.code(), "SSBT-001");
    assert!(fault.messages[0].contains("rad 2"), "{:?}", fault.messages);
}

#[test]
fn only_utf8_is_accepted() {
    let latin1 = HeaderValue::from_static("text/xml; charset=ISO-8859-1");
    assert!(decode(Some(&latin1), b"<a/>".to_vec()).is_err());
    assert!(decode(None, vec![0xff, 0xfe, 0]).is_err());
    assert!(decode(None, b"  ".to_vec()).is_err());
    assert_eq!(decode(None, b"\xEF\xBB\xBF<a/>".to_vec()).unwrap(), "<a/>");
}

//! Hostile and broken requests: each gets a SOAP 1.1 fault (HTTP 500) with a clear message
//! and a `detail` that validates against the XSD; nothing panics, and the endpoint keeps
//! answering.

use tokio::time::Instant;

use underlag_soap::{SOAP_ENV_NS, SSBT_NS};
use underlag_test_support::{Doorway, Reply, TestApp};

use crate::answer::Answer;
use crate::app;
use crate::envelopes::{Fraga, envelope, testa};

/// Sends a raw body; asserts a valid fault and returns (faultcode, felkod, messages).
async fn fault(stack: &TestApp, body: &str) -> (String, String, Vec<String>) {
    let started = Instant::now();
    let Reply {
        status, text: xml, ..
    } = stack.soap_call(body).await;
    let elapsed = started.elapsed();
    assert_eq!(status, 500, "{xml}");
    let answer = Answer::new(xml);
    answer.assert_valid();
    assert!(elapsed.as_secs() < 5, "refused quickly ({elapsed:?})");
    answer.fault().expect("a SOAP fault")
}

async fn still_answers(stack: &TestApp) {
    let Reply {
        status, text: xml, ..
    } = stack.soap_call(&testa()).await;
    assert_eq!(status, 200, "{xml}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broken_documents_and_envelopes_are_faults() {
    let stack = app::start().await;
    let cases: Vec<(&str, String, &str, &str)> = vec![
        ("malformed XML", "<soap:Envelope xmlns:soap=\"x\"><soap:Body>".into(), "soap:Client", "SSBT-001"),
        ("empty body", String::new(), "soap:Client", "SSBT-001"),
        ("not UTF-8", "<a>\u{FFFD}</a>".into(), "soap:Client", "SSBT-001"),
        (
            "wrong envelope namespace",
            "<soap:Envelope xmlns:soap=\"urn:not-soap\"><soap:Body/></soap:Envelope>".into(),
            "soap:VersionMismatch",
            "SSBT-002",
        ),
        (
            "SOAP 1.2",
            "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body/></s:Envelope>".into(),
            "soap:VersionMismatch",
            "SSBT-002",
        ),
        (
            "wrong payload namespace",
            format!("<soap:Envelope xmlns:soap=\"{SOAP_ENV_NS}\"><soap:Body><x:hamtaBastjanstInformation xmlns:x=\"http://schema.forsakringskassan.se/integration/ssbt/9\"/></soap:Body></soap:Envelope>"),
            "soap:Client",
            "SSBT-002",
        ),
        ("unknown operation", envelope("<ssbt:raderaBastjanstInformation/>"), "soap:Client", "SSBT-002"),
        (
            "mustUnderstand header",
            format!("<soap:Envelope xmlns:soap=\"{SOAP_ENV_NS}\" xmlns:ssbt=\"{SSBT_NS}\"><soap:Header><w:Security xmlns:w=\"urn:wsse\" soap:mustUnderstand=\"1\"/></soap:Header><soap:Body><ssbt:testaBastjanstInformation/></soap:Body></soap:Envelope>"),
            "soap:MustUnderstand",
            "SSBT-007",
        ),
        (
            "an undeclared entity",
            envelope("<ssbt:testaBastjanstInformation>&secret;</ssbt:testaBastjanstInformation>"),
            "soap:Client",
            "SSBT-005",
        ),
        (
            "an external entity",
            format!("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>{}", envelope("<ssbt:testaBastjanstInformation>&e;</ssbt:testaBastjanstInformation>").replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", "")),
            "soap:Client",
            "SSBT-005",
        ),
    ];
    for (what, body, faultcode, felkod) in cases {
        let body = if what == "not UTF-8" {
            // Latin-1 bytes, sent as is.
            let response = stack
                .client()
                .post(format!("{}{}", stack.url(), underlag_soap::ENDPOINT_PATH))
                .header("content-type", "text/xml")
                .body(vec![b'<', b'a', b'>', 0xE5, b'<', b'/', b'a', b'>'])
                .send()
                .await
                .unwrap();
            assert_eq!(response.status().as_u16(), 500);
            let answer = Answer::new(response.text().await.unwrap());
            answer.assert_valid();
            let (code, kod, _) = answer.fault().unwrap();
            assert_eq!((code.as_str(), kod.as_str()), (faultcode, felkod), "{what}");
            continue;
        } else {
            body
        };
        let (code, kod, messages) = fault(&stack, &body).await;
        assert_eq!(
            (code.as_str(), kod.as_str()),
            (faultcode, felkod),
            "{what}: {messages:?}"
        );
        assert!(!messages.is_empty() && !messages[0].is_empty(), "{what}");
    }
    still_answers(&stack).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn billion_laughs_is_refused_without_expanding_anything() {
    let stack = app::start().await;
    let mut dtd = String::from("<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
    for i in 1..=9 {
        let prev = if i == 1 {
            "lol".to_owned()
        } else {
            format!("lol{}", i - 1)
        };
        dtd += &format!("<!ENTITY lol{i} \"{}\">", format!("&{prev};").repeat(10));
    }
    dtd += "]>";
    let body = format!(
        "<?xml version=\"1.0\"?>{dtd}<soap:Envelope xmlns:soap=\"{SOAP_ENV_NS}\" xmlns:ssbt=\"{SSBT_NS}\"><soap:Body><ssbt:testaBastjanstInformation>&lol9;</ssbt:testaBastjanstInformation></soap:Body></soap:Envelope>"
    );
    let started = Instant::now();
    let (code, felkod, messages) = fault(&stack, &body).await;
    eprintln!(
        "billion laughs refused in {} ms",
        started.elapsed().as_millis()
    );
    assert_eq!(
        (code.as_str(), felkod.as_str()),
        ("soap:Client", "SSBT-005")
    );
    assert!(messages[0].contains("DOCTYPE"), "{messages:?}");
    still_answers(&stack).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deep_nesting_and_too_many_elements_are_refused() {
    let stack = app::start().await;
    let depth = 100_000;
    let deep = envelope(&format!(
        "<ssbt:testaBastjanstInformation>{}{}</ssbt:testaBastjanstInformation>",
        "<a>".repeat(depth),
        "</a>".repeat(depth)
    ));
    let started = Instant::now();
    let (code, felkod, messages) = fault(&stack, &deep).await;
    eprintln!(
        "{depth} levels ({} bytes) refused in {} ms",
        deep.len(),
        started.elapsed().as_millis()
    );
    assert_eq!(
        (code.as_str(), felkod.as_str()),
        ("soap:Client", "SSBT-006")
    );
    assert!(messages[0].contains("nivåerna"), "{messages:?}");
    let wide = envelope(&format!(
        "<ssbt:testaBastjanstInformation>{}</ssbt:testaBastjanstInformation>",
        "<a/>".repeat(30_000)
    ));
    let (_, felkod, messages) = fault(&stack, &wide).await;
    assert_eq!(felkod, "SSBT-006");
    assert!(messages[0].contains("elementen"), "{messages:?}");
    still_answers(&stack).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_fields_are_named() {
    let stack = app::start().await;
    let person = stack.all_sources_person().expose().to_owned();
    let period = stack.two_years();
    let cases: Vec<(Fraga, &str)> = vec![
        (
            Fraga::new(&person, period).set("personidentitet", None),
            "generellaFrageparametrar/personidentitet' saknas",
        ),
        (
            Fraga::new(&person, period).set("ingivare", None),
            "generellaFrageparametrar/ingivare' saknas",
        ),
        (
            Fraga::new(&person, period).set("lagtext", None),
            "generellaFrageparametrar/lagtext' saknas",
        ),
        (
            Fraga::new(&format!("{}4", &person[..11]), period),
            "generellaFrageparametrar/personidentitet' har fel kontrollsiffra",
        ),
        (
            Fraga::new(&person, (period.1, period.0)),
            "generellaFrageparametrar/tidsperiod' slutar före sin början",
        ),
        (
            // Regression: a period in year 0000 was accepted and forwarded to agencies.
            Fraga::new(
                &person,
                (
                    jiff::civil::date(0, 1, 1),
                    jiff::civil::date(0, 12, 31),
                ),
            ),
            "generellaFrageparametrar/tidsperiod' får inte börja före 1900-01-01",
        ),
        (
            Fraga::new(&person, period).set(
                "ingivare",
                Some("<ssbt:ingivare><ssbt:organisationsnummer>2120000142</ssbt:organisationsnummer><ssbt:namn>K</ssbt:namn><ssbt:handlaggare>h</ssbt:handlaggare></ssbt:ingivare>"),
            ),
            "ingivare/organisationsnummer' ska bestå av 12 siffror",
        ),
        (
            Fraga::new(&person, period).set(
                "fraganSkallInkluderasISvaret",
                Some("<ssbt:fraganSkallInkluderasISvaret>kanske</ssbt:fraganSkallInkluderasISvaret>"),
            ),
            "fraganSkallInkluderasISvaret' ska vara true eller false",
        ),
    ];
    for (fraga, expected) in cases {
        let (code, felkod, messages) = fault(&stack, &fraga.envelope()).await;
        assert_eq!(
            (code.as_str(), felkod.as_str()),
            ("soap:Client", "SSBT-003")
        );
        assert!(
            messages.iter().any(|m| m.contains(expected)),
            "{expected}: {messages:#?}"
        );
        assert!(
            messages.iter().all(|m| !m.contains(&person[..11])),
            "no values echoed: {messages:?}"
        );
    }
    assert!(stack.lookups().await.is_empty(), "nothing reached the core");
    still_answers(&stack).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_without_wsdl_and_unknown_schema_paths_are_refused() {
    let stack = app::start().await;
    let get = |path: String| {
        let client = stack.client().clone();
        async move { client.get(path).send().await.unwrap().status().as_u16() }
    };
    assert_eq!(
        get(format!("{}{}", stack.url(), underlag_soap::ENDPOINT_PATH)).await,
        405
    );
    let base = format!("{}/ssbtek/v10/schemas", stack.url());
    assert_eq!(get(format!("{base}/nothing.xsd")).await, 404);
    assert_eq!(get(format!("{base}/../../../etc/passwd")).await, 404);
    assert_eq!(
        get(format!("{base}/se/%2e%2e/%2e%2e/Cargo.toml")).await,
        404
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn free_text_with_control_or_bidi_characters_is_refused_naming_the_field() {
    let stack = app::start().await;
    let person = stack.all_sources_person().expose().to_owned();
    let period = stack.two_years();
    let ingivare = |namn: &str, handlaggare: &str| {
        format!(
            "<ssbt:ingivare><ssbt:organisationsnummer>{}</ssbt:organisationsnummer><ssbt:namn>{namn}</ssbt:namn><ssbt:handlaggare>{handlaggare}</ssbt:handlaggare></ssbt:ingivare>",
            crate::envelopes::ORG
        )
    };
    let control = "får inte innehålla styrtecken";
    let bidi = "tecken som styr skrivriktningen";
    let mut with_processor = Fraga::new(&person, period);
    with_processor.processors = vec![(
        Some(1),
        crate::envelopes::PROCESSOR_ORG.to_owned(),
        "Biträdet&#x2066;HEMLIGT AB".to_owned(),
    )];
    let mut with_korrelationsid = Fraga::new(&person, period);
    with_korrelationsid.korrelationsid = Some("k-HEMLIGT\r\nforged".to_owned());
    let cases: Vec<(&str, Fraga, &str, &str)> = vec![
        (
            "a line break in the case worker",
            Fraga::new(&person, period).set(
                "ingivare",
                Some(&ingivare("Exempelkommun", "hl-HEMLIGT&#10;forged")),
            ),
            "ingivare/handlaggare",
            control,
        ),
        (
            "a bidi override in the case id",
            Fraga::new(&person, period).set(
                "arendeidentitet",
                Some("<ssbt:arendeidentitet>EB-HEMLIGT&#x202E;1</ssbt:arendeidentitet>"),
            ),
            "generellaFrageparametrar/arendeidentitet",
            bidi,
        ),
        (
            "a tab in the purpose",
            Fraga::new(&person, period)
                .set("syfte", Some("<ssbt:syfte>Utredning\tHEMLIGT</ssbt:syfte>")),
            "generellaFrageparametrar/syfte",
            control,
        ),
        (
            "a C1 control in the legal basis",
            Fraga::new(&person, period).set(
                "lagtext",
                Some("<ssbt:lagtext>11 kap.&#x85;HEMLIGT</ssbt:lagtext>"),
            ),
            "generellaFrageparametrar/lagtext",
            control,
        ),
        (
            "DEL in the organisation name",
            Fraga::new(&person, period).set(
                "ingivare",
                Some(&ingivare("Exempel&#x7F;HEMLIGT", "hl-soap")),
            ),
            "ingivare/namn",
            control,
        ),
        (
            "a line break in the correlation id",
            with_korrelationsid,
            "generellaFrageparametrar/korrelationsid",
            control,
        ),
        (
            "a bidi isolate in a data processor's name",
            with_processor,
            "personuppgiftsbitrade[1]/namn",
            bidi,
        ),
        (
            "a case worker of 501 characters",
            Fraga::new(&person, period).set(
                "ingivare",
                Some(&ingivare(
                    "Exempelkommun",
                    &format!("HEMLIGT{}", "å".repeat(494)),
                )),
            ),
            "ingivare/handlaggare",
            "högst 500 tecken",
        ),
    ];
    for (what, fraga, field, problem) in cases {
        let (code, felkod, messages) = fault(&stack, &fraga.envelope()).await;
        assert_eq!(
            (code.as_str(), felkod.as_str()),
            ("soap:Client", "SSBT-003"),
            "{what}: {messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains(&format!("{field}'")) && m.contains(problem)),
            "{what}: {messages:#?}"
        );
        assert!(
            messages.iter().all(|m| !m.contains("HEMLIGT")),
            "{what}: no value echoed: {messages:?}"
        );
    }
    // XML 1.0 cannot carry ESC or NUL at all, literally or as a reference.
    for escape in ["\u{1b}[2J", "&#x1B;[2J", "&#0;"] {
        let fraga = Fraga::new(&person, period).set(
            "ingivare",
            Some(&ingivare("Exempelkommun", &format!("hl{escape}"))),
        );
        let (_, felkod, messages) = fault(&stack, &fraga.envelope()).await;
        assert_eq!(felkod, "SSBT-001", "{escape:?}: {messages:?}");
    }
    assert!(stack.lookups().await.is_empty(), "nothing reached the core");

    // Indentation around a value is not part of it.
    let fraga = Fraga::new(&person, period).set(
        "ingivare",
        Some(&ingivare("\n    Exempelkommun\n  ", "\n    hl-soap\n  ")),
    );
    let Reply {
        status, text: xml, ..
    } = stack.soap_call(&fraga.envelope()).await;
    assert_eq!(status, 200, "{xml}");
    let records = stack.lookups().await;
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].case_worker, "hl-soap");
}

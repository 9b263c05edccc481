//! The requests in `examples/`, sent as they are to a demo gateway: the household
//! registration, the REST query and the SSBTEK v10 SOAP request, each answer checked (every
//! source answers for the all-sources person; the SOAP answer validates against the
//! contract's XSD with `xmllint`, and so does the example request itself).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::process::spawn_demo;

const SOAP_ENV_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";

fn example(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn xsd() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(
        "../../contracts/ssbtek-v10/schemas/se/forsakringskassan/schema/integration/ssbt/_10/sammansatt_bastjanst_v10.xsd",
    )
}

/// The Body's child of a SOAP envelope as a document of its own (the namespaces declared
/// on its ancestors added to its start tag), and its local name.
fn body_child(envelope: &str) -> (String, String) {
    let doc = roxmltree::Document::parse(envelope).unwrap();
    let body = doc
        .root_element()
        .children()
        .find(|c| c.has_tag_name((SOAP_ENV_NS, "Body")))
        .expect("a Body");
    let child = body
        .children()
        .find(|c| c.is_element())
        .expect("a Body child");
    let text = &envelope[child.range()];
    let name_end = text[1..]
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap()
        + 1;
    let start_tag = &text[..text.find('>').unwrap()];
    let mut declarations = String::new();
    for ns in child.namespaces() {
        let attr = ns
            .name()
            .map_or_else(|| "xmlns=".to_owned(), |p| format!("xmlns:{p}="));
        if !start_tag.contains(&attr) {
            declarations += &format!(" {attr}\"{}\"", ns.uri());
        }
    }
    let standalone = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}{declarations}{}",
        &text[..name_end],
        &text[name_end..]
    );
    (standalone, child.tag_name().name().to_owned())
}

/// `xmllint --noout --schema` of the v10 XSD on `document`; fails with xmllint's message.
fn validate(document: &str) {
    let mut file = tempfile::Builder::new().suffix(".xml").tempfile().unwrap();
    file.write_all(document.as_bytes()).unwrap();
    let output = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(xsd())
        .arg(file.path())
        .output()
        .expect("xmllint (Debian package libxml2-utils; scripts/test installs it)");
    assert!(
        output.status.success(),
        "not valid against sammansatt_bastjanst_v10.xsd:\n{}\n---\n{}",
        String::from_utf8_lossy(&output.stderr),
        document.chars().take(3000).collect::<String>()
    );
}

#[tokio::test]
async fn the_example_requests_are_answered_by_a_demo_gateway() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("audit.db").display());
    let demo = spawn_demo("warn", &db);
    let client = reqwest::Client::new();

    let household = client
        .put(format!(
            "{}/api/v1/cases/EB-2026-0042/household",
            demo.gateway
        ))
        .header("content-type", "application/json")
        .body(example("rest-household.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(household.status(), 200);
    let case: serde_json::Value = household.json().await.unwrap();
    assert_eq!(case["status"], "open");
    assert_eq!(case["household"].as_array().unwrap().len(), 2, "{case}");

    let reply = client
        .post(format!("{}/api/v1/queries", demo.gateway))
        .header("content-type", "application/json")
        .body(example("rest-query.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 200);
    let answer: serde_json::Value = reply.json().await.unwrap();
    let statuses: Vec<(String, String)> = answer["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["source"].as_str().unwrap().to_owned(),
                s["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(statuses.len(), 9, "{statuses:?}");
    assert!(
        statuses.iter().all(|(_, status)| status == "ok"),
        "every source answers for the all-sources person: {statuses:?}"
    );

    let envelope = example("soap-hamtaBastjanstInformation.xml");
    let (request, operation) = body_child(&envelope);
    assert_eq!(operation, "hamtaBastjanstInformation");
    validate(&request);
    let reply = client
        .post(format!("{}/ssbtek/v10/BastjanstInformation", demo.gateway))
        .header("content-type", "text/xml; charset=utf-8")
        .header("SOAPAction", "\"\"")
        .body(envelope)
        .send()
        .await
        .unwrap();
    let status = reply.status();
    let xml = reply.text().await.unwrap();
    assert_eq!(status, 200, "{xml}");
    let (answer, operation) = body_child(&xml);
    assert_eq!(operation, "hamtaBastjanstInformationResponse", "{xml}");
    validate(&answer);
    let doc = roxmltree::Document::parse(&answer).unwrap();
    assert!(
        !doc.descendants()
            .any(|n| n.has_tag_name("error") || n.tag_name().name() == "error"),
        "no provider failed: {answer}"
    );
    assert!(
        answer.contains("exempel-0042"),
        "the korrelationsid is echoed"
    );
    let mut child = demo.child;
    child.kill().unwrap();
    child.wait().unwrap();
}

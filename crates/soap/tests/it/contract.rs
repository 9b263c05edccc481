//! The contract as served: the WSDL names the endpoint as the caller reached it, and every
//! schema it reaches by `include`/`import` is served where the relative locations resolve.

use std::collections::BTreeSet;

use crate::harness::Stack;

async fn get(stack: &Stack, url: &str, host: Option<&str>) -> (u16, Option<String>, Vec<u8>) {
    let mut request = stack.client.get(url);
    if let Some(host) = host {
        request = request.header("host", host);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    (
        status,
        content_type,
        response.bytes().await.unwrap().to_vec(),
    )
}

/// UTF-8, or UTF-16LE with a byte-order mark (the a-kassor's schema).
fn text(bytes: &[u8]) -> String {
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_wsdl_names_the_endpoint_as_reached_and_its_schemas_resolve() {
    let stack = Stack::start().await;
    let (status, content_type, body) =
        get(&stack, &format!("{}?wsdl", stack.endpoint()), None).await;
    assert_eq!(status, 200);
    assert!(content_type.unwrap().starts_with("text/xml"));
    let wsdl = text(&body);
    let doc = roxmltree::Document::parse(&wsdl).unwrap();
    let location = doc
        .descendants()
        .find(|n| n.has_tag_name("address"))
        .and_then(|n| n.attribute("location"))
        .unwrap();
    assert_eq!(location, stack.endpoint());

    // Behind a proxy: the Host the caller used, and https when the proxy says so.
    let response = stack
        .client
        .get(format!("{}?WSDL", stack.endpoint()))
        .header("host", "ssbtek.kommun.example")
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    let proxied = response.text().await.unwrap();
    assert!(
        proxied
            .contains("location=\"https://ssbtek.kommun.example/ssbtek/v10/BastjanstInformation\"")
    );

    // Walk every include and import from the WSDL, over HTTP.
    let include = doc
        .descendants()
        .find(|n| n.has_tag_name("include"))
        .and_then(|n| n.attribute("schemaLocation"))
        .unwrap()
        .to_owned();
    let mut pending = vec![include];
    let mut seen = BTreeSet::new();
    while let Some(url) = pending.pop() {
        if !seen.insert(url.clone()) {
            continue;
        }
        let (status, _, body) = get(&stack, &url, None).await;
        assert_eq!(status, 200, "{url}");
        let schema = text(&body);
        let doc = roxmltree::Document::parse(&schema).unwrap();
        for node in doc.descendants() {
            if !(node.has_tag_name("import") || node.has_tag_name("include")) {
                continue;
            }
            if let Some(location) = node.attribute("schemaLocation") {
                pending.push(resolve(&url, location));
            }
        }
    }
    assert!(
        seen.len() >= 8,
        "the composite schema and the provider schemas: {seen:#?}"
    );
}

/// Resolves a relative reference against a URL (paths only, as in the contract).
fn resolve(base: &str, relative: &str) -> String {
    let (origin, path) = base.split_at(base.find("/ssbtek/").unwrap());
    let mut parts: Vec<&str> = path.split('/').collect();
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
    format!("{origin}{}", parts.join("/"))
}

//! The contract as served: the WSDL names the endpoint at its configured public URL (or a
//! loopback address, never a foreign `Host`), and every schema it reaches by
//! `include`/`import` is served where the relative locations resolve.

use std::collections::BTreeSet;

use underlag_test_support::TestApp;

use crate::app;

async fn get(stack: &TestApp, url: &str, host: Option<&str>) -> (u16, Option<String>, Vec<u8>) {
    let mut request = stack.client().get(url);
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
async fn the_wsdl_names_the_loopback_endpoint_and_its_schemas_resolve() {
    let stack = app::start().await;
    let (status, content_type, body) = get(
        &stack,
        &format!("{}{}?wsdl", stack.url(), underlag_soap::ENDPOINT_PATH),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert!(content_type.unwrap().starts_with("text/xml"));
    let wsdl = text(&body);
    let doc = roxmltree::Document::parse(&wsdl).unwrap();
    let location = doc
        .descendants()
        .find(|n| n.has_tag_name("address"))
        .and_then(|n| n.attribute("location"))
        .unwrap();
    assert_eq!(
        location,
        format!("{}{}", stack.url(), underlag_soap::ENDPOINT_PATH)
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

/// The `soap:address` and the `xsd:include` of a WSDL.
fn addresses(wsdl: &str) -> (String, String) {
    let doc = roxmltree::Document::parse(wsdl).unwrap();
    let attribute = |element: &str, name: &str| {
        doc.descendants()
            .find(|n| n.has_tag_name(element))
            .and_then(|n| n.attribute(name))
            .unwrap()
            .to_owned()
    };
    (
        attribute("address", "location"),
        attribute("include", "schemaLocation"),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wsdl_address_does_not_reflect_a_foreign_host_header() {
    let wsdl_url =
        |stack: &TestApp| format!("{}{}?wsdl", stack.url(), underlag_soap::ENDPOINT_PATH);

    // No public URL configured: a foreign Host gets no WSDL at all (nothing to cache), and
    // X-Forwarded-Proto is not believed.
    let stack = app::start().await;
    for host in [
        "evil.example",
        "evil.example:8080",
        "127.0.0.1.evil.example",
        "10.0.0.1",
    ] {
        let (status, _, body) = get(&stack, &wsdl_url(&stack), Some(host)).await;
        assert_eq!(status, 421, "{host}");
        assert!(!String::from_utf8_lossy(&body).contains(host), "{host}");
    }
    let response = stack
        .client()
        .get(wsdl_url(&stack))
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let (location, _) = addresses(&response.text().await.unwrap());
    assert_eq!(
        location,
        format!("{}{}", stack.url(), underlag_soap::ENDPOINT_PATH),
        "the listener's scheme, http"
    );
    let port = stack.gateway.addr.port();
    let (status, _, body) = get(
        &stack,
        &wsdl_url(&stack),
        Some(&format!("localhost:{port}")),
    )
    .await;
    assert_eq!(status, 200);
    let (location, _) = addresses(&text(&body));
    assert_eq!(
        location,
        format!("http://localhost:{port}/ssbtek/v10/BastjanstInformation")
    );

    // A public URL configured: it is the address, whatever the Host says.
    let stack = app::builder()
        .settings(|s| s.server.public_url = Some("https://ssbtek.kommun.example/".into()))
        .start()
        .await;
    for host in [None, Some("evil.example")] {
        let (status, _, body) = get(&stack, &wsdl_url(&stack), host).await;
        assert_eq!(status, 200, "{host:?}");
        let (location, include) = addresses(&text(&body));
        assert_eq!(
            location,
            "https://ssbtek.kommun.example/ssbtek/v10/BastjanstInformation"
        );
        assert!(
            include.starts_with("https://ssbtek.kommun.example/ssbtek/v10/schemas/"),
            "{include}"
        );
    }
}

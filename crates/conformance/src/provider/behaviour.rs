//! The behaviour cases that ask no person: ping, the error form of a malformed request, and
//! refusal without a client certificate.

use serde_json::json;

use super::{Judged, Runner, fail, pass};
use crate::case::Case;

impl Runner<'_> {
    pub(super) async fn ping(&self, case: &Case) -> Judged {
        let described = json!({"operation": "ping", "source": self.suite.source.code()});
        match tokio::time::timeout(self.budget, self.adapter.ping()).await {
            Err(_) => fail(
                format!(
                    "{}: the test service did not answer within {} ms",
                    case.fault,
                    self.budget.as_millis()
                ),
                described,
                String::new(),
            ),
            Ok(Ok(true)) => pass("the test service answered", described, String::new()),
            Ok(Ok(false)) => fail(
                format!("{}: the agency has no test service", case.fault),
                described,
                String::new(),
            ),
            Ok(Err(e)) => fail(
                format!("{}: the test service failed ({e})", case.fault),
                described,
                String::new(),
            ),
        }
    }

    pub(super) async fn error_form(&self, case: &Case) -> Judged {
        let Some(raw) = &case.request else {
            return fail(
                "could not run: the case has no [request]",
                json!(null),
                String::new(),
            );
        };
        let described = serde_json::to_value(raw).unwrap_or_default();
        let url = format!("{}{}", self.target.base_url.trim_end_matches('/'), raw.path);
        let method =
            reqwest::Method::from_bytes(raw.method.as_bytes()).unwrap_or(reqwest::Method::POST);
        let mut builder = self.http.request(method, &url).body(raw.body.clone());
        if let Some(ct) = &raw.content_type {
            builder = builder.header(reqwest::header::CONTENT_TYPE, ct);
        }
        for (name, value) in &raw.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let response = match builder.send().await {
            Ok(r) => r,
            Err(e) => {
                return fail(
                    format!("could not run: the request failed ({})", without_url(&e)),
                    described,
                    String::new(),
                );
            }
        };
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let body = response.text().await.unwrap_or_default();
        let mut problems = Vec::new();
        if !case.expect.status.is_empty() && !case.expect.status.contains(&status) {
            problems.push(format!(
                "status {status}, expected one of {:?}",
                case.expect.status
            ));
        }
        if let Some(want) = &case.expect.content_type
            && !content_type.starts_with(want.as_str())
        {
            problems.push(format!("content type '{content_type}', expected '{want}'"));
        }
        for text in &case.expect.body_contains {
            if !body.contains(text.as_str()) {
                problems.push(format!("the body lacks '{text}'"));
            }
        }
        if problems.is_empty() {
            pass(
                format!("status {status} in the contract's error form"),
                described,
                body,
            )
        } else {
            fail(
                format!("{}: {}", case.fault, problems.join("; ")),
                described,
                body,
            )
        }
    }

    pub(super) async fn client_certificate(&self, case: &Case) -> Judged {
        let described = json!({"operation": "connect without a client certificate", "path": "/"});
        let Some(tls) = &self.target.tls else {
            return fail(
                "could not run: no client certificate is configured (--cert, --key, --cacert), so refusal without one cannot be tested",
                described,
                String::new(),
            );
        };
        let client = underlag_tls::client_config(&tls.ca_pem, None)
            .map_err(|e| e.to_string())
            .and_then(|c| {
                underlag_tls::reqwest_builder(c)
                    .timeout(self.budget)
                    .build()
                    .map_err(|e| e.to_string())
            });
        let client = match client {
            Ok(c) => c,
            Err(why) => return fail(format!("could not run: {why}"), described, String::new()),
        };
        let url = format!("{}/", self.target.base_url.trim_end_matches('/'));
        match client.get(&url).send().await {
            Err(e) if e.is_timeout() => fail(
                format!(
                    "could not run: no answer within {} ms",
                    self.budget.as_millis()
                ),
                described,
                String::new(),
            ),
            Err(_) => pass(
                "the connection without a client certificate was refused",
                described,
                String::new(),
            ),
            Ok(response) => fail(
                format!(
                    "{}: answered HTTP {} to a client without a certificate",
                    case.fault,
                    response.status().as_u16()
                ),
                described,
                String::new(),
            ),
        }
    }
}

fn without_url(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    if let Some(url) = e.url() {
        text = text.replace(url.as_str(), "the endpoint");
    }
    text
}

//! The control API: setting, listing and clearing faults over HTTP.

use reqwest::StatusCode;
use underlag_domain::{Period, SourceId};
use underlag_sim::SimHandle;

use crate::common::{ask, client, request, start, two_years};

/// The control API of one simulator, through one client.
struct Control {
    client: reqwest::Client,
    base: String,
}

impl Control {
    /// Sets a fault on an agency (as the control API names it) with a JSON body.
    async fn put_fault(&self, agency: &str, body: &'static str) -> StatusCode {
        self.client
            .put(format!("{}/faults/{agency}", self.base))
            .body(body)
            .send()
            .await
            .unwrap()
            .status()
    }

    /// The faults in force.
    async fn faults(&self) -> serde_json::Value {
        self.client
            .get(format!("{}/faults", self.base))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// Clears the faults at `path` (below the control URL).
    async fn delete(&self, path: &str) -> StatusCode {
        self.client
            .delete(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
            .status()
    }
}

/// Asks one agency about the person for the period.
async fn ask_about(
    sim: &SimHandle,
    source: SourceId,
    pnr: &str,
    period: &Period,
) -> Result<reqwest::Response, reqwest::Error> {
    ask(sim, source, request(source, pnr, period)).await
}

#[tokio::test]
async fn faults_are_set_listed_and_cleared_over_http() {
    let sim = start().await;
    let control = Control {
        client: client(),
        base: sim.control_url(),
    };
    let period = two_years(sim.population().reference_date());
    let pnr = sim
        .population()
        .all_sources_person()
        .personnummer
        .expose()
        .to_owned();

    assert_eq!(control.put_fault("tns", r#"{"kind":"http500"}"#).await, 204);
    assert_eq!(
        control
            .put_fault("AF", r#"{"kind":"latency","ms":10}"#)
            .await,
        204
    );
    assert_eq!(
        control.faults().await,
        serde_json::json!({"AF": {"kind": "latency", "ms": 10}, "TNS": {"kind": "http500"}})
    );
    let answer = ask_about(&sim, SourceId::Tns, &pnr, &period).await;
    assert_eq!(answer.unwrap().status(), 500);

    assert_eq!(control.delete("/faults/TNS").await, 204);
    let answer = ask_about(&sim, SourceId::Tns, &pnr, &period).await;
    assert_eq!(answer.unwrap().status(), 200);

    assert_eq!(
        control
            .put_fault("miv", r#"{"kind":"connection_refused"}"#)
            .await,
        204
    );
    let answer = ask_about(&sim, SourceId::Miv, &pnr, &period).await;
    assert!(answer.unwrap_err().is_connect());
    assert_eq!(control.delete("/faults").await, 204);
    let answer = ask_about(&sim, SourceId::Miv, &pnr, &period).await;
    assert_eq!(answer.unwrap().status(), 200);
    assert_eq!(control.faults().await, serde_json::json!({}));

    assert_eq!(control.put_fault("xyz", r#"{"kind":"hang"}"#).await, 404);
    assert_eq!(control.put_fault("fk", r#"{"kind":"explode"}"#).await, 400);
    sim.shutdown().await;
}

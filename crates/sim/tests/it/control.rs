//! The control API: setting, listing and clearing faults over HTTP.

use underlag_domain::SourceId;

use crate::common::{ask, client, request, start, two_years};

#[tokio::test]
async fn faults_are_set_listed_and_cleared_over_http() {
    let sim = start().await;
    let c = client();
    let base = sim.control_url();
    let period = two_years(sim.population().reference_date());
    let pnr = sim
        .population()
        .all_sources_person()
        .personnummer
        .expose()
        .to_owned();

    let put = c
        .put(format!("{base}/faults/tns"))
        .body(r#"{"kind":"http500"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 204);
    let put = c
        .put(format!("{base}/faults/AF"))
        .body(r#"{"kind":"latency","ms":10}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 204);
    let listed: serde_json::Value = c
        .get(format!("{base}/faults"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        listed,
        serde_json::json!({"AF": {"kind": "latency", "ms": 10}, "TNS": {"kind": "http500"}})
    );
    assert_eq!(
        ask(&sim, SourceId::Tns, request(SourceId::Tns, &pnr, &period))
            .await
            .unwrap()
            .status(),
        500
    );

    let del = c.delete(format!("{base}/faults/TNS")).send().await.unwrap();
    assert_eq!(del.status(), 204);
    assert_eq!(
        ask(&sim, SourceId::Tns, request(SourceId::Tns, &pnr, &period))
            .await
            .unwrap()
            .status(),
        200
    );

    let refuse = c
        .put(format!("{base}/faults/miv"))
        .body(r#"{"kind":"connection_refused"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(refuse.status(), 204);
    assert!(
        ask(&sim, SourceId::Miv, request(SourceId::Miv, &pnr, &period))
            .await
            .unwrap_err()
            .is_connect()
    );
    assert_eq!(
        c.delete(format!("{base}/faults"))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(
        ask(&sim, SourceId::Miv, request(SourceId::Miv, &pnr, &period))
            .await
            .unwrap()
            .status(),
        200
    );
    let listed: serde_json::Value = c
        .get(format!("{base}/faults"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed, serde_json::json!({}));

    let unknown = c
        .put(format!("{base}/faults/xyz"))
        .body(r#"{"kind":"hang"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
    let bad = c
        .put(format!("{base}/faults/fk"))
        .body(r#"{"kind":"explode"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    sim.shutdown().await;
}

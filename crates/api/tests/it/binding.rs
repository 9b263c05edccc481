//! The purpose and case binding through REST: refusals are 403 problem documents naming the
//! field, with no lookup made and the refusal audited; the case household API, bound and
//! audited like a query.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use underlag_api::PROBLEM_JSON;
use underlag_audit::AuditKind;
use underlag_domain::Organisationsnummer;
use underlag_service::CallerIdentity;
use underlag_service::registry::{Connection, ConnectionStatus};
use underlag_test_support::fixtures::{exempel_drift, exempelkommun, fixed_query};
use underlag_test_support::{Doors, Doorway, Reply, json_request};

/// The doors' connection: Exempelkommun with Exempel Drift AB as its data processor.
fn connection() -> Connection {
    Connection {
        data_processors: vec![exempel_drift()],
        ..exempelkommun()
    }
}

/// Posts `fixed_query` changed by `change` and expects a 403 refusal with `reason` at
/// `field`, no lookup and one `refused` audit record with the reason.
async fn assert_refused(
    api: &Doors,
    change: impl FnOnce(&mut serde_json::Value),
    reason: &str,
    field: &str,
) {
    let mut body = fixed_query();
    change(&mut body);
    let before = api.audit.events.lock().unwrap().len();
    let Reply {
        status,
        content_type: ctype,
        body: problem,
        ..
    } = api.post_query(&body).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{problem}");
    assert_eq!(ctype, PROBLEM_JSON);
    assert_eq!(
        problem["type"],
        format!("urn:underlag:problem:refused-{reason}")
    );
    assert_eq!(problem["field"], field);
    assert_eq!(problem["errors"][0]["field"], field);
    assert!(
        problem["detail"].as_str().unwrap().starts_with(field),
        "{problem}"
    );
    assert!(!problem.to_string().contains("2385"), "no input echoed");
    assert_eq!(api.calls(), 0, "no lookup for a refused query");
    let events = api.audit.events.lock().unwrap();
    assert_eq!(events.len(), before + 1);
    let record = events.last().unwrap();
    assert_eq!(record.kind, AuditKind::Refused);
    assert_eq!(record.refusal.as_deref(), Some(reason));
}

#[tokio::test]
async fn a_suspended_organisation_is_refused() {
    let api = Doors::new();
    let mut c = connection();
    c.status = ConnectionStatus::Suspended;
    api.registry.put_connection(c);
    assert_refused(&api, |_| {}, "organisation_suspended", "organisation").await;
}

#[tokio::test]
async fn blank_attribution_fields_are_refused_and_audited() {
    let api = Doors::new();
    for (field, reason) in [
        ("case_worker", "missing_case_worker"),
        ("case_id", "missing_case_id"),
        ("purpose", "missing_purpose"),
        ("legal_basis", "missing_legal_basis"),
    ] {
        assert_refused(&api, |b| b[field] = json!(" "), reason, field).await;
    }
    assert_refused(
        &api,
        |b| b["purpose"] = json!("Allmän nyfikenhet"),
        "purpose_not_allowed",
        "purpose",
    )
    .await;
}

#[tokio::test]
async fn unregistered_data_processors_are_refused() {
    let api = Doors::new();
    assert_refused(
        &api,
        |b| {
            b["data_processors"] = json!([
                {"organisation": "5566778899", "name": "Exempel Drift AB"},
                {"organisation": "2120000142", "name": "Kommunen själv"}
            ])
        },
        "data_processor_not_allowed",
        "data_processors[1].organisation",
    )
    .await;
}

/// The attribution a household read carries, as query parameters.
const READ: &str =
    "case_worker=hl001&purpose=EKB-UTREDNING&legal_basis=11%20kap.%2011%20%C2%A7%20SoL";

fn read_path(case_id: &str, organisation: &str) -> String {
    format!("/api/v1/cases/{case_id}?organisation={organisation}&{READ}")
}

#[tokio::test]
async fn the_household_api_registers_reads_and_binds() {
    let api = Doors::new();
    let Reply {
        status, body: case, ..
    } = api
        .put_household(
            "EB-77",
            &json!({
                "organisation": "212000-0142",
                "persons": ["19900101-2385", "900101-2385"],
                "case_worker": "hl001"
            }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{case}");
    assert_eq!(case["organisation"], "2120000142");
    assert_eq!(case["case_id"], "EB-77");
    assert_eq!(case["status"], "open");
    assert_eq!(case["household"], json!(["199001012385"]));

    let Reply {
        status, body: read, ..
    } = api.get(&read_path("EB-77", "2120000142")).await;
    assert_eq!(status, StatusCode::OK, "{read}");
    assert_eq!(read, case);

    // Another organisation (not connected) is refused; an unknown case is 404.
    let Reply {
        status,
        content_type: ctype,
        body: problem,
        ..
    } = api.get(&read_path("EB-77", "2120000266")).await;
    assert_eq!(
        (status, ctype.as_str()),
        (StatusCode::FORBIDDEN, PROBLEM_JSON)
    );
    assert_eq!(
        problem["type"],
        "urn:underlag:problem:refused-organisation_unknown"
    );
    let Reply {
        status,
        body: problem,
        ..
    } = api.get(&read_path("EB-78", "2120000142")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(problem["type"], "urn:underlag:problem:case-not-found");
    assert_eq!(problem["field"], "case_id");

    // A query on that case for someone outside the household is refused.
    assert_refused(
        &api,
        |b| {
            b["case_id"] = json!("EB-77");
            b["person"] = json!("19120211-9150");
        },
        "person_not_in_household",
        "person",
    )
    .await;
    // … and for the registered person it goes through.
    let mut body = fixed_query();
    body["case_id"] = json!("EB-77");
    let Reply {
        status,
        body: answer,
        ..
    } = api.post_query(&body).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
}

/// Defect: `GET /api/v1/cases/{id}` returned the household's personnummer without a case
/// worker, purpose or legal basis and without an audit record.
#[tokio::test]
async fn household_read_requires_attribution_and_is_audited() {
    let api = Doors::new();
    let Reply { status, .. } = api
        .put_household(
            "EB-5",
            &json!({
                "organisation": "2120000142",
                "persons": ["19900101-2385", "19120211-9150"],
                "case_worker": "hl001"
            }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let before = api.audit.events.lock().unwrap().len();

    // The organisation alone no longer reads a household: every missing field is named.
    let Reply {
        status,
        body: problem,
        ..
    } = api.get("/api/v1/cases/EB-5?organisation=2120000142").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["case_worker", "purpose", "legal_basis"]);
    // Control characters are refused, naming the field and not repeating the value.
    let Reply { status, body: problem, .. } = api.get("/api/v1/cases/EB-5?organisation=2120000142&case_worker=hl%1B%5B2Jx&purpose=EKB-UTREDNING&legal_basis=SoL")
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(problem["field"], "case_worker");
    assert!(!problem.to_string().contains("[2J"), "{problem}");
    // A purpose outside the configured ones is refused and audited.
    let Reply { status, body: problem, .. } = api.get("/api/v1/cases/EB-5?organisation=2120000142&case_worker=hl001&purpose=Nyfikenhet&legal_basis=SoL")
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        problem["type"],
        "urn:underlag:problem:refused-purpose_not_allowed"
    );
    {
        let events = api.audit.events.lock().unwrap();
        assert_eq!(events.len(), before + 1);
        assert_eq!(events[before].kind, AuditKind::Refused);
        assert!(events[before].subject.is_none(), "nothing was read");
    }

    let Reply {
        status, body: case, ..
    } = api.get(&read_path("EB-5", "2120000142")).await;
    assert_eq!(status, StatusCode::OK, "{case}");
    let events = api.audit.events.lock().unwrap();
    let reads: Vec<_> = events[before + 1..].iter().collect();
    assert_eq!(reads.len(), 2, "one record per person read");
    let mut subjects: Vec<&str> = reads
        .iter()
        .map(|r| r.subject.as_ref().unwrap().expose())
        .collect();
    subjects.sort_unstable();
    assert_eq!(subjects, ["191202119150", "199001012385"]);
    for r in reads {
        assert_eq!(r.kind, AuditKind::CaseRead);
        assert_eq!(
            (
                r.organisation.as_str(),
                r.case_worker.as_str(),
                r.case_id.as_str()
            ),
            ("2120000142", "hl001", "EB-5")
        );
        assert_eq!(r.purpose, "EKB-UTREDNING");
        assert_eq!(r.legal_basis, "11 kap. 11 § SoL");
    }
}

#[tokio::test]
async fn a_household_read_that_cannot_be_audited_returns_no_data() {
    let api = Doors::builder().failing_audit().build();
    api.registry
        .put_case(underlag_service::registry::Case::household_of_one(
            connection().organisation,
            "EB-5".to_owned(),
            underlag_domain::Personnummer::parse_canonical("199001012385").unwrap(),
            jiff::Timestamp::now(),
        ));
    let Reply {
        status,
        body: problem,
        ..
    } = api.get(&read_path("EB-5", "2120000142")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{problem}");
    assert!(!problem.to_string().contains("2385"));
}

const OUR_CERT: &str = "abababababababababababababababababababababababababababababababab";
const THEIR_CERT: &str = "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd";

/// Sends `method path` (with a JSON body when given) as an mTLS caller presenting `cert`.
async fn send_as(
    api: &Doors,
    cert: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = json_request(method, path, body.as_ref());
    request.extensions_mut().insert(CallerIdentity {
        certificate_sha256: underlag_domain::Fingerprint::parse(cert).expect("a test fingerprint"),
        subject: "CN=kommun".into(),
    });
    let reply = api.call(request).await;
    (reply.status, reply.body)
}

/// Defect: an organisation could read another organisation's household by naming it.
#[tokio::test]
async fn reading_another_organisations_household_is_refused_and_audited() {
    let api = Doors::new();
    let ours = Connection {
        certificate_fingerprints: vec![underlag_domain::Fingerprint::parse(OUR_CERT).unwrap()],
        ..connection()
    };
    let theirs = Connection {
        organisation: Organisationsnummer::parse("2120000266").unwrap(),
        name: "Annan kommun".into(),
        certificate_fingerprints: vec![underlag_domain::Fingerprint::parse(THEIR_CERT).unwrap()],
        ..connection()
    };
    api.registry.put_connection(ours);
    api.registry.put_connection(theirs);
    let household = json!({
        "organisation": "2120000266",
        "persons": ["19120211-9150"],
        "case_worker": "hl-annan"
    });
    let (status, case) = send_as(
        &api,
        THEIR_CERT,
        Method::PUT,
        "/api/v1/cases/EB-THEIRS/household",
        Some(household),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{case}");
    let before = api.audit.events.lock().unwrap().len();

    // With our certificate, naming their organisation: refused, for reading and changing.
    let (status, problem) = send_as(
        &api,
        OUR_CERT,
        Method::GET,
        &read_path("EB-THEIRS", "2120000266"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{problem}");
    assert_eq!(
        problem["type"],
        "urn:underlag:problem:refused-certificate_mismatch"
    );
    assert!(!problem.to_string().contains("9150"));
    let (status, _) = send_as(
        &api,
        OUR_CERT,
        Method::PUT,
        "/api/v1/cases/EB-THEIRS/household",
        Some(json!({
            "organisation": "2120000266",
            "persons": ["19900101-2385"],
            "case_worker": "hl001"
        })),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Naming our own organisation, their case id is not a case of ours.
    let (status, _) = send_as(
        &api,
        OUR_CERT,
        Method::GET,
        &read_path("EB-THEIRS", "2120000142"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let events = api.audit.events.lock().unwrap();
    let refusals: Vec<(AuditKind, &str, &str)> = events[before..]
        .iter()
        .map(|r| {
            (
                r.kind,
                r.organisation.as_str(),
                r.refusal.as_deref().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        refusals,
        [
            (AuditKind::Refused, "2120000266", "certificate_mismatch"),
            (AuditKind::Refused, "2120000266", "certificate_mismatch"),
            (AuditKind::Refused, "2120000142", "case_unknown"),
        ]
    );
    assert!(
        events[before..]
            .iter()
            .all(|r| r.kind != AuditKind::CaseRead),
        "nothing was read"
    );
    drop(events);
    let their_case = api
        .registry
        .cases()
        .into_iter()
        .find(|c| c.case_id == "EB-THEIRS")
        .unwrap();
    assert_eq!(
        their_case
            .household
            .iter()
            .map(|p| p.expose())
            .collect::<Vec<_>>(),
        ["191202119150"],
        "their household is unchanged"
    );
}

#[tokio::test]
async fn the_household_api_names_invalid_fields() {
    let api = Doors::new();
    let Reply {
        status,
        body: problem,
        ..
    } = api
        .put_household(
            "EB-1",
            &json!({
                "organisation": "2120000142",
                "persons": ["19900101-2385", "19900101-2384"],
                "case_worker": "hl001"
            }),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(problem["field"], "persons[1]");
    assert!(!problem.to_string().contains("2384"));
    let Reply {
        status,
        body: problem,
        ..
    } = api
        .put_household("%20", &json!({"organisation": "2120000143", "persons": []}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let fields: Vec<_> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        fields,
        ["case_id", "organisation", "persons", "case_worker"]
    );
    let Reply {
        status,
        body: problem,
        ..
    } = api
        .put_household(
            "EB-1",
            &json!({
                "organisation": "2120000142",
                "persons": ["19900101-2385"],
                "case_worker": "hl\r\nFörfalskad rad"
            }),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(problem["field"], "case_worker");
    assert!(!problem.to_string().contains("Förfalskad"));
    let Reply {
        status,
        body: problem,
        ..
    } = api
        .put_household(
            "EB-1",
            &json!({"organisation": "2120000142", "persons": [], "nickname": "x"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(problem["field"], "nickname");
    let Reply {
        status,
        body: problem,
        ..
    } = api.get("/api/v1/cases/EB-1").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(problem["field"], "organisation");
    assert!(api.audit.events.lock().unwrap().is_empty());
}

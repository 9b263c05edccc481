//! Case requests in the core: bound to the organisation and its certificate, attributed like
//! a query, every read audited per person before it is returned, fail closed.

use std::collections::BTreeSet;
use std::sync::Arc;

use underlag_audit::{AuditKind, Channel};
use underlag_domain::{Organisationsnummer, Personnummer};
use underlag_registry::{Case, Connection, Reason};

use super::super::tests::{MemoryAudit, connection, orchestrator_with, query};
use crate::port::CallerIdentity;
use crate::registry_port::MemoryRegistry;
use crate::{CaseError, CaseRequest, Orchestrator};

const OUR_CERT: &str = "abababababababababababababababababababababababababababababababab";
const THEIR_CERT: &str = "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd";

fn fingerprint(text: &str) -> underlag_domain::Fingerprint {
    underlag_domain::Fingerprint::parse(text).expect("a test fingerprint")
}

fn org() -> Organisationsnummer {
    Organisationsnummer::parse("2120000142").unwrap()
}

fn other_org() -> Organisationsnummer {
    Organisationsnummer::parse("2120000266").unwrap()
}

fn person() -> Personnummer {
    query(&[]).person
}

fn other_person() -> Personnummer {
    (0..10)
        .find_map(|d| Personnummer::parse_canonical(&format!("19850615123{d}")).ok())
        .unwrap()
}

/// Two connected organisations, each with its own certificate, and one case each.
fn setup(audit: Arc<MemoryAudit>) -> (Orchestrator, Arc<MemoryRegistry>) {
    let registry = Arc::new(MemoryRegistry::new());
    let ours = Connection {
        certificate_fingerprints: vec![fingerprint(OUR_CERT)],
        ..connection()
    };
    let theirs = Connection {
        organisation: other_org(),
        name: "Annan kommun".into(),
        certificate_fingerprints: vec![fingerprint(THEIR_CERT)],
        ..connection()
    };
    registry.put_connection(ours);
    registry.put_connection(theirs);
    for (organisation, case_id) in [(org(), "EB-7"), (other_org(), "EB-THEIRS")] {
        registry.put_case(Case {
            organisation,
            case_id: case_id.into(),
            household: BTreeSet::from([person(), other_person()]),
            opened_at: jiff::Timestamp::now(),
            closed_at: None,
        });
    }
    let (o, _) = orchestrator_with(&[], audit, registry.clone());
    let o = o.with_registry(registry.clone(), super::super::tests::binding());
    (o, registry)
}

fn request(organisation: Organisationsnummer, case_id: &str, cert: Option<&str>) -> CaseRequest {
    CaseRequest {
        id: "r-1".into(),
        channel: Channel::Rest,
        organisation,
        caller: cert.map(|c| CallerIdentity {
            certificate_sha256: fingerprint(c),
            subject: "CN=kommun".into(),
        }),
        case_id: case_id.into(),
        case_worker: "hl001".into(),
        purpose: "EKB-UTREDNING".into(),
        legal_basis: "11 kap. 11 § socialtjänstlagen".into(),
    }
}

fn refused(result: Result<Case, CaseError>) -> Reason {
    match result {
        Err(CaseError::Refused(r)) => r.reason,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// Defect: `GET /cases/{id}` read the household's personnummer with no audit record.
#[tokio::test]
async fn household_read_is_audited_per_person_before_it_is_returned() {
    let audit = Arc::new(MemoryAudit::default());
    let (o, _) = setup(audit.clone());
    let case = o
        .read_case(&request(org(), "EB-7", Some(OUR_CERT)))
        .await
        .unwrap();
    assert_eq!(case.household.len(), 2);
    let events = audit.events.lock().unwrap();
    assert_eq!(events.len(), 2);
    let subjects: BTreeSet<Personnummer> =
        events.iter().filter_map(|r| r.subject.clone()).collect();
    assert_eq!(subjects, case.household);
    for r in events.iter() {
        assert_eq!(r.kind, AuditKind::CaseRead);
        assert_eq!(r.id, "r-1");
        assert_eq!(r.organisation, "2120000142");
        assert_eq!(
            (r.case_id.as_str(), r.case_worker.as_str()),
            ("EB-7", "hl001")
        );
        assert_eq!(r.purpose, "EKB-UTREDNING");
        assert!(r.refusal.is_none() && r.sources.is_empty());
    }
}

#[tokio::test]
async fn a_household_read_that_cannot_be_audited_returns_nothing() {
    let audit = Arc::new(MemoryAudit {
        fail: true,
        ..MemoryAudit::default()
    });
    let (o, _) = setup(audit);
    assert!(matches!(
        o.read_case(&request(org(), "EB-7", None)).await,
        Err(CaseError::AuditFailed(_))
    ));
}

/// Defect: a household could be read without a case worker, purpose or legal basis.
#[tokio::test]
async fn household_read_needs_the_attribution_of_a_query() {
    let audit = Arc::new(MemoryAudit::default());
    let (o, _) = setup(audit.clone());
    type Change = fn(&mut CaseRequest);
    let cases: [(Change, Reason); 4] = [
        (|r| r.case_worker = " ".into(), Reason::MissingCaseWorker),
        (|r| r.purpose = String::new(), Reason::MissingPurpose),
        (|r| r.legal_basis = String::new(), Reason::MissingLegalBasis),
        (
            |r| r.purpose = "Nyfikenhet".into(),
            Reason::PurposeNotAllowed,
        ),
    ];
    for (change, reason) in cases {
        let mut r = request(org(), "EB-7", None);
        change(&mut r);
        assert_eq!(refused(o.read_case(&r).await), reason);
    }
    let events = audit.events.lock().unwrap();
    assert_eq!(events.len(), 4);
    assert!(events.iter().all(|r| r.kind == AuditKind::Refused));
}

/// Defect: nothing stopped one organisation reading or changing another's case.
#[tokio::test]
async fn reading_another_organisations_household_is_refused_and_audited() {
    let audit = Arc::new(MemoryAudit::default());
    let (o, registry) = setup(audit.clone());
    // Over mTLS, our certificate naming the other organisation: certificate mismatch.
    let theirs = request(other_org(), "EB-THEIRS", Some(OUR_CERT));
    assert_eq!(
        refused(o.read_case(&theirs).await),
        Reason::CertificateMismatch
    );
    let persons = BTreeSet::from([person()]);
    assert_eq!(
        refused(o.set_household(&theirs, &persons).await),
        Reason::CertificateMismatch
    );
    // Naming ourselves, their case id is simply not one of our cases.
    assert!(matches!(
        o.read_case(&request(org(), "EB-THEIRS", Some(OUR_CERT)))
            .await,
        Err(CaseError::NotFound)
    ));
    let events = audit.events.lock().unwrap();
    let seen: Vec<(AuditKind, &str, &str)> = events
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
        seen,
        vec![
            (AuditKind::Refused, "2120000266", "certificate_mismatch"),
            (AuditKind::Refused, "2120000266", "certificate_mismatch"),
            (AuditKind::Refused, "2120000142", "case_unknown"),
        ]
    );
    assert!(events.iter().all(|r| r.subject.is_none()), "nothing read");
    // Their household is untouched.
    let their_case = registry
        .cases()
        .into_iter()
        .find(|c| c.case_id == "EB-THEIRS")
        .unwrap();
    assert_eq!(their_case.household.len(), 2);
}

#[tokio::test]
async fn household_changes_are_bound_to_the_organisation() {
    let audit = Arc::new(MemoryAudit::default());
    let (o, registry) = setup(audit.clone());
    let persons = BTreeSet::from([person()]);
    let case = o
        .set_household(&request(org(), "EB-8", Some(OUR_CERT)), &persons)
        .await
        .unwrap();
    assert_eq!(case.household, persons);
    let mut anonymous = request(org(), "EB-8", None);
    anonymous.case_worker = String::new();
    assert_eq!(
        refused(o.set_household(&anonymous, &persons).await),
        Reason::MissingCaseWorker
    );
    // A closed case cannot be changed; an unknown organisation can do nothing.
    let mut closed = case.clone();
    closed.closed_at = Some(jiff::Timestamp::now());
    registry.put_case(closed);
    assert_eq!(
        refused(
            o.set_household(&request(org(), "EB-8", None), &persons)
                .await
        ),
        Reason::CaseClosed
    );
    let nobody = (0..10)
        .find_map(|d| Organisationsnummer::parse(&format!("212000001{d}")).ok())
        .unwrap();
    assert_eq!(
        refused(o.read_case(&request(nobody, "EB-7", None)).await),
        Reason::OrganisationUnknown
    );
    let refusals: Vec<String> = audit
        .events
        .lock()
        .unwrap()
        .iter()
        .map(|r| r.refusal.clone().unwrap_or_default())
        .collect();
    assert_eq!(
        refusals,
        ["missing_case_worker", "case_closed", "organisation_unknown"]
    );
}

/// The query binding and the read share one registry: a household registered through the
/// case API admits a query for its persons only.
#[tokio::test]
async fn a_registered_household_admits_its_persons_only() {
    let audit = Arc::new(MemoryAudit::default());
    let (o, _) = setup(audit);
    let o = o.with_registry(
        {
            let registry = Arc::new(MemoryRegistry::new());
            registry.put_connection(connection());
            registry
        },
        crate::BindingConfig {
            today: || jiff::civil::date(2026, 11, 22),
            ..crate::BindingConfig::default()
        },
    );
    let persons = BTreeSet::from([person()]);
    o.set_household(&request(org(), "EB-2026-1", None), &persons)
        .await
        .unwrap();
    o.run(query(&[])).await.unwrap();
    let mut q = query(&[]);
    q.person = other_person();
    assert!(matches!(
        o.run(q).await,
        Err(crate::QueryError::Refused {
            reason: Reason::PersonNotInHousehold,
            ..
        })
    ));
}

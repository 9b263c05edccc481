//! The audit store holds one record per answered query, with every source's outcome (beside
//! the `admin` records of the registry: the demo connection, each case registered at its
//! first query).

use underlag_audit::AuditKind;
use underlag_domain::SourceId;
use underlag_sim::Fault;
use underlag_test_support::fixtures::query;
use underlag_test_support::{Doorway, TestApp};

#[tokio::test]
async fn one_audit_record_per_answered_query_with_per_source_outcomes() {
    let stack = TestApp::builder()
        .fault(SourceId::Miv, Fault::Http500)
        .start()
        .await;
    let population = stack.sim.population();
    let persons: Vec<_> = population.persons().iter().take(5).cloned().collect();
    let mut answers = Vec::new();
    for p in &persons {
        answers.push(stack.ask(&p.personnummer).await);
    }
    // A refused request leaves no record.
    let refused = stack
        .post_query(&query("19900101-2384", stack.last_year()))
        .await;
    assert_eq!(refused.status, 400);

    let store = &stack.gateway.store;
    let all = store.records(1, 100).await.unwrap();
    let records: Vec<_> = all
        .iter()
        .filter(|r| r.record.kind != AuditKind::Admin)
        .collect();
    assert_eq!(records.len(), persons.len());
    // The demo connection (one record, and one per legal basis it holds: AGI, KFM), then per
    // query its case's registration (two).
    assert_eq!(all.len(), 3 + 3 * persons.len());
    for (answer, record) in answers.iter().zip(records.iter().copied()) {
        assert_eq!(answer["query_id"], record.record.id.as_str());
        assert_eq!(answer["audit_seq"], record.seq);
        assert_eq!(record.record.sources.len(), SourceId::COUNT);
        let miv = record
            .record
            .sources
            .iter()
            .find(|s| s.source == "MIV")
            .unwrap();
        assert_eq!(miv.outcome, "unavailable");
        assert!(record.record.case_id.starts_with("EB-TEST-"));
    }
    for (p, r) in persons.iter().zip(records.iter().copied()) {
        assert_eq!(r.record.subject.as_ref(), Some(&p.personnummer));
    }
}

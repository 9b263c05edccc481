//! The audit store holds one record per answered query, with every source's outcome.

use underlag_domain::SourceId;
use underlag_sim::Fault;

use crate::harness::Stack;

#[tokio::test]
async fn one_audit_record_per_answered_query_with_per_source_outcomes() {
    let stack = Stack::start_with_faults(&[(SourceId::Miv, Fault::Http500)]).await;
    let population = stack.demo.sim.population();
    let persons: Vec<_> = population.persons().iter().take(5).cloned().collect();
    let mut answers = Vec::new();
    for p in &persons {
        answers.push(stack.ask(&p.personnummer).await);
    }
    // A refused request leaves no record.
    let (status, _) = stack
        .post(crate::harness::request("19900101-2384", stack.period()))
        .await;
    assert_eq!(status, 400);

    let store = &stack.demo.gateway.store;
    assert_eq!(store.count().await.unwrap(), persons.len() as u64);
    let records = store.records(1, 100).await.unwrap();
    for (answer, record) in answers.iter().zip(&records) {
        assert_eq!(answer["query_id"], record.record.id.as_str());
        assert_eq!(answer["audit_seq"], record.seq);
        assert_eq!(record.record.sources.len(), 7);
        let miv = record
            .record
            .sources
            .iter()
            .find(|s| s.source == "MIV")
            .unwrap();
        assert_eq!(miv.outcome, "unavailable");
        assert_eq!(record.record.case_id, "EB-E2E-1");
    }
    for (p, r) in persons.iter().zip(&records) {
        assert_eq!(r.record.subject.as_ref(), Some(&p.personnummer));
    }
}

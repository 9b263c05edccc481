//! Retries within the budget, back-off, and the circuit breaker.

use super::*;

#[tokio::test(start_paused = true)]
async fn retryable_failures_are_retried_once_within_budget() {
    let audit = Arc::new(MemoryAudit::default());
    let (o, adapters) = orchestrator(&all_ok_except(SourceId::So, Script::FailOnceThenOk), audit);
    let answer = o.run(query(&SourceId::ALL)).await.unwrap();
    let so = answer.source(SourceId::So).unwrap();
    assert_eq!((so.outcome.kind(), so.attempts), ("ok", 2));
    let so_adapter = adapters.iter().find(|a| a.id == SourceId::So).unwrap();
    assert_eq!(so_adapter.calls.load(Ordering::SeqCst), 2);
}

#[tokio::test(start_paused = true)]
async fn rejected_is_a_source_error_and_not_retried() {
    let audit = Arc::new(MemoryAudit::default());
    let (o, _) = orchestrator(&all_ok_except(SourceId::Af, Script::Rejected), audit);
    let answer = o.run(query(&SourceId::ALL)).await.unwrap();
    let af = answer.source(SourceId::Af).unwrap();
    assert_eq!((af.outcome.kind(), af.attempts), ("source_error", 1));
}

#[tokio::test(start_paused = true)]
async fn the_circuit_opens_after_repeated_failures() {
    let audit = Arc::new(MemoryAudit::default());
    let (o, adapters) = orchestrator(&all_ok_except(SourceId::Miv, Script::Unavailable), audit);
    // Two attempts per query, threshold 2: the first query opens the circuit.
    let first = o.run(query(&SourceId::ALL)).await.unwrap();
    assert_eq!(
        first.source(SourceId::Miv).unwrap().outcome.kind(),
        "unavailable"
    );
    let second = o.run(query(&SourceId::ALL)).await.unwrap();
    let miv = second.source(SourceId::Miv).unwrap();
    assert_eq!((miv.outcome.kind(), miv.attempts), ("unavailable", 0));
    let calls = adapters
        .iter()
        .find(|a| a.id == SourceId::Miv)
        .unwrap()
        .calls
        .load(Ordering::SeqCst);
    assert_eq!(calls, 2, "the open circuit spared the agency");
}

/// Survivor (issue 16): removing the budget check before a retry passed every test. With
/// 250 ms left after a 20 ms failure, a retry (100 ms back-off, then at least 200 ms of
/// budget) cannot be useful: the agency is asked once, and the answer comes at once.
#[tokio::test(start_paused = true)]
async fn no_retry_is_started_when_the_time_left_cannot_cover_one() {
    let audit = Arc::new(MemoryAudit::default());
    let (mut o, adapters) = orchestrator(&all_ok_except(SourceId::So, Script::Unavailable), audit);
    o.config.deadline = Duration::from_millis(250);
    o.config.retry_backoff = Duration::from_millis(100);
    o.config.min_attempt_budget = Duration::from_millis(200);
    let answer = o.run(query(&[SourceId::So])).await.unwrap();
    let so = answer.source(SourceId::So).unwrap();
    assert_eq!((so.outcome.kind(), so.attempts), ("unavailable", 1));
    let calls = adapters
        .iter()
        .find(|a| a.id == SourceId::So)
        .unwrap()
        .calls
        .load(Ordering::SeqCst);
    assert_eq!(calls, 1, "no retry without the budget for one");
    // The same failure with a budget that covers a retry is retried (the check is a bound,
    // not a ban).
    let (mut o, _) = orchestrator(
        &all_ok_except(SourceId::So, Script::Unavailable),
        Arc::new(MemoryAudit::default()),
    );
    // Exactly enough (300 ms left after the 20 ms failure: back-off plus minimum budget):
    // retried. On the paused clock the boundary is exact.
    o.config.deadline = Duration::from_millis(320);
    o.config.retry_backoff = Duration::from_millis(100);
    o.config.min_attempt_budget = Duration::from_millis(200);
    let answer = o.run(query(&[SourceId::So])).await.unwrap();
    assert_eq!(answer.source(SourceId::So).unwrap().attempts, 2);
}

/// Mutation survivor (issue 16): one attempt more than `max_attempts` went unnoticed, since
/// the breaker stopped it. An agency failing every time is asked `max_attempts` times, and
/// the outcome is its own failure, not the circuit's.
#[tokio::test(start_paused = true)]
async fn a_failing_agency_is_asked_max_attempts_times() {
    let (o, adapters) = orchestrator(
        &all_ok_except(SourceId::So, Script::Unavailable),
        Arc::new(MemoryAudit::default()),
    );
    let answer = o.run(query(&[SourceId::So])).await.unwrap();
    let so = answer.source(SourceId::So).unwrap();
    assert_eq!(so.attempts, 2);
    assert!(
        matches!(&so.outcome, Outcome::Unavailable { reason } if reason == "HTTP 500"),
        "the agency's failure, not the circuit's: {:?}",
        so.outcome
    );
    let calls = adapters
        .iter()
        .find(|a| a.id == SourceId::So)
        .unwrap()
        .calls
        .load(Ordering::SeqCst);
    assert_eq!(calls, 2);
}

/// Survivor (issue 16): an agency answering invalidly never tripped its breaker, and no
/// test noticed. Invalid answers are not retried, so each query makes one call; with a
/// threshold of two, the third query finds the circuit open and spares the agency.
#[tokio::test(start_paused = true)]
async fn invalid_answers_open_the_circuit() {
    let audit = Arc::new(MemoryAudit::default());
    let (o, adapters) = orchestrator(&all_ok_except(SourceId::Csn, Script::Invalid), audit);
    for _ in 0..2 {
        let answer = o.run(query(&[SourceId::Csn])).await.unwrap();
        let csn = answer.source(SourceId::Csn).unwrap();
        assert_eq!((csn.outcome.kind(), csn.attempts), ("invalid_response", 1));
    }
    let third = o.run(query(&[SourceId::Csn])).await.unwrap();
    let csn = third.source(SourceId::Csn).unwrap();
    assert_eq!((csn.outcome.kind(), csn.attempts), ("unavailable", 0));
    let calls = adapters
        .iter()
        .find(|a| a.id == SourceId::Csn)
        .unwrap()
        .calls
        .load(Ordering::SeqCst);
    assert_eq!(calls, 2, "the open circuit spared the agency");
}

/// Mutation survivor (issue 16): the back-off before a retry. On the paused clock the
/// latency is exact: 20 ms failure, 100 ms back-off, 20 ms answer.
#[tokio::test(start_paused = true)]
async fn a_retry_waits_the_back_off_first() {
    let (o, _) = orchestrator(
        &all_ok_except(SourceId::So, Script::FailOnceThenOk),
        Arc::new(MemoryAudit::default()),
    );
    let answer = o.run(query(&[SourceId::So])).await.unwrap();
    let so = answer.source(SourceId::So).unwrap();
    assert_eq!((so.attempts, so.latency_ms), (2, Some(140)));
}

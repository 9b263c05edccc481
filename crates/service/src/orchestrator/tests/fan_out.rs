//! One outcome per source under one deadline: timeouts, entitlement, invalid answers, what
//! the doors read back.

use super::*;

#[tokio::test(start_paused = true)]
async fn every_source_gets_exactly_one_outcome() {
    let audit = Arc::new(MemoryAudit::default());
    let (o, _) = orchestrator(&all_ok_except(SourceId::Tns, Script::Ok), audit.clone());
    let answer = o.run(query(&[SourceId::Fk, SourceId::Af])).await.unwrap();
    assert_eq!(answer.sources.len(), SourceId::COUNT);
    let kinds: Vec<_> = answer
        .sources
        .iter()
        .map(|r| (r.source, r.outcome.kind()))
        .collect();
    assert!(kinds.contains(&(SourceId::Fk, "ok")) && kinds.contains(&(SourceId::Af, "ok")));
    assert_eq!(
        kinds.iter().filter(|(_, k)| *k == "not_requested").count(),
        SourceId::COUNT - 2
    );
    let events = audit.events.lock().unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].sources.len(), SourceId::COUNT);
}

#[tokio::test(start_paused = true)]
async fn a_hanging_source_times_out_within_the_deadline() {
    let audit = Arc::new(MemoryAudit::default());
    let (o, _) = orchestrator(&all_ok_except(SourceId::Csn, Script::Hang), audit);
    let started = Instant::now();
    let answer = o.run(query(&SourceId::ALL)).await.unwrap();
    assert!(
        started.elapsed() <= Duration::from_millis(1500 + 100),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        answer.source(SourceId::Csn).unwrap().outcome.kind(),
        "timed_out"
    );
    assert!(
        answer
            .sources
            .iter()
            .filter(|r| r.source != SourceId::Csn)
            .all(|r| r.outcome.kind() == "ok")
    );
}

#[tokio::test(start_paused = true)]
async fn the_overall_deadline_caps_slow_per_source_timeouts() {
    let audit = Arc::new(MemoryAudit::default());
    let (mut o, _) = orchestrator(&all_ok_except(SourceId::Skv, Script::Hang), audit);
    o.config.source_timeout = Duration::from_secs(60);
    let started = Instant::now();
    let answer = o.run(query(&SourceId::ALL)).await.unwrap();
    assert!(started.elapsed() <= o.config.deadline + Duration::from_millis(100));
    assert_eq!(
        answer.source(SourceId::Skv).unwrap().outcome.kind(),
        "timed_out"
    );
}

#[tokio::test(start_paused = true)]
async fn not_entitled_sources_are_never_called() {
    let audit = Arc::new(MemoryAudit::default());
    // The admitted plan is what marks a source not entitled: here the registry's connection.
    let registry = Arc::new(MemoryRegistry::new());
    let mut limited = connection();
    limited.entitled_sources.remove(&SourceId::Tns);
    registry.put_connection(limited);
    let (o, adapters) =
        orchestrator_with(&all_ok_except(SourceId::Tns, Script::Ok), audit, registry);
    let q = query(&SourceId::ALL);
    let answer = o.run(q).await.unwrap();
    assert_eq!(
        answer.source(SourceId::Tns).unwrap().outcome.kind(),
        "not_entitled"
    );
    let calls = adapters
        .iter()
        .find(|a| a.id == SourceId::Tns)
        .unwrap()
        .calls
        .load(Ordering::SeqCst);
    assert_eq!(calls, 0);
}

#[tokio::test(start_paused = true)]
async fn invalid_responses_stay_invalid() {
    let audit = Arc::new(MemoryAudit::default());
    let (o, _) = orchestrator(&all_ok_except(SourceId::Csn, Script::Invalid), audit);
    let answer = o.run(query(&SourceId::ALL)).await.unwrap();
    assert_eq!(
        answer.source(SourceId::Csn).unwrap().outcome.kind(),
        "invalid_response"
    );
}

/// Mutation survivor (issue 16): a caller-written LEFI request (SOAP `lefiJsonFraga`) is
/// forwarded to FK, and only to FK.
#[tokio::test(start_paused = true)]
async fn a_callers_lefi_request_reaches_fk_only() {
    let (o, adapters) = orchestrator(
        &all_ok_except(SourceId::Fk, Script::Ok),
        Arc::new(MemoryAudit::default()),
    );
    let mut q = query(&[SourceId::Fk, SourceId::Af]);
    let body = serde_json::json!({"fraga": "lefi"});
    q.lefi_request = Some(crate::query::LefiFraga {
        actor_id: underlag_domain::LefiActorId::parse("aktor-1").unwrap(),
        body: body.clone(),
    });
    o.run(q).await.unwrap();
    let asked = |id: SourceId| {
        adapters
            .iter()
            .find(|a| a.id == id)
            .unwrap()
            .requests
            .lock()
            .unwrap()
            .iter()
            .map(|r| r.lefi_request.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(asked(SourceId::Fk), [Some(body)]);
    assert_eq!(asked(SourceId::Af), [None]);
}

/// Mutation survivors (issue 16): the accessors the doors and health use.
#[tokio::test(start_paused = true)]
async fn the_accessors_report_config_breakers_and_adapters() {
    let (o, _) = orchestrator(
        &all_ok_except(SourceId::Miv, Script::Unavailable),
        Arc::new(MemoryAudit::default()),
    );
    assert_eq!(o.config().deadline, Duration::from_secs(2));
    assert!(o.adapter(SourceId::Miv).is_some());
    assert_eq!(format!("{o:?}"), "Orchestrator { .. }");
    let state = |o: &Orchestrator| {
        o.breaker_states()
            .into_iter()
            .find(|(id, _)| *id == SourceId::Miv)
            .map(|(_, s)| s)
    };
    assert_eq!(state(&o), Some(BreakerState::Closed));
    o.run(query(&[SourceId::Miv])).await.unwrap();
    assert_eq!(state(&o), Some(BreakerState::Open));
    assert_eq!(o.breaker_states().len(), SourceId::COUNT);
    let (without_tns, _) = orchestrator(
        &[(SourceId::Fk, Script::Ok)],
        Arc::new(MemoryAudit::default()),
    );
    assert!(without_tns.adapter(SourceId::Tns).is_none());
}

/// Mutation survivors (issue 16): the log line's outcome summary (source=kind, in order)
/// and which fetch failures are worth another attempt.
#[test]
fn the_outcome_summary_and_retryable_failures() {
    let sources = [
        SourceResult::not_called(SourceId::Fk, Outcome::NotRequested),
        SourceResult::not_called(SourceId::Tns, Outcome::NotEntitled),
    ];
    assert_eq!(
        outcome_summary(&sources),
        "FK=not_requested,TNS=not_entitled"
    );
    assert!(FetchError::Unavailable("HTTP 503".into()).is_retryable());
    assert!(!FetchError::Rejected("HTTP 404".into()).is_retryable());
}

/// Mutation survivor (issue 16): the answer and its audit record carry the time the query
/// was received.
#[tokio::test(start_paused = true)]
async fn the_answer_and_its_record_carry_the_time_received() {
    let audit = Arc::new(MemoryAudit::default());
    let (o, _) = orchestrator(&all_ok_except(SourceId::Fk, Script::Ok), audit.clone());
    let before = jiff::Timestamp::now();
    let answer = o.run(query(&[SourceId::Fk])).await.unwrap();
    let after = jiff::Timestamp::now();
    assert!(before <= answer.received_at && answer.received_at <= after);
    assert_eq!(audit.events.lock().unwrap()[0].at, answer.received_at);
}

/// Mutation survivor (issue 16): the period rule the doors read is the configured one.
#[test]
fn the_period_rule_is_the_configured_one() {
    let (mut o, _) = orchestrator(&[], Arc::new(MemoryAudit::default()));
    o.binding.policy.max_period_months = 36;
    assert_eq!(o.period_rule().max_months(), 36);
}

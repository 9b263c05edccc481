//! The binding in the core: refusals call no source and are audited, entitlements and the
//! LEFI actor id come from the connection, query-time registration (off by default).

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::Ordering;

use async_trait::async_trait;
use underlag_audit::AuditKind;
use underlag_domain::{LefiActorId, Organisationsnummer, Personnummer, RawPayload, SourceId};
use underlag_registry::{Case, Connection, ConnectionStatus, Reason};

use super::super::tests::{
    MemoryAudit, Script, Scripted, all_ok_except, connection, orchestrator_with, query,
};
use crate::port::{Answer, CallerIdentity, FetchError, SourceAdapter, SourceRequest};
use crate::registry_port::{MemoryRegistry, Registry, RegistryChange, RegistryError};
use crate::{Orchestrator, OrchestratorConfig, QueryError};

/// The fingerprint whose 32 bytes are all `byte` (two hex digits).
fn fingerprint(byte: &str) -> underlag_domain::Fingerprint {
    underlag_domain::Fingerprint::parse(&byte.repeat(32)).expect("a test fingerprint")
}

fn registry_with(connection: Connection) -> Arc<MemoryRegistry> {
    let registry = Arc::new(MemoryRegistry::new());
    registry.put_connection(connection);
    registry
}

fn calls(adapters: &[Arc<Scripted>]) -> u32 {
    adapters
        .iter()
        .map(|a| a.calls.load(Ordering::SeqCst))
        .sum()
}

fn other_person() -> Personnummer {
    (0..10)
        .find_map(|d| Personnummer::parse_canonical(&format!("19850615123{d}")).ok())
        .unwrap()
}

fn reason(result: Result<crate::CompositeAnswer, QueryError>) -> Reason {
    match result {
        Err(QueryError::Refused { reason, .. }) => reason,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn without_a_registry_every_query_is_refused() {
    let audit = Arc::new(MemoryAudit::default());
    let scripted = Arc::new(Scripted {
        id: SourceId::Fk,
        script: Script::Ok,
        calls: Default::default(),
        requests: Default::default(),
    });
    let o = Orchestrator::new(
        vec![scripted.clone() as Arc<dyn SourceAdapter>],
        audit.clone(),
        OrchestratorConfig::default(),
    );
    let result = o.run(query(&SourceId::ALL)).await;
    assert_eq!(reason(result), Reason::OrganisationUnknown);
    assert_eq!(scripted.calls.load(Ordering::SeqCst), 0);
    assert_eq!(audit.events.lock().unwrap()[0].kind, AuditKind::Refused);
}

#[tokio::test(start_paused = true)]
async fn a_refusal_calls_no_source_and_is_audited_with_its_reason() {
    let audit = Arc::new(MemoryAudit::default());
    let mut suspended = connection();
    suspended.status = ConnectionStatus::Suspended;
    let (o, adapters) = orchestrator_with(
        &all_ok_except(SourceId::Fk, Script::Ok),
        audit.clone(),
        registry_with(suspended),
    );
    let q = query(&SourceId::ALL);
    let person = q.person.clone();
    match o.run(q).await {
        Err(QueryError::Refused {
            reason,
            field,
            message,
        }) => {
            assert_eq!(reason, Reason::OrganisationSuspended);
            assert_eq!(field, "organisation");
            assert!(message.contains("suspended"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(calls(&adapters), 0);
    let events = audit.events.lock().unwrap();
    assert_eq!(events.len(), 1);
    let r = &events[0];
    assert_eq!(r.kind, AuditKind::Refused);
    assert_eq!(r.refusal.as_deref(), Some("organisation_suspended"));
    assert_eq!(r.id, "q-1");
    assert_eq!(
        (r.case_id.as_str(), r.case_worker.as_str()),
        ("EB-2026-1", "hl001")
    );
    assert_eq!(r.subject.as_ref(), Some(&person));
    assert!(r.sources.is_empty());
}

#[tokio::test(start_paused = true)]
async fn a_refusal_that_cannot_be_audited_fails_closed() {
    let audit = Arc::new(MemoryAudit {
        fail: true,
        ..MemoryAudit::default()
    });
    let (o, adapters) = orchestrator_with(
        &all_ok_except(SourceId::Fk, Script::Ok),
        audit,
        Arc::new(MemoryRegistry::new()),
    );
    assert!(matches!(
        o.run(query(&SourceId::ALL)).await,
        Err(QueryError::AuditFailed(_))
    ));
    assert_eq!(calls(&adapters), 0);
}

struct DownRegistry;

#[async_trait]
impl Registry for DownRegistry {
    async fn connection(
        &self,
        _: &Organisationsnummer,
    ) -> Result<Option<Connection>, RegistryError> {
        Err(RegistryError::Unavailable("down".into()))
    }
    async fn case(&self, _: &Organisationsnummer, _: &str) -> Result<Option<Case>, RegistryError> {
        Err(RegistryError::Unavailable("down".into()))
    }
    async fn register_case(&self, _: &Case, _: &RegistryChange) -> Result<bool, RegistryError> {
        Err(RegistryError::Unavailable("down".into()))
    }
    async fn set_household(
        &self,
        _: &Organisationsnummer,
        _: &str,
        _: &BTreeSet<Personnummer>,
        _: &RegistryChange,
    ) -> Result<Case, RegistryError> {
        Err(RegistryError::Unavailable("down".into()))
    }
}

#[tokio::test(start_paused = true)]
async fn an_unreadable_registry_fails_closed() {
    let audit = Arc::new(MemoryAudit::default());
    let (o, adapters) = orchestrator_with(
        &all_ok_except(SourceId::Fk, Script::Ok),
        audit.clone(),
        Arc::new(MemoryRegistry::new()),
    );
    let o = o.with_registry(Arc::new(DownRegistry), super::super::tests::binding());
    assert!(matches!(
        o.run(query(&SourceId::ALL)).await,
        Err(QueryError::RegistryUnavailable(_))
    ));
    assert_eq!(calls(&adapters), 0);
    assert!(audit.events.lock().unwrap().is_empty());
}

#[tokio::test(start_paused = true)]
async fn sources_outside_the_connection_are_not_entitled_and_never_called() {
    let audit = Arc::new(MemoryAudit::default());
    let mut limited = connection();
    limited.entitled_sources.remove(&SourceId::Tns);
    let (o, adapters) = orchestrator_with(
        &all_ok_except(SourceId::Tns, Script::Hang),
        audit,
        registry_with(limited),
    );
    let answer = o.run(query(&SourceId::ALL)).await.unwrap();
    let tns = answer.source(SourceId::Tns).unwrap();
    assert_eq!((tns.outcome.kind(), tns.attempts), ("not_entitled", 0));
    let tns_adapter = adapters.iter().find(|a| a.id == SourceId::Tns).unwrap();
    assert_eq!(tns_adapter.calls.load(Ordering::SeqCst), 0);
    assert_eq!(answer.source(SourceId::Fk).unwrap().outcome.kind(), "ok");
}

/// Remembers the LEFI actor id it was asked with.
struct ActorProbe(Mutex<Vec<String>>);

#[async_trait]
impl SourceAdapter for ActorProbe {
    fn source(&self) -> SourceId {
        SourceId::Fk
    }
    async fn fetch(&self, request: &SourceRequest) -> Result<Answer, FetchError> {
        if let Ok(mut seen) = self.0.lock() {
            seen.push(LefiActorId::text_of(request.context.lefi_actor_id.as_ref()).to_owned());
        }
        Ok(Answer {
            outcome: underlag_domain::Outcome::NoMatch { warnings: vec![] },
            raw: RawPayload {
                content_type: "application/json".into(),
                body: "{}".into(),
            },
        })
    }
    async fn ping(&self) -> Result<bool, FetchError> {
        Ok(true)
    }
}

fn actor(text: &str) -> LefiActorId {
    LefiActorId::parse(text).unwrap()
}

/// The binding with `A1` as the configured fallback actor id.
fn binding_with_fallback_actor() -> crate::BindingConfig {
    let mut binding = super::super::tests::binding();
    binding.policy.default_lefi_actor_id = Some(actor("A1"));
    binding
}

#[tokio::test(start_paused = true)]
async fn the_connections_lefi_actor_id_replaces_the_global_one() {
    let mut with_actor = connection();
    with_actor.lefi_actor_id = Some(actor("ACTOR-KOMMUN"));
    let probe = Arc::new(ActorProbe(Mutex::new(vec![])));
    let o = Orchestrator::new(
        vec![probe.clone() as Arc<dyn SourceAdapter>],
        Arc::new(MemoryAudit::default()),
        OrchestratorConfig::default(),
    )
    .with_registry(registry_with(with_actor), binding_with_fallback_actor());
    o.run(query(&[SourceId::Fk])).await.unwrap();
    // Without one registered, the configured id stays.
    let o = o.with_registry(registry_with(connection()), binding_with_fallback_actor());
    o.run(query(&[SourceId::Fk])).await.unwrap();
    assert_eq!(*probe.0.lock().unwrap(), vec!["ACTOR-KOMMUN", "A1"]);
}

/// A v10 `fraga` names its own actor id: it is used when the connection registers none (the
/// configured fallback is not), and a registered one still wins; the caller's LEFI request
/// reaches FK as sent.
#[tokio::test(start_paused = true)]
async fn the_requests_own_actor_id_is_used_when_the_connection_has_none() {
    let probe = Arc::new(ActorProbe(Mutex::new(vec![])));
    let lefi = crate::LefiFraga {
        actor_id: actor("AKTOR-FRAGA"),
        body: serde_json::json!({"utbetalningar": ["FK:AS"]}),
    };
    let o = Orchestrator::new(
        vec![probe.clone() as Arc<dyn SourceAdapter>],
        Arc::new(MemoryAudit::default()),
        OrchestratorConfig::default(),
    )
    .with_registry(registry_with(connection()), binding_with_fallback_actor());
    let mut q = query(&[SourceId::Fk]);
    q.lefi_request = Some(lefi.clone());
    let plan = o.admit(q).await.unwrap();
    assert_eq!(plan.lefi_actor_id(), Some(&actor("AKTOR-FRAGA")));
    o.execute(plan).await.unwrap();
    let mut with_actor = connection();
    with_actor.lefi_actor_id = Some(actor("ACTOR-KOMMUN"));
    let o = o.with_registry(registry_with(with_actor), binding_with_fallback_actor());
    let mut q = query(&[SourceId::Fk]);
    q.lefi_request = Some(lefi);
    o.run(q).await.unwrap();
    assert_eq!(
        *probe.0.lock().unwrap(),
        vec!["AKTOR-FRAGA", "ACTOR-KOMMUN"]
    );
}

/// What the core decides is in the admitted plan, not in what the door sent: the not
/// entitled sources, the actor id, the recorded purpose, and the caller as checked.
#[tokio::test(start_paused = true)]
async fn the_admitted_plan_holds_what_the_binding_decided() {
    let mut c = connection();
    c.entitled_sources.remove(&SourceId::Csn);
    c.lefi_actor_id = Some(actor("ACTOR-KOMMUN"));
    c.certificate_fingerprints = vec![fingerprint("ab")];
    c.syfte_mappings = vec![
        underlag_registry::SyfteMapping::new("Kontroll enligt rutin", "EKB-KONTROLL").unwrap(),
    ];
    let (o, adapters) = orchestrator_with(
        &all_ok_except(SourceId::Fk, Script::Ok),
        Arc::new(MemoryAudit::default()),
        registry_with(c),
    );
    let mut q = query(&[SourceId::Fk, SourceId::Csn]);
    q.attribution.purpose = "Kontroll enligt rutin".into();
    q.caller = Some(CallerIdentity {
        certificate_sha256: fingerprint("ab"),
        subject: "CN=Exempelkommun".into(),
    });
    let plan = o.admit(q).await.unwrap();
    assert_eq!(plan.not_entitled(), &BTreeSet::from([SourceId::Csn]));
    assert_eq!(plan.lefi_actor_id(), Some(&actor("ACTOR-KOMMUN")));
    assert_eq!(
        plan.purpose(),
        "EKB-KONTROLL (syfte: Kontroll enligt rutin)"
    );
    assert_eq!(plan.query().attribution.purpose, "Kontroll enligt rutin");
    assert_eq!(
        plan.caller().map(|c| c.subject.as_str()),
        Some("CN=Exempelkommun")
    );
    assert_eq!(calls(&adapters), 0, "admission calls no source");
}

#[tokio::test(start_paused = true)]
async fn the_first_query_registers_a_household_of_one() {
    let registry = registry_with(connection());
    let (o, _) = orchestrator_with(
        &all_ok_except(SourceId::Fk, Script::Ok),
        Arc::new(MemoryAudit::default()),
        registry.clone(),
    );
    let q = query(&[SourceId::Fk]);
    let person = q.person.clone();
    o.run(q).await.unwrap();
    let cases = registry.cases();
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0].household, BTreeSet::from([person]));
    // The same case, another person: not in the household.
    let mut q = query(&[SourceId::Fk]);
    q.person = other_person();
    assert_eq!(reason(o.run(q).await), Reason::PersonNotInHousehold);
}

/// Defect: query-time registration was on in the built-in defaults, so anyone passing the
/// organisation check could look anyone up by inventing a case id.
#[tokio::test(start_paused = true)]
async fn default_binding_refuses_an_unregistered_case_and_audits_it() {
    assert!(!crate::BindingConfig::default().auto_register_first_query);
    let registry = registry_with(connection());
    let audit = Arc::new(MemoryAudit::default());
    let (o, adapters) = orchestrator_with(
        &all_ok_except(SourceId::Fk, Script::Ok),
        audit.clone(),
        registry.clone(),
    );
    let binding = crate::BindingConfig {
        today: || jiff::civil::date(2026, 11, 22),
        ..crate::BindingConfig::default()
    };
    let o = o.with_registry(registry.clone(), binding);
    assert_eq!(
        reason(o.run(query(&SourceId::ALL)).await),
        Reason::CaseUnknown
    );
    assert!(registry.cases().is_empty());
    assert_eq!(calls(&adapters), 0);
    let events = audit.events.lock().unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].kind, AuditKind::Refused);
    assert_eq!(events[0].refusal.as_deref(), Some("case_unknown"));
}

#[tokio::test(start_paused = true)]
async fn a_refused_query_registers_no_case() {
    let registry = registry_with(connection());
    let (o, _) = orchestrator_with(
        &all_ok_except(SourceId::Fk, Script::Ok),
        Arc::new(MemoryAudit::default()),
        registry.clone(),
    );
    let mut q = query(&SourceId::ALL);
    q.attribution.purpose = "Nyfikenhet".into();
    assert_eq!(reason(o.run(q).await), Reason::PurposeNotAllowed);
    assert!(registry.cases().is_empty());
}

#[tokio::test(start_paused = true)]
async fn the_callers_certificate_must_match_the_organisation() {
    let mut with_cert = connection();
    with_cert.certificate_fingerprints = vec![fingerprint("ab")];
    let (o, adapters) = orchestrator_with(
        &all_ok_except(SourceId::Fk, Script::Ok),
        Arc::new(MemoryAudit::default()),
        registry_with(with_cert),
    );
    let mut q = query(&[SourceId::Fk]);
    q.caller = Some(CallerIdentity {
        certificate_sha256: fingerprint("cd"),
        subject: "CN=Annan kommun".into(),
    });
    assert_eq!(reason(o.run(q).await), Reason::CertificateMismatch);
    assert_eq!(calls(&adapters), 0);
    let mut q = query(&[SourceId::Fk]);
    q.caller = Some(CallerIdentity {
        certificate_sha256: fingerprint("ab"),
        subject: "CN=Exempelkommun".into(),
    });
    o.run(q).await.unwrap();
}

/// The v10 drop-in: a free-text syfte the connection registered passes, every source
/// answers, and the query's audit record holds the purpose it mapped to and the text as
/// sent; an unregistered text is refused `purpose_not_allowed`, calls nothing, and its
/// refusal is audited with the text as sent.
#[tokio::test(start_paused = true)]
async fn a_registered_free_text_syfte_passes_and_both_are_audited() {
    let audit = Arc::new(MemoryAudit::default());
    let mut c = connection();
    c.syfte_mappings = vec![
        underlag_registry::SyfteMapping::new(
            "Beslut om eller kontroll av försörjningsstöd",
            "EKB-KONTROLL",
        )
        .unwrap(),
    ];
    let (o, adapters) = orchestrator_with(
        &all_ok_except(SourceId::Fk, Script::Ok),
        audit.clone(),
        registry_with(c),
    );
    let mut q = query(&SourceId::ALL);
    q.attribution.purpose = "Beslut om eller kontroll av försörjningsstöd".into();
    let answer = o.run(q).await.unwrap();
    for id in SourceId::ALL {
        assert_eq!(answer.source(id).unwrap().outcome.kind(), "ok", "{id:?}");
    }
    let recorded = audit.events.lock().unwrap().last().unwrap().clone();
    assert_eq!(recorded.kind, AuditKind::Query);
    assert_eq!(
        recorded.purpose,
        "EKB-KONTROLL (syfte: Beslut om eller kontroll av försörjningsstöd)"
    );

    let before = calls(&adapters);
    let mut q = query(&SourceId::ALL);
    q.attribution.purpose = "Kontroll av något annat".into();
    assert_eq!(reason(o.run(q).await), Reason::PurposeNotAllowed);
    assert_eq!(calls(&adapters), before);
    let refused = audit.events.lock().unwrap().last().unwrap().clone();
    assert_eq!(refused.kind, AuditKind::Refused);
    assert_eq!(refused.purpose, "Kontroll av något annat");
}

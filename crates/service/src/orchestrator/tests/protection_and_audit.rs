//! Protected persons (markers, scrubbing, withheld locations) and fail-closed auditing.

use super::*;

#[tokio::test(start_paused = true)]
async fn protected_persons_are_marked_and_locations_withheld() {
    let audit = Arc::new(MemoryAudit::default());
    let (o, _) = orchestrator(
        &all_ok_except(SourceId::Fk, Script::Protected),
        audit.clone(),
    );
    let answer = o.run(query(&SourceId::ALL)).await.unwrap();
    assert!(answer.protected);
    assert_eq!(answer.protection.len(), 1);
    assert!(answer.sources.iter().all(|r| r.raw.is_none()));
    let json = serde_json::to_string(&answer).unwrap();
    assert!(!json.contains("Hemlig väg"));
    assert_eq!(
        answer.withheld,
        vec!["addresses".to_string(), "raw_payloads".to_string()]
    );
    assert!(audit.events.lock().unwrap()[0].protected);
}

#[tokio::test(start_paused = true)]
async fn a_failing_audit_refuses_the_answer() {
    let audit = Arc::new(MemoryAudit {
        fail: true,
        ..MemoryAudit::default()
    });
    let (o, _) = orchestrator(&all_ok_except(SourceId::Fk, Script::Ok), audit);
    assert!(matches!(
        o.run(query(&SourceId::ALL)).await,
        Err(QueryError::AuditFailed(_))
    ));
}

/// An agency answering about a protected person whose adapter can scrub its format; the
/// scrubbed payload differs from the raw one when `changes`.
struct Scrubbing {
    changes: bool,
}

#[async_trait]
impl SourceAdapter for Scrubbing {
    fn source(&self) -> SourceId {
        SourceId::Fk
    }

    async fn fetch(&self, _request: &SourceRequest) -> Result<Answer, FetchError> {
        Ok(Answer {
            outcome: Outcome::Ok {
                data: Box::new(SourceData {
                    person: Some(PersonInfo {
                        protection: vec![ProtectionMarker {
                            source: SourceId::Fk,
                            kind: ProtectionKind::Protected,
                            field: "skyddad".into(),
                        }],
                        ..PersonInfo::default()
                    }),
                    ..SourceData::default()
                }),
                warnings: vec![],
            },
            raw: RawPayload {
                content_type: "application/json".into(),
                body: r#"{"skyddad":true,"postort":"ORTEN"}"#.into(),
            },
        })
    }

    fn scrub_location(&self, raw: &RawPayload) -> Option<RawPayload> {
        Some(RawPayload {
            content_type: raw.content_type.clone(),
            body: if self.changes {
                r#"{"skyddad":true}"#.into()
            } else {
                raw.body.clone()
            },
        })
    }

    async fn ping(&self) -> Result<bool, FetchError> {
        Ok(true)
    }
}

/// Mutation survivor (issue 16): `raw_location_fields` is listed as withheld exactly when
/// scrubbing removed something; the scrubbed payload is what the answer keeps.
#[tokio::test(start_paused = true)]
async fn scrubbed_location_fields_are_listed_only_when_something_was_removed() {
    for changes in [true, false] {
        let registry = Arc::new(MemoryRegistry::new());
        registry.put_connection(connection());
        let o = Orchestrator::new(
            vec![Arc::new(Scrubbing { changes })],
            Arc::new(MemoryAudit::default()),
            OrchestratorConfig::default(),
        )
        .with_registry(registry, binding());
        let answer = o.run(query(&[SourceId::Fk])).await.unwrap();
        assert!(answer.protected);
        let fk = answer.source(SourceId::Fk).unwrap();
        let body = &fk.raw.as_ref().unwrap().body;
        if changes {
            assert_eq!(answer.withheld, ["raw_location_fields"]);
            assert_eq!(body, r#"{"skyddad":true}"#);
        } else {
            assert!(answer.withheld.is_empty(), "{:?}", answer.withheld);
            assert!(body.contains("ORTEN"));
        }
    }
}

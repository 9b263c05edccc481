//! The stand-in's script: the scenarios, which one a person is served, what was received, and
//! the sources behind the doors that answer as the population says or fail as scripted.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use underlag_domain::{Outcome, RawPayload, Severity, SourceId, Violation};
use underlag_service::{Answer, FetchError, SourceAdapter, SourceRequest};

use super::{Received, SOURCE_TIMEOUT};
use crate::case::Scenario;

#[derive(Default)]
pub(super) struct Recorder {
    pub(super) received: Vec<Received>,
    pub(super) exercised: BTreeMap<String, u32>,
}

/// The stand-in's shared state.
pub(super) struct Script {
    pub(super) scenarios: Vec<Scenario>,
    /// Scenario per person (canonical number), set by the header for the request's person.
    pub(super) by_person: Mutex<HashMap<String, String>>,
    /// The scenario chosen through the control API.
    pub(super) active: Mutex<Option<String>>,
    pub(super) recorder: Mutex<Recorder>,
}

impl Script {
    pub(super) fn find(&self, id: &str) -> Option<&Scenario> {
        self.scenarios.iter().find(|s| s.id == id)
    }

    /// The scenario for a person: the header's, else the control API's, else the one whose
    /// test personnummer it is.
    pub(super) fn for_person(&self, person: &str) -> Option<&Scenario> {
        let by_header = lock(&self.by_person).get(person).cloned();
        let active = lock(&self.active).clone();
        by_header
            .or(active)
            .and_then(|id| self.find(&id))
            .or_else(|| {
                self.scenarios
                    .iter()
                    .find(|s| s.person.as_deref() == Some(person))
            })
    }
}

pub(super) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A source behind the stand-in: the real adapter towards the simulator, or the scripted
/// failure of the person's scenario.
pub(super) struct ScriptedSource {
    pub(super) inner: Arc<dyn SourceAdapter>,
    pub(super) script: Arc<Script>,
}

#[async_trait]
impl SourceAdapter for ScriptedSource {
    fn source(&self) -> SourceId {
        self.inner.source()
    }

    async fn fetch(&self, request: &SourceRequest) -> Result<Answer, FetchError> {
        let scripted = self
            .script
            .for_person(request.person.expose())
            .and_then(|s| s.sources.get(self.source().code()).cloned());
        let raw = RawPayload {
            content_type: "text/plain".to_owned(),
            body: "skriptat svar".to_owned(),
        };
        match scripted.as_deref() {
            Some("timed_out") => {
                tokio::time::sleep(SOURCE_TIMEOUT * 4).await;
                self.inner.fetch(request).await
            }
            Some("unavailable") => Err(FetchError::Unavailable(
                "scripted: the agency cannot be reached".to_owned(),
            )),
            Some("source_error") => Ok(Answer {
                outcome: Outcome::SourceError {
                    code: "BT-KONF-1".to_owned(),
                    message: "Skriptat fel från bastjänsten.".to_owned(),
                },
                raw,
            }),
            Some("invalid_response") => Ok(Answer {
                outcome: Outcome::InvalidResponse {
                    violations: vec![Violation {
                        rule: "KONF-001".to_owned(),
                        path: "svar".to_owned(),
                        severity: Severity::Error,
                        message: "scripted: the answer breaks the contract".to_owned(),
                    }],
                },
                raw,
            }),
            _ => self.inner.fetch(request).await,
        }
    }

    fn scrub_location(&self, raw: &RawPayload) -> Option<RawPayload> {
        self.inner.scrub_location(raw)
    }

    async fn ping(&self) -> Result<bool, FetchError> {
        self.inner.ping().await
    }
}

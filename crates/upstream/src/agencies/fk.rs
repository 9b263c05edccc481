//! Försäkringskassan and Pensionsmyndigheten through LEFI v9 (REST/JSON): the adapter and the
//! public interpretation of its answers.

mod wire;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

use async_trait::async_trait;
use underlag_domain::{LefiActorId, Outcome, Personnummer, RawPayload, SourceId};
use underlag_service::{Answer, FetchError, SourceAdapter, SourceRequest};
use underlag_spec::{Node, Spec};

use crate::agencies::{ReplyReading, answer};
use crate::http::{AgencyClient, Reply, path_segment};
use crate::interpretation::Interpreted;
use crate::message::{decode_base64, decode_text, parse_json_object};

use wire::Entitlements;

/// The route prefix of LEFI v9; answers are fetched from
/// `…/aktorer/{aktorsId}/formansinformation/fraga`.
pub const PATH_PREFIX: &str = "/lefi-extern-formansinformation/v9/aktorer";

/// How long an actor's entitlements are reused before they are asked for again.
const ENTITLEMENTS_TTL: Duration = Duration::from_secs(15 * 60);

/// The most actors whose entitlements are remembered.
const ENTITLEMENTS_CAPACITY: usize = 1000;

/// The FK/PM adapter. Before asking about a person it asks LEFI which information types the
/// actor may receive (`tillgangligaInformationstyper`, remembered per actor for 15 minutes)
/// and requests exactly those, so no `OBEHORIG` deviations arise from asking too much.
#[derive(Debug)]
pub struct FkAdapter {
    http: AgencyClient,
    spec: Arc<Spec>,
    ping_actor: String,
    entitlements: Mutex<HashMap<String, (Instant, Arc<Entitlements>)>>,
}

impl FkAdapter {
    pub(crate) fn new(http: AgencyClient, spec: Arc<Spec>, ping_actor: &str) -> Self {
        Self {
            http,
            spec,
            ping_actor: ping_actor.to_owned(),
            entitlements: Mutex::new(HashMap::new()),
        }
    }

    /// What the actor may receive, remembered per actor. An unreadable list gives
    /// `Entitled(None)`: ask for everything and let LEFI report deviations.
    async fn discover(&self, actor: &str) -> Result<Discovery, FetchError> {
        if let Some(known) = self.remembered(actor) {
            return Ok(Discovery::Entitled(Some(known)));
        }
        let reply = self
            .http
            .get("entitlements", &entitlements_path(actor))
            .await?;
        if let Some(refusal) = refusal(&reply) {
            return Ok(Discovery::Refused(refusal));
        }
        if !reply.is_success() {
            return Err(reply.status_failure());
        }
        let parsed = decode_text(&reply.body, reply.content_type.as_deref(), "entitlements")
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .and_then(|value| Entitlements::parse(&value));
        let Some(parsed) = parsed else {
            tracing::warn!(
                agency = "FK",
                "unreadable entitlements; asking for every information type"
            );
            return Ok(Discovery::Entitled(None));
        };
        let parsed = Arc::new(parsed);
        let mut cache = self
            .entitlements
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if cache.len() >= ENTITLEMENTS_CAPACITY {
            cache.clear();
        }
        cache.insert(actor.to_owned(), (Instant::now(), parsed.clone()));
        Ok(Discovery::Entitled(Some(parsed)))
    }

    fn remembered(&self, actor: &str) -> Option<Arc<Entitlements>> {
        let cache = self
            .entitlements
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let (at, known) = cache.get(actor)?;
        (at.elapsed() < ENTITLEMENTS_TTL).then(|| known.clone())
    }

    /// The request body to send, or the answer to give without asking about the person.
    async fn request_body(
        &self,
        request: &SourceRequest,
        actor: &LefiActorId,
    ) -> Result<Result<serde_json::Value, Answer>, FetchError> {
        if let Some(custom) = &request.lefi_request {
            if !names_person(wire::requested_person(custom), &request.person) {
                return Err(FetchError::Rejected(
                    "the LEFI request names another person than the query".to_owned(),
                ));
            }
            return Ok(Ok(custom.clone()));
        }
        let entitled = match self.discover(actor.as_str()).await? {
            Discovery::Entitled(entitled) => entitled,
            Discovery::Refused(answer) => return Ok(Err(answer)),
        };
        Ok(
            wire::request_body(request, entitled.as_deref()).ok_or_else(|| Answer {
                outcome: Outcome::NotEntitled,
                raw: RawPayload {
                    content_type: String::new(),
                    body: String::new(),
                },
            }),
        )
    }
}

/// What LEFI said about an actor's entitlements.
enum Discovery {
    /// The actor may receive these types (`None`: unknown, ask for everything).
    Entitled(Option<Arc<Entitlements>>),
    /// LEFI refused the actor (400/403); this is the answer.
    Refused(Answer),
}

#[async_trait]
impl SourceAdapter for FkAdapter {
    fn source(&self) -> SourceId {
        SourceId::Fk
    }

    fn scrub_location(&self, raw: &RawPayload) -> Option<RawPayload> {
        crate::location_scrub::scrub(SourceId::Fk, raw)
    }

    async fn fetch(&self, request: &SourceRequest) -> Result<Answer, FetchError> {
        // LEFI answers only on behalf of an actor: without one there is nothing to ask, and an
        // empty path segment must never reach Försäkringskassan.
        let Some(actor) = request.context.lefi_actor_id.as_ref() else {
            return Err(FetchError::Rejected(
                "no LEFI actor id: neither the connection, the request nor query.lefi_actor_id names one"
                    .to_owned(),
            ));
        };
        let body = match self.request_body(request, actor).await? {
            Ok(body) => body,
            Err(answer) => return Ok(answer),
        };
        let bytes = serde_json::to_vec(&body).map_err(|_| {
            FetchError::Rejected("the LEFI request cannot be serialised".to_owned())
        })?;
        let path = fraga_path(actor.as_str());
        let headers = [("Accept", "application/json")];
        let reply = self
            .http
            .post("fetch", &path, "application/json", &headers, bytes)
            .await?;
        if let Some(refusal) = refusal(&reply) {
            return Ok(refusal);
        }
        let spec = &*self.spec;
        let success = |body: &[u8], content_type: Option<&str>| read_body(spec, body, content_type);
        answer(
            &reply,
            &ReplyReading {
                success: &success,
                fault: None,
            },
            &request.person,
        )
    }

    async fn ping(&self) -> Result<bool, FetchError> {
        self.http.ping(&entitlements_path(&self.ping_actor)).await
    }
}

fn fraga_path(actor: &str) -> String {
    format!(
        "{PATH_PREFIX}/{}/formansinformation/fraga",
        path_segment(actor)
    )
}

fn entitlements_path(actor: &str) -> String {
    format!(
        "{PATH_PREFIX}/{}/tillgangligaInformationstyper",
        path_segment(actor)
    )
}

/// LEFI's 400 (the request breaks LEFI's rules) and 403 (the actor may not be represented)
/// are LEFI's own answers, not transport failures.
fn refusal(reply: &Reply) -> Option<Answer> {
    matches!(reply.status, 400 | 403).then(|| Answer {
        outcome: interpret_error(reply.status, &reply.body),
        raw: reply.raw(),
    })
}

/// Whether a caller-supplied LEFI request's `personnummer` (10 or 12 digits) is the person.
fn names_person(stated: Option<&str>, person: &Personnummer) -> bool {
    match stated.map(str::trim) {
        Some(s) if s.len() == 12 => s == person.expose(),
        Some(s) if s.len() == 10 => s == person.without_century(),
        _ => false,
    }
}

/// Interprets a LEFI v9 answer object (its message root): no case, decision, payment or
/// person data with every discloser `OK` is no match; no data but deviations or failed
/// disclosers is a source error; otherwise the data, with deviations and non-`OK` disclosers
/// as notices.
pub fn interpret(spec: &Spec, root: &Node) -> Outcome {
    wire::interpret(spec, root).outcome
}

/// Interprets an HTTP answer body (the LEFI JSON).
pub fn interpret_body(spec: &Spec, body: &[u8], content_type: Option<&str>) -> Outcome {
    read_body(spec, body, content_type).outcome
}

/// Interprets the base64 text of `lefiJsonSvar`, as the SSBTEK answer carries it.
pub fn interpret_base64(spec: &Spec, text: &str) -> Outcome {
    match decode_base64(text, "lefiJsonSvar") {
        Ok(bytes) => read_body(spec, &bytes, Some("application/json")).outcome,
        Err(violation) => Outcome::InvalidResponse {
            violations: vec![violation],
        },
    }
}

/// Interprets a LEFI error answer (`LefiFelsvar`, with HTTP 400 or 403) as a source error
/// whose code is the HTTP status and whose message is LEFI's `meddelande`.
pub fn interpret_error(status: u16, body: &[u8]) -> Outcome {
    let message = std::str::from_utf8(body)
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(text).ok())
        .and_then(|v| {
            v.get("meddelande")
                .and_then(|m| m.as_str())
                .map(str::to_owned)
        })
        .unwrap_or_else(|| match status {
            403 => "LEFI: ej behörig".to_owned(),
            _ => "LEFI: felaktiga indata".to_owned(),
        });
    Outcome::SourceError {
        code: status.to_string(),
        message,
    }
}

fn read_body(spec: &Spec, body: &[u8], content_type: Option<&str>) -> Interpreted {
    let root = decode_text(body, content_type, "the LEFI answer")
        .and_then(|text| parse_json_object(&text, "the LEFI answer"));
    match root {
        Ok(value) => wire::interpret(
            spec,
            &Node::from_json(&spec.source(SourceId::Fk).root, &value),
        ),
        Err(violation) => Outcome::InvalidResponse {
            violations: vec![violation],
        }
        .into(),
    }
}

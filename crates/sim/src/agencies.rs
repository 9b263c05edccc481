//! The simulated agencies, one module per source. Each module renders the population's facts in its
//! provider's own wire format and parses that provider's requests; this module holds what
//! they share: the per-agency context, the reply type, and the fault-applying request
//! wrapper that also does the (personal-data-free) logging.

pub(crate) mod af;
pub(crate) mod agi;
pub(crate) mod bank;
pub(crate) mod csn;
pub(crate) mod fk;
pub(crate) mod kfm;
pub(crate) mod miv;
pub(crate) mod skv;
pub(crate) mod so;
mod soap;
pub(crate) mod tns;
mod xml;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::time::Instant;

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use jiff::civil::Date;
use underlag_domain::{Personnummer, SourceId};

use crate::fault::{Fault, FaultBoard, broken_body, truncate};
use crate::population::Population;

/// Everything an agency's handlers need.
pub(crate) struct AgencyCtx {
    /// Which agency this is.
    pub(crate) source: SourceId,
    /// The synthetic population.
    pub(crate) population: Arc<Population>,
    /// The faults in force.
    pub(crate) faults: Arc<FaultBoard>,
    /// LEFI actor ids that get 403.
    pub(crate) refused_lefi_actors: Arc<Vec<String>>,
    /// A counter for generated ids (MIV `correlationid`).
    counter: AtomicU64,
}

impl AgencyCtx {
    pub(crate) fn new(
        source: SourceId,
        population: Arc<Population>,
        faults: Arc<FaultBoard>,
        refused_lefi_actors: Arc<Vec<String>>,
    ) -> Arc<Self> {
        Arc::new(Self {
            source,
            population,
            faults,
            refused_lefi_actors,
            counter: AtomicU64::new(0),
        })
    }

    /// The population's reference date ("today" for the agency).
    pub(crate) fn today(&self) -> Date {
        self.population.reference_date()
    }

    /// The next number from this agency's counter.
    pub(crate) fn next_id(&self) -> u64 {
        self.counter.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// Parses a 12-digit (or 10-digit, with the reference date deciding the century)
    /// identity number.
    pub(crate) fn parse_personnummer(&self, text: &str) -> Option<Personnummer> {
        let t = text.trim();
        if t.len() == 12 {
            Personnummer::parse_canonical(t).ok()
        } else {
            Personnummer::parse(t, self.today()).ok()
        }
    }
}

/// How to render a data answer.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Mode {
    /// Break a field rule of severity `error` (the `schema_invalid` fault).
    pub(crate) schema_invalid: bool,
}

/// An identity number that no rule accepts, used by the `schema_invalid` fault.
pub(crate) const INVALID_PERSONNUMMER: &str = "19901345123X";
/// An amount that is not a number, used by the `schema_invalid` fault.
pub(crate) const INVALID_AMOUNT: &str = "12x";
/// A date that does not exist, used by the `schema_invalid` fault.
pub(crate) const INVALID_DATE: &str = "2026-13-45";

/// An agency's answer before faults are applied.
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) content_type: &'static str,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    /// 200 with a body.
    pub(crate) fn ok(content_type: &'static str, body: Vec<u8>) -> Self {
        Self {
            status: StatusCode::OK,
            content_type,
            body,
        }
    }

    fn into_response(self) -> Response {
        (
            self.status,
            [(header::CONTENT_TYPE, self.content_type)],
            self.body,
        )
            .into_response()
    }
}

/// Content types.
pub(crate) const TEXT_XML: &str = "text/xml; charset=utf-8";
pub(crate) const APPLICATION_XML: &str = "application/xml; charset=utf-8";
pub(crate) const APPLICATION_JSON: &str = "application/json";
pub(crate) const TEXT_PLAIN: &str = "text/plain; charset=utf-8";

/// What kind of request is being answered (faults treat pings and data answers apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Call {
    /// A question about a person.
    Data,
    /// A health check without personal data.
    Ping,
}

/// Applies the agency's current fault around `render`, and logs agency, status and latency
/// (never anything from the request or the answer).
pub(crate) async fn respond(
    ctx: &AgencyCtx,
    call: Call,
    render: impl FnOnce(Mode) -> Reply,
) -> Response {
    let started = Instant::now();
    let fault = ctx.faults.get(ctx.source);
    let reply = match fault {
        Some(Fault::Hang) => {
            tracing::info!(agency = ctx.source.code(), "agency hangs (fault)");
            std::future::pending::<()>().await;
            Reply {
                status: StatusCode::SERVICE_UNAVAILABLE,
                content_type: TEXT_PLAIN,
                body: Vec::new(),
            }
        }
        Some(Fault::Http500) => server_error(ctx.source),
        other => {
            if let Some(Fault::Latency { ms }) = other {
                tokio::time::sleep(Duration::from_millis(ms)).await;
            }
            let schema_invalid = call == Call::Data && other == Some(Fault::SchemaInvalid);
            let mut reply = render(Mode { schema_invalid });
            if call == Call::Data && other == Some(Fault::Malformed) {
                truncate(&mut reply.body, ctx.source == SourceId::So);
            }
            if call == Call::Data
                && matches!(other, Some(Fault::ResetMidBody | Fault::HugeBody))
                && let Some(broken) = broken_body(
                    other,
                    reply.status,
                    reply.content_type,
                    std::mem::take(&mut reply.body),
                )
            {
                return broken;
            }
            reply
        }
    };
    tracing::debug!(
        agency = ctx.source.code(),
        status = reply.status.as_u16(),
        latency_ms = started.elapsed().as_millis() as u64,
        "agency answered"
    );
    reply.into_response()
}

/// The `http500` fault's answer: LEFI's error body for FK, plain text for the others.
fn server_error(source: SourceId) -> Reply {
    if source == SourceId::Fk {
        return fk::error_reply(StatusCode::INTERNAL_SERVER_ERROR, "Internt fel.");
    }
    Reply {
        status: StatusCode::INTERNAL_SERVER_ERROR,
        content_type: TEXT_PLAIN,
        body: b"Internal Server Error".to_vec(),
    }
}

/// The ping answer: 200 `text/plain`.
pub(crate) fn ping_reply() -> Reply {
    Reply {
        status: StatusCode::OK,
        content_type: TEXT_PLAIN,
        body: b"OK".to_vec(),
    }
}

/// The router of one agency.
pub(crate) fn router(ctx: Arc<AgencyCtx>) -> Router {
    match ctx.source {
        SourceId::Fk => fk::router(ctx),
        SourceId::Af => af::router(ctx),
        SourceId::Csn => csn::router(ctx),
        SourceId::Skv => skv::router(ctx),
        SourceId::So => so::router(ctx),
        SourceId::Tns => tns::router(ctx),
        SourceId::Miv => miv::router(ctx),
        SourceId::Agi => agi::router(ctx),
        SourceId::Kfm => kfm::router(ctx),
    }
}

/// Formats a date as ISO `yyyy-mm-dd`, or the invalid date when `broken`.
/// An ISO date with the Swedish UTC offset of that day (`+01:00`, summer `+02:00`), as the
/// real AF and MIV answers carry them, when `offset` is set.
pub(crate) fn iso_offset(d: Date, broken: bool, offset: bool) -> String {
    if broken || !offset {
        return iso(d, broken);
    }
    let summer = (4..=9).contains(&d.month())
        || (d.month() == 3 && d.day() >= 25)
        || (d.month() == 10 && d.day() < 25);
    format!("{d}{}", if summer { "+02:00" } else { "+01:00" })
}

pub(crate) fn iso(d: Date, broken: bool) -> String {
    if broken {
        INVALID_DATE.to_owned()
    } else {
        d.to_string()
    }
}

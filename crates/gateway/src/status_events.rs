//! The REST door's status-events port ([`underlag_api::StatusEvents`]) over the store's
//! `application_event` table (migration 0008); an event's application is one the portal
//! stored (migration 0007), which says the organisation that owns it.

use std::sync::Arc;

use async_trait::async_trait;
use underlag_api::{DecisionInfo, StatusEvent, StatusEvents};
use underlag_store::{ApplicationStore, ConsentStore, EventRow};

/// Status events kept in the gateway's database, for the applications stored there.
pub(crate) struct StoreStatusEvents(
    pub(crate) Arc<dyn ConsentStore>,
    pub(crate) Arc<dyn ApplicationStore>,
);

fn to_row(event: StatusEvent) -> EventRow {
    let (decided_by, prepared_by_system) = match event.decision {
        Some(d) => (Some(d.decided_by), d.calculation_prepared_by_system),
        None => (None, false),
    };
    EventRow {
        application_id: event.application_id,
        seq: event.seq,
        id: event.id,
        kind: event.kind,
        occurred_at: event.occurred_at,
        received_at: event.received_at,
        message: event.message,
        posted_by: event.organisation,
        decided_by,
        prepared_by_system,
    }
}

fn from_row(row: EventRow) -> StatusEvent {
    let decision = row.decided_by.map(|decided_by| DecisionInfo {
        decided_by,
        calculation_prepared_by_system: row.prepared_by_system,
    });
    StatusEvent {
        application_id: row.application_id,
        seq: row.seq,
        id: row.id,
        kind: row.kind,
        occurred_at: row.occurred_at,
        received_at: row.received_at,
        message: row.message,
        organisation: row.posted_by,
        decision,
    }
}

#[async_trait]
impl StatusEvents for StoreStatusEvents {
    async fn append(&self, event: StatusEvent) -> Result<StatusEvent, String> {
        self.0
            .append_event(to_row(event))
            .await
            .map(from_row)
            .map_err(|e| e.code().to_owned())
    }

    async fn list(&self, application_id: &str) -> Result<Vec<StatusEvent>, String> {
        self.0
            .events(application_id)
            .await
            .map(|rows| rows.into_iter().map(from_row).collect())
            .map_err(|e| e.code().to_owned())
    }

    async fn owner(&self, application_id: &str) -> Result<Option<String>, String> {
        self.1
            .application(application_id)
            .await
            .map(|row| row.map(|r| r.organisation))
            .map_err(|e| e.code().to_owned())
    }
}

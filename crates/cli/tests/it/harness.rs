//! Starts the demo stack in-process (agencies, gateway, SQLite in a temp dir) and sends
//! queries to it.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use serde_json::{Value, json};
use underlag::commands::demo::Demo;
use underlag::settings::Settings;
use underlag_domain::{Personnummer, SourceId};
use underlag_sim::{Fault, SimConfig};

pub(crate) struct Stack {
    pub(crate) demo: Demo,
    pub(crate) client: reqwest::Client,
    /// The audit database's URL (SQLite in a temporary folder).
    pub(crate) database: String,
    _dir: tempfile::TempDir,
}

pub(crate) const DEADLINE_MS: u64 = 1500;

impl Stack {
    pub(crate) async fn start() -> Stack {
        Self::start_with_faults(&[]).await
    }

    pub(crate) async fn start_with_faults(faults: &[(SourceId, Fault)]) -> Stack {
        Self::start_with_timeout(faults, 1200).await
    }

    /// A stack whose per-source timeout is `source_timeout_ms` (the deadline stays
    /// [`DEADLINE_MS`]).
    pub(crate) async fn start_with_timeout(
        faults: &[(SourceId, Fault)],
        source_timeout_ms: u64,
    ) -> Stack {
        let dir = tempfile::tempdir().unwrap();
        let mut settings = Settings::load(None).unwrap();
        settings.server.listen = "127.0.0.1:0".into();
        let database = format!("sqlite://{}", dir.path().join("audit.db").display());
        settings.database.url = database.clone();
        settings.query.deadline_ms = DEADLINE_MS;
        settings.query.source_timeout_ms = source_timeout_ms;
        let sim = SimConfig {
            faults: faults.iter().copied().collect(),
            ..SimConfig::default()
        };
        let demo = Demo::start_with(settings, sim).await.unwrap();
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap();
        Stack {
            demo,
            client,
            database,
            _dir: dir,
        }
    }

    pub(crate) fn period(&self) -> (String, String) {
        let today = self.demo.sim.population().reference_date();
        let from = today.saturating_sub(jiff::Span::new().years(1));
        (from.to_string(), today.yesterday().unwrap().to_string())
    }

    pub(crate) async fn ask(&self, person: &Personnummer) -> Value {
        let (status, body) = self.post(request(person.expose(), self.period())).await;
        assert_eq!(status, 200, "{body}");
        body
    }

    pub(crate) async fn post(&self, body: Value) -> (u16, Value) {
        let response = self
            .client
            .post(format!("{}/api/v1/queries", self.demo.gateway.url()))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap())
    }
}

/// Case ids for [`request`]: each request is its own case, registered at its first query
/// with the asked person as its household (`binding.auto_register_first_query`).
static CASES: AtomicU32 = AtomicU32::new(1);

pub(crate) fn request(person: &str, (from, to): (String, String)) -> Value {
    let case_id = format!("EB-E2E-{}", CASES.fetch_add(1, Ordering::Relaxed));
    json!({
        "organisation": "2120000142",
        "organisation_name": "Exempelkommun",
        "case_worker": "hl-e2e",
        "case_id": case_id,
        "purpose": "Utredning av rätt till ekonomiskt bistånd",
        "legal_basis": "11 kap. 11 § socialtjänstlagen",
        "person": person,
        "period": { "from": from, "to": to }
    })
}

pub(crate) fn source(answer: &Value, id: SourceId) -> &Value {
    answer["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == id.code())
        .unwrap()
}

pub(crate) fn status(answer: &Value, id: SourceId) -> String {
    source(answer, id)["status"].as_str().unwrap().to_owned()
}

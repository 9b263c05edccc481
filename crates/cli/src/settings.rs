//! Typed settings for `underlag serve`: built-in defaults, then a TOML file, then
//! `UNDERLAG__SECTION__KEY` environment variables. Validated once, at start-up.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};
use underlag_domain::SourceId;

/// Everything the gateway needs to start.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The HTTP listener.
    pub server: ServerSettings,
    /// The audit store.
    pub database: DatabaseSettings,
    /// Composite-query behaviour.
    pub query: QuerySettings,
    /// Base URLs of the seven agencies, keyed by source code in lower case.
    #[serde(default)]
    pub agencies: BTreeMap<String, String>,
    /// The information specification.
    #[serde(default)]
    pub spec: SpecSettings,
}

/// The HTTP listener.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSettings {
    /// Address to listen on, e.g. `127.0.0.1:8080`.
    pub listen: String,
    /// Largest accepted request body.
    pub body_limit_bytes: usize,
}

/// The audit store.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    /// `sqlite://path/to/file.db` or `postgres://…`.
    pub url: String,
}

/// Composite-query behaviour.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuerySettings {
    /// Overall deadline for one composite query.
    pub deadline_ms: u64,
    /// Default time budget of one call to one agency.
    pub source_timeout_ms: u64,
    /// Per-source overrides, keyed by lower-case source code.
    #[serde(default)]
    pub source_timeouts_ms: BTreeMap<String, u64>,
    /// Calls per source at most (1 = no retries).
    pub max_attempts: u32,
    /// Pause before a retry.
    pub retry_backoff_ms: u64,
    /// Consecutive failures that open a source's circuit.
    pub breaker_failure_threshold: u32,
    /// How long an open circuit rests.
    pub breaker_open_ms: u64,
    /// Longest accepted period, in days.
    pub max_period_days: i32,
    /// LEFI actor id used towards FK (per organisation in the connection registry later).
    pub lefi_actor_id: String,
}

/// Where the information specification comes from.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecSettings {
    /// A folder with `sources/` and `kodverk/`; the built-in copy is used when absent.
    pub dir: Option<PathBuf>,
}

/// The documented defaults (also in `config/underlag.example.toml`).
pub const DEFAULTS: &str = include_str!("../../../config/defaults.toml");

impl Settings {
    /// Loads defaults, then `file` if given, then `UNDERLAG__…` environment variables.
    pub fn load(file: Option<&std::path::Path>) -> anyhow::Result<Self> {
        let mut builder = config::Config::builder()
            .add_source(config::File::from_str(DEFAULTS, config::FileFormat::Toml));
        if let Some(path) = file {
            if !path.exists() {
                bail!("config file {} does not exist", path.display());
            }
            builder = builder.add_source(config::File::from(path).format(config::FileFormat::Toml));
        }
        builder = builder.add_source(
            config::Environment::with_prefix("UNDERLAG")
                .prefix_separator("__")
                .separator("__"),
        );
        let settings: Settings = builder
            .build()
            .and_then(config::Config::try_deserialize)
            .context("invalid configuration")?;
        settings.check()?;
        Ok(settings)
    }

    fn check(&self) -> anyhow::Result<()> {
        for key in self
            .agencies
            .keys()
            .chain(self.query.source_timeouts_ms.keys())
        {
            key.parse::<SourceId>()
                .with_context(|| format!("unknown source '{key}' in configuration"))?;
        }
        if self.query.deadline_ms == 0 || self.query.source_timeout_ms == 0 {
            bail!("query.deadline_ms and query.source_timeout_ms must be positive");
        }
        if self.query.max_period_days < 1 {
            bail!("query.max_period_days must be positive");
        }
        Ok(())
    }

    /// The orchestrator's settings.
    pub fn orchestrator(&self) -> underlag_service::OrchestratorConfig {
        let q = &self.query;
        underlag_service::OrchestratorConfig {
            deadline: Duration::from_millis(q.deadline_ms),
            source_timeout: Duration::from_millis(q.source_timeout_ms),
            source_timeouts: q
                .source_timeouts_ms
                .iter()
                .filter_map(|(k, v)| Some((k.parse().ok()?, Duration::from_millis(*v))))
                .collect(),
            max_attempts: q.max_attempts,
            retry_backoff: Duration::from_millis(q.retry_backoff_ms),
            min_attempt_budget: Duration::from_millis(200),
            breaker: underlag_service::BreakerConfig {
                failure_threshold: q.breaker_failure_threshold,
                open_for: Duration::from_millis(q.breaker_open_ms),
            },
        }
    }

    /// The agency base URL for one source, if configured.
    pub fn agency_url(&self, id: SourceId) -> Option<&str> {
        self.agencies
            .iter()
            .find(|(k, _)| k.parse::<SourceId>().ok() == Some(id))
            .map(|(_, v)| v.as_str())
    }
}

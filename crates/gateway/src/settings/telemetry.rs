//! The `[telemetry]` settings: the Prometheus metrics at `/metrics` and the export of traces
//! over OTLP to a collector (off unless an endpoint is configured).

use std::time::Duration;

use anyhow::bail;

/// Metrics and traces for the operator (`[telemetry]`).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TelemetrySettings {
    /// Serve Prometheus metrics at `/metrics` (on by default).
    pub metrics: bool,
    /// The OTLP/HTTP collector's traces URL, e.g. `http://127.0.0.1:4318/v1/traces`. Unset:
    /// no traces are exported.
    pub otlp_traces_url: Option<String>,
    /// How long one export to the collector may take.
    pub otlp_timeout_ms: u64,
    /// The `service.name` resource attribute of the exported spans.
    pub service_name: String,
}

impl Default for TelemetrySettings {
    fn default() -> Self {
        Self {
            metrics: true,
            otlp_traces_url: None,
            otlp_timeout_ms: 10_000,
            service_name: "underlag".to_owned(),
        }
    }
}

impl TelemetrySettings {
    /// `otlp_timeout_ms` as a duration.
    pub fn otlp_timeout(&self) -> Duration {
        Duration::from_millis(self.otlp_timeout_ms)
    }

    /// The collector URL, when traces are exported (an empty setting means none).
    pub fn traces_url(&self) -> Option<&str> {
        self.otlp_traces_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
    }

    pub(crate) fn check(&self) -> anyhow::Result<()> {
        if let Some(url) = self.traces_url() {
            let parsed = url::Url::parse(url);
            if !matches!(parsed.as_ref().map(url::Url::scheme), Ok("http" | "https")) {
                bail!("telemetry.otlp_traces_url must be an http or https URL");
            }
        }
        if self.otlp_timeout_ms == 0 {
            bail!("telemetry.otlp_timeout_ms must be positive");
        }
        if self.service_name.trim().is_empty() {
            bail!("telemetry.service_name must not be empty");
        }
        Ok(())
    }
}

//! Trace export over OTLP/HTTP (protobuf) to the collector `[telemetry] otlp_traces_url`
//! names; off when it is unset.
//!
//! Only Underlag's own spans are exported: one `composite_query` span per query (its channel,
//! how it ended and a refusal's reason code) and, inside it, one `source_call` span per call to
//! a source (the source's code, the attempt and the outcome kind). Log events are not
//! exported, and no other crate's spans (HTTP paths hold case ids), so no attribute can carry
//! a personnummer, a case id or a payload.

use opentelemetry::trace::TracerProvider as _;
use opentelemetry_otlp::{Protocol, WithExportConfig};
use opentelemetry_sdk::Resource;
use opentelemetry_sdk::trace::SdkTracerProvider;
use tracing::Subscriber;
use tracing_subscriber::Layer;
use tracing_subscriber::registry::LookupSpan;

use crate::settings::TelemetrySettings;

/// A running trace export: a batch exporter towards the collector.
pub struct TraceExport {
    provider: SdkTracerProvider,
}

// Debug names the type only.
impl std::fmt::Debug for TraceExport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TraceExport").finish_non_exhaustive()
    }
}

impl TraceExport {
    /// Starts the export when `settings` names a collector; `None` when it does not.
    pub fn start(settings: &TelemetrySettings) -> anyhow::Result<Option<Self>> {
        let Some(url) = settings.traces_url() else {
            return Ok(None);
        };
        let exporter = opentelemetry_otlp::SpanExporter::builder()
            .with_http()
            .with_protocol(Protocol::HttpBinary)
            .with_endpoint(url)
            .with_timeout(settings.otlp_timeout())
            .build()
            .map_err(|e| anyhow::anyhow!("telemetry.otlp_traces_url: cannot export: {e}"))?;
        let resource = Resource::builder()
            .with_service_name(settings.service_name.clone())
            .build();
        let provider = SdkTracerProvider::builder()
            .with_batch_exporter(exporter)
            .with_resource(resource)
            .build();
        Ok(Some(Self { provider }))
    }

    /// The `tracing` layer that turns Underlag's spans into exported spans (and ignores
    /// everything else).
    pub fn layer<S>(&self) -> impl Layer<S> + Send + Sync + 'static
    where
        S: Subscriber + for<'span> LookupSpan<'span> + Send + Sync,
    {
        let tracer = self.provider.tracer("underlag");
        tracing_opentelemetry::layer()
            .with_tracer(tracer)
            .with_filter(tracing_subscriber::filter::filter_fn(|metadata| {
                metadata.is_span() && metadata.target().starts_with("underlag")
            }))
    }

    /// Sends every finished span now (blocks until the collector answered or timed out).
    pub fn flush(&self) {
        if let Err(e) = self.provider.force_flush() {
            tracing::warn!(error = %e, "spans could not be exported");
        }
    }

    /// Sends what is left and stops the exporter.
    pub fn shutdown(self) {
        if let Err(e) = self.provider.shutdown() {
            tracing::warn!(error = %e, "the trace export did not stop cleanly");
        }
    }
}

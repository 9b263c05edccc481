//! Typed settings for `underlag serve`: built-in defaults, then a TOML file, then
//! `UNDERLAG__SECTION__KEY` environment variables. Validated once, at start-up.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};
use underlag_domain::SourceId;

mod binding;
mod consent;
mod data_dir;
mod portal;
#[cfg(test)]
mod reference;
mod server;
mod telemetry;
mod tls;
mod web;

pub use binding::{BindingSettings, DEFAULT_LEGAL_BASIS, DEFAULT_LEGAL_SOURCES, PurposeSetting};
pub use consent::ConsentSettings;
pub use data_dir::{DATA_DIR_VAR, SERVE_DEFAULT_DATA_DIR, resolve_database_url};
pub use portal::PortalSettings;
pub use server::{DatabaseSettings, ServerSettings, redacted_url, sqlite_path};
pub use telemetry::TelemetrySettings;
pub use tls::{TlsSettings, UpstreamTlsSettings};
pub use web::WebSettings;

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
    /// Base URLs of the agencies, keyed by source code in lower case.
    #[serde(default)]
    pub agencies: BTreeMap<String, String>,
    /// The information specification.
    #[serde(default)]
    pub spec: SpecSettings,
    /// The mTLS listener (`[tls]`); plain HTTP when not enabled.
    #[serde(default)]
    pub tls: TlsSettings,
    /// TLS towards the agencies (`[upstream_tls]`): pinned CA, the gateway's client certificate.
    #[serde(default)]
    pub upstream_tls: UpstreamTlsSettings,
    /// Audit checkpoints and log follow-up.
    #[serde(default)]
    pub audit: AuditSettings,
    /// The purpose and case binding (`[binding]`).
    #[serde(default)]
    pub binding: BindingSettings,
    /// The case-worker UI at `/ui` (`[web]`).
    #[serde(default)]
    pub web: WebSettings,
    /// The SSBTEK v10 SOAP door (`[soap]`).
    #[serde(default)]
    pub soap: SoapDoorSettings,
    /// Metrics and trace export (`[telemetry]`).
    #[serde(default)]
    pub telemetry: TelemetrySettings,
    /// The applicant portal at `/mina-sidor` (`[portal]`).
    #[serde(default)]
    pub portal: PortalSettings,
    /// Consent-based gathering and the applicant's lookup list (`[consent]`).
    #[serde(default)]
    pub consent: ConsentSettings,
}

/// The SSBTEK v10 SOAP door (`[soap]`).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SoapDoorSettings {
    /// How long `testaBastjanstInformation` waits for the providers' test services; a
    /// provider that has not answered by then is reported as not reached.
    pub ping_deadline_ms: u64,
    /// The largest SOAP request body, in bytes.
    pub body_limit_bytes: usize,
    /// The deepest element nesting of a request document.
    pub max_depth: usize,
    /// The most elements in one request document.
    pub max_elements: u32,
    /// The most attributes on one element, namespace declarations included.
    pub max_attributes_per_element: usize,
    /// The most attributes in a request document, namespace declarations included.
    pub max_attributes: usize,
    /// The most namespace declarations on one element.
    pub max_namespace_declarations_per_element: usize,
    /// The most namespace declarations in a request document.
    pub max_namespace_declarations: usize,
    /// The longest element or attribute name, prefix included, in bytes.
    pub max_name_bytes: usize,
    /// The longest attribute value, in bytes as sent.
    pub max_attribute_value_bytes: usize,
    /// The most character data in a request document, in bytes.
    pub max_text_bytes: usize,
    /// How long checking and reading one request document may take.
    pub parse_budget_ms: u64,
}

impl SoapDoorSettings {
    /// `ping_deadline_ms` as a duration.
    pub fn ping_deadline(&self) -> Duration {
        Duration::from_millis(self.ping_deadline_ms)
    }

    /// The limits a request document is held to.
    pub fn limits(&self) -> underlag_soap::SoapLimits {
        underlag_soap::SoapLimits {
            max_depth: self.max_depth,
            max_elements: self.max_elements,
            max_attributes_per_element: self.max_attributes_per_element,
            max_attributes: self.max_attributes,
            max_namespace_declarations_per_element: self.max_namespace_declarations_per_element,
            max_namespace_declarations: self.max_namespace_declarations,
            max_name_bytes: self.max_name_bytes,
            max_attribute_value_bytes: self.max_attribute_value_bytes,
            max_text_bytes: self.max_text_bytes,
            parse_budget: Duration::from_millis(self.parse_budget_ms),
        }
    }

    fn check(&self) -> anyhow::Result<()> {
        if self.ping_deadline_ms == 0 {
            bail!("soap.ping_deadline_ms must be positive");
        }
        let sizes = [
            self.body_limit_bytes,
            self.max_depth,
            self.max_attributes_per_element,
            self.max_attributes,
            self.max_namespace_declarations_per_element,
            self.max_namespace_declarations,
            self.max_name_bytes,
            self.max_attribute_value_bytes,
            self.max_text_bytes,
        ];
        if sizes.contains(&0) || self.max_elements == 0 || self.parse_budget_ms == 0 {
            bail!("every [soap] limit must be positive");
        }
        Ok(())
    }
}

impl Default for SoapDoorSettings {
    fn default() -> Self {
        let limits = underlag_soap::SoapLimits::default();
        Self {
            ping_deadline_ms: 5000,
            body_limit_bytes: underlag_soap::SoapSettings::default().body_limit,
            max_depth: limits.max_depth,
            max_elements: limits.max_elements,
            max_attributes_per_element: limits.max_attributes_per_element,
            max_attributes: limits.max_attributes,
            max_namespace_declarations_per_element: limits.max_namespace_declarations_per_element,
            max_namespace_declarations: limits.max_namespace_declarations,
            max_name_bytes: limits.max_name_bytes,
            max_attribute_value_bytes: limits.max_attribute_value_bytes,
            max_text_bytes: limits.max_text_bytes,
            parse_budget_ms: u64::try_from(limits.parse_budget.as_millis()).unwrap_or(u64::MAX),
        }
    }
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
    /// Calls in progress to one agency at most (so connections to it); more wait their turn
    /// within their deadline.
    pub max_connections_per_agency: usize,
    /// LEFI actor id used towards FK when neither the organisation's connection nor the
    /// request names one, and for the FK test service; empty for none. Read only by
    /// [`Settings::binding_config`], which hands it to the binding (the one place the actor
    /// id is chosen).
    #[serde(deserialize_with = "underlag_domain::lefi_actor_id::deserialize_optional")]
    pub lefi_actor_id: Option<underlag_domain::LefiActorId>,
}

impl QuerySettings {
    /// `deadline_ms` as a duration.
    pub fn deadline(&self) -> Duration {
        Duration::from_millis(self.deadline_ms)
    }

    /// `source_timeout_ms` as a duration.
    pub fn source_timeout(&self) -> Duration {
        Duration::from_millis(self.source_timeout_ms)
    }

    /// `source_timeouts_ms` as durations, keyed by lower-case source code.
    pub fn source_timeouts(&self) -> impl Iterator<Item = (&str, Duration)> {
        self.source_timeouts_ms
            .iter()
            .map(|(k, v)| (k.as_str(), Duration::from_millis(*v)))
    }

    /// `retry_backoff_ms` as a duration.
    pub fn retry_backoff(&self) -> Duration {
        Duration::from_millis(self.retry_backoff_ms)
    }

    /// `breaker_open_ms` as a duration.
    pub fn breaker_open(&self) -> Duration {
        Duration::from_millis(self.breaker_open_ms)
    }
}

/// Where the information specification comes from.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecSettings {
    /// A folder with `sources/` and `kodverk/`; the built-in copy is used when absent.
    pub dir: Option<PathBuf>,
}

/// Audit checkpoints and log follow-up (`[audit]`).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuditSettings {
    /// The checkpoint signing key (PEM), generated with mode 0600 on first start if missing;
    /// the verifying key is written beside it with the extension `.pub`. When not set:
    /// `audit-signing.key` in the SQLite database's folder (so `underlag-data/` with the
    /// default database), or `underlag-data/audit-signing.key` with PostgreSQL.
    pub signing_key_file: Option<PathBuf>,
    /// Sign a checkpoint after this many appended records…
    pub checkpoint_every_records: u64,
    /// …or after this many seconds, whichever comes first (skipped when nothing was appended).
    pub checkpoint_every_seconds: u64,
    /// Retention (*gallring*): `underlag audit prune` removes records older than this many
    /// days (under a signed anchor; the prune is audited). Not set: records are kept until a
    /// prune is given `--older-than` or `--before`. The gateway itself never prunes.
    pub retention_days: Option<u32>,
    /// Thresholds of the misuse indicators (`underlag audit indicators`).
    pub indicators: IndicatorThresholds,
}

impl Default for AuditSettings {
    fn default() -> Self {
        Self {
            signing_key_file: None,
            checkpoint_every_records: 100,
            checkpoint_every_seconds: 300,
            retention_days: None,
            indicators: IndicatorThresholds::default(),
        }
    }
}

/// Thresholds of the misuse indicators (`[audit.indicators]`); times are Europe/Stockholm.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IndicatorThresholds {
    /// Start of office hours on working days (`HH:MM`, inclusive).
    pub office_hours_start: jiff::civil::Time,
    /// End of office hours (`HH:MM`, exclusive).
    pub office_hours_end: jiff::civil::Time,
    /// Whether Saturdays and Sundays count as outside office hours.
    pub weekends_off: bool,
    /// Whether Swedish public holidays (and midsommar-, jul- and nyårsafton) do.
    pub holidays_off: bool,
    /// Flag a person looked up under more than this many case ids by one organisation.
    pub max_case_ids_per_person: usize,
    /// Flag a case with more than this many distinct persons.
    pub max_persons_per_case: usize,
    /// Flag a case worker looking up more than this many distinct persons in one day.
    pub max_persons_per_case_worker_per_day: usize,
    /// List case workers with at least this many refused attempts.
    pub min_refusals_per_case_worker: usize,
}

impl Default for IndicatorThresholds {
    fn default() -> Self {
        let d = underlag_audit::IndicatorSettings::default();
        Self {
            office_hours_start: d.office_hours.start,
            office_hours_end: d.office_hours.end,
            weekends_off: d.office_hours.weekends_off,
            holidays_off: d.office_hours.holidays_off,
            max_case_ids_per_person: d.max_case_ids_per_person,
            max_persons_per_case: d.max_persons_per_case,
            max_persons_per_case_worker_per_day: d.max_persons_per_case_worker_per_day,
            min_refusals_per_case_worker: d.min_refusals_per_case_worker,
        }
    }
}

impl IndicatorThresholds {
    /// The indicators' settings, local times in `time_zone`.
    pub fn indicator_settings(
        &self,
        time_zone: jiff::tz::TimeZone,
    ) -> underlag_audit::IndicatorSettings {
        underlag_audit::IndicatorSettings {
            time_zone,
            office_hours: underlag_audit::OfficeHours {
                start: self.office_hours_start,
                end: self.office_hours_end,
                weekends_off: self.weekends_off,
                holidays_off: self.holidays_off,
            },
            max_case_ids_per_person: self.max_case_ids_per_person,
            max_persons_per_case: self.max_persons_per_case,
            max_persons_per_case_worker_per_day: self.max_persons_per_case_worker_per_day,
            min_refusals_per_case_worker: self.min_refusals_per_case_worker,
        }
    }
}

/// The documented defaults (also in `config/underlag.example.toml`).
pub const DEFAULTS: &str = include_str!("../../../config/defaults.toml");

impl Settings {
    /// Loads defaults, then `file` if given, then `UNDERLAG__…` environment variables.
    pub fn load(file: Option<&std::path::Path>) -> anyhow::Result<Self> {
        Self::load_with_env(file, None)
    }

    /// As [`Settings::load`], with the environment given explicitly (`None` = the process
    /// environment), so tests never have to change the process environment.
    pub fn load_with_env(
        file: Option<&std::path::Path>,
        env: Option<std::collections::HashMap<String, String>>,
    ) -> anyhow::Result<Self> {
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
                .separator("__")
                .try_parsing(true)
                .list_separator(",")
                .with_list_parse_key("tls.crl_files")
                .source(env),
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
        if self.query.max_connections_per_agency == 0 {
            bail!("query.max_connections_per_agency must be positive");
        }
        self.soap.check()?;
        self.telemetry.check()?;
        if self.audit.checkpoint_every_records == 0 || self.audit.checkpoint_every_seconds == 0 {
            bail!(
                "audit.checkpoint_every_records and audit.checkpoint_every_seconds must be positive"
            );
        }
        if self.audit.retention_days == Some(0) {
            bail!("audit.retention_days must be positive (leave it out to keep every record)");
        }
        let hours = &self.audit.indicators;
        if hours.office_hours_start >= hours.office_hours_end {
            bail!("audit.indicators.office_hours_start must be before office_hours_end");
        }
        self.server.check(self.tls.enabled)?;
        self.tls.check()?;
        self.upstream_tls.check()?;
        self.binding.check()?;
        self.web.check()?;
        self.portal.check()?;
        Ok(())
    }

    /// The core's binding configuration: `[binding]`, with `query.lefi_actor_id` as the
    /// fallback LEFI actor id. The period limit is `binding.max_period_months` alone; the
    /// doors' bound on a period's days is derived from it.
    pub fn binding_config(&self) -> underlag_service::BindingConfig {
        let mut config = self.binding.config();
        config
            .policy
            .default_lefi_actor_id
            .clone_from(&self.query.lefi_actor_id);
        config
    }

    /// The orchestrator's settings.
    pub fn orchestrator(&self) -> underlag_service::OrchestratorConfig {
        let q = &self.query;
        underlag_service::OrchestratorConfig {
            deadline: q.deadline(),
            source_timeout: q.source_timeout(),
            source_timeouts: q
                .source_timeouts()
                .filter_map(|(k, v)| Some((k.parse().ok()?, v)))
                .collect(),
            max_attempts: q.max_attempts,
            retry_backoff: q.retry_backoff(),
            min_attempt_budget: Duration::from_millis(200),
            breaker: underlag_service::BreakerConfig {
                failure_threshold: q.breaker_failure_threshold,
                open_for: q.breaker_open(),
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

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::io::Write;
    use std::path::Path;

    use super::*;

    fn file(text: &str) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(text.as_bytes()).unwrap();
        f
    }

    #[test]
    fn defaults_then_file_then_environment() {
        let defaults = Settings::load_with_env(None, Some(HashMap::new())).unwrap();
        assert_eq!(defaults.server.listen, "127.0.0.1:8080");
        let f = file("[server]\nlisten = \"127.0.0.1:9000\"\n[query]\ndeadline_ms = 5000\n");
        let from_file = Settings::load_with_env(Some(f.path()), Some(HashMap::new())).unwrap();
        assert_eq!(
            (
                from_file.server.listen.as_str(),
                from_file.query.deadline_ms
            ),
            ("127.0.0.1:9000", 5000)
        );
        assert_eq!(
            from_file.query.source_timeout_ms,
            defaults.query.source_timeout_ms
        );
        let env = HashMap::from([
            ("UNDERLAG__QUERY__DEADLINE_MS".to_owned(), "7000".to_owned()),
            (
                "UNDERLAG__DATABASE__URL".to_owned(),
                "postgres://db.invalid/underlag".to_owned(),
            ),
        ]);
        let layered = Settings::load_with_env(Some(f.path()), Some(env)).unwrap();
        assert_eq!(
            layered.query.deadline_ms, 7000,
            "the environment wins over the file"
        );
        assert_eq!(layered.server.listen, "127.0.0.1:9000");
        assert_eq!(layered.database.url, "postgres://db.invalid/underlag");
    }

    #[test]
    fn the_example_configuration_parses() {
        let example =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config/underlag.example.toml");
        let settings = Settings::load_with_env(Some(&example), Some(HashMap::new())).unwrap();
        assert!(settings.agency_url(SourceId::Fk).is_some());
    }

    /// The fallback LEFI actor id is one setting (`query.lefi_actor_id`), handed to the
    /// binding only; empty means none, and a value breaking the free-text rule is refused.
    #[test]
    fn the_lefi_actor_id_setting_is_the_bindings_fallback() {
        let defaults = Settings::load_with_env(None, Some(HashMap::new())).unwrap();
        let fallback = defaults.binding_config().policy.default_lefi_actor_id;
        assert_eq!(fallback.as_ref().map(|a| a.as_str()), Some("UNDERLAG-DEMO"));
        let none = HashMap::from([("UNDERLAG__QUERY__LEFI_ACTOR_ID".to_owned(), String::new())]);
        let settings = Settings::load_with_env(None, Some(none)).unwrap();
        assert_eq!(settings.binding_config().policy.default_lefi_actor_id, None);
        let bad = file("[query]\nlefi_actor_id = \"a\\u001bb\"\n");
        let error = Settings::load_with_env(Some(bad.path()), Some(HashMap::new())).unwrap_err();
        assert!(format!("{error:#}").contains("LEFI actor id"), "{error:#}");
    }

    /// One period setting: the binding's months; the doors' bound in days is derived.
    #[test]
    fn the_period_limit_is_one_setting() {
        let defaults = Settings::load_with_env(None, Some(HashMap::new())).unwrap();
        let rule = defaults.binding_config().policy.period_rule();
        assert_eq!((rule.max_months(), rule.max_days()), (24, 731));
        let old_key = file("[query]\nmax_period_days = 731\n");
        assert!(Settings::load_with_env(Some(old_key.path()), Some(HashMap::new())).is_err());
    }

    #[test]
    fn bad_settings_are_refused_with_their_name() {
        let unknown_key = file("[server]\nlisten = \"127.0.0.1:1\"\nlistne = 3\n");
        let error =
            Settings::load_with_env(Some(unknown_key.path()), Some(HashMap::new())).unwrap_err();
        assert!(format!("{error:#}").contains("listne"), "{error:#}");
        let unknown_source = file("[agencies]\nxyz = \"http://127.0.0.1:1\"\n");
        let error =
            Settings::load_with_env(Some(unknown_source.path()), Some(HashMap::new())).unwrap_err();
        assert!(format!("{error:#}").contains("xyz"), "{error:#}");
        let missing =
            Settings::load_with_env(Some(Path::new("no/such/file.toml")), Some(HashMap::new()));
        assert!(missing.is_err());
    }
}

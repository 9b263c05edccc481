//! The `[server]` settings (the gateway's listener: address, body limit, connection limits,
//! shutdown grace, and the TLS-terminating proxy whose identity header may be trusted) and
//! the `[database]` setting, with the rule that plain HTTP is served only on loopback.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};
use axum::http::HeaderName;
use underlag_tls::ListenerLimits;

/// The HTTP listener (`[server]`).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSettings {
    /// Address to listen on, e.g. `127.0.0.1:8080`.
    pub listen: String,
    /// Largest accepted request body.
    pub body_limit_bytes: usize,
    /// How long a client may take to send a complete request head (HTTP/1).
    pub header_read_timeout_ms: u64,
    /// How long a client may take to send a REST request's body (then 408).
    pub body_read_timeout_ms: u64,
    /// The backstop for one REST request, composite query included (then 504); the query's
    /// own deadline (`query.deadline_ms`) answers first.
    pub request_timeout_ms: u64,
    /// How long a connection may stay open with no request in flight and no traffic.
    pub idle_timeout_ms: u64,
    /// Connections open at once at most; more wait to be accepted.
    pub max_connections: usize,
    /// At shutdown (SIGTERM, SIGINT), how long requests in flight get to finish.
    pub shutdown_grace_ms: u64,
    /// A TLS-terminating proxy in front of the gateway verifies the callers' client
    /// certificates and passes each one's SHA-256 fingerprint in
    /// [`ServerSettings::proxy_identity_header`]; the gateway trusts that header. Allows
    /// plain HTTP beyond loopback. Only with a proxy that strips the header from incoming
    /// requests and is the only way to reach the port.
    pub trust_tls_terminating_proxy: bool,
    /// The header carrying the verified client certificate's SHA-256 fingerprint (hex of the
    /// DER). Refused (400) on every request unless `trust_tls_terminating_proxy` is set.
    pub proxy_identity_header: String,
    /// The address callers use to reach the gateway (e.g. `https://ssbtek.kommun.se`), as the
    /// SOAP WSDL advertises it. Unset: the WSDL names a loopback `Host` only and refuses
    /// others (421), so a proxy cannot be poisoned by a forged `Host` header.
    #[serde(default)]
    pub public_url: Option<String>,
    /// A second, plain-HTTP listener serving only `/health`, `/health/live` and
    /// `/health/ready`, reachable without a client certificate (for a platform's probes).
    /// Unset: none.
    #[serde(default)]
    pub health_listen: Option<String>,
}

impl ServerSettings {
    /// `header_read_timeout_ms` as a duration.
    pub fn header_read_timeout(&self) -> Duration {
        Duration::from_millis(self.header_read_timeout_ms)
    }

    /// `body_read_timeout_ms` as a duration.
    pub fn body_read_timeout(&self) -> Duration {
        Duration::from_millis(self.body_read_timeout_ms)
    }

    /// `request_timeout_ms` as a duration.
    pub fn request_timeout(&self) -> Duration {
        Duration::from_millis(self.request_timeout_ms)
    }

    /// `idle_timeout_ms` as a duration.
    pub fn idle_timeout(&self) -> Duration {
        Duration::from_millis(self.idle_timeout_ms)
    }

    /// `shutdown_grace_ms` as a duration.
    pub fn shutdown_grace(&self) -> Duration {
        Duration::from_millis(self.shutdown_grace_ms)
    }

    pub(crate) fn check(&self, tls_enabled: bool) -> anyhow::Result<()> {
        for (value, key) in [
            (self.header_read_timeout_ms, "header_read_timeout_ms"),
            (self.body_read_timeout_ms, "body_read_timeout_ms"),
            (self.request_timeout_ms, "request_timeout_ms"),
            (self.idle_timeout_ms, "idle_timeout_ms"),
            (self.shutdown_grace_ms, "shutdown_grace_ms"),
        ] {
            if value == 0 {
                bail!("server.{key} must be positive");
            }
        }
        if self.max_connections == 0 {
            bail!("server.max_connections must be positive");
        }
        self.identity_header()?;
        if let Some(url) = &self.public_url {
            underlag_soap::PublicUrl::parse(url)
                .map_err(|e| anyhow::anyhow!("server.public_url: {e}"))?;
        }
        if self.trust_tls_terminating_proxy && tls_enabled {
            bail!(
                "server.trust_tls_terminating_proxy and tls.enabled cannot both be set: the \
                 caller is identified either by its certificate here or by the proxy's header"
            );
        }
        Ok(())
    }

    /// The proxy identity header's name.
    pub fn identity_header(&self) -> anyhow::Result<HeaderName> {
        HeaderName::try_from(self.proxy_identity_header.as_str())
            .context("server.proxy_identity_header is not a valid HTTP header name")
    }

    /// The REST API's time limits.
    pub fn api(&self) -> underlag_api::ApiSettings {
        underlag_api::ApiSettings {
            request_timeout: self.request_timeout(),
            body_timeout: self.body_read_timeout(),
        }
    }

    /// The listener's limits.
    pub fn limits(&self) -> ListenerLimits {
        ListenerLimits {
            header_read_timeout: self.header_read_timeout(),
            idle_timeout: self.idle_timeout(),
            max_connections: self.max_connections,
            shutdown_grace: self.shutdown_grace(),
        }
    }

    /// Refuses to serve plain HTTP on `addr` beyond loopback: without TLS, the organisation
    /// named in a request is taken at its word, so anyone who reaches the port can act as any
    /// connected municipality. Allowed with `tls.enabled`, or behind a trusted
    /// TLS-terminating proxy.
    pub fn check_exposure(&self, addr: SocketAddr, tls_enabled: bool) -> anyhow::Result<()> {
        if tls_enabled || addr.ip().to_canonical().is_loopback() {
            return Ok(());
        }
        if self.trust_tls_terminating_proxy {
            tracing::warn!(
                %addr,
                header = %self.proxy_identity_header,
                "serving plain HTTP beyond loopback: trusting a TLS-terminating proxy to verify \
                 client certificates and to set (and strip from incoming requests) the identity header"
            );
            return Ok(());
        }
        bail!(
            "server.listen is {addr}, not a loopback address, and tls.enabled is false: over \
             plain HTTP anyone who reaches the port could act as any connected municipality. \
             Set tls.enabled = true (with tls.cert_file, tls.key_file and tls.client_ca_file), \
             listen on loopback (e.g. server.listen = \"127.0.0.1:8080\"), or, behind a \
             TLS-terminating proxy that verifies client certificates and passes their \
             fingerprint in server.proxy_identity_header, set \
             server.trust_tls_terminating_proxy = true"
        )
    }
}

/// The audit store (`[database]`).
#[derive(Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    /// `sqlite://path/to/file.db` or `postgres://…`.
    pub url: String,
}

impl std::fmt::Debug for DatabaseSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DatabaseSettings")
            .field("url", &redacted_url(&self.url))
            .finish()
    }
}

/// The SQLite database file a URL names (`None` for PostgreSQL and in-memory databases).
pub fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && !path.contains(":memory:")).then(|| PathBuf::from(path))
}

/// `url` with any password replaced by `***`, for messages and logs.
pub fn redacted_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        Ok(_) => url.to_owned(),
        // Unparsable: show the scheme at most.
        Err(_) => match url.split_once("://") {
            Some((scheme, _)) => format!("{scheme}://…"),
            None => "(unparsable database URL)".to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(trust_proxy: bool) -> ServerSettings {
        ServerSettings {
            listen: "0.0.0.0:8080".into(),
            body_limit_bytes: 65536,
            header_read_timeout_ms: 5000,
            body_read_timeout_ms: 10000,
            request_timeout_ms: 30000,
            idle_timeout_ms: 60000,
            max_connections: 1024,
            shutdown_grace_ms: 10000,
            trust_tls_terminating_proxy: trust_proxy,
            proxy_identity_header: "x-underlag-client-cert-sha256".into(),
            public_url: None,
            health_listen: None,
        }
    }

    #[test]
    fn wsdl_address_comes_from_public_url_which_is_checked_at_start() {
        let mut good = server(false);
        good.public_url = Some("https://ssbtek.example.se/gw".into());
        assert!(good.check(false).is_ok());
        for bad in ["ftp://x.example", "https://user:pw@x.example", "not a url"] {
            let mut s = server(false);
            s.public_url = Some(bad.into());
            let error = s.check(false).unwrap_err().to_string();
            assert!(error.contains("server.public_url"), "{bad}: {error}");
            assert!(!error.contains("pw"), "{error}");
        }
    }

    #[test]
    fn plain_http_beyond_loopback_is_refused_naming_the_settings() {
        let any: SocketAddr = "0.0.0.0:8080".parse().unwrap();
        let error = server(false).check_exposure(any, false).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("server.listen"), "{message}");
        assert!(message.contains("tls.enabled"), "{message}");
        assert!(server(false).check_exposure(any, true).is_ok());
        assert!(server(true).check_exposure(any, false).is_ok());
        for loopback in ["127.0.0.1:8080", "[::1]:8080", "[::ffff:127.0.0.1]:8080"] {
            let addr: SocketAddr = loopback.parse().unwrap();
            assert!(
                server(false).check_exposure(addr, false).is_ok(),
                "{loopback}"
            );
        }
        let public: SocketAddr = "[2001:db8::1]:443".parse().unwrap();
        assert!(server(false).check_exposure(public, false).is_err());
    }

    #[test]
    fn a_trusted_proxy_and_tls_together_are_refused() {
        let error = server(true).check(true).unwrap_err().to_string();
        assert!(
            error.contains("server.trust_tls_terminating_proxy"),
            "{error}"
        );
        let mut bad = server(false);
        bad.proxy_identity_header = "not a header".into();
        assert!(
            bad.check(false)
                .unwrap_err()
                .to_string()
                .contains("server.proxy_identity_header")
        );
    }

    #[test]
    fn postgresql_credentials_are_never_printed() {
        let settings = DatabaseSettings {
            url: "postgres://underlag:s3cret-pw@db.example:5432/underlag".into(),
        };
        let shown = format!("{settings:?}");
        assert!(!shown.contains("s3cret-pw"), "{shown}");
        assert!(shown.contains("db.example"), "{shown}");
        assert_eq!(
            redacted_url("sqlite://underlag-data/audit.db"),
            "sqlite://underlag-data/audit.db"
        );
        assert!(!redacted_url("postgres://u:p w@@x").contains("p w"));
    }
}

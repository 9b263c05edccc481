//! The `[web]` settings: the case-worker UI at `/ui` (the organisation it acts for, sign-in
//! through OpenID Connect or the demo sign-in, the role claim, sessions, the overview's
//! change threshold), turned into `underlag_web::WebConfig`.

use std::time::Duration;

use anyhow::{Context, bail};
use underlag_domain::Organisationsnummer;

/// The case-worker UI (`[web]`).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WebSettings {
    /// Serve the UI at `/ui`. Off by default; `underlag demo` turns it on.
    pub enabled: bool,
    /// The organisation (organisationsnummer) the UI acts for; required when enabled.
    pub organisation: String,
    /// The claim of the id token that carries the roles (`handlaggare`, `logguppfoljare`,
    /// `administrator`), as an array or a space-separated string.
    pub role_claim: String,
    /// The OpenID provider's issuer URL (discovery at `/.well-known/openid-configuration`).
    pub oidc_issuer: Option<String>,
    /// The client id registered at the provider.
    pub oidc_client_id: Option<String>,
    /// The client secret (set it with `UNDERLAG__WEB__OIDC_CLIENT_SECRET`, not in a file).
    pub oidc_client_secret: Option<String>,
    /// The redirect URI registered at the provider: `https://<host>/ui/auth/callback`.
    pub oidc_redirect_url: Option<String>,
    /// Scopes besides `openid`.
    pub oidc_scopes: Vec<String>,
    /// The labelled demo sign-in with seeded users. Only `underlag demo` turns it on (after
    /// loading); a configuration file or the environment that sets it is refused.
    pub demo_sign_in: bool,
    /// A session unused this many minutes expires.
    pub session_ttl_minutes: u64,
    /// A session expires this many hours after sign-in whatever happens.
    pub session_max_hours: u64,
    /// An income changing by more than this many percent between M−2 and M−1 is flagged.
    pub change_threshold_percent: u32,
    /// How many months the overview shows, ending with the application month (3–24).
    pub months_shown: u8,
}

impl Default for WebSettings {
    fn default() -> Self {
        Self {
            enabled: false,
            organisation: String::new(),
            role_claim: "underlag_roles".into(),
            oidc_issuer: None,
            oidc_client_id: None,
            oidc_client_secret: None,
            oidc_redirect_url: None,
            oidc_scopes: vec!["profile".into()],
            demo_sign_in: false,
            session_ttl_minutes: 30,
            session_max_hours: 8,
            change_threshold_percent: 12,
            months_shown: 4,
        }
    }
}

impl WebSettings {
    /// Refuses settings the UI cannot run with. The demo sign-in cannot be configured: only
    /// `underlag demo` turns it on, after loading.
    pub fn check(&self) -> anyhow::Result<()> {
        if self.demo_sign_in {
            bail!(
                "web.demo_sign_in cannot be configured: only `underlag demo` offers the demo sign-in"
            );
        }
        if !self.enabled {
            return Ok(());
        }
        Organisationsnummer::parse(&self.organisation)
            .context("web.organisation must be a valid organisationsnummer")?;
        if self.role_claim.trim().is_empty() {
            bail!("web.role_claim must not be empty");
        }
        if self.session_ttl_minutes == 0 || self.session_max_hours == 0 {
            bail!("web.session_ttl_minutes and web.session_max_hours must be positive");
        }
        if !(3..=24).contains(&self.months_shown) {
            bail!("web.months_shown must be between 3 and 24");
        }
        let oidc = [
            &self.oidc_issuer,
            &self.oidc_client_id,
            &self.oidc_redirect_url,
        ];
        let given = oidc.iter().filter(|v| v.is_some()).count();
        if given != 0 && given != oidc.len() {
            bail!("web.oidc_issuer, web.oidc_client_id and web.oidc_redirect_url go together");
        }
        Ok(())
    }

    /// The UI's configuration, or `None` when the UI is off.
    pub fn web_config(
        &self,
        settings: &super::Settings,
    ) -> anyhow::Result<Option<underlag_web::WebConfig>> {
        if !self.enabled {
            return Ok(None);
        }
        let organisation = Organisationsnummer::parse(&self.organisation)
            .context("web.organisation must be a valid organisationsnummer")?;
        let mut config = underlag_web::WebConfig::new(organisation);
        config.role_claim = self.role_claim.clone();
        config.demo_sign_in = self.demo_sign_in;
        config.session_idle = Duration::from_secs(self.session_ttl_minutes * 60);
        config.session_absolute = Duration::from_secs(self.session_max_hours * 3600);
        config.secure_cookies = settings.tls.enabled || settings.server.trust_tls_terminating_proxy;
        config.change_threshold_percent = self.change_threshold_percent.into();
        config.months_shown = self.months_shown;
        // The doors' bound comes from the binding's one period rule, as for REST and SOAP.
        config.max_period_days = settings.binding_config().policy.period_rule().max_days();
        config.indicators = settings
            .audit
            .indicators
            .indicator_settings(underlag_service::clock::stockholm());
        config.purposes = settings
            .binding
            .purposes
            .iter()
            .map(|p| underlag_web::PurposeConfig {
                code: p.code.clone(),
                label: p.label.clone(),
                legal_basis: p.legal_basis.clone(),
            })
            .collect();
        if let (Some(issuer), Some(client_id), Some(redirect_url)) = (
            &self.oidc_issuer,
            &self.oidc_client_id,
            &self.oidc_redirect_url,
        ) {
            config.oidc = Some(underlag_web::OidcConfig {
                issuer: issuer.clone(),
                client_id: client_id.clone(),
                client_secret: self.oidc_client_secret.clone().unwrap_or_default(),
                redirect_url: redirect_url.clone(),
                scopes: self.oidc_scopes.clone(),
            });
        }
        Ok(Some(config))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::super::Settings;

    fn settings(env: &[(&str, &str)]) -> anyhow::Result<Settings> {
        let env = env
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect::<HashMap<_, _>>();
        Settings::load_with_env(None, Some(env))
    }

    #[test]
    fn the_ui_is_off_by_default_and_needs_an_organisation_when_on() {
        let defaults = settings(&[]).unwrap();
        assert!(defaults.web.web_config(&defaults).unwrap().is_none());
        let error = settings(&[("UNDERLAG__WEB__ENABLED", "true")]).unwrap_err();
        assert!(
            format!("{error:#}").contains("web.organisation"),
            "{error:#}"
        );
    }

    #[test]
    fn the_web_settings_become_the_uis_configuration() {
        let s = settings(&[
            ("UNDERLAG__WEB__ENABLED", "true"),
            ("UNDERLAG__WEB__ORGANISATION", "2120000142"),
            ("UNDERLAG__WEB__ROLE_CLAIM", "groups"),
            ("UNDERLAG__WEB__OIDC_ISSUER", "https://idp.example.se"),
            ("UNDERLAG__WEB__OIDC_CLIENT_ID", "underlag"),
            ("UNDERLAG__WEB__OIDC_CLIENT_SECRET", "secret"),
            (
                "UNDERLAG__WEB__OIDC_REDIRECT_URL",
                "https://underlag.example.se/ui/auth/callback",
            ),
            ("UNDERLAG__WEB__CHANGE_THRESHOLD_PERCENT", "15"),
        ])
        .unwrap();
        let config = s.web.web_config(&s).unwrap().unwrap();
        assert_eq!(config.organisation.ten_digits(), "2120000142");
        assert_eq!(config.role_claim, "groups");
        assert!(!config.demo_sign_in);
        assert!(!config.secure_cookies, "plain HTTP on loopback");
        assert_eq!(config.change_threshold_percent, 15.into());
        let oidc = config.oidc.unwrap();
        assert_eq!(oidc.client_secret, "secret");
        assert_eq!(config.purposes.len(), s.binding.purposes.len());
        assert!(config.purposes.iter().all(|p| !p.legal_basis.is_empty()));
    }

    #[test]
    fn the_demo_sign_in_cannot_be_configured_for_serve() {
        let error = settings(&[("UNDERLAG__WEB__DEMO_SIGN_IN", "true")]).unwrap_err();
        assert!(format!("{error:#}").contains("demo_sign_in"), "{error:#}");
    }

    #[test]
    fn oidc_settings_go_together() {
        let error = settings(&[
            ("UNDERLAG__WEB__ENABLED", "true"),
            ("UNDERLAG__WEB__ORGANISATION", "2120000142"),
            ("UNDERLAG__WEB__OIDC_ISSUER", "https://idp.example.se"),
        ])
        .unwrap_err();
        assert!(format!("{error:#}").contains("go together"), "{error:#}");
    }
}

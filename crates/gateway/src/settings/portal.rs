//! The `[portal]` settings: the applicant portal at `/mina-sidor` (the municipality it
//! receives applications for, the unit shown to applicants and what a person with protected
//! identity sees of it, sign-in through OpenID Connect with a personnummer claim or the demo
//! sign-in, sessions), turned into `underlag_portal::PortalConfig`.

use std::time::Duration;

use anyhow::{Context, bail};
use underlag_domain::Organisationsnummer;
use underlag_portal::{PortalConfig, ProtectedUnitView, UnitInfo};

/// The applicant portal (`[portal]`).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PortalSettings {
    /// Serve the portal at `/mina-sidor`. Off by default; `underlag demo` turns it on.
    pub enabled: bool,
    /// The municipality (organisationsnummer) applications are sent to; required when enabled.
    pub organisation: String,
    /// The municipality's name, as applicants see it.
    pub organisation_name: String,
    /// The unit that handles applications.
    pub unit_name: String,
    /// The unit's visiting address (never shown to a person with protected identity).
    pub unit_address: String,
    /// The unit's telephone number (never shown to a person with protected identity).
    pub unit_phone: String,
    /// The municipality's general contact, shown instead of the unit when it is hidden.
    pub general_contact: String,
    /// What a person with protected identity sees of the unit: `dold` (nothing, only the
    /// general contact) or `namn` (the unit's name).
    pub protected_unit_view: String,
    /// The id-token claim that carries the personnummer (12 digits).
    pub personnummer_claim: String,
    /// The id-token claim that marks protected identity (`true`).
    pub protected_claim: String,
    /// The OpenID provider's issuer URL.
    pub oidc_issuer: Option<String>,
    /// The client id registered at the provider.
    pub oidc_client_id: Option<String>,
    /// The client secret (set it with `UNDERLAG__PORTAL__OIDC_CLIENT_SECRET`).
    pub oidc_client_secret: Option<String>,
    /// The redirect URI registered at the provider: `https://<host>/mina-sidor/auth/callback`.
    pub oidc_redirect_url: Option<String>,
    /// Scopes besides `openid`.
    pub oidc_scopes: Vec<String>,
    /// The labelled demo sign-in; only `underlag demo` turns it on, after loading.
    pub demo_sign_in: bool,
    /// A session unused this many minutes expires.
    pub session_ttl_minutes: u64,
    /// A session expires this many hours after sign-in whatever happens.
    pub session_max_hours: u64,
}

impl Default for PortalSettings {
    fn default() -> Self {
        Self {
            enabled: false,
            organisation: String::new(),
            organisation_name: "Kommunen".into(),
            unit_name: "Försörjningsstöd".into(),
            unit_address: String::new(),
            unit_phone: String::new(),
            general_contact: "Kontakta kommunens växel eller kontaktcenter.".into(),
            protected_unit_view: "dold".into(),
            personnummer_claim: "personal_identity_number".into(),
            protected_claim: "protected_identity".into(),
            oidc_issuer: None,
            oidc_client_id: None,
            oidc_client_secret: None,
            oidc_redirect_url: None,
            oidc_scopes: vec!["profile".into()],
            demo_sign_in: false,
            session_ttl_minutes: 20,
            session_max_hours: 4,
        }
    }
}

impl PortalSettings {
    /// Refuses settings the portal cannot run with; the demo sign-in cannot be configured.
    pub fn check(&self) -> anyhow::Result<()> {
        if self.demo_sign_in {
            bail!(
                "portal.demo_sign_in cannot be configured: only `underlag demo` offers the demo sign-in"
            );
        }
        if !self.enabled {
            return Ok(());
        }
        Organisationsnummer::parse(&self.organisation)
            .context("portal.organisation must be a valid organisationsnummer")?;
        if ProtectedUnitView::parse(&self.protected_unit_view).is_none() {
            bail!("portal.protected_unit_view must be `dold` or `namn`");
        }
        if self.personnummer_claim.trim().is_empty() {
            bail!("portal.personnummer_claim must not be empty");
        }
        if self.session_ttl_minutes == 0 || self.session_max_hours == 0 {
            bail!("portal.session_ttl_minutes and portal.session_max_hours must be positive");
        }
        let oidc = [
            &self.oidc_issuer,
            &self.oidc_client_id,
            &self.oidc_redirect_url,
        ];
        let given = oidc.iter().filter(|v| v.is_some()).count();
        if given != 0 && given != oidc.len() {
            bail!(
                "portal.oidc_issuer, portal.oidc_client_id and portal.oidc_redirect_url go together"
            );
        }
        Ok(())
    }

    /// The portal's configuration, or `None` when the portal is off.
    pub fn portal_config(
        &self,
        settings: &super::Settings,
    ) -> anyhow::Result<Option<PortalConfig>> {
        if !self.enabled {
            return Ok(None);
        }
        let organisation = Organisationsnummer::parse(&self.organisation)
            .context("portal.organisation must be a valid organisationsnummer")?;
        let mut config = PortalConfig::new(organisation);
        config.organisation_name = self.organisation_name.clone();
        config.unit = UnitInfo {
            name: self.unit_name.clone(),
            address: self.unit_address.clone(),
            phone: self.unit_phone.clone(),
            general_contact: self.general_contact.clone(),
        };
        config.protected_unit_view = ProtectedUnitView::parse(&self.protected_unit_view)
            .context("portal.protected_unit_view must be `dold` or `namn`")?;
        config.personnummer_claim = self.personnummer_claim.clone();
        config.protected_claim = self.protected_claim.clone();
        config.demo_sign_in = self.demo_sign_in;
        config.session_idle = Duration::from_secs(self.session_ttl_minutes * 60);
        config.session_absolute = Duration::from_secs(self.session_max_hours * 3600);
        config.secure_cookies = settings.tls.enabled || settings.server.trust_tls_terminating_proxy;
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
    use super::*;

    #[test]
    fn the_demo_sign_in_and_a_bad_unit_view_are_refused() {
        let demo = PortalSettings {
            demo_sign_in: true,
            ..PortalSettings::default()
        };
        assert!(demo.check().is_err());
        let bad = PortalSettings {
            enabled: true,
            organisation: "2120000142".into(),
            protected_unit_view: "adress".into(),
            ..PortalSettings::default()
        };
        assert!(bad.check().is_err());
        let good = PortalSettings {
            enabled: true,
            organisation: "2120000142".into(),
            ..PortalSettings::default()
        };
        assert!(good.check().is_ok());
        let half_oidc = PortalSettings {
            oidc_issuer: Some("https://idp.example".into()),
            ..good
        };
        assert!(half_oidc.check().is_err());
    }
}

//! The `[binding]` settings: the purpose and case binding every query passes (allowed
//! purposes, the longest period, query-time registration of unknown cases).

use anyhow::bail;
use underlag_registry::{PolicyConfig, Purpose};
use underlag_service::BindingConfig;

/// The purpose and case binding (`[binding]`).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BindingSettings {
    /// The longest period a query may ask about, in calendar months.
    pub max_period_months: u32,
    /// Whether a query on a case the registry does not know registers that case with the
    /// asked person as its household of one (when every other check passes; audited). Off by
    /// default, and so in `underlag serve`: the case system registers households first
    /// (`PUT /api/v1/cases/{case_id}/household`), and a query on an unregistered case is
    /// refused `case_unknown`. Only `underlag demo` turns it on. With it on, anyone passing the
    /// organisation check can look anyone up by inventing a case id.
    pub auto_register_first_query: bool,
    /// The purposes (syften) a query may state: by code, by label, or starting with either.
    pub purposes: Vec<PurposeSetting>,
}

/// One allowed purpose.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PurposeSetting {
    /// The code, e.g. `EKB-UTREDNING`.
    pub code: String,
    /// The Swedish label, e.g. `Utredning av rätt till ekonomiskt bistånd`.
    pub label: String,
    /// The legal basis (lagtext) a query for this purpose cites, as data: the law in force,
    /// e.g. `12 kap. socialtjänstlagen (2025:400), förordning (2008:975)`. Shown to people
    /// and used as the CLI's default; a query still states its own.
    #[serde(default)]
    pub legal_basis: String,
    /// Where the citation was checked: the published law texts' addresses.
    #[serde(default)]
    pub sources: Vec<String>,
}

/// The legal basis of the built-in purposes: the social services act in force since
/// 2025-07-01 (economic assistance in chapter 12) and the ordinance on what the agencies
/// disclose to the social committee.
pub const DEFAULT_LEGAL_BASIS: &str = "12 kap. socialtjänstlagen (2025:400), förordning (2008:975)";

/// Where [`DEFAULT_LEGAL_BASIS`] was checked.
pub const DEFAULT_LEGAL_SOURCES: [&str; 3] = [
    "https://lagen.nu/prop/2024/25:89",
    "http://data.riksdagen.se/dokument/HD0312.html",
    "https://lagen.nu/2008:975",
];

impl Default for BindingSettings {
    fn default() -> Self {
        let policy = PolicyConfig::default();
        Self {
            max_period_months: policy.max_period_months,
            auto_register_first_query: false,
            purposes: policy
                .purposes
                .into_iter()
                .map(|p| PurposeSetting {
                    code: p.code,
                    label: p.label,
                    legal_basis: DEFAULT_LEGAL_BASIS.to_owned(),
                    sources: DEFAULT_LEGAL_SOURCES.map(str::to_owned).to_vec(),
                })
                .collect(),
        }
    }
}

impl BindingSettings {
    /// Refuses settings the binding cannot work with.
    pub fn check(&self) -> anyhow::Result<()> {
        if self.max_period_months == 0 || self.max_period_months > 120 {
            bail!("binding.max_period_months must be between 1 and 120");
        }
        if self.purposes.is_empty() {
            bail!("binding.purposes must name at least one purpose");
        }
        if self
            .purposes
            .iter()
            .any(|p| p.code.trim().is_empty() || p.label.trim().is_empty())
        {
            bail!("every binding.purposes entry needs a code and a label");
        }
        // A legal basis citing the repealed act (its number below) is out of date.
        let repealed = "2001:453";
        if let Some(i) = self
            .purposes
            .iter()
            .position(|p| p.legal_basis.contains(repealed))
        {
            bail!(
                "binding.purposes[{i}].legal_basis cites socialtjänstlagen (2001:453), repealed since 2025-07-01; cite the law in force (socialtjänstlagen (2025:400))"
            );
        }
        Ok(())
    }

    /// The core's binding configuration.
    pub fn config(&self) -> BindingConfig {
        BindingConfig {
            policy: PolicyConfig {
                purposes: self
                    .purposes
                    .iter()
                    .map(|p| Purpose::new(p.code.trim(), p.label.trim()))
                    .collect(),
                max_period_months: self.max_period_months,
                // The fallback actor id is `[query]`'s: see `Settings::binding_config`.
                default_lefi_actor_id: None,
            },
            auto_register_first_query: self.auto_register_first_query,
            ..BindingConfig::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_defaults_are_the_policy_defaults() {
        let settings = crate::settings::Settings::load(None).unwrap();
        let config = settings.binding.config();
        assert_eq!(config.policy, PolicyConfig::default());
        assert!(
            !config.auto_register_first_query,
            "the case binding is on by default"
        );
        assert!(!BindingSettings::default().auto_register_first_query);
        assert_eq!(BindingSettings::default().config().policy, config.policy);
    }

    /// Legal references are data: every documented purpose cites the law in force and
    /// records where the citation was checked.
    #[test]
    fn purposes_cite_the_law_in_force_with_their_sources() {
        let settings = crate::settings::Settings::load(None).unwrap();
        for p in &settings.binding.purposes {
            assert_eq!(p.legal_basis, DEFAULT_LEGAL_BASIS, "{}", p.code);
            assert!(p.legal_basis.contains("2025:400"));
            assert_eq!(p.sources, DEFAULT_LEGAL_SOURCES, "{}", p.code);
        }
        for p in &BindingSettings::default().purposes {
            assert_eq!(p.legal_basis, DEFAULT_LEGAL_BASIS);
        }
    }

    #[test]
    fn unusable_settings_are_refused() {
        let b = BindingSettings {
            max_period_months: 0,
            ..BindingSettings::default()
        };
        assert!(b.check().is_err());
        let mut b = BindingSettings::default();
        b.purposes.clear();
        assert!(b.check().is_err());
        let mut b = BindingSettings::default();
        b.purposes[0].label = " ".into();
        assert!(b.check().is_err());
        let mut b = BindingSettings::default();
        // Citing the repealed act is refused.
        b.purposes[1].legal_basis = "11 kap. 11 § socialtjänstlagen (2001:453)".into();
        let e = b.check().unwrap_err().to_string();
        assert!(e.contains("binding.purposes[1].legal_basis"), "{e}");
        assert!(BindingSettings::default().check().is_ok());
    }
}

//! The `[consent]` settings: consent-based gathering (the simulated or a real bank speaking
//! Berlin Group NextGenPSD2 account information) and the applicant's "vem har tittat på mina
//! uppgifter?" list.

use std::time::Duration;

/// Consent-based gathering and the register extract (`[consent]`).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ConsentSettings {
    /// The bank's Berlin Group base URL (without `/v1`); empty: no bank, consents cannot be
    /// given. `underlag demo` sets it to the simulated bank.
    pub bank_url: String,
    /// How long one call to the bank may take.
    pub bank_timeout_ms: u64,
    /// Name the case worker in the applicant's list of lookups and the register extract.
    pub name_case_workers: bool,
    /// Show the unit of the asking organisation to a person with protected identity.
    pub show_unit_when_protected: bool,
}

impl Default for ConsentSettings {
    fn default() -> Self {
        Self {
            bank_url: String::new(),
            bank_timeout_ms: 5_000,
            name_case_workers: false,
            show_unit_when_protected: false,
        }
    }
}

impl ConsentSettings {
    /// The bank call's time limit.
    pub fn bank_timeout(&self) -> Duration {
        Duration::from_millis(self.bank_timeout_ms)
    }

    /// The options of the lookup list.
    pub fn who_looked(&self) -> underlag_audit::WhoLookedOptions {
        underlag_audit::WhoLookedOptions {
            name_case_workers: self.name_case_workers,
            show_unit_when_protected: self.show_unit_when_protected,
        }
    }
}

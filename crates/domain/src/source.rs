//! The seven sources (bastjänster) behind the composite service.

use std::fmt;
use std::str::FromStr;

/// One provider's base service, named by the code the SSBTEK contract uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum SourceId {
    /// Försäkringskassan and Pensionsmyndigheten, through LEFI.
    #[serde(rename = "FK")]
    Fk,
    /// Arbetsförmedlingen.
    #[serde(rename = "AF")]
    Af,
    /// Centrala studiestödsnämnden.
    #[serde(rename = "CSN")]
    Csn,
    /// Skatteverket.
    #[serde(rename = "SKV")]
    Skv,
    /// The unemployment funds (a-kassor), through Sveriges a-kassor.
    #[serde(rename = "SO")]
    So,
    /// Transportstyrelsen.
    #[serde(rename = "TNS")]
    Tns,
    /// Migrationsverket.
    #[serde(rename = "MIV")]
    Miv,
}

/// An unknown source code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown source '{0}'; known sources are FK, AF, CSN, SKV, SO, TNS and MIV")]
pub struct UnknownSource(pub String);

impl SourceId {
    /// All sources, in the order the SSBTEK answer lists them.
    pub const ALL: [SourceId; 7] = [
        SourceId::Af,
        SourceId::Csn,
        SourceId::Fk,
        SourceId::Skv,
        SourceId::So,
        SourceId::Tns,
        SourceId::Miv,
    ];

    /// The contract code (`FK`, `AF`, …).
    pub fn code(self) -> &'static str {
        match self {
            SourceId::Fk => "FK",
            SourceId::Af => "AF",
            SourceId::Csn => "CSN",
            SourceId::Skv => "SKV",
            SourceId::So => "SO",
            SourceId::Tns => "TNS",
            SourceId::Miv => "MIV",
        }
    }

    /// The provider's Swedish name.
    pub fn name_sv(self) -> &'static str {
        match self {
            SourceId::Fk => "Försäkringskassan och Pensionsmyndigheten",
            SourceId::Af => "Arbetsförmedlingen",
            SourceId::Csn => "CSN",
            SourceId::Skv => "Skatteverket",
            SourceId::So => "Arbetslöshetskassorna",
            SourceId::Tns => "Transportstyrelsen",
            SourceId::Miv => "Migrationsverket",
        }
    }

    /// A lower-case slug for paths and metric labels (`fk`, `af`, …).
    pub fn slug(self) -> &'static str {
        match self {
            SourceId::Fk => "fk",
            SourceId::Af => "af",
            SourceId::Csn => "csn",
            SourceId::Skv => "skv",
            SourceId::So => "so",
            SourceId::Tns => "tns",
            SourceId::Miv => "miv",
        }
    }
}

impl FromStr for SourceId {
    type Err = UnknownSource;

    /// Accepts the contract code or the slug, in any letter case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SourceId::ALL
            .into_iter()
            .find(|id| id.code().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownSource(s.to_owned()))
    }
}

impl fmt::Display for SourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for id in SourceId::ALL {
            assert_eq!(id.code().parse::<SourceId>().unwrap(), id);
            assert_eq!(id.slug().parse::<SourceId>().unwrap(), id);
        }
        assert!("XX".parse::<SourceId>().is_err());
    }

    /// Mutation survivor (issue 16): the display is the contract code (logs and messages).
    #[test]
    fn a_source_displays_as_its_code() {
        assert_eq!(SourceId::Fk.to_string(), "FK");
        assert_eq!(SourceId::Miv.to_string(), "MIV");
    }

    /// Mutation survivor (issue 16): the Swedish names the UI and the specification show.
    #[test]
    fn a_source_has_its_swedish_name() {
        assert_eq!(SourceId::So.name_sv(), "Arbetslöshetskassorna");
        assert_eq!(
            SourceId::Fk.name_sv(),
            "Försäkringskassan och Pensionsmyndigheten"
        );
    }
}

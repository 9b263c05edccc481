//! Underlag's sources (bastjänster) and the one table that registers them.
//!
//! A source is registered by one line of [`sources!`]: its variant, contract code, slug,
//! Swedish names and what entitles a connection to it. Everything else that enumerates the
//! sources (the fan-out, the simulator's listeners, the specification's index, the REST
//! enumeration, the registry) reads [`SourceId::ALL`] or [`SourceId::descriptor`]; the
//! crates that hold a per-source module (adapter, simulated agency) name it in one
//! exhaustive `match`, so the compiler lists what a new source still lacks.
//!
//! Underlag's sources are not the SSBTEK v10 contract's providers: the table also says which
//! contract each source belongs to, and [`SourceId::V10`] (the contract's seven, in its answer
//! order) is the one list of the v10 providers: the SOAP door reads, asks, pings and answers
//! exactly those, and never a source outside it.

use std::fmt;
use std::str::FromStr;

/// What entitles a connection to a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entitlement {
    /// The source is in the connection's agreement (its entitled sources).
    Agreement,
    /// The source is in the agreement and the connection's registry entry holds the legal
    /// basis (lagrum) for it. Without it the source answers `not_entitled` and is not called.
    AgreementAndLegalBasis,
}

/// Which contract a source's wire format belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contract {
    /// A provider of the SSBTEK v10 contract: the SOAP door reads, asks, pings and answers it.
    SsbtekV10,
    /// A source Underlag added, in a wire format of Underlag's model (`docs/agency-wire.md`):
    /// only the REST door asks it.
    UnderlagModel,
}

/// Everything Underlag knows about a source apart from its adapter and simulated agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceDescriptor {
    /// The source.
    pub id: SourceId,
    /// Its place in an answer ([`SourceId::ALL`]): the v10 providers in the contract's order,
    /// then the added sources.
    pub position: u8,
    /// The code (`FK`, `AGI`, …): the SSBTEK contract's code for the v10 providers.
    pub code: &'static str,
    /// A lower-case slug for paths, file names and metric labels (`fk`, `agi`, …).
    pub slug: &'static str,
    /// The provider's full Swedish name.
    pub name_sv: &'static str,
    /// The provider's name in a Swedish sentence ("… svarade inte").
    pub label_sv: &'static str,
    /// The prefixes of its code lists in `spec/kodverk` (`fk-`, `pm-`, `lefi-` for FK).
    pub kodverk_prefixes: &'static [&'static str],
    /// What entitles a connection to it.
    pub entitlement: Entitlement,
    /// Which contract its wire format belongs to.
    pub contract: Contract,
}

/// Declares [`SourceId`], [`SourceId::ALL`] and each source's [`SourceDescriptor`] from one
/// table: one line per source. The table's order is the enum's (`Ord`: how sets and maps of
/// sources list them); `position` is the answer's.
macro_rules! sources {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident => $position:literal, $code:literal, $slug:literal, $name_sv:literal,
            $label_sv:literal, [$($prefix:literal),*], $entitlement:ident, $contract:ident;
    )+) => {
        /// One source, named by its code (the SSBTEK contract's code for the v10 providers).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum SourceId {
            $(
                $(#[doc = $doc])*
                #[serde(rename = $code)]
                $variant,
            )+
        }

        impl SourceId {
            /// Every source, in answer order: the v10 providers in the order the SSBTEK
            /// answer lists them, then the sources Underlag added.
            pub const ALL: [SourceId; Self::COUNT] = {
                let mut all = [$(SourceId::$variant),+];
                // Insertion sort by position (a const context has no `sort`).
                let mut i = 1;
                while i < all.len() {
                    let mut j = i;
                    while j > 0 && all[j - 1].descriptor().position > all[j].descriptor().position {
                        let earlier = all[j - 1];
                        all[j - 1] = all[j];
                        all[j] = earlier;
                        j -= 1;
                    }
                    i += 1;
                }
                all
            };

            /// How many sources there are.
            pub const COUNT: usize = [$(stringify!($variant)),+].len();

            /// The providers of the SSBTEK v10 contract, in the order its answer lists them
            /// (the sources whose descriptor says [`Contract::SsbtekV10`], in [`Self::ALL`]'s
            /// order). The one list of them: the SOAP door, the simulator's ports and the
            /// conformance kit read it.
            pub const V10: [SourceId; Self::V10_COUNT] = {
                let mut v10 = [SourceId::ALL[0]; Self::V10_COUNT];
                let (mut i, mut n) = (0, 0);
                while i < Self::COUNT {
                    if Self::ALL[i].is_v10() {
                        v10[n] = Self::ALL[i];
                        n += 1;
                    }
                    i += 1;
                }
                v10
            };

            /// How many providers the SSBTEK v10 contract has.
            pub const V10_COUNT: usize = {
                let (mut i, mut n) = (0, 0);
                while i < Self::COUNT {
                    if Self::ALL[i].is_v10() {
                        n += 1;
                    }
                    i += 1;
                }
                n
            };

            /// The source's descriptor.
            pub const fn descriptor(self) -> &'static SourceDescriptor {
                match self {
                    $(SourceId::$variant => &SourceDescriptor {
                        id: SourceId::$variant,
                        position: $position,
                        code: $code,
                        slug: $slug,
                        name_sv: $name_sv,
                        label_sv: $label_sv,
                        kodverk_prefixes: &[$($prefix),*],
                        entitlement: Entitlement::$entitlement,
                        contract: Contract::$contract,
                    },)+
                }
            }
        }
    };
}

sources! {
    /// Försäkringskassan and Pensionsmyndigheten, through LEFI.
    Fk => 3, "FK", "fk", "Försäkringskassan och Pensionsmyndigheten", "Försäkringskassan",
        ["fk-", "pm-", "lefi-"], Agreement, SsbtekV10;
    /// Arbetsförmedlingen.
    Af => 1, "AF", "af", "Arbetsförmedlingen", "Arbetsförmedlingen", ["af-"], Agreement, SsbtekV10;
    /// Centrala studiestödsnämnden.
    Csn => 2, "CSN", "csn", "CSN", "CSN", ["csn-"], Agreement, SsbtekV10;
    /// Skatteverket (capital income, tax account).
    Skv => 4, "SKV", "skv", "Skatteverket", "Skatteverket", ["skv-"], Agreement, SsbtekV10;
    /// The unemployment funds (a-kassor), through Sveriges a-kassor.
    So => 5, "SO", "so", "Arbetslöshetskassorna", "Arbetslöshetskassorna", ["so-"], Agreement, SsbtekV10;
    /// Transportstyrelsen.
    Tns => 6, "TNS", "tns", "Transportstyrelsen", "Transportstyrelsen", ["tns-"], Agreement, SsbtekV10;
    /// Migrationsverket.
    Miv => 7, "MIV", "miv", "Migrationsverket", "Migrationsverket", ["miv-"], Agreement, SsbtekV10;
    /// Skatteverket's employer declarations on individual level (arbetsgivardeklaration på
    /// individnivå, AGI): earned income per employer and month. Not a v10 provider.
    Agi => 8, "AGI", "agi", "Skatteverket (arbetsgivardeklarationer på individnivå)",
        "Skatteverket (arbetsgivardeklarationer)", ["agi-"], AgreementAndLegalBasis,
        UnderlagModel;
    /// Kronofogden: debts, wage garnishment and debt relief. Not a v10 provider.
    Kfm => 9, "KFM", "kfm", "Kronofogden", "Kronofogden", ["kfm-"], AgreementAndLegalBasis,
        UnderlagModel;
}

/// An unknown source code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown source '{0}'; known sources are {known}", known = known_codes())]
pub struct UnknownSource(pub String);

fn known_codes() -> String {
    SourceId::ALL
        .iter()
        .map(|s| s.code())
        .collect::<Vec<_>>()
        .join(", ")
}

impl SourceId {
    /// The code (`FK`, `AF`, …, `AGI`, `KFM`).
    pub const fn code(self) -> &'static str {
        self.descriptor().code
    }

    /// The provider's Swedish name.
    pub const fn name_sv(self) -> &'static str {
        self.descriptor().name_sv
    }

    /// A lower-case slug for paths and metric labels (`fk`, `af`, …).
    pub const fn slug(self) -> &'static str {
        self.descriptor().slug
    }

    /// Whether the source is a provider of the SSBTEK v10 contract ([`Self::V10`]).
    pub const fn is_v10(self) -> bool {
        matches!(self.descriptor().contract, Contract::SsbtekV10)
    }

    /// Whether a connection needs a registered legal basis for this source, besides having it
    /// in its agreement.
    pub const fn requires_legal_basis(self) -> bool {
        matches!(
            self.descriptor().entitlement,
            Entitlement::AgreementAndLegalBasis
        )
    }
}

impl FromStr for SourceId {
    type Err = UnknownSource;

    /// Accepts the code or the slug, in any letter case.
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

    /// Mutation survivor (issue 16): the unknown-source message's list of known codes could be
    /// emptied or replaced unnoticed.
    #[test]
    fn unknown_source_names_every_known_code() {
        let message = "nope".parse::<SourceId>().unwrap_err().to_string();
        for id in SourceId::ALL {
            assert!(message.contains(id.code()), "{message}");
        }
    }

    #[test]
    fn codes_round_trip() {
        for id in SourceId::ALL {
            assert_eq!(id.code().parse::<SourceId>().unwrap(), id);
            assert_eq!(id.slug().parse::<SourceId>().unwrap(), id);
            assert_eq!(id.descriptor().id, id);
        }
        assert!("XX".parse::<SourceId>().is_err());
    }

    #[test]
    fn codes_and_slugs_are_unique_and_prefixes_do_not_overlap() {
        let mut codes: Vec<_> = SourceId::ALL.iter().map(|s| s.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), SourceId::ALL.len());
        let prefixes: Vec<&str> = SourceId::ALL
            .iter()
            .flat_map(|s| s.descriptor().kodverk_prefixes.iter().copied())
            .collect();
        for (i, a) in prefixes.iter().enumerate() {
            for b in &prefixes[i + 1..] {
                assert!(!a.starts_with(b) && !b.starts_with(a), "{a} and {b}");
            }
        }
    }

    #[test]
    fn all_is_in_answer_order_and_the_enum_keeps_its_order() {
        let codes: Vec<_> = SourceId::ALL.iter().map(|s| s.code()).collect();
        assert_eq!(
            codes,
            ["AF", "CSN", "FK", "SKV", "SO", "TNS", "MIV", "AGI", "KFM"]
        );
        assert!(SourceId::Fk < SourceId::Af && SourceId::Miv < SourceId::Agi);
    }

    #[test]
    fn only_the_new_sources_need_a_legal_basis() {
        let gated: Vec<_> = SourceId::ALL
            .into_iter()
            .filter(|s| s.requires_legal_basis())
            .collect();
        assert_eq!(gated, [SourceId::Agi, SourceId::Kfm]);
    }

    #[test]
    fn the_v10_providers_are_the_contracts_seven_in_answer_order() {
        let codes: Vec<_> = SourceId::V10.iter().map(|s| s.code()).collect();
        assert_eq!(codes, ["AF", "CSN", "FK", "SKV", "SO", "TNS", "MIV"]);
        assert_eq!(SourceId::V10_COUNT, 7);
        assert!(SourceId::V10.iter().all(|s| s.is_v10()));
        assert!(!SourceId::Agi.is_v10() && !SourceId::Kfm.is_v10());
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

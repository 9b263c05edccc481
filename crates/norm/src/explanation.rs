//! The explanation trace every figure carries: rule id, legal reference, inputs, arithmetic
//! and rounding, and the same in one plain Swedish sentence.

use underlag_domain::Amount;

/// One input of a figure, named in Swedish.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TraceInput {
    /// What it is (`Gemensamma hushållskostnader, 5 personer`).
    pub name: String,
    /// Its value as shown (`1 710 kr`).
    pub value: String,
    /// Where it comes from (`riksnorm 2014, officiell källa: S3`), when it is data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provenance: Option<String>,
}

/// Why a figure is what it is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Explanation {
    /// The rule (`riksnorm.ensam-vuxen-i-delat-hushall`).
    pub rule_id: String,
    /// The rule's title in Swedish.
    pub rule_title: String,
    /// The legal reference.
    pub legal_ref: String,
    /// The rule's validity (`gäller från 2025-07-01`).
    pub validity: String,
    /// The inputs.
    pub inputs: Vec<TraceInput>,
    /// The arithmetic (`1 710 ÷ 5 + 2 950 = 3 292`).
    pub arithmetic: String,
    /// The rounding applied, in Swedish.
    pub rounding: String,
    /// The whole explanation as plain Swedish, for the case worker and the applicant.
    pub text_sv: String,
}

/// A figure with its explanation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExplainedLine {
    /// A stable id within the calculation (`norm.personlig.0`, `kostnad.1`, `inkomst.3`),
    /// used by decisions per line.
    pub id: String,
    /// Swedish label.
    pub label: String,
    /// The amount, kr per month.
    pub amount: Amount,
    /// Why.
    pub explanation: Explanation,
}

/// No rounding: the figure is exact.
pub(crate) const NO_ROUNDING: &str = "Ingen avrundning: beloppet är exakt.";
/// Öre rounding of an intermediate figure.
pub(crate) const ORE_ROUNDING: &str = "Avrundat till hela ören (hälften uppåt); slutresultatet avrundas enligt kommunens inställning.";

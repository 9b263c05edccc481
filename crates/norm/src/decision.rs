//! A human decides. A [`Calculation`] is saved as a beräkningsunderlag ([`SavedCalculation`]:
//! its inputs, its rule version, who computed it); the case worker's decision is a separate
//! record ([`DecisionRecord`]): per section, approve or adjust with a reason. A decision can
//! only be made with a [`HumanActor`], which is built only from a signed-in or named person,
//! so there is no decision record without a human. Nothing here decides, sends or pays.

use std::fmt;

use underlag_domain::Amount;
use underlag_domain::free_text::parse_free_text;

use crate::calculation::Calculation;
use crate::error::{NormError, invalid};

/// The sections a decision covers, each decided on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionSection {
    /// The riksnorm.
    Norm,
    /// The reasonable costs.
    Costs,
    /// The counted incomes.
    Incomes,
}

impl DecisionSection {
    /// Every section.
    pub const ALL: [DecisionSection; 3] = [Self::Norm, Self::Costs, Self::Incomes];

    /// The wire and form key (`norm`, `kostnader`, `inkomster`).
    pub fn key(self) -> &'static str {
        match self {
            Self::Norm => "norm",
            Self::Costs => "kostnader",
            Self::Incomes => "inkomster",
        }
    }

    /// The key in REST and in the store (`norm`, `costs`, `incomes`).
    pub fn wire_key(self) -> &'static str {
        match self {
            Self::Norm => "norm",
            Self::Costs => "costs",
            Self::Incomes => "incomes",
        }
    }

    /// The section a REST or store key names.
    pub fn from_wire_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.wire_key() == key)
    }

    /// Swedish label.
    pub fn label_sv(self) -> &'static str {
        match self {
            Self::Norm => "Riksnorm",
            Self::Costs => "Skäliga kostnader",
            Self::Incomes => "Inkomster",
        }
    }

    fn total(self, calc: &Calculation) -> Amount {
        match self {
            Self::Norm => calc.norm.total,
            Self::Costs => calc.costs.total,
            Self::Incomes => calc.counted_income,
        }
    }
}

/// A person who decides: a case worker, named. Built only by [`HumanActor::parse`]; an empty
/// name or one of the system's own names is refused.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HumanActor(String);

/// Names that belong to the system, never to a person.
const SYSTEM_NAMES: [&str; 5] = ["underlag", "system", "automatisk", "auto", "batch"];

impl HumanActor {
    /// The case worker named `name` (the signed-in user's id or name, or the one a case
    /// system attributes the request to). Refuses an empty name, control characters and the
    /// system's own names.
    pub fn parse(name: &str) -> Result<Self, NormError> {
        let name = parse_free_text(name, 200).map_err(|e| invalid("decided_by", e.to_string()))?;
        if SYSTEM_NAMES.iter().any(|s| name.eq_ignore_ascii_case(s)) {
            return Err(invalid(
                "decided_by",
                "ett beslut fattas av en människa, inte av systemet",
            ));
        }
        Ok(Self(name.to_owned()))
    }

    /// The name.
    pub fn name(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for HumanActor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A beräkningsunderlag as saved: the calculation (its inputs and rule version inside), its id
/// and who computed it. Stored as its result JSON ([`SavedCalculation::result_json`]) with
/// that JSON's SHA-256 ([`SavedCalculation::digest`]), the checksum the `norm_calculation`
/// audit record names; read back only through [`SavedCalculation::from_stored`], which
/// refuses a changed byte.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SavedCalculation {
    /// The underlag's id.
    pub id: String,
    /// The case.
    pub case_id: String,
    /// Who computed it (a case worker, or the case system on a case worker's behalf).
    pub computed_by: String,
    /// The calculation.
    pub calculation: Calculation,
}

impl SavedCalculation {
    /// The calculation as stored: its JSON (inputs, rule version, every line with its
    /// explanation, the result).
    pub fn result_json(&self) -> String {
        serde_json::to_string(&self.calculation).unwrap_or_default()
    }

    /// The inputs as stored: the household as computed (members, costs, incomes with their
    /// origin, unanswered sources).
    pub fn inputs_json(&self) -> String {
        serde_json::to_string(&self.calculation.household).unwrap_or_default()
    }

    /// The checksum of the stored underlag: SHA-256 of [`SavedCalculation::result_json`], in
    /// lower-case hex. Recorded in the audit chain so a stored underlag can be matched to its
    /// record.
    pub fn digest(&self) -> String {
        checksum_of(&self.result_json())
    }

    /// A stored underlag read back: its result JSON must hash to `checksum` and parse as a
    /// calculation. Anything else is [`NormError::InvalidData`] (a changed or truncated row).
    pub fn from_stored(
        id: &str,
        case_id: &str,
        computed_by: &str,
        result_json: &str,
        checksum: &str,
    ) -> Result<Self, NormError> {
        if checksum_of(result_json) != checksum {
            return Err(NormError::InvalidData {
                file: "stored calculation".into(),
                problem: "its checksum does not match its content".into(),
            });
        }
        let calculation: Calculation =
            serde_json::from_str(result_json).map_err(|e| NormError::InvalidData {
                file: "stored calculation".into(),
                problem: format!(
                    "not a calculation (line {}, column {})",
                    e.line(),
                    e.column()
                ),
            })?;
        Ok(Self {
            id: id.to_owned(),
            case_id: case_id.to_owned(),
            computed_by: computed_by.to_owned(),
            calculation,
        })
    }

    /// The audit description: id, rule version, checksum. No personal data.
    pub fn audit_description(&self) -> String {
        format!(
            "beräkningsunderlag {} för {}; regelversion {}; underlagets kontrollsumma {}",
            self.id,
            self.calculation.month,
            self.calculation.rule_version.label(),
            self.digest()
        )
    }
}

/// An amount as a decision stores it: kronor with two decimals (`8510.00`), as in the
/// calculation's JSON.
pub fn stored_amount(amount: Amount) -> String {
    format!("{:.2}", amount.value().round_dp(2))
}

/// SHA-256 of `text`, lower-case hex.
pub fn checksum_of(text: &str) -> String {
    use sha2::Digest as _;
    hex::encode(sha2::Sha256::digest(text.as_bytes()))
}

/// The verdict on one section.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    /// The section's amount as computed.
    Approved,
    /// Another amount, with the reason (särskilda skäl, a cost judged reasonable, …).
    Adjusted {
        /// The amount decided.
        amount: Amount,
        /// Why, in the case worker's words.
        reason: String,
    },
}

impl Verdict {
    /// `approve` or `adjust`, as stored.
    pub fn code(&self) -> &'static str {
        match self {
            Verdict::Approved => "approve",
            Verdict::Adjusted { .. } => "adjust",
        }
    }
}

/// One section's decision.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SectionDecision {
    /// The section.
    pub section: DecisionSection,
    /// The amount the underlag computed.
    pub computed: Amount,
    /// The verdict.
    pub verdict: Verdict,
}

impl SectionDecision {
    /// The amount decided.
    pub fn decided(&self) -> Amount {
        match &self.verdict {
            Verdict::Approved => self.computed,
            Verdict::Adjusted { amount, .. } => *amount,
        }
    }
}

/// A case worker's decision on a beräkningsunderlag: a separate record.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DecisionRecord {
    /// The underlag decided on.
    pub calculation_id: String,
    /// Its rule version.
    pub rule_version: String,
    /// Who decided: always a person.
    pub decided_by: HumanActor,
    /// One decision per section, in [`DecisionSection::ALL`] order.
    pub sections: Vec<SectionDecision>,
}

/// A requested verdict: approve, or an amount with a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestedVerdict {
    /// Approve.
    Approve,
    /// Adjust to the amount, for the reason.
    Adjust {
        /// The amount.
        amount: Amount,
        /// The reason (free text).
        reason: String,
    },
}

impl DecisionRecord {
    /// The decision of `decided_by` on `saved`: every section must have a verdict; an
    /// adjustment needs a reason. An incomplete underlag cannot be approved as it stands
    /// (missing is never zero): its incomes must be adjusted with a reason.
    pub fn new(
        saved: &SavedCalculation,
        decided_by: HumanActor,
        verdicts: &[(DecisionSection, RequestedVerdict)],
    ) -> Result<Self, NormError> {
        let mut sections = Vec::new();
        for section in DecisionSection::ALL {
            let field = format!("sections.{}", section.key());
            let requested = verdicts
                .iter()
                .find(|(s, _)| *s == section)
                .map(|(_, v)| v)
                .ok_or_else(|| invalid(&field, "varje del måste godkännas eller ändras"))?;
            let verdict = match requested {
                RequestedVerdict::Approve => {
                    if section == DecisionSection::Incomes
                        && !saved.calculation.balance.is_complete()
                    {
                        return Err(invalid(
                            &field,
                            "underlaget är ofullständigt: inkomsterna kan inte godkännas som de är; ändra med skäl",
                        ));
                    }
                    Verdict::Approved
                }
                RequestedVerdict::Adjust { amount, reason } => {
                    let reason = parse_free_text(reason, 1000)
                        .map_err(|e| invalid(format!("{field}.reason"), e.to_string()))?;
                    if amount.is_negative() {
                        return Err(invalid(format!("{field}.amount"), "får inte vara negativt"));
                    }
                    Verdict::Adjusted {
                        amount: *amount,
                        reason: reason.to_owned(),
                    }
                }
            };
            sections.push(SectionDecision {
                section,
                computed: section.total(&saved.calculation),
                verdict,
            });
        }
        Ok(Self {
            calculation_id: saved.id.clone(),
            rule_version: saved.calculation.rule_version.label(),
            decided_by,
            sections,
        })
    }

    /// The audit description: the underlag, the rule version, each section's verdict (an
    /// adjustment's amount; its reason is kept in the record, not in the chain).
    pub fn audit_description(&self) -> String {
        let verdicts: Vec<String> = self
            .sections
            .iter()
            .map(|s| match &s.verdict {
                Verdict::Approved => format!("{}: godkänd", s.section.key()),
                Verdict::Adjusted { amount, .. } => format!(
                    "{}: ändrad från {} till {} med skäl",
                    s.section.key(),
                    s.computed.value(),
                    amount.value()
                ),
            })
            .collect();
        format!(
            "beslut om beräkningsunderlag {}; regelversion {}; {}",
            self.calculation_id,
            self.rule_version,
            verdicts.join("; ")
        )
    }
}

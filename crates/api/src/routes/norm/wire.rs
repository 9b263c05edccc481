//! The norm routes' wire types: request bodies, and the answers for a created and a stored
//! beräkningsunderlag and a created decision.

use underlag_norm::HouseholdFile;
use underlag_norm::decision::{DecisionRecord, SavedCalculation};
use underlag_service::SavedWithDecisions;

/// `POST /api/v1/norm/calculations` body.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CalculationRequest {
    pub(crate) organisation: String,
    pub(crate) case_id: String,
    /// Who computes (the case worker the case system acts for).
    pub(crate) case_worker: String,
    pub(crate) household: HouseholdFile,
}

/// One section's verdict on the wire.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, tag = "verdict", rename_all = "snake_case")]
pub(crate) enum VerdictWire {
    Approve,
    Adjust { amount: String, reason: String },
}

/// The verdicts, one per section.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SectionsWire {
    pub(crate) norm: Option<VerdictWire>,
    pub(crate) costs: Option<VerdictWire>,
    pub(crate) incomes: Option<VerdictWire>,
}

/// `POST /api/v1/norm/decisions` body: a decision on a stored calculation.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DecisionRequest {
    pub(crate) organisation: String,
    /// The person who decides.
    pub(crate) decided_by: String,
    pub(crate) calculation_id: String,
    pub(crate) sections: SectionsWire,
}

/// `GET /api/v1/norm/calculations/{id}` query.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct OrganisationParams {
    pub(crate) organisation: Option<String>,
}

/// The answer to a stored calculation: where it is, its checksum, the underlag.
#[derive(Debug, serde::Serialize)]
pub(crate) struct CreatedCalculation<'a> {
    pub(crate) location: String,
    pub(crate) checksum: String,
    #[serde(flatten)]
    pub(crate) saved: &'a SavedCalculation,
}

/// The answer to a stored decision.
#[derive(Debug, serde::Serialize)]
pub(crate) struct CreatedDecision<'a> {
    pub(crate) id: &'a str,
    /// The calculation decided on.
    pub(crate) location: String,
    #[serde(flatten)]
    pub(crate) decision: &'a DecisionRecord,
}

/// One section's verdict as stored.
#[derive(Debug, serde::Serialize)]
struct StoredVerdictView<'a> {
    section: &'a str,
    verdict: &'a str,
    computed: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    amount: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

/// A stored decision.
#[derive(Debug, serde::Serialize)]
struct StoredDecisionView<'a> {
    id: &'a str,
    decided_by: &'a str,
    decided_at: String,
    rule_version: &'a str,
    sections: Vec<StoredVerdictView<'a>>,
}

/// `GET /api/v1/norm/calculations/{id}`: the stored underlag and its decisions.
#[derive(Debug, serde::Serialize)]
pub(crate) struct StoredView<'a> {
    id: &'a str,
    organisation: String,
    unit: &'a str,
    case_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    lookup_id: Option<&'a str>,
    computed_by: &'a str,
    created_at: String,
    rule_version: &'a str,
    checksum: &'a str,
    calculation: &'a underlag_norm::Calculation,
    decisions: Vec<StoredDecisionView<'a>>,
}

impl<'a> StoredView<'a> {
    pub(crate) fn new(stored: &'a SavedWithDecisions, saved: &'a SavedCalculation) -> Self {
        let c = &stored.calculation;
        Self {
            id: &c.id,
            organisation: c.organisation.ten_digits().to_owned(),
            unit: &c.unit,
            case_id: &c.case_id,
            lookup_id: c.lookup_id.as_deref(),
            computed_by: &c.computed_by,
            created_at: c.created_at.to_string(),
            rule_version: &c.rule_version,
            checksum: &c.checksum,
            calculation: &saved.calculation,
            decisions: stored
                .decisions
                .iter()
                .map(|d| StoredDecisionView {
                    id: &d.id,
                    decided_by: &d.decided_by,
                    decided_at: d.decided_at.to_string(),
                    rule_version: &d.rule_version,
                    sections: d
                        .sections
                        .iter()
                        .map(|s| StoredVerdictView {
                            section: &s.section,
                            verdict: &s.verdict,
                            computed: &s.computed_amount,
                            amount: s.adjusted_amount.as_deref(),
                            reason: s.reason.as_deref(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

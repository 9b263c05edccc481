//! Figures that are known or explicitly missing, and totals that say what they lack: a
//! missing source is never a zero.

use underlag_domain::{Amount, Personnummer, SourceId};

/// One amount in the overview: known, or missing with the reason. There is no zero standing
/// in for "unknown", and a [`Figure::Missing`] has no amount a renderer could add up.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Figure {
    /// The source stated this amount.
    Known {
        /// The amount in SEK.
        amount: Amount,
    },
    /// The amount is not known.
    Missing {
        /// Why, and which sources it concerns.
        reason: GapReason,
        /// The sources whose figure is missing.
        sources: Vec<SourceId>,
    },
}

impl Figure {
    /// A known amount.
    pub fn known(amount: Amount) -> Self {
        Self::Known { amount }
    }

    /// An amount the source did not state (e.g. the a-kassor state no gross).
    pub fn not_stated(source: SourceId) -> Self {
        Self::Missing {
            reason: GapReason::NotStated,
            sources: vec![source],
        }
    }

    /// From an optional amount of a source's answer: `None` is "not stated", never zero.
    pub fn stated(amount: Option<Amount>, source: SourceId) -> Self {
        match amount {
            Some(amount) => Self::known(amount),
            None => Self::not_stated(source),
        }
    }

    /// The amount, when known.
    pub fn amount(&self) -> Option<Amount> {
        match self {
            Self::Known { amount } => Some(*amount),
            Self::Missing { .. } => None,
        }
    }

    /// Whether the amount is known.
    pub fn is_known(&self) -> bool {
        matches!(self, Self::Known { .. })
    }
}

/// Why a figure or a part of a total is missing.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum GapReason {
    /// The source did not answer (timed out or could not be reached).
    NotAnswered,
    /// The source answered, but invalidly, or reported an error of its own.
    InvalidAnswer,
    /// The source answered, but said that part of its data is missing (LEFI deviations or a
    /// discloser that did not contribute; an a-kassa that could not answer).
    PartialAnswer,
    /// The source was not asked in this look-up.
    NotRequested,
    /// The organisation may not receive data from this source.
    NotEntitled,
    /// The source answered but states no such amount (e.g. no gross from the a-kassor, no
    /// net in a decision).
    NotStated,
    /// The month lies (partly) outside the period the look-up asked about.
    PeriodNotQueried,
    /// The amount is stated per day, week, quarter or year, not per month; it is shown as
    /// stated and kept out of monthly sums.
    NotMonthly,
}

impl GapReason {
    /// Swedish text for the reason, to follow a source's name (e.g. "Försäkringskassan
    /// svarade inte").
    pub fn label_sv(self) -> &'static str {
        match self {
            Self::NotAnswered => "svarade inte",
            Self::InvalidAnswer => "svarade felaktigt",
            Self::PartialAnswer => "svarade ofullständigt",
            Self::NotRequested => "tillfrågades inte",
            Self::NotEntitled => "får inte lämna uppgifter till organisationen",
            Self::NotStated => "anger inte beloppet",
            Self::PeriodNotQueried => "tillfrågades inte om hela månaden",
            Self::NotMonthly => "anger beloppet per dag, vecka eller år, inte per månad",
        }
    }
}

/// One part a total lacks: whose, from which source, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Gap {
    /// The household member the gap concerns.
    pub member: Personnummer,
    /// The source.
    pub source: SourceId,
    /// Why it is missing.
    pub reason: GapReason,
}

impl Gap {
    /// Swedish text, e.g. `Försäkringskassan svarade inte`.
    pub fn label_sv(&self) -> String {
        format!(
            "{} {}",
            crate::labels::source_label(self.source),
            self.reason.label_sv()
        )
    }
}

/// A sum over the figures of a month. It is complete only when every source that carries
/// income answered and stated every figure; otherwise it names what it lacks. A total over
/// nothing known is [`Total::Unknown`], never zero.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Total {
    /// Nothing is missing: this is the sum.
    Complete {
        /// The sum in SEK (zero when the sources answered and nothing was paid).
        amount: Amount,
    },
    /// Some parts are missing: the sum of what is known, and what it lacks.
    Partial {
        /// The sum of the known figures only.
        known: Amount,
        /// What the sum leaves out (never added as zero).
        lacking: Vec<Gap>,
    },
    /// No figure is known at all.
    Unknown {
        /// What is missing.
        lacking: Vec<Gap>,
    },
}

impl Total {
    /// The sum, only when it is complete.
    pub fn complete_amount(&self) -> Option<Amount> {
        match self {
            Self::Complete { amount } => Some(*amount),
            _ => None,
        }
    }

    /// The sum of the known figures (complete or partial); `None` when nothing is known.
    pub fn known_amount(&self) -> Option<Amount> {
        match self {
            Self::Complete { amount } => Some(*amount),
            Self::Partial { known, .. } => Some(*known),
            Self::Unknown { .. } => None,
        }
    }

    /// What the total lacks (empty when complete).
    pub fn lacking(&self) -> &[Gap] {
        match self {
            Self::Complete { .. } => &[],
            Self::Partial { lacking, .. } | Self::Unknown { lacking } => lacking,
        }
    }

    /// The sources the total lacks, each once, in the contract's order (for a renderer's
    /// "utan Försäkringskassan").
    pub fn lacking_sources(&self) -> Vec<SourceId> {
        SourceId::ALL
            .into_iter()
            .filter(|s| self.lacking().iter().any(|g| g.source == *s))
            .collect()
    }

    /// Whether the total is complete.
    pub fn is_complete(&self) -> bool {
        matches!(self, Self::Complete { .. })
    }
}

/// Adds figures up into a [`Total`]: known amounts are summed, missing ones and the given
/// gaps are listed, never counted.
#[derive(Debug, Clone, Default)]
pub(crate) struct TotalBuilder {
    known: Option<Amount>,
    lacking: Vec<Gap>,
}

impl TotalBuilder {
    /// An empty builder: with nothing added and no gap, it builds `Complete { 0 }` — right
    /// only when every relevant source answered and nothing was paid.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Adds a known amount.
    pub(crate) fn add_known(&mut self, amount: Amount) {
        self.known = Some(self.known.unwrap_or(Amount::ZERO).plus(amount));
    }

    /// Records that something is missing.
    pub(crate) fn add_gap(&mut self, gap: Gap) {
        if !self.lacking.contains(&gap) {
            self.lacking.push(gap);
        }
    }

    /// Adds a figure of `member`: known amounts count, missing ones become gaps.
    pub(crate) fn add_figure(&mut self, member: &Personnummer, figure: &Figure) {
        match figure {
            Figure::Known { amount } => self.add_known(*amount),
            Figure::Missing { reason, sources } => {
                for source in sources {
                    self.add_gap(Gap {
                        member: member.clone(),
                        source: *source,
                        reason: *reason,
                    });
                }
            }
        }
    }

    /// Adds another total: its known part counts and its gaps carry over.
    pub(crate) fn add_total(&mut self, total: &Total) {
        if let Some(known) = total.known_amount() {
            self.add_known(known);
        }
        for gap in total.lacking() {
            self.add_gap(gap.clone());
        }
    }

    /// Whether anything was marked as known (an answering source with no payment counts as
    /// known zero through [`TotalBuilder::mark_known_zero`]).
    fn has_known(&self) -> bool {
        self.known.is_some()
    }

    /// Marks that at least one source answered, so a total without figures is a known zero.
    pub(crate) fn mark_known_zero(&mut self) {
        if !self.has_known() {
            self.known = Some(Amount::ZERO);
        }
    }

    /// The total.
    pub(crate) fn build(self) -> Total {
        let mut lacking = self.lacking;
        lacking.sort_by(|a, b| {
            (a.member.expose(), a.source, a.reason).cmp(&(b.member.expose(), b.source, b.reason))
        });
        match (self.known, lacking.is_empty()) {
            (known, true) => Total::Complete {
                amount: known.unwrap_or(Amount::ZERO),
            },
            (Some(known), false) => Total::Partial { known, lacking },
            (None, false) => Total::Unknown { lacking },
        }
    }
}

#[cfg(test)]
mod tests;

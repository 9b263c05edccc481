//! How each source answered one member: status, staleness, and whether its figures are
//! missing from the totals.

use jiff::Timestamp;
use underlag_domain::model::{Notice, SourceData};
use underlag_domain::{Outcome, SourceId, SourceResult};

use crate::figure::GapReason;
use crate::labels::{carries_income, source_heading};
use crate::overview::{SourceState, SourceStatus};

/// FK notices that do not mean data is missing: parts kept in the raw payload only, and a
/// protected relative.
const FK_HARMLESS_NOTICES: [&str; 2] = ["EJ_MAPPAD", "SKYDDAD_ANHORIG"];
/// The a-kassa status that means the fund has nothing because the person is not a member.
const SO_NOT_MEMBER: &str = "not member";

/// One source's answer for one member, read for the overview.
#[derive(Debug, Clone)]
pub(crate) struct SourceView<'a> {
    /// The state shown to the case worker.
    pub(crate) state: SourceState,
    /// The full result, when there is one.
    pub(crate) result: Option<&'a SourceResult>,
    /// The data, when the source answered with data.
    pub(crate) data: Option<&'a SourceData>,
    /// Why the source's figures are (partly) missing; `None` for a complete answer.
    pub(crate) gap: Option<GapReason>,
    /// The notices that make the answer partial.
    pub(crate) partial_notices: Vec<&'a Notice>,
}

impl SourceView<'_> {
    /// The source.
    pub(crate) fn source(&self) -> SourceId {
        self.state.source
    }

    /// Whether the source answered at all (fully, partly or "no match"), so what it did not
    /// list is a true nothing.
    pub(crate) fn answered(&self) -> bool {
        matches!(
            self.state.status,
            SourceStatus::Answered | SourceStatus::PartiallyAnswered | SourceStatus::NoMatch
        )
    }
}

/// Reads every source of one member, in the contract's order; a source without a result is
/// read as not requested.
pub(crate) fn read_all<'a>(
    results: &'a [SourceResult],
    started_at: Timestamp,
) -> Vec<SourceView<'a>> {
    SourceId::ALL
        .into_iter()
        .map(|source| {
            let result = results.iter().find(|r| r.source == source);
            read(source, result, started_at)
        })
        .collect()
}

fn read(source: SourceId, result: Option<&SourceResult>, started_at: Timestamp) -> SourceView<'_> {
    let (status, data, gap, partial_notices) = match result.map(|r| &r.outcome) {
        None | Some(Outcome::NotRequested) => (
            SourceStatus::NotRequested,
            None,
            Some(GapReason::NotRequested),
            Vec::new(),
        ),
        Some(Outcome::NotEntitled) => (
            SourceStatus::NotEntitled,
            None,
            Some(GapReason::NotEntitled),
            Vec::new(),
        ),
        Some(Outcome::TimedOut | Outcome::Unavailable { .. }) => (
            SourceStatus::NotAnswered,
            None,
            Some(GapReason::NotAnswered),
            Vec::new(),
        ),
        Some(Outcome::InvalidResponse { .. } | Outcome::SourceError { .. }) => (
            SourceStatus::Invalid,
            None,
            Some(GapReason::InvalidAnswer),
            Vec::new(),
        ),
        Some(Outcome::NoMatch { .. }) => (SourceStatus::NoMatch, None, None, Vec::new()),
        Some(Outcome::Ok { data, .. }) => {
            let partial = partial_notices(source, data);
            if partial.is_empty() {
                (SourceStatus::Answered, Some(&**data), None, partial)
            } else {
                (
                    SourceStatus::PartiallyAnswered,
                    Some(&**data),
                    Some(GapReason::PartialAnswer),
                    partial,
                )
            }
        }
    };
    // Earned income not fetched for want of a legal basis (or not asked for) is a note of its
    // own (`EarnedIncomeNotFetched`), not a gap in every total.
    let gap = match status {
        SourceStatus::NotEntitled | SourceStatus::NotRequested if source == SourceId::Agi => None,
        _ => gap,
    };
    let retrieved_at = result.and_then(|r| r.retrieved_at);
    SourceView {
        state: SourceState {
            source,
            label: source_heading(source),
            status,
            outcome: result.map_or("not_requested", |r| r.outcome.kind()),
            retrieved_at,
            stale: retrieved_at.is_some_and(|at| at < started_at),
            carries_income: carries_income(source),
        },
        result,
        data,
        gap,
        partial_notices,
    }
}

/// The notices that say part of a source's data is missing: LEFI's discloser states and
/// deviations (every FK notice but the harmless ones), and an a-kassa that could not answer
/// (every fund status but "not member"; "all clear" is never a notice).
fn partial_notices(source: SourceId, data: &SourceData) -> Vec<&Notice> {
    data.notices
        .iter()
        .filter(|n| match source {
            SourceId::Fk => !FK_HARMLESS_NOTICES.contains(&n.code.as_str()),
            SourceId::So => n.code != SO_NOT_MEMBER,
            _ => false,
        })
        .collect()
}

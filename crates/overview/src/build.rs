//! Builds the [`Overview`] from the household's answers.

use crate::input::{Lookup, MemberAnswers, OverviewRules, RulesError};
use crate::overview::Overview;

/// Builds the month view of a household: `members` in the order the case worker gave them,
/// each with its sources' results. Fails only when the rules are out of range.
pub fn build(
    lookup: &Lookup,
    members: &[MemberAnswers<'_>],
    rules: &OverviewRules,
) -> Result<Overview, RulesError> {
    rules.validate()?;
    let _ = (lookup, members);
    unimplemented!("the month view is being written")
}

//! A look-up: the household registered for the case, one audited composite query per member,
//! and the answers kept in the user's session (never elsewhere).

pub mod form;
mod run;

use std::sync::Arc;

use jiff::Timestamp;
use underlag_domain::{Period, Personnummer};
use underlag_overview::{MemberAnswers, Month, Overview, OverviewRules};
use underlag_service::CompositeAnswer;

pub use form::{FieldError, LookupForm, LookupInput};
pub use run::{LookupFailure, run_lookup};

/// One look-up held in a session.
#[derive(Debug)]
pub struct Lookup {
    /// Its opaque id (the only thing in its URLs).
    pub id: String,
    /// The case id.
    pub case_id: String,
    /// The month applied for (M).
    pub application_month: Month,
    /// The period asked about.
    pub period: Period,
    /// The purpose code it stated.
    pub purpose: String,
    /// When it started.
    pub started_at: Timestamp,
    /// The members in the order given, each with its composite answer.
    pub members: Vec<MemberLookup>,
}

/// One member's answer.
#[derive(Debug)]
pub struct MemberLookup {
    /// The member.
    pub personnummer: Personnummer,
    /// The composite answer (audited before it was returned).
    pub answer: Arc<CompositeAnswer>,
}

impl Lookup {
    /// The month view of the household.
    pub fn overview(
        &self,
        rules: &OverviewRules,
    ) -> Result<Overview, underlag_overview::OverviewError> {
        let lookup = underlag_overview::Lookup {
            application_month: self.application_month,
            period: self.period,
            started_at: self.started_at,
        };
        let members: Vec<MemberAnswers<'_>> = self
            .members
            .iter()
            .map(|m| MemberAnswers {
                personnummer: &m.personnummer,
                results: &m.answer.sources,
            })
            .collect();
        underlag_overview::build(&lookup, &members, rules)
    }

    /// Member `index` (1-based, as in the URLs).
    pub fn member(&self, index: usize) -> Option<&MemberLookup> {
        index.checked_sub(1).and_then(|i| self.members.get(i))
    }

    /// Whether any member's answer marks a protected identity.
    pub fn any_protected(&self) -> bool {
        self.members.iter().any(|m| m.answer.protected)
    }
}

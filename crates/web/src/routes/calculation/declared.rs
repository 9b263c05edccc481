//! The calculation's prefill from the applicant's digital application (the form's checkbox
//! `ansokan`): the newest application of the household for the month, its costs and incomes
//! added as lines "uppgett av sökande" with its reference and time. Reading it is audited
//! (`case_read`, fail closed) and happens only when the case worker asks for it.
//!
//! - A declared cost whose field the case worker filled in is left out (the case worker's
//!   figure stands), and the page says so.
//! - A declared salary of a member for whom an employer declared pay (AGI) for the month may
//!   be the same money twice: the page and the underlag carry a warning.

use underlag_norm::{Household, NormWarning, NormWarningKind};
use underlag_overview::{Declaration, DeclaredCostKind, LineBasis, Overview};

use crate::auth::SignedIn;
use crate::declared::Declared;
use crate::format;
use crate::lookup::Lookup;
use crate::state::WebState;

use super::CostForm;

/// The form field that asks for the prefill.
pub(super) const FIELD: &str = "ansokan";

/// What the page shows of the application prefill.
#[derive(Debug, Clone, Default)]
pub(super) struct DeclaredPrefill {
    /// Whether the case worker asked for it.
    pub wanted: bool,
    /// The application used: its reference and when it was received.
    pub used: Option<(String, String)>,
    /// Why none is used although asked for (no application, not readable, not audited).
    pub none: Option<String>,
    /// Declared salaries that may already be in the employer declarations (AGI).
    pub double_count: Vec<String>,
    /// Declared costs left out because the case worker filled in the field.
    pub replaced: Vec<String>,
}

/// The application to prefill from, when the query asks for one: the household's newest
/// for the month, read once the read is audited.
pub(super) async fn load(
    state: &WebState,
    signed: &SignedIn,
    lookup: &Lookup,
    wanted: bool,
) -> (DeclaredPrefill, Option<Declared>) {
    let mut shown = DeclaredPrefill {
        wanted,
        ..DeclaredPrefill::default()
    };
    if !wanted {
        return (shown, None);
    }
    if crate::case_read::record(state, signed, lookup)
        .await
        .is_err()
    {
        shown.none = Some(
            "Ansökan används inte: läsningen kunde inte loggas. Försök igen senare.".to_owned(),
        );
        return (shown, None);
    }
    match crate::declared::declarations(state, lookup).await {
        None => {
            shown.none = Some(
                "Ansökningarna kunde inte läsas just nu. Det betyder inte att det saknas någon ansökan."
                    .to_owned(),
            );
            (shown, None)
        }
        Some(found) => match found.into_iter().next() {
            None => {
                shown.none =
                    Some("Det finns ingen digital ansökan för månaden från hushållet.".to_owned());
                (shown, None)
            }
            Some(d) => {
                shown.used = Some((
                    d.declaration.reference.clone(),
                    format::timestamp(d.declaration.declared_at),
                ));
                (shown, Some(d))
            }
        },
    }
}

/// The form field a declared cost would fill, if any.
fn field_of(kind: DeclaredCostKind) -> Option<&'static str> {
    match kind {
        DeclaredCostKind::Rent => Some("boende"),
        DeclaredCostKind::Electricity => Some("hushallsel"),
        DeclaredCostKind::HomeInsurance => Some("hemforsakring"),
        DeclaredCostKind::Travel => Some("arbetsresor"),
        DeclaredCostKind::Other => None,
    }
}

/// The members (0-based) with pay an employer declared (AGI) for the application month.
fn agi_members(overview: &Overview) -> Vec<usize> {
    overview
        .members
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            m.months.iter().any(|month| {
                month.month == overview.application_month
                    && month
                        .lines
                        .iter()
                        .any(|l| l.basis == LineBasis::EmployerDeclaration)
            })
        })
        .map(|(i, _)| i)
        .collect()
}

/// Adds `declaration`'s figures to `household` (see the module documentation), and fills in
/// the page's notes in `shown`.
pub(super) fn apply(
    household: &mut Household,
    declaration: &Declaration,
    overview: &Overview,
    costs: &[CostForm],
    shown: &mut DeclaredPrefill,
) {
    let filled = |field: &str| costs.iter().any(|c| c.name == field && !c.value.is_empty());
    let mut kept = declaration.clone();
    kept.costs.retain(|c| {
        let replaced = field_of(c.kind).is_some_and(filled);
        if replaced {
            shown.replaced.push(format!(
                "{} {} (uppgett av sökande) används inte: handläggarens belopp i fältet gäller.",
                c.label,
                format::amount_sv(c.amount)
            ));
        }
        !replaced
    });
    let member_of = |p: &underlag_domain::Personnummer| {
        overview.members.iter().position(|m| &m.personnummer == p)
    };
    let agi = agi_members(overview);
    for income in &declaration.incomes {
        let Some(member) = member_of(&income.person) else {
            continue;
        };
        if income.code == "lon" && agi.contains(&member) {
            let text = format!(
                "Möjlig dubbelräkning: lön från {} som sökande uppgett i ansökan {} för medlem {} kan redan finnas i arbetsgivardeklarationen (AGI) för månaden. Kontrollera innan du godkänner inkomsterna.",
                income.payer,
                declaration.reference,
                member + 1
            );
            household.carried_warnings.push(NormWarning {
                kind: NormWarningKind::FromOverview,
                text: text.clone(),
            });
            shown.double_count.push(text);
        }
    }
    household.add_declared(
        &kept,
        &format::timestamp(declaration.declared_at),
        member_of,
    );
}

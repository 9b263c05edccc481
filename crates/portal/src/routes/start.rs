//! `GET /mina-sidor/`: the start page "Mina sidor" after sign-in: what the person can do,
//! applications waiting for their confirmation as co-applicant, and how to reach the unit
//! (for a person with protected identity only what `[portal] protected_unit_view` allows).

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};

use crate::auth::Visitor;
use crate::config::{PortalConfig, ProtectedUnitView};
use crate::errors::PortalError;
use crate::layout::{Frame, Page};
use crate::routes::applications::load_own;
use crate::session::Applicant;
use crate::state::PortalState;

/// What the page shows of the unit.
#[derive(Debug, Clone)]
pub enum UnitShown {
    /// Name, address and telephone.
    Full(String, String, String),
    /// The name and the municipality's general contact.
    NameOnly(String, String),
    /// Only the municipality's general contact.
    Hidden(String),
}

impl UnitShown {
    /// What `applicant` may see of the configured unit.
    pub fn for_applicant(config: &PortalConfig, applicant: &Applicant) -> Self {
        let unit = &config.unit;
        if !applicant.protected {
            return UnitShown::Full(unit.name.clone(), unit.address.clone(), unit.phone.clone());
        }
        match config.protected_unit_view {
            ProtectedUnitView::NameOnly => {
                UnitShown::NameOnly(unit.name.clone(), unit.general_contact.clone())
            }
            ProtectedUnitView::Hidden => UnitShown::Hidden(unit.general_contact.clone()),
        }
    }
}

#[derive(Template)]
#[template(path = "start.html")]
struct StartPage {
    frame: Frame,
    name: String,
    /// (id, reference, month label) of applications waiting for this person's confirmation.
    to_confirm: Vec<(String, String, String)>,
    unit: UnitShown,
}

/// `GET /mina-sidor/`.
pub async fn show(
    State(state): State<PortalState>,
    visitor: Visitor,
) -> Result<Response, PortalError> {
    let Some(session) = visitor.0.filter(|s| s.applicant.is_some()) else {
        return Ok(Redirect::to("/mina-sidor/logga-in").into_response());
    };
    let Some(applicant) = session.applicant.clone() else {
        return Err(PortalError::NotSignedIn { get: true });
    };
    let to_confirm = load_own(&state, &applicant.personnummer)
        .await?
        .into_iter()
        .filter(|a| {
            a.awaits_co_applicant()
                && a.draft.household.co_applicant.as_ref() == Some(&applicant.personnummer)
        })
        .map(|a| {
            (
                a.submission.id.clone(),
                a.submission.reference.to_string(),
                a.draft.month.label(),
            )
        })
        .collect();
    let page = StartPage {
        frame: Frame::new("Mina sidor", Some(&session), "/mina-sidor/"),
        name: applicant.name.clone(),
        to_confirm,
        unit: UnitShown::for_applicant(state.config(), &applicant),
    };
    Ok(Page::ok(page).into_response())
}

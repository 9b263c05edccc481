//! `GET /ui/begrepp`: every concept explanation of the specification.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use crate::auth::SignedIn;
use crate::config::Role;
use crate::errors::PageError;
use crate::render::{Frame, Page};
use crate::state::WebState;

#[derive(Template)]
#[template(path = "concepts.html")]
struct ConceptsPage {
    frame: Frame,
    concepts: Vec<(String, String, String)>,
}

/// `GET /ui/begrepp`.
pub async fn show(State(state): State<WebState>, signed: SignedIn) -> Result<Response, PageError> {
    signed.require(Role::Handlaggare)?;
    let concepts = state
        .0
        .spec
        .concepts()
        .iter()
        .map(|c| (c.id.clone(), c.term_sv.clone(), c.explanation_sv.clone()))
        .collect();
    Ok(Page::ok(ConceptsPage {
        frame: Frame::new("Begrepp", Some(&signed.session), "/ui/begrepp"),
        concepts,
    })
    .into_response())
}

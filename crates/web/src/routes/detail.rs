//! `GET /ui/uppslag/{uppslag}/medlem/{medlem}/kalla/{kalla}` (one source's answer for one
//! member) and `…/radata` (the raw answer, escaped; withheld for protected persons).

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use underlag_domain::SourceId;
use underlag_overview::source_label;

use super::overview::{session_lookup, title};
use crate::auth::SignedIn;
use crate::errors::PageError;
use crate::format;
use crate::lookup::{Lookup, MemberLookup};
use crate::render::{Frame, Page};
use crate::state::WebState;
use crate::views::detail::DetailView;

#[derive(Template)]
#[template(path = "detail.html")]
struct DetailPage {
    frame: Frame,
    lookup_id: String,
    member_index: usize,
    member: String,
    member_display: String,
    source: &'static str,
    source_label: &'static str,
    protected: bool,
    view: DetailView,
    concepts: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "raw.html")]
struct RawPage {
    frame: Frame,
    lookup_id: String,
    member_index: usize,
    source: &'static str,
    source_label: &'static str,
    content_type: String,
    retrieved: String,
    body: String,
}

fn parts<'a>(
    lookup: &'a Lookup,
    signed: &SignedIn,
    member: usize,
    source: &str,
) -> Result<(&'a MemberLookup, SourceId), PageError> {
    let not_found = || PageError::NotFound(Box::new(Some(signed.session.clone())));
    let m = lookup.member(member).ok_or_else(not_found)?;
    let id = SourceId::ALL
        .into_iter()
        .find(|s| s.slug() == source)
        .ok_or_else(not_found)?;
    Ok((m, id))
}

/// `GET …/kalla/{kalla}`.
pub async fn show(
    State(state): State<WebState>,
    signed: SignedIn,
    Path((id, member, source)): Path<(String, usize, String)>,
) -> Result<Response, PageError> {
    let lookup = session_lookup(&state, &signed, &id)?;
    let (m, source) = parts(&lookup, &signed, member, &source)?;
    let result = m
        .answer
        .source(source)
        .ok_or_else(|| PageError::NotFound(Box::new(Some(signed.session.clone()))))?;
    let spec = &state.0.spec;
    let view = DetailView::new(spec, result, &m.answer.period, m.answer.protected);
    let concepts = spec
        .concepts_for(source)
        .map(|c| (c.id.clone(), c.term_sv.clone(), c.explanation_sv.clone()))
        .collect();
    let frame = Frame::new(
        title(
            &format!("{} medlem {member}", source_label(source)),
            &lookup,
        ),
        Some(&signed.session),
        "",
    );
    Ok(Page::ok(DetailPage {
        frame,
        lookup_id: lookup.id.clone(),
        member_index: member,
        member: m.personnummer.expose().to_owned(),
        member_display: format::personnummer(m.personnummer.expose()),
        source: source.slug(),
        source_label: source_label(source),
        protected: m.answer.protected,
        view,
        concepts,
    })
    .into_response())
}

/// `GET …/kalla/{kalla}/radata`.
pub async fn raw(
    State(state): State<WebState>,
    signed: SignedIn,
    Path((id, member, source)): Path<(String, usize, String)>,
) -> Result<Response, PageError> {
    let lookup = session_lookup(&state, &signed, &id)?;
    let (m, source) = parts(&lookup, &signed, member, &source)?;
    let not_found = || PageError::NotFound(Box::new(Some(signed.session.clone())));
    if m.answer.protected {
        return Err(not_found());
    }
    let result = m.answer.source(source).ok_or_else(not_found)?;
    let raw = result.raw.as_ref().ok_or_else(not_found)?;
    let frame = Frame::new(
        title(
            &format!("Råsvar {} medlem {member}", source_label(source)),
            &lookup,
        ),
        Some(&signed.session),
        "",
    );
    Ok(Page::ok(RawPage {
        frame,
        lookup_id: lookup.id.clone(),
        member_index: member,
        source: source.slug(),
        source_label: source_label(source),
        content_type: raw.content_type.clone(),
        retrieved: result
            .retrieved_at
            .map(format::timestamp_seconds)
            .unwrap_or_default(),
        body: raw.body.clone(),
    })
    .into_response())
}

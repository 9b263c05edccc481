//! `GET /ui/uppslag/{uppslag}/utskrift` (the A4 print view) and
//! `GET /ui/uppslag/{uppslag}/oversikt.csv` (the CSV export).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

use super::overview::{OverviewPage, build, session_lookup, title};
use crate::auth::SignedIn;
use crate::errors::PageError;
use crate::format;
use crate::render::{Frame, Page};
use crate::state::WebState;

#[derive(Template)]
#[template(path = "print.html")]
struct PrintPage {
    frame: Frame,
    printed: String,
    printed_by: String,
    lookup_id: String,
    case_id: String,
    application_month: String,
    application_month_label: String,
    period: String,
    started: String,
    purpose: String,
    view: crate::views::overview::OverviewView,
}

/// `GET /ui/uppslag/{uppslag}/utskrift`.
pub async fn print(
    State(state): State<WebState>,
    signed: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let lookup = session_lookup(&state, &signed, &id)?;
    let overview = build(state.config(), &lookup)?;
    let mut frame = Frame::new(title("Utskrift", &lookup), Some(&signed.session), "");
    frame.print = true;
    let p = OverviewPage::new(state.config(), frame, &lookup, &overview);
    Ok(Page::ok(PrintPage {
        frame: p.frame,
        printed: format::timestamp(jiff::Timestamp::now()),
        printed_by: signed.user.name.clone(),
        lookup_id: p.lookup_id,
        case_id: p.case_id,
        application_month: p.application_month,
        application_month_label: p.application_month_label,
        period: p.period,
        started: p.started,
        purpose: p.purpose,
        view: p.view,
    })
    .into_response())
}

/// `GET /ui/uppslag/{uppslag}/oversikt.csv`.
pub async fn csv(
    State(state): State<WebState>,
    signed: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let lookup = session_lookup(&state, &signed, &id)?;
    let overview = build(state.config(), &lookup)?;
    let body = crate::csv::overview_csv(&lookup.case_id, &overview);
    let name = format!(
        "attachment; filename=\"oversikt-{}.csv\"",
        lookup.application_month
    );
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (CONTENT_DISPOSITION, name),
            (CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response())
}

//! "Vem har tittat på mina uppgifter?" (`GET /mina-sidor/insyn`): every lookup of the
//! signed-in person in the audit chain: when, which organisation and unit, the purpose, the
//! case, which sources answered, and refused attempts ("Nekat"). The same list as a signed
//! register extract (`/insyn/registerutdrag.json`, verifiable with the published checkpoint
//! key) and as a printable page (`/insyn/utskrift`). Each view is audited before it is shown
//! ([`crate::records::register_extract`]).

use askama::Template;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use underlag_audit::{LookupEntry, RegisterExtract};
use underlag_domain::SourceId;

use crate::auth::SignedInApplicant;
use crate::errors::PortalError;
use crate::layout::{Frame, Page};
use crate::records::{ExtractView, register_extract};
use crate::state::PortalState;

/// The page group's path.
const PATH: &str = "/mina-sidor/insyn";

/// One lookup as a row of the list.
#[derive(Debug, Clone)]
pub struct LookupRow {
    /// When (Swedish local time).
    pub at: String,
    /// The organisation's name (or its organisationsnummer when not registered).
    pub organisation: String,
    /// The unit, when registered and shown.
    pub unit: Option<String>,
    /// What was done: "Hämtade uppgifter", "Läste hushållets uppgifter", "Nekat".
    pub what: &'static str,
    /// Whether the attempt was refused.
    pub refused: bool,
    /// The purpose.
    pub purpose: String,
    /// The case id.
    pub case_id: String,
    /// The case worker, when named by the setting.
    pub case_worker: Option<String>,
    /// The sources that answered, by name.
    pub answered: Vec<&'static str>,
    /// The sources that were asked but did not answer, by name.
    pub unanswered: Vec<&'static str>,
}

/// A source's Swedish name from its code; an unknown code is shown as "okänd källa".
fn source_name(code: &str) -> &'static str {
    SourceId::ALL
        .iter()
        .find(|s| s.code() == code)
        .map_or("okänd källa", |s| s.name_sv())
}

impl LookupRow {
    fn of(entry: &LookupEntry) -> Self {
        let answered: Vec<&'static str> =
            entry.answered().map(|s| source_name(&s.source)).collect();
        let unanswered = entry
            .sources
            .iter()
            .filter(|s| s.outcome != "ok" && s.outcome != "no_match")
            .map(|s| source_name(&s.source))
            .collect();
        let what = if entry.refused {
            "Nekat"
        } else if entry.kind == "case_read" {
            "Läste hushållets uppgifter i ärendet"
        } else {
            "Hämtade uppgifter"
        };
        LookupRow {
            at: underlag_web::format::timestamp(entry.at),
            organisation: entry
                .organisation_name
                .clone()
                .unwrap_or_else(|| format!("Organisationsnummer {}", entry.organisation)),
            unit: entry.unit.clone(),
            what,
            refused: entry.refused,
            purpose: entry.purpose.clone(),
            case_id: entry.case_id.clone(),
            case_worker: entry.case_worker.clone(),
            answered,
            unanswered,
        }
    }
}

/// What the list page and the printable page show.
#[derive(Debug, Clone)]
pub struct LookupList {
    /// The lookups, newest first.
    pub rows: Vec<LookupRow>,
    /// Whether case workers are named.
    pub named: bool,
    /// When the extract was made.
    pub created_at: String,
    /// The last record of the audit chain it covers.
    pub head: u64,
}

fn view_of(extract: &RegisterExtract) -> LookupList {
    LookupList {
        rows: extract.lookups.iter().rev().map(LookupRow::of).collect(),
        named: extract.case_workers_named,
        created_at: underlag_web::format::timestamp_seconds(extract.created_at),
        head: extract.chain_head_seq,
    }
}

#[derive(Template)]
#[template(path = "insyn.html")]
struct InsynPage {
    frame: Frame,
    view: LookupList,
}

#[derive(Template)]
#[template(path = "insyn_print.html")]
struct PrintPage {
    frame: Frame,
    view: LookupList,
    public_key: String,
}

/// `GET /mina-sidor/insyn`.
pub async fn show(
    State(state): State<PortalState>,
    signed: SignedInApplicant,
) -> Result<Response, PortalError> {
    let (extract, _) = register_extract(&state, &signed.applicant, ExtractView::Page).await?;
    let page = InsynPage {
        frame: Frame::new(
            "Vem har tittat på mina uppgifter?",
            Some(&signed.session),
            PATH,
        ),
        view: view_of(&extract),
    };
    Ok(Page::ok(page).into_response())
}

/// `GET /mina-sidor/insyn/registerutdrag.json`: the signed register extract, as a download.
pub async fn download(
    State(state): State<PortalState>,
    signed: SignedInApplicant,
) -> Result<Response, PortalError> {
    let (_, text) = register_extract(&state, &signed.applicant, ExtractView::Json).await?;
    Ok((
        [
            (CONTENT_TYPE, "application/json"),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"registerutdrag.json\"",
            ),
        ],
        text,
    )
        .into_response())
}

/// `GET /mina-sidor/insyn/utskrift`: the register extract as a printable page.
pub async fn printable(
    State(state): State<PortalState>,
    signed: SignedInApplicant,
) -> Result<Response, PortalError> {
    let (extract, _) = register_extract(&state, &signed.applicant, ExtractView::Printable).await?;
    let public_key = crate::records::ports(&state)?
        .signing_key
        .verifying_key()
        .to_hex();
    let page = PrintPage {
        frame: Frame::new("Registerutdrag", Some(&signed.session), PATH),
        view: view_of(&extract),
        public_key,
    };
    Ok(Page::ok(page).into_response())
}

//! `GET /ui/logg` and the three follow-up views (`POST /ui/logg/utdrag`,
//! `/ui/logg/person`, `/ui/logg/indikatorer`), for the `logguppfoljare` role. Persons are
//! posted, never put in a URL; each view is audited before it is shown.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jiff::civil::Date;
use underlag_domain::period::parse_iso_date;
use underlag_domain::{Period, Personnummer};
use underlag_store::AuditFilter;

use crate::audit_log::{AuditRow, FindingRow, audited_read, findings, local_days, row};
use crate::auth::SignedIn;
use crate::config::Role;
use crate::errors::PageError;
use crate::form::FormData;
use crate::lookup::FieldError;
use crate::render::{Frame, Page};
use crate::state::WebState;

/// What the page shows below the forms.
enum Shown {
    Nothing,
    Extract(Vec<AuditRow>, bool),
    WhoLookedUp(Vec<AuditRow>, bool),
    Indicators(Vec<FindingRow>, usize),
}

#[derive(Template)]
#[template(path = "log.html")]
struct LogPage {
    frame: Frame,
    errors: Vec<FieldError>,
    values: FormData,
    shown: Shown,
}

impl LogPage {
    /// What a field holds: as posted, or for the period fields the last 30 days.
    fn value(&self, name: &str) -> String {
        if let Some(v) = self.values.get(name) {
            return v.to_owned();
        }
        let today = underlag_service::clock::today_in_sweden();
        match name {
            "from" | "ind_from" => today
                .checked_sub(jiff::Span::new().days(30))
                .unwrap_or(today)
                .to_string(),
            "to" | "ind_to" => today.to_string(),
            _ => String::new(),
        }
    }

    fn error_for(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}

fn page(signed: &SignedIn, values: FormData, errors: Vec<FieldError>, shown: Shown) -> Response {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    Page::with_status(
        status,
        LogPage {
            frame: Frame::new("Logguppföljning", Some(&signed.session), "/ui/logg"),
            errors,
            values,
            shown,
        },
    )
    .into_response()
}

/// `GET /ui/logg`.
pub async fn page_get(signed: SignedIn) -> Result<Response, PageError> {
    signed.require(Role::Logguppfoljare)?;
    Ok(page(
        &signed,
        FormData::default(),
        Vec::new(),
        Shown::Nothing,
    ))
}

fn date(
    form: &FormData,
    field: &'static str,
    label: &str,
    required: bool,
    errors: &mut Vec<FieldError>,
) -> Option<Date> {
    let text = form.text(field);
    if text.is_empty() {
        if required {
            errors.push(FieldError {
                field,
                message: format!("Ange {label}."),
            });
        }
        return None;
    }
    parse_iso_date(&text)
        .map_err(|_| {
            errors.push(FieldError {
                field,
                message: format!("{} ska vara ett datum ÅÅÅÅ-MM-DD.", capitalise(label)),
            })
        })
        .ok()
}

fn capitalise(text: &str) -> String {
    let mut c = text.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

fn person(
    form: &FormData,
    field: &'static str,
    required: bool,
    errors: &mut Vec<FieldError>,
) -> Option<Personnummer> {
    let text = form.text(field);
    if text.is_empty() {
        if required {
            errors.push(FieldError {
                field,
                message: "Ange personnummer.".into(),
            });
        }
        return None;
    }
    Personnummer::parse(&text, underlag_service::clock::today_in_sweden())
        .map_err(|_| {
            errors.push(FieldError {
                field,
                message: "Personnumret är inte ett giltigt personnummer eller samordningsnummer."
                    .into(),
            })
        })
        .ok()
}

/// The filter and period of from/to, when both are valid.
fn period_filter(
    from: Option<Date>,
    to: Option<Date>,
    errors: &mut Vec<FieldError>,
) -> (AuditFilter, Option<Period>) {
    let mut filter = AuditFilter::default();
    let mut period = None;
    if let (Some(from), Some(to)) = (from, to) {
        match (local_days(from, to), Period::new(from, to)) {
            (Some((start, end)), Ok(p)) => {
                filter = filter.during(start, end);
                period = Some(p);
            }
            _ => errors.push(FieldError {
                field: "from",
                message: "Från-datumet får inte ligga efter till-datumet.".into(),
            }),
        }
    }
    (filter, period)
}

/// `POST /ui/logg/utdrag`.
pub async fn extract(
    State(state): State<WebState>,
    signed: SignedIn,
    form: FormData,
) -> Result<Response, PageError> {
    signed.require_post(Role::Logguppfoljare, &form)?;
    let mut errors = Vec::new();
    let from = date(&form, "from", "från-datum", true, &mut errors);
    let to = date(&form, "to", "till-datum", true, &mut errors);
    let subject = person(&form, "person", false, &mut errors);
    let case_worker =
        underlag_domain::free_text::parse_optional_free_text(&form.text("case_worker"), 200)
            .map(str::to_owned)
            .map_err(|_| {
                errors.push(FieldError {
                    field: "case_worker",
                    message: "Handläggare får inte innehålla styrtecken och högst 200 tecken."
                        .into(),
                })
            })
            .unwrap_or_default();
    let (mut filter, period) = period_filter(from, to, &mut errors);
    if !errors.is_empty() {
        return Ok(page(&signed, form, errors, Shown::Nothing));
    }
    if !case_worker.is_empty() {
        filter = filter.case_worker(case_worker);
    }
    if let Some(p) = &subject {
        filter = filter.subject(p);
    }
    let (records, more) = audited_read(
        &state,
        &signed.user.id,
        "logguppfoljning.utdrag",
        subject.as_ref(),
        period,
        filter,
    )
    .await
    .map_err(|_| PageError::Internal)?;
    let rows = records.iter().map(row).collect();
    Ok(page(&signed, form, Vec::new(), Shown::Extract(rows, more)))
}

/// `POST /ui/logg/person`.
pub async fn person_post(
    State(state): State<WebState>,
    signed: SignedIn,
    form: FormData,
) -> Result<Response, PageError> {
    signed.require_post(Role::Logguppfoljare, &form)?;
    let mut errors = Vec::new();
    let subject = person(&form, "who_person", true, &mut errors);
    let from = date(&form, "who_from", "från-datum", false, &mut errors);
    let to = date(&form, "who_to", "till-datum", false, &mut errors);
    let (filter, period) = period_filter(from, to, &mut errors);
    let Some(subject) = subject.filter(|_| errors.is_empty()) else {
        return Ok(page(&signed, form, errors, Shown::Nothing));
    };
    let filter = filter.subject(&subject);
    let (records, more) = audited_read(
        &state,
        &signed.user.id,
        "logguppfoljning.vem-har-slagit-upp",
        Some(&subject),
        period,
        filter,
    )
    .await
    .map_err(|_| PageError::Internal)?;
    let rows = records.iter().map(row).collect();
    Ok(page(
        &signed,
        form,
        Vec::new(),
        Shown::WhoLookedUp(rows, more),
    ))
}

/// `POST /ui/logg/indikatorer`.
pub async fn indicators(
    State(state): State<WebState>,
    signed: SignedIn,
    form: FormData,
) -> Result<Response, PageError> {
    signed.require_post(Role::Logguppfoljare, &form)?;
    let mut errors = Vec::new();
    let from = date(&form, "ind_from", "från-datum", true, &mut errors);
    let to = date(&form, "ind_to", "till-datum", true, &mut errors);
    let (filter, period) = period_filter(from, to, &mut errors);
    if !errors.is_empty() {
        return Ok(page(&signed, form, errors, Shown::Nothing));
    }
    let (records, _) = audited_read(
        &state,
        &signed.user.id,
        "logguppfoljning.indikatorer",
        None,
        period,
        filter,
    )
    .await
    .map_err(|_| PageError::Internal)?;
    let found = findings(&state, &records)
        .await
        .map_err(|_| PageError::Internal)?;
    Ok(page(
        &signed,
        form,
        Vec::new(),
        Shown::Indicators(found, records.len()),
    ))
}

//! The digital application, step by step, each step a plain form that works without
//! JavaScript: the form (kind, month, co-applicant, costs, incomes, other information;
//! `GET|POST /mina-sidor/ansokan/ny`), attachments (`/ansokan/bilagor`, multipart upload),
//! the summary before sending (`/ansokan/sammanfattning`) and sending (`POST /ansokan/skicka`),
//! which stores the application with its `application_submitted` audit record and shows the
//! receipt. The application being written lives in the session until it is sent.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use rand::RngCore;
use underlag_applicant::form::INCOME_ROWS;
use underlag_applicant::stored::StoredApplication;
use underlag_applicant::{
    Application, ApplicationDraft, ApplicationKind, ApplicationMonth, AttachmentMeta, CostKind,
    FieldError, IncomeKind, ReferenceNumber, Submission, parse_application_form,
};
use underlag_audit::{AuditKind, AuditRecord, Channel};
use underlag_store::{ApplicationRow, AttachmentRow};
use underlag_web::form::FormData;

use crate::auth::SignedInApplicant;
use crate::errors::PortalError;
use crate::layout::{Frame, Page};
use crate::multipart::MultipartForm;
use crate::routes::applications::load_own;
use crate::session::UploadedFile;
use crate::state::PortalState;
use crate::views::{ApplicationView, today};

/// One cost field of the form.
#[derive(Debug, Clone)]
pub struct CostField {
    /// `cost_<code>`.
    pub field: String,
    /// The label.
    pub label: &'static str,
    /// The value as typed.
    pub value: String,
    /// The error, if any.
    pub error: Option<&'static str>,
}

/// One income row of the form.
#[derive(Debug, Clone)]
pub struct IncomeRow {
    /// The row number (1-based).
    pub n: usize,
    /// `sokande` or `medsokande` (or empty).
    pub who: String,
    /// The kind's code (or empty).
    pub kind: String,
    /// The payer as typed.
    pub payer: String,
    /// The amount as typed.
    pub amount: String,
    /// Errors by part (`who`, `kind`, `payer`, `amount`).
    pub errors: Vec<(&'static str, &'static str)>,
}

impl IncomeRow {
    /// The error of one part of the row.
    pub fn error(&self, part: &str) -> Option<&'static str> {
        self.errors
            .iter()
            .find(|(p, _)| *p == part)
            .map(|(_, m)| *m)
    }
}

#[derive(Template)]
#[template(path = "application_form.html")]
struct FormPage {
    frame: Frame,
    csrf: String,
    errors: Vec<FieldError>,
    kind: String,
    month: String,
    co_applicant: String,
    other_information: String,
    cost_note: String,
    months: Vec<(String, String)>,
    kinds: Vec<(&'static str, &'static str)>,
    costs: Vec<CostField>,
    income_kinds: Vec<(&'static str, &'static str)>,
    incomes: Vec<IncomeRow>,
    prefilled: bool,
}

impl FormPage {
    fn error_for(&self, field: &str) -> Option<&'static str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message)
    }
}

fn value<'v>(values: &'v [(String, String)], name: &str) -> &'v str {
    values
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

fn form_page(
    signed: &SignedInApplicant,
    values: &[(String, String)],
    errors: Vec<FieldError>,
    prefilled: bool,
) -> FormPage {
    let error = |field: &str| errors.iter().find(|e| e.field == field).map(|e| e.message);
    let current = ApplicationMonth::of(today());
    let months = (-2..=1)
        .map(|shift| {
            let m = current.shifted(shift);
            (m.to_string(), m.label())
        })
        .collect();
    let costs = CostKind::ALL
        .iter()
        .map(|k| {
            let field = format!("cost_{}", k.code());
            CostField {
                label: k.label(),
                value: value(values, &field).to_owned(),
                error: error(&field),
                field,
            }
        })
        .collect();
    let incomes = (1..=INCOME_ROWS)
        .map(|n| {
            let part = |p: &str| format!("income_{n}_{p}");
            IncomeRow {
                n,
                who: value(values, &part("who")).to_owned(),
                kind: value(values, &part("kind")).to_owned(),
                payer: value(values, &part("payer")).to_owned(),
                amount: value(values, &part("amount")).to_owned(),
                errors: ["who", "kind", "payer", "amount"]
                    .into_iter()
                    .filter_map(|p| error(&part(p)).map(|m| (p, m)))
                    .collect(),
            }
        })
        .collect();
    let month = match value(values, "month") {
        "" => current.to_string(),
        m => m.to_owned(),
    };
    FormPage {
        frame: Frame::new(
            "Ansök om ekonomiskt bistånd",
            Some(&signed.session),
            "/mina-sidor/ansokan/ny",
        ),
        csrf: signed.session.csrf.clone(),
        kind: value(values, "kind").to_owned(),
        month,
        co_applicant: value(values, "co_applicant").to_owned(),
        other_information: value(values, "other_information").to_owned(),
        cost_note: value(values, "cost_ovrigt_note").to_owned(),
        months,
        kinds: ApplicationKind::ALL
            .iter()
            .map(|k| (k.code(), k.label()))
            .collect(),
        costs,
        income_kinds: IncomeKind::ALL
            .iter()
            .map(|k| (k.code(), k.label()))
            .collect(),
        incomes,
        errors,
        prefilled,
    }
}

/// The form's query: `typ=manad` starts a monthly re-application from the latest one.
#[derive(Debug, serde::Deserialize)]
pub struct FormQuery {
    typ: Option<String>,
}

/// The fields of `previous` that carry over to next month's re-application: the household
/// and the costs (incomes change from month to month and are asked again).
fn carried_over(previous: &ApplicationDraft) -> Vec<(String, String)> {
    let mut values = vec![("kind".to_owned(), "manad".to_owned())];
    if let Some(co) = &previous.household.co_applicant {
        values.push(("co_applicant".into(), co.expose().to_owned()));
    }
    for cost in &previous.costs {
        values.push((
            format!("cost_{}", cost.kind.code()),
            underlag_web::format::amount_plain(cost.amount),
        ));
        if cost.kind == CostKind::Other {
            values.push(("cost_ovrigt_note".into(), cost.note.clone()));
        }
    }
    values
}

/// `GET /mina-sidor/ansokan/ny`.
pub async fn form(
    State(state): State<PortalState>,
    signed: SignedInApplicant,
    Query(query): Query<FormQuery>,
) -> Result<Response, PortalError> {
    let draft = state.0.sessions.draft(&signed.session.id);
    let mut prefilled = false;
    let values = match draft {
        Some(d) if !d.values.is_empty() => d.values,
        _ if query.typ.as_deref() == Some("manad") => {
            let own = load_own(&state, &signed.applicant.personnummer).await?;
            match own
                .iter()
                .find(|a| a.draft.household.applicant == signed.applicant.personnummer)
            {
                Some(latest) => {
                    prefilled = true;
                    carried_over(&latest.draft)
                }
                None => vec![("kind".to_owned(), "manad".to_owned())],
            }
        }
        _ => Vec::new(),
    };
    Ok(Page::ok(form_page(&signed, &values, Vec::new(), prefilled)).into_response())
}

/// The fields the form sends, in order (without the CSRF token).
fn form_values(form: &FormData) -> Vec<(String, String)> {
    let mut names = vec![
        "kind".to_owned(),
        "month".into(),
        "co_applicant".into(),
        "cost_ovrigt_note".into(),
        "other_information".into(),
    ];
    names.extend(CostKind::ALL.iter().map(|k| format!("cost_{}", k.code())));
    for n in 1..=INCOME_ROWS {
        for part in ["who", "kind", "payer", "amount"] {
            names.push(format!("income_{n}_{part}"));
        }
    }
    names
        .into_iter()
        .filter_map(|name| form.get(&name).map(|v| (name.clone(), v.to_owned())))
        .collect()
}

/// `POST /mina-sidor/ansokan/ny`: the form checked; on errors shown again (400) with every
/// field's error, otherwise on to the attachments.
pub async fn submit_form(
    State(state): State<PortalState>,
    signed: SignedInApplicant,
    form: FormData,
) -> Result<Response, PortalError> {
    signed.check_csrf(form.get("csrf_token"))?;
    let values = form_values(&form);
    let parsed = parse_application_form(
        |name| form.get(name),
        &signed.applicant.personnummer,
        today(),
    );
    match parsed {
        Ok(draft) => {
            state.0.sessions.update_draft(&signed.session.id, |d| {
                d.values = values;
                d.parsed = Some(draft);
            });
            Ok(Redirect::to("/mina-sidor/ansokan/bilagor").into_response())
        }
        Err(errors) => {
            state.0.sessions.update_draft(&signed.session.id, |d| {
                d.values = values.clone();
                d.parsed = None;
            });
            Ok(Page::with_status(
                StatusCode::BAD_REQUEST,
                form_page(&signed, &values, errors, false),
            )
            .into_response())
        }
    }
}

#[derive(Template)]
#[template(path = "application_attachments.html")]
struct AttachmentsPage {
    frame: Frame,
    csrf: String,
    files: Vec<AttachmentMeta>,
    error: Option<&'static str>,
    can_add: bool,
}

fn attachments_page(
    signed: &SignedInApplicant,
    files: Vec<AttachmentMeta>,
    error: Option<&'static str>,
) -> AttachmentsPage {
    AttachmentsPage {
        frame: Frame::new(
            "Bilagor till ansökan",
            Some(&signed.session),
            "/mina-sidor/ansokan/ny",
        ),
        csrf: signed.session.csrf.clone(),
        can_add: files.len() < underlag_applicant::attachment::MAX_ATTACHMENTS,
        files,
        error,
    }
}

/// The application being written, once its form was accepted (otherwise the caller sends
/// the browser back to the form, [`back_to_form`]).
fn accepted_draft(
    state: &PortalState,
    signed: &SignedInApplicant,
) -> Option<(ApplicationDraft, Vec<UploadedFile>)> {
    let draft = state.0.sessions.draft(&signed.session.id)?;
    Some((draft.parsed?, draft.files))
}

/// The redirect to the form, for a step reached before the form was accepted.
fn back_to_form() -> Response {
    Redirect::to("/mina-sidor/ansokan/ny").into_response()
}

/// `GET /mina-sidor/ansokan/bilagor`.
pub async fn attachments(
    State(state): State<PortalState>,
    signed: SignedInApplicant,
) -> Result<Response, PortalError> {
    let Some((_, files)) = accepted_draft(&state, &signed) else {
        return Ok(back_to_form());
    };
    let metas = files.into_iter().map(|f| f.meta).collect();
    Ok(Page::ok(attachments_page(&signed, metas, None)).into_response())
}

/// `POST /mina-sidor/ansokan/bilagor` (multipart): adds one file, or shows why not (400).
pub async fn upload(
    State(state): State<PortalState>,
    signed: SignedInApplicant,
    form: MultipartForm,
) -> Result<Response, PortalError> {
    signed.check_csrf(form.text("csrf_token"))?;
    let Some((_, files)) = accepted_draft(&state, &signed) else {
        return Ok(back_to_form());
    };
    let part = form.part("fil");
    let accepted = match part {
        Some(p) => AttachmentMeta::accept(
            uuid::Uuid::new_v4().to_string(),
            p.file_name.as_deref().unwrap_or(""),
            p.content_type.as_deref().unwrap_or(""),
            &p.data,
            files.len(),
        ),
        None => Err(underlag_applicant::AttachmentError::Empty),
    };
    match accepted {
        Ok(meta) => {
            let content = part.map(|p| p.data.clone()).unwrap_or_default();
            tracing::info!(
                size = meta.size,
                kind = meta.kind.content_type(),
                "attachment added"
            );
            state.0.sessions.update_draft(&signed.session.id, |d| {
                d.files.push(UploadedFile { meta, content });
            });
            Ok(Redirect::to("/mina-sidor/ansokan/bilagor").into_response())
        }
        Err(e) => {
            let metas = files.into_iter().map(|f| f.meta).collect();
            Ok(Page::with_status(
                StatusCode::BAD_REQUEST,
                attachments_page(&signed, metas, Some(e.message())),
            )
            .into_response())
        }
    }
}

/// `POST /mina-sidor/ansokan/bilagor/ta-bort`: removes one attachment.
pub async fn remove_attachment(
    State(state): State<PortalState>,
    signed: SignedInApplicant,
    form: FormData,
) -> Result<Response, PortalError> {
    signed.check_csrf(form.get("csrf_token"))?;
    let id = form.text("attachment");
    state.0.sessions.update_draft(&signed.session.id, |d| {
        d.files.retain(|f| f.meta.id != id);
    });
    Ok(Redirect::to("/mina-sidor/ansokan/bilagor").into_response())
}

#[derive(Template)]
#[template(path = "application_summary.html")]
struct SummaryPage {
    frame: Frame,
    csrf: String,
    view: ApplicationView,
    error: Option<&'static str>,
}

fn draft_with_files(mut draft: ApplicationDraft, files: &[UploadedFile]) -> ApplicationDraft {
    draft.attachments = files.iter().map(|f| f.meta.clone()).collect();
    draft
}

fn summary_page(
    signed: &SignedInApplicant,
    draft: &ApplicationDraft,
    error: Option<&'static str>,
) -> SummaryPage {
    SummaryPage {
        frame: Frame::new(
            "Kontrollera din ansökan",
            Some(&signed.session),
            "/mina-sidor/ansokan/ny",
        ),
        csrf: signed.session.csrf.clone(),
        view: ApplicationView::of_draft(draft, &signed.applicant.personnummer, None),
        error,
    }
}

/// `GET /mina-sidor/ansokan/sammanfattning`: everything given, before sending.
pub async fn summary(
    State(state): State<PortalState>,
    signed: SignedInApplicant,
) -> Result<Response, PortalError> {
    let Some((draft, files)) = accepted_draft(&state, &signed) else {
        return Ok(back_to_form());
    };
    let draft = draft_with_files(draft, &files);
    Ok(Page::ok(summary_page(&signed, &draft, None)).into_response())
}

/// The reference number for a new application, from the thread's CSPRNG.
fn new_reference() -> ReferenceNumber {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    ReferenceNumber::from_random(bytes)
}

/// The audit record of a sent application: the municipality, the applicant as subject, and
/// the application's id, reference, kind, month, household size and attachment count.
fn submitted_record(application: &Application, protected: bool) -> AuditRecord {
    let d = &application.draft;
    let s = &application.submission;
    AuditRecord::builder(
        AuditKind::ApplicationSubmitted,
        &s.id,
        s.submitted_at,
        Channel::Ui,
    )
    .organisation_str(s.organisation.ten_digits())
    .case_worker("sokande")
    .subject(&d.household.applicant)
    .protected(protected)
    .refusal(format!(
        "ansökan {}; referens {}; {} {}; hushåll {}; bilagor {}",
        s.id,
        s.reference,
        d.kind.code(),
        d.month,
        d.household.size(),
        d.attachments.len()
    ))
    .build()
}

/// `POST /mina-sidor/ansokan/skicka`: the applicant confirms the summary is true; the
/// application, its attachments and its audit record are stored together, and the receipt
/// is shown.
pub async fn send(
    State(state): State<PortalState>,
    signed: SignedInApplicant,
    form: FormData,
) -> Result<Response, PortalError> {
    signed.check_csrf(form.get("csrf_token"))?;
    let Some((draft, files)) = accepted_draft(&state, &signed) else {
        return Ok(back_to_form());
    };
    let draft = draft_with_files(draft, &files);
    if form.get("intygar") != Some("ja") {
        return Ok(Page::with_status(
            StatusCode::BAD_REQUEST,
            summary_page(
                &signed,
                &draft,
                Some("Kryssa i att uppgifterna är riktiga innan du skickar ansökan."),
            ),
        )
        .into_response());
    }
    let application = Application {
        draft,
        submission: Submission {
            id: uuid::Uuid::new_v4().to_string(),
            reference: new_reference(),
            organisation: state.config().organisation.clone(),
            submitted_at: Timestamp::now(),
            co_applicant_confirmed_at: None,
        },
    };
    let document = StoredApplication::from_application(&application).to_json();
    let d = &application.draft;
    let row = ApplicationRow {
        id: application.submission.id.clone(),
        reference: application.submission.reference.to_string(),
        organisation: application.submission.organisation.ten_digits().to_owned(),
        applicant: d.household.applicant.clone(),
        co_applicant: d.household.co_applicant.clone(),
        month: d.month.to_string(),
        submitted_at: application.submission.submitted_at,
        co_applicant_confirmed_at: None,
        document,
    };
    let attachments: Vec<AttachmentRow> = files
        .into_iter()
        .map(|f| AttachmentRow {
            id: f.meta.id,
            application_id: row.id.clone(),
            file_name: f.meta.file_name,
            content_type: f.meta.kind.content_type().to_owned(),
            content: f.content,
        })
        .collect();
    let record = submitted_record(&application, signed.applicant.protected);
    match state
        .0
        .applications
        .submit_application(&row, &attachments, record)
        .await
    {
        Ok(chained) => {
            tracing::info!(audit_seq = chained.seq, "application submitted");
            state.0.sessions.take_draft(&signed.session.id);
            Ok(
                Redirect::to(&format!("/mina-sidor/ansokningar/{}?kvitto=1", row.id))
                    .into_response(),
            )
        }
        Err(e) => {
            tracing::error!(error = %e, "an application could not be stored");
            Err(PortalError::Internal)
        }
    }
}

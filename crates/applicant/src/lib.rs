//! The applicant's side of ekonomiskt bistånd as a pure domain: the digital application
//! (*ansökan*: a new application or the monthly re-application) with its household (the
//! applicant and an optional co-applicant who confirms by signing in), costs, declared incomes
//! and attachment metadata; its reference number; and the case's status events.
//!
//! Architecture invariants: no IO, no clock, no randomness (the time and the reference number
//! are arguments); values are built only by parsing ([`form::parse_application_form`] for a
//! submitted form, [`stored::StoredApplication`] for what the store holds); every figure the
//! applicant gives is *declared* ("uppgett av sökande"), never confused with a source's answer.

pub mod application;
pub mod attachment;
pub mod costs;
pub mod form;
pub mod incomes;
pub mod reference;
pub mod status;
pub mod stored;

pub use application::{
    Application, ApplicationDraft, ApplicationKind, ApplicationMonth, Household, Submission,
};
pub use attachment::{AttachmentError, AttachmentKind, AttachmentMeta, MAX_ATTACHMENT_BYTES};
pub use costs::{Cost, CostKind};
pub use form::{FieldError, parse_application_form};
pub use incomes::{Declarant, DeclaredIncome, IncomeKind};
pub use reference::ReferenceNumber;
pub use status::{StatusEvent, StatusKind};

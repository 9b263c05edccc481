//! The försörjningsstöd calculation as open rules: riksnorm tables and calculation rules as
//! dated data (`spec/norm/`), one household and one month computed into a
//! *beräkningsunderlag* (a recommendation) whose every figure carries an explanation trace
//! (rule id, legal reference, inputs, arithmetic, rounding, plain Swedish).
//!
//! Pure: no IO, no clock. A human decides: this crate computes and explains, and
//! [`decision`] records a case worker's decision as a separate record that cannot exist
//! without a human actor.
//!
//! # Rules (see `spec/norm/rules.toml` for the legal references)
//!
//! - **Years.** A year is computed only from a table the project judges verified, or one an
//!   operator imported from the official text ([`RuleBook::import`]). A *partial* year (2026:
//!   only the government's totals for a single person and a couple) computes exactly those two
//!   households. Anything else is refused with [`NormError::YearNotVerified`] naming the year.
//! - **Household.** Norm = the members' personal costs + the common costs for the household's
//!   size; more than seven members add common(7) − common(6) each; one adult sharing a
//!   dwelling without being a partner gets the single-adult amount plus common(n) ÷ n. A
//!   19–20-year-old is skolungdom only when at school; 0–6-year-olds without lunch at home
//!   use the lower amounts, and a year without those amounts refuses such a household.
//! - **Incomes.** The municipality's allow-list decides what counts; an unlisted benefit counts
//!   and raises a warning. Per-day, per-week and per-year amounts are converted to a month
//!   with the rule shown. Jobbstimulans disregards 25 % of employment income for 24 months;
//!   children's own work income counts only above one prisbasbelopp per calendar year.
//! - **Missing is never zero.** A source that did not answer adds no lines; the result is
//!   [`Balance::Incomplete`] and names what it lacks.
//! - **Rounding.** Öre internally; only the result is rounded, per the municipality.

mod calculation;
mod cell;
pub mod decision;
mod error;
mod explanation;
mod input;
mod kronor;
mod municipal;
pub mod prefill;
mod rulebook;

pub use calculation::{
    Balance, BalanceKind, Calculation, IncomeLine, Lacking, NormWarning, NormWarningKind,
    RuleVersion, Section, calculate, is_child,
};
pub use cell::CellKey;
pub use error::NormError;
pub use explanation::{ExplainedLine, Explanation, TraceInput};
pub use input::{
    AmountWire, Cost, CostKind, CostWire, Household, HouseholdFile, Income, IncomeOrigin,
    IncomeWire, Member, MemberWire, SourcePayment, UnansweredSource,
};
pub use kronor::{kr, number_sv};
pub use municipal::{
    ChildrenIncomeSpread, HousingCap, IncomeListing, MunicipalSettings, NotCounted, OtherNorm,
    PayoutRounding, SettingsVersion, WeekConversion,
};
pub use rulebook::{
    Cell, CellStatus, DatedRule, ImportFile, ImportFlag, ImportRecord, ImportReport, Prisbasbelopp,
    PublishedShape, PublishedTotal, RiksnormTable, RuleBook, SourceRef, TableStatus, Uplift,
};

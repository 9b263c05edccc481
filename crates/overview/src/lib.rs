//! The household's month view (*översikt*): the page a case worker decides money from.
//!
//! Pure: no IO, no clock, no async. [`build`] turns a look-up (the application month M, the
//! queried period, when the look-up started), the household members' per-source answers
//! ([`underlag_domain::SourceResult`]) and [`OverviewRules`] into an [`Overview`].
//!
//! # What is shown
//!
//! Per member, per month, per income or benefit type, the facts that matter for the
//! assessment of ekonomiskt bistånd:
//!
//! - **Payments** from Försäkringskassan and Pensionsmyndigheten (LEFI), CSN and the a-kassor,
//!   one line per payment, typed by the payment's benefit code. A payment's rows (the split by
//!   benefit and amount type, e.g. PM's `PM:AP` and `PM:BTI` in one payment) are shown beneath
//!   it and never added besides it. Gross, tax and net are what the source states, nothing
//!   derived: the a-kassor state no gross and CSN states no net (one amount paid), so those
//!   figures are [`Figure::Missing`] with [`GapReason::NotStated`].
//! - **Tax-account payouts** from Skatteverket (skatt att återfå), effected on the booking
//!   day. No tax is withheld from them, so gross and net are the same amount.
//! - **Decided amounts** from FK and PM decisions, as the *planned* side only where no
//!   payment (planned or effected) of the same benefit exists in that month (a payment pays
//!   its own benefit and its rows' benefits): decisions that are granted, final or
//!   preliminary, with a period overlapping the month (an open-ended decision runs on), and
//!   a recurring unit (per day, week, month, quarter, half year or year; a one-off amount
//!   belongs to no month). The coordinated amount (`samordnatBruttobelopp`) is preferred to
//!   the decided one; gross only, tax and net are not stated. Of several decisions of one
//!   benefit and sub-benefit for the month, the latest decided counts. Such a line covers
//!   the part of the month its decision covers; the decision's own period is
//!   [`Line::basis_period`]. Underhållsstöd decisions (`US`) are never used: the canonical
//!   model cannot tell a claim against a liable parent (a debt) from support paid to the
//!   member. Arbetsförmedlingen's decisions are not used either: AF decides aktivitetsstöd
//!   and FK pays it, so FK's own decision and payments stand for it.
//! - **Granted study support** (CSN), as the planned side only where no CSN payment of the
//!   support form exists in the month: the granted amounts (per week, as CSN states them) of
//!   a decided case whose granted period overlaps the month.
//! - **Capital income** (Skatteverket) per taxation year, as [`AnnualLine`]s outside months.
//! - **Earned income** (AGI, Skatteverket's arbetsgivardeklarationer på individnivå): one
//!   effected line per employer and redovisningsperiod ([`LineBasis::EmployerDeclaration`]),
//!   *declared* pay: gross (field 011), tax (001) and net as the model states them, the
//!   employer as payer, the declaration month as the period it covers. It is placed in the
//!   month it declares: AGI reports the pay of the redovisningsperiod and carries no payout
//!   day. Each employer is its own income type. A corrected declaration (the one in force
//!   replaced an earlier one) is flagged ([`WarningKind::CorrectedDeclaration`], "rättad
//!   deklaration"), and so is one received before its month began
//!   ([`WarningKind::DeclaredBeforePayout`]).
//!
//! Job-seeker status, vehicles, permits and identity details are not incomes; the per-source
//! detail pages show them. Addresses are never read: the overview carries no address-like
//! data and no names, for any member.
//!
//! # Rules
//!
//! - **Months.** The overview shows `months_shown` months ending with M; M−1 is the control
//!   month, M−2 the comparison month ([`MonthRole`]). An effected payment belongs to the month
//!   of its payout day, a planned one to the month of its planned day; a payment dated to a
//!   month only (LEFI `yyyy-mm`) to that month; one with neither is *unplaced*
//!   ([`MemberOverview::unplaced`], [`WarningKind::PaymentWithoutMonth`]).
//! - **Planned and effected** are kept apart: separate lines, separate totals, never added
//!   together. The adapters already count a payment listed as both planned and effected once,
//!   as effected.
//! - **Units** are kept as stated. A payment is an amount paid ([`Unit::Paid`]); a decided
//!   or granted amount keeps its unit (per day, week, month, …). Only paid and per-month
//!   amounts are added into a month's totals. A per-day, per-week or per-year amount is never
//!   converted into a monthly one: it is shown as stated, left out of the sums, and the total
//!   names it as lacking ([`GapReason::NotMonthly`]).
//! - **Missing is never zero.** A figure is [`Figure::Known`] or [`Figure::Missing`] with the
//!   reason. A month's total is [`Total::Complete`] only when every income source (FK, CSN,
//!   SKV, SO, AGI; see [`carries_income`]) answered completely for the whole month and every
//!   figure was stated; otherwise it is [`Total::Partial`] (the sum of what is known, and the
//!   list of what it lacks) or [`Total::Unknown`]. A source that answered "no match" counts
//!   as a true nothing. A source not requested or not entitled is listed as lacking too —
//!   except AGI: an organisation without a registered legal basis for earned income (or a
//!   look-up that did not ask for it) would otherwise make every total partial. AGI
//!   `not_entitled` or `not_requested` is instead one warning per member,
//!   [`WarningKind::EarnedIncomeNotFetched`] ("Lön från arbetsgivardeklarationer hämtades
//!   inte"), and no AGI line, never a zero. AGI that was asked and did not answer (timed out,
//!   unavailable, invalid) makes the totals partial with the gap named, like every source.
//! - **Retro.** A payment is retroactive when the provider says so (LEFI `typ` 3) or when the
//!   period it covers starts before the month preceding its payout month; paying last month's
//!   benefit this month (a-kassa, aktivitetsstöd) is the normal rhythm and not retro.
//! - **Preliminary.** Planned payments, payments the provider calls preliminary, and decided
//!   or granted amounts standing in for a payment are flagged.
//! - **Income types** are compared by source and benefit code (FK's `FK:` prefix and letter
//!   case ignored). A payment whose rows name two or more benefits counts as each of them,
//!   with the rows' gross, so PM's combined payment and the decisions standing in for it are
//!   the same types.
//! - **Change.** Per member and income type, the effected gross of M−1 is compared with
//!   M−2 (net when either month lacks a gross); a change of more than
//!   `change_threshold_percent` of the M−2 amount is flagged (exactly: `|M−1 − M−2| × 100 >
//!   threshold × |M−2|`), exactly the threshold is not. A type that is absent in one of the
//!   two months is a new or a missing type instead.
//! - **New and missing types.** For each shown month after the first, a type with a line
//!   (planned or effected) this month but none in the previous month is new; a type with a
//!   line in the previous month but none this month is missing ("saknas ännu"). Only months
//!   where the source answered completely for both months are compared.
//! - **Stale.** An answer retrieved before the current look-up started is flagged.
//! - **Declared by the applicant.** What an applicant declared in a digital application
//!   ([`Declaration`]) is its own provenance, "uppgett av sökande" with its time, shown
//!   apart and never added into a source's lines or totals.

mod build;
mod declared;
mod figure;
mod input;
mod labels;
mod month;
mod overview;
mod warning;

pub use build::build;
pub use declared::{
    DECLARED_BY_APPLICANT, Declaration, DeclaredCost, DeclaredCostKind, DeclaredIncome,
};
pub use figure::{Figure, Gap, GapReason, Total};
pub use input::{Lookup, MemberAnswers, OverviewError, OverviewRules};
pub use labels::{carries_income, payer_label, source_heading, source_label};
pub use month::{Month, MonthError, MonthRole};
pub use overview::{
    AnnualLine, BasisPeriod, IncomeType, Line, LineBasis, MemberMonth, MemberOverview, MonthColumn,
    MonthTotals, Overview, Provenance, RowFigure, Side, SideTotals, SourceState, SourceStatus,
    Unit,
};
pub use warning::{FigureValue, Warning, WarningFigure, WarningKind};

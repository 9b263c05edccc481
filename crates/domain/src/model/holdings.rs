//! Canonical data on capital, vehicles and permits.

use jiff::civil::Date;

use super::Code;
use crate::amount::Amount;
use crate::period::Period;

/// Capital income for one taxation year (Skatteverket).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CapitalIncome {
    /// Taxeringsår (taxation year).
    pub taxation_year: i32,
    /// Summa intäkter på kapital (0 when missing or negative).
    pub total_income: Amount,
    /// Överskott av kapital (0 when missing or negative).
    pub surplus: Amount,
}

/// A payout from the tax account (skatt att återfå).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TaxAccountPayout {
    /// Amount paid out.
    pub amount: Amount,
    /// Booking date.
    pub booked_on: Date,
}

/// What a Skatteverket status code concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TaxStatusScope {
    /// The person's record as a whole (`StatusPersonuppgiftKod`).
    Person,
    /// Capital income data (`StatusKapitaluppgiftKod`).
    CapitalIncome,
    /// Tax-account data (`StatusSkattekontouppgiftKod`).
    TaxAccount,
}

/// A Skatteverket status code, with its kodverk label.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TaxStatus {
    /// Which part of the answer it concerns.
    pub scope: TaxStatusScope,
    /// The code and its label.
    pub status: Code,
}

/// A vehicle the person holds (Transportstyrelsen). No valuation, no ownership period.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Vehicle {
    /// Registration number.
    pub registration: String,
    /// Make.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub make: Option<String>,
    /// Model year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_year: Option<i32>,
    /// Kind of vehicle (PERSONBIL, MOTORCYKEL, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<Code>,
    /// Trade name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trade_name: Option<String>,
}

/// How long a permit is valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PermitValidity {
    /// PERMANENT.
    Permanent,
    /// TIDBEGRANSAT.
    TimeLimited,
}

/// A Migrationsverket case on a residence or work permit.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Permit {
    /// Case type (UAT, …).
    pub case_type: Code,
    /// Decision code (BEV, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<Code>,
    /// Decision type (PUT, TUT, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision_type: Option<Code>,
    /// Application date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applied_on: Option<Date>,
    /// Decision date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_on: Option<Date>,
    /// First day of validity (also for a permanent permit, which has no last day).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<Date>,
    /// Validity period, for time-limited permits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid: Option<Period>,
    /// Permanent or time-limited.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validity: Option<PermitValidity>,
    /// Grounds (anledning).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<Code>,
}

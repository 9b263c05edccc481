//! What a bank fetch gives: an account's balances and transactions for the consented period,
//! typed (amounts are exact [`Decimal`]s in their currency, never floats). Stored as JSON with
//! the fetch.

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One account's data for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountData {
    /// The account (IBAN, no spaces).
    pub iban: String,
    /// The first day asked for.
    pub period_from: Date,
    /// The last day asked for.
    pub period_to: Date,
    /// The balances the bank gave.
    pub balances: Vec<Balance>,
    /// The transactions in the period, booked first, oldest first.
    pub transactions: Vec<BankTransaction>,
}

/// One balance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Balance {
    /// The Berlin Group balance type (`closingBooked`, `interimAvailable`, …).
    pub balance_type: String,
    /// The amount.
    pub amount: Decimal,
    /// The currency (ISO 4217).
    pub currency: String,
    /// The day it refers to.
    pub reference_date: Option<Date>,
}

impl Balance {
    /// The balance type in Swedish.
    pub fn label(&self) -> &'static str {
        match self.balance_type.as_str() {
            "closingBooked" => "Bokfört saldo",
            "interimAvailable" => "Disponibelt belopp",
            "interimBooked" => "Bokfört saldo under dagen",
            "expected" => "Förväntat saldo",
            "openingBooked" => "Ingående saldo",
            _ => "Saldo",
        }
    }
}

/// One transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankTransaction {
    /// When booked (`None` for a pending one).
    pub booking_date: Option<Date>,
    /// Signed amount: positive in, negative out.
    pub amount: Decimal,
    /// The currency.
    pub currency: String,
    /// The creditor (money out) or debtor (money in).
    pub counterparty: Option<String>,
    /// `remittanceInformationUnstructured`.
    pub text: Option<String>,
    /// Not yet booked.
    pub pending: bool,
}

impl AccountData {
    /// The sum of booked money in (positive amounts) in `currency`.
    pub fn booked_in(&self, currency: &str) -> Decimal {
        self.transactions
            .iter()
            .filter(|t| !t.pending && t.currency == currency && t.amount.is_sign_positive())
            .map(|t| t.amount)
            .sum()
    }

    /// The sum of booked money out (as a positive number) in `currency`.
    pub fn booked_out(&self, currency: &str) -> Decimal {
        -self
            .transactions
            .iter()
            .filter(|t| !t.pending && t.currency == currency && t.amount.is_sign_negative())
            .map(|t| t.amount)
            .sum::<Decimal>()
    }
}

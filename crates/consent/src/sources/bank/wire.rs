//! The Berlin Group NextGenPSD2 AIS JSON the bank client writes and reads, and its mapping to
//! [`AccountData`]. Only the fields Underlag uses are read; unknown fields are ignored, as
//! the specification allows banks to add them.

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::account_data::{AccountData, Balance, BankTransaction};
use crate::consent::{ConsentPeriod, Iban};
use crate::source::SourceFailure;

/// The body of `POST /v1/consents` for one account's balances and transactions.
pub(super) fn consent_request(
    account: &Iban,
    valid_until: Date,
    frequency_per_day: u32,
) -> serde_json::Value {
    serde_json::json!({
        "access": {
            "balances": [{ "iban": account.as_str() }],
            "transactions": [{ "iban": account.as_str() }],
        },
        "recurringIndicator": true,
        "validUntil": valid_until.to_string(),
        "frequencyPerDay": frequency_per_day,
        "combinedServiceIndicator": false,
    })
}

/// `201` to `POST /v1/consents`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ConsentCreated {
    pub(super) consent_status: String,
    pub(super) consent_id: String,
}

/// `GET /v1/accounts`.
#[derive(Debug, Deserialize)]
pub(super) struct AccountList {
    pub(super) accounts: Vec<AccountDetails>,
}

/// One account of the list.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct AccountDetails {
    pub(super) resource_id: String,
    pub(super) iban: Option<String>,
}

/// `{"currency": "SEK", "amount": "123.45"}`.
#[derive(Debug, Deserialize)]
pub(super) struct Amount {
    currency: String,
    amount: String,
}

impl Amount {
    fn value(&self) -> Result<Decimal, SourceFailure> {
        self.amount
            .parse()
            .map_err(|_| SourceFailure::InvalidResponse)
    }
}

/// An account reference.
#[derive(Debug, Deserialize)]
pub(super) struct AccountRef {
    iban: Option<String>,
}

/// One balance.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct WireBalance {
    balance_amount: Amount,
    balance_type: String,
    reference_date: Option<String>,
}

/// `GET /v1/accounts/{id}/balances`.
#[derive(Debug, Deserialize)]
pub(super) struct BalancesReport {
    account: Option<AccountRef>,
    balances: Vec<WireBalance>,
}

/// One transaction.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct WireTransaction {
    booking_date: Option<String>,
    transaction_amount: Amount,
    creditor_name: Option<String>,
    debtor_name: Option<String>,
    remittance_information_unstructured: Option<String>,
}

/// The report of `GET /v1/accounts/{id}/transactions`.
#[derive(Debug, Deserialize)]
pub(super) struct AccountReport {
    #[serde(default)]
    booked: Vec<WireTransaction>,
    #[serde(default)]
    pending: Vec<WireTransaction>,
}

/// `GET /v1/accounts/{id}/transactions`.
#[derive(Debug, Deserialize)]
pub(super) struct TransactionsResponse {
    account: Option<AccountRef>,
    transactions: AccountReport,
}

fn date(text: Option<&str>) -> Result<Option<Date>, SourceFailure> {
    text.map(|t| t.parse().map_err(|_| SourceFailure::InvalidResponse))
        .transpose()
}

fn transaction(t: WireTransaction, pending: bool) -> Result<BankTransaction, SourceFailure> {
    let amount = t.transaction_amount.value()?;
    let booking_date = date(t.booking_date.as_deref())?;
    if !pending && booking_date.is_none() {
        return Err(SourceFailure::InvalidResponse);
    }
    Ok(BankTransaction {
        booking_date,
        amount,
        currency: t.transaction_amount.currency,
        counterparty: if amount.is_sign_negative() {
            t.creditor_name.or(t.debtor_name)
        } else {
            t.debtor_name.or(t.creditor_name)
        },
        text: t.remittance_information_unstructured,
        pending,
    })
}

/// Maps the two answers to the account's data; an answer about another account, a booked
/// transaction outside the period, or an unreadable amount or date is `InvalidResponse`.
pub(super) fn interpret_account_data(
    account: &Iban,
    period: ConsentPeriod,
    balances: BalancesReport,
    transactions: TransactionsResponse,
) -> Result<AccountData, SourceFailure> {
    for named in [&balances.account, &transactions.account]
        .into_iter()
        .flatten()
    {
        if named.iban.as_deref().is_some_and(|i| i != account.as_str()) {
            return Err(SourceFailure::InvalidResponse);
        }
    }
    let balances = balances
        .balances
        .into_iter()
        .map(|b| {
            Ok(Balance {
                amount: b.balance_amount.value()?,
                currency: b.balance_amount.currency,
                balance_type: b.balance_type,
                reference_date: date(b.reference_date.as_deref())?,
            })
        })
        .collect::<Result<Vec<_>, SourceFailure>>()?;
    let report = transactions.transactions;
    let mut list = Vec::new();
    for t in report.booked {
        let t = transaction(t, false)?;
        if t.booking_date
            .is_some_and(|d| d < period.from() || d > period.to())
        {
            return Err(SourceFailure::InvalidResponse);
        }
        list.push(t);
    }
    for t in report.pending {
        list.push(transaction(t, true)?);
    }
    Ok(AccountData {
        iban: account.as_str().to_owned(),
        period_from: period.from(),
        period_to: period.to(),
        balances,
        transactions: list,
    })
}

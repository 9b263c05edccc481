//! The Berlin Group NextGenPSD2 AIS JSON the simulated bank reads and writes, with the
//! specification's field names (`consentId`, `balanceAmount`, `bookingDate`,
//! `remittanceInformationUnstructured`, …).

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::accounts::{SimAccount, SimTransaction};

/// `tppMessages`: the error body.
#[derive(Debug, Serialize)]
pub(super) struct TppMessages {
    #[serde(rename = "tppMessages")]
    pub(super) tpp_messages: Vec<TppMessage>,
}

/// One message.
#[derive(Debug, Serialize)]
pub(super) struct TppMessage {
    pub(super) category: &'static str,
    pub(super) code: &'static str,
    pub(super) text: String,
}

/// An account reference by IBAN.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AccountReference {
    pub(super) iban: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) currency: Option<String>,
}

/// A consent's `access`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct ConsentAccess {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) accounts: Option<Vec<AccountReference>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) balances: Option<Vec<AccountReference>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) transactions: Option<Vec<AccountReference>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) available_accounts: Option<String>,
}

/// `POST /v1/consents`'s body.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct ConsentRequest {
    pub(super) access: ConsentAccess,
    pub(super) recurring_indicator: bool,
    pub(super) valid_until: String,
    pub(super) frequency_per_day: u32,
    #[allow(dead_code)]
    pub(super) combined_service_indicator: bool,
}

/// `{"href": …}`.
#[derive(Debug, Serialize)]
pub(super) struct Href {
    pub(super) href: String,
}

/// `_links` of a created consent.
#[derive(Debug, Serialize)]
pub(super) struct Links {
    #[serde(rename = "self")]
    pub(super) self_link: Href,
    pub(super) status: Href,
}

/// `201` answer to `POST /v1/consents`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ConsentCreated {
    pub(super) consent_status: &'static str,
    pub(super) consent_id: String,
    #[serde(rename = "_links")]
    pub(super) links: Links,
}

/// `GET /v1/consents/{id}`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ConsentDescribed {
    pub(super) access: ConsentAccess,
    pub(super) recurring_indicator: bool,
    pub(super) valid_until: String,
    pub(super) frequency_per_day: u32,
    pub(super) last_action_date: String,
    pub(super) consent_status: &'static str,
}

/// `GET /v1/consents/{id}/status`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ConsentStatusBody {
    pub(super) consent_status: &'static str,
}

/// `bookingStatus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BookingStatus {
    Booked,
    Pending,
    Both,
}

impl BookingStatus {
    pub(super) fn parse(text: &str) -> Option<Self> {
        match text {
            "booked" => Some(Self::Booked),
            "pending" => Some(Self::Pending),
            "both" => Some(Self::Both),
            _ => None,
        }
    }
}

fn amount(value: Decimal) -> serde_json::Value {
    serde_json::json!({ "currency": "SEK", "amount": format!("{:.2}", value) })
}

/// `GET /v1/accounts`.
pub(super) fn account_list(accounts: &[SimAccount]) -> serde_json::Value {
    let accounts: Vec<serde_json::Value> = accounts
        .iter()
        .map(|a| {
            serde_json::json!({
                "resourceId": a.resource_id,
                "iban": a.iban,
                "currency": "SEK",
                "name": a.name,
                "product": a.product,
                "cashAccountType": "CACC",
                "status": "enabled",
                "_links": {
                    "balances": { "href": format!("/v1/accounts/{}/balances", a.resource_id) },
                    "transactions": { "href": format!("/v1/accounts/{}/transactions", a.resource_id) },
                },
            })
        })
        .collect();
    serde_json::json!({ "accounts": accounts })
}

/// `GET /v1/accounts/{id}/balances`.
pub(super) fn balances(account: &SimAccount, today: Date) -> serde_json::Value {
    serde_json::json!({
        "account": { "iban": account.iban, "currency": "SEK" },
        "balances": [
            {
                "balanceAmount": amount(account.booked_balance(today)),
                "balanceType": "closingBooked",
                "referenceDate": today.to_string(),
            },
            {
                "balanceAmount": amount(account.available_balance(today)),
                "balanceType": "interimAvailable",
                "referenceDate": today.to_string(),
            },
        ],
    })
}

fn transaction(t: &SimTransaction) -> serde_json::Value {
    let mut value = serde_json::json!({
        "transactionId": t.id,
        "transactionAmount": amount(t.amount),
        "remittanceInformationUnstructured": t.remittance,
    });
    if !t.pending {
        value["bookingDate"] = t.booking_date.to_string().into();
        value["valueDate"] = t.booking_date.to_string().into();
    }
    let party = if t.amount.is_sign_negative() {
        "creditorName"
    } else {
        "debtorName"
    };
    value[party] = t.counterparty.clone().into();
    value
}

/// `GET /v1/accounts/{id}/transactions`.
pub(super) fn transactions(
    account: &SimAccount,
    from: Date,
    to: Date,
    status: BookingStatus,
) -> serde_json::Value {
    let in_range = |t: &&SimTransaction| t.booking_date >= from && t.booking_date <= to;
    let booked: Vec<serde_json::Value> = account
        .transactions
        .iter()
        .filter(|t| !t.pending)
        .filter(in_range)
        .map(transaction)
        .collect();
    let pending: Vec<serde_json::Value> = account
        .transactions
        .iter()
        .filter(|t| t.pending)
        .filter(in_range)
        .map(transaction)
        .collect();
    let mut report = serde_json::json!({
        "_links": { "account": { "href": format!("/v1/accounts/{}", account.resource_id) } },
    });
    if status != BookingStatus::Pending {
        report["booked"] = booked.into();
    }
    if status != BookingStatus::Booked {
        report["pending"] = pending.into();
    }
    serde_json::json!({
        "account": { "iban": account.iban, "currency": "SEK" },
        "transactions": report,
    })
}

//! What the consent pages show, as display strings: a consent (account, period, validity,
//! state, its reference) and its latest fetch, either the data with its provenance or, when
//! the bank gave nothing, why, so the page asks for statements instead. Missing data is never
//! shown as an empty account or 0 kr.

use jiff::civil::Date;
use underlag_consent::{
    AccountData, Consent, ConsentState, ConsentWithFetch, Fetch, Fetched, FieldError,
};
use underlag_web::format::{date, decimal_sv, timestamp};

/// One consent as listed and shown.
#[derive(Debug, Clone)]
pub struct ConsentView {
    /// The consent reference (Underlag's id).
    pub id: String,
    /// The source's Swedish name.
    pub source: &'static str,
    /// The account, in groups of four.
    pub account: String,
    /// The period, `2026-08-01 – 2026-10-31`.
    pub period: String,
    /// The last valid day.
    pub valid_until: String,
    /// When it was given.
    pub given_at: String,
    /// When it was revoked, if it was.
    pub revoked_at: Option<String>,
    /// The state in plain Swedish.
    pub state_label: &'static str,
    /// The state's code (`active`, `revoked`, `expired`, `not_accepted`), for tests.
    pub state: &'static str,
    /// Whether a fetch may be made now.
    pub active: bool,
    /// Whether it may still be revoked.
    pub revocable: bool,
    /// The latest fetch, if any.
    pub latest: Option<FetchView>,
}

/// A fetch as shown.
#[derive(Debug, Clone)]
pub struct FetchView {
    /// The fetch's id.
    pub id: String,
    /// When it was made.
    pub at: String,
    /// The data, when the bank gave it.
    pub data: Option<DataView>,
    /// Why nothing came ("Banken svarade inte."), when it did not.
    pub missing_cause: Option<&'static str>,
}

/// An account's data as shown.
#[derive(Debug, Clone)]
pub struct DataView {
    /// The balances: (label, amount with currency, the day it refers to).
    pub balances: Vec<(&'static str, String, String)>,
    /// The transactions, oldest first.
    pub transactions: Vec<TransactionView>,
    /// Booked money in, with currency.
    pub booked_in: String,
    /// Booked money out, with currency.
    pub booked_out: String,
}

/// One transaction as shown.
#[derive(Debug, Clone)]
pub struct TransactionView {
    /// The booking day, or "Reserverat" for a pending one.
    pub date: String,
    /// Who paid or was paid.
    pub counterparty: String,
    /// The bank's text.
    pub text: String,
    /// The signed amount with currency.
    pub amount: String,
}

/// `1 234,50 kr` (or the currency's code for another currency).
fn money(text: String, currency: &str) -> String {
    let unit = if currency == "SEK" { "kr" } else { currency };
    format!("{text}\u{a0}{unit}")
}

fn state_code(state: ConsentState) -> &'static str {
    match state {
        ConsentState::Active => "active",
        ConsentState::Revoked => "revoked",
        ConsentState::Expired => "expired",
        ConsentState::NotAccepted => "not_accepted",
    }
}

impl DataView {
    /// The data of one fetch.
    pub fn of(data: &AccountData) -> Self {
        let currency = data.balances.first().map_or("SEK", |b| b.currency.as_str());
        let amount = money;
        Self {
            balances: data
                .balances
                .iter()
                .map(|b| {
                    (
                        b.label(),
                        amount(decimal_sv(b.amount), &b.currency),
                        b.reference_date.map(date).unwrap_or_default(),
                    )
                })
                .collect(),
            transactions: data
                .transactions
                .iter()
                .map(|t| TransactionView {
                    date: match (t.pending, t.booking_date) {
                        (false, Some(d)) => date(d),
                        _ => "Reserverat".to_owned(),
                    },
                    counterparty: t.counterparty.clone().unwrap_or_default(),
                    text: t.text.clone().unwrap_or_default(),
                    amount: amount(decimal_sv(t.amount), &t.currency),
                })
                .collect(),
            booked_in: amount(decimal_sv(data.booked_in(currency)), currency),
            booked_out: amount(decimal_sv(data.booked_out(currency)), currency),
        }
    }
}

impl FetchView {
    /// One fetch.
    pub fn of(fetch: &Fetch) -> Self {
        let (data, missing_cause) = match &fetch.result {
            Fetched::Data(d) => (Some(DataView::of(d)), None),
            Fetched::Missing(failure) => (None, Some(failure.cause())),
        };
        Self {
            id: fetch.id.clone(),
            at: timestamp(fetch.at),
            data,
            missing_cause,
        }
    }
}

impl ConsentView {
    /// A consent on `today`, with its latest fetch.
    pub fn of(consent: &Consent, latest: Option<&Fetch>, today: Date) -> Self {
        let state = consent.state(today);
        Self {
            id: consent.id.clone(),
            source: consent.source.name(),
            account: consent.account.grouped(),
            period: format!("{} – {}", consent.period.from(), consent.period.to()),
            valid_until: date(consent.valid_until),
            given_at: timestamp(consent.given_at),
            revoked_at: consent.revoked_at.map(timestamp),
            state_label: state.label(),
            state: state_code(state),
            active: state == ConsentState::Active,
            revocable: consent.revoked_at.is_none(),
            latest: latest.map(FetchView::of),
        }
    }

    /// A listed consent.
    pub fn listed(item: &ConsentWithFetch, today: Date) -> Self {
        Self::of(&item.consent, item.latest.as_ref(), today)
    }

    /// Whether the applicant should be asked for statements: the latest fetch gave nothing,
    /// or the bank never accepted the consent.
    pub fn needs_statements(&self) -> bool {
        self.state == "not_accepted"
            || self
                .latest
                .as_ref()
                .is_some_and(|f| f.missing_cause.is_some())
    }
}

/// The consent form as typed, with its errors.
#[derive(Debug, Clone, Default)]
pub struct ConsentForm {
    /// The accounts, one per line, as typed.
    pub accounts: String,
    /// The first day, as typed.
    pub period_from: String,
    /// The last day, as typed.
    pub period_to: String,
    /// The last valid day, as typed.
    pub valid_until: String,
    /// What did not parse (field, Swedish message).
    pub errors: Vec<FieldError>,
}

impl ConsentForm {
    /// The form's suggestion on `today`: the last three whole months, valid for 30 days.
    pub fn suggested(today: Date) -> Self {
        use jiff::ToSpan;
        let first = today.first_of_month();
        Self {
            accounts: String::new(),
            period_from: first.saturating_sub(3.months()).to_string(),
            period_to: first.yesterday().unwrap_or(first).to_string(),
            valid_until: today.saturating_add(30.days()).to_string(),
            errors: Vec::new(),
        }
    }

    /// The error of `field`, if any.
    pub fn error_for(&self, field: &str) -> Option<&'static str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message)
    }
}

//! The simulated bank's consent resources: created by `POST /v1/consents`, checked on every
//! account access, terminated by `DELETE`.

use std::collections::BTreeMap;
use std::sync::Mutex;

use jiff::ToSpan;
use jiff::civil::Date;
use underlag_domain::Personnummer;

use super::accounts::SimAccount;
use super::wire::{
    AccountReference, ConsentAccess, ConsentCreated, ConsentDescribed, ConsentRequest, Href, Links,
};

/// The longest a consent may be valid (Berlin Group implementations allow 90 to 180 days).
const MAX_VALID_DAYS: i32 = 180;

/// Why an access is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Refusal {
    /// No consent has that id.
    UnknownConsent,
    /// Rejected, terminated, or not covering the access.
    Invalid,
    /// Past its `validUntil`.
    Expired,
    /// `frequencyPerDay` used up.
    Exceeded,
}

/// What an access wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum AccessKind {
    /// `GET /v1/accounts`.
    List,
    /// Balances of one account.
    Balances,
    /// Transactions of one account.
    Transactions,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Valid,
    Rejected,
    TerminatedByTpp,
}

struct SimConsent {
    person: Personnummer,
    /// IBANs with balances access.
    balances: Vec<String>,
    /// IBANs with transactions access.
    transactions: Vec<String>,
    /// Listing only (`availableAccounts: allAccounts`).
    all_accounts: bool,
    recurring: bool,
    valid_until: Date,
    frequency_per_day: u32,
    /// Unattended accesses counted per endpoint and account (as ASPSPs commonly count).
    accesses_unattended: BTreeMap<(AccessKind, String), u32>,
    status: Status,
    access: ConsentAccess,
}

/// Every consent the bank has given out.
#[derive(Default)]
pub(super) struct ConsentBook {
    consents: Mutex<BTreeMap<String, SimConsent>>,
}

impl ConsentBook {
    fn with<T>(&self, f: impl FnOnce(&mut BTreeMap<String, SimConsent>) -> T) -> T {
        let mut guard = self.consents.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard)
    }

    /// Creates a consent for `person`; `Err(field)` names what is invalid.
    pub(super) fn create(
        &self,
        person: Personnummer,
        request: &ConsentRequest,
        accounts: &[SimAccount],
        today: Date,
        rejected: bool,
    ) -> Result<ConsentCreated, &'static str> {
        let valid_until: Date = request.valid_until.parse().map_err(|_| "validUntil")?;
        if valid_until < today || valid_until > today.saturating_add(MAX_VALID_DAYS.days()) {
            return Err("validUntil");
        }
        if request.frequency_per_day < 1 {
            return Err("frequencyPerDay");
        }
        let access = &request.access;
        let all_accounts = match access.available_accounts.as_deref() {
            None => false,
            Some("allAccounts") => true,
            Some(_) => return Err("access.availableAccounts"),
        };
        let owned = |refs: &Option<Vec<AccountReference>>| -> Result<Vec<String>, &'static str> {
            let mut ibans = Vec::new();
            for r in refs.iter().flatten() {
                if !accounts.iter().any(|a| a.iban == r.iban) {
                    return Err("access (an account not held by the PSU)");
                }
                ibans.push(r.iban.clone());
            }
            Ok(ibans)
        };
        let mut balances = owned(&access.balances)?;
        let transactions = owned(&access.transactions)?;
        balances.extend(owned(&access.accounts)?);
        if !all_accounts && balances.is_empty() && transactions.is_empty() {
            return Err("access");
        }
        let status = if rejected {
            Status::Rejected
        } else {
            Status::Valid
        };
        let id = self.with(|book| {
            let id = format!("sim-consent-{:06}", book.len() + 1);
            book.insert(
                id.clone(),
                SimConsent {
                    person,
                    balances,
                    transactions,
                    all_accounts,
                    recurring: request.recurring_indicator,
                    valid_until,
                    frequency_per_day: request.frequency_per_day,
                    accesses_unattended: BTreeMap::new(),
                    status,
                    access: request.access.clone(),
                },
            );
            id
        });
        Ok(ConsentCreated {
            consent_status: status_code(status, valid_until, today),
            links: Links {
                self_link: Href {
                    href: format!("/v1/consents/{id}"),
                },
                status: Href {
                    href: format!("/v1/consents/{id}/status"),
                },
            },
            consent_id: id,
        })
    }

    /// The consent's status code, if it exists.
    pub(super) fn status(&self, id: &str, today: Date) -> Option<&'static str> {
        self.with(|book| {
            book.get(id)
                .map(|c| status_code(c.status, c.valid_until, today))
        })
    }

    /// The consent resource, if it exists.
    pub(super) fn describe(&self, id: &str, today: Date) -> Option<ConsentDescribed> {
        self.with(|book| {
            book.get(id).map(|c| ConsentDescribed {
                access: c.access.clone(),
                recurring_indicator: c.recurring,
                valid_until: c.valid_until.to_string(),
                frequency_per_day: c.frequency_per_day,
                last_action_date: today.to_string(),
                consent_status: status_code(c.status, c.valid_until, today),
            })
        })
    }

    /// Terminates the consent; false when there is none.
    pub(super) fn terminate(&self, id: &str) -> bool {
        self.with(|book| match book.get_mut(id) {
            Some(c) => {
                c.status = Status::TerminatedByTpp;
                true
            }
            None => false,
        })
    }

    /// The PSU a consent belongs to.
    pub(super) fn owner(&self, id: &str) -> Option<Personnummer> {
        self.with(|book| book.get(id).map(|c| c.person.clone()))
    }

    /// The accounts a listing under the consent shows.
    pub(super) fn listed_accounts(&self, id: &str, accounts: &[SimAccount]) -> Vec<SimAccount> {
        self.with(|book| match book.get(id) {
            Some(c) => accounts
                .iter()
                .filter(|a| {
                    c.all_accounts
                        || c.balances.contains(&a.iban)
                        || c.transactions.contains(&a.iban)
                })
                .cloned()
                .collect(),
            None => Vec::new(),
        })
    }

    /// Checks that the consent allows `kind` (on `iban`) now, and counts the access; returns
    /// the PSU.
    pub(super) fn authorise(
        &self,
        id: &str,
        iban: Option<&str>,
        kind: AccessKind,
        today: Date,
        psu_present: bool,
    ) -> Result<Personnummer, Refusal> {
        self.with(|book| {
            let c = book.get_mut(id).ok_or(Refusal::UnknownConsent)?;
            if c.status != Status::Valid {
                return Err(Refusal::Invalid);
            }
            if c.valid_until < today {
                return Err(Refusal::Expired);
            }
            let covered = match (kind, iban) {
                (AccessKind::List, _) => true,
                (AccessKind::Balances, Some(iban)) => {
                    c.balances.iter().any(|i| i == iban) || c.transactions.iter().any(|i| i == iban)
                }
                (AccessKind::Transactions, Some(iban)) => c.transactions.iter().any(|i| i == iban),
                _ => false,
            };
            if !covered {
                return Err(Refusal::Invalid);
            }
            if !psu_present {
                let key = (kind, iban.unwrap_or_default().to_owned());
                let used = c.accesses_unattended.entry(key).or_insert(0);
                if *used >= c.frequency_per_day {
                    return Err(Refusal::Exceeded);
                }
                *used += 1;
            }
            Ok(c.person.clone())
        })
    }
}

fn status_code(status: Status, valid_until: Date, today: Date) -> &'static str {
    match status {
        Status::Rejected => "rejected",
        Status::TerminatedByTpp => "terminatedByTpp",
        Status::Valid if valid_until < today => "expired",
        Status::Valid => "valid",
    }
}

//! The consent-fetched data of a look-up's household, for the overview: per member, the
//! source "Kontouppgifter (med samtycke)" with its provenance (bank, consent reference, when
//! fetched, period), or "Kontouppgifter saknas" with the cause (no consent, refused, revoked,
//! expired, the bank failing, …), never an empty account or `0 kr`. Of a member with
//! protected identity the counterparties and transaction texts are hidden (they can reveal
//! where the person lives or shops).

use jiff::civil::Date;
use underlag_consent::{
    AccountData, ConsentContext, ConsentService, ConsentSourceKind, ConsentState, ConsentWithFetch,
    Fetch, Fetched,
};
use underlag_domain::{Period, Personnummer};

use crate::format;
use crate::lookup::Lookup;
use crate::state::WebState;

/// The heading of the source on the overview.
pub const SOURCE_LABEL: &str = "Kontouppgifter (med samtycke)";

/// What a protected person's hidden fields read.
pub const HIDDEN: &str = "Dold (skyddade personuppgifter)";

/// One member's consent-based data.
#[derive(Debug, Clone)]
pub struct MemberConsentView {
    /// The member's number (12 digits), for `data-member`.
    pub member: String,
    /// `Medlem 1 (19860305-2393)`.
    pub label: String,
    /// The accounts whose data was fetched.
    pub accounts: Vec<AccountView>,
    /// What is missing, each with its cause.
    pub missing: Vec<MissingView>,
}

/// One fetched account.
#[derive(Debug, Clone)]
pub struct AccountView {
    /// The bank, from the account number's bank code.
    pub bank: String,
    /// The account (grouped IBAN).
    pub account: String,
    /// The consent reference (Underlag's consent id).
    pub consent_reference: String,
    /// When the data was fetched.
    pub fetched_at: String,
    /// The period the data covers.
    pub period: String,
    /// The consent's last valid day.
    pub valid_until: String,
    /// Balances: type, amount, date.
    pub balances: Vec<(String, String, String)>,
    /// The booked money in (SEK).
    pub booked_in: String,
    /// The booked money out (SEK).
    pub booked_out: String,
    /// The transactions, oldest first.
    pub transactions: Vec<TransactionView>,
}

/// One transaction as shown.
#[derive(Debug, Clone)]
pub struct TransactionView {
    /// The booking day, or `Ej bokförd`.
    pub date: String,
    /// The signed amount, Swedish.
    pub amount: String,
    /// The plain signed amount.
    pub value: String,
    /// The counterparty (hidden for a protected person).
    pub counterparty: String,
    /// The text (hidden for a protected person).
    pub text: String,
}

/// Bank data that is missing, with why.
#[derive(Debug, Clone)]
pub struct MissingView {
    /// `no_consent`, `revoked`, `expired`, `not_accepted`, `not_fetched`, `unreadable`, or
    /// the failed fetch's code (`unavailable`, `consent_refused`, `access_exceeded`,
    /// `invalid_response`).
    pub reason: &'static str,
    /// The cause in Swedish.
    pub cause: String,
    /// The account concerned (masked), when a consent names one.
    pub account: String,
    /// The consent reference, when there is a consent.
    pub consent_reference: String,
}

/// The bank a Swedish IBAN's bank code (its clearing series) names; other countries' and
/// unknown codes read "Bank (clearingserie NNN)".
pub fn bank_name(iban: &str) -> String {
    const BANKS: [(&str, &str); 6] = [
        ("120", "Danske Bank"),
        ("300", "Nordea"),
        ("500", "SEB"),
        ("600", "Handelsbanken"),
        ("800", "Swedbank"),
        ("950", "Nordea (personkonto)"),
    ];
    let code = iban.get(4..7).unwrap_or("");
    if !iban.starts_with("SE") {
        return "Utländsk bank".to_owned();
    }
    BANKS.iter().find(|(c, _)| *c == code).map_or_else(
        || format!("Bank (clearingserie {code})"),
        |(_, n)| (*n).to_owned(),
    )
}

fn missing(reason: &'static str, cause: impl Into<String>) -> MissingView {
    MissingView {
        reason,
        cause: cause.into(),
        account: String::new(),
        consent_reference: String::new(),
    }
}

fn kr(value: rust_decimal::Decimal) -> (String, String) {
    (
        format!("{}\u{a0}kr", format::decimal_sv(value)),
        format!("{:.2}", value.round_dp(2)),
    )
}

fn account_view(
    c: &ConsentWithFetch,
    at: jiff::Timestamp,
    data: &AccountData,
    protected: bool,
) -> AccountView {
    let hide = |text: &Option<String>| {
        if protected {
            HIDDEN.to_owned()
        } else {
            text.clone().unwrap_or_default()
        }
    };
    AccountView {
        bank: bank_name(c.consent.account.as_str()),
        account: c.consent.account.grouped(),
        consent_reference: c.consent.id.clone(),
        fetched_at: format::timestamp(at),
        period: format::period(&c.consent.period.as_period()),
        valid_until: format::date(c.consent.valid_until),
        balances: data
            .balances
            .iter()
            .map(|b| {
                (
                    b.label().to_owned(),
                    format!("{} {}", format::decimal_sv(b.amount), b.currency),
                    b.reference_date.map(format::date).unwrap_or_default(),
                )
            })
            .collect(),
        booked_in: kr(data.booked_in("SEK")).0,
        booked_out: kr(data.booked_out("SEK")).0,
        transactions: data
            .transactions
            .iter()
            .map(|t| {
                let (amount, value) = if t.currency == "SEK" {
                    kr(t.amount)
                } else {
                    (
                        format!("{} {}", format::decimal_sv(t.amount), t.currency),
                        t.amount.round_dp(2).to_string(),
                    )
                };
                TransactionView {
                    date: t
                        .booking_date
                        .map_or_else(|| "Ej bokförd".to_owned(), format::date),
                    amount,
                    value,
                    counterparty: hide(&t.counterparty),
                    text: hide(&t.text),
                }
            })
            .collect(),
    }
}

/// One consent's contribution: its data, or what is missing and why.
fn consent_view(
    c: &ConsentWithFetch,
    today: Date,
    protected: bool,
) -> Result<AccountView, MissingView> {
    let state = c.consent.state(today);
    let kind = c.consent.source;
    let (reason, cause) = match (state, &c.latest) {
        (ConsentState::Active, Some(fetch)) => match &fetch.result {
            Fetched::Data(data) => return Ok(account_view(c, fetch.at, data, protected)),
            Fetched::Missing(failure) => (
                failure.code(),
                format!(
                    "{} Hämtningen {} gav inga uppgifter.",
                    failure.cause(),
                    format::timestamp(fetch.at)
                ),
            ),
        },
        (ConsentState::Active, None) => (
            "not_fetched",
            "Samtycket gäller, men inga uppgifter har hämtats ännu.".to_owned(),
        ),
        (ConsentState::Revoked, _) => (
            "revoked",
            format!(
                "Sökande har återkallat samtycket{}. Uppgifter som hämtats under det visas inte.",
                c.consent
                    .revoked_at
                    .map(|t| format!(" {}", format::timestamp(t)))
                    .unwrap_or_default()
            ),
        ),
        (ConsentState::Expired, _) => (
            "expired",
            format!(
                "Samtycket gällde till och med {}.",
                format::date(c.consent.valid_until)
            ),
        ),
        // The provider never accepted it: why, from the fetch that found so, if any.
        (ConsentState::NotAccepted, latest) => match latest {
            Some(Fetch {
                result: Fetched::Missing(failure),
                ..
            }) => (failure.code(), failure.cause().to_owned()),
            _ => ("not_accepted", "Banken tog inte emot samtycket.".to_owned()),
        },
    };
    Err(MissingView {
        reason,
        cause: format!("{cause} Be sökande att {}.", kind.fallback()),
        account: c.consent.account.masked(),
        consent_reference: c.consent.id.clone(),
    })
}

/// The member's consent-based data in the look-up's period: every consent whose period
/// overlaps it, and "saknas" with the cause when there is none.
fn member_view(
    consents: Result<Vec<ConsentWithFetch>, ()>,
    period: &Period,
    today: Date,
    protected: bool,
) -> (Vec<AccountView>, Vec<MissingView>) {
    let Ok(consents) = consents else {
        return (
            Vec::new(),
            vec![missing(
                "unreadable",
                "Samtyckena kunde inte läsas just nu. Det betyder inte att det saknas samtycke.",
            )],
        );
    };
    let mut accounts = Vec::new();
    let mut gaps = Vec::new();
    for c in consents
        .iter()
        .filter(|c| c.consent.source == ConsentSourceKind::Bank)
        .filter(|c| c.consent.period.as_period().overlaps(period))
    {
        match consent_view(c, today, protected) {
            Ok(a) => accounts.push(a),
            Err(m) => gaps.push(m),
        }
    }
    if accounts.is_empty() && gaps.is_empty() {
        gaps.push(missing(
            "no_consent",
            format!(
                "Sökande har inte lämnat något samtycke till att hämta kontouppgifter för perioden. Be sökande att {}.",
                ConsentSourceKind::Bank.fallback()
            ),
        ));
    }
    (accounts, gaps)
}

/// The consent-based data of every member of `lookup`; `None` when consents are not shown
/// (the gateway did not give the UI the consent store).
pub async fn consent_data(state: &WebState, lookup: &Lookup) -> Option<Vec<MemberConsentView>> {
    let store = state.0.consents.get()?.clone();
    // Reading only: no source is configured, so this service can never call a bank.
    let service = ConsentService::new(
        store,
        Vec::new(),
        ConsentContext {
            organisation: state.config().organisation.ten_digits().to_owned(),
            channel: underlag_audit::Channel::Ui,
        },
    );
    let today = underlag_service::clock::today_in_sweden();
    let mut out = Vec::new();
    for (i, member) in lookup.members.iter().enumerate() {
        let read = service.consents(&member.personnummer).await.map_err(|e| {
            tracing::error!(error = %e, "the consents could not be read");
        });
        let (accounts, missing) = member_view(read, &lookup.period, today, member.answer.protected);
        out.push(MemberConsentView {
            member: member.personnummer.expose().to_owned(),
            label: member_label(i, &member.personnummer),
            accounts,
            missing,
        });
    }
    Some(out)
}

/// `Medlem 1 (19860305-2393)`.
pub fn member_label(index: usize, p: &Personnummer) -> String {
    format!(
        "Medlem {} ({})",
        index + 1,
        format::personnummer(p.expose())
    )
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;
    use jiff::civil::date;
    use rust_decimal::Decimal;
    use underlag_consent::{
        BankTransaction, Consent, ConsentPeriod, Iban, ProviderStatus, SourceFailure,
    };

    use super::*;

    const TODAY: Date = date(2026, 11, 1);

    fn consent(valid_until: Date, latest: Option<Fetched>) -> ConsentWithFetch {
        let consent = Consent {
            id: "c-1".into(),
            subject: Personnummer::parse_canonical("198603052393").unwrap(),
            source: ConsentSourceKind::Bank,
            account: Iban::parse("SE4550000000058398257466").unwrap(),
            period: ConsentPeriod::new(date(2026, 8, 1), date(2026, 10, 31), TODAY).unwrap(),
            valid_until,
            given_at: Timestamp::UNIX_EPOCH,
            provider_consent_id: Some("p-1".into()),
            provider_status: ProviderStatus::Valid,
            revoked_at: None,
        };
        ConsentWithFetch {
            consent,
            latest: latest.map(|result| Fetch {
                id: "f-1".into(),
                consent_id: "c-1".into(),
                at: Timestamp::UNIX_EPOCH,
                result,
            }),
        }
    }

    fn data() -> AccountData {
        AccountData {
            iban: "SE4550000000058398257466".into(),
            period_from: date(2026, 8, 1),
            period_to: date(2026, 10, 31),
            balances: Vec::new(),
            transactions: vec![BankTransaction {
                booking_date: Some(date(2026, 10, 1)),
                amount: Decimal::new(-650_000, 2),
                currency: "SEK".into(),
                counterparty: Some("Bostadsbolaget AB".into()),
                text: Some("Hyra".into()),
                pending: false,
            }],
        }
    }

    #[test]
    fn every_state_without_data_is_missing_with_its_cause_never_an_empty_account() {
        let until = date(2026, 12, 31);
        let cases = [
            (consent(until, None), "not_fetched"),
            (
                consent(date(2026, 10, 31), Some(Fetched::Data(data()))),
                "expired",
            ),
            (
                consent(until, Some(Fetched::Missing(SourceFailure::AccessExceeded))),
                "access_exceeded",
            ),
        ];
        for (c, reason) in cases {
            let missing = consent_view(&c, TODAY, false).unwrap_err();
            assert_eq!(missing.reason, reason);
            assert!(
                missing
                    .cause
                    .ends_with("Be sökande att ladda upp kontoutdrag.")
            );
            assert_eq!(missing.account, "SE… 7466");
        }
        let mut revoked = consent(until, Some(Fetched::Data(data())));
        revoked.consent.revoked_at = Some(Timestamp::UNIX_EPOCH);
        assert_eq!(
            consent_view(&revoked, TODAY, false).unwrap_err().reason,
            "revoked"
        );
        let period = Period::new(date(2026, 8, 1), date(2026, 10, 31)).unwrap();
        let (accounts, gaps) = member_view(Ok(Vec::new()), &period, TODAY, false);
        assert!(accounts.is_empty());
        assert_eq!(gaps[0].reason, "no_consent");
        let (_, gaps) = member_view(Err(()), &period, TODAY, false);
        assert_eq!(gaps[0].reason, "unreadable");
        // A consent for another period is not this look-up's.
        let later = Period::new(date(2026, 11, 1), date(2026, 11, 30)).unwrap();
        let (accounts, gaps) = member_view(
            Ok(vec![consent(until, Some(Fetched::Data(data())))]),
            &later,
            TODAY,
            false,
        );
        assert!(accounts.is_empty());
        assert_eq!(gaps[0].reason, "no_consent");
    }

    #[test]
    fn data_carries_its_provenance_and_hides_a_protected_persons_counterparties() {
        let c = consent(date(2026, 12, 31), Some(Fetched::Data(data())));
        let shown = consent_view(&c, TODAY, false).unwrap();
        assert_eq!(shown.bank, "SEB");
        assert_eq!(shown.consent_reference, "c-1");
        assert_eq!(shown.period, "2026-08-01 – 2026-10-31");
        assert_eq!(shown.transactions[0].value, "-6500.00");
        assert_eq!(shown.transactions[0].counterparty, "Bostadsbolaget AB");
        assert_eq!(shown.booked_out, "6\u{a0}500,00\u{a0}kr");
        let hidden = consent_view(&c, TODAY, true).unwrap();
        assert_eq!(hidden.transactions[0].counterparty, HIDDEN);
        assert_eq!(hidden.transactions[0].text, HIDDEN);
    }

    #[test]
    fn banks_are_named_by_their_clearing_series() {
        assert_eq!(bank_name("SE4550000000058398257466"), "SEB");
        assert_eq!(bank_name("SE3580000000000000000001"), "Swedbank");
        assert_eq!(
            bank_name("SE3599900000000000000001"),
            "Bank (clearingserie 999)"
        );
        assert_eq!(bank_name("DE89370400440532013000"), "Utländsk bank");
    }
}

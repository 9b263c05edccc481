//! The audit record: who looked up whom, when, why, through which channel, and what each
//! source answered. One record per composite query, one per refused attempt, one per person
//! read in a case's household, and one per step of an administrative change.
//!
//! This module only describes the record; hashing lives in [`crate::encoding`] and storage in
//! `underlag-store`. `Debug` never prints the subject's digits (the field is a
//! [`Personnummer`], whose `Debug` is redacted).

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use jiff::civil::Date;
use underlag_domain::{Organisationsnummer, Period, Personnummer, SourceResult};

/// Declares a closed set of audit codes: the enum (with its docs), `ALL` in order of
/// introduction, `code()` and `FromStr` from one table, so a new value is one line.
macro_rules! audit_codes {
    (
        $(#[$meta:meta])*
        $what:literal enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in the order they were introduced.
            pub const ALL: [$name; [$( $code ),+].len()] = [$( $name::$variant, )+];

            /// The stable code used in the canonical encoding and the store.
            pub fn code(self) -> &'static str {
                match self {
                    $( $name::$variant => $code, )+
                }
            }
        }

        impl FromStr for $name {
            type Err = UnknownCode;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $( $code => Ok($name::$variant), )+
                    _ => Err(UnknownCode { what: $what }),
                }
            }
        }
    };
}

audit_codes! {
    /// What the record describes: an answered query, a refused attempt, a read of a case's
    /// household, or an administrative change.
    "kind" enum AuditKind {
        /// A composite query that was carried out (whatever the sources answered).
        Query = "query",
        /// An attempt that was refused before any source was asked.
        Refused = "refused",
        /// An administrative change (the connection registry, a case's household): who changed
        /// what, through which channel. The change is described in [`AuditRecord::refusal`].
        Admin = "admin",
        /// A read of a case's household (REST `GET /api/v1/cases/{case_id}`): one record per
        /// person read (the subject), sharing the request's id, with the organisation, case
        /// worker, case id, purpose and legal basis of the read. A lookup like a query, so it is
        /// listed by "who looked me up", the export and the indicators.
        CaseRead = "case_read",
        /// A försörjningsstöd calculation saved as a beräkningsunderlag (a recommendation): who
        /// computed it, for which organisation and case, and in [`AuditRecord::refusal`] the
        /// underlag's id, the rule version and a digest of its inputs. Not a lookup.
        NormCalculation = "norm_calculation",
        /// A case worker's decision on a beräkningsunderlag (approve, or adjust with a reason, per
        /// section): who decided, and in [`AuditRecord::refusal`] the underlag's id, the rule
        /// version and each section's verdict. Never written without a human case worker. Not a
        /// lookup.
        NormDecision = "norm_decision",
        /// A retention prune (*gallring*): the oldest records were removed under a signed prune
        /// anchor ([`crate::prune`]); who ran it is in `case_worker`, and [`AuditRecord::refusal`]
        /// says through which seq, before which instant and the anchor's head. Appended in the
        /// transaction that removed them. Not a lookup.
        Prune = "prune",
        /// An application (*ansökan*) sent by the applicant through the applicant portal: field 6
        /// is the applicant's own role (`sokande`), field 11 the applicant, and field 16 the
        /// application's id, reference number, kind, month, household size and attachment count
        /// (no amounts). Not a lookup.
        ApplicationSubmitted = "application_submitted",
        /// An applicant gave a consent for a consent-based source (the bank): who (the subject),
        /// in [`AuditRecord::refusal`] the consent's id, source, period, validity and the
        /// provider's answer; never the account number. Not a lookup.
        ConsentGiven = "consent_given",
        /// An applicant revoked a consent: the subject, and the consent's id in
        /// [`AuditRecord::refusal`]. Not a lookup.
        ConsentRevoked = "consent_revoked",
        /// A fetch under a consent (the bank's accounts, balances, transactions): the subject,
        /// the period, in [`AuditRecord::sources`] what the provider answered, and in
        /// [`AuditRecord::refusal`] the consent's and the fetch's ids; never an account number or
        /// an amount. Not a lookup by a case worker.
        BankFetch = "bank_fetch",
        /// A signed register extract ("vem har tittat på mina uppgifter?") was given to the
        /// subject: how many entries, the chain head it covers. Not a lookup.
        RegisterExtract = "register_extract",
    }
}

audit_codes! {
    /// The way the request reached the gateway.
    "channel" enum Channel {
        /// The JSON REST API.
        Rest = "rest",
        /// The SOAP API.
        Soap = "soap",
        /// The command-line tool.
        Cli = "cli",
        /// The case-worker web UI.
        Ui = "ui",
        /// The mTLS listener itself: a connection refused during the TLS handshake, before any
        /// request could be read (no certificate, unknown CA, expired, revoked, …).
        Tls = "tls",
    }
}

/// A code that is not one of the known values of an audit enum.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} code")]
pub struct UnknownCode {
    /// Which enum the code was meant for (`kind` or `channel`).
    pub what: &'static str,
}

impl AuditKind {
    /// Whether the record is about a lookup of personal data or an attempt at one (a query,
    /// a refused attempt, a household read), as opposed to an administrative change. Log
    /// follow-up, "who looked me up" and the indicators read lookups only.
    pub fn is_lookup(self) -> bool {
        matches!(
            self,
            AuditKind::Query | AuditKind::Refused | AuditKind::CaseRead
        )
    }
}

impl fmt::Display for AuditKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// What one source answered, as far as the audit needs to know (never the data itself).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct SourceAuditEntry {
    /// The source's contract code (`FK`, `AF`, …).
    pub source: String,
    /// The outcome kind (`ok`, `no_match`, `timed_out`, …, see `Outcome::kind`).
    pub outcome: String,
    /// Time from the first attempt to the final outcome, when the source was called.
    pub latency_ms: Option<u64>,
    /// How many calls were made (0 when the source was not called).
    pub attempts: u32,
}

impl SourceAuditEntry {
    /// The audit view of one source's result.
    pub fn from_result(result: &SourceResult) -> Self {
        Self {
            source: result.source.code().to_owned(),
            outcome: result.outcome.kind().to_owned(),
            latency_ms: result.latency_ms,
            attempts: result.attempts,
        }
    }
}

/// One audited lookup (or refused attempt). Built with [`AuditRecord::builder`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditRecord {
    /// The composite query's id.
    pub id: String,
    /// When the query was made (UTC instant).
    pub at: Timestamp,
    /// Query or refused attempt.
    pub kind: AuditKind,
    /// How the request arrived.
    pub channel: Channel,
    /// The asking organisation's organisationsnummer (10 digits).
    pub organisation: String,
    /// The case worker (handläggare) who asked.
    pub case_worker: String,
    /// The case id (ärendeidentitet).
    pub case_id: String,
    /// The stated purpose (syfte).
    pub purpose: String,
    /// The secrecy-breaking provision relied on (lagtext).
    pub legal_basis: String,
    /// Data processors (personuppgiftsbiträden) acting for the organisation, each as
    /// `"<organisationsnummer> <name>"`.
    pub data_processors: Vec<String>,
    /// The person looked up. `None` only for a refused attempt whose identity number could not
    /// be parsed. `Debug` of this field is redacted.
    pub subject: Option<Personnummer>,
    /// First day of the period asked about.
    pub period_from: Option<Date>,
    /// Last day of the period asked about.
    pub period_to: Option<Date>,
    /// What each source answered (empty for a refused attempt).
    pub sources: Vec<SourceAuditEntry>,
    /// Whether the person has a protected identity (skyddad identitet): such records are
    /// sensitive even within the audit.
    pub protected: bool,
    /// Why the attempt was refused (a stable reason code), for [`AuditKind::Refused`]; what
    /// was changed (e.g. `connection.status suspended`), for [`AuditKind::Admin`].
    pub refusal: Option<String>,
}

impl AuditRecord {
    /// Starts a record with the fields every record has; the rest default to empty.
    pub fn builder(
        kind: AuditKind,
        id: impl Into<String>,
        at: Timestamp,
        channel: Channel,
    ) -> AuditRecordBuilder {
        AuditRecordBuilder {
            record: AuditRecord {
                id: id.into(),
                at,
                kind,
                channel,
                organisation: String::new(),
                case_worker: String::new(),
                case_id: String::new(),
                purpose: String::new(),
                legal_basis: String::new(),
                data_processors: Vec::new(),
                subject: None,
                period_from: None,
                period_to: None,
                sources: Vec::new(),
                protected: false,
                refusal: None,
            },
        }
    }

    /// Starts a record of a carried-out query about `subject` for `period`.
    pub fn query(
        id: impl Into<String>,
        at: Timestamp,
        channel: Channel,
        subject: &Personnummer,
        period: Period,
    ) -> AuditRecordBuilder {
        Self::builder(AuditKind::Query, id, at, channel)
            .subject(subject)
            .period(period)
    }

    /// Starts a record of a refused attempt, with its reason code.
    pub fn refused(
        id: impl Into<String>,
        at: Timestamp,
        channel: Channel,
        reason: impl Into<String>,
    ) -> AuditRecordBuilder {
        Self::builder(AuditKind::Refused, id, at, channel).refusal(reason)
    }

    /// Starts a record of an administrative change, described by `change` (stored in the
    /// `refusal` field; no personal data in it: a person concerned goes in `subject`). The
    /// `case_worker` field names who made the change.
    pub fn admin(
        id: impl Into<String>,
        at: Timestamp,
        channel: Channel,
        change: impl Into<String>,
    ) -> AuditRecordBuilder {
        Self::builder(AuditKind::Admin, id, at, channel).refusal(change)
    }

    /// Starts the record of a retention prune by `operator` (channel `cli`), described by
    /// `description` (see [`crate::prune::prune_description`]; no personal data).
    pub fn prune(
        id: impl Into<String>,
        at: Timestamp,
        operator: impl Into<String>,
        description: impl Into<String>,
    ) -> AuditRecordBuilder {
        Self::builder(AuditKind::Prune, id, at, Channel::Cli)
            .case_worker(operator)
            .refusal(description)
    }

    /// Starts the record of one person read in the household of case `case_id`: add the
    /// organisation, case worker, purpose and legal basis of the read. A household of
    /// several persons is one record per person, sharing `id`.
    pub fn case_read(
        id: impl Into<String>,
        at: Timestamp,
        channel: Channel,
        case_id: impl Into<String>,
        subject: &Personnummer,
    ) -> AuditRecordBuilder {
        Self::builder(AuditKind::CaseRead, id, at, channel)
            .case_id(case_id)
            .subject(subject)
    }
}

/// Builds an [`AuditRecord`] field by field.
#[derive(Debug, Clone)]
#[must_use]
pub struct AuditRecordBuilder {
    record: AuditRecord,
}

impl AuditRecordBuilder {
    /// The asking organisation.
    pub fn organisation(mut self, organisation: &Organisationsnummer) -> Self {
        organisation
            .ten_digits()
            .clone_into(&mut self.record.organisation);
        self
    }

    /// The asking organisation, as text (for callers without a parsed value).
    pub fn organisation_str(mut self, organisation: impl Into<String>) -> Self {
        self.record.organisation = organisation.into();
        self
    }

    /// The case worker (handläggare).
    pub fn case_worker(mut self, case_worker: impl Into<String>) -> Self {
        self.record.case_worker = case_worker.into();
        self
    }

    /// The case id (ärendeidentitet).
    pub fn case_id(mut self, case_id: impl Into<String>) -> Self {
        self.record.case_id = case_id.into();
        self
    }

    /// The purpose (syfte).
    pub fn purpose(mut self, purpose: impl Into<String>) -> Self {
        self.record.purpose = purpose.into();
        self
    }

    /// The legal basis (lagtext).
    pub fn legal_basis(mut self, legal_basis: impl Into<String>) -> Self {
        self.record.legal_basis = legal_basis.into();
        self
    }

    /// Adds one data processor (personuppgiftsbiträde).
    pub fn data_processor(mut self, organisation: &Organisationsnummer, name: &str) -> Self {
        self.record
            .data_processors
            .push(format!("{} {}", organisation.ten_digits(), name));
        self
    }

    /// Adds one data processor given as free text.
    pub fn data_processor_str(mut self, entry: impl Into<String>) -> Self {
        self.record.data_processors.push(entry.into());
        self
    }

    /// The person looked up.
    pub fn subject(mut self, subject: &Personnummer) -> Self {
        self.record.subject = Some(subject.clone());
        self
    }

    /// The period asked about.
    pub fn period(mut self, period: Period) -> Self {
        self.record.period_from = Some(period.from());
        self.record.period_to = Some(period.to());
        self
    }

    /// Adds one source's audit entry.
    pub fn source(mut self, entry: SourceAuditEntry) -> Self {
        self.record.sources.push(entry);
        self
    }

    /// Adds the audit entries of all source results.
    pub fn sources<'a>(mut self, results: impl IntoIterator<Item = &'a SourceResult>) -> Self {
        self.record
            .sources
            .extend(results.into_iter().map(SourceAuditEntry::from_result));
        self
    }

    /// Marks the person as having a protected identity.
    pub fn protected(mut self, protected: bool) -> Self {
        self.record.protected = protected;
        self
    }

    /// The refusal reason code.
    pub fn refusal(mut self, reason: impl Into<String>) -> Self {
        self.record.refusal = Some(reason.into());
        self
    }

    /// The finished record.
    pub fn build(self) -> AuditRecord {
        self.record
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Mutation survivor (issue 16): a channel displays as its stored code.
    #[test]
    fn a_channel_displays_as_its_code() {
        assert_eq!(Channel::Rest.to_string(), "rest");
        assert_eq!(Channel::Ui.to_string(), "ui");
    }

    /// Mutation survivor (issue 16): a kind displays as its stored code.
    #[test]
    fn a_kind_displays_as_its_code() {
        assert_eq!(AuditKind::Query.to_string(), "query");
        assert_eq!(AuditKind::CaseRead.to_string(), "case_read");
    }
}

//! The stable reason codes of a refused attempt; their Swedish texts are the error catalogue's.

use std::fmt;

use underlag_catalogue::Code;

/// A stable reason code for a refused attempt. The code (`organisation_unknown`, …) is part
/// of the public API (REST problem type `urn:underlag:problem:refused-<code>`) and the audit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reason {
    /// No connection is registered for the organisation.
    OrganisationUnknown,
    /// The organisation's connection is suspended.
    OrganisationSuspended,
    /// The organisation's connection has ended.
    OrganisationEnded,
    /// The caller's certificate is not registered for the organisation in the message.
    CertificateMismatch,
    /// A data processor in the message is not registered for the organisation.
    DataProcessorNotAllowed,
    /// No case worker (handläggare) was given.
    MissingCaseWorker,
    /// No case id (ärendeidentitet) was given.
    MissingCaseId,
    /// No purpose (syfte) was given.
    MissingPurpose,
    /// No legal basis (lagtext) was given.
    MissingLegalBasis,
    /// The purpose is not one of the configured purposes.
    PurposeNotAllowed,
    /// The period starts after today.
    PeriodInFuture,
    /// The period is longer than the configured limit.
    PeriodTooLong,
    /// The case is not registered for the organisation.
    CaseUnknown,
    /// The case is closed.
    CaseClosed,
    /// The person is not in the case's household.
    PersonNotInHousehold,
}

impl Reason {
    /// Every reason, in the order the checks run.
    pub const ALL: [Reason; 15] = [
        Reason::OrganisationUnknown,
        Reason::CertificateMismatch,
        Reason::OrganisationSuspended,
        Reason::OrganisationEnded,
        Reason::DataProcessorNotAllowed,
        Reason::MissingCaseWorker,
        Reason::MissingCaseId,
        Reason::MissingPurpose,
        Reason::MissingLegalBasis,
        Reason::PurposeNotAllowed,
        Reason::PeriodInFuture,
        Reason::PeriodTooLong,
        Reason::CaseUnknown,
        Reason::CaseClosed,
        Reason::PersonNotInHousehold,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Reason::OrganisationUnknown => "organisation_unknown",
            Reason::OrganisationSuspended => "organisation_suspended",
            Reason::OrganisationEnded => "organisation_ended",
            Reason::CertificateMismatch => "certificate_mismatch",
            Reason::DataProcessorNotAllowed => "data_processor_not_allowed",
            Reason::MissingCaseWorker => "missing_case_worker",
            Reason::MissingCaseId => "missing_case_id",
            Reason::MissingPurpose => "missing_purpose",
            Reason::MissingLegalBasis => "missing_legal_basis",
            Reason::PurposeNotAllowed => "purpose_not_allowed",
            Reason::PeriodInFuture => "period_in_future",
            Reason::PeriodTooLong => "period_too_long",
            Reason::CaseUnknown => "case_unknown",
            Reason::CaseClosed => "case_closed",
            Reason::PersonNotInHousehold => "person_not_in_household",
        }
    }

    /// This reason's code in the error catalogue (`refused-<code>`), which holds its Swedish
    /// title and sentence: the one place the doors take a refusal's text from.
    pub fn catalogue_code(self) -> Code {
        match self {
            Reason::OrganisationUnknown => Code::RefusedOrganisationUnknown,
            Reason::OrganisationSuspended => Code::RefusedOrganisationSuspended,
            Reason::OrganisationEnded => Code::RefusedOrganisationEnded,
            Reason::CertificateMismatch => Code::RefusedCertificateMismatch,
            Reason::DataProcessorNotAllowed => Code::RefusedDataProcessorNotAllowed,
            Reason::MissingCaseWorker => Code::RefusedMissingCaseWorker,
            Reason::MissingCaseId => Code::RefusedMissingCaseId,
            Reason::MissingPurpose => Code::RefusedMissingPurpose,
            Reason::MissingLegalBasis => Code::RefusedMissingLegalBasis,
            Reason::PurposeNotAllowed => Code::RefusedPurposeNotAllowed,
            Reason::PeriodInFuture => Code::RefusedPeriodInFuture,
            Reason::PeriodTooLong => Code::RefusedPeriodTooLong,
            Reason::CaseUnknown => Code::RefusedCaseUnknown,
            Reason::CaseClosed => Code::RefusedCaseClosed,
            Reason::PersonNotInHousehold => Code::RefusedPersonNotInHousehold,
        }
    }

    /// A short Swedish title for people (the problem document's title), from the catalogue.
    pub fn title_sv(self) -> &'static str {
        self.catalogue_code().title_sv()
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

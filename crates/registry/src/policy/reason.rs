//! The stable reason codes of a refused attempt, with their Swedish title and sentence.

use std::fmt;

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

    /// A short Swedish title for people (used as the problem document's title).
    pub fn title_sv(self) -> &'static str {
        match self {
            Reason::OrganisationUnknown => "Organisationen är inte ansluten",
            Reason::OrganisationSuspended => "Anslutningen är tillfälligt avstängd",
            Reason::OrganisationEnded => "Anslutningen har upphört",
            Reason::CertificateMismatch => "Certifikatet hör inte till organisationen",
            Reason::DataProcessorNotAllowed => "Personuppgiftsbiträdet är inte registrerat",
            Reason::MissingCaseWorker => "Handläggare saknas",
            Reason::MissingCaseId => "Ärendeidentitet saknas",
            Reason::MissingPurpose => "Syfte saknas",
            Reason::MissingLegalBasis => "Lagtext saknas",
            Reason::PurposeNotAllowed => "Syftet är inte tillåtet",
            Reason::PeriodInFuture => "Perioden ligger i framtiden",
            Reason::PeriodTooLong => "Perioden är för lång",
            Reason::CaseUnknown => "Ärendet är inte registrerat",
            Reason::CaseClosed => "Ärendet är avslutat",
            Reason::PersonNotInHousehold => "Personen ingår inte i ärendets hushåll",
        }
    }
}

impl Reason {
    /// A whole Swedish sentence saying what is wrong, for callers that show Swedish text only
    /// (the SOAP fault). Names no input value.
    pub fn message_sv(self) -> &'static str {
        match self {
            Reason::OrganisationUnknown => "Ingen anslutning är registrerad för organisationen.",
            Reason::OrganisationSuspended => "Organisationens anslutning är tillfälligt avstängd.",
            Reason::OrganisationEnded => "Organisationens anslutning har upphört.",
            Reason::CertificateMismatch => {
                "Organisationen stämmer inte med klientcertifikatets registrering."
            }
            Reason::DataProcessorNotAllowed => {
                "Personuppgiftsbiträdet är inte registrerat för organisationen."
            }
            Reason::MissingCaseWorker => "Handläggare måste anges.",
            Reason::MissingCaseId => "Ärendeidentitet måste anges.",
            Reason::MissingPurpose => "Syfte måste anges.",
            Reason::MissingLegalBasis => "Lagtext måste anges.",
            Reason::PurposeNotAllowed => {
                "Syftet är varken ett tillåtet syfte (kod eller benämning) eller en syftestext som är registrerad för anslutningen."
            }
            Reason::PeriodInFuture => "Perioden får inte börja efter dagens datum.",
            Reason::PeriodTooLong => "Perioden är längre än vad som är tillåtet.",
            Reason::CaseUnknown => {
                "Inget ärende med denna identitet är registrerat för organisationen."
            }
            Reason::CaseClosed => "Ärendet är avslutat.",
            Reason::PersonNotInHousehold => "Personen ingår inte i ärendets hushåll.",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

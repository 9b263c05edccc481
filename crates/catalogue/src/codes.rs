//! The catalogue itself: every error code of Underlag, once, with what each door sends.
//!
//! A code's detail template of the form `<field>: <message>` names the field at fault (a
//! fixed name such as `body`, or `{field}` given at run time); REST then also sends `field`
//! and `errors[]`. Templates take their values by name (`{limit}`), see [`crate::render`].

use crate::felkod::Felkod;
use crate::{Entry, Rest, Soap};

/// A REST problem: `status` and `problem_type`.
const fn rest(status: u16, problem_type: &'static str) -> Option<Rest> {
    Some(Rest {
        status,
        problem_type,
    })
}

/// A SOAP felkod and its default Swedish message.
const fn soap(felkod: Felkod, message_sv: &'static str) -> Option<Soap> {
    Some(Soap { felkod, message_sv })
}

/// Declares the [`Code`] enum, [`Code::ALL`] and each code's [`Entry`] from one table, so
/// a code cannot exist without its entry.
macro_rules! catalogue {
    ($( $(#[doc = $doc:literal])* $variant:ident => $entry:expr; )+) => {
        /// An error code of Underlag. Each has a stable [`name`](Code::name) and an
        /// [`Entry`]: its REST problem type and HTTP status, its SOAP felkod and
        /// `faultcode`, its Swedish title and English detail.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $( $(#[doc = $doc])* $variant, )+
        }

        impl Code {
            /// Every code, in catalogue order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )+ ];

            /// The code's catalogue entry.
            pub fn entry(self) -> &'static Entry {
                match self {
                    $( Code::$variant => {
                        const ENTRY: Entry = $entry;
                        &ENTRY
                    } )+
                }
            }
        }
    };
}

/// A refusal by the purpose and case binding: REST 403 `refused-<reason>`, SOAP `SSBT-020`
/// (`soap:Client`) with the reason's Swedish title and sentence and the field's SOAP path.
/// `$reason` is the registry's stable reason code (`underlag_registry::policy::Reason`).
macro_rules! refused {
    ($reason:literal, $title_sv:literal, $sentence_sv:literal) => {
        Entry {
            name: concat!("refused-", $reason),
            rest: rest(403, concat!("urn:underlag:problem:refused-", $reason)),
            soap: soap(
                Felkod::Refused,
                concat!(
                    "Frågan avvisades: ",
                    $title_sv,
                    ". ",
                    $sentence_sv,
                    " Gäller fältet {field}."
                ),
            ),
            title_sv: $title_sv,
            detail_en: "{field}: {message}",
        }
    };
}

catalogue! {
    // Requests that cannot be read or carried out, on both doors.

    /// The request has invalid fields (each is named); SOAP lists every problem by path.
    InvalidRequest => Entry {
        name: "invalid-request",
        rest: rest(400, "urn:underlag:problem:invalid-request"),
        soap: soap(Felkod::InvalidField, "Frågan har ett eller flera ogiltiga fält."),
        title_sv: "Ogiltig fråga",
        detail_en: "{field}: {message}",
    };
    /// The body is larger than the configured limit (refused while it streams in).
    PayloadTooLarge => Entry {
        name: "payload-too-large",
        rest: rest(413, "urn:underlag:problem:payload-too-large"),
        soap: soap(Felkod::TooLarge, "Meddelandet är större än den tillåtna gränsen på {limit} byte."),
        title_sv: "För stor fråga",
        detail_en: "body: exceeds the limit of {limit} bytes",
    };
    /// The body did not arrive within the time allowed for it.
    RequestTimeout => Entry {
        name: "request-timeout",
        rest: rest(408, "urn:underlag:problem:request-timeout"),
        soap: soap(Felkod::ReadTimeout, "Meddelandet kom inte fram inom {timeout_s} sekunder."),
        title_sv: "Frågan kom inte fram i tid",
        detail_en: "body: was not received within {timeout_ms} ms; send the whole body at once",
    };
    /// The audit could not be written, so no data was released (fail closed).
    AuditUnavailable => Entry {
        name: "audit-unavailable",
        rest: rest(503, "urn:underlag:problem:audit-unavailable"),
        soap: soap(
            Felkod::AuditUnavailable,
            "Frågan kunde inte loggas, därför lämnas inga uppgifter ut. Försök igen senare.",
        ),
        title_sv: "Loggning otillgänglig",
        detail_en: "the audit store could not record the query, so no data was released",
    };
    /// The connection registry could not be read, so nothing was checked or released.
    RegistryUnavailable => Entry {
        name: "registry-unavailable",
        rest: rest(503, "urn:underlag:problem:registry-unavailable"),
        soap: soap(
            Felkod::RegistryUnavailable,
            "Anslutningsregistret kunde inte läsas, därför kunde frågan inte prövas. Försök igen senare.",
        ),
        title_sv: "Anslutningsregistret otillgängligt",
        detail_en: "the connection registry could not be read, so the request was not carried out",
    };

    // REST only.

    /// The body is not `application/json`.
    UnsupportedMediaType => Entry {
        name: "unsupported-media-type",
        rest: rest(415, "urn:underlag:problem:unsupported-media-type"),
        soap: None,
        title_sv: "Fel innehållstyp",
        detail_en: "the request body must be application/json",
    };
    /// The request was not answered within the gateway's request timeout (a backstop).
    GatewayTimeout => Entry {
        name: "gateway-timeout",
        rest: rest(504, "urn:underlag:problem:gateway-timeout"),
        soap: None,
        title_sv: "Svaret dröjde för länge",
        detail_en: "the request was not answered within the gateway's time limit",
    };
    /// The path exists, but not with this method.
    MethodNotAllowed => Entry {
        name: "method-not-allowed",
        rest: rest(405, "urn:underlag:problem:method-not-allowed"),
        soap: None,
        title_sv: "Metoden stöds inte",
        detail_en: "this path does not support the request method",
    };
    /// No case with this id is registered for the organisation.
    CaseNotFound => Entry {
        name: "case-not-found",
        rest: rest(404, "urn:underlag:problem:case-not-found"),
        soap: None,
        title_sv: "Ärendet finns inte",
        detail_en: "case_id: no case with this id is registered for the organisation",
    };
    /// The store behind a REST resource other than the audit (an application's status
    /// events) could not be read or written.
    StoreUnavailable => Entry {
        name: "store-unavailable",
        rest: rest(503, "urn:underlag:problem:store-unavailable"),
        soap: None,
        title_sv: "Lagringen otillgänglig",
        detail_en: "the store could not be read or written; try again later",
    };
    /// No application with this id is stored (status events are posted and read only for
    /// an application sent through the applicant portal).
    ApplicationNotFound => Entry {
        name: "application-not-found",
        rest: rest(404, "urn:underlag:problem:application-not-found"),
        soap: None,
        title_sv: "Ansökan finns inte",
        detail_en: "application_id: no application with this id is stored",
    };
    /// The application was sent to another organisation: only its own may post or read its
    /// status events.
    ApplicationForbidden => Entry {
        name: "application-forbidden",
        rest: rest(403, "urn:underlag:problem:application-forbidden"),
        soap: None,
        title_sv: "Ansökan hör till en annan organisation",
        detail_en: "organisation: the application was sent to another organisation",
    };
    /// No such resource.
    NotFound => Entry {
        name: "not-found",
        rest: rest(404, "urn:underlag:problem:not-found"),
        soap: None,
        title_sv: "Finns inte",
        detail_en: "no such resource",
    };

    /// The försörjningsstöd calculation cannot be made with the rules it has: no verified
    /// riksnorm table for the year (or none for this household), or no rule entry in force.
    NormRulesUnavailable => Entry {
        name: "norm-rules-unavailable",
        rest: rest(422, "urn:underlag:problem:norm-rules-unavailable"),
        soap: None,
        title_sv: "Beräkningen kan inte göras med regelverket",
        detail_en: "{field}: {message}",
    };
    /// No beräkningsunderlag with this id is stored.
    NormCalculationNotFound => Entry {
        name: "norm-calculation-not-found",
        rest: rest(404, "urn:underlag:problem:norm-calculation-not-found"),
        soap: None,
        title_sv: "Beräkningsunderlaget finns inte",
        detail_en: "calculation_id: no beräkningsunderlag with this id is stored",
    };
    /// The beräkningsunderlag belongs to another organisation: only its own may read it or
    /// decide on it.
    NormCalculationForbidden => Entry {
        name: "norm-calculation-forbidden",
        rest: rest(403, "urn:underlag:problem:norm-calculation-forbidden"),
        soap: None,
        title_sv: "Beräkningsunderlaget tillhör en annan organisation",
        detail_en: "organisation: the beräkningsunderlag belongs to another organisation",
    };
    /// The norm archive could not be read or written; nothing was stored.
    NormArchiveUnavailable => Entry {
        name: "norm-archive-unavailable",
        rest: rest(503, "urn:underlag:problem:norm-archive-unavailable"),
        soap: None,
        title_sv: "Beräkningsarkivet otillgängligt",
        detail_en: "the stored beräkningsunderlag could not be read or written; nothing was stored",
    };

    // Refusals by the purpose and case binding (audited; no source was called), in the
    // order the registry's checks run.

    /// No connection is registered for the organisation.
    RefusedOrganisationUnknown => refused!(
        "organisation_unknown",
        "Organisationen är inte ansluten",
        "Ingen anslutning är registrerad för organisationen."
    );
    /// The caller's certificate is not registered for the organisation in the message.
    RefusedCertificateMismatch => refused!(
        "certificate_mismatch",
        "Certifikatet hör inte till organisationen",
        "Organisationen stämmer inte med klientcertifikatets registrering."
    );
    /// The organisation's connection is suspended.
    RefusedOrganisationSuspended => refused!(
        "organisation_suspended",
        "Anslutningen är tillfälligt avstängd",
        "Organisationens anslutning är tillfälligt avstängd."
    );
    /// The organisation's connection has ended.
    RefusedOrganisationEnded => refused!(
        "organisation_ended",
        "Anslutningen har upphört",
        "Organisationens anslutning har upphört."
    );
    /// A data processor in the message is not registered for the organisation.
    RefusedDataProcessorNotAllowed => refused!(
        "data_processor_not_allowed",
        "Personuppgiftsbiträdet är inte registrerat",
        "Personuppgiftsbiträdet är inte registrerat för organisationen."
    );
    /// No case worker (handläggare) was given.
    RefusedMissingCaseWorker => refused!(
        "missing_case_worker",
        "Handläggare saknas",
        "Handläggare måste anges."
    );
    /// No case id (ärendeidentitet) was given.
    RefusedMissingCaseId => refused!(
        "missing_case_id",
        "Ärendeidentitet saknas",
        "Ärendeidentitet måste anges."
    );
    /// No purpose (syfte) was given.
    RefusedMissingPurpose => refused!(
        "missing_purpose",
        "Syfte saknas",
        "Syfte måste anges."
    );
    /// No legal basis (lagtext) was given.
    RefusedMissingLegalBasis => refused!(
        "missing_legal_basis",
        "Lagtext saknas",
        "Lagtext måste anges."
    );
    /// The purpose is not one of the configured purposes nor a registered syfte text.
    RefusedPurposeNotAllowed => refused!(
        "purpose_not_allowed",
        "Syftet är inte tillåtet",
        "Syftet är varken ett tillåtet syfte (kod eller benämning) eller en syftestext som är registrerad för anslutningen."
    );
    /// The period starts after today.
    RefusedPeriodInFuture => refused!(
        "period_in_future",
        "Perioden ligger i framtiden",
        "Perioden får inte börja efter dagens datum."
    );
    /// The period is longer than the configured limit.
    RefusedPeriodTooLong => refused!(
        "period_too_long",
        "Perioden är för lång",
        "Perioden är längre än vad som är tillåtet."
    );
    /// The case is not registered for the organisation.
    RefusedCaseUnknown => refused!(
        "case_unknown",
        "Ärendet är inte registrerat",
        "Inget ärende med denna identitet är registrerat för organisationen."
    );
    /// The case is closed.
    RefusedCaseClosed => refused!(
        "case_closed",
        "Ärendet är avslutat",
        "Ärendet är avslutat."
    );
    /// The person is not in the case's household.
    RefusedPersonNotInHousehold => refused!(
        "person_not_in_household",
        "Personen ingår inte i ärendets hushåll",
        "Personen ingår inte i ärendets hushåll."
    );

    // SOAP faults only: the document or envelope cannot be read, or the answer not written.

    /// The body is not well-formed XML, not UTF-8, or empty.
    MalformedDocument => Entry {
        name: "malformed-document",
        rest: None,
        soap: soap(Felkod::Malformed, "Meddelandet är inte välformad XML."),
        title_sv: "Meddelandet kan inte läsas",
        detail_en: "the body is not well-formed XML, not UTF-8, or empty",
    };
    /// Not a SOAP 1.1 envelope, a payload outside the ssbt/10 namespace, an unknown
    /// operation, or not exactly one Body element.
    NotTheContract => Entry {
        name: "not-the-contract",
        rest: None,
        soap: soap(Felkod::NotTheContract, "Meddelandet är inget anrop enligt SSBTEK v10-kontraktet."),
        title_sv: "Meddelandet följer inte kontraktet",
        detail_en: "not a SOAP 1.1 envelope, a payload outside the ssbt/10 namespace, an unknown operation, or not exactly one Body element",
    };
    /// A DOCTYPE, entity declaration or entity reference (never expanded).
    DtdRefused => Entry {
        name: "dtd-refused",
        rest: None,
        soap: soap(
            Felkod::DtdRefused,
            "Dokumenttypsdeklarationer (DOCTYPE) och entitetsdeklarationer tas inte emot.",
        ),
        title_sv: "Dokumenttypsdeklarationer tas inte emot",
        detail_en: "a DOCTYPE, entity declaration or entity reference was sent; none is accepted",
    };
    /// The document is over one of the document limits, or reading it took longer than the
    /// parse budget.
    DocumentTooComplex => Entry {
        name: "document-too-complex",
        rest: None,
        soap: soap(Felkod::TooComplex, "Meddelandet överskrider en av gränserna för dokumentets form."),
        title_sv: "Meddelandet är för komplext",
        detail_en: "the document is over one of the document limits, or reading it took longer than the parse budget",
    };
    /// A SOAP header marked `mustUnderstand="1"` (none is understood).
    HeaderNotUnderstood => Entry {
        name: "header-not-understood",
        rest: None,
        soap: soap(
            Felkod::HeaderNotUnderstood,
            "En SOAP-header med mustUnderstand=\"1\" stöds inte av tjänsten.",
        ),
        title_sv: "SOAP-headern stöds inte",
        detail_en: "a SOAP header marked mustUnderstand is not understood",
    };
    /// The answer could not be produced (an internal error).
    InternalError => Entry {
        name: "internal-error",
        rest: None,
        soap: soap(Felkod::Internal, "Svaret kunde inte skapas (internt fel)."),
        title_sv: "Internt fel",
        detail_en: "the answer could not be produced (internal error)",
    };

    // One provider's `error` in an otherwise normal SOAP answer (REST shows these as the
    // source's outcome instead).

    /// The provider did not answer within the time budget.
    ProviderTimeout => Entry {
        name: "provider-timeout",
        rest: None,
        soap: soap(Felkod::ProviderTimeout, "Bastjänsten svarade inte inom tidsgränsen."),
        title_sv: "Bastjänsten svarade inte i tid",
        detail_en: "the provider did not answer in time",
    };
    /// The provider could not be reached (transport failure, HTTP 5xx, circuit open, no
    /// adapter).
    ProviderUnavailable => Entry {
        name: "provider-unavailable",
        rest: None,
        soap: soap(Felkod::ProviderUnavailable, "Bastjänsten kunde inte nås."),
        title_sv: "Bastjänsten kunde inte nås",
        detail_en: "the provider could not be reached",
    };
    /// The provider's answer broke the information specification's rules.
    ProviderInvalidResponse => Entry {
        name: "provider-invalid-response",
        rest: None,
        soap: soap(
            Felkod::ProviderInvalidResponse,
            "Bastjänstens svar bröt mot informationsspecifikationens regler och kan inte användas: {rules}.",
        ),
        title_sv: "Bastjänstens svar är ogiltigt",
        detail_en: "the provider's answer broke the information specification's rules: {rules}",
    };
    /// The organisation is not entitled to the provider's data; it was not called.
    ProviderNotEntitled => Entry {
        name: "provider-not-entitled",
        rest: None,
        soap: soap(
            Felkod::ProviderNotEntitled,
            "Organisationen har inte behörighet till uppgifter från bastjänsten; den anropades inte.",
        ),
        title_sv: "Ingen behörighet till bastjänsten",
        detail_en: "the organisation is not entitled to the provider; it was not called",
    };
    /// FK's `lefiJsonFraga` or `version` breaks the LEFI v9 request rules; FK was not called.
    LefiRequestInvalid => Entry {
        name: "lefi-request-invalid",
        rest: None,
        soap: soap(
            Felkod::LefiRequestInvalid,
            "lefiJsonFraga uppfyller inte LEFI v9:s regler för FormansinformationFraga; Försäkringskassan anropades inte.",
        ),
        title_sv: "LEFI-frågan är ogiltig",
        detail_en: "lefiJsonFraga or version breaks the LEFI v9 request rules; FK was not called",
    };
    /// The provider's answer could not be expressed in its contract shape.
    ProviderPayloadUnusable => Entry {
        name: "provider-payload-unusable",
        rest: None,
        soap: soap(
            Felkod::ProviderPayloadUnusable,
            "Bastjänstens svar kunde inte återges i kontraktets form.",
        ),
        title_sv: "Bastjänstens svar kan inte återges",
        detail_en: "the provider's answer could not be expressed in its contract shape",
    };
    /// The person has protected identity: the provider's payload was withheld.
    ProtectedIdentity => Entry {
        name: "protected-identity",
        rest: None,
        soap: soap(
            Felkod::ProtectedIdentity,
            "Personen har skyddade personuppgifter; bastjänstens meddelande lämnas inte ut eftersom det kan röja var personen bor.",
        ),
        title_sv: "Skyddade personuppgifter",
        detail_en: "protected identity: the provider's payload was withheld",
    };

    // The conformance kit's consumer stand-in (`underlag conformance consumer`).

    /// The stand-in was asked for a scenario it does not have (header or control API).
    ConformanceUnknownScenario => Entry {
        name: "conformance-unknown-scenario",
        rest: rest(400, "urn:underlag:problem:conformance-unknown-scenario"),
        soap: None,
        title_sv: "Okänt scenario",
        detail_en: "{field}: names no scenario of the stand-in",
    };
    /// The stand-in failed the whole call, as the chosen scenario scripts.
    ConformanceScriptedFault => Entry {
        name: "conformance-scripted-fault",
        rest: rest(503, "urn:underlag:problem:conformance-scripted-fault"),
        soap: None,
        title_sv: "Tjänsten är inte tillgänglig (skriptat fel)",
        detail_en: "the stand-in failed the whole call, as the chosen scenario scripts",
    };
}

//! One test per branch of the policy, plus the order of the checks.

use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;
use jiff::civil::{Date, date};
use underlag_domain::{
    FingerprintError, LefiActorId, Organisationsnummer, Period, Personnummer, SourceId,
};

use super::*;
use crate::model::{Case, Connection, ConnectionStatus, Processor};

const FINGERPRINT: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/// A fingerprint of test text.
fn fp(text: &str) -> Fingerprint {
    Fingerprint::parse(text).expect("a test fingerprint")
}

fn org() -> Organisationsnummer {
    Organisationsnummer::parse("2120000142").unwrap()
}

fn other_org() -> Organisationsnummer {
    (0..10)
        .find_map(|d| Organisationsnummer::parse(&format!("556000000{d}")).ok())
        .unwrap()
}

fn person() -> Personnummer {
    Personnummer::parse_canonical("199001012385").unwrap()
}

fn someone_else() -> Personnummer {
    (0..10)
        .find_map(|d| Personnummer::parse_canonical(&format!("19850615123{d}")).ok())
        .unwrap()
}

fn now() -> Timestamp {
    Timestamp::from_second(1_795_000_000).unwrap()
}

fn today() -> Date {
    date(2026, 11, 22)
}

fn connection() -> Connection {
    Connection {
        organisation: org(),
        name: "Exempelkommun".into(),
        committee_unit: "Socialnämnden, försörjningsstöd".into(),
        certificate_fingerprints: vec![fp(FINGERPRINT)],
        lefi_actor_id: Some(actor("ACTOR-1")),
        entitled_sources: SourceId::ALL.into_iter().collect(),
        source_legal_bases: SourceId::ALL
            .into_iter()
            .filter(|s| s.requires_legal_basis())
            .map(|s| (s, "lagrum".to_owned()))
            .collect(),
        entitled_information_types: vec![],
        status: ConnectionStatus::Active,
        data_processors: vec![Processor {
            organisation: other_org(),
            name: "Exempel IT AB".into(),
        }],
        syfte_mappings: vec![],
    }
}

fn actor(text: &str) -> LefiActorId {
    LefiActorId::parse(text).unwrap()
}

fn case() -> Case {
    Case::household_of_one(org(), "EB-1", person(), now())
}

/// The owned values an [`Attempt`] borrows, changed one at a time by the tests.
struct Fixture {
    organisation: Organisationsnummer,
    fingerprint: Option<Fingerprint>,
    case_worker: String,
    case_id: String,
    purpose: String,
    legal_basis: String,
    processors: Vec<Organisationsnummer>,
    person: Personnummer,
    period: Period,
    source_periods: BTreeMap<SourceId, Period>,
    sources: BTreeSet<SourceId>,
    requested_actor: Option<LefiActorId>,
    connection: Option<Connection>,
    case: Option<Case>,
    config: PolicyConfig,
}

impl Fixture {
    fn new() -> Self {
        Self {
            organisation: org(),
            fingerprint: None,
            case_worker: "hl01".into(),
            case_id: "EB-1".into(),
            purpose: "EKB-UTREDNING".into(),
            legal_basis: "12 kap. socialtjänstlagen (2025:400)".into(),
            processors: vec![],
            person: person(),
            period: Period::new(date(2025, 11, 1), date(2026, 10, 31)).unwrap(),
            source_periods: BTreeMap::new(),
            sources: SourceId::ALL.into_iter().collect(),
            requested_actor: None,
            connection: Some(connection()),
            case: Some(case()),
            config: PolicyConfig::default(),
        }
    }

    fn decide(&self) -> Decision {
        let attempt = Attempt {
            organisation: &self.organisation,
            certificate_fingerprint: self.fingerprint.as_ref(),
            case_worker: &self.case_worker,
            case_id: &self.case_id,
            purpose: &self.purpose,
            legal_basis: &self.legal_basis,
            data_processors: &self.processors,
            person: &self.person,
            period: self.period,
            source_periods: &self.source_periods,
            sources: &self.sources,
            lefi_actor_id: self.requested_actor.as_ref(),
            today: today(),
            now: now(),
        };
        decide(
            &self.config,
            &attempt,
            self.connection.as_ref(),
            self.case.as_ref(),
        )
    }

    fn refusal(&self) -> Refusal {
        match self.decide() {
            Decision::Refuse(r) => r,
            Decision::Allow(g) => panic!("expected a refusal, got {g:?}"),
        }
    }

    fn grant(&self) -> Grant {
        match self.decide() {
            Decision::Allow(g) => g,
            Decision::Refuse(r) => panic!("expected a grant, got {r:?}"),
        }
    }
}

fn refused(change: impl FnOnce(&mut Fixture)) -> Refusal {
    let mut f = Fixture::new();
    change(&mut f);
    let refusal = f.refusal();
    assert!(!refusal.message.is_empty());
    assert!(
        !refusal.message.contains("199001012385") && !refusal.message.contains("2120000142"),
        "no input value in the message"
    );
    refusal
}

fn assert_refused(change: impl FnOnce(&mut Fixture), reason: Reason, field: &str) {
    let refusal = refused(change);
    assert_eq!(
        (refusal.reason, refusal.field.as_str()),
        (reason, field),
        "{refusal}"
    );
}

#[test]
fn a_complete_attempt_is_allowed_with_every_source() {
    let grant = Fixture::new().grant();
    assert!(grant.not_entitled.is_empty());
    assert_eq!(
        grant.lefi_actor_id.as_ref().map(LefiActorId::as_str),
        Some("ACTOR-1")
    );
}

/// The actor id the FK source is asked with is chosen here only: the connection's, else the
/// request's own, else the configured fallback, else none.
#[test]
fn the_lefi_actor_id_is_the_connections_then_the_requests_then_the_configured_one() {
    let mut f = Fixture::new();
    f.requested_actor = Some(actor("AKTOR-FRAGA"));
    f.config.default_lefi_actor_id = Some(actor("AKTOR-STANDARD"));
    assert_eq!(f.grant().lefi_actor_id, Some(actor("ACTOR-1")));
    if let Some(c) = f.connection.as_mut() {
        c.lefi_actor_id = None;
    }
    assert_eq!(f.grant().lefi_actor_id, Some(actor("AKTOR-FRAGA")));
    f.requested_actor = None;
    assert_eq!(f.grant().lefi_actor_id, Some(actor("AKTOR-STANDARD")));
    f.config.default_lefi_actor_id = None;
    assert_eq!(f.grant().lefi_actor_id, None);
}

#[test]
fn sources_outside_the_entitlement_are_not_entitled() {
    let mut f = Fixture::new();
    if let Some(c) = f.connection.as_mut() {
        c.entitled_sources = BTreeSet::from([SourceId::Fk, SourceId::Af]);
    }
    f.sources = BTreeSet::from([SourceId::Fk, SourceId::Csn, SourceId::Miv]);
    assert_eq!(
        f.grant().not_entitled,
        BTreeSet::from([SourceId::Csn, SourceId::Miv])
    );
}

#[test]
fn unknown_organisation() {
    assert_refused(
        |f| f.connection = None,
        Reason::OrganisationUnknown,
        "organisation",
    );
    // A connection of another organisation does not count.
    assert_refused(
        |f| f.organisation = other_org(),
        Reason::OrganisationUnknown,
        "organisation",
    );
}

#[test]
fn suspended_and_ended_organisations() {
    for (status, reason) in [
        (ConnectionStatus::Suspended, Reason::OrganisationSuspended),
        (ConnectionStatus::Ended, Reason::OrganisationEnded),
    ] {
        assert_refused(
            |f| {
                if let Some(c) = f.connection.as_mut() {
                    c.status = status;
                }
            },
            reason,
            "organisation",
        );
    }
}

#[test]
fn certificate_must_belong_to_the_organisation() {
    // The registered certificate, in any spelling, passes.
    let mut f = Fixture::new();
    f.fingerprint = Some(fp(&FINGERPRINT.to_uppercase()));
    f.grant();
    // Another certificate, or garbage, is a mismatch.
    assert_refused(
        |f| f.fingerprint = Some(fp(&"ff".repeat(32))),
        Reason::CertificateMismatch,
        "organisation",
    );
    // Garbage cannot reach the check: it is not a fingerprint.
    assert_eq!(Fingerprint::parse("not hex"), Err(FingerprintError));
    // No TLS identity: the check is skipped.
    let mut f = Fixture::new();
    f.fingerprint = None;
    if let Some(c) = f.connection.as_mut() {
        c.certificate_fingerprints.clear();
    }
    f.grant();
}

#[test]
fn certificate_is_checked_before_the_status() {
    assert_refused(
        |f| {
            f.fingerprint = Some(fp(&"ff".repeat(32)));
            if let Some(c) = f.connection.as_mut() {
                c.status = ConnectionStatus::Suspended;
            }
        },
        Reason::CertificateMismatch,
        "organisation",
    );
}

#[test]
fn data_processors_must_be_registered() {
    let mut f = Fixture::new();
    f.processors = vec![other_org()];
    f.grant();
    assert_refused(
        |f| f.processors = vec![other_org(), org()],
        Reason::DataProcessorNotAllowed,
        "data_processors[1].organisation",
    );
}

#[test]
fn attribution_fields_must_be_given() {
    assert_refused(
        |f| f.case_worker = " ".into(),
        Reason::MissingCaseWorker,
        "case_worker",
    );
    assert_refused(
        |f| f.case_id = String::new(),
        Reason::MissingCaseId,
        "case_id",
    );
    assert_refused(
        |f| f.purpose = String::new(),
        Reason::MissingPurpose,
        "purpose",
    );
    assert_refused(
        |f| f.legal_basis = "\t".into(),
        Reason::MissingLegalBasis,
        "legal_basis",
    );
}

#[test]
fn purposes_match_by_code_label_or_prefix() {
    for ok in [
        "EKB-UTREDNING",
        "ekb-kontroll",
        "EKB-UPPFOLJNING: halvårsuppföljning",
        "Utredning av rätt till ekonomiskt bistånd",
        "  utredning av rätt till ekonomiskt bistånd, nyansökan ",
    ] {
        let mut f = Fixture::new();
        f.purpose = ok.into();
        f.grant();
    }
    for bad in [
        "EKB-UTREDNINGAR",
        "Allmän förfrågan",
        "EKB",
        "Utredning av rätt",
    ] {
        assert_refused(
            |f| f.purpose = bad.into(),
            Reason::PurposeNotAllowed,
            "purpose",
        );
    }
    // The list is configurable.
    let mut f = Fixture::new();
    f.config.purposes = vec![Purpose::new("X-1", "Särskild utredning")];
    f.purpose = "särskild utredning".into();
    f.grant();
    assert!(f.config.purposes[0].matches("X-1"));
    assert!(!Purpose::new("", "").matches(""));
}

#[test]
fn period_may_not_start_after_today() {
    assert_refused(
        |f| f.period = Period::new(date(2026, 11, 23), date(2026, 12, 31)).unwrap(),
        Reason::PeriodInFuture,
        "period",
    );
    // Starting today, or ending after today (planned payments), is fine.
    let mut f = Fixture::new();
    f.period = Period::new(today(), date(2027, 3, 31)).unwrap();
    f.grant();
}

#[test]
fn period_length_is_limited_in_months() {
    // Exactly 24 months (the default, LEFI's own limit) is allowed.
    let mut f = Fixture::new();
    f.period = Period::new(date(2024, 1, 1), date(2025, 12, 31)).unwrap();
    f.grant();
    assert_refused(
        |f| f.period = Period::new(date(2024, 1, 1), date(2026, 1, 1)).unwrap(),
        Reason::PeriodTooLong,
        "period",
    );
    // The limit is a setting.
    let mut f = Fixture::new();
    f.config.max_period_months = 3;
    f.period = Period::new(date(2026, 1, 1), date(2026, 3, 31)).unwrap();
    f.grant();
    f.period = Period::new(date(2026, 1, 1), date(2026, 4, 1)).unwrap();
    assert_eq!(f.refusal().reason, Reason::PeriodTooLong);
    // An absurd limit means no limit rather than a panic.
    f.config.max_period_months = u32::MAX;
    f.grant();
}

#[test]
fn per_source_periods_are_checked_too() {
    assert_refused(
        |f| {
            f.source_periods.insert(
                SourceId::Csn,
                Period::new(date(2020, 1, 1), date(2026, 1, 1)).unwrap(),
            );
        },
        Reason::PeriodTooLong,
        "source_periods.CSN",
    );
    assert_refused(
        |f| {
            f.source_periods.insert(
                SourceId::Fk,
                Period::new(date(2027, 1, 1), date(2027, 2, 1)).unwrap(),
            );
        },
        Reason::PeriodInFuture,
        "source_periods.FK",
    );
}

#[test]
fn the_case_must_be_registered_for_the_organisation() {
    assert_refused(|f| f.case = None, Reason::CaseUnknown, "case_id");
    assert_refused(
        |f| f.case_id = "EB-2".into(),
        Reason::CaseUnknown,
        "case_id",
    );
    assert_refused(
        |f| {
            if let Some(c) = f.case.as_mut() {
                c.organisation = other_org();
            }
        },
        Reason::CaseUnknown,
        "case_id",
    );
}

#[test]
fn a_closed_case_refuses() {
    assert_refused(
        |f| {
            if let Some(c) = f.case.as_mut() {
                c.closed_at = Some(now());
            }
        },
        Reason::CaseClosed,
        "case_id",
    );
    // Closing in the future has not happened yet.
    let mut f = Fixture::new();
    if let Some(c) = f.case.as_mut() {
        c.closed_at = Some(Timestamp::from_second(1_900_000_000).unwrap());
    }
    f.grant();
}

#[test]
fn the_person_must_be_in_the_household() {
    assert_refused(
        |f| f.person = someone_else(),
        Reason::PersonNotInHousehold,
        "person",
    );
    let mut f = Fixture::new();
    f.person = someone_else();
    if let Some(c) = f.case.as_mut() {
        c.household.insert(someone_else());
    }
    f.grant();
}

#[test]
fn reasons_have_distinct_stable_codes_and_titles() {
    let codes: BTreeSet<&str> = Reason::ALL.iter().map(|r| r.code()).collect();
    assert_eq!(codes.len(), Reason::ALL.len());
    for r in Reason::ALL {
        assert_eq!(r.to_string(), r.code());
        assert!(
            r.code()
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'_')
        );
        assert!(!r.title_sv().is_empty());
    }
}

#[test]
fn each_reason_is_the_catalogue_refusal_of_its_own_stable_code() {
    for r in Reason::ALL {
        assert_eq!(r.catalogue_code().refusal_reason(), Some(r.code()), "{r}");
        assert_eq!(
            underlag_catalogue::Code::for_refusal_reason(r.code()),
            Some(r.catalogue_code())
        );
    }
}

#[test]
fn check_connection_alone() {
    let c = connection();
    assert!(check_connection(&org(), None, Some(&c)).is_ok());
    assert!(check_connection(&org(), Some(&fp(FINGERPRINT)), Some(&c)).is_ok());
    assert_eq!(
        check_connection(&org(), None, None).unwrap_err().reason,
        Reason::OrganisationUnknown
    );
}

#[test]
fn refusal_display_names_the_field() {
    let r = refused(|f| f.purpose = String::new());
    assert_eq!(r.to_string(), "purpose: must be given");
}

/// The v10 drop-in: a free-text syfte registered for the connection passes and names the
/// purpose it maps to; an unregistered one, or one mapped to a purpose not configured, is
/// refused as before.
#[test]
fn registered_free_text_syfte_maps_to_its_purpose() {
    let mut f = Fixture::new();
    let mut c = connection();
    c.syfte_mappings = vec![
        crate::SyfteMapping::new(
            "Beslut om eller kontroll av försörjningsstöd",
            "EKB-KONTROLL",
        )
        .unwrap(),
        crate::SyfteMapping::new("Utredning*", "EKB-UTREDNING").unwrap(),
        crate::SyfteMapping::new("Okänt*", "EKB-FINNS-INTE").unwrap(),
    ];
    f.connection = Some(c);
    f.purpose = "beslut om eller kontroll av försörjningsstöd".into();
    assert_eq!(f.grant().mapped_purpose.as_deref(), Some("EKB-KONTROLL"));
    f.purpose = "Utredning nyansökan".into();
    assert_eq!(f.grant().mapped_purpose.as_deref(), Some("EKB-UTREDNING"));
    f.purpose = "EKB-UPPFOLJNING".into();
    assert_eq!(f.grant().mapped_purpose, None);
    for bad in ["Något annat", "Okänt syfte"] {
        f.purpose = bad.into();
        let r = f.refusal();
        assert_eq!(r.reason, Reason::PurposeNotAllowed);
        assert_eq!(r.field, "purpose");
        assert!(!r.message.contains(bad));
    }
}

/// Mutation survivor (issue 16): `check_attribution`, the household read's attribution
/// check, passing everything went unnoticed in this crate.
#[test]
fn check_attribution_refuses_blank_fields_and_unknown_purposes() {
    let config = PolicyConfig::default();
    let purpose = "Utredning av rätt till ekonomiskt bistånd";
    assert_eq!(
        check_attribution(&config, "hl001", "EB-1", purpose, "SoL"),
        Ok(())
    );
    let reason = |r: Result<(), Refusal>| r.unwrap_err().reason;
    assert_eq!(
        reason(check_attribution(&config, " ", "EB-1", purpose, "SoL")),
        Reason::MissingCaseWorker
    );
    assert_eq!(
        reason(check_attribution(
            &config,
            "hl001",
            "EB-1",
            "Nyfikenhet",
            "SoL"
        )),
        Reason::PurposeNotAllowed
    );
}

/// Mutation survivor (issue 16): the Swedish title comes from the catalogue, as written there.
#[test]
fn a_reason_has_its_swedish_title() {
    assert_eq!(
        Reason::CaseUnknown.title_sv(),
        "Ärendet är inte registrerat"
    );
    assert_eq!(Reason::PeriodTooLong.title_sv(), "Perioden är för lång");
}

//! What the portal runs with: the municipality it receives applications for, what a person
//! with protected identity sees of the unit, sign-in (OIDC with a personnummer claim, or the
//! demo sign-in of `underlag demo`) and sessions. Built by the gateway from `[portal]`.

use std::time::Duration;

use underlag_domain::Organisationsnummer;
use underlag_web::OidcConfig;

/// What a person with protected identity sees of the social-services unit that handles the
/// case. The unit's address and telephone number can point to where the person lives, so by
/// default they see only a general way to reach the municipality.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProtectedUnitView {
    /// Nothing of the unit: only the municipality's general contact.
    Hidden,
    /// The unit's name, without address or telephone.
    NameOnly,
}

impl ProtectedUnitView {
    /// Parses the setting (`dold`, `namn`).
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "dold" => Some(ProtectedUnitView::Hidden),
            "namn" => Some(ProtectedUnitView::NameOnly),
            _ => None,
        }
    }
}

/// The social-services unit that handles applications, as shown to applicants.
#[derive(Debug, Clone)]
pub struct UnitInfo {
    /// The unit's name, e.g. "Försörjningsstöd, Exempelkommun".
    pub name: String,
    /// Its visiting address (never shown to a person with protected identity).
    pub address: String,
    /// Its telephone number (never shown to a person with protected identity).
    pub phone: String,
    /// The municipality's general contact, shown when the unit is not.
    pub general_contact: String,
}

/// Everything the portal is configured with.
#[derive(Debug, Clone)]
pub struct PortalConfig {
    /// The municipality applications are sent to.
    pub organisation: Organisationsnummer,
    /// The municipality's name.
    pub organisation_name: String,
    /// The unit that handles the applications.
    pub unit: UnitInfo,
    /// What a person with protected identity sees of the unit.
    pub protected_unit_view: ProtectedUnitView,
    /// The id-token claim that carries the signed-in person's personnummer.
    pub personnummer_claim: String,
    /// The id-token claim that says the person has protected identity (`true`), if any.
    pub protected_claim: String,
    /// The identity provider, if any (its redirect URL is `/mina-sidor/auth/callback`).
    pub oidc: Option<OidcConfig>,
    /// Whether the labelled demo sign-in is offered (`underlag demo` only).
    pub demo_sign_in: bool,
    /// A session unused this long expires.
    pub session_idle: Duration,
    /// A session expires this long after sign-in whatever happens.
    pub session_absolute: Duration,
    /// Whether cookies are `Secure`.
    pub secure_cookies: bool,
}

impl PortalConfig {
    /// A configuration for `organisation` with the documented defaults: no identity provider,
    /// no demo sign-in, 20 minutes idle, 4 hours at most, the unit hidden from a person with
    /// protected identity.
    pub fn new(organisation: Organisationsnummer) -> Self {
        Self {
            organisation,
            organisation_name: "Kommunen".into(),
            unit: UnitInfo {
                name: "Försörjningsstöd".into(),
                address: String::new(),
                phone: String::new(),
                general_contact: "Kontakta kommunens växel eller kontaktcenter.".into(),
            },
            protected_unit_view: ProtectedUnitView::Hidden,
            personnummer_claim: "personal_identity_number".into(),
            protected_claim: "protected_identity".into(),
            oidc: None,
            demo_sign_in: false,
            session_idle: Duration::from_secs(20 * 60),
            session_absolute: Duration::from_secs(4 * 60 * 60),
            secure_cookies: false,
        }
    }
}

/// A seeded person of the demo sign-in: personnummer (Skatteverket's published test numbers
/// the simulated population uses), the name shown, and whether the person has protected
/// identity.
#[derive(Debug, Clone, Copy)]
pub struct DemoApplicant {
    /// The personnummer.
    pub personnummer: &'static str,
    /// The name shown in the header.
    pub name: &'static str,
    /// Whether the person has protected identity.
    pub protected: bool,
}

/// The seeded persons of the demo sign-in.
pub const DEMO_APPLICANTS: [DemoApplicant; 3] = [
    DemoApplicant {
        personnummer: "198603052393",
        name: "Sökande 1 (demo)",
        protected: false,
    },
    DemoApplicant {
        personnummer: "198805122390",
        name: "Sökande 2 (demo)",
        protected: false,
    },
    DemoApplicant {
        personnummer: "200205082381",
        name: "Sökande med skyddad identitet (demo)",
        protected: true,
    },
];

//! What the UI runs with: the organisation it acts for, sign-in (OIDC and the demo sign-in),
//! roles, sessions and the overview's rules. Built by the gateway from its `[web]` settings.

use std::time::Duration;

use underlag_domain::Organisationsnummer;

/// A role the UI knows, as named in the role claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Handläggare: look-ups and the household's overview.
    Handlaggare,
    /// Logguppföljare: audit follow-up.
    Logguppfoljare,
    /// Administratör: connections and cases.
    Administrator,
}

impl Role {
    /// Every role, in menu order.
    pub const ALL: [Role; 3] = [Role::Handlaggare, Role::Logguppfoljare, Role::Administrator];

    /// The value in the role claim (`handlaggare`, `logguppfoljare`, `administrator`).
    pub fn claim_value(self) -> &'static str {
        match self {
            Role::Handlaggare => "handlaggare",
            Role::Logguppfoljare => "logguppfoljare",
            Role::Administrator => "administrator",
        }
    }

    /// The Swedish name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Role::Handlaggare => "Handläggare",
            Role::Logguppfoljare => "Logguppföljare",
            Role::Administrator => "Administratör",
        }
    }

    /// The role a claim value names, if any (exact, lower case).
    pub fn from_claim_value(value: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.claim_value() == value)
    }
}

/// The identity provider the UI signs people in through (authorization code with PKCE).
#[derive(Debug, Clone)]
pub struct OidcConfig {
    /// The issuer URL; discovery reads `{issuer}/.well-known/openid-configuration`.
    pub issuer: String,
    /// The client id registered at the provider.
    pub client_id: String,
    /// The client secret (empty: a public client, PKCE only).
    pub client_secret: String,
    /// The redirect URI registered at the provider: the UI's `/ui/auth/callback` as the
    /// browser reaches it.
    pub redirect_url: String,
    /// Extra scopes besides `openid` (e.g. `profile`).
    pub scopes: Vec<String>,
}

/// One purpose (syfte) a look-up may state, with the legal basis it cites.
#[derive(Debug, Clone)]
pub struct PurposeConfig {
    /// The code, e.g. `EKB-UTREDNING`.
    pub code: String,
    /// The Swedish label.
    pub label: String,
    /// The legal basis (lagtext) a look-up for this purpose cites.
    pub legal_basis: String,
}

/// Everything the UI is configured with.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// The organisation the UI acts for (one per deployment).
    pub organisation: Organisationsnummer,
    /// The claim that carries the roles (an array or a space-separated string).
    pub role_claim: String,
    /// The identity provider, if any.
    pub oidc: Option<OidcConfig>,
    /// Whether the labelled demo sign-in with seeded users is offered (`underlag demo` only).
    pub demo_sign_in: bool,
    /// A session unused this long expires.
    pub session_idle: Duration,
    /// A session expires this long after sign-in whatever happens.
    pub session_absolute: Duration,
    /// Whether cookies are `Secure` (the gateway serves TLS, or sits behind a TLS proxy).
    pub secure_cookies: bool,
    /// The overview's change threshold between M−2 and M−1, in percent.
    pub change_threshold_percent: rust_decimal::Decimal,
    /// How many months the overview shows, ending with the application month.
    pub months_shown: u8,
    /// The purposes a look-up may state.
    pub purposes: Vec<PurposeConfig>,
    /// The misuse indicators' thresholds for log follow-up.
    pub indicators: underlag_audit::IndicatorSettings,
    /// The longest period a look-up may ask about, in days: the binding's period rule's
    /// door bound (`PeriodRule::max_days`), so the UI refuses what REST and SOAP refuse.
    pub max_period_days: i32,
}

impl WebConfig {
    /// A configuration for `organisation` with the documented defaults: no identity provider,
    /// no demo sign-in, 30 minutes idle, 8 hours at most, threshold 12 %, 4 months.
    pub fn new(organisation: Organisationsnummer) -> Self {
        Self {
            organisation,
            role_claim: "underlag_roles".into(),
            oidc: None,
            demo_sign_in: false,
            session_idle: Duration::from_secs(30 * 60),
            session_absolute: Duration::from_secs(8 * 60 * 60),
            secure_cookies: false,
            change_threshold_percent: rust_decimal::Decimal::from(12),
            months_shown: 4,
            purposes: Vec::new(),
            indicators: underlag_audit::IndicatorSettings::default(),
            max_period_days: 731,
        }
    }

    /// The purpose with `code`, if configured.
    pub fn purpose(&self, code: &str) -> Option<&PurposeConfig> {
        self.purposes.iter().find(|p| p.code == code)
    }
}

/// The seeded users of the demo sign-in: (user id, display name, roles).
pub const DEMO_USERS: [(&str, &str, Role); 3] = [
    ("handlaggare01", "Handläggare 01 (demo)", Role::Handlaggare),
    ("logg01", "Logguppföljare 01 (demo)", Role::Logguppfoljare),
    ("admin01", "Administratör 01 (demo)", Role::Administrator),
];

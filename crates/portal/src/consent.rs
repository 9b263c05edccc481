//! Consent-based gathering in the portal (*Mina kontouppgifter*): what the applicant's pages
//! show of their consents and of the data fetched under them ([`view`]). The pages themselves
//! are in `routes::consent`; the lifecycle (give, fetch, revoke, each in the audit chain) is
//! `underlag_consent::ConsentService`, handed to the portal by the gateway.

pub mod view;

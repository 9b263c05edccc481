//! Sign-in through the municipality's identity provider with OpenID Connect: authorization
//! code with PKCE, `state` and `nonce`, on the `openidconnect` crate. Discovery reads the
//! issuer's metadata (cached for an hour, so key rotation is picked up); the id token is
//! validated by the crate (signature against the provider's keys, issuer, audience, expiry,
//! nonce); the roles come from the configured claim of the validated token, an array or a
//! space-separated string.

use std::collections::BTreeSet;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use tokio::time::Instant;

use base64::Engine as _;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AsyncHttpClient, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet,
    EndpointNotSet, EndpointSet, HttpRequest, HttpResponse, IssuerUrl, Nonce, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};
use tokio::sync::Mutex;

use crate::config::{OidcConfig, Role};
use crate::session::{PendingOidc, tokens_match};

/// How long discovered metadata (and the provider's keys) are used before being read again.
const METADATA_TTL: Duration = Duration::from_secs(60 * 60);

type Client = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// The HTTP client towards the provider: no redirects followed, short timeouts.
struct Http(reqwest::Client);

/// A failed HTTP exchange with the provider.
#[derive(Debug, thiserror::Error)]
#[error("identity provider request failed: {0}")]
pub struct HttpError(String);

impl<'c> AsyncHttpClient<'c> for Http {
    type Error = HttpError;
    type Future = Pin<Box<dyn Future<Output = Result<HttpResponse, HttpError>> + Send + 'c>>;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            let mut builder = self
                .0
                .request(parts.method, parts.uri.to_string())
                .body(body);
            for (name, value) in &parts.headers {
                builder = builder.header(name, value);
            }
            let response = builder.send().await.map_err(|e| HttpError(e.to_string()))?;
            let status = response.status();
            let headers = response.headers().clone();
            let body = response
                .bytes()
                .await
                .map_err(|e| HttpError(e.to_string()))?;
            let mut out = openidconnect::http::Response::builder().status(status);
            for (name, value) in &headers {
                out = out.header(name, value);
            }
            out.body(body.to_vec())
                .map_err(|e| HttpError(e.to_string()))
        })
    }
}

/// Why a sign-in through the provider failed (logged; the page says so in Swedish).
#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    /// Discovery or the provider's keys could not be read.
    #[error("discovery failed: {0}")]
    Discovery(String),
    /// The code could not be exchanged.
    #[error("token exchange failed: {0}")]
    Exchange(String),
    /// The id token is missing or did not validate.
    #[error("id token rejected: {0}")]
    IdToken(String),
}

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for OidcClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcClient").finish_non_exhaustive()
    }
}

/// The provider's client, with its discovered metadata cached.
pub struct OidcClient {
    config: OidcConfig,
    http: Http,
    cached: Mutex<Option<(Instant, Client)>>,
}

/// Who the provider signed in.
#[derive(Debug, Clone)]
pub struct SignedInIdentity {
    /// `sub`: the case worker id.
    pub subject: String,
    /// A display name (`name`, `preferred_username` or `sub`).
    pub name: String,
    /// The roles the claim names (unknown values ignored).
    pub roles: BTreeSet<Role>,
    /// Every claim of the validated id token (for a door that reads another claim, such as
    /// the applicant portal's personnummer claim).
    pub claims: serde_json::Map<String, serde_json::Value>,
}

impl OidcClient {
    /// A client for `config` (nothing is fetched yet).
    pub fn new(config: OidcConfig) -> anyhow::Result<Self> {
        IssuerUrl::new(config.issuer.clone())
            .map_err(|e| anyhow::anyhow!("web.oidc_issuer: {e}"))?;
        RedirectUrl::new(config.redirect_url.clone())
            .map_err(|e| anyhow::anyhow!("web.oidc_redirect_url: {e}"))?;
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()?;
        Ok(Self {
            config,
            http: Http(http),
            cached: Mutex::new(None),
        })
    }

    async fn client(&self) -> Result<Client, OidcError> {
        let mut cached = self.cached.lock().await;
        if let Some((at, client)) = cached.as_ref()
            && at.elapsed() < METADATA_TTL
        {
            return Ok(client.clone());
        }
        let issuer = IssuerUrl::new(self.config.issuer.clone())
            .map_err(|e| OidcError::Discovery(e.to_string()))?;
        let metadata = CoreProviderMetadata::discover_async(issuer, &self.http)
            .await
            .map_err(|e| OidcError::Discovery(e.to_string()))?;
        let secret = (!self.config.client_secret.is_empty())
            .then(|| ClientSecret::new(self.config.client_secret.clone()));
        let redirect = RedirectUrl::new(self.config.redirect_url.clone())
            .map_err(|e| OidcError::Discovery(e.to_string()))?;
        let client = CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.config.client_id.clone()),
            secret,
        )
        .set_redirect_uri(redirect);
        *cached = Some((Instant::now(), client.clone()));
        Ok(client)
    }

    /// The provider's authorization URL for a new sign-in, and what the callback must check.
    pub async fn start(&self) -> Result<(String, PendingOidc), OidcError> {
        let client = self.client().await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .set_pkce_challenge(challenge);
        for scope in &self.config.scopes {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, state, nonce) = request.url();
        Ok((
            url.to_string(),
            PendingOidc {
                state: state.secret().clone(),
                nonce: nonce.secret().clone(),
                pkce_verifier: verifier.secret().clone(),
            },
        ))
    }

    /// Completes a sign-in at the callback: refuses a provider error, a missing code, state
    /// or pending sign-in, and a state that does not match the pending one (in constant time);
    /// then exchanges the code and validates the id token. The pending sign-in is the
    /// session's, already taken out of it, so a callback cannot be replayed.
    pub async fn complete(
        &self,
        query: CallbackQuery,
        pending: Option<PendingOidc>,
        role_claim: &str,
    ) -> Result<SignedInIdentity, CallbackFailure> {
        if query.error.is_some() {
            return Err(CallbackFailure::Refused);
        }
        let (Some(code), Some(returned_state), Some(pending)) = (query.code, query.state, pending)
        else {
            return Err(CallbackFailure::Incomplete);
        };
        if !tokens_match(&returned_state, &pending.state) {
            return Err(CallbackFailure::Incomplete);
        }
        self.finish(&code, pending, role_claim)
            .await
            .map_err(CallbackFailure::Unverified)
    }

    /// Exchanges the callback's code (the state already checked) and validates the id token.
    pub async fn finish(
        &self,
        code: &str,
        pending: PendingOidc,
        role_claim: &str,
    ) -> Result<SignedInIdentity, OidcError> {
        let client = self.client().await?;
        let token = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|e| OidcError::Exchange(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier))
            .request_async(&self.http)
            .await
            .map_err(|e| OidcError::Exchange(e.to_string()))?;
        let id_token = token
            .id_token()
            .ok_or_else(|| OidcError::IdToken("the token response has no id token".into()))?;
        let verifier = client.id_token_verifier();
        let claims = id_token
            .claims(&verifier, &Nonce::new(pending.nonce))
            .map_err(|e| OidcError::IdToken(e.to_string()))?;
        let subject = claims.subject().as_str().to_owned();
        // The token validated above; its payload is read once more for the role claim, which
        // the crate's standard claims do not model.
        let payload = id_token_payload(&id_token.to_string())
            .ok_or_else(|| OidcError::IdToken("the id token payload is not JSON".into()))?;
        let name = ["name", "preferred_username"]
            .iter()
            .find_map(|k| payload.get(*k).and_then(|v| v.as_str()))
            .map_or_else(|| subject.clone(), str::to_owned);
        Ok(SignedInIdentity {
            roles: roles_from_claim(payload.get(role_claim)),
            subject,
            name,
            claims: payload,
        })
    }
}

/// The provider's redirect back to the callback (`?code=…&state=…`, or `?error=…`).
#[derive(Debug, Default, serde::Deserialize)]
pub struct CallbackQuery {
    /// The authorization code.
    pub code: Option<String>,
    /// The state the sign-in started with.
    pub state: Option<String>,
    /// The provider's refusal (the user cancelled, or was not allowed).
    pub error: Option<String>,
}

/// Why a callback signed no one in; each door words it for its users.
#[derive(Debug, thiserror::Error)]
pub enum CallbackFailure {
    /// The provider answered with an error: cancelled or refused.
    #[error("the identity provider refused the sign-in")]
    Refused,
    /// The code, the state or the pending sign-in is missing, or the state does not match.
    #[error("the callback does not complete a pending sign-in")]
    Incomplete,
    /// The code exchange or the id token's validation failed.
    #[error(transparent)]
    Unverified(OidcError),
}

/// The JSON payload of a compact JWS (the middle part), if readable.
fn id_token_payload(jwt: &str) -> Option<serde_json::Map<String, serde_json::Value>> {
    let payload = jwt.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// The roles a claim value names: an array of strings or one space-separated string; values
/// that name no role are ignored.
pub fn roles_from_claim(value: Option<&serde_json::Value>) -> BTreeSet<Role> {
    let words: Vec<String> = match value {
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str())
            .map(str::to_owned)
            .collect(),
        Some(serde_json::Value::String(s)) => s.split_whitespace().map(str::to_owned).collect(),
        _ => Vec::new(),
    };
    words
        .iter()
        .filter_map(|w| Role::from_claim_value(w))
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn roles_come_from_an_array_or_a_space_separated_string() {
        let array = json!(["handlaggare", "administrator", "okand"]);
        assert_eq!(
            roles_from_claim(Some(&array)),
            BTreeSet::from([Role::Handlaggare, Role::Administrator])
        );
        let text = json!("logguppfoljare  handlaggare");
        assert_eq!(
            roles_from_claim(Some(&text)),
            BTreeSet::from([Role::Handlaggare, Role::Logguppfoljare])
        );
        assert!(roles_from_claim(None).is_empty());
        assert!(roles_from_claim(Some(&json!(7))).is_empty());
    }

    /// The callback's checks before any request to the provider: a refusal, a missing part
    /// and a state that is not the pending one never reach the token endpoint (the issuer
    /// here does not exist, so reaching it would be `Unverified`).
    #[tokio::test]
    async fn a_callback_is_refused_before_the_provider_is_asked() {
        let client = OidcClient::new(OidcConfig {
            issuer: "http://127.0.0.1:9/".into(),
            client_id: "ui".into(),
            client_secret: String::new(),
            redirect_url: "http://127.0.0.1:9/ui/auth/callback".into(),
            scopes: vec![],
        })
        .unwrap();
        let pending = || PendingOidc {
            state: "s".repeat(32),
            nonce: "n".into(),
            pkce_verifier: "v".into(),
        };
        let query = |code: Option<&str>, state: Option<&str>, error: Option<&str>| CallbackQuery {
            code: code.map(str::to_owned),
            state: state.map(str::to_owned),
            error: error.map(str::to_owned),
        };
        let good_state = "s".repeat(32);
        let refused = client
            .complete(
                query(Some("c"), Some(&good_state), Some("access_denied")),
                Some(pending()),
                "roles",
            )
            .await;
        assert!(matches!(refused, Err(CallbackFailure::Refused)));
        for (q, p) in [
            (query(None, Some(&good_state), None), Some(pending())),
            (query(Some("c"), None, None), Some(pending())),
            (query(Some("c"), Some(&good_state), None), None),
            (
                query(Some("c"), Some(&"t".repeat(32)), None),
                Some(pending()),
            ),
        ] {
            let outcome = client.complete(q, p, "roles").await;
            assert!(
                matches!(outcome, Err(CallbackFailure::Incomplete)),
                "{outcome:?}"
            );
        }
        let unreachable = client
            .complete(
                query(Some("c"), Some(&good_state), None),
                Some(pending()),
                "roles",
            )
            .await;
        assert!(matches!(unreachable, Err(CallbackFailure::Unverified(_))));
    }
}

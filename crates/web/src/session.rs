//! Server-side sessions: an in-memory map from a random session id (the only thing in the
//! cookie) to who is signed in, the CSRF token, a pending OIDC sign-in and the look-ups made
//! in the session. Nothing personal is kept anywhere else; a session that expires or signs
//! out takes its look-ups with it.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::time::Instant;

use axum::http::HeaderMap;
use axum::http::header::COOKIE;
use rand::RngCore;

use crate::config::Role;
use crate::lookup::Lookup;

/// The session cookie's name.
pub const COOKIE_NAME: &str = "underlag_ui";

/// How long a session nobody has signed in to lives (the sign-in page's CSRF token).
const ANONYMOUS_IDLE: Duration = Duration::from_secs(15 * 60);

/// At most this many sessions at once; beyond it the oldest anonymous ones go first.
const MAX_SESSIONS: usize = 10_000;

/// At most this many look-ups kept per session (the oldest is dropped).
pub const MAX_LOOKUPS: usize = 20;

/// How the user signed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInMethod {
    /// The labelled demo sign-in.
    Demo,
    /// The configured identity provider.
    Oidc,
}

/// The signed-in user.
#[derive(Debug, Clone)]
pub struct User {
    /// The user id: the case worker id in every audit record (`sub` or the demo user).
    pub id: String,
    /// The name shown in the header.
    pub name: String,
    /// The roles from the role claim.
    pub roles: BTreeSet<Role>,
    /// How they signed in.
    pub method: SignInMethod,
}

impl User {
    /// Whether the user holds `role`.
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// An OIDC sign-in between the redirect to the provider and the callback.
#[derive(Debug, Clone)]
pub struct PendingOidc {
    /// The `state` sent to the provider.
    pub state: String,
    /// The `nonce` the id token must carry.
    pub nonce: String,
    /// The PKCE verifier.
    pub pkce_verifier: String,
}

/// One session.
#[derive(Debug)]
struct Session {
    csrf: String,
    user: Option<User>,
    signed_in_at: Option<Instant>,
    last_seen: Instant,
    pending_oidc: Option<PendingOidc>,
    lookups: Vec<Arc<Lookup>>,
}

/// What a request sees of its session.
#[derive(Debug, Clone)]
pub struct SessionView {
    /// The session id (the cookie's value).
    pub id: String,
    /// The CSRF token every form of this session carries.
    pub csrf: String,
    /// Who is signed in, if anyone.
    pub user: Option<User>,
}

/// Every live session.
#[derive(Debug)]
pub struct SessionStore {
    sessions: Mutex<HashMap<String, Session>>,
    idle: Duration,
    absolute: Duration,
    /// When expired sessions were last swept out (at most once a minute, on any request), so
    /// an abandoned session's look-ups do not stay in memory until the next visit.
    last_sweep: Mutex<Instant>,
}

/// How often expired sessions are swept out.
const SWEEP_EVERY: Duration = Duration::from_secs(60);

/// A fresh random token: 32 bytes from the thread's CSPRNG, hex.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

impl SessionStore {
    /// An empty store whose signed-in sessions expire after `idle` without use and `absolute`
    /// after sign-in.
    pub fn new(idle: Duration, absolute: Duration) -> Self {
        Self {
            sessions: Mutex::new(HashMap::new()),
            idle,
            absolute,
            last_sweep: Mutex::new(Instant::now()),
        }
    }

    /// Drops every expired session now.
    pub fn sweep(&self) {
        let now = Instant::now();
        self.lock().retain(|_, s| !self.expired(s, now));
        *self.last_sweep.lock().unwrap_or_else(|p| p.into_inner()) = now;
    }

    fn sweep_if_due(&self) {
        let due = {
            let last = self.last_sweep.lock().unwrap_or_else(|p| p.into_inner());
            last.elapsed() >= SWEEP_EVERY
        };
        if due {
            self.sweep();
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Session>> {
        self.sessions.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn expired(&self, s: &Session, now: Instant) -> bool {
        let idle = if s.user.is_some() {
            self.idle
        } else {
            ANONYMOUS_IDLE.min(self.idle.max(Duration::from_secs(60)))
        };
        now.duration_since(s.last_seen) > idle
            || s.signed_in_at
                .is_some_and(|at| now.duration_since(at) > self.absolute)
    }

    /// The session the request's cookie names, if it is live (touching it).
    pub fn get(&self, headers: &HeaderMap) -> Option<SessionView> {
        self.sweep_if_due();
        let id = cookie_value(headers, COOKIE_NAME)?;
        let now = Instant::now();
        let mut sessions = self.lock();
        let session = sessions.get_mut(&id)?;
        if self.expired(session, now) {
            sessions.remove(&id);
            return None;
        }
        session.last_seen = now;
        Some(SessionView {
            csrf: session.csrf.clone(),
            user: session.user.clone(),
            id,
        })
    }

    /// A new anonymous session (for the sign-in page's CSRF token).
    pub fn create(&self) -> SessionView {
        self.insert(None)
    }

    fn insert(&self, user: Option<User>) -> SessionView {
        let now = Instant::now();
        let id = random_token();
        let csrf = random_token();
        let mut sessions = self.lock();
        if sessions.len() >= MAX_SESSIONS {
            sessions.retain(|_, s| !self.expired(s, now));
        }
        if sessions.len() >= MAX_SESSIONS {
            // Still full: drop the anonymous sessions (a flood of sign-in page views).
            sessions.retain(|_, s| s.user.is_some());
        }
        let signed_in_at = user.as_ref().map(|_| now);
        sessions.insert(
            id.clone(),
            Session {
                csrf: csrf.clone(),
                user: user.clone(),
                signed_in_at,
                last_seen: now,
                pending_oidc: None,
                lookups: Vec::new(),
            },
        );
        SessionView { id, csrf, user }
    }

    /// Signs `user` in: the old session (if any) is dropped and a new one with a new id and
    /// a new CSRF token is made (no session fixation).
    pub fn sign_in(&self, old: Option<&str>, user: User) -> SessionView {
        if let Some(old) = old {
            self.lock().remove(old);
        }
        self.insert(Some(user))
    }

    /// Drops a session and everything in it.
    pub fn remove(&self, id: &str) {
        self.lock().remove(id);
    }

    /// Remembers a pending OIDC sign-in in the session.
    pub fn set_pending_oidc(&self, id: &str, pending: PendingOidc) {
        if let Some(s) = self.lock().get_mut(id) {
            s.pending_oidc = Some(pending);
        }
    }

    /// Takes the pending OIDC sign-in out of the session (usable once).
    pub fn take_pending_oidc(&self, id: &str) -> Option<PendingOidc> {
        self.lock().get_mut(id)?.pending_oidc.take()
    }

    /// Keeps a look-up in the session (dropping the oldest beyond [`MAX_LOOKUPS`]).
    pub fn add_lookup(&self, id: &str, lookup: Lookup) -> Option<Arc<Lookup>> {
        let mut sessions = self.lock();
        let session = sessions.get_mut(id)?;
        let lookup = Arc::new(lookup);
        session.lookups.push(lookup.clone());
        if session.lookups.len() > MAX_LOOKUPS {
            session.lookups.remove(0);
        }
        Some(lookup)
    }

    /// A look-up of the session by its id.
    pub fn lookup(&self, id: &str, lookup_id: &str) -> Option<Arc<Lookup>> {
        self.lock()
            .get(id)?
            .lookups
            .iter()
            .find(|l| l.id == lookup_id)
            .cloned()
    }

    /// Every look-up of the session, newest first.
    pub fn lookups(&self, id: &str) -> Vec<Arc<Lookup>> {
        self.lock()
            .get(id)
            .map(|s| s.lookups.iter().rev().cloned().collect())
            .unwrap_or_default()
    }

    /// How many sessions are held (for tests).
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no session is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The value of cookie `name` in the request's `Cookie` headers.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The `Set-Cookie` value that gives the browser session `id`.
pub fn set_cookie(id: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{COOKIE_NAME}={id}; Path=/ui; HttpOnly; SameSite=Lax{secure}")
}

/// The response with the `Set-Cookie` header when there is a cookie to set (a session made
/// on the way, e.g. by a bookmarked sign-in link), unchanged otherwise.
pub fn with_cookie(
    mut response: axum::response::Response,
    cookie: Option<String>,
) -> axum::response::Response {
    if let Some(value) = cookie.and_then(|c| c.parse().ok()) {
        response
            .headers_mut()
            .insert(axum::http::header::SET_COOKIE, value);
    }
    response
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie(secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{COOKIE_NAME}=; Path=/ui; HttpOnly; SameSite=Lax; Max-Age=0{secure}")
}

/// Compares two tokens in constant time (for the CSRF token).
pub fn tokens_match(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() || a.is_empty() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user() -> User {
        User {
            id: "handlaggare01".into(),
            name: "H".into(),
            roles: BTreeSet::from([Role::Handlaggare]),
            method: SignInMethod::Demo,
        }
    }

    fn headers(id: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            COOKIE,
            format!("other=1; {COOKIE_NAME}={id}").parse().unwrap(),
        );
        h
    }

    #[test]
    fn sign_in_renews_the_session_id_and_the_csrf_token() {
        let store = SessionStore::new(Duration::from_secs(60), Duration::from_secs(600));
        let anon = store.create();
        let signed = store.sign_in(Some(&anon.id), user());
        assert_ne!(anon.id, signed.id);
        assert_ne!(anon.csrf, signed.csrf);
        assert!(
            store.get(&headers(&anon.id)).is_none(),
            "the old id is dead"
        );
        let seen = store.get(&headers(&signed.id)).unwrap();
        assert_eq!(seen.user.unwrap().id, "handlaggare01");
    }

    #[test]
    fn an_idle_session_expires() {
        let store = SessionStore::new(Duration::from_millis(1), Duration::from_secs(600));
        let signed = store.sign_in(None, user());
        std::thread::sleep(Duration::from_millis(20));
        assert!(store.get(&headers(&signed.id)).is_none());
        assert!(store.is_empty());
    }

    #[test]
    fn the_cookie_is_secure_behind_tls_and_always_http_only_and_same_site() {
        let plain = set_cookie(&"a".repeat(64), false);
        assert!(plain.contains("HttpOnly") && plain.contains("SameSite=Lax"));
        assert!(!plain.contains("Secure"));
        assert!(set_cookie(&"a".repeat(64), true).ends_with("; Secure"));
        assert!(clear_cookie(true).contains("Max-Age=0"));
    }

    #[test]
    fn a_sweep_drops_expired_sessions_that_nobody_visits_again() {
        let store = SessionStore::new(Duration::from_millis(1), Duration::from_secs(600));
        store.sign_in(None, user());
        store.sign_in(None, user());
        std::thread::sleep(Duration::from_millis(20));
        assert_eq!(store.len(), 2);
        store.sweep();
        assert!(store.is_empty());
    }

    #[test]
    fn a_malformed_cookie_names_no_session() {
        let mut h = HeaderMap::new();
        h.insert(COOKIE, format!("{COOKIE_NAME}=abc").parse().unwrap());
        assert!(cookie_value(&h, COOKIE_NAME).is_none());
        assert!(!tokens_match("", ""));
        assert!(tokens_match("ab", "ab"));
        assert!(!tokens_match("ab", "ac"));
    }

    #[test]
    fn with_cookie_sets_the_cookie_only_when_there_is_one() {
        use axum::response::IntoResponse;
        let set = with_cookie(().into_response(), Some(set_cookie(&"a".repeat(64), true)));
        let header = set.headers().get(axum::http::header::SET_COOKIE).unwrap();
        assert!(
            header
                .to_str()
                .unwrap()
                .starts_with(&format!("{COOKIE_NAME}={}", "a".repeat(64)))
        );
        let unset = with_cookie(().into_response(), None);
        assert!(
            unset
                .headers()
                .get(axum::http::header::SET_COOKIE)
                .is_none()
        );
    }
}

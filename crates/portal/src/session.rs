//! The applicants' server-side sessions: an in-memory map from a random session id (the only
//! thing in the cookie, `underlag_portal`, path `/mina-sidor`) to who is signed in, the CSRF
//! token, a pending OIDC sign-in and the application being written with its attachments.
//! An application being written lives only here until it is sent; signing out or expiry
//! drops it.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use axum::http::HeaderMap;
use tokio::time::Instant;
use underlag_applicant::{ApplicationDraft, AttachmentMeta};
use underlag_domain::Personnummer;
use underlag_web::session::{PendingOidc, cookie_value, random_token};

/// The session cookie's name.
pub const COOKIE_NAME: &str = "underlag_portal";

/// How long a session nobody has signed in to lives.
const ANONYMOUS_IDLE: Duration = Duration::from_secs(15 * 60);

/// At most this many sessions at once; beyond it expired, then anonymous ones go first.
const MAX_SESSIONS: usize = 10_000;

/// How the applicant signed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInMethod {
    /// The labelled demo sign-in.
    Demo,
    /// The municipality's identity provider.
    Oidc,
}

/// The signed-in applicant.
#[derive(Debug, Clone)]
pub struct Applicant {
    /// Their personnummer (from the identity provider's claim, or the demo person).
    pub personnummer: Personnummer,
    /// The name shown in the header.
    pub name: String,
    /// Whether they have protected identity: no location data, the unit as configured.
    pub protected: bool,
    /// How they signed in.
    pub method: SignInMethod,
}

// Debug names the type only: its contents are personal data, never printed.
impl std::fmt::Debug for UploadedFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UploadedFile").finish_non_exhaustive()
    }
}

/// An attachment added to the application being written.
#[derive(Clone)]
pub struct UploadedFile {
    /// What was accepted.
    pub meta: AttachmentMeta,
    /// The contents.
    pub content: Vec<u8>,
}

/// The application being written: the form as last submitted (to show it again), what it
/// parsed to (once it parsed), and the attachments added.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    /// The form's fields as last submitted.
    pub values: Vec<(String, String)>,
    /// The parsed application, once the form was accepted.
    pub parsed: Option<ApplicationDraft>,
    /// The attachments added.
    pub files: Vec<UploadedFile>,
}

#[derive(Debug)]
struct Session {
    csrf: String,
    applicant: Option<Applicant>,
    signed_in_at: Option<Instant>,
    last_seen: Instant,
    pending_oidc: Option<PendingOidc>,
    draft: Option<Draft>,
}

/// What a request sees of its session.
#[derive(Debug, Clone)]
pub struct SessionView {
    /// The session id (the cookie's value).
    pub id: String,
    /// The CSRF token every form of this session carries.
    pub csrf: String,
    /// Who is signed in, if anyone.
    pub applicant: Option<Applicant>,
}

/// Every live session.
#[derive(Debug)]
pub struct PortalSessions {
    sessions: Mutex<HashMap<String, Session>>,
    idle: Duration,
    absolute: Duration,
}

impl PortalSessions {
    /// An empty store whose signed-in sessions expire after `idle` without use and
    /// `absolute` after sign-in.
    pub fn new(idle: Duration, absolute: Duration) -> Self {
        Self {
            sessions: Mutex::new(HashMap::new()),
            idle,
            absolute,
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Session>> {
        self.sessions.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn expired(&self, s: &Session, now: Instant) -> bool {
        let idle = if s.applicant.is_some() {
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
            applicant: session.applicant.clone(),
            id,
        })
    }

    /// A new anonymous session (for the sign-in page's CSRF token).
    pub fn create(&self) -> SessionView {
        self.insert(None)
    }

    fn insert(&self, applicant: Option<Applicant>) -> SessionView {
        let now = Instant::now();
        let id = random_token();
        let csrf = random_token();
        let mut sessions = self.lock();
        if sessions.len() >= MAX_SESSIONS {
            sessions.retain(|_, s| !self.expired(s, now));
        }
        if sessions.len() >= MAX_SESSIONS {
            sessions.retain(|_, s| s.applicant.is_some());
        }
        sessions.insert(
            id.clone(),
            Session {
                csrf: csrf.clone(),
                applicant: applicant.clone(),
                signed_in_at: applicant.as_ref().map(|_| now),
                last_seen: now,
                pending_oidc: None,
                draft: None,
            },
        );
        SessionView {
            id,
            csrf,
            applicant,
        }
    }

    /// Signs `applicant` in: the old session is dropped and a new one with a new id and a
    /// new CSRF token is made (no session fixation).
    pub fn sign_in(&self, old: Option<&str>, applicant: Applicant) -> SessionView {
        if let Some(old) = old {
            self.lock().remove(old);
        }
        self.insert(Some(applicant))
    }

    /// Drops a session and everything in it.
    pub fn remove(&self, id: &str) {
        self.lock().remove(id);
    }

    /// Remembers a pending OIDC sign-in.
    pub fn set_pending_oidc(&self, id: &str, pending: PendingOidc) {
        if let Some(s) = self.lock().get_mut(id) {
            s.pending_oidc = Some(pending);
        }
    }

    /// Takes the pending OIDC sign-in out of the session (usable once).
    pub fn take_pending_oidc(&self, id: &str) -> Option<PendingOidc> {
        self.lock().get_mut(id)?.pending_oidc.take()
    }

    /// A copy of the application being written, if any.
    pub fn draft(&self, id: &str) -> Option<Draft> {
        self.lock().get(id)?.draft.clone()
    }

    /// Changes the application being written (made empty first if there is none); returns
    /// what `change` returns, or `None` when the session is gone.
    pub fn update_draft<T>(&self, id: &str, change: impl FnOnce(&mut Draft) -> T) -> Option<T> {
        let mut sessions = self.lock();
        let session = sessions.get_mut(id)?;
        Some(change(session.draft.get_or_insert_with(Draft::default)))
    }

    /// Takes the application being written out of the session (when it is sent).
    pub fn take_draft(&self, id: &str) -> Option<Draft> {
        self.lock().get_mut(id)?.draft.take()
    }

    /// How many sessions are held.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no session is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The `Set-Cookie` value that gives the browser session `id`.
pub fn set_cookie(id: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{COOKIE_NAME}={id}; Path=/mina-sidor; HttpOnly; SameSite=Lax{secure}")
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie(secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{COOKIE_NAME}=; Path=/mina-sidor; HttpOnly; SameSite=Lax; Max-Age=0{secure}")
}

#[cfg(test)]
mod tests {
    use axum::http::header::COOKIE;

    use super::*;

    fn applicant() -> Applicant {
        Applicant {
            personnummer: Personnummer::parse_canonical("198603052393").unwrap(),
            name: "Sökande".into(),
            protected: false,
            method: SignInMethod::Demo,
        }
    }

    fn headers(id: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(COOKIE, format!("{COOKIE_NAME}={id}").parse().unwrap());
        h
    }

    #[test]
    fn sign_in_renews_the_id_and_sign_out_drops_the_draft() {
        let store = PortalSessions::new(Duration::from_secs(60), Duration::from_secs(600));
        let anon = store.create();
        let signed = store.sign_in(Some(&anon.id), applicant());
        assert_ne!(anon.id, signed.id);
        assert_ne!(anon.csrf, signed.csrf);
        assert!(store.get(&headers(&anon.id)).is_none());
        store.update_draft(&signed.id, |d| d.values.push(("a".into(), "b".into())));
        assert_eq!(store.draft(&signed.id).unwrap().values.len(), 1);
        store.remove(&signed.id);
        assert!(store.draft(&signed.id).is_none());
        assert!(store.is_empty());
    }

    #[test]
    fn the_cookie_is_scoped_to_the_portal() {
        let c = set_cookie(&"a".repeat(64), true);
        assert!(c.contains("Path=/mina-sidor") && c.contains("HttpOnly") && c.ends_with("Secure"));
        assert!(clear_cookie(false).contains("Max-Age=0"));
    }
}

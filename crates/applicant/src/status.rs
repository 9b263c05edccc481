//! The case's status events as the applicant sees them on a timeline: received, more
//! documents requested, handling takes longer, decided, paid; each with its time and a text.

use jiff::Timestamp;
use underlag_domain::free_text::{FreeTextError, parse_optional_free_text};

/// The longest event text, in characters.
pub const MAX_EVENT_TEXT_CHARS: usize = 1000;

/// What happened in the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusKind {
    /// Ansökan mottagen.
    Received,
    /// Komplettering begärd.
    DocumentsRequested,
    /// Handläggningen tar längre tid.
    Delayed,
    /// Beslut fattat.
    Decided,
    /// Utbetalt.
    Paid,
}

impl StatusKind {
    /// Every kind.
    pub const ALL: [StatusKind; 5] = [
        StatusKind::Received,
        StatusKind::DocumentsRequested,
        StatusKind::Delayed,
        StatusKind::Decided,
        StatusKind::Paid,
    ];

    /// The stable code (`mottagen`, `komplettering_begard`, `handlaggning_forlangd`,
    /// `beslutad`, `utbetald`).
    pub fn code(self) -> &'static str {
        match self {
            StatusKind::Received => "mottagen",
            StatusKind::DocumentsRequested => "komplettering_begard",
            StatusKind::Delayed => "handlaggning_forlangd",
            StatusKind::Decided => "beslutad",
            StatusKind::Paid => "utbetald",
        }
    }

    /// The Swedish label.
    pub fn label(self) -> &'static str {
        match self {
            StatusKind::Received => "Ansökan mottagen",
            StatusKind::DocumentsRequested => "Komplettering begärd",
            StatusKind::Delayed => "Handläggningen tar längre tid",
            StatusKind::Decided => "Beslut fattat",
            StatusKind::Paid => "Utbetalt",
        }
    }

    /// The kind a code names.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// One event of the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusEvent {
    /// What happened.
    pub kind: StatusKind,
    /// When.
    pub at: Timestamp,
    /// What the case system says about it (may be empty; a free text).
    pub text: String,
}

impl StatusEvent {
    /// An event with its text checked by the free-text rule.
    pub fn new(kind: StatusKind, at: Timestamp, text: &str) -> Result<Self, FreeTextError> {
        let text = parse_optional_free_text(text, MAX_EVENT_TEXT_CHARS)?;
        Ok(Self {
            kind,
            at,
            text: text.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_texts_are_checked() {
        for kind in StatusKind::ALL {
            assert_eq!(StatusKind::from_code(kind.code()), Some(kind));
        }
        let at = Timestamp::UNIX_EPOCH;
        assert!(StatusEvent::new(StatusKind::Paid, at, "Utbetalt till konto").is_ok());
        assert!(StatusEvent::new(StatusKind::Paid, at, "rad\nbrytning").is_err());
    }
}

//! Free-text fields (case worker, case id, purpose, legal basis, organisation name,
//! correlation id): one rule for every door, so that a stored value can never forge a report
//! line, move a terminal's cursor or reorder what a reader sees.
//!
//! A free text is refused when it holds a control character (C0, DEL, C1: NUL, CR, LF, ESC, …)
//! or a bidirectional formatting character (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069),
//! or when it is longer than its field's limit. Leading and trailing white space is trimmed
//! *after* the checks, so the length limit counts what was sent. Where a contract forces a
//! value to be accepted, [`neutralise`] replaces such characters instead, and text reports
//! pass everything they print through it.

/// The longest free text any field accepts, in characters, unless the field sets less.
pub const MAX_FREE_TEXT_CHARS: usize = 500;

/// Why a free text was refused. The message never repeats the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FreeTextError {
    /// Empty or only white space.
    #[error("must not be empty")]
    Empty,
    /// Longer than the field's limit.
    #[error("must be at most {max} characters")]
    TooLong {
        /// The field's limit, in characters.
        max: usize,
    },
    /// Holds a control character (NUL, CR, LF, ESC, …).
    #[error("must not contain control characters (such as line breaks, tabs or escapes)")]
    ControlCharacter,
    /// Holds a bidirectional formatting character.
    #[error("must not contain bidirectional formatting characters")]
    BidiControl,
}

/// Whether `c` is a bidirectional formatting character (Unicode `Bidi_Control`).
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// Whether `c` may not appear in a free text: a control or bidirectional formatting character.
pub fn is_forbidden(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// Checks a required free text of at most `max_chars` characters and returns it trimmed.
pub fn parse_free_text(text: &str, max_chars: usize) -> Result<&str, FreeTextError> {
    let trimmed = parse_optional_free_text(text, max_chars)?;
    if trimmed.is_empty() {
        return Err(FreeTextError::Empty);
    }
    Ok(trimmed)
}

/// Checks a free text that may be empty, of at most `max_chars` characters, and returns it
/// trimmed.
pub fn parse_optional_free_text(text: &str, max_chars: usize) -> Result<&str, FreeTextError> {
    if text.chars().count() > max_chars {
        return Err(FreeTextError::TooLong { max: max_chars });
    }
    if let Some(c) = text.chars().find(|&c| is_forbidden(c)) {
        return Err(if is_bidi_control(c) {
            FreeTextError::BidiControl
        } else {
            FreeTextError::ControlCharacter
        });
    }
    Ok(text.trim())
}

/// `text` with every control and bidirectional formatting character made visible and inert
/// as `\u{XXXX}` (and a backslash doubled), for text reports and for fields a contract forces
/// us to accept. Text without such characters comes back unchanged.
pub fn neutralise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\\' {
            out.push_str("\\\\");
        } else if is_forbidden(c) {
            out.push_str(&format!("\\u{{{:04X}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_swedish_text_passes_trimmed() {
        assert_eq!(
            parse_free_text("  Åsa Öberg, enhet Väst ", 500),
            Ok("Åsa Öberg, enhet Väst")
        );
    }

    #[test]
    fn control_characters_are_refused() {
        for bad in [
            "a\u{1b}[2Jb",
            "a\r\nb",
            "a\0b",
            "a\tb",
            "a\u{7f}b",
            "a\u{85}b",
        ] {
            assert_eq!(
                parse_free_text(bad, 500),
                Err(FreeTextError::ControlCharacter),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn bidi_overrides_are_refused() {
        for bad in ["a\u{202E}b", "a\u{2066}b", "a\u{200F}b", "a\u{061C}b"] {
            assert_eq!(
                parse_free_text(bad, 500),
                Err(FreeTextError::BidiControl),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn length_counts_characters_before_trimming() {
        let at_limit = "å".repeat(10);
        assert_eq!(parse_free_text(&at_limit, 10), Ok(at_limit.as_str()));
        assert_eq!(
            parse_free_text(&format!(" {at_limit}"), 10),
            Err(FreeTextError::TooLong { max: 10 })
        );
    }

    #[test]
    fn empty_is_refused_only_when_required() {
        assert_eq!(parse_free_text("   ", 10), Err(FreeTextError::Empty));
        assert_eq!(parse_optional_free_text("   ", 10), Ok(""));
    }

    #[test]
    fn messages_never_repeat_the_value() {
        let e = parse_free_text("secret\u{1b}", 500).unwrap_err();
        assert!(!e.to_string().contains("secret"));
    }

    #[test]
    fn neutralise_makes_escapes_inert_and_visible() {
        assert_eq!(neutralise("ok"), "ok");
        assert_eq!(neutralise("a\u{1b}[31mb"), "a\\u{001B}[31mb");
        assert_eq!(neutralise("x\r\ny"), "x\\u{000D}\\u{000A}y");
        assert_eq!(neutralise("\u{202E}"), "\\u{202E}");
        assert_eq!(neutralise("a\\u{001B}"), "a\\\\u{001B}");
        assert!(!neutralise("a\u{1b}\n\u{202E}").chars().any(is_forbidden));
    }
}

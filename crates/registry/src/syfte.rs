//! A connection's registered free-text purposes (syften): the texts an unchanged v10 case
//! system sends in `syfte`, each mapped to one of the configured purpose codes.
//!
//! A pattern is compared with the text sent after both are trimmed, lower-cased and have
//! each run of whitespace folded to one space. In a pattern, `*` stands for any run of
//! characters (also none) and `?` for exactly one; without them the pattern is an exact
//! text. `Utredning*` is therefore a prefix, `*försörjningsstöd*` a part of the text.

use std::fmt;

/// The longest pattern, in characters (as for any free text).
pub const MAX_PATTERN_CHARS: usize = 500;

/// One registered syfte text (or pattern) and the purpose code it stands for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct SyfteMapping {
    /// The text or pattern, as registered (see the module documentation).
    pub pattern: String,
    /// The purpose code it maps to, e.g. `EKB-UTREDNING`.
    pub purpose: String,
}

/// Why a syfte mapping was not accepted. The message names the part, never its value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyfteMappingError {
    /// The pattern is blank, too long or holds a control character.
    #[error(
        "the syfte pattern must be 1 to {MAX_PATTERN_CHARS} characters without control characters"
    )]
    Pattern,
    /// The purpose code is blank.
    #[error("the purpose code must be given")]
    Purpose,
}

impl SyfteMapping {
    /// A mapping of `pattern` to the purpose `purpose`; both are trimmed.
    pub fn new(
        pattern: impl AsRef<str>,
        purpose: impl AsRef<str>,
    ) -> Result<Self, SyfteMappingError> {
        let pattern = pattern.as_ref().trim();
        let purpose = purpose.as_ref().trim();
        if pattern.is_empty()
            || pattern.chars().count() > MAX_PATTERN_CHARS
            || pattern.chars().any(char::is_control)
        {
            return Err(SyfteMappingError::Pattern);
        }
        if purpose.is_empty() {
            return Err(SyfteMappingError::Purpose);
        }
        Ok(Self {
            pattern: pattern.to_owned(),
            purpose: purpose.to_owned(),
        })
    }

    /// Whether the pattern has a wildcard (`*` or `?`); without one it is an exact text.
    pub fn is_pattern(&self) -> bool {
        self.pattern.contains(['*', '?'])
    }

    /// Whether `text` (a request's `syfte`) is this mapping's text or fits its pattern.
    pub fn matches(&self, text: &str) -> bool {
        let pattern: Vec<char> = fold(&self.pattern).chars().collect();
        let text: Vec<char> = fold(text).chars().collect();
        !text.is_empty() && glob(&pattern, &text)
    }
}

impl fmt::Display for SyfteMapping {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} -> {}", self.pattern, self.purpose)
    }
}

/// The first of `mappings` that `text` matches, most specific first: exact texts before
/// patterns, then the longer pattern before the shorter, then in pattern order.
pub fn find_mapping<'m>(mappings: &'m [SyfteMapping], text: &str) -> Option<&'m SyfteMapping> {
    let mut candidates: Vec<&SyfteMapping> = mappings.iter().filter(|m| m.matches(text)).collect();
    candidates.sort_by(|a, b| {
        a.is_pattern()
            .cmp(&b.is_pattern())
            .then_with(|| b.pattern.chars().count().cmp(&a.pattern.chars().count()))
            .then_with(|| a.pattern.cmp(&b.pattern))
    });
    candidates.into_iter().next()
}

/// Trimmed, lower-cased, each whitespace run one space.
fn fold(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Wildcard match (`*` any run, `?` one character), iterative with one backtrack point.
fn glob(pattern: &[char], text: &[char]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p, t));
                p += 1;
            }
            Some(c) if *c == '?' || *c == text[t] => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pattern: &str, purpose: &str) -> SyfteMapping {
        SyfteMapping::new(pattern, purpose).unwrap()
    }

    #[test]
    fn exact_texts_ignore_case_and_spacing() {
        let map = m(
            "Beslut om eller kontroll av försörjningsstöd",
            "EKB-KONTROLL",
        );
        assert!(map.matches("beslut om  eller kontroll av FÖRSÖRJNINGSSTÖD "));
        assert!(!map.matches("Beslut om eller kontroll av försörjningsstöd, mars"));
        assert!(!map.is_pattern());
    }

    #[test]
    fn prefixes_and_globs_match() {
        assert!(m("Utredning*", "EKB-UTREDNING").matches("Utredning försörjningsstöd"));
        assert!(m("Utredning*", "EKB-UTREDNING").matches("utredning"));
        assert!(!m("Utredning*", "EKB-UTREDNING").matches("Ny utredning"));
        let part = m("*försörjningsstöd*", "EKB-UTREDNING");
        assert!(part.matches("Ansökan om försörjningsstöd mars"));
        assert!(!part.matches("Ansökan om bostadsbidrag"));
        assert!(m("Ärende ?", "EKB-UTREDNING").matches("ärende 7"));
        assert!(!m("Ärende ?", "EKB-UTREDNING").matches("ärende 77"));
        assert!(m("a*b*c", "X").matches("a-b-b-c"));
        assert!(!m("a*b*c", "X").matches("a-b-b-d"));
    }

    /// Mutation survivors (issue 16): `is_pattern` (which orders exact texts before patterns)
    /// and the mapping's display (what `underlag admin` lists) were never checked.
    #[test]
    fn wildcards_make_a_pattern_and_a_mapping_shows_as_pattern_to_purpose() {
        assert!(m("Utredning*", "EKB-UTREDNING").is_pattern());
        assert!(m("Ärende ?", "EKB-UTREDNING").is_pattern());
        assert!(!m("Ärende 7", "EKB-UTREDNING").is_pattern());
        assert_eq!(
            m("Utredning*", "EKB-UTREDNING").to_string(),
            "Utredning* -> EKB-UTREDNING"
        );
    }

    #[test]
    fn blank_text_never_matches() {
        assert!(!m("*", "EKB-UTREDNING").matches("   "));
        assert!(m("*", "EKB-UTREDNING").matches("vad som helst"));
    }

    #[test]
    fn the_most_specific_mapping_wins() {
        let all = [
            m("*", "EKB-UPPFOLJNING"),
            m("Kontroll*", "EKB-KONTROLL"),
            m("Kontroll av inkomster", "EKB-UTREDNING"),
        ];
        let hit = |text| find_mapping(&all, text).map(|m| m.purpose.as_str());
        assert_eq!(hit("Kontroll av inkomster"), Some("EKB-UTREDNING"));
        assert_eq!(hit("Kontroll av bostad"), Some("EKB-KONTROLL"));
        assert_eq!(hit("Annat"), Some("EKB-UPPFOLJNING"));
        assert_eq!(find_mapping(&all[1..2], "Annat"), None);
    }

    #[test]
    fn bad_mappings_are_refused() {
        assert_eq!(SyfteMapping::new(" ", "X"), Err(SyfteMappingError::Pattern));
        assert_eq!(
            SyfteMapping::new("a\u{7}", "X"),
            Err(SyfteMappingError::Pattern)
        );
        assert_eq!(
            SyfteMapping::new("a".repeat(501), "X"),
            Err(SyfteMappingError::Pattern)
        );
        assert_eq!(SyfteMapping::new("a", " "), Err(SyfteMappingError::Purpose));
    }
}

//! The LEFI actor id (*aktörsid*): whom Försäkringskassan's LEFI service answers for. It is
//! part of the URL of every LEFI call, so it is parsed once, under the free-text rule
//! ([`crate::free_text`]: no control or bidirectional formatting characters, at most
//! [`MAX_FREE_TEXT_CHARS`] characters, trimmed) and never empty.
//!
//! An actor id Försäkringskassan assigns to a municipality or its committee has one form, the
//! LEFI v9 contract's (`aktorsId`, example `9255f428-4ba0-63ce-5407-e65d469fac0f`): 32
//! hexadecimal digits in groups of 8-4-4-4-12. The connection registry takes only that form
//! ([`LefiActorId::parse_assigned`]); the configured fallback and a v10 request's `aktorsid`
//! are forwarded under the free-text rule alone.
//!
//! Where an actor id is optional (a connection without one, the configured fallback) the type
//! is `Option<LefiActorId>`. Stored and configured text keeps the old form: the empty string
//! means none ([`LefiActorId::parse_optional`], [`LefiActorId::text_of`]), so databases,
//! configuration files and printed output are unchanged.

use std::fmt;
use std::str::FromStr;

use crate::free_text::{FreeTextError, MAX_FREE_TEXT_CHARS, parse_optional_free_text};

/// A LEFI actor id: non-empty, trimmed, free of control and bidirectional formatting
/// characters, at most [`MAX_FREE_TEXT_CHARS`] characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LefiActorId(String);

impl LefiActorId {
    /// Parses an actor id; blank text is [`FreeTextError::Empty`].
    pub fn parse(text: &str) -> Result<Self, FreeTextError> {
        Self::parse_optional(text)?.ok_or(FreeTextError::Empty)
    }

    /// Parses an actor id as Försäkringskassan assigns it: 8-4-4-4-12 hexadecimal digits
    /// separated by `-`, surrounding blanks ignored, normalised to lower case.
    pub fn parse_assigned(text: &str) -> Result<Self, ActorIdFormatError> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(ActorIdFormatError::Empty);
        }
        let groups: Vec<&str> = trimmed.split('-').collect();
        let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
        let hex = groups
            .iter()
            .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()));
        if lengths != [8, 4, 4, 4, 12] || !hex {
            return Err(ActorIdFormatError::NotAssignedForm);
        }
        Ok(Self(trimmed.to_ascii_lowercase()))
    }

    /// Parses the stored or configured form, where blank text means "none".
    pub fn parse_optional(text: &str) -> Result<Option<Self>, FreeTextError> {
        let trimmed = parse_optional_free_text(text, MAX_FREE_TEXT_CHARS)?;
        Ok((!trimmed.is_empty()).then(|| Self(trimmed.to_owned())))
    }

    /// The actor id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The stored and printed form of an optional actor id: the empty string for none.
    pub fn text_of(id: Option<&Self>) -> &str {
        id.map_or("", Self::as_str)
    }
}

/// Why text is not an actor id in the form Försäkringskassan assigns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ActorIdFormatError {
    /// Blank text.
    #[error("must not be empty")]
    Empty,
    /// Not 8-4-4-4-12 hexadecimal digits.
    #[error(
        "must be the actor id Försäkringskassan assigned: 32 hexadecimal digits as \
         8-4-4-4-12, e.g. 9255f428-4ba0-63ce-5407-e65d469fac0f"
    )]
    NotAssignedForm,
}

impl fmt::Display for LefiActorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for LefiActorId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl FromStr for LefiActorId {
    type Err = FreeTextError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl serde::Serialize for LefiActorId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for LefiActorId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Self::parse(&text).map_err(|e| serde::de::Error::custom(format!("LEFI actor id {e}")))
    }
}

/// Serialises an optional actor id in its stored form (`""` for none), for
/// `#[serde(serialize_with = …)]`.
pub fn serialize_optional<S: serde::Serializer>(
    id: &Option<LefiActorId>,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.serialize_str(LefiActorId::text_of(id.as_ref()))
}

/// Deserialises an optional actor id from its stored or configured form (blank for none), for
/// `#[serde(deserialize_with = …)]`.
pub fn deserialize_optional<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<LefiActorId>, D::Error> {
    let text = <String as serde::Deserialize>::deserialize(d)?;
    LefiActorId::parse_optional(&text)
        .map_err(|e| serde::de::Error::custom(format!("LEFI actor id {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_actor_id_is_trimmed_and_never_empty() {
        assert_eq!(LefiActorId::parse(" AKTOR-1 ").unwrap().as_str(), "AKTOR-1");
        assert_eq!(LefiActorId::parse("  "), Err(FreeTextError::Empty));
        assert_eq!(LefiActorId::parse(""), Err(FreeTextError::Empty));
    }

    #[test]
    fn an_actor_id_follows_the_free_text_rule() {
        assert_eq!(
            LefiActorId::parse("a\r\nb"),
            Err(FreeTextError::ControlCharacter)
        );
        assert_eq!(
            LefiActorId::parse("a\u{202E}b"),
            Err(FreeTextError::BidiControl)
        );
        assert_eq!(
            LefiActorId::parse(&"a".repeat(MAX_FREE_TEXT_CHARS + 1)),
            Err(FreeTextError::TooLong {
                max: MAX_FREE_TEXT_CHARS
            })
        );
        assert!(LefiActorId::parse(&"a".repeat(MAX_FREE_TEXT_CHARS)).is_ok());
    }

    #[test]
    fn the_stored_form_is_the_empty_string_for_none() {
        assert_eq!(LefiActorId::parse_optional(""), Ok(None));
        assert_eq!(LefiActorId::parse_optional("  "), Ok(None));
        let id = LefiActorId::parse_optional("ACTOR").unwrap();
        assert_eq!(LefiActorId::text_of(id.as_ref()), "ACTOR");
        assert_eq!(LefiActorId::text_of(None), "");
    }

    #[test]
    fn serde_round_trips_both_forms() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct Row {
            #[serde(
                serialize_with = "serialize_optional",
                deserialize_with = "deserialize_optional"
            )]
            actor: Option<LefiActorId>,
        }
        let none = Row { actor: None };
        let json = serde_json::to_string(&none).unwrap();
        assert_eq!(json, r#"{"actor":""}"#);
        assert_eq!(serde_json::from_str::<Row>(&json).unwrap(), none);
        let some: LefiActorId = serde_json::from_str(r#""A1""#).unwrap();
        assert_eq!(serde_json::to_string(&some).unwrap(), r#""A1""#);
        assert!(serde_json::from_str::<LefiActorId>(r#""""#).is_err());
    }

    #[test]
    fn an_assigned_actor_id_is_the_contracts_hex_form_in_lower_case() {
        let id = LefiActorId::parse_assigned(" 9255F428-4ba0-63ce-5407-E65D469FAC0F ").unwrap();
        assert_eq!(id.as_str(), "9255f428-4ba0-63ce-5407-e65d469fac0f");
        for bad in [
            "UNDERLAG-DEMO",
            "9255f428-4ba0-63ce-5407-e65d469fac0",
            "9255f428-4ba0-63ce-5407-e65d469fac0ff",
            "9255f4284ba063ce5407e65d469fac0f",
            "9255f428-4ba0-63ce-5407-e65d469fac0g",
            "9255f428-4ba0-63ce-5407e-65d469fac0f",
            "9255f428-4ba0-63ce-5407-e65d469fac0f-",
            "+255f428-4ba0-63ce-5407-e65d469fac0f",
        ] {
            assert_eq!(
                LefiActorId::parse_assigned(bad),
                Err(ActorIdFormatError::NotAssignedForm),
                "{bad}"
            );
        }
        assert_eq!(
            LefiActorId::parse_assigned("  "),
            Err(ActorIdFormatError::Empty)
        );
    }

    /// Mutation survivor (issue 16): an actor id displays as its text (the FK request path).
    #[test]
    fn an_actor_id_displays_as_its_text() {
        assert_eq!(LefiActorId::parse(" A1 ").unwrap().to_string(), "A1");
    }
}

//! A client certificate's fingerprint: the SHA-256 of its DER encoding as 64 lower-case hex
//! digits, the form the connection registry stores and the transport proves.

use std::fmt;
use std::str::FromStr;

/// A certificate fingerprint, always 64 lower-case hex digits (SHA-256 of the DER).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct Fingerprint(String);

/// Why a certificate fingerprint was not accepted (the text itself is not repeated).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "a certificate fingerprint must be 64 hexadecimal digits (SHA-256), optionally separated by ':'"
)]
pub struct FingerprintError;

impl Fingerprint {
    /// Parses a fingerprint as people and tools spell it: upper or lower case, with or
    /// without `:` between the bytes, surrounding whitespace ignored.
    pub fn parse(text: &str) -> Result<Self, FingerprintError> {
        let hex: String = text
            .trim()
            .chars()
            .filter(|c| *c != ':')
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if hex.len() == 64 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
            Ok(Self(hex))
        } else {
            Err(FingerprintError)
        }
    }

    /// The fingerprint of a SHA-256 digest.
    pub fn of_sha256(digest: &[u8; 32]) -> Self {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let hex = digest
            .iter()
            .flat_map(|b| [HEX[usize::from(b >> 4)], HEX[usize::from(b & 0x0f)]])
            .map(char::from)
            .collect();
        Self(hex)
    }

    /// The canonical text: 64 lower-case hex digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Fingerprint {
    type Err = FingerprintError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl AsRef<str> for Fingerprint {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for Fingerprint {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Fingerprint {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_normalised() {
        let lower = "ab".repeat(32);
        let colons = vec!["AB"; 32].join(":");
        assert_eq!(Fingerprint::parse(&colons).unwrap().as_str(), lower);
        assert_eq!(
            Fingerprint::parse(&format!(" {lower} ")).unwrap(),
            lower.as_str()
        );
        assert_eq!(Fingerprint::parse("abcd"), Err(FingerprintError));
        assert_eq!(Fingerprint::parse(&"zz".repeat(32)), Err(FingerprintError));
    }

    /// Mutation survivor (issue 16): comparing with a `str` (not only a `&str`).
    #[test]
    fn a_fingerprint_equals_its_text() {
        let lower = "ab".repeat(32);
        let fingerprint = Fingerprint::parse(&lower).unwrap();
        assert!(<Fingerprint as PartialEq<str>>::eq(
            &fingerprint,
            lower.as_str()
        ));
        assert!(!<Fingerprint as PartialEq<str>>::eq(
            &fingerprint,
            &"cd".repeat(32)
        ));
    }

    #[test]
    fn a_digest_is_lower_case_hex() {
        let mut digest = [0u8; 32];
        digest[0] = 0xAB;
        digest[31] = 0x0F;
        let fp = Fingerprint::of_sha256(&digest);
        assert_eq!(fp.as_str().len(), 64);
        assert!(fp.as_str().starts_with("ab00"));
        assert!(fp.as_str().ends_with("000f"));
        assert_eq!(Fingerprint::parse(fp.as_str()), Ok(fp));
    }
}

//! Signed checkpoints: an Ed25519 signature over the chain's head at some moment, so the log
//! can be anchored outside the database (a truncated tail or a rewritten chain no longer
//! matches a published checkpoint).
//!
//! Signed bytes, v1: `"underlag-checkpoint-v1"` (22 ASCII bytes) ‖ `seq` (`u64` big-endian)
//! ‖ `head_hash` (32 bytes) ‖ `signed_at` (`ts`: `i64` big-endian floored seconds since the
//! Unix epoch, then `u32` big-endian nanoseconds). A checkpoint of an empty log has seq 0 and
//! the genesis hash (32 zero bytes).
//!
//! Keys: the signing key belongs to the operator and is kept in a file as PKCS#8 PEM
//! (`-----BEGIN PRIVATE KEY-----`, as `openssl genpkey -algorithm ed25519` writes it) or as 64
//! hex digits of the 32-byte seed; the verifying key is published (SPKI PEM or 64 hex digits).
//! This module parses and formats those texts; reading and writing files is the caller's job.

use std::fmt;

use ed25519_dalek::Signer;
use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use jiff::Timestamp;
use rand::TryRngCore;

use crate::encoding::put_ts;

/// The domain-separation prefix of the signed checkpoint bytes.
pub const CHECKPOINT_DOMAIN: &[u8] = b"underlag-checkpoint-v1";

/// A signed statement "the log had `seq` records, the last one hashing to `head_hash`".
#[derive(Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// The seq of the last record covered (0 for an empty log).
    pub seq: u64,
    /// That record's entry hash (the genesis hash for an empty log).
    pub head_hash: [u8; 32],
    /// When the checkpoint was signed.
    pub signed_at: Timestamp,
    /// Ed25519 signature over [`Checkpoint::signed_bytes`].
    pub signature: [u8; 64],
}

impl Checkpoint {
    /// Signs a checkpoint of the head `(seq, head_hash)` at `signed_at`.
    pub fn sign(key: &SigningKey, seq: u64, head_hash: [u8; 32], signed_at: Timestamp) -> Self {
        let bytes = checkpoint_bytes(seq, &head_hash, signed_at);
        let signature = key.0.sign(&bytes).to_bytes();
        Self {
            seq,
            head_hash,
            signed_at,
            signature,
        }
    }

    /// The exact bytes the signature covers.
    pub fn signed_bytes(&self) -> Vec<u8> {
        checkpoint_bytes(self.seq, &self.head_hash, self.signed_at)
    }

    /// Whether the signature is valid for `key` (strict Ed25519 verification).
    pub fn verify(&self, key: &VerifyingKey) -> bool {
        let sig = ed25519_dalek::Signature::from_bytes(&self.signature);
        key.0.verify_strict(&self.signed_bytes(), &sig).is_ok()
    }
}

impl fmt::Debug for Checkpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Checkpoint")
            .field("seq", &self.seq)
            .field("head_hash", &hex::encode(self.head_hash))
            .field("signed_at", &self.signed_at)
            .field("signature", &hex::encode(self.signature))
            .finish()
    }
}

fn checkpoint_bytes(seq: u64, head_hash: &[u8; 32], signed_at: Timestamp) -> Vec<u8> {
    let mut out = Vec::with_capacity(CHECKPOINT_DOMAIN.len() + 8 + 32 + 12);
    out.extend_from_slice(CHECKPOINT_DOMAIN);
    out.extend_from_slice(&seq.to_be_bytes());
    out.extend_from_slice(head_hash);
    put_ts(&mut out, signed_at);
    out
}

/// Why a key text could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// Neither PEM nor 64 hex digits, or not an Ed25519 key.
    #[error("not an Ed25519 key in PEM or hex form")]
    Format,
    /// The operating system's random source failed.
    #[error("no randomness available for key generation")]
    Random,
}

/// The operator's checkpoint signing key. `Debug` never shows it.
#[derive(Clone)]
pub struct SigningKey(ed25519_dalek::SigningKey);

impl SigningKey {
    /// A new key from the operating system's random source.
    pub fn generate() -> Result<Self, KeyError> {
        let mut seed = [0u8; 32];
        rand::rngs::OsRng
            .try_fill_bytes(&mut seed)
            .map_err(|_| KeyError::Random)?;
        Ok(Self::from_seed(seed))
    }

    /// The key for a 32-byte seed (deterministic; for tests and for loading hex keys).
    pub fn from_seed(seed: [u8; 32]) -> Self {
        Self(ed25519_dalek::SigningKey::from_bytes(&seed))
    }

    /// Parses PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`) or 64 hex digits of the seed.
    pub fn from_pem_or_hex(text: &str) -> Result<Self, KeyError> {
        let text = text.trim();
        if text.starts_with("-----BEGIN") {
            ed25519_dalek::SigningKey::from_pkcs8_pem(text)
                .map(Self)
                .map_err(|_| KeyError::Format)
        } else {
            Ok(Self::from_seed(hex32(text)?))
        }
    }

    /// The key as PKCS#8 PEM. This is the secret: write it only to the operator's key file.
    pub fn to_pem(&self) -> Result<String, KeyError> {
        self.0
            .to_pkcs8_pem(LineEnding::LF)
            .map(|s| s.to_string())
            .map_err(|_| KeyError::Format)
    }

    /// The seed as 64 hex digits. This is the secret.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0.to_bytes())
    }

    /// The matching public key, for publishing.
    pub fn verifying_key(&self) -> VerifyingKey {
        VerifyingKey(self.0.verifying_key())
    }

    /// An Ed25519 signature over `bytes` (for the crate's other signed documents, each with
    /// its own domain-separation prefix in `bytes`).
    pub(crate) fn sign_bytes(&self, bytes: &[u8]) -> [u8; 64] {
        self.0.sign(bytes).to_bytes()
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "SigningKey(<secret>, public {})",
            self.verifying_key().to_hex()
        )
    }
}

/// The published key that checks checkpoint signatures.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct VerifyingKey(ed25519_dalek::VerifyingKey);

impl VerifyingKey {
    /// Parses SPKI PEM (`-----BEGIN PUBLIC KEY-----`) or 64 hex digits.
    pub fn from_pem_or_hex(text: &str) -> Result<Self, KeyError> {
        let text = text.trim();
        let key = if text.starts_with("-----BEGIN") {
            ed25519_dalek::VerifyingKey::from_public_key_pem(text).map_err(|_| KeyError::Format)?
        } else {
            ed25519_dalek::VerifyingKey::from_bytes(&hex32(text)?).map_err(|_| KeyError::Format)?
        };
        Ok(Self(key))
    }

    /// The key as SPKI PEM.
    pub fn to_pem(&self) -> Result<String, KeyError> {
        self.0
            .to_public_key_pem(LineEnding::LF)
            .map_err(|_| KeyError::Format)
    }

    /// The key as 64 hex digits.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0.to_bytes())
    }

    /// Whether `signature` is a valid strict Ed25519 signature over `bytes`.
    pub(crate) fn verifies(&self, bytes: &[u8], signature: &[u8; 64]) -> bool {
        let sig = ed25519_dalek::Signature::from_bytes(signature);
        self.0.verify_strict(bytes, &sig).is_ok()
    }
}

impl VerifyingKey {
    /// Whether `signature` is a valid (strict) Ed25519 signature of `bytes` under this key.
    pub(crate) fn verify_bytes(&self, bytes: &[u8], signature: &[u8; 64]) -> bool {
        let sig = ed25519_dalek::Signature::from_bytes(signature);
        self.0.verify_strict(bytes, &sig).is_ok()
    }
}

impl fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VerifyingKey({})", self.to_hex())
    }
}

fn hex32(text: &str) -> Result<[u8; 32], KeyError> {
    let mut out = [0u8; 32];
    hex::decode_to_slice(text, &mut out).map_err(|_| KeyError::Format)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_text_round_trips() {
        let key = SigningKey::generate().unwrap();
        let pem = key.to_pem().unwrap();
        assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"));
        let back = SigningKey::from_pem_or_hex(&pem).unwrap();
        assert_eq!(back.to_hex(), key.to_hex());
        let back = SigningKey::from_pem_or_hex(&format!("  {}\n", key.to_hex())).unwrap();
        assert_eq!(back.verifying_key(), key.verifying_key());

        let vk = key.verifying_key();
        assert_eq!(
            VerifyingKey::from_pem_or_hex(&vk.to_pem().unwrap()).unwrap(),
            vk
        );
        assert_eq!(VerifyingKey::from_pem_or_hex(&vk.to_hex()).unwrap(), vk);
        assert!(SigningKey::from_pem_or_hex("zz").is_err());
        assert!(!format!("{key:?}").contains(&key.to_hex()));
    }

    #[test]
    fn openssl_style_pem_is_accepted() {
        // RFC 8410 section 10.3 example private key.
        let pem = "-----BEGIN PRIVATE KEY-----\n\
                   MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n\
                   -----END PRIVATE KEY-----\n";
        let key = SigningKey::from_pem_or_hex(pem).unwrap();
        assert_eq!(
            key.to_hex(),
            "d4ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f44755842"
        );
    }

    #[test]
    fn signature_covers_every_field() {
        let key = SigningKey::from_seed([7; 32]);
        let at = Timestamp::from_second(1_790_000_000).unwrap();
        let cp = Checkpoint::sign(&key, 42, [9; 32], at);
        let vk = key.verifying_key();
        assert!(cp.verify(&vk));
        assert!(
            !Checkpoint {
                seq: 43,
                ..cp.clone()
            }
            .verify(&vk)
        );
        assert!(
            !Checkpoint {
                head_hash: [8; 32],
                ..cp.clone()
            }
            .verify(&vk)
        );
        let later = Timestamp::from_second(1_790_000_001).unwrap();
        assert!(
            !Checkpoint {
                signed_at: later,
                ..cp.clone()
            }
            .verify(&vk)
        );
        assert!(!cp.verify(&SigningKey::from_seed([8; 32]).verifying_key()));
    }

    /// Mutation survivor (issue 16): a signing key's Debug names its public half only.
    #[test]
    fn a_signing_key_debugs_without_its_secret() {
        let key = SigningKey::from_seed([7; 32]);
        let shown = format!("{key:?}");
        assert!(shown.starts_with("SigningKey(<secret>, public "), "{shown}");
        assert!(shown.contains(&key.verifying_key().to_hex()));
        assert!(!shown.contains(&key.to_hex()));
    }

    /// Mutation survivors (issue 16): the public parts are what a checkpoint's and a
    /// verifying key's `Debug` show (an operator reads them in logs of `audit verify`).
    #[test]
    fn debug_shows_the_public_parts() {
        let key = SigningKey::from_seed([7; 32]);
        let vk = key.verifying_key();
        assert_eq!(format!("{vk:?}"), format!("VerifyingKey({})", vk.to_hex()));
        let at = Timestamp::from_second(1_790_000_000).unwrap();
        let cp = Checkpoint::sign(&key, 42, [9; 32], at);
        let shown = format!("{cp:?}");
        assert!(
            shown.starts_with("Checkpoint { seq: 42, head_hash: \"0909"),
            "{shown}"
        );
        assert!(shown.contains(&hex::encode(cp.signature)), "{shown}");
        assert!(!shown.contains(&key.to_hex()), "never the private key");
    }
}

//! The signed conformance report: the report's JSON bytes exactly as written, and an Ed25519
//! signature over them with the operator's key (the same key formats as the audit checkpoints:
//! PKCS#8 PEM or 64 hex digits of the seed; the public key as SPKI PEM or 64 hex digits).
//!
//! File layout: `{"signature":{"algorithm":"Ed25519","public_key":"<hex>","value":"<hex>"},"report":<report>}`.
//! The signed bytes are the domain-separation prefix [`SIGNED_PREFIX`] followed by the
//! `report` value's bytes as they stand in the file, so any changed byte of the report, the
//! signature or the layout makes verification fail.

use ed25519_dalek::Signer;
use ed25519_dalek::pkcs8::{DecodePrivateKey, DecodePublicKey};
use serde_json::value::RawValue;

use super::Report;

/// The operator's signing key.
pub type SigningKey = ed25519_dalek::SigningKey;

/// What is signed before the report's bytes.
pub const SIGNED_PREFIX: &[u8] = b"underlag-conformance-report-v1\n";

/// Why a report could not be signed or did not verify.
#[derive(Debug, thiserror::Error)]
pub enum SignedReportError {
    /// A key is not PKCS#8/SPKI PEM or 64 hex digits.
    #[error("the key is neither PEM nor 64 hex digits of an Ed25519 key")]
    KeyFormat,
    /// The file is not a signed report.
    #[error("not a signed conformance report: {0}")]
    Layout(String),
    /// The signature does not match the report and key.
    #[error("the signature does not verify with the given public key")]
    BadSignature,
}

#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Signature {
    algorithm: String,
    public_key: String,
    value: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SignedFile<'a> {
    signature: Signature,
    #[serde(borrow)]
    report: &'a RawValue,
}

/// Parses a signing key: PKCS#8 PEM or 64 hex digits of the seed.
pub fn signing_key(text: &str) -> Result<ed25519_dalek::SigningKey, SignedReportError> {
    let text = text.trim();
    if text.starts_with("-----BEGIN") {
        return ed25519_dalek::SigningKey::from_pkcs8_pem(text)
            .map_err(|_| SignedReportError::KeyFormat);
    }
    let mut seed = [0u8; 32];
    hex::decode_to_slice(text, &mut seed).map_err(|_| SignedReportError::KeyFormat)?;
    Ok(ed25519_dalek::SigningKey::from_bytes(&seed))
}

/// Parses a public key: SPKI PEM or 64 hex digits.
pub fn verifying_key(text: &str) -> Result<ed25519_dalek::VerifyingKey, SignedReportError> {
    let text = text.trim();
    if text.starts_with("-----BEGIN") {
        return ed25519_dalek::VerifyingKey::from_public_key_pem(text)
            .map_err(|_| SignedReportError::KeyFormat);
    }
    let mut bytes = [0u8; 32];
    hex::decode_to_slice(text, &mut bytes).map_err(|_| SignedReportError::KeyFormat)?;
    ed25519_dalek::VerifyingKey::from_bytes(&bytes).map_err(|_| SignedReportError::KeyFormat)
}

fn signed_bytes(report_json: &str) -> Vec<u8> {
    let mut bytes = SIGNED_PREFIX.to_vec();
    bytes.extend_from_slice(report_json.as_bytes());
    bytes
}

/// The signed report file's text.
pub fn sign(report: &Report, key: &ed25519_dalek::SigningKey) -> Result<String, SignedReportError> {
    let report_json = serde_json::to_string_pretty(report)
        .map_err(|e| SignedReportError::Layout(e.to_string()))?;
    let signature = key.sign(&signed_bytes(&report_json));
    let header = Signature {
        algorithm: "Ed25519".to_owned(),
        public_key: hex::encode(key.verifying_key().to_bytes()),
        value: hex::encode(signature.to_bytes()),
    };
    layout(&header, &report_json)
}

fn layout(signature: &Signature, report_json: &str) -> Result<String, SignedReportError> {
    let header =
        serde_json::to_string(signature).map_err(|e| SignedReportError::Layout(e.to_string()))?;
    Ok(format!(
        "{{\"signature\":{header},\n\"report\":{report_json}}}\n"
    ))
}

/// Checks a signed report file against the operator's public key and returns the report.
pub fn verify(text: &str, key: &ed25519_dalek::VerifyingKey) -> Result<Report, SignedReportError> {
    let file: SignedFile<'_> =
        serde_json::from_str(text).map_err(|e| SignedReportError::Layout(e.to_string()))?;
    if file.signature.algorithm != "Ed25519" {
        return Err(SignedReportError::Layout(
            "field 'signature.algorithm' must be Ed25519".to_owned(),
        ));
    }
    if file.signature.public_key != hex::encode(key.to_bytes()) {
        return Err(SignedReportError::BadSignature);
    }
    let mut sig = [0u8; 64];
    hex::decode_to_slice(&file.signature.value, &mut sig)
        .map_err(|_| SignedReportError::BadSignature)?;
    let signature = ed25519_dalek::Signature::from_bytes(&sig);
    key.verify_strict(&signed_bytes(file.report.get()), &signature)
        .map_err(|_| SignedReportError::BadSignature)?;
    // Every byte outside the report is fixed by the layout: a file that is not exactly what
    // `sign` writes does not verify, even when its JSON means the same.
    if text != layout(&file.signature, file.report.get())? {
        return Err(SignedReportError::BadSignature);
    }
    serde_json::from_str(file.report.get()).map_err(|e| SignedReportError::Layout(e.to_string()))
}

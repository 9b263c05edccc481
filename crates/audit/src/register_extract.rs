//! "Vem har tittat på mina uppgifter?": every lookup of one person from the audit chain
//! ([`who_looked`]), and the signed register extract a person can download and anyone can
//! verify with the published checkpoint key ([`sign_extract`], [`verify_extract`]).
//!
//! A lookup is a record whose kind [`AuditKind::is_lookup`] (an answered query, a refused
//! attempt, a read of a case's household): when, which organisation and unit, the purpose,
//! the case, which sources answered; refused attempts included. Whether the case worker is
//! named is the caller's setting ([`WhoLookedOptions::name_case_workers`]), and so is whether
//! the unit is shown to a person with protected identity.
//!
//! File layout of a signed extract (one line of header, then the extract):
//! `{"signature":{"algorithm":"Ed25519","public_key":"<hex>","value":"<hex>"},\n"extract":<extract>}\n`.
//! The signed bytes are [`EXTRACT_DOMAIN`] followed by the `extract` value's bytes as they
//! stand in the file, and every byte outside it is fixed by the layout, so any changed byte
//! of the file makes verification fail.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use underlag_domain::Personnummer;

use crate::checkpoint::{SigningKey, VerifyingKey};
use crate::encoding::ChainedRecord;
use crate::record::AuditKind;

/// What is signed before the extract's bytes.
pub const EXTRACT_DOMAIN: &[u8] = b"underlag-register-extract-v1\n";

/// The extract's format name.
pub const EXTRACT_FORMAT: &str = "underlag-register-extract-v1";

/// How an organisation is presented: its name and the unit (nämnd and enhet) as registered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationLabel {
    /// The organisation's name, when registered.
    pub name: Option<String>,
    /// The unit, when registered.
    pub unit: Option<String>,
}

/// The settings of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WhoLookedOptions {
    /// Name the case worker of each lookup (otherwise "a case worker at …").
    pub name_case_workers: bool,
    /// Show the unit to a person with protected identity (the organisation is always shown).
    pub show_unit_when_protected: bool,
}

/// What one source answered in a lookup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceAnswer {
    /// The source's code (`FK`, `AF`, …).
    pub source: String,
    /// The outcome kind (`ok`, `no_match`, `timed_out`, …).
    pub outcome: String,
}

/// One lookup of the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LookupEntry {
    /// The record's place in the audit chain.
    pub seq: u64,
    /// When.
    pub at: Timestamp,
    /// `query`, `refused` or `case_read`.
    pub kind: String,
    /// Whether the attempt was refused (no source was asked).
    pub refused: bool,
    /// The asking organisation's organisationsnummer.
    pub organisation: String,
    /// Its name, when registered.
    pub organisation_name: Option<String>,
    /// Its unit, when registered and shown.
    pub unit: Option<String>,
    /// The purpose (syfte).
    pub purpose: String,
    /// The legal basis (lagtext).
    pub legal_basis: String,
    /// The case id.
    pub case_id: String,
    /// The case worker, when named by the setting.
    pub case_worker: Option<String>,
    /// The channel (`rest`, `soap`, `ui`, …).
    pub channel: String,
    /// What each source answered (empty for a refused attempt or a household read).
    pub sources: Vec<SourceAnswer>,
    /// Why it was refused (a stable reason code).
    pub refusal: Option<String>,
}

impl LookupEntry {
    /// The sources that answered with data or "no match" (they were asked and answered).
    pub fn answered(&self) -> impl Iterator<Item = &SourceAnswer> {
        self.sources
            .iter()
            .filter(|s| s.outcome == "ok" || s.outcome == "no_match")
    }
}

/// Every lookup of `subject` in `records` (in chain order), presented with `describe` (the
/// organisation's name and unit from the registry) and `options`.
pub fn who_looked(
    records: &[ChainedRecord],
    subject: &Personnummer,
    describe: impl Fn(&str) -> OrganisationLabel,
    options: WhoLookedOptions,
) -> Vec<LookupEntry> {
    records
        .iter()
        .filter(|r| r.record.kind.is_lookup() && r.record.subject.as_ref() == Some(subject))
        .map(|r| {
            let record = &r.record;
            let label = describe(&record.organisation);
            let unit = if record.protected && !options.show_unit_when_protected {
                None
            } else {
                label.unit
            };
            LookupEntry {
                seq: r.seq,
                at: record.at,
                kind: record.kind.code().to_owned(),
                refused: record.kind == AuditKind::Refused,
                organisation: record.organisation.clone(),
                organisation_name: label.name,
                unit,
                purpose: record.purpose.clone(),
                legal_basis: record.legal_basis.clone(),
                case_id: record.case_id.clone(),
                case_worker: options
                    .name_case_workers
                    .then(|| record.case_worker.clone())
                    .filter(|w| !w.is_empty()),
                channel: record.channel.code().to_owned(),
                sources: record
                    .sources
                    .iter()
                    .map(|s| SourceAnswer {
                        source: s.source.clone(),
                        outcome: s.outcome.clone(),
                    })
                    .collect(),
                refusal: record.refusal.clone(),
            }
        })
        .collect()
}

/// The register extract: the person's lookups up to a point of the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterExtract {
    /// Always [`EXTRACT_FORMAT`].
    pub format: String,
    /// The person (12 digits): the extract is theirs.
    pub subject: String,
    /// When it was made.
    pub created_at: Timestamp,
    /// The last seq of the chain it covers.
    pub chain_head_seq: u64,
    /// Whether case workers are named.
    pub case_workers_named: bool,
    /// Every lookup, oldest first.
    pub lookups: Vec<LookupEntry>,
}

impl RegisterExtract {
    /// The extract of `lookups` of `subject`, made at `created_at` over the chain up to
    /// `chain_head_seq`.
    pub fn new(
        subject: &Personnummer,
        created_at: Timestamp,
        chain_head_seq: u64,
        options: WhoLookedOptions,
        lookups: Vec<LookupEntry>,
    ) -> Self {
        Self {
            format: EXTRACT_FORMAT.to_owned(),
            subject: subject.expose().to_owned(),
            created_at,
            chain_head_seq,
            case_workers_named: options.name_case_workers,
            lookups,
        }
    }
}

/// Why a signed extract did not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    /// The file is not a signed register extract.
    #[error("not a signed register extract: {0}")]
    Layout(String),
    /// The signature does not match the extract and the published key.
    #[error("the signature does not verify with the published checkpoint key")]
    BadSignature,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Signature {
    algorithm: String,
    public_key: String,
    value: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SignedFile<'a> {
    signature: Signature,
    #[serde(borrow)]
    extract: &'a RawValue,
}

fn signed_bytes(extract_json: &str) -> Vec<u8> {
    let mut bytes = EXTRACT_DOMAIN.to_vec();
    bytes.extend_from_slice(extract_json.as_bytes());
    bytes
}

fn layout(signature: &Signature, extract_json: &str) -> Result<String, ExtractError> {
    let header =
        serde_json::to_string(signature).map_err(|e| ExtractError::Layout(e.to_string()))?;
    Ok(format!(
        "{{\"signature\":{header},\n\"extract\":{extract_json}}}\n"
    ))
}

/// The signed extract file's text, signed with the audit checkpoint key.
pub fn sign_extract(extract: &RegisterExtract, key: &SigningKey) -> Result<String, ExtractError> {
    let extract_json =
        serde_json::to_string_pretty(extract).map_err(|e| ExtractError::Layout(e.to_string()))?;
    let signature = key.sign_bytes(&signed_bytes(&extract_json));
    let header = Signature {
        algorithm: "Ed25519".to_owned(),
        public_key: key.verifying_key().to_hex(),
        value: hex::encode(signature),
    };
    layout(&header, &extract_json)
}

/// Checks a signed extract file against the published checkpoint key (any of `keys`, for
/// retired keys) and returns the extract.
pub fn verify_extract(text: &str, keys: &[VerifyingKey]) -> Result<RegisterExtract, ExtractError> {
    let file: SignedFile<'_> =
        serde_json::from_str(text).map_err(|e| ExtractError::Layout(e.to_string()))?;
    if file.signature.algorithm != "Ed25519" {
        return Err(ExtractError::Layout(
            "field 'signature.algorithm' must be Ed25519".to_owned(),
        ));
    }
    let Some(key) = keys
        .iter()
        .find(|k| k.to_hex() == file.signature.public_key)
    else {
        return Err(ExtractError::BadSignature);
    };
    let mut signature = [0u8; 64];
    hex::decode_to_slice(&file.signature.value, &mut signature)
        .map_err(|_| ExtractError::BadSignature)?;
    if !key.verifies(&signed_bytes(file.extract.get()), &signature) {
        return Err(ExtractError::BadSignature);
    }
    // Every byte outside the extract is fixed by the layout.
    if text != layout(&file.signature, file.extract.get())? {
        return Err(ExtractError::BadSignature);
    }
    let extract: RegisterExtract = serde_json::from_str(file.extract.get())
        .map_err(|e| ExtractError::Layout(e.to_string()))?;
    if extract.format != EXTRACT_FORMAT {
        return Err(ExtractError::Layout(
            "field 'format' is not known".to_owned(),
        ));
    }
    Ok(extract)
}

#[cfg(test)]
mod tests;

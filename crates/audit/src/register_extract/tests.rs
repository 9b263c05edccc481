//! The lookup list and the signed extract: who is listed and how, and that a changed byte of
//! the file fails verification.

use jiff::Timestamp;

use super::*;
use crate::encoding::{ChainedRecord, GENESIS_HASH};
use crate::record::{AuditKind, AuditRecord, Channel};
use crate::testdata::{pnr, sample};

fn chain(records: Vec<AuditRecord>) -> Vec<ChainedRecord> {
    let mut prev = GENESIS_HASH;
    let mut out = Vec::new();
    for (i, r) in records.into_iter().enumerate() {
        let c = ChainedRecord::link(i as u64 + 1, prev, r);
        prev = c.hash;
        out.push(c);
    }
    out
}

fn records() -> Vec<ChainedRecord> {
    let mut refused = sample(2);
    refused.kind = AuditKind::Refused;
    refused.sources.clear();
    refused.refusal = Some("purpose_not_allowed".into());
    let mut admin = sample(3);
    admin.kind = AuditKind::Admin;
    let mut consent = sample(4);
    consent.kind = AuditKind::ConsentGiven;
    let mut other = sample(5);
    other.subject = Some(pnr("19860305239"));
    let mut protected = sample(6);
    protected.protected = true;
    chain(vec![sample(1), refused, admin, consent, other, protected])
}

fn label(org: &str) -> OrganisationLabel {
    OrganisationLabel {
        name: Some(format!("Kommun {org}")),
        unit: Some("Försörjningsstöd".into()),
    }
}

#[test]
fn lookups_and_refused_attempts_of_the_person_are_listed() {
    let subject = pnr("19900101238");
    let options = WhoLookedOptions {
        name_case_workers: true,
        show_unit_when_protected: false,
    };
    let list = who_looked(&records(), &subject, label, options);
    let seqs: Vec<u64> = list.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, vec![1, 2, 6], "lookups only, of this person only");
    assert_eq!(list[0].case_worker.as_deref(), Some("handlaggare-1"));
    assert_eq!(
        list[0].organisation_name.as_deref(),
        Some("Kommun 2120000142")
    );
    assert_eq!(list[0].unit.as_deref(), Some("Försörjningsstöd"));
    let answered: Vec<&str> = list[0].answered().map(|s| s.source.as_str()).collect();
    assert_eq!(answered, vec!["FK"], "AF timed out: not an answer");
    assert!(list[1].refused);
    assert_eq!(list[1].refusal.as_deref(), Some("purpose_not_allowed"));
    assert_eq!(
        list[2].unit, None,
        "the unit is not shown to a protected person"
    );

    let anonymous = who_looked(
        &records(),
        &subject,
        label,
        WhoLookedOptions {
            name_case_workers: false,
            show_unit_when_protected: true,
        },
    );
    assert!(anonymous.iter().all(|e| e.case_worker.is_none()));
    assert_eq!(anonymous[2].unit.as_deref(), Some("Försörjningsstöd"));
}

fn signed() -> (String, SigningKey) {
    let subject = pnr("19900101238");
    let options = WhoLookedOptions {
        name_case_workers: true,
        show_unit_when_protected: false,
    };
    let lookups = who_looked(&records(), &subject, label, options);
    let extract = RegisterExtract::new(
        &subject,
        Timestamp::from_second(1_790_000_100).unwrap(),
        6,
        options,
        lookups,
    );
    let key = SigningKey::from_seed([7; 32]);
    (sign_extract(&extract, &key).unwrap(), key)
}

#[test]
fn a_signed_extract_verifies_with_the_published_key() {
    let (text, key) = signed();
    let extract = verify_extract(&text, &[key.verifying_key()]).unwrap();
    assert_eq!(extract.lookups.len(), 3);
    assert_eq!(extract.subject, pnr("19900101238").expose());
    let other = SigningKey::from_seed([8; 32]).verifying_key();
    assert_eq!(
        verify_extract(&text, &[other]),
        Err(ExtractError::BadSignature)
    );
    // A retired key beside the current one still verifies.
    assert!(verify_extract(&text, &[other, key.verifying_key()]).is_ok());
}

#[test]
fn every_changed_byte_fails_verification() {
    let (text, key) = signed();
    let keys = [key.verifying_key()];
    let bytes = text.as_bytes();
    for i in 0..bytes.len() {
        let mut changed = bytes.to_vec();
        changed[i] = if changed[i] == b'1' { b'2' } else { b'1' };
        let Ok(changed) = String::from_utf8(changed) else {
            continue;
        };
        assert!(
            verify_extract(&changed, &keys).is_err(),
            "byte {i} changed and still verified"
        );
    }
    assert!(verify_extract(&format!("{text} "), &keys).is_err());
    assert!(verify_extract(text.trim_end(), &keys).is_err());
}

#[test]
fn the_channel_is_kept() {
    let list = who_looked(
        &records(),
        &pnr("19900101238"),
        label,
        WhoLookedOptions {
            name_case_workers: false,
            show_unit_when_protected: false,
        },
    );
    assert_eq!(list[0].channel, Channel::Rest.code());
}

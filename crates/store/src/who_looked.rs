//! "Vem har tittat på mina uppgifter?" read from the store: every lookup of one person in the
//! audit chain ([`underlag_audit::who_looked`]), each asking organisation named with its name
//! and unit from the connection registry, and the signed register extract of them.

use std::collections::BTreeMap;

use jiff::Timestamp;
use underlag_audit::{
    AuditKind, AuditRecord, Channel, LookupEntry, OrganisationLabel, RegisterExtract, SigningKey,
    WhoLookedOptions, sign_extract, who_looked,
};
use underlag_domain::{Organisationsnummer, Personnummer};

use crate::error::StoreError;
use crate::{AuditFilter, AuditStore, RegistryStore};

/// How many records one read takes.
const PAGE: u32 = 1000;

/// Every lookup of `subject` (oldest first) and the chain's last seq read.
pub async fn lookups_of(
    audit: &dyn AuditStore,
    registry: &dyn RegistryStore,
    subject: &Personnummer,
    options: WhoLookedOptions,
) -> Result<(Vec<LookupEntry>, u64), StoreError> {
    let mut records = Vec::new();
    let mut from = 1u64;
    loop {
        let filter = AuditFilter::default()
            .subject(subject)
            .from_seq(from)
            .limit(PAGE);
        let page = audit.query(filter).await?;
        let Some(last) = page.last() else { break };
        from = last.seq + 1;
        let full = page.len() == PAGE as usize;
        records.extend(page);
        if !full {
            break;
        }
    }
    let head = audit.count().await?;
    let mut labels: BTreeMap<String, OrganisationLabel> = BTreeMap::new();
    for r in records.iter().filter(|r| r.record.kind.is_lookup()) {
        let org = &r.record.organisation;
        if labels.contains_key(org) {
            continue;
        }
        let label = match Organisationsnummer::parse(org) {
            Ok(parsed) => match registry.connection(&parsed).await? {
                Some(c) => OrganisationLabel {
                    name: Some(c.name).filter(|n| !n.is_empty()),
                    unit: Some(c.committee_unit).filter(|u| !u.is_empty()),
                },
                None => OrganisationLabel::default(),
            },
            Err(_) => OrganisationLabel::default(),
        };
        labels.insert(org.clone(), label);
    }
    let entries = who_looked(
        &records,
        subject,
        |org| labels.get(org).cloned().unwrap_or_default(),
        options,
    );
    Ok((entries, head))
}

/// The signed register extract of `subject`'s lookups, signed with the checkpoint key; its
/// handing-out is audited (`register_extract`, through `channel`) before the text is
/// returned (fail closed).
pub async fn signed_register_extract(
    audit: &dyn AuditStore,
    registry: &dyn RegistryStore,
    subject: &Personnummer,
    options: WhoLookedOptions,
    key: &SigningKey,
    channel: Channel,
) -> Result<(RegisterExtract, String), StoreError> {
    let (lookups, head) = lookups_of(audit, registry, subject, options).await?;
    let now = Timestamp::now();
    let extract = RegisterExtract::new(subject, now, head, options, lookups);
    let text =
        sign_extract(&extract, key).map_err(|_| StoreError::OutOfRange("register extract"))?;
    let record = AuditRecord::builder(
        AuditKind::RegisterExtract,
        uuid_like(now, head),
        now,
        channel,
    )
    .subject(subject)
    .refusal(format!(
        "register extract of {} lookups up to seq {head}",
        extract.lookups.len()
    ))
    .build();
    audit.append(record).await?;
    Ok((extract, text))
}

/// An id for the extract record: the time and the head it covers.
fn uuid_like(now: Timestamp, head: u64) -> String {
    format!("extract-{}-{head}", now.as_second())
}

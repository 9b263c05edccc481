//! Test fixtures: valid identity numbers and a fully populated sample record.

use jiff::Timestamp;
use jiff::civil::date;
use underlag_domain::{Organisationsnummer, Period, Personnummer};

use crate::record::{AuditRecord, Channel, SourceAuditEntry};

/// A valid identity number from its first 11 digits (the check digit is found by trying).
pub(crate) fn pnr(first11: &str) -> Personnummer {
    (0..10)
        .find_map(|d| Personnummer::parse_canonical(&format!("{first11}{d}")).ok())
        .expect("no check digit makes this valid")
}

/// A record with every field set, deterministic.
pub(crate) fn sample(n: u32) -> AuditRecord {
    let org = Organisationsnummer::parse("2120000142").expect("valid organisationsnummer");
    let at = Timestamp::from_second(1_790_000_000 + i64::from(n)).expect("in range");
    let period = Period::new(date(2026, 1, 1), date(2026, 3, 31)).expect("ordered");
    AuditRecord::query(
        format!("q-{n}"),
        at,
        Channel::Rest,
        &pnr("19900101238"),
        period,
    )
    .organisation(&org)
    .case_worker(format!("handlaggare-{n}"))
    .case_id("AE-2026-0001")
    .purpose("utredning av ekonomiskt bistånd")
    // A legal basis as written before 2025-07-01: SoL (2001:453) is upphävd (repealed) since
    // then; the text stays because the golden entry hashes pin these records' bytes.
    .legal_basis("SoL 2001:453 / OSL 2009:400 10 kap. 28 §")
    .data_processor(&org, "Exempel IT AB")
    .source(SourceAuditEntry {
        source: "FK".into(),
        outcome: "ok".into(),
        latency_ms: Some(120),
        attempts: 1,
    })
    .source(SourceAuditEntry {
        source: "AF".into(),
        outcome: "timed_out".into(),
        latency_ms: None,
        attempts: 2,
    })
    .build()
}

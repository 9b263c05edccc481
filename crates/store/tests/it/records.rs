//! The store suites' records: a checkpoint key, the usual subject, and fully populated query
//! records.

use jiff::Timestamp;
use jiff::civil::date;
use underlag_audit::{AuditRecord, Channel, SigningKey, SourceAuditEntry};
use underlag_domain::{Period, Personnummer};
use underlag_store::AuditStore;
use underlag_test_support::fixtures::{exempelkommun_organisation, pnr};

/// The checkpoint key used in tests.
pub(crate) fn key() -> SigningKey {
    SigningKey::from_seed([5; 32])
}

/// The usual test subject.
pub(crate) fn subject() -> Personnummer {
    pnr("19900101238")
}

/// A fully populated query record number `n`, made at `1_790_000_000 + n` seconds.
pub(crate) fn record(n: u32) -> AuditRecord {
    record_by(n, &format!("handlaggare-{}", n % 3), &subject())
}

/// A record by a given case worker about a given person.
pub(crate) fn record_by(n: u32, case_worker: &str, who: &Personnummer) -> AuditRecord {
    let org = exempelkommun_organisation();
    let at = Timestamp::new(1_790_000_000 + i64::from(n), 123_456_789).unwrap();
    let period = Period::new(date(2026, 1, 1), date(2026, 3, 31)).unwrap();
    AuditRecord::query(format!("q-{n}"), at, Channel::Rest, who, period)
        .organisation(&org)
        .case_worker(case_worker)
        .case_id(format!("AE-{n}"))
        .purpose("utredning av ekonomiskt bistånd")
        .legal_basis("11 kap. 11 § SoL")
        .data_processor(&org, "Exempel IT AB")
        .source(SourceAuditEntry {
            source: "FK".into(),
            outcome: "ok".into(),
            latency_ms: Some(u64::from(n)),
            attempts: 1,
        })
        .source(SourceAuditEntry {
            source: "MIV".into(),
            outcome: "not_entitled".into(),
            latency_ms: None,
            attempts: 0,
        })
        .build()
}

/// Appends records `1..=n` in order.
pub(crate) async fn fill(store: &dyn AuditStore, n: u32) {
    for i in 1..=n {
        store.append(record(i)).await.unwrap();
    }
}

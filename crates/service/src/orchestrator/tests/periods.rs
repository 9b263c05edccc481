//! The per-provider period reaches the orchestrator's adapters (issue 16's survivors).

use std::sync::Arc;

use jiff::civil::date;
use underlag_domain::{Period, SourceId};

use super::{MemoryAudit, Script, all_ok_except, orchestrator, query};

/// Survivor (issue 16): the orchestrator asking every adapter for the query's general
/// period, ignoring `source_periods`, passed the service crate's tests (only the doors'
/// tests noticed). CSN has a period of its own; every other source is asked the general one.
#[tokio::test(start_paused = true)]
async fn a_source_period_reaches_its_adapter_and_no_other() {
    let audit = Arc::new(MemoryAudit::default());
    let (o, adapters) = orchestrator(&all_ok_except(SourceId::Csn, Script::Ok), audit);
    let march = Period::new(date(2026, 3, 1), date(2026, 3, 31)).unwrap();
    let mut q = query(&SourceId::ALL);
    q.source_periods.insert(SourceId::Csn, march);
    o.run(q).await.unwrap();
    let general = Period::new(date(2026, 1, 1), date(2026, 10, 31)).unwrap();
    for adapter in &adapters {
        let asked: Vec<Period> = adapter
            .requests
            .lock()
            .unwrap()
            .iter()
            .map(|r| r.period)
            .collect();
        let expected = if adapter.id == SourceId::Csn {
            march
        } else {
            general
        };
        assert_eq!(asked, [expected], "{}", adapter.id.code());
    }
}

//! The selection of audit records an [`AuditFilter`] asks for, as SQL both backends share:
//! its conditions, the order by `seq` and the limit, appended to a backend's own query.

use sqlx::{Database, Encode, QueryBuilder, Type};

use crate::AuditFilter;
use crate::error::StoreError;
use crate::row::{seq_to_db, ts_to_db};

/// Appends `filter`'s conditions (each ` AND …`, so the query's `WHERE` clause must be open),
/// then ` ORDER BY seq` and the limit, if any.
pub(crate) fn push_filter<DB>(
    qb: &mut QueryBuilder<DB>,
    filter: AuditFilter,
) -> Result<(), StoreError>
where
    DB: Database,
    i64: for<'q> Encode<'q, DB> + Type<DB>,
    String: for<'q> Encode<'q, DB> + Type<DB>,
{
    if let Some(period) = &filter.period {
        qb.push(" AND at_ns >= ")
            .push_bind(ts_to_db(period.start, "period start")?);
        qb.push(" AND at_ns < ")
            .push_bind(ts_to_db(period.end, "period end")?);
    }
    if let Some(cw) = filter.case_worker {
        qb.push(" AND case_worker = ").push_bind(cw);
    }
    if let Some(subject) = &filter.subject {
        qb.push(" AND subject = ")
            .push_bind(subject.expose().to_owned());
    }
    if let Some(org) = filter.organisation {
        qb.push(" AND organisation = ").push_bind(org);
    }
    if let Some(seq) = filter.from_seq {
        qb.push(" AND seq >= ").push_bind(seq_to_db(seq)?);
    }
    qb.push(" ORDER BY seq");
    if let Some(limit) = filter.limit {
        qb.push(" LIMIT ").push_bind(i64::from(limit));
    }
    Ok(())
}

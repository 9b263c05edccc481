//! The selection of audit records an [`AuditFilter`] asks for, as SQL both backends share:
//! its conditions, the order by `seq` and the limit, appended to a query of records.

use crate::AuditFilter;
use crate::error::StoreError;
use crate::row::{seq_to_db, ts_to_db};
use crate::sql::Statement;

/// Appends `filter`'s conditions (each ` AND …`, so the query's `WHERE` clause must be open),
/// then ` ORDER BY seq` and the limit, if any.
pub(crate) fn push_filter(
    statement: &mut Statement,
    filter: AuditFilter,
) -> Result<(), StoreError> {
    if let Some(period) = &filter.period {
        statement.push_bind(" AND at_ns >= ", ts_to_db(period.start, "period start")?);
        statement.push_bind(" AND at_ns < ", ts_to_db(period.end, "period end")?);
    }
    if let Some(cw) = filter.case_worker {
        statement.push_bind(" AND case_worker = ", cw);
    }
    if let Some(subject) = &filter.subject {
        statement.push_bind(" AND subject = ", subject.expose());
    }
    if let Some(org) = filter.organisation {
        statement.push_bind(" AND organisation = ", org);
    }
    if let Some(seq) = filter.from_seq {
        statement.push_bind(" AND seq >= ", seq_to_db(seq)?);
    }
    statement.push(" ORDER BY seq");
    if let Some(limit) = filter.limit {
        statement.push_bind(" LIMIT ", i64::from(limit));
    }
    Ok(())
}

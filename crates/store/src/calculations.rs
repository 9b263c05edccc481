//! The norm archive in the database (`migrations/*/0005_norm.sql`): stored beräkningsunderlag,
//! the case workers' decisions and imported riksnorm tables, as the service's
//! [`NormArchive`] port.
//!
//! Every write is one transaction under the append serialisation: the audit record is linked
//! onto the chain first and the row keeps its seq, so a row without its record (or a record
//! without its row) cannot be committed, and the chain stays linear. The tables refuse UPDATE
//! and DELETE (triggers): a calculation is never edited, a decision is a record.

use async_trait::async_trait;
use underlag_audit::AuditRecord;
use underlag_domain::Organisationsnummer;
use underlag_service::{
    NormArchive, NormArchiveError, StoredCalculation, StoredDecision, StoredSectionVerdict,
    TableImport,
};

use crate::error::StoreError;
use crate::registry::{organisation_from_db, ts_from_db};
use crate::row::ts_to_db;
use crate::sql::{Sql, Statement};
use crate::store::{Store, begin_append, fetch_all, link};

const WRITE: &str = "norm archive write";
const READ: &str = "norm archive read";

const CALCULATION_COLUMNS: &str = "SELECT id, created_at_ns, computed_by, organisation, unit, \
     case_id, lookup_id, rule_version, inputs_json, result_json, checksum FROM norm_calculation";

/// Store errors carry no personal data; only the stable code is passed on.
fn unavailable(e: &StoreError) -> NormArchiveError {
    match e {
        StoreError::Conflict(what) => NormArchiveError::Conflict((*what).to_owned()),
        other => NormArchiveError::Unavailable(other.code().to_owned()),
    }
}

fn read_err(e: sqlx::Error) -> StoreError {
    StoreError::db(READ, e)
}

fn calculation_from_row<B: Sql>(row: &B::Row) -> Result<StoredCalculation, StoreError> {
    let text = |c: &str| B::text(row, c).map_err(read_err);
    Ok(StoredCalculation {
        id: text("id")?,
        created_at: ts_from_db(B::int(row, "created_at_ns").map_err(read_err)?)?,
        computed_by: text("computed_by")?,
        organisation: organisation_from_db(&text("organisation")?)?,
        unit: text("unit")?,
        case_id: text("case_id")?,
        lookup_id: B::opt_text(row, "lookup_id").map_err(read_err)?,
        rule_version: text("rule_version")?,
        inputs_json: text("inputs_json")?,
        result_json: text("result_json")?,
        checksum: text("checksum")?,
    })
}

fn import_from_row<B: Sql>(row: &B::Row) -> Result<TableImport, StoreError> {
    let text = |c: &str| B::text(row, c).map_err(read_err);
    let year = B::int(row, "year").map_err(read_err)?;
    Ok(TableImport {
        id: text("id")?,
        year: i16::try_from(year).map_err(|_| StoreError::OutOfRange("year"))?,
        source: text("source")?,
        imported_by: text("imported_by")?,
        imported_at: ts_from_db(B::int(row, "imported_at_ns").map_err(read_err)?)?,
        text: text("file_text")?,
    })
}

/// Groups decision rows (one per section, ordered by decision time and id) into decisions.
fn decisions_from_rows<B: Sql>(rows: &[B::Row]) -> Result<Vec<StoredDecision>, StoreError> {
    let mut out: Vec<StoredDecision> = Vec::new();
    for row in rows {
        let text = |c: &str| B::text(row, c).map_err(read_err);
        let id = text("id")?;
        let section = StoredSectionVerdict {
            section: text("section")?,
            verdict: text("verdict")?,
            computed_amount: text("computed_amount")?,
            adjusted_amount: B::opt_text(row, "adjusted_amount").map_err(read_err)?,
            reason: B::opt_text(row, "reason").map_err(read_err)?,
        };
        match out.last_mut() {
            Some(last) if last.id == id => last.sections.push(section),
            _ => out.push(StoredDecision {
                id,
                calculation_id: text("calculation_id")?,
                rule_version: text("rule_version")?,
                decided_by: text("decided_by")?,
                decided_at: ts_from_db(B::int(row, "decided_at_ns").map_err(read_err)?)?,
                sections: vec![section],
            }),
        }
    }
    for decision in &mut out {
        decision.sections.sort_by_key(|s| section_order(&s.section));
    }
    Ok(out)
}

/// Norm, costs, incomes: the order a decision is shown in.
fn section_order(section: &str) -> u8 {
    match section {
        "norm" => 0,
        "costs" => 1,
        _ => 2,
    }
}

fn seq_of(seq: u64) -> Result<i64, StoreError> {
    i64::try_from(seq).map_err(|_| StoreError::OutOfRange("seq"))
}

async fn save_calculation_tx<B: Sql>(
    store: &Store<B>,
    c: &StoredCalculation,
    record: AuditRecord,
) -> Result<u64, StoreError> {
    let (_turn, mut tx) = begin_append(store, WRITE).await?;
    let exists = B::fetch_optional(
        &mut tx,
        Statement::new("SELECT id FROM norm_calculation WHERE id = $1").bind(c.id.as_str()),
    )
    .await
    .map_err(|e| StoreError::db(WRITE, e))?;
    if exists.is_some() {
        return Err(StoreError::Conflict("a calculation with this id is stored"));
    }
    let chained = link::<B>(&mut tx, record, WRITE).await?;
    let insert = "INSERT INTO norm_calculation (id, created_at_ns, computed_by, \
                  organisation, unit, case_id, lookup_id, rule_version, inputs_json, \
                  result_json, checksum, audit_seq) \
                  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
    let statement = Statement::new(insert)
        .bind(c.id.as_str())
        .bind(ts_to_db(c.created_at, "calculation created")?)
        .bind(c.computed_by.as_str())
        .bind(c.organisation.ten_digits())
        .bind(c.unit.as_str())
        .bind(c.case_id.as_str())
        .bind(c.lookup_id.clone())
        .bind(c.rule_version.as_str())
        .bind(c.inputs_json.as_str())
        .bind(c.result_json.as_str())
        .bind(c.checksum.as_str())
        .bind(seq_of(chained.seq)?);
    B::execute(&mut tx, statement)
        .await
        .map_err(|e| StoreError::db(WRITE, e))?;
    tx.commit().await.map_err(|e| StoreError::db(WRITE, e))?;
    Ok(chained.seq)
}

async fn save_decision_tx<B: Sql>(
    store: &Store<B>,
    d: &StoredDecision,
    record: AuditRecord,
) -> Result<u64, StoreError> {
    let (_turn, mut tx) = begin_append(store, WRITE).await?;
    let exists = B::fetch_optional(
        &mut tx,
        Statement::new("SELECT id FROM norm_calculation WHERE id = $1")
            .bind(d.calculation_id.as_str()),
    )
    .await
    .map_err(|e| StoreError::db(WRITE, e))?;
    if exists.is_none() {
        return Err(StoreError::Conflict("no such calculation is stored"));
    }
    let chained = link::<B>(&mut tx, record, WRITE).await?;
    let decided_at = ts_to_db(d.decided_at, "decided")?;
    for s in &d.sections {
        let insert = "INSERT INTO norm_decision (id, calculation_id, section, verdict, \
                      computed_amount, adjusted_amount, reason, rule_version, decided_by, \
                      decided_at_ns, audit_seq) \
                      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
        let statement = Statement::new(insert)
            .bind(d.id.as_str())
            .bind(d.calculation_id.as_str())
            .bind(s.section.as_str())
            .bind(s.verdict.as_str())
            .bind(s.computed_amount.as_str())
            .bind(s.adjusted_amount.clone())
            .bind(s.reason.clone())
            .bind(d.rule_version.as_str())
            .bind(d.decided_by.as_str())
            .bind(decided_at)
            .bind(seq_of(chained.seq)?);
        B::execute(&mut tx, statement)
            .await
            .map_err(|e| StoreError::db(WRITE, e))?;
    }
    tx.commit().await.map_err(|e| StoreError::db(WRITE, e))?;
    Ok(chained.seq)
}

async fn save_import_tx<B: Sql>(
    store: &Store<B>,
    t: &TableImport,
    record: AuditRecord,
) -> Result<u64, StoreError> {
    let (_turn, mut tx) = begin_append(store, WRITE).await?;
    let chained = link::<B>(&mut tx, record, WRITE).await?;
    let insert = "INSERT INTO norm_table_import (id, year, source, imported_by, \
                  imported_at_ns, file_text, audit_seq) VALUES ($1, $2, $3, $4, $5, $6, $7)";
    let statement = Statement::new(insert)
        .bind(t.id.as_str())
        .bind(i64::from(t.year))
        .bind(t.source.as_str())
        .bind(t.imported_by.as_str())
        .bind(ts_to_db(t.imported_at, "imported")?)
        .bind(t.text.as_str())
        .bind(seq_of(chained.seq)?);
    B::execute(&mut tx, statement)
        .await
        .map_err(|e| StoreError::db(WRITE, e))?;
    tx.commit().await.map_err(|e| StoreError::db(WRITE, e))?;
    Ok(chained.seq)
}

async fn calculations_where<B: Sql>(
    store: &Store<B>,
    statement: Statement,
) -> Result<Vec<StoredCalculation>, StoreError> {
    let rows = fetch_all(store, statement, READ).await?;
    rows.iter().map(calculation_from_row::<B>).collect()
}

#[async_trait]
impl<B: Sql> NormArchive for Store<B> {
    async fn save_calculation(
        &self,
        calculation: &StoredCalculation,
        record: AuditRecord,
    ) -> Result<u64, NormArchiveError> {
        save_calculation_tx(self, calculation, record)
            .await
            .map_err(|e| unavailable(&e))
    }

    async fn save_decision(
        &self,
        decision: &StoredDecision,
        record: AuditRecord,
    ) -> Result<u64, NormArchiveError> {
        save_decision_tx(self, decision, record)
            .await
            .map_err(|e| unavailable(&e))
    }

    async fn calculation(&self, id: &str) -> Result<Option<StoredCalculation>, NormArchiveError> {
        let mut statement = Statement::new(CALCULATION_COLUMNS);
        statement.push_bind(" WHERE id = ", id);
        calculations_where(self, statement)
            .await
            .map(|mut rows| rows.pop())
            .map_err(|e| unavailable(&e))
    }

    async fn decisions(
        &self,
        calculation_id: &str,
    ) -> Result<Vec<StoredDecision>, NormArchiveError> {
        let mut statement = Statement::new(
            "SELECT id, calculation_id, section, verdict, computed_amount, adjusted_amount, \
             reason, rule_version, decided_by, decided_at_ns FROM norm_decision",
        );
        statement
            .push_bind(" WHERE calculation_id = ", calculation_id)
            .push(" ORDER BY audit_seq, id, section");
        let rows = fetch_all(self, statement, READ)
            .await
            .map_err(|e| unavailable(&e))?;
        decisions_from_rows::<B>(&rows).map_err(|e| unavailable(&e))
    }

    async fn calculations_of_lookup(
        &self,
        organisation: &Organisationsnummer,
        lookup_id: &str,
    ) -> Result<Vec<StoredCalculation>, NormArchiveError> {
        let mut statement = Statement::new(CALCULATION_COLUMNS);
        statement
            .push_bind(" WHERE organisation = ", organisation.ten_digits())
            .push_bind(" AND lookup_id = ", lookup_id)
            .push(" ORDER BY audit_seq");
        calculations_where(self, statement)
            .await
            .map_err(|e| unavailable(&e))
    }

    async fn save_table_import(
        &self,
        import: &TableImport,
        record: AuditRecord,
    ) -> Result<u64, NormArchiveError> {
        save_import_tx(self, import, record)
            .await
            .map_err(|e| unavailable(&e))
    }

    async fn table_imports(&self) -> Result<Vec<TableImport>, NormArchiveError> {
        let statement = Statement::new(
            "SELECT id, year, source, imported_by, imported_at_ns, file_text \
             FROM norm_table_import ORDER BY audit_seq",
        );
        let rows = fetch_all(self, statement, READ)
            .await
            .map_err(|e| unavailable(&e))?;
        rows.iter()
            .map(import_from_row::<B>)
            .collect::<Result<_, _>>()
            .map_err(|e| unavailable(&e))
    }
}

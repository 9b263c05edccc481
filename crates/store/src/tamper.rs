//! Deliberate tampering with a stored audit trail, for tests and the `audit verify` demo only.
//!
//! Each operation acts as an attacker with full database access would: it switches the
//! append-only triggers off, changes rows by plain SQL, and switches them back on. Nothing in
//! the gateway calls this module; it exists to show that the verifier notices.

use std::sync::Arc;

use async_trait::async_trait;
use underlag_audit::{AuditRecord, ChainedRecord};

use crate::error::StoreError;
use crate::row::seq_to_db;
use crate::sql::{Param, Sql, Statement};
use crate::store::{Store, insert};
use crate::{AuditStore, PostgresStore, SqliteStore};

/// A text column an attacker might edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// `case_worker`.
    CaseWorker,
    /// `subject`.
    Subject,
    /// `purpose`.
    Purpose,
    /// `organisation`.
    Organisation,
}

impl Column {
    fn name(self) -> &'static str {
        match self {
            Column::CaseWorker => "case_worker",
            Column::Subject => "subject",
            Column::Purpose => "purpose",
            Column::Organisation => "organisation",
        }
    }
}

/// One bind value of a raw statement.
#[derive(Debug, Clone)]
pub enum Bind {
    /// An integer.
    Int(i64),
    /// A text or NULL.
    Text(Option<String>),
    /// Bytes.
    Bytes(Vec<u8>),
}

/// One raw statement (`$1`, `$2`, … placeholders work on both backends), or a full row.
#[derive(Debug, Clone)]
pub enum Step {
    /// A statement with its binds.
    Sql(String, Vec<Bind>),
    /// Insert a complete record row.
    Insert(Box<ChainedRecord>),
}

fn sql(text: &str, binds: Vec<Bind>) -> Step {
    Step::Sql(text.to_owned(), binds)
}

/// One statement whose only parameter (`$1`) is `seq`.
fn at_seq(text: &str, seq: u64) -> Result<Vec<Step>, StoreError> {
    Ok(vec![sql(text, vec![Bind::Int(seq_to_db(seq)?)])])
}

/// Raw write access to a store, bypassing the append-only design.
#[async_trait]
pub trait Tamper: AuditStore {
    /// Runs `steps` in one transaction holding the append serialisation (so no append
    /// interleaves); with `bypass_triggers` the append-only triggers are off while they run.
    async fn run(&self, steps: Vec<Step>, bypass_triggers: bool) -> Result<(), StoreError>;

    /// Sets one column of the record at `seq`.
    async fn edit(&self, seq: u64, column: Column, value: Option<&str>) -> Result<(), StoreError> {
        let text = format!(
            "UPDATE audit_record SET {} = $1 WHERE seq = $2",
            column.name()
        );
        let binds = vec![
            Bind::Text(value.map(str::to_owned)),
            Bind::Int(seq_to_db(seq)?),
        ];
        self.run(vec![Step::Sql(text, binds)], true).await
    }

    /// Overwrites the stored canonical encoding of the record at `seq` (with its hash bytes).
    async fn corrupt_encoding(&self, seq: u64) -> Result<(), StoreError> {
        let steps = at_seq(
            "UPDATE audit_record SET encoding = hash WHERE seq = $1",
            seq,
        )?;
        self.run(steps, true).await
    }

    /// Deletes the record at `seq`, leaving a gap.
    async fn delete(&self, seq: u64) -> Result<(), StoreError> {
        let steps = at_seq("DELETE FROM audit_record WHERE seq = $1", seq)?;
        self.run(steps, true).await
    }

    /// Deletes every record from `seq` on.
    async fn truncate_from(&self, seq: u64) -> Result<(), StoreError> {
        let steps = at_seq("DELETE FROM audit_record WHERE seq >= $1", seq)?;
        self.run(steps, true).await
    }

    /// Exchanges the rows at `a` and `b` (contents and hashes move, seq numbers stay).
    async fn swap(&self, a: u64, b: u64) -> Result<(), StoreError> {
        let (a, b) = (seq_to_db(a)?, seq_to_db(b)?);
        let set = "UPDATE audit_record SET seq = $1 WHERE seq = $2";
        let steps = vec![
            sql(set, vec![Bind::Int(-1), Bind::Int(a)]),
            sql(set, vec![Bind::Int(a), Bind::Int(b)]),
            sql(set, vec![Bind::Int(b), Bind::Int(-1)]),
        ];
        self.run(steps, true).await
    }

    /// Slips a correctly hashed `record` in after `after_seq`, renumbering the rest.
    async fn insert_forged(&self, after_seq: u64, record: AuditRecord) -> Result<(), StoreError> {
        let prev = self.records(after_seq, 1).await?;
        let prev = prev.first().filter(|r| r.seq == after_seq);
        let forged = ChainedRecord::after(prev, record);
        let after = seq_to_db(after_seq)?;
        let steps = vec![
            sql(
                "UPDATE audit_record SET seq = -seq - 1 WHERE seq > $1",
                vec![Bind::Int(after)],
            ),
            sql("UPDATE audit_record SET seq = -seq WHERE seq < 0", vec![]),
            Step::Insert(Box::new(forged)),
        ];
        self.run(steps, true).await
    }

    /// Flips one bit of the newest checkpoint's signature.
    async fn corrupt_last_checkpoint(&self) -> Result<(), StoreError> {
        let Some(mut cp) = self.checkpoints().await?.pop() else {
            return Ok(());
        };
        cp.signature[0] ^= 1;
        let step = sql(
            "UPDATE audit_checkpoint SET signature = $1 \
             WHERE id = (SELECT MAX(id) FROM audit_checkpoint)",
            vec![Bind::Bytes(cp.signature.to_vec())],
        );
        self.run(vec![step], true).await
    }

    /// A plain UPDATE of the record at `seq`, triggers left on (it must fail).
    async fn plain_update(&self, seq: u64) -> Result<(), StoreError> {
        let steps = at_seq(
            "UPDATE audit_record SET purpose = 'changed' WHERE seq = $1",
            seq,
        )?;
        self.run(steps, false).await
    }

    /// A plain DELETE of the record at `seq`, triggers left on (it must fail).
    async fn plain_delete(&self, seq: u64) -> Result<(), StoreError> {
        let steps = at_seq("DELETE FROM audit_record WHERE seq = $1", seq)?;
        self.run(steps, false).await
    }
}

impl From<Bind> for Param {
    fn from(bind: Bind) -> Self {
        match bind {
            Bind::Int(v) => Param::Int(v),
            Bind::Text(v) => Param::OptText(v),
            Bind::Bytes(v) => Param::Bytes(v),
        }
    }
}

fn err(e: sqlx::Error) -> StoreError {
    StoreError::db("tamper", e)
}

#[async_trait]
impl<B: Sql> Tamper for Store<B> {
    async fn run(&self, steps: Vec<Step>, bypass_triggers: bool) -> Result<(), StoreError> {
        let mut tx = B::begin_serialised(&self.pool).await.map_err(err)?;
        let restore = if bypass_triggers {
            B::suspend_triggers(&mut tx).await.map_err(err)?
        } else {
            Vec::new()
        };
        for step in steps {
            match step {
                Step::Sql(text, binds) => {
                    let params = binds.into_iter().map(Param::from).collect();
                    B::execute(&mut tx, Statement::trusted(text, params))
                        .await
                        .map_err(err)?;
                }
                Step::Insert(chained) => insert::<B>(&mut tx, &chained).await?,
            }
        }
        for ddl in restore {
            B::execute(&mut tx, Statement::trusted(ddl, Vec::new()))
                .await
                .map_err(err)?;
        }
        tx.commit().await.map_err(err)
    }
}

/// Opens a store for tampering, by URL as [`crate::open_store`] does.
pub async fn open(url: &str) -> Result<Arc<dyn Tamper>, StoreError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(Arc::new(PostgresStore::connect(url).await?));
    }
    match url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
    {
        Some(path) if !path.is_empty() && !path.contains(":memory:") => {
            Ok(Arc::new(SqliteStore::open(path).await?))
        }
        _ => Err(StoreError::unsupported_url(url)),
    }
}

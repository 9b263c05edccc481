//! Retention (*gallring*) on the store: removing the oldest records under a signed prune
//! anchor, so the rest of the chain still verifies, with the removal audited.
//!
//! One prune is one transaction holding the append serialisation: it finds the records made
//! before the cut-off (the longest run from the oldest kept record on, so a record is never
//! removed while an older-stamped one after it is kept), signs and stores the anchor over the
//! last of them, deletes them (the database refuses any DELETE an anchor does not cover) and
//! appends the `prune` record at the head. Anchors themselves are append-only: a prune never
//! removes one.

use jiff::Timestamp;
use underlag_audit::{AuditRecord, ChainedRecord, PruneAnchor, SigningKey, prune_description};

use crate::error::StoreError;
use crate::row::{seq_to_db, ts_to_db};
use crate::sql::{Sql, Statement};
use crate::store::{Store, begin_append, fetch_all, head, insert};

/// Selects every anchor, oldest first.
const SELECT_ANCHORS: &str = "SELECT through_seq, head_hash, before_ns, signed_at_ns, \
    signature FROM audit_prune ORDER BY id";

const INSERT_ANCHOR: &str = "INSERT INTO audit_prune \
    (through_seq, head_hash, before_ns, signed_at_ns, signature) VALUES ($1, $2, $3, $4, $5)";

/// The oldest record made at or after the cut-off: it and everything after it is kept.
const SELECT_FIRST_KEPT: &str = "SELECT MIN(seq) AS seq FROM audit_record WHERE at_ns >= $1";

const SELECT_PRUNED_THROUGH: &str = "SELECT COALESCE(MAX(through_seq), 0) AS seq FROM audit_prune";

const SELECT_HASH_AT: &str = "SELECT hash FROM audit_record WHERE seq = $1";

const COUNT_THROUGH: &str = "SELECT COUNT(*) AS n FROM audit_record WHERE seq <= $1";

const DELETE_THROUGH: &str = "DELETE FROM audit_record WHERE seq <= $1";

/// What a prune with a given cut-off removes (the dry run's answer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrunePlan {
    /// The last seq removed.
    pub through_seq: u64,
    /// How many stored records that is.
    pub records: u64,
    /// The seq an earlier prune already removed through, if any.
    pub previous: Option<u64>,
}

/// A prune that was carried out.
#[derive(Debug, Clone)]
pub struct Pruned {
    /// What it removed.
    pub plan: PrunePlan,
    /// The signed anchor the chain now starts from.
    pub anchor: PruneAnchor,
    /// The prune's own audit record, at the head of the chain.
    pub record: ChainedRecord,
}

/// Who prunes, and the id of the prune's audit record.
#[derive(Debug, Clone)]
pub struct PruneRequest {
    /// Remove records made before this instant.
    pub before: Timestamp,
    /// Who runs it (recorded in the prune record's `case_worker`).
    pub operator: String,
    /// The prune record's id.
    pub id: String,
}

fn db(op: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
    move |e| StoreError::db(op, e)
}

fn to_seq(n: i64, what: &'static str) -> Result<u64, StoreError> {
    u64::try_from(n).map_err(|_| StoreError::Corrupt { seq: 0, what })
}

/// The plan for `before`, read on `conn` (inside the prune's transaction, or alone).
async fn plan_on<B: Sql>(
    conn: &mut B::Connection,
    before: Timestamp,
    head_seq: u64,
) -> Result<Option<PrunePlan>, StoreError> {
    let op = "prune";
    if head_seq == 0 {
        return Ok(None);
    }
    let statement = Statement::new(SELECT_FIRST_KEPT).bind(ts_to_db(before, "cut-off")?);
    let row = B::fetch_optional(conn, statement).await.map_err(db(op))?;
    let first_kept = match row {
        Some(row) => B::opt_int(&row, "seq").map_err(db(op))?,
        None => None,
    };
    let through = match first_kept {
        Some(seq) => to_seq(seq, "seq")?.saturating_sub(1),
        None => head_seq,
    };
    let row = B::fetch_optional(conn, Statement::new(SELECT_PRUNED_THROUGH))
        .await
        .map_err(db(op))?;
    let previous = match row {
        Some(row) => to_seq(B::int(&row, "seq").map_err(db(op))?, "prune anchor seq")?,
        None => 0,
    };
    if through <= previous {
        return Ok(None);
    }
    let statement = Statement::new(COUNT_THROUGH).bind(seq_to_db(through)?);
    let row = B::fetch_optional(conn, statement).await.map_err(db(op))?;
    let records = match row {
        Some(row) => to_seq(B::int(&row, "n").map_err(db(op))?, "count")?,
        None => 0,
    };
    Ok(Some(PrunePlan {
        through_seq: through,
        records,
        previous: (previous > 0).then_some(previous),
    }))
}

/// What [`prune_before`] would remove now; changes nothing.
pub(crate) async fn plan_prune<B: Sql>(
    store: &Store<B>,
    before: Timestamp,
) -> Result<Option<PrunePlan>, StoreError> {
    {
        let mut conn = store.pool.acquire().await.map_err(db("prune"))?;
        let (head_seq, _) = head::<B>(&mut conn, "prune").await?;
        plan_on::<B>(&mut conn, before, head_seq).await
    }
}

/// Removes the records made before `request.before` under a new signed anchor and appends
/// the prune's record, in one transaction; `None` when nothing is old enough.
pub(crate) async fn prune_before<B: Sql>(
    store: &Store<B>,
    request: &PruneRequest,
    signer: &SigningKey,
) -> Result<Option<Pruned>, StoreError> {
    {
        let op = "prune";
        let (_turn, mut tx) = begin_append(store, op).await?;
        let (head_seq, head_hash) = head::<B>(&mut tx, op).await?;
        let Some(plan) = plan_on::<B>(&mut tx, request.before, head_seq).await? else {
            return Ok(None);
        };
        let statement = Statement::new(SELECT_HASH_AT).bind(seq_to_db(plan.through_seq)?);
        let row = B::fetch_optional(&mut tx, statement)
            .await
            .map_err(db(op))?
            .ok_or(StoreError::Corrupt {
                seq: plan.through_seq,
                what: "record missing before prune",
            })?;
        let through_hash: [u8; 32] =
            B::bytes(&row, "hash")
                .map_err(db(op))?
                .try_into()
                .map_err(|_| StoreError::Corrupt {
                    seq: plan.through_seq,
                    what: "hash",
                })?;
        let now = Timestamp::now();
        let anchor = PruneAnchor::sign(signer, plan.through_seq, through_hash, request.before, now);
        let insert_anchor = Statement::new(INSERT_ANCHOR)
            .bind(seq_to_db(anchor.through_seq)?)
            .bind(anchor.head_hash.to_vec())
            .bind(ts_to_db(anchor.before, "cut-off")?)
            .bind(ts_to_db(anchor.signed_at, "prune time")?)
            .bind(anchor.signature.to_vec());
        B::execute(&mut tx, insert_anchor).await.map_err(db(op))?;
        let statement = Statement::new(DELETE_THROUGH).bind(seq_to_db(plan.through_seq)?);
        let removed = B::execute(&mut tx, statement).await.map_err(db(op))?;
        if removed != plan.records {
            return Err(StoreError::Corrupt {
                seq: plan.through_seq,
                what: "records changed during prune",
            });
        }
        // Linked onto the head read before the removal: a prune of every record still
        // continues the chain rather than restarting it.
        let description = prune_description(&anchor, removed);
        let record = AuditRecord::prune(&request.id, now, &request.operator, description).build();
        let chained = ChainedRecord::link(head_seq + 1, head_hash, record);
        insert::<B>(&mut tx, &chained).await?;
        tx.commit().await.map_err(db(op))?;
        tracing::info!(
            event = "audit.pruned",
            through_seq = plan.through_seq,
            removed,
            backend = B::BACKEND,
            "audit records pruned under a signed anchor"
        );
        Ok(Some(Pruned {
            plan,
            anchor,
            record: chained,
        }))
    }
}

/// Every stored prune anchor, oldest first.
pub(crate) async fn anchors<B: Sql>(store: &Store<B>) -> Result<Vec<PruneAnchor>, StoreError> {
    let rows = fetch_all(store, Statement::new(SELECT_ANCHORS), "prune anchors").await?;
    rows.iter().map(read_anchor::<B>).collect()
}

fn read_anchor<B: Sql>(row: &B::Row) -> Result<PruneAnchor, StoreError> {
    let op = "prune anchors";
    let through_seq = to_seq(B::int(row, "through_seq").map_err(db(op))?, "anchor seq")?;
    let bad = |what| StoreError::Corrupt {
        seq: through_seq,
        what,
    };
    let ts = |column| -> Result<Timestamp, StoreError> {
        let ns = B::int(row, column).map_err(db(op))?;
        Timestamp::from_nanosecond(i128::from(ns)).map_err(|_| bad("anchor time"))
    };
    Ok(PruneAnchor {
        through_seq,
        head_hash: B::bytes(row, "head_hash")
            .map_err(db(op))?
            .try_into()
            .map_err(|_| bad("anchor head hash"))?,
        before: ts("before_ns")?,
        signed_at: ts("signed_at_ns")?,
        signature: B::bytes(row, "signature")
            .map_err(db(op))?
            .try_into()
            .map_err(|_| bad("anchor signature"))?,
    })
}

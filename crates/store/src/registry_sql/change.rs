//! A registry change in progress ([`ChangeTx`]): one transaction holding the append
//! serialisation, the audit records of its steps so far, and the larger writes (a new
//! connection, a new case, a household replaced).

use std::collections::BTreeSet;

use sqlx::{Database, Transaction};
use underlag_domain::{Fingerprint, Organisationsnummer, Personnummer, SourceId};
use underlag_registry::{Case, Connection};

use super::child_table::ChildRow;
use super::load::{connection_exists, fingerprint_owner, load_case, load_connection};
use crate::error::StoreError;
use crate::registry::{Change, ChangeRecords, source_list};
use crate::row::ts_to_db;
use crate::sql::{Sql, Statement};
use crate::store::{Store, link};

const WRITE: &str = "registry change";

/// One registry change: its rows and the `admin` audit records of its steps commit together
/// or not at all (dropping it rolls back).
pub(crate) struct ChangeTx<'a, B: Database> {
    tx: Transaction<'static, B>,
    pub(super) steps: ChangeRecords<'a>,
}

impl<'a, B: Sql> ChangeTx<'a, B> {
    /// Begins `change` on `store`, waiting for (and then blocking) audit appends of every
    /// process sharing the database.
    pub(crate) async fn begin(store: &Store<B>, change: &'a Change) -> Result<Self, StoreError> {
        let tx = B::begin_serialised(&store.pool)
            .await
            .map_err(|e| StoreError::db(WRITE, e))?;
        Ok(Self {
            tx,
            steps: ChangeRecords::new(change),
        })
    }

    /// Links the steps' audit records onto the chain and commits.
    pub(crate) async fn commit(self) -> Result<(), StoreError> {
        let Self { mut tx, steps } = self;
        for record in steps.into_records() {
            link::<B>(&mut tx, record, WRITE).await?;
        }
        tx.commit().await.map_err(|e| StoreError::db(WRITE, e))
    }

    /// Runs a statement; returns how many rows it changed.
    pub(crate) async fn write(&mut self, statement: Statement) -> Result<u64, StoreError> {
        B::execute(&mut self.tx, statement)
            .await
            .map_err(|e| StoreError::db(WRITE, e))
    }

    /// Runs a statement that must change a row: none changed is `NotFound(missing)`.
    pub(crate) async fn write_existing(
        &mut self,
        statement: Statement,
        missing: &'static str,
    ) -> Result<(), StoreError> {
        if self.write(statement).await? == 0 {
            return Err(StoreError::NotFound(missing));
        }
        Ok(())
    }

    /// Fails with `NotFound` unless `org` (10 digits) has a connection.
    pub(crate) async fn require_connection(&mut self, org: &str) -> Result<(), StoreError> {
        if !connection_exists::<B>(&mut self.tx, org).await? {
            return Err(StoreError::NotFound("connection"));
        }
        Ok(())
    }

    /// The case, which must exist and be open.
    pub(crate) async fn require_open_case(
        &mut self,
        org: &str,
        case_id: &str,
    ) -> Result<Case, StoreError> {
        let case = load_case::<B>(&mut self.tx, org, case_id)
            .await?
            .ok_or(StoreError::NotFound("case"))?;
        if case.closed_at.is_some() {
            return Err(StoreError::Conflict("the case is closed"));
        }
        Ok(case)
    }

    /// Registers a fingerprint for a connection and records the step; a fingerprint
    /// registered already, for this connection or another, is a conflict.
    pub(crate) async fn add_fingerprint(
        &mut self,
        organisation: &Organisationsnummer,
        fingerprint: &str,
    ) -> Result<(), StoreError> {
        match fingerprint_owner::<B>(&mut self.tx, fingerprint).await? {
            Some(owner) if owner == organisation.ten_digits() => Err(StoreError::Conflict(
                "the fingerprint is registered already",
            )),
            Some(_) => Err(StoreError::Conflict(
                "the fingerprint is registered for another connection",
            )),
            None => {
                self.add(&ChildRow::fingerprint(organisation, fingerprint))
                    .await
            }
        }
    }

    /// Replaces the sources a connection (10 digits) is entitled to.
    pub(crate) async fn replace_sources(
        &mut self,
        org: &str,
        sources: &BTreeSet<SourceId>,
    ) -> Result<(), StoreError> {
        let clear = "DELETE FROM registry_source WHERE organisation = $1";
        self.write(Statement::new(clear).bind(org)).await?;
        for s in sources {
            let insert = "INSERT INTO registry_source (organisation, source) VALUES ($1, $2)";
            self.write(Statement::new(insert).bind(org).bind(s.code()))
                .await?;
        }
        Ok(())
    }

    /// Inserts a new connection with its sources, information types, fingerprints, data
    /// processors and syfte mappings, and records the steps.
    pub(crate) async fn insert_connection(&mut self, c: &Connection) -> Result<(), StoreError> {
        let org = c.organisation.ten_digits();
        if load_connection::<B>(&mut self.tx, org).await?.is_some() {
            return Err(StoreError::Conflict("the connection is registered already"));
        }
        let insert = "INSERT INTO registry_connection \
                      (organisation, name, committee_unit, lefi_actor_id, status) \
                      VALUES ($1, $2, $3, $4, $5)";
        self.write(Statement::new(insert).bind_all([
            org,
            &c.name,
            &c.committee_unit,
            underlag_domain::LefiActorId::text_of(c.lefi_actor_id.as_ref()),
            c.status.code(),
        ]))
        .await?;
        self.replace_sources(org, &c.entitled_sources).await?;
        let types: BTreeSet<&String> = c.entitled_information_types.iter().collect();
        for t in types {
            let insert = "INSERT INTO registry_information_type \
                          (organisation, information_type) VALUES ($1, $2)";
            self.write(Statement::new(insert).bind(org).bind(t.as_str()))
                .await?;
        }
        self.steps.connection(
            &c.organisation,
            format!(
                "connection.add status={} sources={}",
                c.status.code(),
                source_list(&c.entitled_sources)
            ),
        );
        let fingerprints: BTreeSet<&str> = c
            .certificate_fingerprints
            .iter()
            .map(Fingerprint::as_str)
            .collect();
        for fp in fingerprints {
            self.add_fingerprint(&c.organisation, fp).await?;
        }
        for p in &c.data_processors {
            self.add(&ChildRow::processor(&c.organisation, p)).await?;
        }
        for m in &c.syfte_mappings {
            self.add(&ChildRow::syfte_mapping(&c.organisation, m))
                .await?;
        }
        for (source, basis) in &c.source_legal_bases {
            self.add(&ChildRow::legal_basis(&c.organisation, *source, basis))
                .await?;
        }
        Ok(())
    }

    /// Registers a new case of a registered connection with its household, and records the
    /// steps.
    pub(crate) async fn insert_case(&mut self, case: &Case) -> Result<(), StoreError> {
        let org = case.organisation.ten_digits();
        self.require_connection(org).await?;
        if load_case::<B>(&mut self.tx, org, &case.case_id)
            .await?
            .is_some()
        {
            return Err(StoreError::Conflict("the case is registered already"));
        }
        let insert = "INSERT INTO registry_case (organisation, case_id, opened_at_ns, \
                      closed_at_ns) VALUES ($1, $2, $3, $4)";
        let closed = case
            .closed_at
            .map(|t| ts_to_db(t, "case closed"))
            .transpose()?;
        self.write(
            Statement::new(insert)
                .bind(org)
                .bind(case.case_id.as_str())
                .bind(ts_to_db(case.opened_at, "case opened")?)
                .bind(closed),
        )
        .await?;
        self.steps.case(
            &case.organisation,
            &case.case_id,
            None,
            format!("case.open household={}", case.household.len()),
        );
        for person in &case.household {
            self.add(&ChildRow::member(&case.organisation, &case.case_id, person))
                .await?;
        }
        Ok(())
    }

    /// Sets a case's household to exactly `persons` (registering the case when unknown),
    /// recording one step per person added or removed.
    pub(crate) async fn replace_household(
        &mut self,
        organisation: &Organisationsnummer,
        case_id: &str,
        persons: &BTreeSet<Personnummer>,
    ) -> Result<Case, StoreError> {
        let Some(mut case) =
            load_case::<B>(&mut self.tx, organisation.ten_digits(), case_id).await?
        else {
            let case = Case {
                organisation: organisation.clone(),
                case_id: case_id.to_owned(),
                household: persons.clone(),
                opened_at: self.steps.change().at,
                closed_at: None,
            };
            self.insert_case(&case).await?;
            return Ok(case);
        };
        if case.closed_at.is_some() {
            return Err(StoreError::Conflict("the case is closed"));
        }
        for gone in case.household.difference(persons) {
            self.remove(&ChildRow::member(organisation, case_id, gone))
                .await?;
        }
        for new in persons.difference(&case.household) {
            self.add(&ChildRow::member(organisation, case_id, new))
                .await?;
        }
        case.household = persons.clone();
        Ok(case)
    }
}

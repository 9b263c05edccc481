//! [`RegistryStore`] on either backend, written once over the primitives of `sql.rs`.
//!
//! A change is a [`ChangeTx`]: it begins under the audit append serialisation, pushes one
//! `admin` audit record per step, and links them onto the chain just before it commits, so
//! no change is committed without its records. Reads take a connection of the pool.

mod change;
mod child_table;
mod load;

use std::collections::BTreeSet;

use async_trait::async_trait;
use sqlx::pool::PoolConnection;
use underlag_domain::{Fingerprint, Organisationsnummer, Personnummer, SourceId};
use underlag_registry::{Case, Connection, ConnectionStatus, Processor, SyfteMapping};

use change::ChangeTx;
use child_table::ChildRow;
use load::{case_keys, fingerprint_owner, load_case, load_connection, organisations};

use crate::error::StoreError;
use crate::registry::{Change, ConnectionEdit, RegistryStore, source_list};
use crate::row::ts_to_db;
use crate::sql::{Sql, Statement};
use crate::store::Store;

/// A connection of the pool, for registry reads.
async fn reader<B: Sql>(store: &Store<B>) -> Result<PoolConnection<B>, StoreError> {
    store
        .pool
        .acquire()
        .await
        .map_err(|e| StoreError::db("registry read", e))
}

/// Adds (in place of one with the same key) or removes one child row of a registered
/// connection, as one change.
async fn change_connection_row<B: Sql>(
    store: &Store<B>,
    change: &Change,
    row: ChildRow<'_>,
    edit: Edit,
) -> Result<(), StoreError> {
    let mut tx = ChangeTx::begin(store, change).await?;
    tx.require_connection(row.organisation()).await?;
    match edit {
        Edit::Put => tx.put(&row).await?,
        Edit::Remove => tx.remove(&row).await?,
    }
    tx.commit().await
}

/// What [`change_connection_row`] does with its row.
enum Edit {
    Put,
    Remove,
}

#[async_trait]
impl<B: Sql> RegistryStore for Store<B> {
    async fn add_connection(&self, c: &Connection, change: &Change) -> Result<(), StoreError> {
        let mut tx = ChangeTx::begin(self, change).await?;
        tx.insert_connection(c).await?;
        tx.commit().await
    }

    async fn connection(
        &self,
        organisation: &Organisationsnummer,
    ) -> Result<Option<Connection>, StoreError> {
        let mut conn = reader(self).await?;
        load_connection::<B>(&mut conn, organisation.ten_digits()).await
    }

    async fn connection_by_fingerprint(
        &self,
        fingerprint: &Fingerprint,
    ) -> Result<Option<Connection>, StoreError> {
        let mut conn = reader(self).await?;
        match fingerprint_owner::<B>(&mut conn, fingerprint.as_str()).await? {
            None => Ok(None),
            Some(org) => load_connection::<B>(&mut conn, &org).await,
        }
    }

    async fn connections(&self) -> Result<Vec<Connection>, StoreError> {
        let mut conn = reader(self).await?;
        let orgs = organisations::<B>(&mut conn).await?;
        let mut all = Vec::with_capacity(orgs.len());
        for org in orgs {
            all.extend(load_connection::<B>(&mut conn, &org).await?);
        }
        Ok(all)
    }

    async fn edit_connection(
        &self,
        organisation: &Organisationsnummer,
        edit: &ConnectionEdit,
        change: &Change,
    ) -> Result<(), StoreError> {
        let mut tx = ChangeTx::begin(self, change).await?;
        let update = match edit {
            ConnectionEdit::Name(_) => {
                "UPDATE registry_connection SET name = $1 WHERE organisation = $2"
            }
            ConnectionEdit::CommitteeUnit(_) => {
                "UPDATE registry_connection SET committee_unit = $1 WHERE organisation = $2"
            }
            ConnectionEdit::LefiActorId(_) => {
                "UPDATE registry_connection SET lefi_actor_id = $1 WHERE organisation = $2"
            }
        };
        let update = Statement::new(update)
            .bind(edit.stored_value())
            .bind(organisation.ten_digits());
        tx.write_existing(update, "connection").await?;
        tx.steps.connection(organisation, edit.describe());
        tx.commit().await
    }

    async fn add_information_type(
        &self,
        organisation: &Organisationsnummer,
        information_type: &str,
        change: &Change,
    ) -> Result<(), StoreError> {
        let row = ChildRow::information_type(organisation, information_type);
        change_connection_row(self, change, row, Edit::Put).await
    }

    async fn remove_information_type(
        &self,
        organisation: &Organisationsnummer,
        information_type: &str,
        change: &Change,
    ) -> Result<(), StoreError> {
        let row = ChildRow::information_type(organisation, information_type);
        change_connection_row(self, change, row, Edit::Remove).await
    }

    async fn set_status(
        &self,
        organisation: &Organisationsnummer,
        status: ConnectionStatus,
        change: &Change,
    ) -> Result<(), StoreError> {
        let mut tx = ChangeTx::begin(self, change).await?;
        let update = "UPDATE registry_connection SET status = $1 WHERE organisation = $2";
        let update = Statement::new(update)
            .bind(status.code())
            .bind(organisation.ten_digits());
        tx.write_existing(update, "connection").await?;
        let what = format!("connection.status {}", status.code());
        tx.steps.connection(organisation, what);
        tx.commit().await
    }

    async fn set_sources(
        &self,
        organisation: &Organisationsnummer,
        sources: &BTreeSet<SourceId>,
        change: &Change,
    ) -> Result<(), StoreError> {
        let mut tx = ChangeTx::begin(self, change).await?;
        let org = organisation.ten_digits();
        tx.require_connection(org).await?;
        tx.replace_sources(org, sources).await?;
        let what = format!("connection.sources {}", source_list(sources));
        tx.steps.connection(organisation, what);
        tx.commit().await
    }

    async fn add_fingerprint(
        &self,
        organisation: &Organisationsnummer,
        fingerprint: &Fingerprint,
        change: &Change,
    ) -> Result<(), StoreError> {
        let mut tx = ChangeTx::begin(self, change).await?;
        tx.require_connection(organisation.ten_digits()).await?;
        tx.add_fingerprint(organisation, fingerprint.as_str())
            .await?;
        tx.commit().await
    }

    async fn remove_fingerprint(
        &self,
        organisation: &Organisationsnummer,
        fingerprint: &Fingerprint,
        change: &Change,
    ) -> Result<(), StoreError> {
        let row = ChildRow::fingerprint(organisation, fingerprint.as_str());
        change_connection_row(self, change, row, Edit::Remove).await
    }

    async fn add_processor(
        &self,
        organisation: &Organisationsnummer,
        processor: &Processor,
        change: &Change,
    ) -> Result<(), StoreError> {
        let row = ChildRow::processor(organisation, processor);
        change_connection_row(self, change, row, Edit::Put).await
    }

    async fn remove_processor(
        &self,
        organisation: &Organisationsnummer,
        processor: &Organisationsnummer,
        change: &Change,
    ) -> Result<(), StoreError> {
        let row = ChildRow::processor_key(organisation, processor);
        change_connection_row(self, change, row, Edit::Remove).await
    }

    async fn add_syfte_mapping(
        &self,
        organisation: &Organisationsnummer,
        mapping: &SyfteMapping,
        change: &Change,
    ) -> Result<(), StoreError> {
        let row = ChildRow::syfte_mapping(organisation, mapping);
        change_connection_row(self, change, row, Edit::Put).await
    }

    async fn remove_syfte_mapping(
        &self,
        organisation: &Organisationsnummer,
        pattern: &str,
        change: &Change,
    ) -> Result<(), StoreError> {
        let row = ChildRow::syfte_pattern(organisation, pattern.trim());
        change_connection_row(self, change, row, Edit::Remove).await
    }

    async fn set_legal_basis(
        &self,
        organisation: &Organisationsnummer,
        source: SourceId,
        legal_basis: &str,
        change: &Change,
    ) -> Result<(), StoreError> {
        let row = ChildRow::legal_basis(organisation, source, legal_basis);
        change_connection_row(self, change, row, Edit::Put).await
    }

    async fn remove_legal_basis(
        &self,
        organisation: &Organisationsnummer,
        source: SourceId,
        change: &Change,
    ) -> Result<(), StoreError> {
        let row = ChildRow::legal_basis_key(organisation, source);
        change_connection_row(self, change, row, Edit::Remove).await
    }

    async fn open_case(&self, case: &Case, change: &Change) -> Result<(), StoreError> {
        let mut tx = ChangeTx::begin(self, change).await?;
        tx.insert_case(case).await?;
        tx.commit().await
    }

    async fn case(
        &self,
        organisation: &Organisationsnummer,
        case_id: &str,
    ) -> Result<Option<Case>, StoreError> {
        let mut conn = reader(self).await?;
        load_case::<B>(&mut conn, organisation.ten_digits(), case_id).await
    }

    async fn cases(
        &self,
        organisation: Option<&Organisationsnummer>,
    ) -> Result<Vec<Case>, StoreError> {
        let mut conn = reader(self).await?;
        let keys = case_keys::<B>(&mut conn, organisation.map(|o| o.ten_digits())).await?;
        let mut all = Vec::with_capacity(keys.len());
        for (org, case_id) in keys {
            all.extend(load_case::<B>(&mut conn, &org, &case_id).await?);
        }
        Ok(all)
    }

    async fn reopen_case(
        &self,
        organisation: &Organisationsnummer,
        case_id: &str,
        change: &Change,
    ) -> Result<(), StoreError> {
        let mut tx = ChangeTx::begin(self, change).await?;
        let update = "UPDATE registry_case SET closed_at_ns = NULL \
                      WHERE organisation = $1 AND case_id = $2 AND closed_at_ns IS NOT NULL";
        let update = Statement::new(update)
            .bind(organisation.ten_digits())
            .bind(case_id);
        if tx.write(update).await? == 0 {
            // Either there is no such case, or it is open.
            tx.require_open_case(organisation.ten_digits(), case_id)
                .await?;
            return Err(StoreError::Conflict("the case is open"));
        }
        tx.steps.case(organisation, case_id, None, "case.reopen");
        tx.commit().await
    }

    async fn close_case(
        &self,
        organisation: &Organisationsnummer,
        case_id: &str,
        change: &Change,
    ) -> Result<(), StoreError> {
        let mut tx = ChangeTx::begin(self, change).await?;
        let org = organisation.ten_digits();
        tx.require_open_case(org, case_id).await?;
        let update = "UPDATE registry_case SET closed_at_ns = $1 \
                      WHERE organisation = $2 AND case_id = $3";
        let update = Statement::new(update)
            .bind(ts_to_db(change.at, "case closed")?)
            .bind(org)
            .bind(case_id);
        tx.write(update).await?;
        tx.steps.case(organisation, case_id, None, "case.close");
        tx.commit().await
    }

    async fn add_person(
        &self,
        organisation: &Organisationsnummer,
        case_id: &str,
        person: &Personnummer,
        change: &Change,
    ) -> Result<(), StoreError> {
        let mut tx = ChangeTx::begin(self, change).await?;
        let case = tx
            .require_open_case(organisation.ten_digits(), case_id)
            .await?;
        if case.household.contains(person) {
            return Err(StoreError::Conflict(
                "the person is in the household already",
            ));
        }
        tx.add(&ChildRow::member(organisation, case_id, person))
            .await?;
        tx.commit().await
    }

    async fn remove_person(
        &self,
        organisation: &Organisationsnummer,
        case_id: &str,
        person: &Personnummer,
        change: &Change,
    ) -> Result<(), StoreError> {
        let mut tx = ChangeTx::begin(self, change).await?;
        tx.remove(&ChildRow::member(organisation, case_id, person))
            .await?;
        tx.commit().await
    }

    async fn set_household(
        &self,
        organisation: &Organisationsnummer,
        case_id: &str,
        persons: &BTreeSet<Personnummer>,
        change: &Change,
    ) -> Result<Case, StoreError> {
        let mut tx = ChangeTx::begin(self, change).await?;
        let case = tx.replace_household(organisation, case_id, persons).await?;
        tx.commit().await?;
        Ok(case)
    }
}

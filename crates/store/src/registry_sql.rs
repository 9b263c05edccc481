//! The SQL of [`crate::registry::RegistryStore`], written once for both backends.
//!
//! Both SQLite and PostgreSQL accept `$1`-style parameters and the same statements, so the
//! implementation is one macro expanded per backend; the backend module supplies `begin`
//! (a transaction holding the audit append serialisation) and `append` (one audit record
//! linked onto the chain inside that transaction).

pub(crate) mod helpers;

/// Implements `RegistryStore` for `$store` whose connections are `$conn` (both as full
/// paths: the implementation sits in a child module). Expects `begin` and `append` in the
/// invoking module (see the module documentation).
macro_rules! impl_registry_store {
    ($store:ty, $conn:ty) => {
        mod imp {
            use std::collections::BTreeSet;

            use async_trait::async_trait;
            use sqlx::Row;
            use underlag_domain::{Organisationsnummer, Personnummer, SourceId};
            use underlag_registry::{Case, Connection, ConnectionStatus, Processor, SyfteMapping};

            use super::{append, begin};
            use crate::error::StoreError;
            use crate::registry::{
                Change, ChangeRecords, RegistryStore, organisation_from_db, person_from_db,
                source_list, ts_from_db,
            };
            use crate::row::ts_to_db;

            crate::registry_sql::helpers::registry_helpers!($conn);

            /// Runs `$body` in a change transaction, then appends the records of `$change`'s
            /// steps and commits; nothing is committed when any step fails.
            macro_rules! in_change {
                ($self:ident, $change:ident, |$tx:ident, $steps:ident| $body:block) => {{
                    let mut tx = begin($self).await?;
                    let mut $steps = ChangeRecords::new($change);
                    let value = {
                        let $tx: &mut $conn = &mut tx;
                        $body
                    };
                    for record in $steps.into_records() {
                        append(&mut tx, record).await?;
                    }
                    tx.commit().await.map_err(write_err)?;
                    Ok(value)
                }};
            }

            #[async_trait]
            impl RegistryStore for $store {
                async fn add_connection(
                    &self,
                    c: &Connection,
                    change: &Change,
                ) -> Result<(), StoreError> {
                    in_change!(self, change, |tx, steps| {
                        insert_connection(tx, c, &mut steps).await?;
                    })
                }

                async fn connection(
                    &self,
                    organisation: &Organisationsnummer,
                ) -> Result<Option<Connection>, StoreError> {
                    let mut conn = self.pool.acquire().await.map_err(read_err)?;
                    load_connection(&mut conn, organisation.ten_digits()).await
                }

                async fn connection_by_fingerprint(
                    &self,
                    fingerprint: &str,
                ) -> Result<Option<Connection>, StoreError> {
                    let mut conn = self.pool.acquire().await.map_err(read_err)?;
                    let org = sqlx::query(
                        "SELECT organisation FROM registry_fingerprint WHERE fingerprint = $1",
                    )
                    .bind(fingerprint.to_owned())
                    .fetch_optional(&mut *conn)
                    .await
                    .map_err(read_err)?;
                    match org {
                        None => Ok(None),
                        Some(row) => {
                            let org: String = row.try_get(0).map_err(read_err)?;
                            load_connection(&mut conn, &org).await
                        }
                    }
                }

                async fn connections(&self) -> Result<Vec<Connection>, StoreError> {
                    let mut conn = self.pool.acquire().await.map_err(read_err)?;
                    let orgs = sqlx::query(
                        "SELECT organisation FROM registry_connection ORDER BY organisation",
                    )
                    .fetch_all(&mut *conn)
                    .await
                    .map_err(read_err)?
                    .iter()
                    .map(|r| r.try_get::<String, _>(0).map_err(read_err))
                    .collect::<Result<Vec<_>, _>>()?;
                    let mut all = Vec::with_capacity(orgs.len());
                    for org in orgs {
                        all.extend(load_connection(&mut conn, &org).await?);
                    }
                    Ok(all)
                }

                async fn set_status(
                    &self,
                    organisation: &Organisationsnummer,
                    status: ConnectionStatus,
                    change: &Change,
                ) -> Result<(), StoreError> {
                    in_change!(self, change, |tx, steps| {
                        exec_existing(
                            tx,
                            "UPDATE registry_connection SET status = $1 WHERE organisation = $2",
                            &[status.code(), organisation.ten_digits()],
                            "connection",
                        )
                        .await?;
                        steps.connection(
                            organisation,
                            format!("connection.status {}", status.code()),
                        );
                    })
                }

                async fn set_sources(
                    &self,
                    organisation: &Organisationsnummer,
                    sources: &BTreeSet<SourceId>,
                    change: &Change,
                ) -> Result<(), StoreError> {
                    in_change!(self, change, |tx, steps| {
                        let org = organisation.ten_digits();
                        require_connection(tx, org).await?;
                        replace_sources(tx, org, sources).await?;
                        steps.connection(
                            organisation,
                            format!("connection.sources {}", source_list(sources)),
                        );
                    })
                }

                async fn add_fingerprint(
                    &self,
                    organisation: &Organisationsnummer,
                    fingerprint: &str,
                    change: &Change,
                ) -> Result<(), StoreError> {
                    in_change!(self, change, |tx, steps| {
                        let org = organisation.ten_digits();
                        require_connection(tx, org).await?;
                        // A fingerprint is registered for one organisation at the most, so
                        // this check and `insert_fingerprint`'s for another organisation
                        // never both hold.
                        if exists(
                            tx,
                            "SELECT 1 FROM registry_fingerprint \
                             WHERE fingerprint = $1 AND organisation = $2",
                            fingerprint,
                            org,
                        )
                        .await?
                        {
                            return Err(StoreError::Conflict(
                                "the fingerprint is registered already",
                            ));
                        }
                        insert_fingerprint(tx, organisation, fingerprint, &mut steps).await?;
                    })
                }

                async fn remove_fingerprint(
                    &self,
                    organisation: &Organisationsnummer,
                    fingerprint: &str,
                    change: &Change,
                ) -> Result<(), StoreError> {
                    in_change!(self, change, |tx, steps| {
                        let org = organisation.ten_digits();
                        require_connection(tx, org).await?;
                        exec_existing(
                            tx,
                            "DELETE FROM registry_fingerprint \
                             WHERE fingerprint = $1 AND organisation = $2",
                            &[fingerprint, org],
                            "fingerprint",
                        )
                        .await?;
                        steps.connection(
                            organisation,
                            format!("connection.fingerprint.remove {fingerprint}"),
                        );
                    })
                }

                async fn add_processor(
                    &self,
                    organisation: &Organisationsnummer,
                    processor: &Processor,
                    change: &Change,
                ) -> Result<(), StoreError> {
                    in_change!(self, change, |tx, steps| {
                        let org = organisation.ten_digits();
                        require_connection(tx, org).await?;
                        exec(
                            tx,
                            "DELETE FROM registry_processor \
                             WHERE organisation = $1 AND processor = $2",
                            &[org, processor.organisation.ten_digits()],
                        )
                        .await?;
                        insert_processor(tx, organisation, processor, &mut steps).await?;
                    })
                }

                async fn remove_processor(
                    &self,
                    organisation: &Organisationsnummer,
                    processor: &Organisationsnummer,
                    change: &Change,
                ) -> Result<(), StoreError> {
                    in_change!(self, change, |tx, steps| {
                        let org = organisation.ten_digits();
                        let p = processor.ten_digits();
                        require_connection(tx, org).await?;
                        exec_existing(
                            tx,
                            "DELETE FROM registry_processor \
                             WHERE organisation = $1 AND processor = $2",
                            &[org, p],
                            "data processor",
                        )
                        .await?;
                        steps.connection(organisation, format!("connection.processor.remove {p}"));
                    })
                }

                async fn add_syfte_mapping(
                    &self,
                    organisation: &Organisationsnummer,
                    mapping: &SyfteMapping,
                    change: &Change,
                ) -> Result<(), StoreError> {
                    in_change!(self, change, |tx, steps| {
                        let org = organisation.ten_digits();
                        require_connection(tx, org).await?;
                        exec(
                            tx,
                            "DELETE FROM registry_syfte_mapping \
                             WHERE organisation = $1 AND pattern = $2",
                            &[org, &mapping.pattern],
                        )
                        .await?;
                        insert_syfte_mapping(tx, organisation, mapping, &mut steps).await?;
                    })
                }

                async fn remove_syfte_mapping(
                    &self,
                    organisation: &Organisationsnummer,
                    pattern: &str,
                    change: &Change,
                ) -> Result<(), StoreError> {
                    in_change!(self, change, |tx, steps| {
                        let org = organisation.ten_digits();
                        require_connection(tx, org).await?;
                        exec_existing(
                            tx,
                            "DELETE FROM registry_syfte_mapping \
                             WHERE organisation = $1 AND pattern = $2",
                            &[org, pattern.trim()],
                            "syfte mapping",
                        )
                        .await?;
                        steps.connection(
                            organisation,
                            format!("connection.syfte.remove {}", syfte_text(pattern.trim())),
                        );
                    })
                }

                async fn open_case(&self, case: &Case, change: &Change) -> Result<(), StoreError> {
                    in_change!(self, change, |tx, steps| {
                        insert_case(tx, case, &mut steps).await?;
                    })
                }

                async fn case(
                    &self,
                    organisation: &Organisationsnummer,
                    case_id: &str,
                ) -> Result<Option<Case>, StoreError> {
                    let mut conn = self.pool.acquire().await.map_err(read_err)?;
                    load_case(&mut conn, organisation.ten_digits(), case_id).await
                }

                async fn close_case(
                    &self,
                    organisation: &Organisationsnummer,
                    case_id: &str,
                    change: &Change,
                ) -> Result<(), StoreError> {
                    in_change!(self, change, |tx, steps| {
                        let org = organisation.ten_digits();
                        require_open_case(tx, org, case_id).await?;
                        sqlx::query(
                            "UPDATE registry_case SET closed_at_ns = $1 \
                             WHERE organisation = $2 AND case_id = $3",
                        )
                        .bind(ts_to_db(change.at, "case closed")?)
                        .bind(org.to_owned())
                        .bind(case_id.to_owned())
                        .execute(&mut *tx)
                        .await
                        .map_err(write_err)?;
                        steps.case(organisation, case_id, None, "case.close");
                    })
                }

                async fn add_person(
                    &self,
                    organisation: &Organisationsnummer,
                    case_id: &str,
                    person: &Personnummer,
                    change: &Change,
                ) -> Result<(), StoreError> {
                    in_change!(self, change, |tx, steps| {
                        let org = organisation.ten_digits();
                        let case = require_open_case(tx, org, case_id).await?;
                        if case.household.contains(person) {
                            return Err(StoreError::Conflict(
                                "the person is in the household already",
                            ));
                        }
                        add_member(tx, organisation, case_id, person, &mut steps).await?;
                    })
                }

                async fn remove_person(
                    &self,
                    organisation: &Organisationsnummer,
                    case_id: &str,
                    person: &Personnummer,
                    change: &Change,
                ) -> Result<(), StoreError> {
                    in_change!(self, change, |tx, steps| {
                        if !remove_member(tx, organisation, case_id, person, &mut steps).await? {
                            return Err(StoreError::NotFound("person in the household"));
                        }
                    })
                }

                async fn set_household(
                    &self,
                    organisation: &Organisationsnummer,
                    case_id: &str,
                    persons: &BTreeSet<Personnummer>,
                    change: &Change,
                ) -> Result<Case, StoreError> {
                    in_change!(self, change, |tx, steps| {
                        replace_household(tx, organisation, case_id, persons, &mut steps).await?
                    })
                }
            }
        }
    };
}

pub(crate) use impl_registry_store;

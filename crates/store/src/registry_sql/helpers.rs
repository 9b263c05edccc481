//! The free functions behind `impl_registry_store!`: reads, checks and the larger writes,
//! expanded into the same module as the implementation (see the parent module).

/// Expands to the helper functions over connections of type `$conn`. Names resolve where
/// it is expanded, which must import what the implementation imports.
macro_rules! registry_helpers {
    ($conn:ty) => {
        const READ: &str = "registry read";
        const WRITE: &str = "registry change";

        fn read_err(e: sqlx::Error) -> StoreError {
            StoreError::db(READ, e)
        }

        fn write_err(e: sqlx::Error) -> StoreError {
            StoreError::db(WRITE, e)
        }

        async fn strings(
            conn: &mut $conn,
            sql: &'static str,
            key: &str,
        ) -> Result<Vec<String>, StoreError> {
            let rows = sqlx::query(sql)
                .bind(key.to_owned())
                .fetch_all(&mut *conn)
                .await
                .map_err(read_err)?;
            rows.iter()
                .map(|r| r.try_get::<String, _>(0).map_err(read_err))
                .collect()
        }

        async fn load_connection(
            conn: &mut $conn,
            org: &str,
        ) -> Result<Option<Connection>, StoreError> {
            let row = sqlx::query(
                "SELECT name, committee_unit, lefi_actor_id, status \
                 FROM registry_connection WHERE organisation = $1",
            )
            .bind(org.to_owned())
            .fetch_optional(&mut *conn)
            .await
            .map_err(read_err)?;
            let Some(row) = row else { return Ok(None) };
            let status: String = row.try_get("status").map_err(read_err)?;
            let sources = strings(
                conn,
                "SELECT source FROM registry_source WHERE organisation = $1 ORDER BY source",
                org,
            )
            .await?
            .iter()
            .map(|s| s.parse::<SourceId>())
            .collect::<Result<BTreeSet<_>, _>>()
            .map_err(|_| StoreError::CorruptRegistry("source"))?;
            let processors = sqlx::query(
                "SELECT processor, name FROM registry_processor \
                 WHERE organisation = $1 ORDER BY processor",
            )
            .bind(org.to_owned())
            .fetch_all(&mut *conn)
            .await
            .map_err(read_err)?
            .iter()
            .map(|r| {
                let p: String = r.try_get("processor").map_err(read_err)?;
                Ok(Processor {
                    organisation: organisation_from_db(&p)?,
                    name: r.try_get("name").map_err(read_err)?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
            let syfte_mappings = sqlx::query(
                "SELECT pattern, purpose FROM registry_syfte_mapping \
                 WHERE organisation = $1 ORDER BY pattern",
            )
            .bind(org.to_owned())
            .fetch_all(&mut *conn)
            .await
            .map_err(read_err)?
            .iter()
            .map(|r| {
                let pattern: String = r.try_get("pattern").map_err(read_err)?;
                let purpose: String = r.try_get("purpose").map_err(read_err)?;
                SyfteMapping::new(pattern, purpose)
                    .map_err(|_| StoreError::CorruptRegistry("syfte mapping"))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
            Ok(Some(Connection {
                organisation: organisation_from_db(org)?,
                name: row.try_get("name").map_err(read_err)?,
                committee_unit: row.try_get("committee_unit").map_err(read_err)?,
                certificate_fingerprints: strings(
                    conn,
                    "SELECT fingerprint FROM registry_fingerprint \
                     WHERE organisation = $1 ORDER BY fingerprint",
                    org,
                )
                .await?,
                lefi_actor_id: row.try_get("lefi_actor_id").map_err(read_err)?,
                entitled_sources: sources,
                entitled_information_types: strings(
                    conn,
                    "SELECT information_type FROM registry_information_type \
                     WHERE organisation = $1 ORDER BY information_type",
                    org,
                )
                .await?,
                status: status
                    .parse()
                    .map_err(|_| StoreError::CorruptRegistry("status"))?,
                data_processors: processors,
                syfte_mappings,
            }))
        }

        async fn load_case(
            conn: &mut $conn,
            org: &str,
            case_id: &str,
        ) -> Result<Option<Case>, StoreError> {
            let row = sqlx::query(
                "SELECT opened_at_ns, closed_at_ns FROM registry_case \
                 WHERE organisation = $1 AND case_id = $2",
            )
            .bind(org.to_owned())
            .bind(case_id.to_owned())
            .fetch_optional(&mut *conn)
            .await
            .map_err(read_err)?;
            let Some(row) = row else { return Ok(None) };
            let opened: i64 = row.try_get("opened_at_ns").map_err(read_err)?;
            let closed: Option<i64> = row.try_get("closed_at_ns").map_err(read_err)?;
            let members = sqlx::query(
                "SELECT person FROM registry_household_member \
                 WHERE organisation = $1 AND case_id = $2 ORDER BY person",
            )
            .bind(org.to_owned())
            .bind(case_id.to_owned())
            .fetch_all(&mut *conn)
            .await
            .map_err(read_err)?;
            let household = members
                .iter()
                .map(|r| person_from_db(&r.try_get::<String, _>(0).map_err(read_err)?))
                .collect::<Result<BTreeSet<_>, _>>()?;
            Ok(Some(Case {
                organisation: organisation_from_db(org)?,
                case_id: case_id.to_owned(),
                household,
                opened_at: ts_from_db(opened)?,
                closed_at: closed.map(ts_from_db).transpose()?,
            }))
        }

        async fn exists(
            conn: &mut $conn,
            sql: &'static str,
            a: &str,
            b: &str,
        ) -> Result<bool, StoreError> {
            let row = sqlx::query(sql)
                .bind(a.to_owned())
                .bind(b.to_owned())
                .fetch_optional(&mut *conn)
                .await
                .map_err(read_err)?;
            Ok(row.is_some())
        }

        async fn exec(
            conn: &mut $conn,
            sql: &'static str,
            binds: &[&str],
        ) -> Result<u64, StoreError> {
            let mut q = sqlx::query(sql);
            for b in binds {
                q = q.bind((*b).to_owned());
            }
            let done = q.execute(&mut *conn).await.map_err(write_err)?;
            Ok(done.rows_affected())
        }

        /// Runs a statement that must touch a row: none touched is `NotFound(missing)`.
        async fn exec_existing(
            conn: &mut $conn,
            sql: &'static str,
            binds: &[&str],
            missing: &'static str,
        ) -> Result<(), StoreError> {
            if exec(conn, sql, binds).await? == 0 {
                return Err(StoreError::NotFound(missing));
            }
            Ok(())
        }

        async fn require_connection(conn: &mut $conn, org: &str) -> Result<(), StoreError> {
            let found = sqlx::query("SELECT 1 FROM registry_connection WHERE organisation = $1")
                .bind(org.to_owned())
                .fetch_optional(&mut *conn)
                .await
                .map_err(read_err)?;
            found.map(|_| ()).ok_or(StoreError::NotFound("connection"))
        }

        async fn require_open_case(
            conn: &mut $conn,
            org: &str,
            case_id: &str,
        ) -> Result<Case, StoreError> {
            let case = load_case(conn, org, case_id)
                .await?
                .ok_or(StoreError::NotFound("case"))?;
            if case.closed_at.is_some() {
                return Err(StoreError::Conflict("the case is closed"));
            }
            Ok(case)
        }

        async fn insert_case(
            conn: &mut $conn,
            case: &Case,
            steps: &mut ChangeRecords<'_>,
        ) -> Result<(), StoreError> {
            let org = case.organisation.ten_digits();
            require_connection(conn, org).await?;
            if load_case(conn, org, &case.case_id).await?.is_some() {
                return Err(StoreError::Conflict("the case is registered already"));
            }
            sqlx::query(
                "INSERT INTO registry_case (organisation, case_id, opened_at_ns, closed_at_ns) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(org.to_owned())
            .bind(case.case_id.clone())
            .bind(ts_to_db(case.opened_at, "case opened")?)
            .bind(
                case.closed_at
                    .map(|t| ts_to_db(t, "case closed"))
                    .transpose()?,
            )
            .execute(&mut *conn)
            .await
            .map_err(write_err)?;
            steps.case(
                &case.organisation,
                &case.case_id,
                None,
                format!("case.open household={}", case.household.len()),
            );
            for person in &case.household {
                add_member(conn, &case.organisation, &case.case_id, person, steps).await?;
            }
            Ok(())
        }

        /// Adds a person to a case's household and records the step.
        async fn add_member(
            conn: &mut $conn,
            organisation: &Organisationsnummer,
            case_id: &str,
            person: &Personnummer,
            steps: &mut ChangeRecords<'_>,
        ) -> Result<(), StoreError> {
            exec(
                conn,
                "INSERT INTO registry_household_member (organisation, case_id, person) \
                 VALUES ($1, $2, $3)",
                &[organisation.ten_digits(), case_id, person.expose()],
            )
            .await?;
            steps.case(organisation, case_id, Some(person), "case.person.add");
            Ok(())
        }

        /// Removes a person from a case's household and records the step; `false` when the
        /// person was not in it.
        async fn remove_member(
            conn: &mut $conn,
            organisation: &Organisationsnummer,
            case_id: &str,
            person: &Personnummer,
            steps: &mut ChangeRecords<'_>,
        ) -> Result<bool, StoreError> {
            let removed = exec(
                conn,
                "DELETE FROM registry_household_member \
                 WHERE organisation = $1 AND case_id = $2 AND person = $3",
                &[organisation.ten_digits(), case_id, person.expose()],
            )
            .await?;
            steps.case(organisation, case_id, Some(person), "case.person.remove");
            Ok(removed > 0)
        }

        /// Registers a fingerprint for a connection and records the step; a fingerprint
        /// registered for another connection is a conflict.
        async fn insert_fingerprint(
            conn: &mut $conn,
            organisation: &Organisationsnummer,
            fingerprint: &str,
            steps: &mut ChangeRecords<'_>,
        ) -> Result<(), StoreError> {
            let org = organisation.ten_digits();
            if exists(
                conn,
                "SELECT 1 FROM registry_fingerprint \
                 WHERE fingerprint = $1 AND organisation <> $2",
                fingerprint,
                org,
            )
            .await?
            {
                return Err(StoreError::Conflict(
                    "the fingerprint is registered for another connection",
                ));
            }
            exec(
                conn,
                "INSERT INTO registry_fingerprint (fingerprint, organisation) VALUES ($1, $2)",
                &[fingerprint, org],
            )
            .await?;
            steps.connection(
                organisation,
                format!("connection.fingerprint.add {fingerprint}"),
            );
            Ok(())
        }

        /// Allows a data processor for a connection and records the step.
        async fn insert_processor(
            conn: &mut $conn,
            organisation: &Organisationsnummer,
            processor: &Processor,
            steps: &mut ChangeRecords<'_>,
        ) -> Result<(), StoreError> {
            let p = processor.organisation.ten_digits();
            exec(
                conn,
                "INSERT INTO registry_processor (organisation, processor, name) \
                 VALUES ($1, $2, $3)",
                &[organisation.ten_digits(), p, &processor.name],
            )
            .await?;
            steps.connection(organisation, format!("connection.processor.add {p}"));
            Ok(())
        }

        /// Registers a syfte text or pattern for a connection and records the step (the
        /// purpose code and the pattern, neutralised; a pattern is configuration, not a
        /// person's data).
        async fn insert_syfte_mapping(
            conn: &mut $conn,
            organisation: &Organisationsnummer,
            mapping: &SyfteMapping,
            steps: &mut ChangeRecords<'_>,
        ) -> Result<(), StoreError> {
            exec(
                conn,
                "INSERT INTO registry_syfte_mapping (organisation, pattern, purpose) \
                 VALUES ($1, $2, $3)",
                &[
                    organisation.ten_digits(),
                    &mapping.pattern,
                    &mapping.purpose,
                ],
            )
            .await?;
            steps.connection(
                organisation,
                format!(
                    "connection.syfte.add {} {}",
                    mapping.purpose,
                    syfte_text(&mapping.pattern)
                ),
            );
            Ok(())
        }

        /// A syfte pattern as a change description shows it: quoted, control and bidi
        /// characters neutralised.
        fn syfte_text(pattern: &str) -> String {
            format!("\"{}\"", underlag_domain::free_text::neutralise(pattern))
        }

        async fn replace_sources(
            conn: &mut $conn,
            org: &str,
            sources: &BTreeSet<SourceId>,
        ) -> Result<(), StoreError> {
            exec(
                conn,
                "DELETE FROM registry_source WHERE organisation = $1",
                &[org],
            )
            .await?;
            for s in sources {
                exec(
                    conn,
                    "INSERT INTO registry_source (organisation, source) VALUES ($1, $2)",
                    &[org, s.code()],
                )
                .await?;
            }
            Ok(())
        }

        /// Inserts a new connection with its sources, information types, fingerprints and
        /// data processors, and records the steps.
        async fn insert_connection(
            tx: &mut $conn,
            c: &Connection,
            steps: &mut ChangeRecords<'_>,
        ) -> Result<(), StoreError> {
            let org = c.organisation.ten_digits();
            if load_connection(tx, org).await?.is_some() {
                return Err(StoreError::Conflict("the connection is registered already"));
            }
            exec(
                tx,
                "INSERT INTO registry_connection \
                 (organisation, name, committee_unit, lefi_actor_id, status) \
                 VALUES ($1, $2, $3, $4, $5)",
                &[
                    org,
                    &c.name,
                    &c.committee_unit,
                    &c.lefi_actor_id,
                    c.status.code(),
                ],
            )
            .await?;
            replace_sources(tx, org, &c.entitled_sources).await?;
            let types: BTreeSet<&String> = c.entitled_information_types.iter().collect();
            for t in types {
                exec(
                    tx,
                    "INSERT INTO registry_information_type \
                     (organisation, information_type) VALUES ($1, $2)",
                    &[org, t],
                )
                .await?;
            }
            steps.connection(
                &c.organisation,
                format!(
                    "connection.add status={} sources={}",
                    c.status.code(),
                    source_list(&c.entitled_sources)
                ),
            );
            let fingerprints: BTreeSet<&String> = c.certificate_fingerprints.iter().collect();
            for fp in fingerprints {
                insert_fingerprint(tx, &c.organisation, fp, steps).await?;
            }
            for p in &c.data_processors {
                insert_processor(tx, &c.organisation, p, steps).await?;
            }
            for m in &c.syfte_mappings {
                insert_syfte_mapping(tx, &c.organisation, m, steps).await?;
            }
            Ok(())
        }

        /// Sets a case's household to exactly `persons` (registering the case when unknown),
        /// pushing one audit record per person added or removed.
        async fn replace_household(
            tx: &mut $conn,
            organisation: &Organisationsnummer,
            case_id: &str,
            persons: &BTreeSet<Personnummer>,
            steps: &mut ChangeRecords<'_>,
        ) -> Result<Case, StoreError> {
            let case = {
                let org = organisation.ten_digits();
                match load_case(tx, org, case_id).await? {
                    None => {
                        let case = Case {
                            organisation: organisation.clone(),
                            case_id: case_id.to_owned(),
                            household: persons.clone(),
                            opened_at: steps.change().at,
                            closed_at: None,
                        };
                        insert_case(tx, &case, steps).await?;
                        case
                    }
                    Some(mut case) => {
                        if case.closed_at.is_some() {
                            return Err(StoreError::Conflict("the case is closed"));
                        }
                        for gone in case.household.difference(persons) {
                            remove_member(tx, organisation, case_id, gone, steps).await?;
                        }
                        for new in persons.difference(&case.household) {
                            add_member(tx, organisation, case_id, new, steps).await?;
                        }
                        case.household = persons.clone();
                        case
                    }
                }
            };
            Ok(case)
        }
    };
}

pub(crate) use registry_helpers;

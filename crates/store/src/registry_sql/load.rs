//! Reading the registry: a connection with its sources, information types, fingerprints,
//! data processors and syfte mappings, a case with its household, and the owner of a
//! fingerprint. Every failure is a `registry read` error.

use std::collections::BTreeSet;

use underlag_domain::{Fingerprint, SourceId};
use underlag_registry::{Case, Connection, Processor, SyfteMapping};

use crate::error::StoreError;
use crate::registry::{organisation_from_db, person_from_db, ts_from_db};
use crate::sql::{Sql, Statement};

const READ: &str = "registry read";

fn read_err(e: sqlx::Error) -> StoreError {
    StoreError::db(READ, e)
}

/// Every row `statement` selects.
async fn rows<B: Sql>(
    conn: &mut B::Connection,
    statement: Statement,
) -> Result<Vec<B::Row>, StoreError> {
    B::fetch_all(conn, statement).await.map_err(read_err)
}

/// The first row `statement` selects, if any.
async fn row<B: Sql>(
    conn: &mut B::Connection,
    statement: Statement,
) -> Result<Option<B::Row>, StoreError> {
    B::fetch_optional(conn, statement).await.map_err(read_err)
}

/// The text `column` of every row `sql` selects for one organisation.
async fn texts<B: Sql>(
    conn: &mut B::Connection,
    sql: &'static str,
    org: &str,
    column: &str,
) -> Result<Vec<String>, StoreError> {
    rows::<B>(conn, Statement::new(sql).bind(org))
        .await?
        .iter()
        .map(|r| B::text(r, column).map_err(read_err))
        .collect()
}

/// Every registered organisation (10 digits), in order.
pub(crate) async fn organisations<B: Sql>(
    conn: &mut B::Connection,
) -> Result<Vec<String>, StoreError> {
    let sql = "SELECT organisation FROM registry_connection ORDER BY organisation";
    rows::<B>(conn, Statement::new(sql))
        .await?
        .iter()
        .map(|r| B::text(r, "organisation").map_err(read_err))
        .collect()
}

/// Whether `org` (10 digits) has a connection.
pub(crate) async fn connection_exists<B: Sql>(
    conn: &mut B::Connection,
    org: &str,
) -> Result<bool, StoreError> {
    let sql = "SELECT 1 FROM registry_connection WHERE organisation = $1";
    Ok(row::<B>(conn, Statement::new(sql).bind(org))
        .await?
        .is_some())
}

/// The organisation (10 digits) a fingerprint is registered for, if any.
pub(crate) async fn fingerprint_owner<B: Sql>(
    conn: &mut B::Connection,
    fingerprint: &str,
) -> Result<Option<String>, StoreError> {
    let sql = "SELECT organisation FROM registry_fingerprint WHERE fingerprint = $1";
    match row::<B>(conn, Statement::new(sql).bind(fingerprint)).await? {
        None => Ok(None),
        Some(r) => B::text(&r, "organisation").map(Some).map_err(read_err),
    }
}

/// The connection of `org` (10 digits), if registered.
pub(crate) async fn load_connection<B: Sql>(
    conn: &mut B::Connection,
    org: &str,
) -> Result<Option<Connection>, StoreError> {
    let sql = "SELECT name, committee_unit, lefi_actor_id, status \
               FROM registry_connection WHERE organisation = $1";
    let Some(row) = row::<B>(conn, Statement::new(sql).bind(org)).await? else {
        return Ok(None);
    };
    let text = |column| B::text(&row, column).map_err(read_err);
    let sources = "SELECT source FROM registry_source WHERE organisation = $1 ORDER BY source";
    let entitled_sources = texts::<B>(conn, sources, org, "source")
        .await?
        .iter()
        .map(|s| s.parse::<SourceId>())
        .collect::<Result<BTreeSet<_>, _>>()
        .map_err(|_| StoreError::CorruptRegistry("source"))?;
    let bases = "SELECT source, legal_basis FROM registry_source_legal_basis \
                 WHERE organisation = $1 ORDER BY source";
    let source_legal_bases =
        pairs::<B, _>(conn, bases, org, ["source", "legal_basis"], |s, basis| {
            let source = s
                .parse::<SourceId>()
                .map_err(|_| StoreError::CorruptRegistry("source"))?;
            Ok((source, basis))
        })
        .await?
        .into_iter()
        .collect();
    let processors = "SELECT processor, name FROM registry_processor \
                      WHERE organisation = $1 ORDER BY processor";
    let data_processors = pairs::<B, _>(conn, processors, org, ["processor", "name"], |p, name| {
        let organisation = organisation_from_db(&p)?;
        Ok(Processor { organisation, name })
    })
    .await?;
    let mappings = "SELECT pattern, purpose FROM registry_syfte_mapping \
                    WHERE organisation = $1 ORDER BY pattern";
    let syfte_mappings =
        pairs::<B, _>(conn, mappings, org, ["pattern", "purpose"], |p, purpose| {
            SyfteMapping::new(p, purpose).map_err(|_| StoreError::CorruptRegistry("syfte mapping"))
        })
        .await?;
    let fingerprints = "SELECT fingerprint FROM registry_fingerprint \
                        WHERE organisation = $1 ORDER BY fingerprint";
    let certificate_fingerprints = texts::<B>(conn, fingerprints, org, "fingerprint")
        .await?
        .iter()
        .map(|f| Fingerprint::parse(f))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| StoreError::CorruptRegistry("fingerprint"))?;
    let types = "SELECT information_type FROM registry_information_type \
                 WHERE organisation = $1 ORDER BY information_type";
    let entitled_information_types = texts::<B>(conn, types, org, "information_type").await?;
    Ok(Some(Connection {
        organisation: organisation_from_db(org)?,
        name: text("name")?,
        committee_unit: text("committee_unit")?,
        certificate_fingerprints,
        lefi_actor_id: underlag_domain::LefiActorId::parse_optional(&text("lefi_actor_id")?)
            .map_err(|_| StoreError::CorruptRegistry("LEFI actor id"))?,
        entitled_sources,
        source_legal_bases,
        entitled_information_types,
        status: text("status")?
            .parse()
            .map_err(|_| StoreError::CorruptRegistry("status"))?,
        data_processors,
        syfte_mappings,
    }))
}

/// Every row `sql` selects for one organisation, its two text `columns` read by `read`.
async fn pairs<B: Sql, T>(
    conn: &mut B::Connection,
    sql: &'static str,
    org: &str,
    [first, second]: [&str; 2],
    read: impl Fn(String, String) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    rows::<B>(conn, Statement::new(sql).bind(org))
        .await?
        .iter()
        .map(|r| {
            let text = |column| B::text(r, column).map_err(read_err);
            read(text(first)?, text(second)?)
        })
        .collect()
}

/// The keys (organisation as 10 digits, case id) of every case, or of one organisation's,
/// in order.
pub(crate) async fn case_keys<B: Sql>(
    conn: &mut B::Connection,
    org: Option<&str>,
) -> Result<Vec<(String, String)>, StoreError> {
    let statement = match org {
        Some(org) => Statement::new(
            "SELECT organisation, case_id FROM registry_case WHERE organisation = $1 \
             ORDER BY organisation, case_id",
        )
        .bind(org),
        None => Statement::new(
            "SELECT organisation, case_id FROM registry_case ORDER BY organisation, case_id",
        ),
    };
    rows::<B>(conn, statement)
        .await?
        .iter()
        .map(|r| {
            let text = |column| B::text(r, column).map_err(read_err);
            Ok((text("organisation")?, text("case_id")?))
        })
        .collect()
}

/// A case of `org` (10 digits), if registered.
pub(crate) async fn load_case<B: Sql>(
    conn: &mut B::Connection,
    org: &str,
    case_id: &str,
) -> Result<Option<Case>, StoreError> {
    let sql = "SELECT opened_at_ns, closed_at_ns FROM registry_case \
               WHERE organisation = $1 AND case_id = $2";
    let Some(row) = row::<B>(conn, Statement::new(sql).bind(org).bind(case_id)).await? else {
        return Ok(None);
    };
    let opened = B::int(&row, "opened_at_ns").map_err(read_err)?;
    let closed = B::opt_int(&row, "closed_at_ns").map_err(read_err)?;
    let members = "SELECT person FROM registry_household_member \
                   WHERE organisation = $1 AND case_id = $2 ORDER BY person";
    let household = rows::<B>(conn, Statement::new(members).bind(org).bind(case_id))
        .await?
        .iter()
        .map(|r| person_from_db(&B::text(r, "person").map_err(read_err)?))
        .collect::<Result<BTreeSet<_>, _>>()?;
    Ok(Some(Case {
        organisation: organisation_from_db(org)?,
        case_id: case_id.to_owned(),
        household,
        opened_at: ts_from_db(opened)?,
        closed_at: closed.map(ts_from_db).transpose()?,
    }))
}

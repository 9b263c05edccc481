//! The registry's child tables whose rows are added and removed one at a time, each addition
//! and removal a step with an audit record of its own: a connection's certificate
//! fingerprints, information types, data processors, syfte mappings and legal bases per
//! source, and a case's household members.
//!
//! A [`ChildTable`] describes one such table; a [`ChildRow`] is one row of it with its owner,
//! and [`ChangeTx::add`], [`ChangeTx::put`] and [`ChangeTx::remove`] are the one way rows of
//! any of them change.

use underlag_domain::{Organisationsnummer, Personnummer, SourceId};
use underlag_registry::{Processor, SyfteMapping};

use super::change::ChangeTx;
use crate::error::StoreError;
use crate::registry::ChangeRecords;
use crate::sql::{Sql, Statement};

/// One child table.
pub(crate) struct ChildTable {
    /// Inserts a row: the owner's key columns, the row's key, then its other columns.
    insert: &'static str,
    /// Deletes the row with the owner's key columns and the row's key.
    delete: &'static str,
    /// What a removal of a row that is not there reports as not found.
    missing: &'static str,
    /// The stem of the steps' descriptions (`<stem>.add …`, `<stem>.remove …`).
    stem: &'static str,
}

const FINGERPRINTS: ChildTable = ChildTable {
    insert: "INSERT INTO registry_fingerprint (organisation, fingerprint) VALUES ($1, $2)",
    delete: "DELETE FROM registry_fingerprint WHERE organisation = $1 AND fingerprint = $2",
    missing: "fingerprint",
    stem: "connection.fingerprint",
};

const PROCESSORS: ChildTable = ChildTable {
    insert: "INSERT INTO registry_processor (organisation, processor, name) VALUES ($1, $2, $3)",
    delete: "DELETE FROM registry_processor WHERE organisation = $1 AND processor = $2",
    missing: "data processor",
    stem: "connection.processor",
};

const INFORMATION_TYPES: ChildTable = ChildTable {
    insert: "INSERT INTO registry_information_type (organisation, information_type) \
             VALUES ($1, $2)",
    delete: "DELETE FROM registry_information_type \
             WHERE organisation = $1 AND information_type = $2",
    missing: "information type",
    stem: "connection.information_type",
};

const SYFTE_MAPPINGS: ChildTable = ChildTable {
    insert: "INSERT INTO registry_syfte_mapping (organisation, pattern, purpose) \
             VALUES ($1, $2, $3)",
    delete: "DELETE FROM registry_syfte_mapping WHERE organisation = $1 AND pattern = $2",
    missing: "syfte mapping",
    stem: "connection.syfte",
};

const LEGAL_BASES: ChildTable = ChildTable {
    insert: "INSERT INTO registry_source_legal_basis (organisation, source, legal_basis) \
             VALUES ($1, $2, $3)",
    delete: "DELETE FROM registry_source_legal_basis WHERE organisation = $1 AND source = $2",
    missing: "legal basis",
    stem: "connection.legal_basis",
};

const HOUSEHOLD: ChildTable = ChildTable {
    insert: "INSERT INTO registry_household_member (organisation, case_id, person) \
             VALUES ($1, $2, $3)",
    delete: "DELETE FROM registry_household_member \
             WHERE organisation = $1 AND case_id = $2 AND person = $3",
    missing: "person in the household",
    stem: "case.person",
};

/// What a child row belongs to.
#[derive(Clone, Copy)]
enum Owner<'a> {
    Connection(&'a Organisationsnummer),
    /// A case; the row is `person`'s place in its household.
    Case {
        organisation: &'a Organisationsnummer,
        case_id: &'a str,
        person: &'a Personnummer,
    },
}

/// One row of a child table, as far as adding or removing it needs.
pub(crate) struct ChildRow<'a> {
    table: &'static ChildTable,
    owner: Owner<'a>,
    /// The row's key within its owner.
    key: &'a str,
    /// Its other columns, in the insert's order (read by an addition only).
    values: Vec<&'a str>,
    /// What the step's description says after `<stem>.add` or `<stem>.remove`, if anything
    /// (a household member's record names the person in its subject field instead).
    detail: Option<String>,
}

impl<'a> ChildRow<'a> {
    fn of_connection(
        table: &'static ChildTable,
        organisation: &'a Organisationsnummer,
        key: &'a str,
        detail: String,
    ) -> Self {
        Self {
            table,
            owner: Owner::Connection(organisation),
            key,
            values: Vec::new(),
            detail: Some(detail),
        }
    }

    /// A client certificate fingerprint (normalised) of a connection.
    pub(crate) fn fingerprint(organisation: &'a Organisationsnummer, fingerprint: &'a str) -> Self {
        Self::of_connection(
            &FINGERPRINTS,
            organisation,
            fingerprint,
            fingerprint.to_owned(),
        )
    }

    /// A data processor of a connection, with its name.
    pub(crate) fn processor(
        organisation: &'a Organisationsnummer,
        processor: &'a Processor,
    ) -> Self {
        let mut row = Self::processor_key(organisation, &processor.organisation);
        row.values.push(&processor.name);
        row
    }

    /// A data processor of a connection, by its organisationsnummer.
    pub(crate) fn processor_key(
        organisation: &'a Organisationsnummer,
        processor: &'a Organisationsnummer,
    ) -> Self {
        let p = processor.ten_digits();
        Self::of_connection(&PROCESSORS, organisation, p, p.to_owned())
    }

    /// An information type a connection may receive.
    pub(crate) fn information_type(
        organisation: &'a Organisationsnummer,
        information_type: &'a str,
    ) -> Self {
        let detail = syfte_text(information_type);
        Self::of_connection(&INFORMATION_TYPES, organisation, information_type, detail)
    }

    /// A syfte mapping of a connection, with its purpose.
    pub(crate) fn syfte_mapping(
        organisation: &'a Organisationsnummer,
        mapping: &'a SyfteMapping,
    ) -> Self {
        let detail = format!("{} {}", mapping.purpose, syfte_text(&mapping.pattern));
        let mut row = Self::of_connection(&SYFTE_MAPPINGS, organisation, &mapping.pattern, detail);
        row.values.push(&mapping.purpose);
        row
    }

    /// A syfte mapping of a connection, by its text or pattern as registered.
    pub(crate) fn syfte_pattern(organisation: &'a Organisationsnummer, pattern: &'a str) -> Self {
        Self::of_connection(&SYFTE_MAPPINGS, organisation, pattern, syfte_text(pattern))
    }

    /// The legal basis a connection holds for a source, with its text.
    pub(crate) fn legal_basis(
        organisation: &'a Organisationsnummer,
        source: SourceId,
        legal_basis: &'a str,
    ) -> Self {
        let mut row = Self::legal_basis_key(organisation, source);
        row.values.push(legal_basis);
        row
    }

    /// The legal basis a connection holds for a source, by the source.
    pub(crate) fn legal_basis_key(organisation: &'a Organisationsnummer, source: SourceId) -> Self {
        Self::of_connection(
            &LEGAL_BASES,
            organisation,
            source.code(),
            source.code().to_owned(),
        )
    }

    /// A person in a case's household.
    pub(crate) fn member(
        organisation: &'a Organisationsnummer,
        case_id: &'a str,
        person: &'a Personnummer,
    ) -> Self {
        Self {
            table: &HOUSEHOLD,
            owner: Owner::Case {
                organisation,
                case_id,
                person,
            },
            key: person.expose(),
            values: Vec::new(),
            detail: None,
        }
    }

    /// The organisation (10 digits) the row belongs to.
    pub(crate) fn organisation(&self) -> &'a str {
        match self.owner {
            Owner::Connection(organisation) | Owner::Case { organisation, .. } => {
                organisation.ten_digits()
            }
        }
    }

    /// The owner's key columns, then the row's key.
    fn key_params(&self) -> Vec<&'a str> {
        let mut params = match self.owner {
            Owner::Connection(organisation) => vec![organisation.ten_digits()],
            Owner::Case {
                organisation,
                case_id,
                ..
            } => vec![organisation.ten_digits(), case_id],
        };
        params.push(self.key);
        params
    }

    /// Records the step `<stem>.<action>` on the row's owner.
    fn record(&self, steps: &mut ChangeRecords<'_>, action: &str) {
        let what = match &self.detail {
            Some(detail) => format!("{}.{action} {detail}", self.table.stem),
            None => format!("{}.{action}", self.table.stem),
        };
        match self.owner {
            Owner::Connection(organisation) => steps.connection(organisation, what),
            Owner::Case {
                organisation,
                case_id,
                person,
            } => steps.case(organisation, case_id, Some(person), what),
        }
    }
}

/// A syfte pattern or an information type as a change description shows it: quoted, control
/// and bidi characters neutralised (configuration, not a person's data).
fn syfte_text(pattern: &str) -> String {
    format!("\"{}\"", underlag_domain::free_text::neutralise(pattern))
}

impl<B: Sql> ChangeTx<'_, B> {
    /// Inserts a child row and records the step `<stem>.add`.
    pub(crate) async fn add(&mut self, row: &ChildRow<'_>) -> Result<(), StoreError> {
        let mut params = row.key_params();
        params.extend(&row.values);
        self.write(Statement::new(row.table.insert).bind_all(params))
            .await?;
        row.record(&mut self.steps, "add");
        Ok(())
    }

    /// Adds a child row in place of the one with the same key, if any (a processor's name,
    /// a mapping's purpose), and records the step `<stem>.add`.
    pub(crate) async fn put(&mut self, row: &ChildRow<'_>) -> Result<(), StoreError> {
        self.write(Statement::new(row.table.delete).bind_all(row.key_params()))
            .await?;
        self.add(row).await
    }

    /// Deletes a child row and records the step `<stem>.remove`; a row that is not there is
    /// [`StoreError::NotFound`].
    pub(crate) async fn remove(&mut self, row: &ChildRow<'_>) -> Result<(), StoreError> {
        let delete = Statement::new(row.table.delete).bind_all(row.key_params());
        if self.write(delete).await? == 0 {
            return Err(StoreError::NotFound(row.table.missing));
        }
        row.record(&mut self.steps, "remove");
        Ok(())
    }
}

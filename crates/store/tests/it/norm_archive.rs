//! The norm archive suite (migration 0005), run on every backend by `on_both_backends!`: a
//! beräkningsunderlag, its decisions and imported tables are stored together with their audit
//! records in one transaction (a write that fails leaves neither), read back as written, and
//! refused when they would contradict what is stored.

use jiff::Timestamp;
use underlag_audit::{AuditKind, AuditRecord, Channel};
use underlag_domain::Organisationsnummer;
use underlag_service::{
    NormArchiveError, StoredCalculation, StoredDecision, StoredSectionVerdict, TableImport,
};
use underlag_store::verify_store;
use underlag_test_support::TestDb;
use underlag_test_support::fixtures::exempelkommun_organisation;

use crate::records::key;

fn at(n: i64) -> Timestamp {
    Timestamp::new(1_795_000_000 + n, 250_000_000).unwrap()
}

fn other_organisation() -> Organisationsnummer {
    (0..10)
        .find_map(|d| Organisationsnummer::parse(&format!("212000014{d}")).ok())
        .filter(|o| o != &exempelkommun_organisation())
        .or_else(|| (0..10).find_map(|d| Organisationsnummer::parse(&format!("556000000{d}")).ok()))
        .unwrap()
}

fn calculation(
    id: &str,
    lookup: Option<&str>,
    organisation: Organisationsnummer,
) -> StoredCalculation {
    StoredCalculation {
        id: id.into(),
        created_at: at(1),
        computed_by: "handlaggare01".into(),
        organisation,
        unit: "Socialnämnden".into(),
        case_id: "EB-1".into(),
        lookup_id: lookup.map(Into::into),
        rule_version: "norm abc riksnorm 2024 (verifierad) exempelkommun@2014-01-01".into(),
        inputs_json: r#"{"month":"2024-03"}"#.into(),
        result_json: r#"{"month":"2024-03","balance":{"status":"complete"}}"#.into(),
        checksum: "0".repeat(64),
    }
}

fn record(kind: AuditKind, id: &str) -> AuditRecord {
    AuditRecord::builder(kind, id, at(2), Channel::Rest)
        .organisation(&exempelkommun_organisation())
        .case_worker("handlaggare01")
        .case_id("EB-1")
        .refusal(format!("{} {id}", kind.code()))
        .build()
}

fn decision(id: &str, calculation_id: &str, sections: &[(&str, &str)]) -> StoredDecision {
    StoredDecision {
        id: id.into(),
        calculation_id: calculation_id.into(),
        rule_version: "norm abc".into(),
        decided_by: "handlaggare02".into(),
        decided_at: at(3),
        sections: sections
            .iter()
            .map(|(section, verdict)| StoredSectionVerdict {
                section: (*section).into(),
                verdict: (*verdict).into(),
                computed_amount: "8510.00".into(),
                adjusted_amount: (*verdict == "adjust").then(|| "9000.00".into()),
                reason: (*verdict == "adjust").then(|| "Särskilda skäl: kost.".into()),
            })
            .collect(),
    }
}

const ALL_APPROVED: [(&str, &str); 3] = [
    ("norm", "approve"),
    ("costs", "approve"),
    ("incomes", "approve"),
];

async fn kinds(db: &TestDb) -> Vec<AuditKind> {
    db.audit_store()
        .records(1, 1000)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.record.kind)
        .collect()
}

async fn a_calculation_and_its_decisions_are_stored_with_their_audit_records(db: &TestDb) {
    let archive = db.norm_archive().await;
    let stored = calculation("calc-1", Some("lookup-1"), exempelkommun_organisation());
    let seq = archive
        .save_calculation(&stored, record(AuditKind::NormCalculation, "calc-1"))
        .await
        .unwrap();
    assert_eq!(seq, 1);
    assert_eq!(
        archive.calculation("calc-1").await.unwrap(),
        Some(stored.clone())
    );
    assert_eq!(archive.calculation("calc-2").await.unwrap(), None);

    let first = decision(
        "dec-1",
        "calc-1",
        &[
            ("incomes", "adjust"),
            ("norm", "approve"),
            ("costs", "approve"),
        ],
    );
    let second = decision("dec-2", "calc-1", &ALL_APPROVED);
    archive
        .save_decision(&first, record(AuditKind::NormDecision, "dec-1"))
        .await
        .unwrap();
    archive
        .save_decision(&second, record(AuditKind::NormDecision, "dec-2"))
        .await
        .unwrap();
    let decisions = archive.decisions("calc-1").await.unwrap();
    assert_eq!(decisions.len(), 2, "{decisions:?}");
    assert_eq!(decisions[0].id, "dec-1");
    let order: Vec<&str> = decisions[0]
        .sections
        .iter()
        .map(|s| s.section.as_str())
        .collect();
    assert_eq!(
        order,
        ["norm", "costs", "incomes"],
        "shown in section order"
    );
    assert_eq!(
        decisions[0].sections[2].adjusted_amount.as_deref(),
        Some("9000.00")
    );
    assert_eq!(
        decisions[0].sections[2].reason.as_deref(),
        Some("Särskilda skäl: kost.")
    );
    assert_eq!(decisions[0].decided_at, at(3));
    assert_eq!(decisions[1], second);

    assert_eq!(
        kinds(db).await,
        [
            AuditKind::NormCalculation,
            AuditKind::NormDecision,
            AuditKind::NormDecision
        ]
    );
    let report = verify_store(&*db.audit_store(), &key().verifying_key(), &[])
        .await
        .unwrap();
    assert!(report.is_ok(), "{report:?}");
}

async fn a_lookup_lists_only_its_own_organisations_calculations(db: &TestDb) {
    let archive = db.norm_archive().await;
    for (id, lookup, org) in [
        ("a", Some("lookup-1"), exempelkommun_organisation()),
        ("b", Some("lookup-2"), exempelkommun_organisation()),
        ("c", Some("lookup-1"), other_organisation()),
        ("d", None, exempelkommun_organisation()),
        ("e", Some("lookup-1"), exempelkommun_organisation()),
    ] {
        archive
            .save_calculation(
                &calculation(id, lookup, org),
                record(AuditKind::NormCalculation, id),
            )
            .await
            .unwrap();
    }
    let listed: Vec<String> = archive
        .calculations_of_lookup(&exempelkommun_organisation(), "lookup-1")
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(listed, ["a", "e"]);
}

async fn a_write_that_fails_leaves_neither_row_nor_record(db: &TestDb) {
    let archive = db.norm_archive().await;
    // A decision on a calculation that is not stored.
    let refused = archive
        .save_decision(
            &decision("dec-x", "missing", &ALL_APPROVED),
            record(AuditKind::NormDecision, "dec-x"),
        )
        .await;
    assert!(
        matches!(refused, Err(NormArchiveError::Conflict(_))),
        "{refused:?}"
    );
    assert!(kinds(db).await.is_empty(), "no record without its row");

    archive
        .save_calculation(
            &calculation("calc-1", None, exempelkommun_organisation()),
            record(AuditKind::NormCalculation, "calc-1"),
        )
        .await
        .unwrap();
    // The same id again: a calculation is never replaced.
    let mut changed = calculation("calc-1", None, exempelkommun_organisation());
    changed.result_json = "{}".into();
    let refused = archive
        .save_calculation(&changed, record(AuditKind::NormCalculation, "calc-1"))
        .await;
    assert!(
        matches!(refused, Err(NormArchiveError::Conflict(_))),
        "{refused:?}"
    );
    // A row the database refuses after the record was linked (a section it does not know):
    // the transaction rolls back, record included.
    let refused = archive
        .save_decision(
            &decision(
                "dec-y",
                "calc-1",
                &[("norm", "approve"), ("bogus", "approve")],
            ),
            record(AuditKind::NormDecision, "dec-y"),
        )
        .await;
    assert!(
        matches!(refused, Err(NormArchiveError::Unavailable(_))),
        "{refused:?}"
    );
    assert_eq!(kinds(db).await, [AuditKind::NormCalculation]);
    assert!(archive.decisions("calc-1").await.unwrap().is_empty());
    assert_eq!(
        archive
            .calculation("calc-1")
            .await
            .unwrap()
            .unwrap()
            .result_json,
        calculation("calc-1", None, exempelkommun_organisation()).result_json
    );
}

async fn imported_tables_are_kept_in_import_order(db: &TestDb) {
    let archive = db.norm_archive().await;
    for (n, year) in [(1, 2025_i16), (2, 2023), (3, 2025)] {
        let import = TableImport {
            id: format!("import-{n}"),
            year,
            source: format!("SFS {year}:{n} (testdata)"),
            imported_by: "operator".into(),
            imported_at: at(n),
            text: format!("year = {year}\n"),
        };
        let record =
            AuditRecord::admin(import.id.clone(), at(n), Channel::Cli, "norm.table.import")
                .case_worker("operator")
                .build();
        archive.save_table_import(&import, record).await.unwrap();
    }
    let imports = archive.table_imports().await.unwrap();
    let order: Vec<(&str, i16, &str)> = imports
        .iter()
        .map(|i| (i.id.as_str(), i.year, i.source.as_str()))
        .collect();
    assert_eq!(
        order,
        [
            ("import-1", 2025, "SFS 2025:1 (testdata)"),
            ("import-2", 2023, "SFS 2023:2 (testdata)"),
            ("import-3", 2025, "SFS 2025:3 (testdata)"),
        ]
    );
    assert_eq!(imports[1].text, "year = 2023\n");
    assert_eq!(imports[2].imported_at, at(3));
    assert_eq!(kinds(db).await, [AuditKind::Admin; 3]);
}

underlag_test_support::on_both_backends!(
    a_calculation_and_its_decisions_are_stored_with_their_audit_records,
    a_lookup_lists_only_its_own_organisations_calculations,
    a_write_that_fails_leaves_neither_row_nor_record,
    imported_tables_are_kept_in_import_order,
);

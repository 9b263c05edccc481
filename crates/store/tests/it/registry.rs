//! The registry suite, written once over `dyn RegistryStore` and run on every backend by
//! `on_both_backends!` (at the end): connections, fingerprints, households, and the
//! `admin` audit records every change appends to the chain.

use std::collections::BTreeSet;

use jiff::Timestamp;
use underlag_audit::{AuditKind, Channel};
use underlag_domain::{LefiActorId, Organisationsnummer, Personnummer, SourceId};
use underlag_registry::{Case, Connection, ConnectionStatus, Processor, SyfteMapping};
use underlag_store::{AuditStore, Change, StoreError, verify_store};
use underlag_test_support::TestDb;
use underlag_test_support::fixtures::{exempelkommun, exempelkommun_organisation, pnr};

use crate::records::{key, record};

fn org(first9: &str) -> Organisationsnummer {
    (0..10)
        .find_map(|d| Organisationsnummer::parse(&format!("{first9}{d}")).ok())
        .unwrap()
}

fn kommun() -> Organisationsnummer {
    exempelkommun_organisation()
}

fn fp(byte: &str) -> underlag_domain::Fingerprint {
    underlag_domain::Fingerprint::parse(&byte.repeat(32)).expect("a test fingerprint")
}

fn change(n: u32) -> Change {
    Change {
        id: format!("change-{n}"),
        at: Timestamp::from_second(1_795_000_000 + i64::from(n)).unwrap(),
        channel: Channel::Cli,
        actor: "admin01".into(),
    }
}

fn connection() -> Connection {
    Connection {
        certificate_fingerprints: vec![fp("ab"), fp("cd")],
        lefi_actor_id: Some(LefiActorId::parse("ACTOR-1").unwrap()),
        entitled_sources: BTreeSet::from([SourceId::Fk, SourceId::Af, SourceId::Csn]),
        entitled_information_types: vec!["LEFI-GRUPP-1".into(), "LEFI-GRUPP-2".into()],
        data_processors: vec![Processor {
            organisation: org("556000000"),
            name: "Exempel IT AB".into(),
        }],
        ..exempelkommun()
    }
}

fn anna() -> Personnummer {
    pnr("19900101238")
}

fn bo() -> Personnummer {
    pnr("19850615123")
}

async fn admin_records(store: &dyn AuditStore) -> Vec<underlag_audit::AuditRecord> {
    store
        .records(1, 1000)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.record)
        .filter(|r| r.kind == AuditKind::Admin)
        .collect()
}

fn describe(records: &[underlag_audit::AuditRecord]) -> Vec<String> {
    records
        .iter()
        .map(|r| r.refusal.clone().unwrap_or_default())
        .collect()
}

async fn connections_round_trip(h: &TestDb) {
    let reg = h.registry().await;
    assert_eq!(reg.connection(&kommun()).await.unwrap(), None);
    reg.add_connection(&connection(), &change(1)).await.unwrap();
    let mut expected = connection();
    expected.certificate_fingerprints.sort();
    assert_eq!(
        reg.connection(&kommun()).await.unwrap(),
        Some(expected.clone())
    );
    assert_eq!(reg.connections().await.unwrap(), vec![expected.clone()]);
    assert_eq!(
        reg.connection_by_fingerprint(&fp("cd")).await.unwrap(),
        Some(expected)
    );
    assert_eq!(
        reg.connection_by_fingerprint(&fp("ee")).await.unwrap(),
        None
    );
    assert_eq!(
        reg.add_connection(&connection(), &change(2)).await,
        Err(StoreError::Conflict("the connection is registered already"))
    );

    // A second organisation may not reuse a certificate.
    let mut other = connection();
    other.organisation = org("212000001");
    assert!(matches!(
        reg.add_connection(&other, &change(3)).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(reg.connection(&other.organisation).await.unwrap(), None);
    other.certificate_fingerprints = vec![];
    other.data_processors = vec![];
    reg.add_connection(&other, &change(4)).await.unwrap();
    assert_eq!(reg.connections().await.unwrap().len(), 2);
}

async fn connection_changes(h: &TestDb) {
    let reg = h.registry().await;
    reg.add_connection(&connection(), &change(1)).await.unwrap();
    let k = kommun();
    let current = || async { reg.connection(&k).await.unwrap().unwrap() };

    reg.set_status(&k, ConnectionStatus::Suspended, &change(2))
        .await
        .unwrap();
    assert_eq!(current().await.status, ConnectionStatus::Suspended);
    reg.set_status(&k, ConnectionStatus::Active, &change(3))
        .await
        .unwrap();
    reg.set_status(&k, ConnectionStatus::Ended, &change(4))
        .await
        .unwrap();
    assert_eq!(current().await.status, ConnectionStatus::Ended);

    let sources = BTreeSet::from([SourceId::Skv, SourceId::Miv]);
    reg.set_sources(&k, &sources, &change(5)).await.unwrap();
    assert_eq!(current().await.entitled_sources, sources);

    reg.add_fingerprint(&k, &fp("ef"), &change(6))
        .await
        .unwrap();
    assert_eq!(
        current().await.certificate_fingerprints,
        vec![fp("ab"), fp("cd"), fp("ef")]
    );
    assert!(matches!(
        reg.add_fingerprint(&k, &fp("ef"), &change(7)).await,
        Err(StoreError::Conflict(_))
    ));
    reg.remove_fingerprint(&k, &fp("ab"), &change(8))
        .await
        .unwrap();
    assert_eq!(
        reg.remove_fingerprint(&k, &fp("ab"), &change(9)).await,
        Err(StoreError::NotFound("fingerprint"))
    );
    assert_eq!(
        reg.connection_by_fingerprint(&fp("ab")).await.unwrap(),
        None
    );

    let second = Processor {
        organisation: org("556000001"),
        name: "Drift AB".into(),
    };
    reg.add_processor(&k, &second, &change(10)).await.unwrap();
    // Adding again renames.
    let renamed = Processor {
        name: "Drift och IT AB".into(),
        ..second.clone()
    };
    reg.add_processor(&k, &renamed, &change(11)).await.unwrap();
    let processors = current().await.data_processors;
    assert_eq!(processors.len(), 2);
    assert!(processors.contains(&renamed));
    reg.remove_processor(&k, &second.organisation, &change(12))
        .await
        .unwrap();
    assert_eq!(current().await.data_processors.len(), 1);

    // Every change names an unknown organisation as not found, and changes nothing.
    let nobody = org("212000002");
    assert_eq!(
        reg.set_status(&nobody, ConnectionStatus::Active, &change(13))
            .await,
        Err(StoreError::NotFound("connection"))
    );
    assert_eq!(
        reg.set_sources(&nobody, &sources, &change(14)).await,
        Err(StoreError::NotFound("connection"))
    );
    assert_eq!(
        reg.add_fingerprint(&nobody, &fp("99"), &change(15)).await,
        Err(StoreError::NotFound("connection"))
    );
    assert_eq!(
        reg.add_processor(&nobody, &second, &change(16)).await,
        Err(StoreError::NotFound("connection"))
    );
}

async fn cases_and_households(h: &TestDb) {
    let reg = h.registry().await;
    reg.add_connection(&connection(), &change(1)).await.unwrap();
    let k = kommun();
    let opened = change(2).at;
    let case = Case::household_of_one(k.clone(), "EB-1", anna(), opened);
    reg.open_case(&case, &change(2)).await.unwrap();
    assert_eq!(reg.case(&k, "EB-1").await.unwrap(), Some(case.clone()));
    assert_eq!(reg.case(&k, "EB-2").await.unwrap(), None);
    assert!(matches!(
        reg.open_case(&case, &change(3)).await,
        Err(StoreError::Conflict(_))
    ));

    reg.add_person(&k, "EB-1", &bo(), &change(4)).await.unwrap();
    let household = reg.case(&k, "EB-1").await.unwrap().unwrap().household;
    assert_eq!(household, BTreeSet::from([anna(), bo()]));
    assert!(matches!(
        reg.add_person(&k, "EB-1", &bo(), &change(5)).await,
        Err(StoreError::Conflict(_))
    ));
    reg.remove_person(&k, "EB-1", &anna(), &change(6))
        .await
        .unwrap();
    assert_eq!(
        reg.remove_person(&k, "EB-1", &anna(), &change(7)).await,
        Err(StoreError::NotFound("person in the household"))
    );

    // Setting the household replaces it, and registers an unknown case.
    let both = BTreeSet::from([anna(), bo()]);
    let set = reg
        .set_household(&k, "EB-1", &BTreeSet::from([anna()]), &change(8))
        .await
        .unwrap();
    assert_eq!(set.household, BTreeSet::from([anna()]));
    assert_eq!(set.opened_at, opened);
    let new = reg
        .set_household(&k, "EB-9", &both, &change(9))
        .await
        .unwrap();
    assert_eq!(new.opened_at, change(9).at);
    assert_eq!(reg.case(&k, "EB-9").await.unwrap(), Some(new));

    reg.close_case(&k, "EB-1", &change(10)).await.unwrap();
    let closed = reg.case(&k, "EB-1").await.unwrap().unwrap();
    assert_eq!(closed.closed_at, Some(change(10).at));
    for result in [
        reg.close_case(&k, "EB-1", &change(11)).await,
        reg.add_person(&k, "EB-1", &bo(), &change(12)).await,
        reg.set_household(&k, "EB-1", &both, &change(13))
            .await
            .map(|_| ()),
    ] {
        assert_eq!(result, Err(StoreError::Conflict("the case is closed")));
    }
    assert_eq!(
        reg.close_case(&k, "EB-404", &change(14)).await,
        Err(StoreError::NotFound("case"))
    );
    // A case needs a registered connection.
    let orphan = Case::household_of_one(org("212000003"), "X", anna(), opened);
    assert_eq!(
        reg.open_case(&orphan, &change(15)).await,
        Err(StoreError::NotFound("connection"))
    );
}

async fn every_change_is_audited_and_the_chain_verifies(h: &TestDb) {
    let audit = h.audit_store();
    let reg = h.registry().await;
    audit.append(record(1)).await.unwrap();
    reg.add_connection(&connection(), &change(1)).await.unwrap();
    audit.append(record(2)).await.unwrap();
    let k = kommun();
    reg.set_status(&k, ConnectionStatus::Suspended, &change(2))
        .await
        .unwrap();
    reg.open_case(
        &Case::household_of_one(k.clone(), "EB-1", anna(), change(3).at),
        &change(3),
    )
    .await
    .unwrap();
    reg.add_person(&k, "EB-1", &bo(), &change(4)).await.unwrap();
    reg.close_case(&k, "EB-1", &change(5)).await.unwrap();
    // A refused change leaves no record.
    assert!(reg.add_connection(&connection(), &change(6)).await.is_err());

    let admin = admin_records(&*audit).await;
    let processor = org("556000000");
    assert_eq!(
        describe(&admin),
        vec![
            "connection.add status=active sources=FK,AF,CSN".to_owned(),
            format!("connection.fingerprint.add {}", fp("ab")),
            format!("connection.fingerprint.add {}", fp("cd")),
            format!("connection.processor.add {}", processor.ten_digits()),
            "connection.legal_basis.add AGI".to_owned(),
            "connection.legal_basis.add KFM".to_owned(),
            "connection.status suspended".to_owned(),
            "case.open household=1".to_owned(),
            "case.person.add".to_owned(),
            "case.person.add".to_owned(),
            "case.close".to_owned(),
        ]
    );
    for r in &admin {
        assert_eq!(r.channel, Channel::Cli);
        assert_eq!(r.case_worker, "admin01");
        assert_eq!(r.organisation, "2120000142");
        let text = r.refusal.as_deref().unwrap_or_default();
        assert!(!text.contains(anna().expose()) && !text.contains(bo().expose()));
    }
    // The records of one change share its id; persons are in `subject`, cases in `case_id`.
    assert_eq!(admin[1].id, "change-1");
    assert_eq!(admin[8].subject.as_ref(), Some(&anna()));
    assert_eq!(admin[9].subject.as_ref(), Some(&bo()));
    assert_eq!(admin[10].case_id, "EB-1");
    assert_eq!(audit.count().await.unwrap(), 2 + admin.len() as u64);

    audit.checkpoint(&key()).await.unwrap();
    let report = verify_store(&*audit, &key().verifying_key(), &[])
        .await
        .unwrap();
    assert!(report.is_ok(), "{report}");
}

async fn changes_are_seen_by_other_processes_at_once(h: &TestDb) {
    let admin = h.registry().await;
    let gateway = h.registry().await;
    let k = kommun();
    assert_eq!(gateway.connection(&k).await.unwrap(), None);
    admin
        .add_connection(&connection(), &change(1))
        .await
        .unwrap();
    assert_eq!(
        gateway.connection(&k).await.unwrap().unwrap().status,
        ConnectionStatus::Active
    );
    admin
        .set_status(&k, ConnectionStatus::Suspended, &change(2))
        .await
        .unwrap();
    assert_eq!(
        gateway.connection(&k).await.unwrap().unwrap().status,
        ConnectionStatus::Suspended
    );
}

async fn concurrent_changes_and_appends_keep_one_chain(h: &TestDb) {
    let audit = h.audit_store();
    let reg = h.registry().await;
    reg.add_connection(&connection(), &change(1)).await.unwrap();
    let k = kommun();
    let cases = (0..8u32).map(|i| {
        let reg = reg.clone();
        let k = k.clone();
        async move {
            let case = Case::household_of_one(k, format!("EB-{i}"), anna(), change(i).at);
            reg.open_case(&case, &change(100 + i)).await.unwrap();
        }
    });
    let appends = (0..8u32).map(|i| {
        let audit = audit.clone();
        async move {
            audit.append(record(i)).await.unwrap();
        }
    });
    futures::future::join(
        futures::future::join_all(cases),
        futures::future::join_all(appends),
    )
    .await;
    // 6 records for the connection (with its two legal bases), 2 per case, 8 appends.
    assert_eq!(audit.count().await.unwrap(), 6 + 16 + 8);
    let report = verify_store(&*audit, &key().verifying_key(), &[])
        .await
        .unwrap();
    assert!(report.is_ok(), "{report}");
}

/// The v10 drop-in's registered syfte texts: added with the connection or one by one (a
/// pattern registered again gets the new purpose), read back in pattern order, removed;
/// every step audited with the purpose and the pattern; removing an unknown pattern or on
/// an unknown connection is `NotFound`, and the chain verifies.
async fn syfte_mappings_are_stored_and_audited(h: &TestDb) {
    let reg = h.registry().await;
    let k = kommun();
    let first = SyfteMapping::new(
        "Beslut om eller kontroll av försörjningsstöd",
        "EKB-KONTROLL",
    )
    .unwrap();
    let mut c = connection();
    c.syfte_mappings = vec![first.clone()];
    reg.add_connection(&c, &change(1)).await.unwrap();
    let current = || async { reg.connection(&k).await.unwrap().unwrap().syfte_mappings };
    assert_eq!(current().await, vec![first.clone()]);

    let prefix = SyfteMapping::new("Utredning*", "EKB-UTREDNING").unwrap();
    reg.add_syfte_mapping(&k, &prefix, &change(2))
        .await
        .unwrap();
    let moved = SyfteMapping::new("Utredning*", "EKB-UPPFOLJNING").unwrap();
    reg.add_syfte_mapping(&k, &moved, &change(3)).await.unwrap();
    assert_eq!(current().await, vec![first.clone(), moved.clone()]);

    reg.remove_syfte_mapping(&k, "Utredning*", &change(4))
        .await
        .unwrap();
    assert_eq!(current().await, vec![first]);
    assert!(matches!(
        reg.remove_syfte_mapping(&k, "Utredning*", &change(5)).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        reg.add_syfte_mapping(&org("556000000"), &prefix, &change(6))
            .await,
        Err(StoreError::NotFound(_))
    ));

    let described = describe(&admin_records(h.audit_store().as_ref()).await);
    let syfte: Vec<&String> = described
        .iter()
        .filter(|d| d.starts_with("connection.syfte"))
        .collect();
    assert_eq!(
        syfte,
        [
            "connection.syfte.add EKB-KONTROLL \"Beslut om eller kontroll av försörjningsstöd\"",
            "connection.syfte.add EKB-UTREDNING \"Utredning*\"",
            "connection.syfte.add EKB-UPPFOLJNING \"Utredning*\"",
            "connection.syfte.remove \"Utredning*\"",
        ]
    );
    let audit = h.audit_store();
    audit.checkpoint(&key()).await.unwrap();
    let report = verify_store(&*audit, &key().verifying_key(), &[])
        .await
        .unwrap();
    assert!(report.is_ok(), "{report}");
}

async fn legal_bases_are_stored_replaced_removed_and_audited(h: &TestDb) {
    let reg = h.registry().await;
    let k = kommun();
    let mut c = connection();
    c.source_legal_bases.remove(&SourceId::Kfm);
    reg.add_connection(&c, &change(1)).await.unwrap();
    let current = || async {
        reg.connection(&k)
            .await
            .unwrap()
            .unwrap()
            .source_legal_bases
    };
    assert_eq!(
        current().await.keys().copied().collect::<Vec<_>>(),
        [SourceId::Agi]
    );
    reg.set_legal_basis(&k, SourceId::Kfm, "prop. 2023/24:85", &change(2))
        .await
        .unwrap();
    reg.set_legal_basis(&k, SourceId::Agi, "prop. 2024/25:179", &change(3))
        .await
        .unwrap();
    let bases = current().await;
    assert_eq!(bases[&SourceId::Agi], "prop. 2024/25:179", "replaced");
    assert_eq!(bases[&SourceId::Kfm], "prop. 2023/24:85");
    reg.remove_legal_basis(&k, SourceId::Agi, &change(4))
        .await
        .unwrap();
    assert!(!current().await.contains_key(&SourceId::Agi));
    assert!(matches!(
        reg.remove_legal_basis(&k, SourceId::Agi, &change(5)).await,
        Err(StoreError::NotFound(_))
    ));
    let described = describe(&admin_records(h.audit_store().as_ref()).await);
    let bases: Vec<&String> = described
        .iter()
        .filter(|d| d.starts_with("connection.legal_basis"))
        .collect();
    assert_eq!(
        bases,
        [
            "connection.legal_basis.add AGI",
            "connection.legal_basis.add KFM",
            "connection.legal_basis.add AGI",
            "connection.legal_basis.remove AGI",
        ]
    );
}

underlag_test_support::on_both_backends!(
    connections_round_trip,
    connection_changes,
    cases_and_households,
    every_change_is_audited_and_the_chain_verifies,
    changes_are_seen_by_other_processes_at_once,
    concurrent_changes_and_appends_keep_one_chain,
    syfte_mappings_are_stored_and_audited,
    legal_bases_are_stored_replaced_removed_and_audited,
);

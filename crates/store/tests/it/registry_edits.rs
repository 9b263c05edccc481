//! The registry's administration on every backend: a connection's own fields (name, unit,
//! LEFI actor id) and information types edited, cases listed and reopened; each change in
//! force for the next read and audited as an `admin` record.

use std::collections::BTreeSet;

use jiff::Timestamp;
use underlag_audit::{AuditKind, Channel};
use underlag_domain::{LefiActorId, Organisationsnummer};
use underlag_registry::Case;
use underlag_store::{Change, ConnectionEdit, StoreError};
use underlag_test_support::TestDb;
use underlag_test_support::fixtures::{exempelkommun, exempelkommun_organisation, pnr};

fn change(n: u32) -> Change {
    Change {
        id: format!("edit-{n}"),
        at: Timestamp::from_second(1_796_000_000 + i64::from(n)).unwrap(),
        channel: Channel::Cli,
        actor: "admin-anna".into(),
    }
}

async fn descriptions(h: &TestDb) -> Vec<String> {
    h.audit_store()
        .records(1, 1000)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.record)
        .filter(|r| r.kind == AuditKind::Admin)
        .map(|r| r.refusal.unwrap_or_default())
        .collect()
}

async fn a_connections_own_fields_are_edited_at_once_and_audited(h: &TestDb) {
    let reg = h.registry().await;
    let k = exempelkommun_organisation();
    reg.add_connection(&exempelkommun(), &change(1))
        .await
        .unwrap();
    let actor = LefiActorId::parse_assigned("9255f428-4ba0-63ce-5407-e65d469fac0f").unwrap();
    for (n, edit) in [
        ConnectionEdit::Name("Exempelkommun (ny)".into()),
        ConnectionEdit::CommitteeUnit("Välfärdsnämnden, försörjningsstöd".into()),
        ConnectionEdit::LefiActorId(Some(actor.clone())),
    ]
    .iter()
    .enumerate()
    {
        reg.edit_connection(&k, edit, &change(2 + n as u32))
            .await
            .unwrap();
    }
    let c = reg.connection(&k).await.unwrap().unwrap();
    assert_eq!(c.name, "Exempelkommun (ny)");
    assert_eq!(c.committee_unit, "Välfärdsnämnden, försörjningsstöd");
    assert_eq!(c.lefi_actor_id, Some(actor));
    reg.edit_connection(&k, &ConnectionEdit::LefiActorId(None), &change(5))
        .await
        .unwrap();
    assert_eq!(
        reg.connection(&k).await.unwrap().unwrap().lefi_actor_id,
        None
    );

    reg.add_information_type(&k, "FK:BOB", &change(6))
        .await
        .unwrap();
    reg.add_information_type(&k, "PM:AP", &change(7))
        .await
        .unwrap();
    reg.remove_information_type(&k, "FK:BOB", &change(8))
        .await
        .unwrap();
    assert_eq!(
        reg.connection(&k)
            .await
            .unwrap()
            .unwrap()
            .entitled_information_types,
        ["PM:AP"]
    );
    assert!(matches!(
        reg.remove_information_type(&k, "FK:BOB", &change(9)).await,
        Err(StoreError::NotFound("information type"))
    ));
    let stranger = Organisationsnummer::parse("2120000159").unwrap();
    assert!(matches!(
        reg.edit_connection(&stranger, &ConnectionEdit::Name("X".into()), &change(10))
            .await,
        Err(StoreError::NotFound("connection"))
    ));

    let described = descriptions(h).await;
    assert_eq!(
        described[3..],
        [
            "connection.name \"Exempelkommun (ny)\"",
            "connection.unit \"Välfärdsnämnden, försörjningsstöd\"",
            "connection.lefi_actor_id \"9255f428-4ba0-63ce-5407-e65d469fac0f\"",
            "connection.lefi_actor_id (none)",
            "connection.information_type.add \"FK:BOB\"",
            "connection.information_type.add \"PM:AP\"",
            "connection.information_type.remove \"FK:BOB\"",
        ],
        "one record per change, refused changes none"
    );
}

async fn cases_are_listed_closed_and_reopened(h: &TestDb) {
    let reg = h.registry().await;
    let k = exempelkommun_organisation();
    reg.add_connection(&exempelkommun(), &change(1))
        .await
        .unwrap();
    let open = |id: &str| Case {
        organisation: k.clone(),
        case_id: id.into(),
        household: BTreeSet::from([pnr("19900101238")]),
        opened_at: Timestamp::from_second(1_796_000_000).unwrap(),
        closed_at: None,
    };
    for (n, id) in ["EB-2", "EB-1"].iter().enumerate() {
        reg.open_case(&open(id), &change(2 + n as u32))
            .await
            .unwrap();
    }
    reg.close_case(&k, "EB-2", &change(4)).await.unwrap();
    let listed = reg.cases(Some(&k)).await.unwrap();
    let ids: Vec<(&str, bool)> = listed
        .iter()
        .map(|c| (c.case_id.as_str(), c.closed_at.is_some()))
        .collect();
    assert_eq!(ids, [("EB-1", false), ("EB-2", true)], "in case id order");
    assert_eq!(listed[0].household.len(), 1);
    assert_eq!(reg.cases(None).await.unwrap().len(), 2);
    let stranger = Organisationsnummer::parse("2120000159").unwrap();
    assert!(reg.cases(Some(&stranger)).await.unwrap().is_empty());

    reg.reopen_case(&k, "EB-2", &change(5)).await.unwrap();
    assert_eq!(
        reg.case(&k, "EB-2").await.unwrap().unwrap().closed_at,
        None,
        "open again"
    );
    assert!(matches!(
        reg.reopen_case(&k, "EB-2", &change(6)).await,
        Err(StoreError::Conflict("the case is open"))
    ));
    assert!(matches!(
        reg.reopen_case(&k, "EB-9", &change(7)).await,
        Err(StoreError::NotFound("case"))
    ));
    let described = descriptions(h).await;
    assert_eq!(described.last().unwrap(), "case.reopen");
    assert_eq!(described.iter().filter(|d| *d == "case.reopen").count(), 1);
}

underlag_test_support::on_both_backends!(
    a_connections_own_fields_are_edited_at_once_and_audited,
    cases_are_listed_closed_and_reopened,
);

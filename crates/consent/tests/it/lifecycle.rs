//! Give, fetch, revoke: the data comes for the consented account and period; a revoked or
//! expired consent makes any later fetch refuse before the bank is asked; a failing bank or a
//! refused consent is recorded as "kontouppgifter saknas", never as an empty account; every
//! step is in the audit chain, without account numbers or amounts.

use std::sync::Arc;
use std::time::Duration;

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use underlag_audit::{AuditKind, Channel};
use underlag_consent::{
    BankSource, ConsentContext, ConsentError, ConsentRequest, ConsentService, ConsentSource,
    ConsentSourceKind, ConsentState, Fetched, SourceFailure,
};
use underlag_domain::Personnummer;
use underlag_sim::{BankFault, SimConfig, SimHandle, Simulator, accounts_of, bank_today};
use underlag_store::verify_store;
use underlag_test_support::{TestDb, on_both_backends};

const EXEMPELKOMMUN: &str = "2120000142";

struct Setup {
    sim: SimHandle,
    service: ConsentService,
    person: Personnummer,
    iban: String,
    today: Date,
}

async fn setup(db: &TestDb) -> Setup {
    let sim = Simulator::start(SimConfig::default()).await.unwrap();
    let bank: Arc<dyn ConsentSource> =
        Arc::new(BankSource::new(&sim.bank_url(), Duration::from_secs(5)).unwrap());
    let service = ConsentService::new(
        db.consents().await,
        vec![bank],
        ConsentContext {
            organisation: EXEMPELKOMMUN.to_owned(),
            channel: Channel::Ui,
        },
    );
    // The bank lives in the real present: every date here is relative to its today.
    let today = bank_today();
    let person = sim.population().all_sources_person();
    let iban = accounts_of(person, today)[0].iban.clone();
    Setup {
        person: person.personnummer.clone(),
        sim,
        service,
        iban,
        today,
    }
}

/// A consent for the three whole months before today, valid for `valid_days` more days.
fn request(s: &Setup, valid_days: i32) -> ConsentRequest {
    let first = s.today.first_of_month();
    let from = first.saturating_sub(3.months());
    let to = first.yesterday().unwrap();
    let valid_until = s.today.saturating_add(valid_days.days());
    ConsentRequest::parse(
        ConsentSourceKind::Bank,
        &s.iban,
        &from.to_string(),
        &to.to_string(),
        &valid_until.to_string(),
        s.today,
    )
    .unwrap()
}

/// The audit kinds written, in order.
async fn kinds(db: &TestDb) -> Vec<AuditKind> {
    let store = db.audit_store();
    store
        .records(1, 1000)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.record.kind)
        .collect()
}

async fn consent_then_revoke_stops_every_later_fetch(db: &TestDb) {
    let s = setup(db).await;
    let now = Timestamp::now();
    let consent = s
        .service
        .give(&s.person, request(&s, 30), now)
        .await
        .unwrap();
    assert_eq!(consent.state(s.today), ConsentState::Active);

    let fetch = s
        .service
        .fetch(&s.person, &consent.id, now, s.today)
        .await
        .unwrap();
    let Fetched::Data(data) = &fetch.result else {
        panic!("the bank answers: {:?}", fetch.result);
    };
    assert_eq!(data.iban, s.iban);
    assert!(!data.balances.is_empty());
    let booked: Vec<_> = data.transactions.iter().filter(|t| !t.pending).collect();
    assert!(booked.len() >= 12, "three months of transactions");
    assert!(booked.iter().all(|t| {
        let d = t.booking_date.unwrap();
        d >= consent.period.from() && d <= consent.period.to()
    }));
    assert!(data.booked_in("SEK") > rust_decimal::Decimal::ZERO);

    let revoked = s.service.revoke(&s.person, &consent.id, now).await.unwrap();
    assert_eq!(revoked.state(s.today), ConsentState::Revoked);
    // No later fetch: refused before the bank, even with the bank failing now (the
    // refusal is Underlag's, not a missing answer).
    s.sim.set_bank_fault(Some(BankFault::Failing));
    let refused = s.service.fetch(&s.person, &consent.id, now, s.today).await;
    assert_eq!(
        refused,
        Err(ConsentError::NotInForce(ConsentState::Revoked))
    );
    assert_eq!(
        s.service.revoke(&s.person, &consent.id, now).await,
        Err(ConsentError::NotInForce(ConsentState::Revoked))
    );
    // The bank's own consent resource is ended too.
    s.sim.set_bank_fault(None);
    let status: serde_json::Value = reqwest::Client::new()
        .get(format!(
            "{}/v1/consents/{}/status",
            s.sim.bank_url(),
            consent.provider_consent_id.as_deref().unwrap()
        ))
        .header("X-Request-ID", "0b6c1d5e-8f1a-4c1e-9a55-3f0c2d9e7b11")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(status["consentStatus"], "terminatedByTpp");
    let fetches = s.service.fetches(&s.person, &consent.id).await.unwrap();
    assert_eq!(
        fetches.len(),
        1,
        "the refused fetch is not recorded as a fetch"
    );

    assert_eq!(
        kinds(db).await,
        vec![
            AuditKind::ConsentGiven,
            AuditKind::BankFetch,
            AuditKind::ConsentRevoked
        ]
    );
    // The chain verifies, and no record holds the account number or an amount.
    let store = db.audit_store();
    let key = underlag_audit::SigningKey::from_seed([3; 32]);
    store.checkpoint(&key).await.unwrap();
    let report = verify_store(store.as_ref(), &key.verifying_key(), &[])
        .await
        .unwrap();
    assert!(report.is_ok(), "{report:?}");
    let records = store.records(1, 100).await.unwrap();
    for r in &records {
        let text = format!("{:?} {:?}", r.record.refusal, r.record.sources);
        assert!(!text.contains(&s.iban), "{text}");
        assert!(!text.contains(&s.iban[4..]), "{text}");
        assert_eq!(r.record.subject.as_ref(), Some(&s.person));
    }
    let fetch_record = &records[1].record;
    assert_eq!(fetch_record.sources[0].source, "BANK");
    assert_eq!(fetch_record.sources[0].outcome, "ok");
    s.sim.shutdown().await;
}

async fn an_expired_consent_fetches_nothing(db: &TestDb) {
    let s = setup(db).await;
    let now = Timestamp::now();
    let consent = s
        .service
        .give(&s.person, request(&s, 9), now)
        .await
        .unwrap();
    let later: Date = s.today.saturating_add(10.days());
    assert_eq!(consent.state(later), ConsentState::Expired);
    assert_eq!(
        s.service.fetch(&s.person, &consent.id, now, later).await,
        Err(ConsentError::NotInForce(ConsentState::Expired))
    );
    // Someone else cannot use or see it.
    let other = s.sim.population().persons()[1].personnummer.clone();
    assert_eq!(
        s.service.fetch(&other, &consent.id, now, s.today).await,
        Err(ConsentError::NotFound)
    );
    assert_eq!(kinds(db).await, vec![AuditKind::ConsentGiven]);
    s.sim.shutdown().await;
}

async fn a_failing_bank_is_missing_data_not_an_empty_account(db: &TestDb) {
    let s = setup(db).await;
    let now = Timestamp::now();
    let consent = s
        .service
        .give(&s.person, request(&s, 30), now)
        .await
        .unwrap();
    s.sim.set_bank_fault(Some(BankFault::Failing));
    let fetch = s
        .service
        .fetch(&s.person, &consent.id, now, s.today)
        .await
        .unwrap();
    assert_eq!(fetch.result, Fetched::Missing(SourceFailure::Unavailable));
    let listed = s.service.consents(&s.person).await.unwrap();
    assert_eq!(listed.len(), 1);
    let latest = listed[0].latest.as_ref().unwrap();
    assert!(
        matches!(latest.result, Fetched::Missing(_)),
        "stored as missing"
    );
    let records = db.audit_store().records(1, 100).await.unwrap();
    assert_eq!(records[1].record.kind, AuditKind::BankFetch);
    assert_eq!(records[1].record.sources[0].outcome, "unavailable");
    s.sim.shutdown().await;
}

async fn a_refused_consent_asks_for_statements(db: &TestDb) {
    let s = setup(db).await;
    let now = Timestamp::now();
    s.sim.set_bank_fault(Some(BankFault::RefuseConsent));
    let consent = s
        .service
        .give(&s.person, request(&s, 30), now)
        .await
        .unwrap();
    assert_eq!(consent.state(s.today), ConsentState::NotAccepted);
    s.sim.set_bank_fault(None);
    let fetch = s
        .service
        .fetch(&s.person, &consent.id, now, s.today)
        .await
        .unwrap();
    assert_eq!(
        fetch.result,
        Fetched::Missing(SourceFailure::ConsentRefused)
    );
    assert_eq!(
        ConsentSourceKind::Bank.missing_label(),
        "kontouppgifter saknas"
    );
    assert_eq!(ConsentSourceKind::Bank.fallback(), "ladda upp kontoutdrag");
    // With the bank down when the consent is given, the same: missing, recorded.
    s.sim.set_bank_fault(Some(BankFault::Failing));
    let down = s
        .service
        .give(&s.person, request(&s, 30), now)
        .await
        .unwrap();
    let fetch = s
        .service
        .fetch(&s.person, &down.id, now, s.today)
        .await
        .unwrap();
    assert_eq!(fetch.result, Fetched::Missing(SourceFailure::Unavailable));
    s.sim.shutdown().await;
}

on_both_backends!(
    consent_then_revoke_stops_every_later_fetch,
    an_expired_consent_fetches_nothing,
    a_failing_bank_is_missing_data_not_an_empty_account,
    a_refused_consent_asks_for_statements,
);

//! Fixtures for the case worker's view of what the applicant supplied: an application sent
//! as the portal sends it (stored with its audit record), status events as the case system
//! posts them, and a bank consent given and fetched through the gateway's own
//! `ConsentService` against the simulated bank over loopback.

use jiff::{SignedDuration, Timestamp};
use underlag_applicant::stored::StoredApplication;
use underlag_applicant::{
    Application, ApplicationDraft, ApplicationKind, ApplicationMonth, Cost, CostKind, Declarant,
    DeclaredIncome, Household, ReferenceNumber, Submission,
};
use underlag_audit::{AuditKind, AuditRecord, Channel};
use underlag_consent::{ConsentRequest, ConsentSourceKind, Fetch};
use underlag_domain::{Amount, Organisationsnummer, Personnummer};
use underlag_store::{ApplicationRow, EventRow};

use crate::app::{App, ORGANISATION};

/// The consented period: the look-up's period for application month 2026-10.
pub(crate) const CONSENT_FROM: &str = "2026-08-01";
pub(crate) const CONSENT_TO: &str = "2026-10-31";

fn pnr(text: &str) -> Personnummer {
    Personnummer::parse_canonical(text).unwrap()
}

/// A sent application.
pub(crate) struct Sent {
    pub(crate) id: String,
    pub(crate) reference: String,
}

/// Sends an application for `month` as the portal does: rent 6 500 kr, electricity
/// 412,50 kr, and the applicant's salary of 12 000 kr from Exempelbolaget AB.
pub(crate) async fn send_application(
    app: &App,
    applicant: &str,
    co_applicant: Option<&str>,
    month: &str,
) -> Sent {
    let application = Application {
        draft: ApplicationDraft {
            kind: ApplicationKind::Monthly,
            month: ApplicationMonth::parse(month).unwrap(),
            household: Household {
                applicant: pnr(applicant),
                co_applicant: co_applicant.map(pnr),
            },
            costs: vec![
                Cost {
                    kind: CostKind::Rent,
                    amount: Amount::parse("6500").unwrap(),
                    note: String::new(),
                },
                Cost {
                    kind: CostKind::Electricity,
                    amount: Amount::parse("412.50").unwrap(),
                    note: String::new(),
                },
            ],
            incomes: vec![DeclaredIncome {
                who: Declarant::Applicant,
                kind: underlag_applicant::IncomeKind::from_code("lon").unwrap(),
                payer: "Exempelbolaget AB".to_owned(),
                amount: Amount::parse("12000").unwrap(),
            }],
            other_information: String::new(),
            attachments: Vec::new(),
        },
        submission: Submission {
            id: uuid::Uuid::new_v4().to_string(),
            reference: ReferenceNumber::from_random(*uuid::Uuid::new_v4().as_bytes()),
            organisation: Organisationsnummer::parse(ORGANISATION).unwrap(),
            submitted_at: Timestamp::now(),
            co_applicant_confirmed_at: None,
        },
    };
    let s = &application.submission;
    let d = &application.draft;
    let row = ApplicationRow {
        id: s.id.clone(),
        reference: s.reference.to_string(),
        organisation: ORGANISATION.to_owned(),
        applicant: d.household.applicant.clone(),
        co_applicant: d.household.co_applicant.clone(),
        month: d.month.to_string(),
        submitted_at: s.submitted_at,
        co_applicant_confirmed_at: None,
        document: StoredApplication::from_application(&application).to_json(),
    };
    let record = AuditRecord::builder(
        AuditKind::ApplicationSubmitted,
        &s.id,
        s.submitted_at,
        Channel::Ui,
    )
    .organisation_str(ORGANISATION)
    .case_worker("sokande")
    .subject(&d.household.applicant)
    .refusal(format!("ansökan {}; referens {}", s.id, s.reference))
    .build();
    app.gateway
        .applications
        .submit_application(&row, &[], record)
        .await
        .unwrap();
    Sent {
        id: row.id,
        reference: row.reference,
    }
}

/// Posts a status event to the application, as the case system does.
pub(crate) async fn post_event(app: &App, application_id: &str, kind: &str, message: &str) {
    let now = Timestamp::now();
    app.gateway
        .consents
        .append_event(EventRow {
            application_id: application_id.to_owned(),
            seq: 0,
            id: uuid::Uuid::new_v4().to_string(),
            kind: kind.to_owned(),
            occurred_at: now,
            received_at: now,
            message: message.to_owned(),
            posted_by: ORGANISATION.to_owned(),
            decided_by: None,
            prepared_by_system: false,
        })
        .await
        .unwrap();
}

/// The person's first account at the simulated bank (its IBAN).
pub(crate) fn first_account(app: &App, person: &str) -> String {
    let population = app.population();
    let synthetic = population.get(&pnr(person)).unwrap();
    underlag_sim::accounts_of(synthetic, population.reference_date())[0]
        .iban
        .clone()
}

/// Gives the person's consent to their first account for the look-up's period, through the
/// gateway's own `ConsentService` against the simulated bank; returns the consent reference.
pub(crate) async fn give(app: &App, person: &str) -> String {
    let today = underlag_service::clock::today_in_sweden();
    let valid_until = today
        .checked_add(SignedDuration::from_hours(24 * 30))
        .unwrap();
    let request = ConsentRequest::parse(
        ConsentSourceKind::Bank,
        &first_account(app, person),
        CONSENT_FROM,
        CONSENT_TO,
        &valid_until.to_string(),
        today,
    )
    .unwrap();
    service(app)
        .give(&pnr(person), request, Timestamp::now())
        .await
        .unwrap()
        .id
}

/// Fetches under the person's consent.
pub(crate) async fn fetch(app: &App, person: &str, consent: &str) -> Fetch {
    let today = underlag_service::clock::today_in_sweden();
    service(app)
        .fetch(&pnr(person), consent, Timestamp::now(), today)
        .await
        .unwrap()
}

/// Gives the person's consent and fetches under it: the consent reference and the fetch.
pub(crate) async fn consent_and_fetch(app: &App, person: &str) -> (String, Fetch) {
    let consent = give(app, person).await;
    let fetched = fetch(app, person, &consent).await;
    (consent, fetched)
}

fn service(app: &App) -> std::sync::Arc<underlag_consent::ConsentService> {
    app.gateway
        .consent_service
        .clone()
        .expect("the test stack configures the simulated bank")
}

/// Revokes the person's consent.
pub(crate) async fn revoke(app: &App, person: &str, consent: &str) {
    service(app)
        .revoke(&pnr(person), consent, Timestamp::now())
        .await
        .unwrap();
}

//! The simulated bank over HTTP: it speaks Berlin Group NextGenPSD2 AIS (consent resource,
//! accounts, balances, transactions, `tppMessages` errors), refuses access without a valid
//! consent covering the account, and has its own faults.

use jiff::ToSpan;
use jiff::civil::Date;
use reqwest::StatusCode;
use serde_json::Value;
use underlag_sim::{BankFault, SimHandle, accounts_of, bank_today};

use crate::common::{client, start};

/// A request id (a UUID, as the specification requires).
const REQUEST_ID: &str = "99391c7e-ad88-49ec-a2ad-99ddcb1f7721";

struct Bank {
    client: reqwest::Client,
    base: String,
}

impl Bank {
    fn of(sim: &SimHandle) -> Self {
        Self {
            client: client(),
            base: sim.bank_url(),
        }
    }

    async fn create(&self, psu: &str, access: Value, valid_until: &str) -> (StatusCode, Value) {
        let body = serde_json::json!({
            "access": access,
            "recurringIndicator": true,
            "validUntil": valid_until,
            "frequencyPerDay": 4,
            "combinedServiceIndicator": false,
        });
        let r = self
            .client
            .post(format!("{}/v1/consents", self.base))
            .header("X-Request-ID", REQUEST_ID)
            .header("PSU-ID", psu)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.headers()["x-request-id"], REQUEST_ID);
        (r.status(), r.json().await.unwrap_or(Value::Null))
    }

    async fn get(&self, path: &str, consent: Option<&str>) -> (StatusCode, Value) {
        let mut request = self
            .client
            .get(format!("{}{path}", self.base))
            .header("X-Request-ID", REQUEST_ID)
            .header("PSU-IP-Address", "192.0.2.10");
        if let Some(c) = consent {
            request = request.header("Consent-ID", c);
        }
        let r = request.send().await.unwrap();
        let status = r.status();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    async fn delete(&self, consent: &str) -> StatusCode {
        self.client
            .delete(format!("{}/v1/consents/{consent}", self.base))
            .header("X-Request-ID", REQUEST_ID)
            .send()
            .await
            .unwrap()
            .status()
    }
}

/// The day `days` from the bank's today, as the bank reads it (the bank lives in the real
/// present, so every date in these tests is relative to it).
fn in_days(days: i32) -> String {
    bank_today().saturating_add(days.days()).to_string()
}

/// The last whole month before the bank's today: (first day, last day).
fn last_month() -> (Date, Date) {
    let first = bank_today().first_of_month().saturating_sub(1.month());
    (first, first.last_of_month())
}

fn tpp_code(body: &Value) -> &str {
    body["tppMessages"][0]["code"].as_str().unwrap_or("")
}

#[tokio::test]
async fn a_consent_gives_accounts_balances_and_transactions_in_berlin_group_form() {
    let sim = start().await;
    let bank = Bank::of(&sim);
    let person = sim.population().all_sources_person();
    let pnr = person.personnummer.expose();
    let today = bank_today();
    let accounts = accounts_of(person, today);
    let iban = accounts[0].iban.clone();

    // Listing only: availableAccounts.
    let (status, created) = bank
        .create(
            pnr,
            serde_json::json!({"availableAccounts": "allAccounts"}),
            &in_days(40),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let list_consent = created["consentId"].as_str().unwrap().to_owned();
    let (status, listed) = bank.get("/v1/accounts", Some(&list_consent)).await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    assert_eq!(listed["accounts"].as_array().unwrap().len(), accounts.len());
    assert_eq!(listed["accounts"][0]["iban"], iban.as_str());
    assert_eq!(listed["accounts"][0]["currency"], "SEK");
    let resource = listed["accounts"][0]["resourceId"]
        .as_str()
        .unwrap()
        .to_owned();
    // A listing consent reads no balances.
    let (status, body) = bank
        .get(
            &format!("/v1/accounts/{resource}/balances"),
            Some(&list_consent),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(tpp_code(&body), "CONSENT_INVALID");

    // A consent for one account's balances and transactions.
    let access = serde_json::json!({
        "balances": [{"iban": iban}],
        "transactions": [{"iban": iban}],
    });
    let (status, created) = bank.create(pnr, access, &in_days(40)).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(created["consentStatus"], "valid");
    let consent = created["consentId"].as_str().unwrap().to_owned();
    assert_eq!(
        created["_links"]["status"]["href"],
        format!("/v1/consents/{consent}/status").as_str()
    );
    let (_, status_body) = bank
        .get(&format!("/v1/consents/{consent}/status"), None)
        .await;
    assert_eq!(status_body["consentStatus"], "valid");

    let (status, balances) = bank
        .get(&format!("/v1/accounts/{resource}/balances"), Some(&consent))
        .await;
    assert_eq!(status, StatusCode::OK, "{balances}");
    assert_eq!(balances["account"]["iban"], iban.as_str());
    let booked = &balances["balances"][0];
    assert_eq!(booked["balanceType"], "closingBooked");
    assert_eq!(booked["balanceAmount"]["currency"], "SEK");
    assert_eq!(
        booked["balanceAmount"]["amount"],
        format!("{:.2}", accounts[0].booked_balance(today)).as_str()
    );

    let (first, last) = last_month();
    let (status, report) = bank
        .get(
            &format!("/v1/accounts/{resource}/transactions?dateFrom={first}&dateTo={last}&bookingStatus=booked"),
            Some(&consent),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let booked = report["transactions"]["booked"].as_array().unwrap();
    assert!(booked.len() >= 4, "{report}");
    assert!(report["transactions"].get("pending").is_none());
    for t in booked {
        let date = t["bookingDate"].as_str().unwrap();
        let date: Date = date.parse().unwrap();
        assert!((first..=last).contains(&date), "{date}");
        assert_eq!(t["transactionAmount"]["currency"], "SEK");
        assert!(t["remittanceInformationUnstructured"].is_string());
    }
    assert!(booked.iter().any(|t| {
        t["remittanceInformationUnstructured"] == "Lön"
            && t["debtorName"].is_string()
            && !t["transactionAmount"]["amount"]
                .as_str()
                .unwrap()
                .starts_with('-')
    }));

    // Terminated: no more access.
    assert_eq!(bank.delete(&consent).await, StatusCode::NO_CONTENT);
    let (_, status_body) = bank
        .get(&format!("/v1/consents/{consent}/status"), None)
        .await;
    assert_eq!(status_body["consentStatus"], "terminatedByTpp");
    let (status, body) = bank
        .get(&format!("/v1/accounts/{resource}/balances"), Some(&consent))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(tpp_code(&body), "CONSENT_INVALID");
    sim.shutdown().await;
}

#[tokio::test]
async fn bad_requests_get_berlin_group_errors() {
    let sim = start().await;
    let bank = Bank::of(&sim);
    let person = sim.population().all_sources_person();
    let pnr = person.personnummer.expose();
    let iban = accounts_of(person, bank_today())[0].iban.clone();
    let access = serde_json::json!({"transactions": [{"iban": iban}]});
    // validUntil in the past, and too far ahead.
    let (status, body) = bank.create(pnr, access.clone(), &in_days(-1)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(tpp_code(&body), "FORMAT_ERROR");
    let (status, _) = bank.create(pnr, access.clone(), &in_days(181)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Someone else's account.
    let other = &sim.population().persons()[1];
    let (status, _) = bank
        .create(other.personnummer.expose(), access.clone(), &in_days(40))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // An unknown PSU (a published test number the population does not hold).
    let (status, body) = bank
        .create("199304222392", access.clone(), &in_days(40))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(tpp_code(&body), "PSU_CREDENTIALS_INVALID");
    // No X-Request-ID.
    let r = client()
        .get(format!("{}/v1/accounts", sim.bank_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    // No Consent-ID, an unknown one, a bad bookingStatus.
    let (status, _) = bank.get("/v1/accounts", None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, body) = bank.get("/v1/accounts", Some("nope")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(tpp_code(&body), "CONSENT_UNKNOWN");
    let (_, created) = bank.create(pnr, access, &in_days(40)).await;
    let consent = created["consentId"].as_str().unwrap();
    let resource = &accounts_of(person, bank_today())[0].resource_id;
    let (status, body) = bank
        .get(
            &format!(
                "/v1/accounts/{resource}/transactions?dateFrom={}&bookingStatus=information",
                in_days(-30)
            ),
            Some(consent),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(tpp_code(&body), "PARAMETER_NOT_SUPPORTED");
    let (status, _) = bank
        .get(
            &format!("/v1/accounts/{resource}/transactions?bookingStatus=booked"),
            Some(consent),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    sim.shutdown().await;
}

#[tokio::test]
async fn the_bank_fails_and_refuses_consent_on_request() {
    let sim = start().await;
    let bank = Bank::of(&sim);
    let person = sim.population().all_sources_person();
    let pnr = person.personnummer.expose();
    let iban = accounts_of(person, bank_today())[0].iban.clone();
    let access = serde_json::json!({"balances": [{"iban": iban}]});

    // Through the control API.
    let control = client();
    let r = control
        .put(format!("{}/bank/fault", sim.control_url()))
        .body(r#"{"kind":"refuse_consent"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(sim.bank_fault(), Some(BankFault::RefuseConsent));
    let (status, created) = bank.create(pnr, access.clone(), &in_days(40)).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(created["consentStatus"], "rejected");
    let consent = created["consentId"].as_str().unwrap();
    let (status, body) = bank.get("/v1/accounts", Some(consent)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(tpp_code(&body), "CONSENT_INVALID");

    sim.set_bank_fault(Some(BankFault::Failing));
    let (status, _) = bank.create(pnr, access.clone(), &in_days(40)).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);

    let r = control
        .delete(format!("{}/bank/fault", sim.control_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let (status, created) = bank.create(pnr, access, &in_days(40)).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(created["consentStatus"], "valid");
    sim.shutdown().await;
}

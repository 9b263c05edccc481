//! Bank accounts through the Berlin Group NextGenPSD2 Account Information Service: a consent
//! resource per account (`POST /v1/consents` with `balances` and `transactions` access,
//! `recurringIndicator`, `validUntil`, `frequencyPerDay`), then
//! `GET /v1/accounts/{id}/balances` and `GET /v1/accounts/{id}/transactions?dateFrom&dateTo&bookingStatus=both`
//! under `Consent-ID`, and `DELETE /v1/consents/{id}` on revocation. Every request carries a
//! fresh `X-Request-ID`. Nothing from a request or an answer is logged.

mod wire;

use std::time::Duration;

use async_trait::async_trait;
use jiff::civil::Date;
use reqwest::StatusCode;
use underlag_domain::Personnummer;

use crate::account_data::AccountData;
use crate::consent::{ConsentPeriod, Iban, ProviderStatus};
use crate::source::{ConsentSource, ConsentSourceKind, ProviderConsent, SourceFailure};

use wire::interpret_account_data;

/// How many unattended fetches a day the consent asks for.
pub const FREQUENCY_PER_DAY: u32 = 4;

/// The bank's client.
#[derive(Debug, Clone)]
pub struct BankSource {
    client: reqwest::Client,
    base_url: String,
}

impl BankSource {
    /// A client for the bank at `base_url` (`http://127.0.0.1:7110`, no `/v1`), each call
    /// bounded by `timeout`.
    pub fn new(base_url: &str, timeout: Duration) -> Result<Self, SourceFailure> {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .build()
            .map_err(|_| SourceFailure::Unavailable)?;
        Ok(Self {
            client,
            base_url: base_url.trim_end_matches('/').to_owned(),
        })
    }

    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, format!("{}{path}", self.base_url))
            .header("X-Request-ID", uuid::Uuid::new_v4().to_string())
    }

    async fn send(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, SourceFailure> {
        let response = request
            .send()
            .await
            .map_err(|_| SourceFailure::Unavailable)?;
        let status = response.status();
        tracing::debug!(source = "BANK", status = status.as_u16(), "bank answered");
        match status {
            s if s.is_success() => Ok(response),
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => Err(SourceFailure::ConsentRefused),
            StatusCode::TOO_MANY_REQUESTS => Err(SourceFailure::AccessExceeded),
            s if s.is_server_error() => Err(SourceFailure::Unavailable),
            _ => Err(SourceFailure::InvalidResponse),
        }
    }

    async fn json<T: serde::de::DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<T, SourceFailure> {
        let response = self.send(request).await?;
        let bytes = response
            .bytes()
            .await
            .map_err(|_| SourceFailure::Unavailable)?;
        serde_json::from_slice(&bytes).map_err(|_| SourceFailure::InvalidResponse)
    }

    /// The bank's resource id of `account` under the consent.
    async fn resource_id(&self, consent: &str, account: &Iban) -> Result<String, SourceFailure> {
        let list: wire::AccountList = self
            .json(
                self.request(reqwest::Method::GET, "/v1/accounts")
                    .header("Consent-ID", consent),
            )
            .await?;
        list.accounts
            .into_iter()
            .find(|a| a.iban.as_deref() == Some(account.as_str()))
            .map(|a| a.resource_id)
            .ok_or(SourceFailure::InvalidResponse)
    }
}

#[async_trait]
impl ConsentSource for BankSource {
    fn kind(&self) -> ConsentSourceKind {
        ConsentSourceKind::Bank
    }

    async fn create_consent(
        &self,
        person: &Personnummer,
        account: &Iban,
        valid_until: Date,
    ) -> Result<ProviderConsent, SourceFailure> {
        let body = wire::consent_request(account, valid_until, FREQUENCY_PER_DAY);
        let created: wire::ConsentCreated = self
            .json(
                self.request(reqwest::Method::POST, "/v1/consents")
                    .header("PSU-ID", person.expose())
                    .json(&body),
            )
            .await?;
        let status = match created.consent_status.as_str() {
            "valid" => ProviderStatus::Valid,
            "received" | "partiallyAuthorised" => ProviderStatus::Unavailable,
            _ => ProviderStatus::Rejected,
        };
        Ok(ProviderConsent {
            id: created.consent_id,
            status,
        })
    }

    async fn fetch(
        &self,
        provider_consent_id: &str,
        account: &Iban,
        period: ConsentPeriod,
    ) -> Result<AccountData, SourceFailure> {
        let resource = self.resource_id(provider_consent_id, account).await?;
        let balances: wire::BalancesReport = self
            .json(
                self.request(
                    reqwest::Method::GET,
                    &format!("/v1/accounts/{resource}/balances"),
                )
                .header("Consent-ID", provider_consent_id),
            )
            .await?;
        // ISO dates need no escaping.
        let path = format!(
            "/v1/accounts/{resource}/transactions?dateFrom={}&dateTo={}&bookingStatus=both",
            period.from(),
            period.to()
        );
        let transactions: wire::TransactionsResponse = self
            .json(
                self.request(reqwest::Method::GET, &path)
                    .header("Consent-ID", provider_consent_id),
            )
            .await?;
        interpret_account_data(account, period, balances, transactions)
    }

    async fn revoke(&self, provider_consent_id: &str) -> Result<(), SourceFailure> {
        self.send(self.request(
            reqwest::Method::DELETE,
            &format!("/v1/consents/{provider_consent_id}"),
        ))
        .await
        .map(|_| ())
    }
}

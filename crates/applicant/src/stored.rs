//! The application as the store keeps it: a versioned JSON document (wire types, apart from
//! the domain types), written from an [`Application`] and parsed back into one, every value
//! through its parser again.

use jiff::Timestamp;
use underlag_domain::{Amount, Organisationsnummer, Personnummer};

use crate::application::{
    Application, ApplicationDraft, ApplicationKind, ApplicationMonth, Household, Submission,
};
use crate::attachment::{AttachmentKind, AttachmentMeta};
use crate::costs::{Cost, CostKind};
use crate::incomes::{Declarant, DeclaredIncome, IncomeKind};
use crate::reference::ReferenceNumber;

/// The document's format version.
const VERSION: u32 = 1;

/// A stored document that could not be read back (names the field, never its value).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("stored application: {0} is not valid")]
pub struct StoredError(pub &'static str);

/// The stored form of an application (JSON).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredApplication {
    /// Always 1.
    pub version: u32,
    /// The id.
    pub id: String,
    /// The reference number.
    pub reference: String,
    /// The municipality (10 digits).
    pub organisation: String,
    /// `ny` or `manad`.
    pub kind: String,
    /// `YYYY-MM`.
    pub month: String,
    /// The applicant (12 digits).
    pub applicant: String,
    /// The co-applicant (12 digits), if any.
    pub co_applicant: Option<String>,
    /// The costs.
    pub costs: Vec<StoredCost>,
    /// The declared incomes.
    pub incomes: Vec<StoredIncome>,
    /// Other information.
    pub other_information: String,
    /// The attachments' descriptions.
    pub attachments: Vec<StoredAttachment>,
    /// When it was received (RFC 3339).
    pub submitted_at: String,
    /// When the co-applicant confirmed (RFC 3339), if they have.
    pub co_applicant_confirmed_at: Option<String>,
}

/// A stored cost.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredCost {
    /// The kind's code.
    pub kind: String,
    /// Kronor, as a decimal string.
    pub amount: String,
    /// The note.
    pub note: String,
}

/// A stored income.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredIncome {
    /// The declarant's code.
    pub who: String,
    /// The kind's code.
    pub kind: String,
    /// The payer.
    pub payer: String,
    /// Kronor, as a decimal string.
    pub amount: String,
}

/// A stored attachment's description.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredAttachment {
    /// The id.
    pub id: String,
    /// The safe file name.
    pub file_name: String,
    /// The media type.
    pub content_type: String,
    /// The size in bytes.
    pub size: u64,
}

impl StoredApplication {
    /// The stored form of `application`.
    pub fn from_application(application: &Application) -> Self {
        let d = &application.draft;
        let s = &application.submission;
        Self {
            version: VERSION,
            id: s.id.clone(),
            reference: s.reference.to_string(),
            organisation: s.organisation.ten_digits().to_owned(),
            kind: d.kind.code().to_owned(),
            month: d.month.to_string(),
            applicant: d.household.applicant.expose().to_owned(),
            co_applicant: d
                .household
                .co_applicant
                .as_ref()
                .map(|p| p.expose().to_owned()),
            costs: d
                .costs
                .iter()
                .map(|c| StoredCost {
                    kind: c.kind.code().to_owned(),
                    amount: c.amount.value().to_string(),
                    note: c.note.clone(),
                })
                .collect(),
            incomes: d
                .incomes
                .iter()
                .map(|i| StoredIncome {
                    who: i.who.code().to_owned(),
                    kind: i.kind.code().to_owned(),
                    payer: i.payer.clone(),
                    amount: i.amount.value().to_string(),
                })
                .collect(),
            other_information: d.other_information.clone(),
            attachments: d
                .attachments
                .iter()
                .map(|a| StoredAttachment {
                    id: a.id.clone(),
                    file_name: a.file_name.clone(),
                    content_type: a.kind.content_type().to_owned(),
                    size: a.size,
                })
                .collect(),
            submitted_at: s.submitted_at.to_string(),
            co_applicant_confirmed_at: s.co_applicant_confirmed_at.map(|t| t.to_string()),
        }
    }

    /// The JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Parses the JSON text and then every value.
    pub fn parse_json(json: &str) -> Result<Application, StoredError> {
        let stored: StoredApplication =
            serde_json::from_str(json).map_err(|_| StoredError("document"))?;
        stored.into_application()
    }

    /// The application, every value parsed.
    pub fn into_application(self) -> Result<Application, StoredError> {
        if self.version != VERSION {
            return Err(StoredError("version"));
        }
        let person =
            |text: &str, field| Personnummer::parse_canonical(text).map_err(|_| StoredError(field));
        let amount = |text: &str, field| Amount::parse(text).map_err(|_| StoredError(field));
        let time = |text: &str, field| text.parse::<Timestamp>().map_err(|_| StoredError(field));
        let costs = self
            .costs
            .iter()
            .map(|c| -> Result<Cost, StoredError> {
                Ok(Cost {
                    kind: CostKind::from_code(&c.kind).ok_or(StoredError("costs.kind"))?,
                    amount: amount(&c.amount, "costs.amount")?,
                    note: c.note.clone(),
                })
            })
            .collect::<Result<Vec<_>, StoredError>>()?;
        let incomes = self
            .incomes
            .iter()
            .map(|i| -> Result<DeclaredIncome, StoredError> {
                Ok(DeclaredIncome {
                    who: Declarant::from_code(&i.who).ok_or(StoredError("incomes.who"))?,
                    kind: IncomeKind::from_code(&i.kind).ok_or(StoredError("incomes.kind"))?,
                    payer: i.payer.clone(),
                    amount: amount(&i.amount, "incomes.amount")?,
                })
            })
            .collect::<Result<Vec<_>, StoredError>>()?;
        let attachments = self
            .attachments
            .iter()
            .map(|a| -> Result<AttachmentMeta, StoredError> {
                Ok(AttachmentMeta {
                    id: a.id.clone(),
                    file_name: a.file_name.clone(),
                    kind: AttachmentKind::from_content_type(&a.content_type)
                        .ok_or(StoredError("attachments.content_type"))?,
                    size: a.size,
                })
            })
            .collect::<Result<Vec<_>, StoredError>>()?;
        Ok(Application {
            draft: ApplicationDraft {
                kind: ApplicationKind::from_code(&self.kind).ok_or(StoredError("kind"))?,
                month: ApplicationMonth::parse(&self.month).map_err(|_| StoredError("month"))?,
                household: Household {
                    applicant: person(&self.applicant, "applicant")?,
                    co_applicant: self
                        .co_applicant
                        .as_deref()
                        .map(|p| person(p, "co_applicant"))
                        .transpose()?,
                },
                costs,
                incomes,
                other_information: self.other_information,
                attachments,
            },
            submission: Submission {
                id: self.id,
                reference: ReferenceNumber::parse(&self.reference)
                    .map_err(|_| StoredError("reference"))?,
                organisation: Organisationsnummer::parse(&self.organisation)
                    .map_err(|_| StoredError("organisation"))?,
                submitted_at: time(&self.submitted_at, "submitted_at")?,
                co_applicant_confirmed_at: self
                    .co_applicant_confirmed_at
                    .as_deref()
                    .map(|t| time(t, "co_applicant_confirmed_at"))
                    .transpose()?,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_application_round_trips_through_json() {
        let today = jiff::civil::Date::new(2026, 12, 4).unwrap();
        let application = Application {
            draft: ApplicationDraft {
                kind: ApplicationKind::Monthly,
                month: ApplicationMonth::parse("2026-12").unwrap(),
                household: Household {
                    applicant: Personnummer::parse("198603052393", today).unwrap(),
                    co_applicant: Some(Personnummer::parse("198805122390", today).unwrap()),
                },
                costs: vec![Cost {
                    kind: CostKind::Rent,
                    amount: Amount::from_kronor(6500),
                    note: String::new(),
                }],
                incomes: vec![DeclaredIncome {
                    who: Declarant::CoApplicant,
                    kind: IncomeKind::Salary,
                    payer: "AB".into(),
                    amount: Amount::parse("100.50").unwrap(),
                }],
                other_information: "x".into(),
                attachments: vec![AttachmentMeta {
                    id: "a1".into(),
                    file_name: "k.pdf".into(),
                    kind: AttachmentKind::Pdf,
                    size: 10,
                }],
            },
            submission: Submission {
                id: "id-1".into(),
                reference: ReferenceNumber::from_random([1; 16]),
                organisation: Organisationsnummer::parse("2120000142").unwrap(),
                submitted_at: Timestamp::UNIX_EPOCH,
                co_applicant_confirmed_at: None,
            },
        };
        let json = StoredApplication::from_application(&application).to_json();
        assert_eq!(StoredApplication::parse_json(&json), Ok(application));
        let broken = json.replace("\"manad\"", "\"okand\"");
        assert_eq!(
            StoredApplication::parse_json(&broken),
            Err(StoredError("kind"))
        );
    }
}

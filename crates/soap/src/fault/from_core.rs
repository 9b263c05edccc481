//! The faults for what the core refuses or cannot do: a refusal by the purpose and case
//! binding (`SSBT-020`, wholly Swedish, naming the field by its SOAP path), a failed audit
//! (`SSBT-010`) and an unreadable registry (`SSBT-012`), all from the catalogue.

use underlag_catalogue::Code;
use underlag_service::QueryError;
use underlag_service::registry::Refusal;

use super::Fault;

impl From<&Refusal> for Fault {
    /// The reason's Swedish title and sentence and the SOAP path of the field; the core's
    /// English message and the reason code stay out of the fault (the audit has them).
    fn from(refusal: &Refusal) -> Self {
        let field = soap_field(&refusal.field);
        Fault::of(refusal.reason.catalogue_code(), &[("field", &field)])
    }
}

impl From<QueryError> for Fault {
    /// The fault for a query the core did not answer.
    fn from(error: QueryError) -> Self {
        match error {
            QueryError::AuditFailed(_) => Code::AuditUnavailable.into(),
            QueryError::RegistryUnavailable(_) => Code::RegistryUnavailable.into(),
            QueryError::Refused {
                reason,
                field,
                message,
            } => Fault::from(&Refusal::new(reason, field, message)),
        }
    }
}

/// The request path of a field the core names by its REST (JSON) path.
pub(super) fn soap_field(field: &str) -> String {
    const G: &str = "generellaFrageparametrar";
    let general = |name: &str| format!("{G}/{name}");
    match field {
        "organisation" => general("ingivare/organisationsnummer"),
        "case_worker" => general("ingivare/handlaggare"),
        "case_id" => general("arendeidentitet"),
        "purpose" => general("syfte"),
        "legal_basis" => general("lagtext"),
        "period" => general("tidsperiod"),
        "person" => general("personidentitet"),
        _ => {
            if let Some(code) = field.strip_prefix("source_periods.") {
                let code = code
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .collect::<String>();
                return format!("specifikaFrageparametrar/{code}/tidsperiod");
            }
            if let Some(rest) = field.strip_prefix("data_processors[") {
                let index: usize = rest
                    .split(']')
                    .next()
                    .and_then(|i| i.parse().ok())
                    .unwrap_or_default();
                return general(&format!(
                    "personuppgiftsbitrade[{}]/organisationsnummer",
                    index + 1
                ));
            }
            field.to_owned()
        }
    }
}

//! The one way an audit record gets its attribution (organisation, case worker, case id,
//! purpose, legal basis, data processors), for every record the core writes: an answered
//! query, a refused query, a case read and a refused case request.

use underlag_audit::AuditRecordBuilder;
use underlag_domain::Organisationsnummer;

use super::cases::CaseRequest;
use crate::port::DataProcessor;
use crate::query::CompositeQuery;

/// Who asked, for which case and why, as an audit record names it.
pub(super) struct RecordedAttribution<'a> {
    organisation: &'a Organisationsnummer,
    case_worker: &'a str,
    case_id: &'a str,
    purpose: &'a str,
    legal_basis: &'a str,
    data_processors: &'a [DataProcessor],
}

impl<'a> RecordedAttribution<'a> {
    /// A query's attribution, with `purpose` as it is recorded (the mapped purpose of an
    /// admitted query, the text as sent for a refused one).
    pub(super) fn of_query(query: &'a CompositeQuery, purpose: &'a str) -> Self {
        let a = &query.attribution;
        Self {
            organisation: &a.organisation,
            case_worker: &a.case_worker,
            case_id: &a.case_id,
            purpose,
            legal_basis: &a.legal_basis,
            data_processors: &a.data_processors,
        }
    }

    /// A case request's attribution (it names no data processors).
    pub(super) fn of_case_request(request: &'a CaseRequest) -> Self {
        Self {
            organisation: &request.organisation,
            case_worker: &request.case_worker,
            case_id: &request.case_id,
            purpose: &request.purpose,
            legal_basis: &request.legal_basis,
            data_processors: &[],
        }
    }

    /// `builder` with this attribution.
    pub(super) fn on(&self, builder: AuditRecordBuilder) -> AuditRecordBuilder {
        let mut builder = builder
            .organisation(self.organisation)
            .case_worker(self.case_worker)
            .case_id(self.case_id)
            .purpose(self.purpose)
            .legal_basis(self.legal_basis);
        for p in self.data_processors {
            builder = builder.data_processor(&p.organisation, &p.name);
        }
        builder
    }
}

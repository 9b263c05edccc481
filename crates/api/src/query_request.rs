//! The REST request for a composite query (wire DTO) and its validation into a
//! [`CompositeQuery`]. Every problem is reported with the JSON path of its field.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use underlag_domain::period::parse_iso_date;
use underlag_domain::{Organisationsnummer, Period, Personnummer, SourceId};
use underlag_service::{Channel, CompositeQuery, DataProcessor, QueryContext};

use crate::problem::FieldError;

/// `POST /api/v1/queries` body.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryRequest {
    /// Organisationsnummer of the asking organisation (10 digits or the 16-prefixed form).
    pub organisation: String,
    /// The organisation's name.
    pub organisation_name: String,
    /// The case worker's user id.
    pub case_worker: String,
    /// The case id.
    pub case_id: String,
    /// Purpose of the query (syfte).
    pub purpose: String,
    /// Legal basis (lagtext).
    pub legal_basis: String,
    /// The person: personnummer or samordningsnummer, 10 or 12 digits.
    pub person: String,
    /// The period asked about.
    pub period: PeriodDto,
    /// Sources wanted; all when absent.
    #[serde(default)]
    pub sources: Option<Vec<String>>,
    /// Per-source periods, keyed by source code.
    #[serde(default)]
    pub source_periods: BTreeMap<String, PeriodDto>,
    /// Data processors acting for the organisation.
    #[serde(default)]
    pub data_processors: Vec<DataProcessorDto>,
    /// The caller's correlation id.
    #[serde(default)]
    pub correlation_id: Option<String>,
}

/// A period as sent on the wire.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodDto {
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day, `YYYY-MM-DD`.
    pub to: String,
}

/// A data processor as sent on the wire.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataProcessorDto {
    /// Order number.
    #[serde(default)]
    pub order: Option<i16>,
    /// Its organisationsnummer.
    pub organisation: String,
    /// Its name.
    pub name: String,
}

/// Settings that shape validation.
#[derive(Debug, Clone)]
pub struct QueryLimits {
    /// The longest period accepted, in days.
    pub max_period_days: i32,
    /// The LEFI actor id used for the FK source when the connection registry holds none for
    /// the organisation (the registry's wins).
    pub lefi_actor_id: String,
}

struct Errors(Vec<FieldError>);

impl Errors {
    fn push(&mut self, field: impl Into<String>, message: impl std::fmt::Display) {
        self.0.push(FieldError {
            field: field.into(),
            message: message.to_string(),
        });
    }

    /// Text the purpose and case binding checks for presence: a blank value passes here
    /// and is refused (and audited) by the core as `missing_<field>`.
    fn attribution_text(&mut self, field: &str, value: &str) -> String {
        let trimmed = value.trim();
        if trimmed.len() > 500 {
            self.push(field, "must be at most 500 characters");
        }
        trimmed.to_owned()
    }

    fn required_text(&mut self, field: &str, value: &str) -> String {
        let trimmed = value.trim();
        if trimmed.is_empty() {
            self.push(field, "must not be empty");
        } else if trimmed.len() > 500 {
            self.push(field, "must be at most 500 characters");
        }
        trimmed.to_owned()
    }
}

impl QueryRequest {
    /// Validates every field and builds the query; all problems are reported at once.
    pub fn into_query(
        self,
        query_id: String,
        today: Date,
        limits: &QueryLimits,
    ) -> Result<CompositeQuery, Vec<FieldError>> {
        let mut errors = Errors(Vec::new());
        let organisation = Organisationsnummer::parse(&self.organisation)
            .map_err(|e| errors.push("organisation", e))
            .ok();
        let organisation_name = errors.required_text("organisation_name", &self.organisation_name);
        let case_worker = errors.attribution_text("case_worker", &self.case_worker);
        let case_id = errors.attribution_text("case_id", &self.case_id);
        let purpose = errors.attribution_text("purpose", &self.purpose);
        let legal_basis = errors.attribution_text("legal_basis", &self.legal_basis);
        let person = Personnummer::parse(&self.person, today)
            .map_err(|e| errors.push("person", e))
            .ok();
        let period = parse_period(&mut errors, "period", &self.period, limits);

        let sources: BTreeSet<SourceId> = match &self.sources {
            None => SourceId::ALL.into_iter().collect(),
            Some(list) => {
                if list.is_empty() {
                    errors.push(
                        "sources",
                        "must name at least one source, or be left out for all",
                    );
                }
                list.iter()
                    .enumerate()
                    .filter_map(|(i, s)| {
                        s.parse()
                            .map_err(|e| errors.push(format!("sources[{i}]"), e))
                            .ok()
                    })
                    .collect()
            }
        };
        let mut source_periods = BTreeMap::new();
        for (key, dto) in &self.source_periods {
            let field = format!("source_periods.{key}");
            match key.parse::<SourceId>() {
                Ok(id) => {
                    if let Some(p) = parse_period(&mut errors, &field, dto, limits) {
                        source_periods.insert(id, p);
                    }
                }
                Err(e) => errors.push(field, e),
            }
        }
        let data_processors: Vec<DataProcessor> = self
            .data_processors
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let org = Organisationsnummer::parse(&p.organisation)
                    .map_err(|e| errors.push(format!("data_processors[{i}].organisation"), e))
                    .ok()?;
                let name = errors.required_text(&format!("data_processors[{i}].name"), &p.name);
                Some(DataProcessor {
                    order: p.order,
                    organisation: org,
                    name,
                })
            })
            .collect();

        match (organisation, person, period) {
            (Some(organisation), Some(person), Some(period)) if errors.0.is_empty() => {
                Ok(CompositeQuery {
                    context: QueryContext {
                        query_id,
                        organisation,
                        organisation_name,
                        case_worker,
                        case_id,
                        purpose,
                        legal_basis,
                        data_processors,
                        lefi_actor_id: limits.lefi_actor_id.clone(),
                        correlation_id: self.correlation_id,
                    },
                    person,
                    period,
                    sources,
                    source_periods,
                    not_entitled: BTreeSet::new(),
                    lefi_request: None,
                    channel: Channel::Rest,
                    caller: None,
                })
            }
            _ => Err(errors.0),
        }
    }
}

fn parse_period(
    errors: &mut Errors,
    field: &str,
    dto: &PeriodDto,
    limits: &QueryLimits,
) -> Option<Period> {
    let from = parse_iso_date(&dto.from)
        .map_err(|e| errors.push(format!("{field}.from"), e))
        .ok();
    let to = parse_iso_date(&dto.to)
        .map_err(|e| errors.push(format!("{field}.to"), e))
        .ok();
    let period = Period::new(from?, to?)
        .map_err(|e| errors.push(field, e))
        .ok()?;
    if period.days() > limits.max_period_days {
        errors.push(
            field,
            format!("must be at most {} days long", limits.max_period_days),
        );
        return None;
    }
    Some(period)
}

//! The REST request for a composite query (wire DTO) and its validation into the parsed
//! [`CompositeQuery`] the core admits. Every problem is reported with the JSON path of its
//! field. Nothing the core decides is filled in here (entitlements, the LEFI actor id); the
//! period's length is bounded by the core's own [`PeriodRule`].

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use underlag_domain::free_text::{MAX_FREE_TEXT_CHARS, parse_optional_free_text};
use underlag_domain::period::parse_iso_date;
use underlag_domain::{Organisationsnummer, Period, Personnummer, SourceId};
use underlag_service::registry::PeriodRule;
use underlag_service::{Attribution, CallerIdentity, Channel, CompositeQuery, DataProcessor};

use crate::problem::{FieldError, FieldErrors as Errors};

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

impl Errors {
    /// Text the purpose and case binding checks for presence: a blank value passes here
    /// and is refused (and audited) by the core as `missing_<field>`. Control and
    /// bidirectional formatting characters and over-long values are refused here.
    fn attribution_text(&mut self, field: &str, value: &str) -> String {
        match parse_optional_free_text(value, MAX_FREE_TEXT_CHARS) {
            Ok(text) => text.to_owned(),
            Err(e) => {
                self.push(field, e);
                String::new()
            }
        }
    }

    /// An optional free text: absent or blank gives `None`.
    fn optional_text(&mut self, field: &str, value: Option<&str>) -> Option<String> {
        match parse_optional_free_text(value?, MAX_FREE_TEXT_CHARS) {
            Ok("") => None,
            Ok(text) => Some(text.to_owned()),
            Err(e) => {
                self.push(field, e);
                None
            }
        }
    }
}

/// The message for a source code that is not one of the sources (the code is not repeated).
const UNKNOWN_SOURCE: &str =
    "is not a known source; known sources are AF, CSN, FK, SKV, SO, TNS and MIV";

impl QueryRequest {
    /// Validates every field and builds the query asked by `caller` (what the transport
    /// proved, if anything); all problems are reported at once. A period longer than any the
    /// core's `period_rule` allows ([`PeriodRule::max_days`]) is refused here.
    pub fn into_query(
        self,
        query_id: String,
        today: Date,
        period_rule: PeriodRule,
        caller: Option<CallerIdentity>,
    ) -> Result<CompositeQuery, Vec<FieldError>> {
        let mut errors = Errors::default();
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
        let period = parse_period(&mut errors, "period", &self.period, period_rule);

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
                            .map_err(|_| errors.push(format!("sources[{i}]"), UNKNOWN_SOURCE))
                            .ok()
                    })
                    .collect()
            }
        };
        // A key is data the caller sent: an unknown one is reported on `source_periods`
        // itself, and a known one by its canonical code, so no key is ever repeated.
        let mut source_periods = BTreeMap::new();
        let mut unknown_keys = false;
        let mut seen = BTreeSet::new();
        for (key, dto) in &self.source_periods {
            match key.parse::<SourceId>() {
                Ok(id) => {
                    let field = format!("source_periods.{}", id.code());
                    if !seen.insert(id) {
                        errors.push(field, "is given more than once (in another letter case)");
                    } else if let Some(p) = parse_period(&mut errors, &field, dto, period_rule) {
                        source_periods.insert(id, p);
                    }
                }
                Err(_) => unknown_keys = true,
            }
        }
        if unknown_keys {
            errors.push(
                "source_periods",
                "every key must be a source code: AF, CSN, FK, SKV, SO, TNS or MIV",
            );
        }
        let data_processors: Vec<DataProcessor> = self
            .data_processors
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let org = Organisationsnummer::parse(&p.organisation)
                    .map_err(|e| errors.push(format!("data_processors[{i}].organisation"), e))
                    .ok();
                let name = errors.required_text(&format!("data_processors[{i}].name"), &p.name);
                Some(DataProcessor {
                    order: p.order,
                    organisation: org?,
                    name,
                })
            })
            .collect();
        let correlation_id = errors.optional_text("correlation_id", self.correlation_id.as_deref());

        match (organisation, person, period) {
            (Some(organisation), Some(person), Some(period)) if errors.is_empty() => {
                Ok(CompositeQuery {
                    query_id,
                    attribution: Attribution {
                        organisation,
                        organisation_name,
                        case_worker,
                        case_id,
                        purpose,
                        legal_basis,
                        data_processors,
                        correlation_id,
                    },
                    person,
                    period,
                    sources,
                    source_periods,
                    lefi_request: None,
                    channel: Channel::Rest,
                    caller,
                })
            }
            _ => Err(errors.0),
        }
    }
}

/// The message for a day that is not a calendar date (the text is not repeated).
const NOT_A_DATE: &str = "must be a calendar date YYYY-MM-DD";

fn parse_period(
    errors: &mut Errors,
    field: &str,
    dto: &PeriodDto,
    period_rule: PeriodRule,
) -> Option<Period> {
    let from = parse_iso_date(&dto.from)
        .map_err(|_| errors.push(format!("{field}.from"), NOT_A_DATE))
        .ok();
    let to = parse_iso_date(&dto.to)
        .map_err(|_| errors.push(format!("{field}.to"), NOT_A_DATE))
        .ok();
    let period = Period::requested(from?, to?)
        .map_err(|e| errors.push(field, e))
        .ok()?;
    let max_days = period_rule.max_days();
    if period.days() > max_days {
        errors.push(field, format!("must be at most {max_days} days long"));
        return None;
    }
    Some(period)
}

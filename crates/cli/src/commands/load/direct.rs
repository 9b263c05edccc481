//! `underlag load --direct`: the baseline without the exchange layer. Each query is one call
//! to every asked agency, all at once, through the gateway's own adapters (request building,
//! transport, parsing, field rules, mapping), with no binding, no audit and no door.

use std::sync::Arc;

use anyhow::Context;
use underlag_domain::{LefiActorId, Organisationsnummer, Period, Personnummer, SourceId};
use underlag_service::{QueryContext, SourceAdapter, SourceRequest};

use super::request::{LEGAL_BASIS, ORGANISATION, PURPOSE};
use super::{Attempt, LoadArgs, LoadReport, drive, require_loopback, watch};

/// The sources a direct run asks when `--sources` names none: those a connection is
/// entitled to by its agreement alone (the seven v10 providers), which is what a gateway
/// query that names no source calls for the demo connection.
pub fn default_direct_sources() -> Vec<SourceId> {
    SourceId::ALL
        .into_iter()
        .filter(|s| !s.requires_legal_basis())
        .collect()
}

/// Runs the load directly against the agencies of the settings (no gateway). A query counts
/// as answered when every asked agency answered (data or a definite no match).
pub async fn execute_direct(args: &LoadArgs) -> anyhow::Result<LoadReport> {
    let settings = underlag_gateway::Settings::load(args.config.as_deref())?;
    let asked = args.sources.clone().unwrap_or_else(default_direct_sources);
    for &id in &asked {
        let url = settings
            .agency_url(id)
            .with_context(|| format!("agencies.{} is not configured", id.slug()))?;
        require_loopback(url, &format!("agencies.{}", id.slug()))?;
    }
    let spec = underlag_gateway::load_spec(&settings)?;
    let adapters: Arc<Vec<Arc<dyn SourceAdapter>>> = Arc::new(
        underlag_gateway::app::source_adapters(&settings, &spec)?
            .into_iter()
            .filter(|a| asked.contains(&a.source()))
            .collect(),
    );
    let population =
        underlag_sim::Population::generate(underlag_sim::population::DEFAULT_REFERENCE_DATE);
    let persons: Arc<Vec<Personnummer>> = Arc::new(
        population
            .persons()
            .iter()
            .map(|p| p.personnummer.clone())
            .collect(),
    );
    let today = population.reference_date();
    let period = Period::new(
        today.saturating_sub(jiff::Span::new().years(1)),
        today.yesterday().unwrap_or(today),
    )?;
    let context = QueryContext {
        query_id: String::new(),
        organisation: Organisationsnummer::parse(ORGANISATION)?,
        organisation_name: "Exempelkommun".to_owned(),
        case_worker: "load".to_owned(),
        case_id: String::new(),
        purpose: PURPOSE.to_owned(),
        legal_basis: LEGAL_BASIS.to_owned(),
        data_processors: Vec::new(),
        lefi_actor_id: settings
            .query
            .lefi_actor_id
            .clone()
            .or_else(|| LefiActorId::parse("UNDERLAG-DEMO").ok()),
        correlation_id: None,
    };
    let mut report = drive(
        args,
        move |n| {
            let (adapters, persons, mut context) =
                (adapters.clone(), persons.clone(), context.clone());
            async move {
                context.query_id = uuid::Uuid::new_v4().to_string();
                context.case_id = format!("EB-LOAD-{n}");
                let request = SourceRequest {
                    person: persons[n as usize % persons.len()].clone(),
                    period,
                    context,
                    lefi_request: None,
                };
                let answers =
                    futures::future::join_all(adapters.iter().map(|a| a.fetch(&request))).await;
                if answers
                    .iter()
                    .all(|a| a.as_ref().is_ok_and(|a| a.outcome.answered()))
                {
                    Attempt::Answered(None)
                } else {
                    Attempt::Failed
                }
            }
        },
        None,
    )
    .await;
    watch(&mut report, &args.watch_pids);
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_direct_run_asks_the_seven_v10_providers_by_default() {
        let sources = default_direct_sources();
        assert_eq!(sources.len(), 7);
        assert!(!sources.contains(&SourceId::Agi));
        assert!(!sources.contains(&SourceId::Kfm));
        assert!(sources.contains(&SourceId::Fk) && sources.contains(&SourceId::Miv));
    }
}

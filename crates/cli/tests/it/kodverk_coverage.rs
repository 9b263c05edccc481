//! Every code the simulator sends is in a kodverk: persons of every story kind and a regular
//! sample of the rest of the simulated population are asked of every real adapter (over
//! HTTP, without the gateway), and no answer carries the notice
//! of a code missing from its kodverk, neither from a field rule of the specification nor
//! from the mapping.

use std::collections::BTreeSet;
use std::sync::Arc;
use tokio::time::Instant;

use underlag_domain::{Outcome, Period, SourceId, Violation};
use underlag_service::{QueryContext, SourceAdapter, SourceRequest};
use underlag_sim::{Population, SimConfig, Simulator, StoryKind, SyntheticPerson};
use underlag_spec::Spec;
use underlag_test_support::fixtures::query_context;
use underlag_test_support::simulated_agencies;

/// Persons asked per story kind.
const PER_STORY: usize = 12;
/// Every how many persons one is asked besides.
const STRIDE: usize = 6;
/// Concurrent askers (each walks its share of the population).
const WORKERS: usize = 16;

fn context() -> QueryContext {
    QueryContext {
        query_id: "kodverk-coverage".to_owned(),
        ..query_context()
    }
}

/// Whether a violation says that a code is missing from its kodverk (a field rule's
/// `is not a code in …`, or the mapping's `a code not in the kodverk … is kept as sent`).
fn is_unknown_code(v: &Violation) -> bool {
    v.message.contains("is not a code in") || v.message.contains("not in the kodverk")
}

/// The path without repetition indices, so one missing code is reported once.
fn shape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => in_index = true,
            ']' => in_index = false,
            _ if !in_index => out.push(c),
            _ => {}
        }
    }
    out
}

/// Persons of every story kind (the first [`PER_STORY`] of each) and every [`STRIDE`]th
/// person besides: each shape the simulator draws is met, in debug builds within seconds.
fn sample(population: &Population) -> Vec<&SyntheticPerson> {
    let mut chosen = BTreeSet::new();
    for kind in StoryKind::ALL {
        let with_kind = population
            .persons()
            .iter()
            .enumerate()
            .filter(|(_, p)| p.stories.contains(&kind))
            .map(|(i, _)| i)
            .take(PER_STORY);
        chosen.extend(with_kind);
    }
    chosen.extend((0..population.persons().len()).step_by(STRIDE));
    chosen
        .into_iter()
        .map(|i| &population.persons()[i])
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_code_the_simulator_sends_is_in_a_kodverk() {
    let sim = Simulator::start(SimConfig::default()).await.unwrap();
    let spec = Arc::new(Spec::embedded().unwrap());
    let adapters: Arc<Vec<Arc<dyn SourceAdapter>>> =
        Arc::new(simulated_agencies(&sim, &spec, "aktor-1"));
    let today = sim.population().reference_date();
    let period = Period::new(
        today.saturating_sub(jiff::Span::new().months(20)),
        today.saturating_add(jiff::Span::new().months(2)),
    )
    .unwrap();
    let persons: Arc<Vec<_>> = Arc::new(
        sample(sim.population())
            .into_iter()
            .map(|p| p.personnummer.clone())
            .collect(),
    );

    let started = Instant::now();
    let mut workers = tokio::task::JoinSet::new();
    for worker in 0..WORKERS {
        let (adapters, persons, period) = (adapters.clone(), persons.clone(), period);
        workers.spawn(async move {
            let mut unknown = BTreeSet::new();
            let mut answers = 0usize;
            for person in persons.iter().skip(worker).step_by(WORKERS) {
                let request = SourceRequest {
                    person: person.clone(),
                    period,
                    context: context(),
                    lefi_request: None,
                };
                for adapter in adapters.iter() {
                    let answer = adapter
                        .fetch(&request)
                        .await
                        .unwrap_or_else(|e| panic!("{}: {e}", adapter.source()));
                    answers += 1;
                    let violations = match &answer.outcome {
                        Outcome::Ok { warnings, .. } | Outcome::NoMatch { warnings } => warnings,
                        Outcome::InvalidResponse { violations } => violations,
                        _ => continue,
                    };
                    for v in violations.iter().filter(|v| is_unknown_code(v)) {
                        unknown.insert(format!(
                            "{} {}: {}",
                            adapter.source(),
                            shape(&v.path),
                            v.message
                        ));
                    }
                }
            }
            (answers, unknown)
        });
    }
    let mut unknown = BTreeSet::new();
    let mut answers = 0;
    while let Some(done) = workers.join_next().await {
        let (n, found) = done.unwrap();
        answers += n;
        unknown.extend(found);
    }
    println!(
        "{answers} answers from {} persons read in {:?}",
        persons.len(),
        started.elapsed()
    );
    assert_eq!(answers, persons.len() * SourceId::ALL.len());
    assert!(
        unknown.is_empty(),
        "codes the simulator sends that no kodverk has:\n{}",
        unknown.into_iter().collect::<Vec<_>>().join("\n")
    );
    sim.shutdown().await;
}

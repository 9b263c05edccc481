//! `underlag bench`, the case-worker UI: server-side render time of the overview page for a
//! household of two across all seven sources (the all-sources person and a parent with family
//! benefits), from real answers of the simulated agencies through the gateway's orchestrator.

use std::time::Duration;

use anyhow::Context;
use underlag_domain::{Personnummer, SourceId};
use underlag_sim::SimConfig;
use underlag_web::lookup::{LookupInput, run_lookup};
use underlag_web::session::{SignInMethod, User};

use crate::commands::demo::Demo;
use crate::settings::Settings;

/// The household: the all-sources person and a parent with family benefits (POPULATION.md).
const HOUSEHOLD: [&str; 2] = ["198603052393", "198805122390"];

/// Runs the benchmark for about `budget` on a thread of its own (with its own runtime).
pub(super) fn run(budget: Duration) -> anyhow::Result<()> {
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .context("a runtime for the web benchmark")?
            .block_on(measure(budget))
    })
    .join()
    .map_err(|_| anyhow::anyhow!("the web benchmark panicked"))?
}

async fn measure(budget: Duration) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("underlag-bench-web-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let result = measure_in(&dir, budget).await;
    let _ = std::fs::remove_dir_all(&dir);
    result
}

async fn measure_in(dir: &std::path::Path, budget: Duration) -> anyhow::Result<()> {
    let mut settings = Settings::load(None)?;
    settings.server.listen = "127.0.0.1:0".into();
    settings.database.url = format!("sqlite://{}", dir.join("audit.db").display());
    settings.web.enabled = true;
    settings.web.organisation = crate::commands::demo::DEMO_ORGANISATION.to_owned();
    let demo = Demo::start_with(settings.clone(), SimConfig::default()).await?;
    let web = settings
        .web
        .web_config(&settings)?
        .context("the demo turns the UI on")?;
    let gateway = &demo.gateway;
    let state = underlag_web::WebState::new(
        web.clone(),
        gateway.orchestrator.clone(),
        gateway.registry.clone(),
        gateway.store.clone(),
        underlag_gateway::load_spec(&settings)?,
    )?;
    let today = underlag_service::clock::today_in_sweden();
    let members = HOUSEHOLD
        .iter()
        .map(|p| Personnummer::parse(p, today))
        .collect::<Result<Vec<_>, _>>()?;
    let month = underlag_overview::Month::new(2026, 10)?;
    let input = LookupInput {
        case_id: "BENCH-WEB-1".into(),
        members,
        application_month: month,
        period: underlag_web::lookup::form::default_period(month, web.months_shown)
            .context("the default period")?,
        purpose: web
            .purposes
            .first()
            .map(|p| p.code.clone())
            .unwrap_or_default(),
        sources: SourceId::ALL.into_iter().collect(),
    };
    let user = User {
        id: "bench".into(),
        name: "bench".into(),
        roles: Default::default(),
        method: SignInMethod::Demo,
    };
    let lookup = run_lookup(&state, &user, input)
        .await
        .map_err(|e| anyhow::anyhow!("the look-up failed: {e:?}"))?;
    let answered = lookup
        .members
        .iter()
        .flat_map(|m| m.answer.sources.iter())
        .filter(|r| r.outcome.answered())
        .count();
    let html = underlag_web::render_overview(&web, &lookup)
        .map_err(|e| anyhow::anyhow!("render: {e:?}"))?;
    let (n, per) = super::measure(budget, || {
        std::hint::black_box(underlag_web::render_overview(&web, &lookup).is_ok());
        1
    });
    println!(
        "web overview render (household of two, {answered}/14 sources answered): {n} renders, {:.1} µs/render ({} KiB HTML)",
        per / 1000.0,
        html.len() / 1024
    );
    demo.stop().await;
    Ok(())
}

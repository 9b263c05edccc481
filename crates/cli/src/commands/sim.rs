//! `underlag sim`: the simulated agencies alone.

use anyhow::Context;
use underlag_domain::SourceId;
use underlag_sim::{SimConfig, Simulator};

/// Runs the simulated agencies until SIGTERM or SIGINT, printing their URLs as a configuration block.
pub async fn run(faults: Vec<String>, variants: Vec<String>) -> anyhow::Result<()> {
    let mut chosen = std::collections::BTreeMap::new();
    for arg in &variants {
        let (source, variant) = arg
            .split_once('=')
            .with_context(|| format!("--variant {arg}: expected SOURCE=VARIANT"))?;
        let source: SourceId = source.parse().with_context(|| format!("--variant {arg}"))?;
        let variant: underlag_sim::Variant = variant
            .parse()
            .with_context(|| format!("--variant {arg}"))?;
        chosen.insert(source, variant);
    }
    let config = SimConfig {
        faults: super::parse_faults(&faults)?,
        variants: chosen,
        ..SimConfig::default()
    };
    let sim = Simulator::start(config)
        .await
        .context("cannot start the simulated agencies")?;
    println!("Simulated agencies (paste into the gateway's configuration file):\n\n[agencies]");
    for id in SourceId::ALL {
        println!("{} = \"{}\"", id.slug(), sim.base_url(id));
    }
    println!(
        "\nFault control: {}/faults  (PUT /faults/{{source}} with e.g. {{\"kind\":\"hang\"}})",
        sim.control_url()
    );
    println!(
        "Population: {} synthetic persons.",
        sim.population().persons().len()
    );
    crate::app::shutdown_signal().await?;
    sim.shutdown().await;
    Ok(())
}

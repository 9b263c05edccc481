//! `underlag sim`: the simulated agencies alone, on fixed loopback ports (optionally in a
//! faulty variant for the conformance kit), and `underlag sim population`: the synthetic
//! persons they answer about, by story.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anyhow::{Context, bail};
use underlag_domain::SourceId;
use underlag_sim::{Population, SimConfig, Simulator, StoryKind};

/// The first agency's port when none is given: FK on 7101, AF 7102, … in the order of the
/// sources' table ([`port_order`]; what `config/underlag.example.toml` expects).
pub const DEFAULT_BASE_PORT: u16 = 7101;

/// The agencies in the order their ports follow the base port: the order of the `sources!`
/// table in `underlag_domain::source` (the enum's order: the v10 providers FK, AF, CSN, SKV,
/// SO, TNS, MIV, then AGI and KFM), so a source added to the table gets the next port.
pub fn port_order() -> Vec<SourceId> {
    let mut order = SourceId::ALL.to_vec();
    order.sort();
    order
}

/// The control API's port offset from the base port (7100 with the default base port).
const CONTROL_PORT_BELOW_BASE: u16 = 1;

/// The simulated bank's port offset from the base port: after every agency (7110 with the
/// default base port).
const BANK_PORT_AFTER_BASE: u16 = 9;

/// `underlag sim …`
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SimArgs {
    /// Start with a fault, e.g. `fk=hang`, `csn=latency:300` (repeatable).
    #[arg(long = "fault")]
    pub faults: Vec<String>,
    /// The first agency's port; the others follow in the order FK, AF, CSN, SKV, SO, TNS,
    /// MIV, AGI, KFM, and the fault control API listens one below. 0: ephemeral ports for all.
    #[arg(long, default_value_t = DEFAULT_BASE_PORT)]
    pub base_port: u16,
    /// One agency's port, over the base port: `fk=7201` (repeatable).
    #[arg(long = "port", value_name = "SOURCE=PORT")]
    pub ports: Vec<String>,
    /// Start an agency in a faulty variant for the conformance kit, e.g.
    /// `miv=wrong_namespace` (repeatable; see `underlag_sim::Variant`).
    #[arg(long = "variant", value_name = "SOURCE=VARIANT")]
    pub variants: Vec<String>,
    /// What else to do.
    #[command(subcommand)]
    pub command: Option<SimCommand>,
}

/// `underlag sim population`.
#[derive(Debug, clap::Subcommand)]
pub enum SimCommand {
    /// List the synthetic persons (Skatteverket's published test numbers) by story, for
    /// vendors' test cases.
    Population {
        /// Only persons with this story kind (e.g. `pensioner_bostadstillagg`).
        #[arg(long)]
        story: Option<String>,
    },
}

/// Runs the simulated agencies until SIGTERM or SIGINT, printing their URLs as a
/// configuration block, or lists the population.
pub async fn run(args: SimArgs) -> anyhow::Result<()> {
    if let Some(SimCommand::Population { story }) = args.command {
        let population = Population::generate(SimConfig::default().reference_date);
        print!("{}", population_listing(&population, story.as_deref())?);
        return Ok(());
    }
    let (ports, control_port) = ports(args.base_port, &args.ports)?;
    let mut variants = BTreeMap::new();
    for arg in &args.variants {
        let (source, variant) = arg
            .split_once('=')
            .with_context(|| format!("--variant {arg}: expected SOURCE=VARIANT"))?;
        let source: SourceId = source.parse().with_context(|| format!("--variant {arg}"))?;
        let variant: underlag_sim::Variant = variant
            .parse()
            .with_context(|| format!("--variant {arg}"))?;
        variants.insert(source, variant);
    }
    let bank_port = (args.base_port != 0)
        .then(|| args.base_port.checked_add(BANK_PORT_AFTER_BASE))
        .flatten();
    let config = SimConfig {
        faults: super::parse_faults(&args.faults)?,
        ports,
        control_port,
        variants,
        bank_port,
        ..SimConfig::default()
    };
    let sim = Simulator::start(config)
        .await
        .context("cannot start the simulated agencies")?;
    println!("Simulated agencies (paste into the gateway's configuration file):\n\n[agencies]");
    let mut listed: Vec<SourceId> = SourceId::ALL.to_vec();
    listed.sort_by_key(|id| sim.addr(*id).port());
    for id in listed {
        println!("{} = \"{}\"", id.slug(), sim.base_url(id));
    }
    println!(
        "\n[consent]\nbank_url = \"{}\"  # Berlin Group NextGenPSD2 account information",
        sim.bank_url()
    );
    println!(
        "\nFault control: {}/faults  (PUT /faults/{{source}} with e.g. {{\"kind\":\"hang\"}}; the bank: PUT /bank/fault)",
        sim.control_url()
    );
    println!(
        "Population: {} synthetic persons (`underlag sim population` lists them).",
        sim.population().persons().len()
    );
    crate::app::shutdown_signal().await?;
    sim.shutdown().await;
    Ok(())
}

/// Each agency's port (base port plus its place in [`SourceId::ALL`], or as named in
/// `overrides`) and the control API's (one below the base port); empty with base port 0.
pub fn ports(
    base_port: u16,
    overrides: &[String],
) -> anyhow::Result<(BTreeMap<SourceId, u16>, Option<u16>)> {
    let mut ports = BTreeMap::new();
    let mut control = None;
    if base_port != 0 {
        if base_port < CONTROL_PORT_BELOW_BASE + 1 {
            bail!("--base-port must be at least 2");
        }
        control = Some(base_port - CONTROL_PORT_BELOW_BASE);
        for (offset, id) in (0u16..).zip(port_order()) {
            let port = base_port
                .checked_add(offset)
                .context("--base-port is too high for every agency to get a port")?;
            ports.insert(id, port);
        }
    }
    for arg in overrides {
        let (source, port) = arg
            .split_once('=')
            .context("--port expects SOURCE=PORT, e.g. fk=7201")?;
        let source: SourceId = source.parse().context("--port: unknown source")?;
        let port: u16 = port
            .parse()
            .context("--port: the port must be a number from 1 to 65535")?;
        if port == 0 {
            bail!("--port: the port must be a number from 1 to 65535");
        }
        ports.insert(source, port);
    }
    Ok((ports, control))
}

/// The population, one person per line (personnummer, story kinds, protected marker, name),
/// grouped under each story kind; only `story` when given.
pub fn population_listing(population: &Population, story: Option<&str>) -> anyhow::Result<String> {
    let kinds: Vec<StoryKind> = match story {
        None => StoryKind::ALL.to_vec(),
        Some(name) => {
            let kind = StoryKind::ALL
                .into_iter()
                .find(|k| story_name(*k) == name)
                .with_context(|| {
                    let known: Vec<String> = StoryKind::ALL.into_iter().map(story_name).collect();
                    format!("--story: unknown story kind (one of {})", known.join(", "))
                })?;
            vec![kind]
        }
    };
    let mut out = format!(
        "# Synthetic persons (reference date {}; Skatteverket's published test numbers)\n",
        population.reference_date()
    );
    for kind in kinds {
        let persons: Vec<_> = population.with_story(kind).collect();
        let count = match persons.len() {
            1 => "1 person".to_owned(),
            n => format!("{n} persons"),
        };
        let _ = writeln!(out, "\n## {} ({count})\n", story_name(kind));
        for person in persons {
            let stories: Vec<String> = person.stories.iter().map(|k| story_name(*k)).collect();
            let _ = writeln!(
                out,
                "{}  {}{}  {}",
                person.personnummer.expose(),
                stories.join(","),
                if person.protected { "  (skyddad)" } else { "" },
                person.full_name()
            );
        }
    }
    Ok(out)
}

/// A story kind's name as documented in POPULATION.md (`pensioner_bostadstillagg`).
pub fn story_name(kind: StoryKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| format!("{kind:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_ports_are_the_example_configurations() {
        let (fixed, control) = super::ports(DEFAULT_BASE_PORT, &[]).unwrap();
        let example = include_str!("../../../../config/underlag.example.toml");
        for (id, port) in &fixed {
            let line = format!("{} = \"http://127.0.0.1:{port}\"", id.slug());
            assert!(example.contains(&line), "{line} is not in the example");
        }
        assert_eq!(control, Some(7100));
        assert_eq!(fixed[&SourceId::Fk], 7101);
        assert_eq!(fixed[&SourceId::Miv], 7107);
        assert_eq!(fixed[&SourceId::Agi], 7108);
        assert_eq!(fixed[&SourceId::Kfm], 7109);
        let (fixed, _) = super::ports(7101, &["csn=9000".into()]).unwrap();
        assert_eq!(fixed[&SourceId::Csn], 9000);
        assert!(super::ports(7101, &["xx=1".into()]).is_err());
        assert!(super::ports(7101, &["fk=0".into()]).is_err());
        assert!(super::ports(0, &[]).unwrap().0.is_empty());
    }

    #[test]
    fn the_population_lists_by_story() {
        let population = Population::generate(SimConfig::default().reference_date);
        let all = population_listing(&population, Some("all_sources")).unwrap();
        assert!(all.contains("198603052393"), "{all}");
        assert!(all.contains("## all_sources (1 person)"), "{all}");
        assert!(population_listing(&population, Some("nonsense")).is_err());
    }
}

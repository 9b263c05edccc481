//! `underlag demo`: simulated agencies, the gateway and an embedded SQLite audit store in one
//! process, with the URLs and a ready-to-paste query printed.
//!
//! The demo is the one place where query-time registration
//! (`binding.auto_register_first_query`) is on: a query on an unknown case registers it with
//! the asked person as its household, so the printed query works without registering a
//! household first. `underlag serve` keeps the built-in default (off): there a case's
//! household must be registered before it is asked about.

use anyhow::Context;
use underlag_audit::Channel;
use underlag_domain::{Organisationsnummer, SourceId};
use underlag_registry::{Connection, ConnectionStatus, Fingerprint};
use underlag_sim::{SimConfig, SimHandle, Simulator};
use underlag_store::{Change, RegistryStore};

use crate::app::{Gateway, load_spec};
use crate::options::{DataDirDefault, GlobalOptions};
use crate::settings::Settings;

/// What `demo` runs with.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// `--config` (agency URLs in it are ignored), `--database`, `--data-dir` (default: the
    /// working directory).
    pub global: GlobalOptions,
    /// Where the gateway listens.
    pub listen: Option<String>,
    /// Faults to start the agencies with (`fk=hang`, …).
    pub faults: Vec<String>,
}

/// The demo's connected organisation (Exempelkommun).
pub const DEMO_ORGANISATION: &str = "2120000142";

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for Demo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Demo").finish_non_exhaustive()
    }
}

/// A running demo: agencies and gateway.
pub struct Demo {
    /// The simulated agencies.
    pub sim: SimHandle,
    /// The gateway.
    pub gateway: Gateway,
    /// With `[tls]` enabled: the certificate options a caller passes (`--cert … --key …
    /// --cacert …`, the organisation certificate `pki init` writes beside the CA).
    pub client_tls_options: Option<String>,
}

impl Demo {
    /// Starts the agencies, then the gateway wired to them.
    pub async fn start(options: DemoOptions) -> anyhow::Result<Self> {
        let (mut settings, _) = options.global.settings(DataDirDefault::WorkingDirectory)?;
        if let Some(listen) = options.listen {
            settings.server.listen = listen;
        }
        let config = SimConfig {
            faults: super::parse_faults(&options.faults)?,
            ..SimConfig::default()
        };
        Self::start_with(settings, config).await
    }

    /// Starts the agencies with `sim`, then a gateway with `settings` wired to them (the
    /// agency URLs in `settings` are replaced, and query-time registration is turned on: see
    /// the module documentation).
    pub async fn start_with(mut settings: Settings, sim: SimConfig) -> anyhow::Result<Self> {
        settings.binding.auto_register_first_query = true;
        // The case-worker UI with its labelled demo sign-in, acting for Exempelkommun.
        settings.web.enabled = true;
        settings.web.demo_sign_in = true;
        settings.web.organisation = DEMO_ORGANISATION.to_owned();
        // The applicant portal with its labelled demo sign-in for seeded test persons.
        settings.portal.enabled = true;
        settings.portal.demo_sign_in = true;
        settings.portal.organisation = DEMO_ORGANISATION.to_owned();
        settings.portal.organisation_name = "Exempelkommun".to_owned();
        settings.portal.unit_name = "Försörjningsstöd, Exempelkommun (demo)".to_owned();
        let sim = Simulator::start(sim)
            .await
            .context("cannot start the simulated agencies")?;
        settings.agencies = SourceId::ALL
            .into_iter()
            .map(|id| (id.slug().to_owned(), sim.base_url(id)))
            .collect();
        // Consent-based gathering from the simulated bank.
        settings.consent.bank_url = sim.bank_url();
        let spec = load_spec(&settings)?;
        let listener = tokio::net::TcpListener::bind(&settings.server.listen)
            .await
            .with_context(|| format!("cannot listen on {}", settings.server.listen))?;
        let gateway = Gateway::start(&settings, spec, listener).await?;
        seed_registry(&*gateway.registry).await?;
        let client_tls_options = client_tls_options(&settings);
        Ok(Self {
            sim,
            gateway,
            client_tls_options,
        })
    }

    /// Registers a client certificate (its SHA-256 fingerprint) for the demo organisation,
    /// so a caller presenting it over mTLS passes the certificate check. Audited.
    pub async fn add_certificate(&self, fingerprint: &str) -> anyhow::Result<()> {
        let fingerprint = Fingerprint::parse(fingerprint)?;
        let change = Change::now(uuid::Uuid::new_v4().to_string(), Channel::Cli, "demo");
        self.gateway
            .registry
            .add_fingerprint(&demo_organisation()?, &fingerprint, &change)
            .await
            .map_err(|e| anyhow::anyhow!("cannot register the certificate: {e}"))
    }

    /// The welcome text: URLs and a ready-to-paste query for the all-sources person.
    pub fn banner(&self) -> String {
        let population = self.sim.population();
        let person = population.all_sources_person();
        let today = population.reference_date();
        let from = today.saturating_sub(jiff::Span::new().years(1));
        let to = today.yesterday().unwrap_or(today);
        let mut agencies = String::new();
        for id in SourceId::ALL {
            agencies.push_str(&format!("  {:<4} {}\n", id.code(), self.sim.base_url(id)));
        }
        agencies.push_str(&format!(
            "  BANK {} (Berlin Group NextGenPSD2, consent-based)\n",
            self.sim.bank_url()
        ));
        format!(
            "Underlag demo is running.\n\n\
             Gateway:        {gw}\n\
             Web UI:         {gw}/ui/  (Demoinloggning: handlaggare01, logg01, admin01)\n\
             Mina sidor:     {gw}/mina-sidor/  (Demoinloggning: sökande med testpersonnummer)\n\
             OpenAPI:        {gw}/api/v1/openapi.json\n\
             Sources:        {gw}/api/v1/sources\n\
             SOAP (v10):     {gw}/ssbtek/v10/BastjanstInformation  (WSDL: ?wsdl)\n\
             Agencies:\n{agencies}\
             Fault control:  {control}/faults\n\
             Population:     {n} synthetic persons (Skatteverket's test numbers); see crates/sim/POPULATION.md\n\
             Registry:       organisation {org} (Exempelkommun) is connected for every source; a case\n\
             \x20               is registered at its first query with the asked person as its household\n\
             \x20               (demo only: `underlag serve` refuses a case whose household was not\n\
             \x20               registered first with PUT /api/v1/cases/{{case_id}}/household;\n\
             \x20               manage connections and cases with `underlag admin`)\n\n\
             Ask about the all-sources test person:\n\n\
             curl -s{tls} {gw}/api/v1/queries -H 'content-type: application/json' -d '{{\n\
             \x20 \"organisation\": \"2120000142\", \"organisation_name\": \"Exempelkommun\",\n\
             \x20 \"case_worker\": \"handlaggare01\", \"case_id\": \"EB-2026-0001\",\n\
             \x20 \"purpose\": \"Utredning av rätt till ekonomiskt bistånd\",\n\
             \x20 \"legal_basis\": \"12 kap. socialtjänstlagen (2025:400), förordning (2008:975)\",\n\
             \x20 \"person\": \"{pnr}\",\n\
             \x20 \"period\": {{ \"from\": \"{from}\", \"to\": \"{to}\" }}\n\
             }}'\n\n\
             Or as a readable summary:\n\n\
             cargo run --release -p underlag -- query --gateway {gw}{tls} --person {pnr} --from {from} --to {to}\n\n\
             Press Ctrl-C to stop.\n",
            gw = self.gateway.url(),
            control = self.sim.control_url(),
            n = population.persons().len(),
            pnr = person.personnummer.expose(),
            org = DEMO_ORGANISATION,
            tls = self
                .client_tls_options
                .as_deref()
                .map(|o| format!(" {o}"))
                .unwrap_or_default(),
        )
    }

    /// Stops the gateway, then the agencies.
    pub async fn stop(self) {
        self.gateway.stop().await;
        self.sim.shutdown().await;
    }
}

/// `--cert DIR/kommun.pem --key DIR/kommun-key.pem --cacert CA` for a gateway serving mTLS,
/// DIR being the client CA's folder (where `pki init` writes the organisation certificate).
fn client_tls_options(settings: &Settings) -> Option<String> {
    if !settings.tls.enabled {
        return None;
    }
    let ca = settings.tls.client_ca_file.as_ref()?;
    let dir = ca.parent()?;
    Some(format!(
        "--cert {} --key {} --cacert {}",
        dir.join("kommun.pem").display(),
        dir.join("kommun-key.pem").display(),
        ca.display()
    ))
}

fn demo_organisation() -> anyhow::Result<Organisationsnummer> {
    Ok(Organisationsnummer::parse(DEMO_ORGANISATION)?)
}

/// Connects the demo organisation (active, every source, no LEFI actor id of its own: the
/// binding's configured one is used) unless the registry already knows it: a registry kept
/// from an earlier run, with whatever an administrator changed, is left as it is.
async fn seed_registry(registry: &dyn RegistryStore) -> anyhow::Result<()> {
    let organisation = demo_organisation()?;
    let known = registry
        .connection(&organisation)
        .await
        .map_err(|e| anyhow::anyhow!("cannot read the connection registry: {e}"))?;
    if known.is_some() {
        return Ok(());
    }
    let connection = Connection {
        organisation,
        name: "Exempelkommun".into(),
        committee_unit: "Socialnämnden, enheten för ekonomiskt bistånd".into(),
        certificate_fingerprints: Vec::new(),
        lefi_actor_id: None,
        entitled_sources: SourceId::ALL.into_iter().collect(),
        source_legal_bases: SourceId::ALL
            .into_iter()
            .filter(|s| s.requires_legal_basis())
            .map(|s| (s, DEMO_LEGAL_BASIS.to_owned()))
            .collect(),
        entitled_information_types: Vec::new(),
        status: ConnectionStatus::Active,
        data_processors: Vec::new(),
        syfte_mappings: Vec::new(),
    };
    let change = Change::now(uuid::Uuid::new_v4().to_string(), Channel::Cli, "demo");
    registry
        .add_connection(&connection, &change)
        .await
        .map_err(|e| anyhow::anyhow!("cannot register the demo connection: {e}"))
}

/// The legal basis the demo connection holds for AGI and Kronofogden.
const DEMO_LEGAL_BASIS: &str =
    "Lag om uppgiftsskyldighet till socialnämnden (prop. 2024/25:179; prop. 2023/24:85)";

/// Runs the demo until SIGTERM or SIGINT.
pub async fn run(options: DemoOptions) -> anyhow::Result<()> {
    let demo = Demo::start(options).await?;
    // One write, and a stdout closed by a supervisor that has read the URLs does not stop
    // the demo (a second write after the reader left would fail with a broken pipe).
    let mut stdout = std::io::stdout().lock();
    let _ = std::io::Write::write_all(&mut stdout, format!("{}\n", demo.banner()).as_bytes())
        .and_then(|()| std::io::Write::flush(&mut stdout));
    drop(stdout);
    crate::app::shutdown_signal().await?;
    demo.stop().await;
    Ok(())
}

//! `underlag query`: one composite query against a running gateway, printed as a readable
//! summary (or as the raw JSON answer).

use anyhow::{Context, bail};

use crate::summary;

/// The query's parameters, from the command line.
#[derive(Debug, Clone, clap::Args)]
pub struct QueryArgs {
    /// The gateway's base URL.
    #[arg(
        long,
        default_value = "http://127.0.0.1:8080",
        env = "UNDERLAG_GATEWAY"
    )]
    pub gateway: String,
    /// Personnummer or samordningsnummer (10 or 12 digits).
    #[arg(long)]
    pub person: String,
    /// First day of the period (YYYY-MM-DD).
    #[arg(long)]
    pub from: String,
    /// Last day of the period (YYYY-MM-DD).
    #[arg(long)]
    pub to: String,
    /// Sources to ask, comma-separated (default: all).
    #[arg(long, value_delimiter = ',')]
    pub sources: Vec<String>,
    /// The asking organisation's organisationsnummer.
    #[arg(long, default_value = "2120000142")]
    pub organisation: String,
    /// The asking organisation's name.
    #[arg(long, default_value = "Exempelkommun")]
    pub organisation_name: String,
    /// The case worker (handläggare).
    #[arg(long, default_value = "cli")]
    pub case_worker: String,
    /// The case id (default: a new case per run, registered at its first query with the
    /// person as its household when the gateway allows that).
    #[arg(long)]
    pub case_id: Option<String>,
    /// Purpose (syfte).
    #[arg(long, default_value = "Utredning av rätt till ekonomiskt bistånd")]
    pub purpose: String,
    /// Legal basis (lagtext).
    #[arg(long, default_value = crate::settings::DEFAULT_LEGAL_BASIS)]
    pub legal_basis: String,
    /// Print the JSON answer instead of the summary.
    #[arg(long)]
    pub json: bool,
    /// Mutual TLS towards the gateway.
    #[command(flatten)]
    pub tls: crate::client_tls::ClientTlsArgs,
}

/// Sends the query and prints the answer.
pub async fn run(args: QueryArgs) -> anyhow::Result<()> {
    let mut body = serde_json::json!({
        "organisation": args.organisation,
        "organisation_name": args.organisation_name,
        "case_worker": args.case_worker,
        "case_id": args.case_id.clone().unwrap_or_else(|| {
            let id = uuid::Uuid::new_v4().simple().to_string();
            format!("EB-CLI-{}", &id[..8])
        }),
        "purpose": args.purpose,
        "legal_basis": args.legal_basis,
        "person": args.person,
        "period": { "from": args.from, "to": args.to },
    });
    if !args.sources.is_empty() {
        body["sources"] = serde_json::json!(args.sources);
    }
    let url = format!("{}/api/v1/queries", args.gateway.trim_end_matches('/'));
    let response = args
        .tls
        .builder()?
        .build()?
        .post(&url)
        .json(&body)
        .send()
        .await
        .with_context(|| format!("cannot reach the gateway at {}", args.gateway))?;
    let status = response.status();
    let answer: serde_json::Value = response
        .json()
        .await
        .context("the gateway's answer is not JSON")?;
    if !status.is_success() {
        bail!(
            "the gateway refused the query ({status}): {}",
            answer["detail"].as_str().unwrap_or("no detail")
        );
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&answer)?);
    } else {
        print!("{}", summary::render(&answer));
    }
    Ok(())
}

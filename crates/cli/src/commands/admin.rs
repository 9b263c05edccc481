//! `underlag admin`: the connection registry (anslutningar) and case households, changed
//! directly in the configured database. Every change is written together with its `admin`
//! audit record (channel `cli`, the actor in `case_worker`), and is in force for the next
//! query of every running gateway on that database, without a restart.

mod args;
mod print;

use std::collections::BTreeSet;

use anyhow::{Context, bail};
use underlag_audit::Channel;
use underlag_domain::free_text::{MAX_FREE_TEXT_CHARS, parse_free_text};
use underlag_domain::{Fingerprint, LefiActorId, Organisationsnummer, Personnummer, SourceId};
use underlag_registry::{Case, Connection, ConnectionStatus, Processor, SyfteMapping};
use underlag_store::{Change, RegistryStore, StoreError};

pub use args::{AdminArgs, AdminCommand, CaseCommand, ConnectionCommand};

use crate::options::{DataDirDefault, GlobalOptions};

/// Runs one admin command against the configured database.
pub async fn run(global: &GlobalOptions, args: AdminArgs) -> anyhow::Result<()> {
    let (settings, _) = global.settings(DataDirDefault::WorkingDirectory)?;
    if let Some(path) = crate::settings::sqlite_path(&settings.database.url)
        && !path.exists()
    {
        if !args.create_database {
            bail!(
                "there is no database at {}: name the existing one with --database or \
                 --data-dir, or create it with --create-database",
                path.display()
            );
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
    }
    let stores = underlag_store::open_stores(&settings.database.url)
        .await
        .map_err(|e| anyhow::anyhow!("cannot open the database: {e}"))?;
    let actor = args.actor.unwrap_or_else(login_name);
    let registry = &*stores.registry;
    let result = match args.command {
        AdminCommand::Connection(c) => {
            let purposes: Vec<String> = settings
                .binding
                .purposes
                .iter()
                .map(|p| p.code.clone())
                .collect();
            connection(registry, &actor, &purposes, c).await
        }
        AdminCommand::Case(c) => case(registry, &actor, c).await,
        AdminCommand::History { organisation: org } => {
            history(&*stores.audit, org.as_deref()).await
        }
    };
    stores.audit.close().await;
    result
}

/// Prints every `admin` record of the audit chain (optionally one organisation's): seq,
/// time, channel, actor, organisation, case and the change. A person a change concerns is
/// marked, never printed.
async fn history(
    store: &dyn underlag_store::AuditStore,
    organisation_filter: Option<&str>,
) -> anyhow::Result<()> {
    let wanted = organisation_filter
        .map(|o| organisation(o).map(|o| o.to_string().replace('-', "")))
        .transpose()?;
    let mut from = 1u64;
    let mut lines = Vec::new();
    loop {
        let page = store
            .records(from, 500)
            .await
            .map_err(|e| anyhow::anyhow!("cannot read the audit chain: {e}"))?;
        let Some(last) = page.last() else { break };
        from = last.seq + 1;
        for chained in &page {
            let r = &chained.record;
            if r.kind != underlag_audit::AuditKind::Admin {
                continue;
            }
            if wanted.as_ref().is_some_and(|w| *w != r.organisation) {
                continue;
            }
            let case = if r.case_id.is_empty() {
                String::new()
            } else {
                format!(" case {}", r.case_id)
            };
            lines.push(format!(
                "#{} {} {} {} org {}{}{}: {}",
                chained.seq,
                r.at,
                r.channel.code(),
                r.case_worker,
                r.organisation,
                case,
                if r.subject.is_some() {
                    " (a person)"
                } else {
                    ""
                },
                r.refusal.as_deref().unwrap_or("")
            ));
        }
    }
    if lines.is_empty() {
        println!("No registry changes in the audit chain.");
    }
    for line in lines {
        println!("{line}");
    }
    Ok(())
}

/// The login name, or `admin` when none is known.
/// The operator's login name (`USER`, `USERNAME`, `LOGNAME`), else `admin`.
pub(crate) fn login_name() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "admin".to_owned())
}

fn change(actor: &str) -> Change {
    Change::now(uuid::Uuid::new_v4().to_string(), Channel::Cli, actor)
}

fn organisation(text: &str) -> anyhow::Result<Organisationsnummer> {
    Organisationsnummer::parse(text).context("invalid organisationsnummer")
}

fn person(text: &str) -> anyhow::Result<Personnummer> {
    let today = underlag_service::clock::today_in_sweden();
    // The error names the problem without echoing the number.
    Personnummer::parse(text, today).context("invalid personnummer or samordningsnummer")
}

fn sources(list: &[String]) -> anyhow::Result<BTreeSet<SourceId>> {
    if list.is_empty() {
        return Ok(SourceId::ALL.into_iter().collect());
    }
    list.iter()
        .map(|s| s.parse::<SourceId>().map_err(anyhow::Error::from))
        .collect()
}

/// A source that needs a legal basis besides the agreement.
fn gated_source(text: &str) -> anyhow::Result<SourceId> {
    let source = text.parse::<SourceId>()?;
    if !source.requires_legal_basis() {
        bail!("{source} needs no legal basis of its own: its agreement entitles a connection");
    }
    Ok(source)
}

fn processor(text: &str) -> anyhow::Result<Processor> {
    let Some((org, name)) = text.split_once('=') else {
        bail!("--processor expects ORGANISATIONSNUMMER=Name");
    };
    if name.trim().is_empty() {
        bail!("--processor needs a name after '='");
    }
    Ok(Processor {
        organisation: organisation(org)?,
        name: name.trim().to_owned(),
    })
}

/// Reports a registry change to the administrator: `done` once it is in force, or why it
/// was refused.
fn report(result: Result<(), StoreError>, done: &str) -> anyhow::Result<()> {
    result.map_err(store_error)?;
    println!("{done}");
    Ok(())
}

/// A store error as the administrator should read it.
fn store_error(e: StoreError) -> anyhow::Error {
    match e {
        StoreError::NotFound(what) => anyhow::anyhow!("no such {what} in the registry"),
        StoreError::Conflict(what) => anyhow::anyhow!("not changed: {what}"),
        other => anyhow::anyhow!("the registry could not be changed: {other}"),
    }
}

async fn connection(
    registry: &dyn RegistryStore,
    actor: &str,
    purposes: &[String],
    command: ConnectionCommand,
) -> anyhow::Result<()> {
    match command {
        ConnectionCommand::Add {
            organisation: org,
            name,
            unit,
            lefi_actor_id,
            sources: list,
            information_types,
            fingerprints,
            processors,
            status,
        } => {
            if name.trim().is_empty() || unit.trim().is_empty() {
                bail!("--name and --unit must not be empty");
            }
            let connection = Connection {
                organisation: organisation(&org)?,
                name: name.trim().to_owned(),
                committee_unit: unit.trim().to_owned(),
                certificate_fingerprints: fingerprints
                    .iter()
                    .map(|f| Fingerprint::parse(f))
                    .collect::<Result<_, _>>()?,
                lefi_actor_id: LefiActorId::parse_optional(&lefi_actor_id)
                    .map_err(|e| anyhow::anyhow!("--lefi-actor-id {e}"))?,
                entitled_sources: sources(&list)?,
                source_legal_bases: std::collections::BTreeMap::new(),
                entitled_information_types: information_types,
                status: status.parse()?,
                data_processors: processors
                    .iter()
                    .map(|p| processor(p))
                    .collect::<anyhow::Result<_>>()?,
                syfte_mappings: Vec::new(),
            };
            let result = registry.add_connection(&connection, &change(actor)).await;
            let done = format!("Connection {} added.", connection.organisation);
            report(result, &done)?;
        }
        ConnectionCommand::Show {
            organisation: org,
            json,
        } => {
            let found = registry
                .connection(&organisation(&org)?)
                .await
                .map_err(store_error)?
                .context("no such connection in the registry")?;
            print::connections(&[found], json)?;
        }
        ConnectionCommand::List { json } => {
            let all = registry.connections().await.map_err(store_error)?;
            print::connections(&all, json)?;
        }
        ConnectionCommand::Suspend { organisation: org } => {
            set_status(registry, actor, &org, ConnectionStatus::Suspended).await?;
        }
        ConnectionCommand::Activate { organisation: org } => {
            set_status(registry, actor, &org, ConnectionStatus::Active).await?;
        }
        ConnectionCommand::End { organisation: org } => {
            set_status(registry, actor, &org, ConnectionStatus::Ended).await?;
        }
        ConnectionCommand::SetSources {
            organisation: org,
            sources: list,
        } => {
            let (set, org) = (sources(&list)?, organisation(&org)?);
            let result = registry.set_sources(&org, &set, &change(actor)).await;
            report(result, "Sources set.")?;
        }
        ConnectionCommand::SetLegalBasis {
            organisation: org,
            source,
            legal_basis,
        } => {
            let (source, org) = (gated_source(&source)?, organisation(&org)?);
            let text = parse_free_text(&legal_basis, MAX_FREE_TEXT_CHARS)
                .map_err(|e| anyhow::anyhow!("--legal-basis {e}"))?;
            let result = registry
                .set_legal_basis(&org, source, text, &change(actor))
                .await;
            report(result, &format!("Legal basis for {source} set."))?;
        }
        ConnectionCommand::RemoveLegalBasis {
            organisation: org,
            source,
        } => {
            let (source, org) = (gated_source(&source)?, organisation(&org)?);
            let result = registry
                .remove_legal_basis(&org, source, &change(actor))
                .await;
            report(result, &format!("Legal basis for {source} removed."))?;
        }
        ConnectionCommand::AddFingerprint {
            organisation: org,
            fingerprint,
        } => {
            let (fp, org) = (Fingerprint::parse(&fingerprint)?, organisation(&org)?);
            let result = registry.add_fingerprint(&org, &fp, &change(actor)).await;
            report(result, &format!("Fingerprint {fp} added."))?;
        }
        ConnectionCommand::RemoveFingerprint {
            organisation: org,
            fingerprint,
        } => {
            let (fp, org) = (Fingerprint::parse(&fingerprint)?, organisation(&org)?);
            let result = registry.remove_fingerprint(&org, &fp, &change(actor)).await;
            report(result, &format!("Fingerprint {fp} removed."))?;
        }
        ConnectionCommand::AddProcessor {
            organisation: org,
            processor: p,
            name,
        } => {
            let (p, org) = (processor(&format!("{p}={name}"))?, organisation(&org)?);
            let result = registry.add_processor(&org, &p, &change(actor)).await;
            let done = format!("Data processor {} allowed.", p.organisation);
            report(result, &done)?;
        }
        ConnectionCommand::RemoveProcessor {
            organisation: org,
            processor: p,
        } => {
            let (p, org) = (organisation(&p)?, organisation(&org)?);
            let result = registry.remove_processor(&org, &p, &change(actor)).await;
            report(result, &format!("Data processor {p} withdrawn."))?;
        }
        ConnectionCommand::AddSyfte {
            organisation: org,
            pattern,
            purpose,
        } => {
            let org = organisation(&org)?;
            let mapping = SyfteMapping::new(&pattern, &purpose)?;
            if !purposes.contains(&mapping.purpose) {
                bail!(
                    "--purpose must be one of the configured purpose codes ({})",
                    purposes.join(", ")
                );
            }
            let result = registry
                .add_syfte_mapping(&org, &mapping, &change(actor))
                .await;
            let done = format!("Syfte registered for {org}, mapped to {}.", mapping.purpose);
            report(result, &done)?;
        }
        ConnectionCommand::ListSyfte {
            organisation: org,
            json,
        } => {
            let org = organisation(&org)?;
            let Some(c) = registry.connection(&org).await.map_err(store_error)? else {
                bail!("no connection is registered for {org}");
            };
            print::syfte_mappings(&c.syfte_mappings, json)?;
        }
        ConnectionCommand::RemoveSyfte {
            organisation: org,
            pattern,
        } => {
            let org = organisation(&org)?;
            let result = registry
                .remove_syfte_mapping(&org, &pattern, &change(actor))
                .await;
            report(result, &format!("Syfte removed from {org}."))?;
        }
    }
    Ok(())
}

async fn set_status(
    registry: &dyn RegistryStore,
    actor: &str,
    org: &str,
    status: ConnectionStatus,
) -> anyhow::Result<()> {
    let org = organisation(org)?;
    let result = registry.set_status(&org, status, &change(actor)).await;
    report(result, &format!("Connection {org} is now {status}."))
}

async fn case(
    registry: &dyn RegistryStore,
    actor: &str,
    command: CaseCommand,
) -> anyhow::Result<()> {
    match command {
        CaseCommand::Open {
            organisation: org,
            case_id,
            persons,
        } => {
            let case = Case {
                organisation: organisation(&org)?,
                case_id: case_id_text(&case_id)?,
                household: persons
                    .iter()
                    .map(|p| person(p))
                    .collect::<anyhow::Result<_>>()?,
                opened_at: jiff::Timestamp::now(),
                closed_at: None,
            };
            let result = registry.open_case(&case, &change(actor)).await;
            let done = format!(
                "Case {} opened with {} person(s).",
                case.case_id,
                case.household.len()
            );
            report(result, &done)?;
        }
        CaseCommand::Close {
            organisation: org,
            case_id,
        } => {
            let (org, case_id) = case_key(&org, &case_id)?;
            let result = registry.close_case(&org, &case_id, &change(actor)).await;
            report(result, "Case closed.")?;
        }
        CaseCommand::Show {
            organisation: org,
            case_id,
            json,
        } => {
            let (org, case_id) = case_key(&org, &case_id)?;
            let found = registry
                .case(&org, &case_id)
                .await
                .map_err(store_error)?
                .context("no such case in the registry")?;
            print::case(&found, json)?;
        }
        CaseCommand::AddPerson {
            organisation: org,
            case_id,
            person: p,
        } => {
            let (org, case_id) = case_key(&org, &case_id)?;
            let p = person(&p)?;
            let result = registry
                .add_person(&org, &case_id, &p, &change(actor))
                .await;
            report(result, "Person added to the household.")?;
        }
        CaseCommand::RemovePerson {
            organisation: org,
            case_id,
            person: p,
        } => {
            let (org, case_id) = case_key(&org, &case_id)?;
            let p = person(&p)?;
            let result = registry
                .remove_person(&org, &case_id, &p, &change(actor))
                .await;
            report(result, "Person removed from the household.")?;
        }
    }
    Ok(())
}

/// A case's organisation and case id, as the commands name them.
fn case_key(org: &str, case_id: &str) -> anyhow::Result<(Organisationsnummer, String)> {
    Ok((organisation(org)?, case_id_text(case_id)?))
}

fn case_id_text(text: &str) -> anyhow::Result<String> {
    let trimmed = text.trim();
    if trimmed.is_empty() || trimmed.len() > 500 {
        bail!("the case id must be 1 to 500 bytes");
    }
    Ok(trimmed.to_owned())
}

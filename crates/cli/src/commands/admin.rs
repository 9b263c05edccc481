//! `underlag admin`: the connection registry (anslutningar) and case households, changed
//! directly in the configured database. Every change is written together with its `admin`
//! audit record (channel `cli`, the actor in `case_worker`), and is in force for the next
//! query of every running gateway on that database, without a restart.

mod args;
mod case;
mod history;
mod print;

use std::collections::BTreeSet;

use anyhow::{Context, bail};
use underlag_audit::Channel;
use underlag_domain::free_text::{MAX_FREE_TEXT_CHARS, parse_free_text};
use underlag_domain::{Fingerprint, LefiActorId, Organisationsnummer, SourceId};
use underlag_registry::{Connection, ConnectionStatus, Processor, SyfteMapping};
use underlag_store::{Change, ConnectionEdit, RegistryStore, StoreError};

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
        AdminCommand::Case(c) => case::run(registry, &actor, c).await,
        AdminCommand::History { organisation: org } => {
            history::print(&*stores.audit, org.as_deref()).await
        }
    };
    stores.audit.close().await;
    result
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
            let connection = Connection {
                organisation: organisation(&org)?,
                name: label("--name", &name)?,
                committee_unit: label("--unit", &unit)?,
                certificate_fingerprints: fingerprints
                    .iter()
                    .map(|f| Fingerprint::parse(f))
                    .collect::<Result<_, _>>()?,
                lefi_actor_id: (!lefi_actor_id.trim().is_empty())
                    .then(|| LefiActorId::parse_assigned(&lefi_actor_id))
                    .transpose()
                    .map_err(|e| anyhow::anyhow!("--lefi-actor-id {e}"))?,
                entitled_sources: sources(&list)?,
                source_legal_bases: std::collections::BTreeMap::new(),
                entitled_information_types: information_types
                    .iter()
                    .map(|t| information_type_text(t))
                    .collect::<anyhow::Result<_>>()?,
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
        ConnectionCommand::SetName {
            organisation: org,
            name,
        } => {
            let edit = ConnectionEdit::Name(label("the name", &name)?);
            edit_connection(registry, actor, &org, edit, "Name set.").await?;
        }
        ConnectionCommand::SetUnit {
            organisation: org,
            unit,
        } => {
            let edit = ConnectionEdit::CommitteeUnit(label("the committee and unit", &unit)?);
            edit_connection(registry, actor, &org, edit, "Committee and unit set.").await?;
        }
        ConnectionCommand::SetLefiActorId {
            organisation: org,
            lefi_actor_id,
        } => {
            let id = LefiActorId::parse_assigned(&lefi_actor_id)
                .map_err(|e| anyhow::anyhow!("the LEFI actor id {e}"))?;
            let done = format!("LEFI actor id {id} set; in force for the next query.");
            let edit = ConnectionEdit::LefiActorId(Some(id));
            edit_connection(registry, actor, &org, edit, &done).await?;
        }
        ConnectionCommand::RemoveLefiActorId { organisation: org } => {
            let edit = ConnectionEdit::LefiActorId(None);
            let done = "LEFI actor id removed: the configured one is used.";
            edit_connection(registry, actor, &org, edit, done).await?;
        }
        ConnectionCommand::AddInformationType {
            organisation: org,
            information_type,
        } => {
            let (t, org) = (
                information_type_text(&information_type)?,
                organisation(&org)?,
            );
            let result = registry
                .add_information_type(&org, &t, &change(actor))
                .await;
            report(result, &format!("Information type {t} added."))?;
        }
        ConnectionCommand::RemoveInformationType {
            organisation: org,
            information_type,
        } => {
            let (t, org) = (
                information_type_text(&information_type)?,
                organisation(&org)?,
            );
            let result = registry
                .remove_information_type(&org, &t, &change(actor))
                .await;
            report(result, &format!("Information type {t} removed."))?;
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

/// A name or unit: the free-text rule, not empty.
fn label(what: &str, text: &str) -> anyhow::Result<String> {
    let text =
        parse_free_text(text, MAX_FREE_TEXT_CHARS).map_err(|e| anyhow::anyhow!("{what} {e}"))?;
    if text.is_empty() {
        bail!("{what} must not be empty");
    }
    Ok(text.to_owned())
}

/// An information type: a code such as a LEFI group (`FK:BOB`): 1 to 64 letters, digits,
/// `:`, `_` or `-`.
fn information_type_text(text: &str) -> anyhow::Result<String> {
    let text = text.trim();
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, ':' | '_' | '-');
    if text.is_empty() || text.len() > 64 || !text.chars().all(allowed) {
        bail!(
            "the information type must be a code of 1 to 64 letters, digits, ':', '_' or '-' \
             (a LEFI group such as FK:BOB)"
        );
    }
    Ok(text.to_owned())
}

async fn edit_connection(
    registry: &dyn RegistryStore,
    actor: &str,
    org: &str,
    edit: ConnectionEdit,
    done: &str,
) -> anyhow::Result<()> {
    let org = organisation(org)?;
    let result = registry.edit_connection(&org, &edit, &change(actor)).await;
    report(result, done)
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

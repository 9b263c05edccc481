//! `underlag admin case …`: cases and their households.

use anyhow::{Context, bail};
use underlag_domain::{Organisationsnummer, Personnummer};
use underlag_registry::Case;
use underlag_store::RegistryStore;

use super::args::CaseCommand;
use super::{change, organisation, print, report, store_error};

pub(super) async fn run(
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
        CaseCommand::List {
            organisation: org,
            open,
            closed,
            json,
        } => {
            let org = org.as_deref().map(organisation).transpose()?;
            let all = registry.cases(org.as_ref()).await.map_err(store_error)?;
            let selected: Vec<Case> = all
                .into_iter()
                .filter(|c| match (open, closed) {
                    (true, _) => c.closed_at.is_none(),
                    (_, true) => c.closed_at.is_some(),
                    _ => true,
                })
                .collect();
            print::case_list(&selected, json)?;
        }
        CaseCommand::Reopen {
            organisation: org,
            case_id,
        } => {
            let (org, case_id) = case_key(&org, &case_id)?;
            let result = registry.reopen_case(&org, &case_id, &change(actor)).await;
            report(result, "Case reopened.")?;
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

fn person(text: &str) -> anyhow::Result<Personnummer> {
    let today = underlag_service::clock::today_in_sweden();
    // The error names the problem without echoing the number.
    Personnummer::parse(text, today).context("invalid personnummer or samordningsnummer")
}

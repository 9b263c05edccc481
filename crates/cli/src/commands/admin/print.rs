//! How `underlag admin` shows connections and cases: aligned text, or JSON with the
//! organisationsnummer in its 10-digit form. Stored text is printed inert: control and
//! bidirectional formatting characters as `\u{XXXX}` in text, as JSON escapes in JSON.

use underlag_domain::LefiActorId;
use underlag_domain::free_text::neutralise;
use underlag_registry::{Case, Connection, SyfteMapping};

use crate::commands::audit::export::inert_json;

#[derive(serde::Serialize)]
struct ConnectionView<'a> {
    organisation: &'a str,
    name: &'a str,
    committee_unit: &'a str,
    status: &'static str,
    lefi_actor_id: &'a str,
    entitled_sources: Vec<&'static str>,
    source_legal_bases: std::collections::BTreeMap<&'static str, &'a str>,
    entitled_information_types: &'a [String],
    certificate_fingerprints: &'a [underlag_registry::Fingerprint],
    data_processors: Vec<ProcessorView<'a>>,
    syfte_mappings: &'a [SyfteMapping],
}

#[derive(serde::Serialize)]
struct ProcessorView<'a> {
    organisation: &'a str,
    name: &'a str,
}

fn view(c: &Connection) -> ConnectionView<'_> {
    ConnectionView {
        organisation: c.organisation.ten_digits(),
        name: &c.name,
        committee_unit: &c.committee_unit,
        status: c.status.code(),
        lefi_actor_id: LefiActorId::text_of(c.lefi_actor_id.as_ref()),
        entitled_sources: c.entitled_sources.iter().map(|s| s.code()).collect(),
        source_legal_bases: c
            .source_legal_bases
            .iter()
            .map(|(s, basis)| (s.code(), basis.as_str()))
            .collect(),
        entitled_information_types: &c.entitled_information_types,
        certificate_fingerprints: &c.certificate_fingerprints,
        data_processors: c
            .data_processors
            .iter()
            .map(|p| ProcessorView {
                organisation: p.organisation.ten_digits(),
                name: &p.name,
            })
            .collect(),
        syfte_mappings: &c.syfte_mappings,
    }
}

/// One registered syfte as text: `"<pattern>" -> <purpose>`, inert.
fn syfte_line(m: &SyfteMapping) -> String {
    format!(
        "\"{}\" -> {}",
        neutralise(&m.pattern),
        neutralise(&m.purpose)
    )
}

/// Prints a connection's registered syfte texts, one a line.
pub(super) fn syfte_mappings(list: &[SyfteMapping], json: bool) -> anyhow::Result<()> {
    if json {
        println!("{}", inert_json(&serde_json::to_string_pretty(list)?));
        return Ok(());
    }
    if list.is_empty() {
        println!("No syfte texts are registered.");
    }
    for m in list {
        println!("{}", syfte_line(m));
    }
    Ok(())
}

fn or_none(list: &[impl AsRef<str>]) -> String {
    if list.is_empty() {
        "(none)".to_owned()
    } else {
        list.iter()
            .map(|s| neutralise(s.as_ref()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Prints connections, one block each.
pub(super) fn connections(list: &[Connection], json: bool) -> anyhow::Result<()> {
    if json {
        let views: Vec<_> = list.iter().map(view).collect();
        println!("{}", inert_json(&serde_json::to_string_pretty(&views)?));
        return Ok(());
    }
    if list.is_empty() {
        println!("No connections are registered.");
    }
    for c in list {
        let v = view(c);
        let processors: Vec<String> = v
            .data_processors
            .iter()
            .map(|p| format!("{} {}", p.organisation, p.name))
            .collect();
        println!(
            "{org}  {name}\n  status:             {status}\n  committee/unit:     {unit}\n  LEFI actor id:      {actor}\n  sources:            {sources}\n  legal bases:        {bases}\n  information types:  {types}\n  certificates:       {fps}\n  data processors:    {processors}\n  syfte texts:        {syften}\n",
            org = v.organisation,
            name = neutralise(v.name),
            status = v.status,
            unit = neutralise(v.committee_unit),
            actor = if v.lefi_actor_id.is_empty() {
                "(the configured one)".to_owned()
            } else {
                neutralise(v.lefi_actor_id)
            },
            sources = or_none(&v.entitled_sources),
            bases = if v.source_legal_bases.is_empty() {
                "(none)".to_owned()
            } else {
                v.source_legal_bases
                    .iter()
                    .map(|(s, basis)| format!("{s}: {}", neutralise(basis)))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
            types = or_none(v.entitled_information_types),
            fps = or_none(v.certificate_fingerprints),
            processors = or_none(&processors),
            syften = if c.syfte_mappings.is_empty() {
                "(none)".to_owned()
            } else {
                c.syfte_mappings
                    .iter()
                    .map(syfte_line)
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        );
    }
    Ok(())
}

/// One case in a list: no household members, only their number.
#[derive(serde::Serialize)]
struct CaseListEntry<'a> {
    organisation: &'a str,
    case_id: &'a str,
    status: &'static str,
    household_size: usize,
    opened_at: jiff::Timestamp,
    #[serde(skip_serializing_if = "Option::is_none")]
    closed_at: Option<jiff::Timestamp>,
}

fn case_status(case: &Case) -> &'static str {
    if case.closed_at.is_some() {
        "closed"
    } else {
        "open"
    }
}

/// Prints cases, one a line, without their households (`case show` prints those).
pub(super) fn case_list(cases: &[Case], json: bool) -> anyhow::Result<()> {
    let entries: Vec<CaseListEntry<'_>> = cases
        .iter()
        .map(|c| CaseListEntry {
            organisation: c.organisation.ten_digits(),
            case_id: &c.case_id,
            status: case_status(c),
            household_size: c.household.len(),
            opened_at: c.opened_at,
            closed_at: c.closed_at,
        })
        .collect();
    if json {
        println!("{}", inert_json(&serde_json::to_string_pretty(&entries)?));
        return Ok(());
    }
    if entries.is_empty() {
        println!("No cases.");
    }
    for e in entries {
        println!(
            "{org}  {id}  {status}  {n} person(s)  opened {opened}{closed}",
            org = e.organisation,
            id = neutralise(e.case_id),
            status = e.status,
            n = e.household_size,
            opened = e.opened_at,
            closed = e
                .closed_at
                .map_or_else(String::new, |t| format!("  closed {t}")),
        );
    }
    Ok(())
}

#[derive(serde::Serialize)]
struct CaseView<'a> {
    organisation: &'a str,
    case_id: &'a str,
    status: &'static str,
    household: Vec<&'a str>,
    opened_at: jiff::Timestamp,
    #[serde(skip_serializing_if = "Option::is_none")]
    closed_at: Option<jiff::Timestamp>,
}

/// Prints a case and its household (personal data: to the administrator's terminal only).
pub(super) fn case(case: &Case, json: bool) -> anyhow::Result<()> {
    let v = CaseView {
        organisation: case.organisation.ten_digits(),
        case_id: &case.case_id,
        status: case_status(case),
        household: case.household.iter().map(|p| p.expose()).collect(),
        opened_at: case.opened_at,
        closed_at: case.closed_at,
    };
    if json {
        println!("{}", inert_json(&serde_json::to_string_pretty(&v)?));
        return Ok(());
    }
    println!(
        "{org}  case {id}\n  status:     {status}\n  opened:     {opened}\n  closed:     {closed}\n  household:  {household}",
        org = v.organisation,
        id = neutralise(v.case_id),
        status = v.status,
        opened = v.opened_at,
        closed = v
            .closed_at
            .map_or_else(|| "-".to_owned(), |t| t.to_string()),
        household = or_none(&v.household),
    );
    Ok(())
}

//! `underlag admin history`: who changed the registry, what and when, read from the audit
//! chain's `admin` records.

use super::organisation;

/// Prints every `admin` record of the audit chain (optionally one organisation's): seq,
/// time, channel, actor, organisation, case and the change. A person a change concerns is
/// marked, never printed.
pub(super) async fn print(
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

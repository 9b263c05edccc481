//! Renders the information specification as a Markdown document for vendors.

use std::fmt::Write as _;

use underlag_domain::Severity;

use crate::model::{CodeList, FieldSpec, Provenance, SourceSpec, Spec};

/// The whole specification as Markdown; deterministic for a given [`Spec`].
pub(crate) fn render(spec: &Spec) -> String {
    let mut out = String::new();
    out.push_str("# Informationsspecifikation — Underlag (SSBTEK v10)\n\n");
    out.push_str(
        "The field rules Underlag applies to each provider's answer, and the code lists \
         (kodverk) the answers use.\n\n\
         - Paths are relative to each source's message root and use local names (no namespace \
         prefixes); `@name` is an attribute; `(a|b)` matches either element; JSON arrays are \
         repeated elements named by their key.\n\
         - Rules on repeated elements apply to every occurrence; a field's presence is only \
         checked where its parent exists. An empty value counts as absent.\n\
         - Severity `warning`: the data stays usable and the deviation is reported beside it. \
         Severity `error`: the source's answer is not trusted (`invalid_response`).\n\
         - Violation messages never quote personal data (identity numbers, names, free text).\n\n",
    );
    out.push_str("## Sources\n\n");
    for source in &spec.sources {
        render_source(&mut out, source);
    }
    out.push_str("## Kodverk\n\n");
    render_provenance(&mut out, spec);
    for list in spec.code_lists.values() {
        render_code_list(&mut out, list);
    }
    crate::concepts::render(&mut out, spec);
    out
}

fn render_source(out: &mut String, source: &SourceSpec) {
    let _ = writeln!(out, "### {} — {}\n", source.source.code(), source.provider);
    let _ = writeln!(out, "{}\n", source.description.trim());
    let _ = writeln!(
        out,
        "- Contract: {} {}",
        source.contract, source.contract_version
    );
    let _ = writeln!(out, "- Format: {}", source.format);
    let _ = writeln!(out, "- Message root: `{}`", source.root);
    if let Some(ns) = &source.namespace {
        let _ = writeln!(out, "- Namespace: `{ns}`");
    }
    let _ = writeln!(out, "- Rules: {}\n", source.fields.len());
    out.push_str(
        "| Rule | Path | Label | Gloss | Type | Presence | Code list | Constraints | Severity |\n",
    );
    out.push_str("|---|---|---|---|---|---|---|---|---|\n");
    for field in &source.fields {
        let lists: Vec<String> = field.code_lists.iter().map(|c| format!("`{c}`")).collect();
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {} | {} | {} | {} | {} |",
            field.id,
            cell(&field.path),
            cell(&field.label_sv),
            cell(&field.gloss_en),
            field.field_type.as_str(),
            field.presence.as_str(),
            lists.join(", "),
            cell(&constraints(field)),
            severity_name(field.severity),
        );
    }
    out.push('\n');
    let notes: Vec<(&str, &str)> = source
        .fields
        .iter()
        .filter_map(|f| Some((f.id.as_str(), f.note.as_deref()?)))
        .collect();
    if !notes.is_empty() {
        out.push_str("Notes:\n\n");
        for (id, note) in notes {
            let _ = writeln!(out, "- {id}: {}", cell(note));
        }
        out.push('\n');
    }
}

fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Warning => "warning",
        Severity::Error => "error",
    }
}

fn constraints(field: &FieldSpec) -> String {
    let mut parts = Vec::new();
    if let Some(p) = &field.pattern {
        let shown = p
            .as_str()
            .strip_prefix("^(?:")
            .and_then(|s| s.strip_suffix(")$"))
            .unwrap_or(p.as_str());
        parts.push(format!("pattern `{shown}`"));
    }
    if let Some(m) = field.max_length {
        parts.push(format!("max {m} chars"));
    }
    if let Some(m) = field.min {
        parts.push(format!("≥ {m}"));
    }
    if let Some(m) = field.max {
        parts.push(format!("≤ {m}"));
    }
    if field.presence == crate::model::Presence::Required
        && field.severity_when_missing() != field.severity
    {
        parts.push(format!(
            "if missing: {}",
            severity_name(field.severity_when_missing())
        ));
    }
    if let Some(severity) = field.check_digit_severity
        && severity != field.severity
    {
        parts.push(format!("wrong check digit: {}", severity_name(severity)));
    }
    if field.personal || field.field_type.is_identity() {
        parts.push("personal data".to_owned());
    }
    parts.join("; ")
}

/// How many codes come from the contract's schemas, the providers' documentation, or this
/// project's inference.
fn render_provenance(out: &mut String, spec: &Spec) {
    let count = |p: Provenance| {
        spec.code_lists
            .values()
            .flat_map(|l| &l.codes)
            .filter(|c| c.provenance == p)
            .count()
    };
    let _ = writeln!(
        out,
        "Every code states its provenance: `schema` (an enumeration in the provider's contract \
         schema), `documentation` (the provider's documentation, including the descriptions \
         in the contract, its examples and fixtures) or `inferred` (this project's reading).\n\n\
         | Provenance | Codes |\n|---|---|\n| schema | {} |\n| documentation | {} |\n\
         | inferred | {} |\n",
        count(Provenance::Schema),
        count(Provenance::Documentation),
        count(Provenance::Inferred),
    );
}

fn render_code_list(out: &mut String, list: &CodeList) {
    let _ = writeln!(out, "### `{}` — {}\n", list.id, list.name_sv);
    let _ = writeln!(out, "- Provider: {}", list.provider);
    let _ = writeln!(out, "- Contract version: {}", list.contract_version);
    if let Some(prefix) = &list.prefix {
        let _ = writeln!(out, "- In messages each code carries the prefix `{prefix}`");
    }
    let _ = writeln!(out, "\n{}\n", list.description.trim());
    let with_validity = list
        .codes
        .iter()
        .any(|c| c.valid_from.is_some() || c.valid_to.is_some());
    if with_validity {
        out.push_str(
            "| Code | Label (sv) | Gloss (en) | Provenance | Valid from | Valid to |\n\
             |---|---|---|---|---|---|\n",
        );
    } else {
        out.push_str("| Code | Label (sv) | Gloss (en) | Provenance |\n|---|---|---|---|\n");
    }
    for code in &list.codes {
        let _ = write!(
            out,
            "| `{}` | {} | {} | {} |",
            cell(&code.code),
            cell(&code.label_sv),
            cell(&code.gloss_en),
            code.provenance.as_str()
        );
        if with_validity {
            let from = code.valid_from.as_deref().unwrap_or_default();
            let to = code.valid_to.as_deref().unwrap_or_default();
            let _ = write!(out, " {from} | {to} |");
        }
        out.push('\n');
    }
    out.push('\n');
}

/// Makes text safe inside a Markdown table cell (one line, escaped pipes).
fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

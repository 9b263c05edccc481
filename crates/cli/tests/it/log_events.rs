//! The log-event catalogue (`docs/log-events.md`) lists exactly the log events the code
//! emits: every `tracing` event macro (`trace!` … `error!`) in the crates the `underlag`
//! binary is built from, by crate, level, message template and field names. An event added,
//! removed, re-levelled or given another field without the catalogue changing fails here, and
//! the failure prints the rows to paste. No field may be named like personal data.
//!
//! The scan reads the sources as text: it finds each macro call, takes its balanced argument
//! list (string literals respected) and splits it at top-level commas: `name = value`,
//! `%name`, `?name` and bare `name` are fields, the first string literal is the message,
//! `target:`/`parent:` are skipped. Unit-test code (`tests.rs`, `#[cfg(test)] mod … {`) is
//! left out.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const LEVELS: [&str; 5] = ["trace", "debug", "info", "warn", "error"];

/// Field names that would suggest personal data in a log line. (`subject` is allowed: in a
/// log line it is a client certificate's subject, an organisation's, never the audit's
/// subject.)
const PERSONAL: [&str; 8] = [
    "personnummer",
    "pnr",
    "samordningsnummer",
    "person",
    "name",
    "address",
    "payload",
    "body",
];

/// One log event as the catalogue lists it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Event {
    krate: String,
    level: String,
    message: String,
    fields: Vec<String>,
}

impl Event {
    fn row(&self) -> String {
        let fields = if self.fields.is_empty() {
            "–".to_owned()
        } else {
            self.fields
                .iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        format!(
            "| {} | {} | `{}` | {} |",
            self.krate,
            self.level,
            self.message.replace('|', "\\|"),
            fields
        )
    }
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs")
            && path.file_name().is_some_and(|n| n != "tests.rs")
        {
            out.push(path);
        }
    }
}

/// The source without its inline unit-test module.
fn without_tests(text: &str) -> &str {
    let mut offset = 0;
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if line.trim() == "#[cfg(test)]"
            && lines
                .peek()
                .is_some_and(|next| next.trim_start().starts_with("mod ") && next.ends_with('{'))
        {
            return &text[..offset];
        }
        offset += line.len() + 1;
    }
    text
}

/// The argument text of the macro call whose `(` is at `open`, or `None` if unbalanced.
fn arguments(text: &str, open: usize) -> Option<&str> {
    let bytes = text.as_bytes();
    let (mut depth, mut i, mut in_string) = (0usize, open, false);
    while i < bytes.len() {
        let c = bytes[i];
        if in_string {
            match c {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match c {
                b'"' => in_string = true,
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(&text[open + 1..i]);
                    }
                }
                _ => {}
            }
        }
        i += 1;
    }
    None
}

/// Splits at commas outside brackets and strings.
fn top_level_parts(args: &str) -> Vec<String> {
    let (mut parts, mut current) = (Vec::new(), String::new());
    let (mut depth, mut in_string, mut escaped) = (0i32, false, false);
    for c in args.chars() {
        if in_string {
            current.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(std::mem::take(&mut current).trim().to_owned());
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.trim().is_empty() {
        parts.push(current.trim().to_owned());
    }
    parts
}

/// The string literal's text, joined across `\` line continuations as Rust does.
fn literal(part: &str) -> String {
    let inner = &part[1..part.len() - 1];
    let mut out = String::new();
    let mut lines = inner.split("\\\n");
    if let Some(first) = lines.next() {
        out.push_str(first);
    }
    for rest in lines {
        out.push_str(rest.trim_start());
    }
    out.replace("\\\"", "\"")
}

fn parse_call(krate: &str, level: &str, args: &str) -> Event {
    let (mut message, mut fields) = (None, Vec::new());
    for part in top_level_parts(args) {
        if message.is_some() {
            break; // format arguments
        }
        if part.starts_with('"') {
            message = Some(literal(&part));
        } else if part.starts_with("target:") || part.starts_with("parent:") {
        } else if let Some((name, _)) = part.split_once('=').filter(|(n, _)| !n.contains('"')) {
            fields.push(name.trim().to_owned());
        } else {
            fields.push(part.trim_start_matches(['%', '?']).trim().to_owned());
        }
    }
    fields.sort();
    Event {
        krate: krate.to_owned(),
        level: level.to_owned(),
        message: message.unwrap_or_default(),
        fields,
    }
}

/// Every event the sources of the binary's crates emit.
fn emitted() -> BTreeSet<Event> {
    let mut events = BTreeSet::new();
    let crates = workspace().join("crates");
    for entry in std::fs::read_dir(&crates).unwrap().flatten() {
        let krate = entry.file_name().to_string_lossy().into_owned();
        if krate == "test-support" {
            continue;
        }
        let mut files = Vec::new();
        rust_files(&entry.path().join("src"), &mut files);
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let text = without_tests(&text);
            for level in LEVELS {
                let needle = format!("{level}!(");
                let mut from = 0;
                while let Some(found) = text[from..].find(&needle) {
                    let at = from + found;
                    from = at + needle.len();
                    let before = text[..at].chars().next_back();
                    if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                        continue; // e.g. `info_span!`, `my_info!`
                    }
                    let open = at + level.len() + 1;
                    let args = arguments(text, open)
                        .unwrap_or_else(|| panic!("{}: unbalanced {needle}", file.display()));
                    events.insert(parse_call(&krate, level, args));
                }
            }
        }
    }
    events
}

/// The catalogue's rows (`| crate | level | `message` | fields |`).
fn catalogued() -> BTreeSet<String> {
    let text = std::fs::read_to_string(workspace().join("docs/log-events.md")).unwrap();
    text.lines()
        .filter(|l| {
            l.starts_with("| ")
                && LEVELS
                    .iter()
                    .any(|level| l.contains(&format!(" | {level} | ")))
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_log_event_catalogue_lists_exactly_the_events_the_code_emits() {
    let events = emitted();
    assert!(
        events.len() > 40,
        "the scan found too few events: {events:?}"
    );
    let rows: BTreeSet<String> = events.iter().map(Event::row).collect();
    let listed = catalogued();
    let missing: Vec<&String> = rows.difference(&listed).collect();
    let stale: Vec<&String> = listed.difference(&rows).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "docs/log-events.md is out of date.\nEmitted but not listed (add):\n{}\n\nListed but \
         not emitted (remove):\n{}\n\nThe whole table, as the code has it:\n{}",
        missing
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        stale
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        rows.iter().cloned().collect::<Vec<_>>().join("\n"),
    );
}

#[test]
fn no_log_event_has_a_field_named_like_personal_data() {
    for event in emitted() {
        for field in &event.fields {
            let lower = field.to_lowercase();
            assert!(
                !PERSONAL
                    .iter()
                    .any(|p| lower == *p || lower.ends_with(&format!("_{p}"))),
                "{} {} `{}` has the field `{field}`",
                event.krate,
                event.level,
                event.message
            );
        }
    }
}

/// The scanner itself: fields, messages, format arguments, continuations and nesting.
#[test]
fn the_scanner_reads_fields_messages_and_format_arguments() {
    let event = parse_call(
        "x",
        "warn",
        "event = \"a.b\", seq = r.seq, %addr, ?err, error = %e, \"cannot read {}: {}\", \
         f(a, b), \"x\"",
    );
    assert_eq!(event.message, "cannot read {}: {}");
    assert_eq!(event.fields, ["addr", "err", "error", "event", "seq"]);
    let event = parse_call("x", "info", "\"one \\\n        two, \\\"three\\\"\"");
    assert_eq!(event.message, "one two, \"three\"");
    assert!(event.fields.is_empty());
    assert_eq!(
        arguments("info!(a = f(1, (2)), \")\")", 5),
        Some("a = f(1, (2)), \")\"")
    );
    assert_eq!(
        without_tests("a\n#[cfg(test)]\nmod tests {\n info!(\"x\");\n}\n"),
        "a\n"
    );
}

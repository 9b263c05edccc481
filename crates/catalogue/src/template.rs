//! The catalogue's message templates: `{name}` placeholders filled in one pass, so a value
//! put in is never read as a placeholder itself.

use std::fmt::{self, Write};

/// One value for a template's `{name}` placeholder.
pub type Arg<'a> = (&'a str, &'a dyn fmt::Display);

/// Fills `template`'s `{name}` placeholders from `args`; a placeholder without a value is
/// left as it is.
pub fn render(template: &str, args: &[Arg<'_>]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let (before, from_brace) = rest.split_at(open);
        out.push_str(before);
        let value = from_brace[1..]
            .find('}')
            .map(|close| &from_brace[1..=close])
            .and_then(|name| Some((name, args.iter().find(|(n, _)| *n == name)?.1)));
        match value {
            Some((name, value)) => {
                // Writing into a String does not fail.
                let _ = write!(out, "{value}");
                rest = &from_brace[name.len() + 2..];
            }
            None => {
                out.push('{');
                rest = &from_brace[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The names of `template`'s placeholders, in order.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                names.push(&after[..close]);
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_once() {
        let out = render(
            "{field}: exceeds {limit} bytes",
            &[("field", &"body"), ("limit", &65536)],
        );
        assert_eq!(out, "body: exceeds 65536 bytes");
    }

    #[test]
    fn a_value_is_not_read_as_a_placeholder() {
        let out = render(
            "{field}: {message}",
            &[("field", &"{message}"), ("message", &"{field}")],
        );
        assert_eq!(out, "{message}: {field}");
    }

    #[test]
    fn a_placeholder_without_a_value_is_kept() {
        assert_eq!(render("a {b} {c", &[]), "a {b} {c");
        assert_eq!(placeholders("{a}: {b} and {c"), ["a", "b"]);
    }
}

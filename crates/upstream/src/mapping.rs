//! Reading typed values out of a provider's message tree while mapping it to the canonical
//! model. A value that cannot be read becomes a violation at its path, never a panic and
//! never a silent gap.

use std::collections::HashSet;
use std::str::FromStr;

use jiff::civil::Date;
use rust_decimal::Decimal;
use underlag_domain::model::Code;
use underlag_domain::period::{parse_compact_date, parse_iso_date};
use underlag_domain::{Amount, Period, Personnummer, Severity, Violation};
use underlag_spec::{Node, Spec};

/// The rule id of a violation found while mapping (after the field rules passed).
pub const RULE_MAPPING: &str = "MAPPING";

/// A node of the message together with its path from the message root, written like the
/// field rules' violation paths (`Utbetalningar[2]/NettoEfterSkatt`: an index only where an
/// element repeats).
#[derive(Debug, Clone)]
pub(crate) struct At<'n> {
    node: &'n Node,
    path: String,
}

impl<'n> At<'n> {
    /// The message root.
    pub(crate) fn root(node: &'n Node) -> Self {
        Self {
            node,
            path: String::new(),
        }
    }

    /// The node itself.
    pub(crate) fn node(&self) -> &'n Node {
        self.node
    }

    /// Its path from the message root (empty for the root).
    pub(crate) fn path(&self) -> &str {
        &self.path
    }

    /// The path of a child or attribute (`@name`) of this node.
    pub(crate) fn join(&self, name: &str) -> String {
        if self.path.is_empty() {
            name.to_owned()
        } else {
            format!("{}/{name}", self.path)
        }
    }

    /// The first child with this local name.
    pub(crate) fn child(&self, name: &str) -> Option<At<'n>> {
        self.children(name).into_iter().next()
    }

    /// Every child with this local name, in order.
    pub(crate) fn children(&self, name: &str) -> Vec<At<'n>> {
        let named: Vec<&'n Node> = self
            .node
            .children
            .iter()
            .filter(|c| c.name == name)
            .collect();
        let repeated = named.len() > 1;
        named
            .into_iter()
            .enumerate()
            .map(|(i, node)| At {
                node,
                path: if repeated {
                    self.join(&format!("{name}[{}]", i + 1))
                } else {
                    self.join(name)
                },
            })
            .collect()
    }

    /// Whether a child with this name exists.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.node.child(name).is_some()
    }

    /// The node's trimmed text, when not empty.
    pub(crate) fn text(&self) -> Option<&'n str> {
        self.node
            .text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
    }

    /// The trimmed text of the first child with this name, when not empty.
    pub(crate) fn text_of(&self, name: &str) -> Option<&'n str> {
        self.node
            .child(name)?
            .text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
    }

    /// An attribute's value, untrimmed.
    pub(crate) fn attr(&self, name: &str) -> Option<&'n str> {
        self.node.attr(name)
    }

    /// Whether the element is marked `xsi:nil="true"`.
    pub(crate) fn is_nil(&self) -> bool {
        matches!(self.attr("nil").map(str::trim), Some("true" | "1"))
    }
}

/// Collects violations while a message is mapped, and reads typed values.
///
/// A mapping warning is not reported when the field rules already reported on the same path
/// (the specification's reading of that field stands). A mapping error always is: it means a
/// value the canonical model needs cannot be represented, whatever the rules think of it.
pub(crate) struct Mapper<'s> {
    spec: &'s Spec,
    violations: Vec<Violation>,
    ruled_paths: HashSet<String>,
    has_errors: bool,
    /// The identity number the answer says it is about, as written (checked by the adapter
    /// against the person asked about).
    pub(crate) stated_identity: Option<String>,
}

impl<'s> Mapper<'s> {
    /// A mapper that starts from the field rules' (non-error) violations.
    pub(crate) fn new(spec: &'s Spec, violations: Vec<Violation>) -> Self {
        let ruled_paths = violations.iter().map(|v| v.path.clone()).collect();
        let has_errors = violations.iter().any(|v| v.severity == Severity::Error);
        Self {
            spec,
            violations,
            ruled_paths,
            has_errors,
            stated_identity: None,
        }
    }

    /// Whether any violation so far is an error.
    pub(crate) fn has_errors(&self) -> bool {
        self.has_errors
    }

    /// Every violation, field rules first.
    pub(crate) fn into_violations(self) -> Vec<Violation> {
        self.violations
    }

    /// Reports a mapping problem (a warning only if no field rule reported on this path).
    pub(crate) fn problem(&mut self, path: String, severity: Severity, message: impl Into<String>) {
        if severity == Severity::Warning && self.ruled_paths.contains(&path) {
            return;
        }
        self.has_errors |= severity == Severity::Error;
        self.violations.push(Violation {
            rule: RULE_MAPPING.to_owned(),
            path,
            severity,
            message: message.into(),
        });
    }

    /// Reports a value that cannot be read: the data would be incomplete, so it is an error.
    pub(crate) fn unreadable(&mut self, path: String, what: &str) {
        let name = path.rsplit('/').next().unwrap_or_default().to_owned();
        self.problem(path, Severity::Error, format!("'{name}' is not {what}"));
    }

    /// Reports a deviation that leaves the data usable.
    pub(crate) fn warn(&mut self, path: String, message: impl Into<String>) {
        self.problem(path, Severity::Warning, message);
    }

    /// Reads the identity number the answer states (12 digits, or 10 digits whose century
    /// is inferred from today's date), remembering its text for the identity check.
    /// An invalid number gives `None` and a warning: the identity check refuses the answer
    /// in the adapter, since it cannot be the (valid) number asked about.
    pub(crate) fn identity(&mut self, path: String, text: &str) -> Option<Personnummer> {
        self.stated_identity = Some(text.to_owned());
        self.related_identity(path, text)
    }

    /// Reads the identity number of another person the answer names (a co-applicant, a
    /// child): parsed like [`Mapper::identity`], but never taken for the identity the answer
    /// states.
    pub(crate) fn related_identity(&mut self, path: String, text: &str) -> Option<Personnummer> {
        let digits = text.trim();
        let parsed = if digits.len() == 10 {
            let today = jiff::Timestamp::now()
                .to_zoned(jiff::tz::TimeZone::UTC)
                .date();
            Personnummer::parse(digits, today)
        } else {
            Personnummer::parse_canonical(digits)
        };
        match parsed {
            Ok(person) => Some(person),
            Err(e) => {
                self.warn(path, format!("the identity number is not valid: {e}"));
                None
            }
        }
    }

    /// The kodverk label of a code.
    pub(crate) fn label(&self, code_list: &str, code: &str) -> Option<String> {
        self.spec.label(code_list, code).map(str::to_owned)
    }

    /// A code with its kodverk label, or else the provider's own text as label.
    pub(crate) fn code(&self, code_list: &str, code: &str, provider_text: Option<&str>) -> Code {
        // LEFI writes some codes with their authority's prefix (`PM:AP`); kodverk lists `AP`.
        let unprefixed = code.split_once(':').map(|(_, rest)| rest);
        let label = self
            .label(code_list, code)
            .or_else(|| unprefixed.and_then(|c| self.label(code_list, c)))
            .or_else(|| {
                provider_text
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned)
            });
        Code {
            code: code.to_owned(),
            label,
        }
    }

    /// Like [`Mapper::code`], for a closed code list: a code the kodverk does not know is
    /// kept (never dropped) and reported as a warning at `path`.
    pub(crate) fn checked_code(
        &mut self,
        path: String,
        code_list: &str,
        code: &str,
        provider_text: Option<&str>,
    ) -> Code {
        let unprefixed = code.split_once(':').map(|(_, rest)| rest);
        let known = self.label(code_list, code).is_some()
            || unprefixed.is_some_and(|c| self.label(code_list, c).is_some());
        if !known && self.spec.code_list(code_list).is_some() {
            self.warn(
                path,
                format!("a code not in the kodverk {code_list} is kept as sent"),
            );
        }
        self.code(code_list, code, provider_text)
    }

    /// Reads a child's text with `parse`; absent or empty gives `None` quietly.
    fn read<T>(
        &mut self,
        at: &At<'_>,
        name: &str,
        what: &str,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Option<T> {
        let text = at.text_of(name)?;
        let value = parse(text);
        if value.is_none() {
            self.unreadable(at.join(name), what);
        }
        value
    }

    /// An ISO date, tolerating a time-zone offset (`1997-09-12+02:00`).
    pub(crate) fn date(&mut self, at: &At<'_>, name: &str) -> Option<Date> {
        self.read(at, name, "an ISO date", |t| parse_iso_date(t).ok())
    }

    /// A `yyyymmdd` date where `0` means "not decided" (`None`).
    pub(crate) fn compact_date(&mut self, at: &At<'_>, name: &str) -> Option<Date> {
        self.read(at, name, "a date (yyyymmdd)", |t| {
            parse_compact_date(t).ok()
        })
        .flatten()
    }

    /// An amount in kronor with at most two decimals (xs:decimal notation accepted).
    pub(crate) fn amount(&mut self, at: &At<'_>, name: &str) -> Option<Amount> {
        self.read(at, name, "an amount in kronor", parse_amount)
    }

    /// A decimal number.
    pub(crate) fn decimal(&mut self, at: &At<'_>, name: &str) -> Option<Decimal> {
        self.read(at, name, "a decimal number", |t| {
            Decimal::from_str(t.strip_prefix('+').unwrap_or(t)).ok()
        })
    }

    /// A whole number of type `T`.
    pub(crate) fn integer<T: FromStr>(&mut self, at: &At<'_>, name: &str) -> Option<T> {
        self.read(at, name, "a whole number in range", |t| {
            t.strip_prefix('+').unwrap_or(t).parse().ok()
        })
    }

    /// An `xs:boolean` (`true`, `false`, `1`, `0`).
    pub(crate) fn boolean(&mut self, at: &At<'_>, name: &str) -> Option<bool> {
        self.read(at, name, "a boolean", parse_boolean)
    }

    /// A period from two ISO-date children. Only one of the two gives `None` with a warning;
    /// an inverted period is an error.
    pub(crate) fn period(&mut self, at: &At<'_>, from: &str, to: &str) -> Option<Period> {
        let start = self.date(at, from);
        let end = self.date(at, to);
        self.combine(at, (from, start), (to, end))
    }

    /// Builds a period from two read dates, reporting a half-open or inverted one.
    pub(crate) fn combine(
        &mut self,
        at: &At<'_>,
        (from_name, from): (&str, Option<Date>),
        (to_name, to): (&str, Option<Date>),
    ) -> Option<Period> {
        match (from, to) {
            (Some(a), Some(b)) => match Period::new(a, b) {
                Ok(period) => Some(period),
                Err(_) => {
                    self.problem(
                        at.join(to_name),
                        Severity::Error,
                        format!("'{to_name}' is before '{from_name}'"),
                    );
                    None
                }
            },
            (Some(_), None) if at.text_of(to_name).is_none() => {
                self.warn(
                    at.join(to_name),
                    format!("'{to_name}' is missing; the period is incomplete"),
                );
                None
            }
            (None, Some(_)) if at.text_of(from_name).is_none() => {
                self.warn(
                    at.join(from_name),
                    format!("'{from_name}' is missing; the period is incomplete"),
                );
                None
            }
            _ => None,
        }
    }
}

/// Parses an amount as providers write it: `1250`, `1250.50`, `+12.5`, `1250.500`, `12,50`.
/// More than two significant decimals is refused (not representable in öre).
pub(crate) fn parse_amount(text: &str) -> Option<Amount> {
    if let Ok(amount) = Amount::parse(text) {
        return Some(amount);
    }
    let t = text.trim();
    let t = t.strip_prefix('+').unwrap_or(t);
    if t.is_empty()
        || !t
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
    {
        return None;
    }
    let value = Decimal::from_str(t).ok()?.normalize();
    if value.scale() > 2 {
        return None;
    }
    Amount::parse(&value.to_string()).ok()
}

/// Parses an amount from a JSON number literal (LEFI's `summa`, a double), rounding to öre.
pub(crate) fn parse_json_amount(text: &str) -> Option<Amount> {
    let t = text.trim();
    let value = Decimal::from_str(t)
        .or_else(|_| Decimal::from_scientific(t))
        .ok()?;
    amount_of(value)
}

/// An amount from an exact decimal, rounded to öre; `None` if out of range.
pub(crate) fn amount_of(value: Decimal) -> Option<Amount> {
    Amount::parse(&format!("{:.2}", value.round_dp(2))).ok()
}

/// The sum of amounts, or `None` on overflow (`Amount`'s own arithmetic would panic).
pub(crate) fn checked_sum(amounts: impl IntoIterator<Item = Amount>) -> Option<Amount> {
    let total = amounts
        .into_iter()
        .try_fold(Decimal::ZERO, |sum, a| sum.checked_add(a.value()))?;
    amount_of(total)
}

/// `a - b`, or `None` on overflow.
pub(crate) fn checked_difference(a: Amount, b: Amount) -> Option<Amount> {
    amount_of(a.value().checked_sub(b.value())?)
}

/// Parses `xs:boolean`.
pub(crate) fn parse_boolean(text: &str) -> Option<bool> {
    match text.trim() {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_in_provider_notations() {
        assert_eq!(parse_amount("1250.50"), Some(Amount::from_ore(125_050)));
        assert_eq!(parse_amount("+1250.500"), Some(Amount::from_ore(125_050)));
        assert_eq!(parse_amount("-3"), Some(Amount::from_kronor(-3)));
        assert_eq!(parse_amount("12.345"), None);
        // Mutation survivors (issue 16): two significant decimals after a trailing zero are
        // kept.
        assert_eq!(parse_amount("1250.510"), Some(Amount::from_ore(125_051)));
        assert_eq!(parse_amount("99999999999999999999999999999999999"), None);
        assert_eq!(parse_amount("1e5"), None);
        assert_eq!(parse_json_amount("1234.5"), Some(Amount::from_ore(123_450)));
        assert_eq!(parse_json_amount("1e3"), Some(Amount::from_kronor(1000)));
        assert_eq!(parse_json_amount("0.1"), Some(Amount::from_ore(10)));
        assert_eq!(parse_json_amount("1e300"), None);
    }

    /// The violations a period of `p`'s children `from` and `tom` gives.
    fn period_problems(p: serde_json::Value) -> Vec<(Severity, String, String)> {
        let spec = Spec::embedded().expect("the embedded specification loads");
        let json = serde_json::json!({ "p": p });
        let root = Node::from_json("root", &json);
        let at = At::root(&root).child("p").expect("p");
        let mut m = Mapper::new(&spec, Vec::new());
        assert_eq!(m.period(&at, "from", "tom"), None);
        m.violations
            .into_iter()
            .map(|v| (v.severity, v.path, v.message))
            .collect()
    }

    /// Mutation survivors (issue 16): a missing end (or start) is one warning; an
    /// unreadable one is one error, and not also reported as missing.
    #[test]
    fn half_open_and_unreadable_periods_are_reported_once() {
        let missing = |name: &str| {
            vec![(
                Severity::Warning,
                format!("p/{name}"),
                format!("'{name}' is missing; the period is incomplete"),
            )]
        };
        let unreadable = |name: &str| {
            vec![(
                Severity::Error,
                format!("p/{name}"),
                format!("'{name}' is not an ISO date"),
            )]
        };
        assert_eq!(
            period_problems(serde_json::json!({"from": "2025-01-01"})),
            missing("tom")
        );
        assert_eq!(
            period_problems(serde_json::json!({"tom": "2025-01-31"})),
            missing("from")
        );
        assert_eq!(
            period_problems(serde_json::json!({"from": "2025-01-01", "tom": "snart"})),
            unreadable("tom")
        );
        assert_eq!(
            period_problems(serde_json::json!({"from": "förut", "tom": "2025-01-31"})),
            unreadable("from")
        );
    }

    /// Mutation survivors (issue 16): ten digits are read with the century inferred, twelve
    /// as written; a code unknown to the kodverk keeps the provider's own text as label.
    #[test]
    fn related_identities_and_provider_labels() {
        let spec = Spec::embedded().expect("the embedded specification loads");
        let mut m = Mapper::new(&spec, Vec::new());
        let person = Personnummer::parse_canonical("199001012385").expect("a test number");
        assert_eq!(
            m.related_identity("a".into(), "9001012385"),
            Some(person.clone())
        );
        assert_eq!(m.related_identity("b".into(), "199001012385"), Some(person));
        assert!(m.violations.is_empty(), "{:?}", m.violations);
        let code = m.code("no-such-list", "X9", Some(" Egen text "));
        assert_eq!(code.label.as_deref(), Some("Egen text"));
        assert_eq!(m.code("no-such-list", "X9", Some("  ")).label, None);
    }

    #[test]
    fn paths_index_only_repeated_elements() {
        let json = serde_json::json!({"a": [{"b": "1"}, {"b": "2"}], "c": {"d": "x"}});
        let root = Node::from_json("root", &json);
        let at = At::root(&root);
        let a: Vec<_> = at.children("a");
        assert_eq!(a[1].join("b"), "a[2]/b");
        assert_eq!(at.child("c").unwrap().join("d"), "c/d");
    }
}

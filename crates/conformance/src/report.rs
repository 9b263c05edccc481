//! A conformance run's results: every case with its request, a response excerpt and its
//! verdict. Written as JUnit XML ([`junit`]), a readable HTML page ([`html`]) and a signed JSON
//! report ([`signed`]).

pub mod html;
pub mod junit;
pub mod signed;

/// The product named in every report.
pub const PRODUCT: &str = "underlag-conformance";

/// The longest response excerpt kept per case, in characters.
pub const EXCERPT_CHARS: usize = 2000;

/// A case's verdict. "Could not run" is a failure: there is no skipped verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The case ran and its check held.
    Passed,
    /// The check did not hold, or the case could not run.
    Failed,
}

/// One case's result.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CaseResult {
    /// The case id.
    pub id: String,
    /// What was tested.
    pub title: String,
    /// `contract`, `semantics`, `behaviour` (provider) or `scenario`, `request` (consumer).
    pub category: String,
    /// The fault a failure stands for.
    pub fault: String,
    /// Passed or failed.
    pub verdict: Verdict,
    /// Why it failed (naming the fault), or what held.
    pub message: String,
    /// What was sent.
    pub request: serde_json::Value,
    /// The start of what came back.
    pub response_excerpt: String,
    /// How long the case took, in milliseconds.
    pub duration_ms: u64,
}

impl CaseResult {
    /// Whether the case failed.
    pub fn failed(&self) -> bool {
        self.verdict == Verdict::Failed
    }
}

/// A whole run.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Report {
    /// Always [`PRODUCT`].
    pub product: String,
    /// The kit's version.
    pub version: String,
    /// The contract version tested (`SSBTEK v10`, with the provider contract's).
    pub contract_version: String,
    /// `provider` or `consumer`.
    pub kind: String,
    /// The source code (provider runs) or `case-system` (consumer runs).
    pub subject: String,
    /// The endpoint tested.
    pub target: String,
    /// When the run started (RFC 3339).
    pub started_at: String,
    /// Every case, in run order.
    pub cases: Vec<CaseResult>,
}

impl Report {
    /// A report with no cases yet.
    pub fn new(kind: &str, subject: &str, contract_version: &str, target: &str) -> Self {
        Self {
            product: PRODUCT.to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            contract_version: contract_version.to_owned(),
            kind: kind.to_owned(),
            subject: subject.to_owned(),
            target: target.to_owned(),
            started_at: jiff::Timestamp::now().to_string(),
            cases: Vec::new(),
        }
    }

    /// How many cases passed.
    pub fn passed(&self) -> usize {
        self.cases.iter().filter(|c| !c.failed()).count()
    }

    /// How many cases failed (could-not-run included).
    pub fn failed(&self) -> usize {
        self.cases.iter().filter(|c| c.failed()).count()
    }

    /// Whether every case passed (and there was at least one).
    pub fn all_passed(&self) -> bool {
        !self.cases.is_empty() && self.failed() == 0
    }

    /// The failed cases.
    pub fn failures(&self) -> impl Iterator<Item = &CaseResult> {
        self.cases.iter().filter(|c| c.failed())
    }
}

/// Cuts `text` to [`EXCERPT_CHARS`] characters, marking the cut.
pub fn excerpt(text: &str) -> String {
    if text.chars().count() <= EXCERPT_CHARS {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(EXCERPT_CHARS).collect();
    out.push('…');
    out
}

/// Escapes text for XML and HTML content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow are dropped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

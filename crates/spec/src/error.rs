//! Errors from loading the information specification; each names the file and position.

/// A problem in the specification files. `Display` names the file and, where there is one,
/// the line and column (both 1-based).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpecError {
    /// A file could not be read, or an expected file or folder is missing.
    #[error("{file}: {message}")]
    Io {
        /// The file (or folder) concerned.
        file: String,
        /// What went wrong.
        message: String,
    },
    /// A file is not valid TOML or does not have the expected shape.
    #[error("{file}:{line}:{column}: {message}")]
    Syntax {
        /// The file concerned.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column (in characters).
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// A file parses but says something inconsistent (unknown code list, duplicate rule id, …).
    #[error("{file}:{line}:{column}: {message}")]
    Invalid {
        /// The file concerned.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column (in characters).
        column: usize,
        /// What is wrong.
        message: String,
    },
}

impl SpecError {
    /// The file the error is about.
    pub fn file(&self) -> &str {
        match self {
            SpecError::Io { file, .. }
            | SpecError::Syntax { file, .. }
            | SpecError::Invalid { file, .. } => file,
        }
    }

    /// The 1-based line, when the error has a position.
    pub fn line(&self) -> Option<usize> {
        match self {
            SpecError::Io { .. } => None,
            SpecError::Syntax { line, .. } | SpecError::Invalid { line, .. } => Some(*line),
        }
    }
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

//! The engine's typed errors. Each names a line and column of the input where one applies; the
//! command line adds the path.

/// Why a file could not be regrouped. The input is never changed when one of these is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The file does not lex cleanly: an unterminated literal or comment, an unbalanced
    /// delimiter, a stray character.
    #[error("{line}:{column}: {message}")]
    Lex {
        line: usize,
        column: usize,
        message: String,
    },
    /// A `use` item that `syn` cannot parse.
    #[error("{line}:{column}: this `use` item does not parse: {message}")]
    Parse {
        line: usize,
        column: usize,
        message: String,
    },
    /// The regrouped text failed verification. This is a bug in grouse; nothing is written.
    #[error(
        "internal error: the regrouped text failed verification ({message}); the file is left as it was, please report this"
    )]
    Verify { message: String },
}

impl Error {
    /// 1-based line of the problem, where one applies.
    pub fn line(&self) -> Option<usize> {
        match *self {
            Error::Lex { line, .. } | Error::Parse { line, .. } => Some(line),
            Error::Verify { .. } => None,
        }
    }

    /// 1-based column (in characters) of the problem, where one applies.
    pub fn column(&self) -> Option<usize> {
        match *self {
            Error::Lex { column, .. } | Error::Parse { column, .. } => Some(column),
            Error::Verify { .. } => None,
        }
    }

    /// The message without its position.
    pub fn message(&self) -> String {
        match self {
            Error::Lex { message, .. } => message.clone(),
            Error::Parse { message, .. } => format!("this `use` item does not parse: {message}"),
            Error::Verify { .. } => self.to_string(),
        }
    }
}

//! What happened to each file — unchanged, changed (with its runs and diff), skipped or an
//! error — the mode the run was in, and the counts and summary line of a run.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::ChangedRun;
use crate::config::ConfigError;
use crate::rustfmt::RustfmtError;
use crate::write::WriteError;

/// What happened to one file.
#[derive(Debug)]
pub struct FileReport {
    /// The path as shown to users.
    pub path: PathBuf,
    pub outcome: Outcome,
}

impl crate::walk::Processed for FileReport {
    fn path(&self) -> &Path {
        &self.path
    }
}

#[derive(Debug)]
pub enum Outcome {
    Unchanged,
    /// Would change (check) or was rewritten (fix). The diff is computed when it is shown; the
    /// new text is kept only for stdin.
    Changed {
        diff: Option<String>,
        runs: Vec<ChangedRun>,
        text: Option<String>,
    },
    /// Found by walking and generated (`@generated` near the top).
    SkippedGenerated,
    Error(FileError),
}

/// Why one file could not be processed. The file is left as it was.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error(transparent)]
    Config(Arc<ConfigError>),
    #[error("cannot read: {0}")]
    Read(#[source] io::Error),
    #[error("{0}")]
    Walk(String),
    #[error("{line}:{column}: not valid UTF-8; the file is left as it was")]
    NotUtf8 { line: usize, column: usize },
    #[error(transparent)]
    Regroup(crate::Error),
    #[error(
        "internal error: grouse panicked on this file ({0}); the file is left as it was, \
         please report this"
    )]
    Panic(String),
    #[error(transparent)]
    Write(WriteError),
    #[error(
        "would be regrouped but also has unstaged changes, which --fix --staged would mix into \
         the commit; not rewritten (stage or stash them, then run again)"
    )]
    Unstaged,
    /// `--rustfmt`: rustfmt gave no text for the file.
    #[error(transparent)]
    Rustfmt(RustfmtError),
}

impl FileError {
    /// 1-based line and column where they apply.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            FileError::NotUtf8 { line, column } => Some((*line, *column)),
            FileError::Regroup(error) => error.line().zip(error.column()),
            FileError::Rustfmt(error) => error.position(),
            _ => None,
        }
    }

    /// The message without its position.
    pub fn message(&self) -> String {
        match self {
            FileError::NotUtf8 { .. } => "not valid UTF-8; the file is left as it was".to_owned(),
            FileError::Regroup(error) => error.message(),
            FileError::Rustfmt(error) => error.message(),
            other => other.to_string(),
        }
    }
}

/// What the run does with files that would change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Report what would change; exit 1 if anything would.
    Check,
    /// Rewrite files in place.
    Fix,
    /// Print only the paths that would change.
    List,
}

/// Counts for the summary line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub changed: usize,
    pub unchanged: usize,
    pub skipped: usize,
    pub errors: usize,
}

impl Counts {
    pub fn of(reports: &[FileReport]) -> Counts {
        let mut counts = Counts::default();
        for report in reports {
            match report.outcome {
                Outcome::Unchanged => counts.unchanged += 1,
                Outcome::Changed { .. } => counts.changed += 1,
                Outcome::SkippedGenerated => counts.skipped += 1,
                Outcome::Error(_) => counts.errors += 1,
            }
        }
        counts
    }
}

fn file_or_files(n: usize) -> &'static str {
    if n == 1 { "file" } else { "files" }
}

/// The summary line, e.g. `2 files would be regrouped, 118 already grouped, 3 skipped (generated)`.
pub fn summary(counts: Counts, mode: Mode) -> String {
    let mut parts: Vec<String> = Vec::new();
    let push = |parts: &mut Vec<String>, n: usize, text: &str| {
        if n > 0 {
            let count = if parts.is_empty() {
                format!("{n} {}", file_or_files(n))
            } else {
                n.to_string()
            };
            parts.push(format!("{count} {text}"));
        }
    };
    if counts.changed > 0 {
        match mode {
            Mode::Fix => parts.push(format!(
                "Regrouped {} {}",
                counts.changed,
                file_or_files(counts.changed)
            )),
            Mode::Check | Mode::List => push(&mut parts, counts.changed, "would be regrouped"),
        }
    }
    push(&mut parts, counts.unchanged, "already grouped");
    push(&mut parts, counts.skipped, "skipped (generated)");
    push(&mut parts, counts.errors, "failed");
    if parts.is_empty() {
        return "No Rust files found".to_owned();
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_names_files_once() {
        let counts = Counts {
            changed: 2,
            unchanged: 118,
            skipped: 3,
            errors: 0,
        };
        assert_eq!(
            summary(counts, Mode::Check),
            "2 files would be regrouped, 118 already grouped, 3 skipped (generated)"
        );
        assert_eq!(
            summary(counts, Mode::Fix),
            "Regrouped 2 files, 118 already grouped, 3 skipped (generated)"
        );
        let counts = Counts {
            changed: 0,
            unchanged: 1,
            skipped: 0,
            errors: 2,
        };
        assert_eq!(
            summary(counts, Mode::Check),
            "1 file already grouped, 2 failed"
        );
        assert_eq!(
            summary(Counts::default(), Mode::Check),
            "No Rust files found"
        );
    }
}

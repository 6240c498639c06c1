//! What users see: per-file outcomes rendered as diffs, path lists, JSON or GitHub annotations,
//! the summary line and the error messages.

use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::Arc;

use anstyle::{AnsiColor, Style};
use serde::Serialize;
use similar::TextDiff;

use crate::ChangedRun;
use crate::config::ConfigError;
use crate::write::WriteError;

/// Lines of context around each change in a diff, as `diff -u`.
pub const DIFF_CONTEXT: usize = 3;

/// What happened to one file.
#[derive(Debug)]
pub struct FileReport {
    /// The path as shown to users.
    pub path: PathBuf,
    pub outcome: Outcome,
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
}

impl FileError {
    /// 1-based line and column where they apply.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            FileError::NotUtf8 { line, column } => Some((*line, *column)),
            FileError::Regroup(error) => error.line().zip(error.column()),
            _ => None,
        }
    }

    /// The message without its position.
    pub fn message(&self) -> String {
        match self {
            FileError::NotUtf8 { .. } => "not valid UTF-8; the file is left as it was".to_owned(),
            FileError::Regroup(error) => error.message(),
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

/// How results are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Diffs or paths on stdout, summary and errors on stderr.
    Text,
    /// One JSON array on stdout.
    Json,
    /// GitHub Actions workflow commands, one annotation per changed run.
    Github,
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

fn files(n: usize) -> &'static str {
    if n == 1 { "file" } else { "files" }
}

/// The summary line, e.g. `2 files would be regrouped, 118 already grouped, 3 skipped (generated)`.
pub fn summary(counts: Counts, mode: Mode) -> String {
    let mut parts: Vec<String> = Vec::new();
    let push = |parts: &mut Vec<String>, n: usize, text: &str| {
        if n > 0 {
            let count = if parts.is_empty() {
                format!("{n} {}", files(n))
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
                files(counts.changed)
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

/// A unified diff of one file, headed by its path.
pub fn unified_diff(old: &str, new: &str, path: &str) -> String {
    TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(DIFF_CONTEXT)
        .header(path, path)
        .to_string()
}

/// Colors a unified diff for a terminal: headers bold, hunk headers cyan, removals red,
/// additions green.
pub fn colorize(diff: &str) -> String {
    let bold = Style::new().bold();
    let cyan = Style::new().fg_color(Some(AnsiColor::Cyan.into()));
    let red = Style::new().fg_color(Some(AnsiColor::Red.into()));
    let green = Style::new().fg_color(Some(AnsiColor::Green.into()));
    let mut out = String::with_capacity(diff.len() + diff.len() / 4);
    for line in diff.split_inclusive('\n') {
        let style = if line.starts_with("---") || line.starts_with("+++") {
            bold
        } else if line.starts_with("@@") {
            cyan
        } else if line.starts_with('-') {
            red
        } else if line.starts_with('+') {
            green
        } else {
            out.push_str(line);
            continue;
        };
        let (text, newline) = match line.strip_suffix('\n') {
            Some(text) => (text, "\n"),
            None => (line, ""),
        };
        out.push_str(&format!("{style}{text}{style:#}{newline}"));
    }
    out
}

/// Prints the errors of a run to stderr, each once: a config error shared by many files is
/// reported once, naming the config file.
pub fn write_errors(err: &mut dyn Write, reports: &[FileReport]) -> io::Result<()> {
    let mut seen_config = BTreeSet::new();
    for report in reports {
        let Outcome::Error(error) = &report.outcome else {
            continue;
        };
        match error {
            FileError::Config(config) => {
                let message = config.to_string();
                if seen_config.insert(message.clone()) {
                    writeln!(err, "error: {message}")?;
                }
            }
            FileError::Regroup(_) | FileError::NotUtf8 { .. } => {
                writeln!(err, "error: {}:{error}", report.path.display())?;
            }
            _ => writeln!(err, "error: {}: {error}", report.path.display())?,
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: String,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    diff: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<JsonError>,
}

#[derive(Serialize)]
struct JsonError {
    message: String,
    line: Option<usize>,
    column: Option<usize>,
}

/// One JSON array with an entry per file, `[]` when there are none.
pub fn write_json(out: &mut dyn Write, reports: &[FileReport]) -> io::Result<()> {
    let files: Vec<JsonFile> = reports
        .iter()
        .map(|report| {
            let path = report.path.display().to_string();
            match &report.outcome {
                Outcome::Unchanged => JsonFile {
                    path,
                    status: "unchanged",
                    diff: None,
                    error: None,
                },
                Outcome::Changed { diff, .. } => JsonFile {
                    path,
                    status: "changed",
                    diff: diff.as_deref(),
                    error: None,
                },
                Outcome::SkippedGenerated => JsonFile {
                    path,
                    status: "skipped",
                    diff: None,
                    error: None,
                },
                Outcome::Error(error) => {
                    let position = error.position();
                    JsonFile {
                        path,
                        status: "error",
                        diff: None,
                        error: Some(JsonError {
                            message: match error {
                                FileError::Config(config) => config.to_string(),
                                other => other.message(),
                            },
                            line: position.map(|p| p.0),
                            column: position.map(|p| p.1),
                        }),
                    }
                }
            }
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &files).map_err(io::Error::from)?;
    writeln!(out)
}

/// GitHub Actions workflow commands: an annotation per changed run and per error.
pub fn write_github(out: &mut dyn Write, reports: &[FileReport], mode: Mode) -> io::Result<()> {
    for report in reports {
        let file = escape_property(&report.path.display().to_string());
        match &report.outcome {
            Outcome::Changed { runs, .. } => {
                let (level, message) = match mode {
                    Mode::Fix => ("notice", "use items regrouped: std, external, project"),
                    Mode::Check | Mode::List => (
                        "error",
                        "use items are not grouped std, external, project; run `grouse --fix`",
                    ),
                };
                for run in runs {
                    writeln!(
                        out,
                        "::{level} file={file},line={},endLine={},title=grouse::{}",
                        run.start_line,
                        run.end_line,
                        escape_data(message)
                    )?;
                }
            }
            Outcome::Error(error) => {
                let message = match error {
                    FileError::Config(config) => config.to_string(),
                    other => other.message(),
                };
                let position = match error.position() {
                    Some((line, column)) => format!(",line={line},col={column}"),
                    None => String::new(),
                };
                writeln!(
                    out,
                    "::error file={file}{position},title=grouse::{}",
                    escape_data(&message)
                )?;
            }
            Outcome::Unchanged | Outcome::SkippedGenerated => {}
        }
    }
    Ok(())
}

/// Escapes a workflow command's message.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
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

    #[test]
    fn workflow_commands_are_escaped() {
        assert_eq!(escape_property("a,b:c%"), "a%2Cb%3Ac%25");
        assert_eq!(escape_data("one\ntwo: x"), "one%0Atwo: x");
    }

    #[test]
    fn colors_wrap_whole_lines() {
        let colored = colorize("--- a\n+++ a\n@@ -1 +1 @@\n-x\n+y\n z\n");
        assert!(colored.contains("\u{1b}[31m-x\u{1b}[0m\n"), "{colored:?}");
        assert!(colored.contains("\u{1b}[32m+y\u{1b}[0m\n"), "{colored:?}");
        assert!(colored.ends_with(" z\n"));
    }
}

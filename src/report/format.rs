//! The output formats of a run: diffs (colored for a terminal) or paths as text, one JSON
//! array, GitHub Actions annotations, and the error lines on stderr.

use std::collections::BTreeSet;
use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use super::outcome::{FileError, FileReport, Mode, Outcome};

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

/// The text format's output: the diff of each file that would change (check mode), colored for a
/// terminal if `color`, or its path (list mode); nothing in fix mode.
pub fn write_text(
    out: &mut dyn Write,
    reports: &[FileReport],
    mode: Mode,
    color: bool,
) -> io::Result<()> {
    for report in reports {
        let Outcome::Changed { diff, .. } = &report.outcome else {
            continue;
        };
        match mode {
            Mode::List => writeln!(out, "{}", report.path.display())?,
            Mode::Check => {
                let diff = diff.as_deref().unwrap_or_default();
                if color {
                    out.write_all(colorize(diff).as_bytes())?;
                } else {
                    out.write_all(diff.as_bytes())?;
                }
            }
            Mode::Fix => {}
        }
    }
    Ok(())
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
            // `path:line:column: message` where there is a position, else `path: message`.
            FileError::Regroup(_) | FileError::NotUtf8 { .. } | FileError::Rustfmt(_)
                if error.position().is_some() =>
            {
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
    fn an_error_without_a_position_is_set_off_from_the_path() {
        let report = |error| FileReport {
            path: "src/a.rs".into(),
            outcome: Outcome::Error(FileError::Regroup(error)),
        };
        let reports = [
            report(crate::Error::Lex {
                line: 2,
                column: 7,
                message: "unterminated block comment".into(),
            }),
            report(crate::Error::Verify {
                message: "the text between runs changed".into(),
            }),
        ];
        let mut out = Vec::new();
        write_errors(&mut out, &reports).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "error: src/a.rs:2:7: unterminated block comment\n\
             error: src/a.rs: internal error: the regrouped text failed verification (the text \
             between runs changed); the file is left as it was, please report this\n"
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

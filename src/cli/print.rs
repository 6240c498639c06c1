//! The one printer of a run, for walked files and stdin alike: the output format on stdout, then
//! the errors and the summary line on stderr.

use std::io::{self, Write};

use super::StaleTemps;
use super::plan::{Plan, Verbosity};
use crate::report::{self, Counts, FileReport, Mode, Outcome, OutputFormat};

/// What the reports printed came from.
#[derive(Clone, Copy, Debug)]
pub enum Input<'a> {
    /// The files a walk found, with their counts for the summary line.
    Files { counts: Counts },
    /// Stdin, with the bytes read: `--fix -` prints them back when nothing changes.
    Stdin { original: &'a [u8] },
}

/// Prints the reports of a run as `plan` says.
pub fn print(
    plan: &Plan,
    input: Input<'_>,
    reports: &[FileReport],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<()> {
    if let (Input::Stdin { original }, Mode::Fix) = (input, plan.mode) {
        // The output is the file itself, for an editor to put in place of its buffer; quiet,
        // silent or not, as they only silence what is said about the file.
        write_fixed_source(out, reports, original)?;
        if plan.verbosity != Verbosity::Silent {
            report::write_errors(err, reports)?;
        }
        return Ok(());
    }
    match plan.verbosity {
        Verbosity::Normal => {}
        Verbosity::Quiet => return report::write_errors(err, reports),
        Verbosity::Silent => return Ok(()),
    }
    match plan.format {
        // Everything is in the array.
        OutputFormat::Json => return report::write_json(out, reports),
        OutputFormat::Github => report::write_github(out, reports, plan.mode)?,
        OutputFormat::Text => report::write_text(out, reports, plan.mode, plan.color)?,
    }
    // What goes to stdout comes out before the errors and the summary that follow it on stderr.
    out.flush()?;
    report::write_errors(err, reports)?;
    // No summary line after a path list, nor for stdin.
    let listed = plan.format == OutputFormat::Text && plan.mode == Mode::List;
    if let (Input::Files { counts }, false) = (input, listed) {
        writeln!(err, "{}", report::summary(counts, plan.mode))?;
    }
    Ok(())
}

/// What became of the temp files killed runs left, after the summary: a line on stderr when
/// there were any (a warning for each that could not be removed, unless silent).
pub fn print_stale_temps(plan: &Plan, temps: &StaleTemps, err: &mut dyn Write) -> io::Result<()> {
    if plan.verbosity == Verbosity::Silent {
        return Ok(());
    }
    for (path, error) in &temps.failed {
        writeln!(
            err,
            "warning: cannot remove {}, a temp file a killed run left: {error}",
            path.display()
        )?;
    }
    if plan.verbosity == Verbosity::Quiet || temps.found == 0 {
        return Ok(());
    }
    let files = |n| if n == 1 { "temp file" } else { "temp files" };
    if plan.mode == Mode::Fix {
        if temps.removed > 0 {
            let n = temps.removed;
            writeln!(
                err,
                "Removed {n} {} left by killed runs of grouse --fix",
                files(n)
            )?;
        }
    } else {
        let n = temps.found;
        writeln!(
            err,
            "{n} {} left by killed runs of grouse --fix found; grouse --fix removes them",
            files(n)
        )?;
    }
    Ok(())
}

/// The regrouped text of stdin, or the original when nothing changed; nothing after an error.
fn write_fixed_source(
    out: &mut dyn Write,
    reports: &[FileReport],
    original: &[u8],
) -> io::Result<()> {
    for report in reports {
        match &report.outcome {
            Outcome::Changed {
                text: Some(text), ..
            } => out.write_all(text.as_bytes())?,
            Outcome::Error(_) => {}
            _ => out.write_all(original)?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::ChangedRun;
    use crate::cli::Args;
    use crate::report::FileError;

    /// What `print` writes to stdout and stderr for `flags` (after `grouse`).
    fn printed(flags: &[&str], input: Input<'_>, reports: &[FileReport]) -> (String, String) {
        let args = Args::try_parse_from(["grouse"].iter().chain(flags)).unwrap();
        let plan = Plan::from_args(&args).unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        print(&plan, input, reports, &mut out, &mut err).unwrap();
        (
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    fn changed(path: &str) -> FileReport {
        FileReport {
            path: path.into(),
            outcome: Outcome::Changed {
                diff: Some(format!("--- {path}\n+++ {path}\n")),
                runs: vec![ChangedRun {
                    start_line: 1,
                    end_line: 2,
                }],
                text: Some("use std::fmt;\n".into()),
            },
        }
    }

    fn failed(path: &str) -> FileReport {
        FileReport {
            path: path.into(),
            outcome: Outcome::Error(FileError::Walk("cannot list".into())),
        }
    }

    const STDIN: Input<'static> = Input::Stdin {
        original: b"use crate::a;\n",
    };

    #[test]
    fn files_get_a_summary_and_stdin_does_not() {
        let reports = [changed("src/a.rs"), failed("src/b.rs")];
        let files = Input::Files {
            counts: Counts::of(&reports),
        };
        let (out, err) = printed(&["--color", "never"], files, &reports);
        assert_eq!(out, "--- src/a.rs\n+++ src/a.rs\n");
        assert_eq!(
            err,
            "error: src/b.rs: cannot list\n1 file would be regrouped, 1 failed\n"
        );
        let (out, err) = printed(&["--color", "never"], STDIN, &reports[..1]);
        assert_eq!(
            (out.as_str(), err.as_str()),
            ("--- src/a.rs\n+++ src/a.rs\n", "")
        );
        let (out, err) = printed(&["--list"], files, &reports);
        assert_eq!(
            (out.as_str(), err.as_str()),
            ("src/a.rs\n", "error: src/b.rs: cannot list\n")
        );
    }

    #[test]
    fn fixing_stdin_prints_the_file_even_when_quiet_or_silent() {
        for flag in ["--quiet", "--silent"] {
            let (out, err) = printed(&["--fix", flag], STDIN, &[changed("-")]);
            assert_eq!(
                (out.as_str(), err.as_str()),
                ("use std::fmt;\n", ""),
                "{flag}"
            );
        }
        let (_, err) = printed(&["--fix", "--quiet"], STDIN, &[failed("-")]);
        assert_eq!(err, "error: -: cannot list\n");
        let (_, err) = printed(&["--fix", "--silent"], STDIN, &[failed("-")]);
        assert_eq!(err, "");
        let unchanged = FileReport {
            path: "-".into(),
            outcome: Outcome::Unchanged,
        };
        for format in ["json", "github"] {
            let flags = ["--fix", "--output-format", format];
            let (out, _) = printed(&flags, STDIN, std::slice::from_ref(&unchanged));
            assert_eq!(out, "use crate::a;\n", "{format}");
        }
        let (out, err) = printed(&["--fix"], STDIN, &[failed("-")]);
        assert_eq!(
            (out.as_str(), err.as_str()),
            ("", "error: -: cannot list\n")
        );
    }

    #[test]
    fn quiet_prints_errors_only_silent_nothing_and_json_is_all_on_stdout() {
        let reports = [changed("src/a.rs"), failed("src/b.rs")];
        let files = Input::Files {
            counts: Counts::of(&reports),
        };
        for format in ["text", "json", "github"] {
            let flags = ["--quiet", "--output-format", format];
            assert_eq!(
                printed(&flags, files, &reports),
                (String::new(), "error: src/b.rs: cannot list\n".to_owned()),
                "{format}"
            );
            let flags = ["--silent", "--output-format", format];
            assert_eq!(
                printed(&flags, files, &reports),
                (String::new(), String::new()),
                "{format}"
            );
        }
        let (out, err) = printed(&["--output-format", "json"], files, &reports);
        assert!(
            out.starts_with('[') && out.contains("\"status\": \"error\""),
            "{out}"
        );
        assert_eq!(err, "");
        let (out, err) = printed(&["--output-format", "github"], STDIN, &reports[..1]);
        assert!(
            out.starts_with("::error file=src/a.rs,line=1,endLine=2,"),
            "{out}"
        );
        assert_eq!(err, "");
    }
}

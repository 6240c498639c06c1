//! The plan of a run: what the flags ask for — mode, output format, color, threads, whether
//! diffs are computed, what is read — derived once, before any file is.

use std::io::{self, IsTerminal};
use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::ValueEnum;

use super::Args;
use crate::report::{Mode, OutputFormat};

/// When to color diffs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When stdout is a terminal and `NO_COLOR` is not set.
    Auto,
    Always,
    Never,
}

/// What a run reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Targets {
    /// Files and directories, walked.
    Paths(Vec<PathBuf>),
    /// One file on stdin, standing for `filename` where one is given.
    Stdin { filename: Option<PathBuf> },
}

/// What a regrouping run does, derived once from the flags.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub mode: Mode,
    pub format: OutputFormat,
    /// Whether diffs are colored.
    pub color: bool,
    pub threads: usize,
    /// Whether each changed file's diff is computed: only where it is printed.
    pub wants_diff: bool,
    /// Print nothing (but the regrouped text of `--fix -`); the exit code says it.
    pub quiet: bool,
    /// Pass each file through rustfmt before regrouping it.
    pub rustfmt: bool,
    pub targets: Targets,
}

impl Plan {
    /// The plan the flags ask for; an error for flags that contradict each other.
    pub fn from_args(args: &Args) -> anyhow::Result<Plan> {
        let mode = if args.fix {
            Mode::Fix
        } else if args.list {
            Mode::List
        } else {
            Mode::Check
        };
        let format = args.output_format;
        let reads_stdin = args.paths.iter().any(|p| p.as_os_str() == "-")
            || (args.paths.is_empty() && args.stdin_filename.is_some());
        let targets = if reads_stdin {
            if args.paths.len() > 1 {
                anyhow::bail!("`-` (stdin) cannot be combined with other paths");
            }
            Targets::Stdin {
                filename: args.stdin_filename.clone(),
            }
        } else if args.paths.is_empty() {
            Targets::Paths(vec![PathBuf::from(".")])
        } else {
            Targets::Paths(args.paths.clone())
        };
        Ok(Plan {
            mode,
            format,
            color: use_color(args.color),
            threads: match args.threads {
                Some(n) => n.get(),
                None => std::thread::available_parallelism().map_or(1, NonZeroUsize::get),
            },
            wants_diff: !args.quiet
                && (format == OutputFormat::Json
                    || (format == OutputFormat::Text && mode == Mode::Check)),
            quiet: args.quiet,
            rustfmt: args.rustfmt,
            targets,
        })
    }
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    fn plan(args: &[&str]) -> Plan {
        Plan::from_args(&Args::try_parse_from(args).unwrap()).unwrap()
    }

    #[test]
    fn the_mode_is_chosen_from_the_flags() {
        assert_eq!(plan(&["grouse"]).mode, Mode::Check);
        assert_eq!(plan(&["grouse", "--fix"]).mode, Mode::Fix);
        assert_eq!(plan(&["grouse", "--list"]).mode, Mode::List);
        assert!(Args::try_parse_from(["grouse", "--fix", "--list"]).is_err());
    }

    #[test]
    fn diffs_are_computed_only_where_they_are_printed() {
        assert!(plan(&["grouse"]).wants_diff);
        assert!(plan(&["grouse", "--output-format", "json", "--fix"]).wants_diff);
        assert!(!plan(&["grouse", "--quiet"]).wants_diff);
        assert!(!plan(&["grouse", "--fix"]).wants_diff);
        assert!(!plan(&["grouse", "--list"]).wants_diff);
        assert!(!plan(&["grouse", "--output-format", "github"]).wants_diff);
    }

    #[test]
    fn stdin_is_read_for_a_dash_or_a_filename_alone() {
        let stdin = |filename: Option<&str>| Targets::Stdin {
            filename: filename.map(PathBuf::from),
        };
        assert_eq!(plan(&["grouse", "-"]).targets, stdin(None));
        assert_eq!(
            plan(&["grouse", "--stdin-filename", "src/a.rs"]).targets,
            stdin(Some("src/a.rs"))
        );
        assert_eq!(
            plan(&["grouse", "--stdin-filepath", "src/a.rs"]).targets,
            stdin(Some("src/a.rs"))
        );
        assert_eq!(
            plan(&["grouse"]).targets,
            Targets::Paths(vec![PathBuf::from(".")])
        );
        let args = Args::try_parse_from(["grouse", "-", "src"]).unwrap();
        let error = Plan::from_args(&args).unwrap_err();
        assert_eq!(
            error.to_string(),
            "`-` (stdin) cannot be combined with other paths"
        );
    }

    #[test]
    fn threads_default_to_the_cores_and_color_follows_the_choice() {
        assert_eq!(plan(&["grouse", "-j", "3"]).threads, 3);
        assert!(plan(&["grouse"]).threads >= 1);
        assert!(plan(&["grouse", "--color", "always"]).color);
        assert!(!plan(&["grouse", "--color", "never"]).color);
    }
}

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

/// How much a run says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verbosity {
    /// Results on stdout; errors, notes and the summary on stderr.
    Normal,
    /// `--quiet`: errors only, on stderr.
    Quiet,
    /// `--silent`: nothing; the exit code says it.
    Silent,
}

/// Which files git is asked for, to restrict a run to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Changed {
    /// `--since REF`: those that differ from REF, and untracked ones that are not ignored.
    Since(String),
    /// `--staged`: those staged for commit.
    Staged,
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
    /// What is printed besides the regrouped text of `--fix -`, which always is.
    pub verbosity: Verbosity,
    /// Pass each file through rustfmt before regrouping it.
    pub rustfmt: bool,
    pub targets: Targets,
    /// The files git says changed, if the run is restricted to them.
    pub changed: Option<Changed>,
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
        if mode == Mode::List && format == OutputFormat::Github {
            anyhow::bail!(
                "--list prints paths and --output-format github annotations on lines: choose one"
            );
        }
        if args.stdin_filename.is_some() && args.paths.iter().any(|p| p.as_os_str() != "-") {
            anyhow::bail!(
                "--stdin-filename reads stdin: it cannot be combined with a PATH (other than `-`)"
            );
        }
        let reads_stdin = args.paths.iter().any(|p| p.as_os_str() == "-")
            || (args.paths.is_empty() && args.stdin_filename.is_some());
        let targets = if reads_stdin {
            if args.paths.len() > 1 {
                anyhow::bail!("`-` (stdin) cannot be combined with other paths");
            }
            if args.since.is_some() || args.staged {
                anyhow::bail!("stdin cannot be read with --since or --staged, which select files");
            }
            Targets::Stdin {
                filename: args.stdin_filename.clone(),
            }
        } else if args.paths.is_empty() {
            Targets::Paths(vec![PathBuf::from(".")])
        } else {
            Targets::Paths(args.paths.clone())
        };
        let verbosity = if args.silent {
            Verbosity::Silent
        } else if args.quiet {
            Verbosity::Quiet
        } else {
            Verbosity::Normal
        };
        let changed = match &args.since {
            Some(reference) => Some(Changed::Since(reference.clone())),
            None => args.staged.then_some(Changed::Staged),
        };
        Ok(Plan {
            mode,
            format,
            color: use_color(args.color),
            threads: match args.threads {
                // 0 is all cores, as ripgrep has it.
                Some(0) | None => std::thread::available_parallelism().map_or(1, NonZeroUsize::get),
                Some(n) => n,
            },
            wants_diff: verbosity == Verbosity::Normal
                && (format == OutputFormat::Json
                    || (format == OutputFormat::Text && mode == Mode::Check)),
            verbosity,
            rustfmt: args.rustfmt,
            targets,
            changed,
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
        assert_eq!(plan(&["grouse", "--check"]).mode, Mode::Check);
        for other in ["--fix", "--list"] {
            assert!(Args::try_parse_from(["grouse", "--check", other]).is_err());
        }
        assert_eq!(plan(&["grouse", "--fix"]).mode, Mode::Fix);
        assert_eq!(plan(&["grouse", "--list"]).mode, Mode::List);
        assert!(Args::try_parse_from(["grouse", "--fix", "--list"]).is_err());
    }

    #[test]
    fn diffs_are_computed_only_where_they_are_printed() {
        assert!(plan(&["grouse"]).wants_diff);
        assert!(plan(&["grouse", "--output-format", "json", "--fix"]).wants_diff);
        assert!(!plan(&["grouse", "--quiet"]).wants_diff);
        assert!(!plan(&["grouse", "--silent"]).wants_diff);
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
    fn quiet_and_silent_are_levels_and_exclusive() {
        assert_eq!(plan(&["grouse"]).verbosity, Verbosity::Normal);
        assert_eq!(plan(&["grouse", "-q"]).verbosity, Verbosity::Quiet);
        assert_eq!(plan(&["grouse", "--silent"]).verbosity, Verbosity::Silent);
        assert!(Args::try_parse_from(["grouse", "-q", "--silent"]).is_err());
    }

    #[test]
    fn since_and_staged_select_files_and_exclude_each_other_and_stdin() {
        assert_eq!(plan(&["grouse"]).changed, None);
        assert_eq!(
            plan(&["grouse", "--since", "main"]).changed,
            Some(Changed::Since("main".into()))
        );
        assert_eq!(plan(&["grouse", "--staged"]).changed, Some(Changed::Staged));
        assert!(Args::try_parse_from(["grouse", "--since", "main", "--staged"]).is_err());
        let args = Args::try_parse_from(["grouse", "--staged", "-"]).unwrap();
        assert!(Plan::from_args(&args).is_err());
    }

    #[test]
    fn threads_default_to_the_cores_and_color_follows_the_choice() {
        assert_eq!(plan(&["grouse", "-j", "3"]).threads, 3);
        assert!(plan(&["grouse"]).threads >= 1);
        let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
        assert_eq!(plan(&["grouse", "-j", "0"]).threads, cores);
        assert_eq!(plan(&["grouse"]).threads, cores);
        assert!(plan(&["grouse", "--color", "always"]).color);
        assert!(!plan(&["grouse", "--color", "never"]).color);
    }
}

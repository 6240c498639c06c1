//! The command line: the arguments, the plan derived from them, the run over every file (in
//! parallel, reported in path order) or stdin, and the exit status.
//!
//! [`plan`] derives what a run does from the flags once; [`cargo`] chooses the packages of
//! `cargo grouse`; [`process`] regroups (and writes) one
//! file; [`print`] prints the reports of files and stdin alike; [`explain`] answers
//! `--explain` and `--show-settings`.

pub mod cargo;
mod changed;
mod explain;
pub mod plan;
mod print;
mod process;

use std::ffi::OsString;
use std::io::{self, Read, Write};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{CommandFactory, Parser};
use ignore::gitignore::{Gitignore, GitignoreBuilder};

pub use self::plan::{ColorChoice, Plan, Targets};
use self::print::Input;
use self::process::FileProcessor;
pub use self::process::{GENERATED_MARKER, GENERATED_MARKER_LINES, read_into};
use crate::config::Resolver;
use crate::report::{Counts, FileError, FileReport, Mode, Outcome, OutputFormat};
use crate::rustfmt::{Rustfmt, RustfmtError};
use crate::walk::{self, Origin};

/// The process exit status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// Nothing to change, or everything fixed.
    Success = 0,
    /// Check mode: something would change. With `--rustfmt --fix -`, also: rustfmt rejected
    /// the text (it does not parse), as rustfmt exits then.
    WouldChange = 1,
    /// A bad argument or config, or a file that could not be processed.
    Error = 2,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> ExitCode {
        ExitCode::from(status as u8)
    }
}

/// The end of `--help`: examples, where config is looked for, the exit codes.
const AFTER_HELP: &str = "\
Examples:
  grouse                           check the current directory: a diff per file to regroup
  grouse --fix                     regroup every Rust file under the current directory
  grouse --check src tests         check these paths only (--check is the default mode)
  grouse --output-format github    in CI: annotations on the lines to regroup
  grouse --since origin/main       only the files changed since a branch (and untracked ones)
  grouse --staged --fix            in a pre-commit hook: only the files staged for commit
  grouse --fix --stdin-filename src/lib.rs -
                                   for an editor: the buffer on stdin, the result on stdout
  cargo grouse --fix               as cargo fmt: the current package (-p NAME, --all: members)

Config: for each file, the nearest of grouse.toml, [package.metadata.grouse] or
[workspace.metadata.grouse] in Cargo.toml, from the file's directory upward (or --config FILE);
rustfmt.toml and Cargo.toml's edition give the style edition. See it with --show-settings.

Exit codes: 0 nothing to change (or all fixed), 1 something would change, 2 an error.";

/// Keeps Rust `use` items in three blocks: std, third-party, project.
///
/// By default, checks: prints a diff for each file that would change and exits 1 if any would.
#[derive(Debug, Parser)]
#[command(name = "grouse", version, about, max_term_width = 100, after_help = AFTER_HELP)]
pub struct Args {
    /// Files or directories to process; `-` reads stdin. Default: the current directory.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Check (the default mode): print a diff for each file that would change, exit 1 if any
    /// would.
    #[arg(long, conflicts_with_all = ["fix", "list"])]
    pub check: bool,

    /// Rewrite files in place (with `-`: write the result to stdout).
    #[arg(long, conflicts_with = "list")]
    pub fix: bool,

    /// Print only the paths of the files that would change (not with --output-format github,
    /// whose annotations are per line).
    #[arg(long)]
    pub list: bool,

    /// Print errors only (on stderr); the exit code says the rest.
    #[arg(short, long)]
    pub quiet: bool,

    /// Print nothing at all, not even errors; the exit code says it. (`--fix -` still prints
    /// the file.)
    #[arg(long, conflicts_with = "quiet")]
    pub silent: bool,

    /// Only the `.rs` files that differ from REF (a commit, branch or tag): changes committed
    /// since, staged or not, and untracked files that are not ignored. Runs git.
    #[arg(long, value_name = "REF", conflicts_with = "staged")]
    pub since: Option<String>,

    /// Only the `.rs` files staged for commit. With --fix, a file that also has unstaged changes
    /// is reported rather than rewritten. Runs git.
    #[arg(long)]
    pub staged: bool,

    /// How to print results.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text, value_name = "FORMAT")]
    pub output_format: OutputFormat,

    /// Use this config file instead of discovering one (a grouse.toml, or a Cargo.toml with a
    /// `[package.metadata.grouse]` or `[workspace.metadata.grouse]` table).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// The path stdin stands for, for config and workspace discovery and in messages (without
    /// it: a file of the current directory). Reads stdin: no other PATH than `-`.
    #[arg(long, visible_alias = "stdin-filepath", value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,

    /// Pass each file (or stdin) through rustfmt first, with the edition and rustfmt.toml
    /// `cargo fmt` would use: format and regroup in one step. The program is `$RUSTFMT`, else
    /// `rustfmt` on PATH. `grouse --rustfmt --fix -` is a drop-in for rust-analyzer's
    /// `rustfmt.overrideCommand`.
    #[arg(long)]
    pub rustfmt: bool,

    /// Print the group a crate name, path or `use` item (`'pub use crate::x::Y'`) goes to, why,
    /// and where the settings came from, for the first PATH (default: the current directory).
    #[arg(long, value_name = "NAME_OR_ITEM")]
    pub explain: Option<String>,

    /// Print the settings resolved for the first PATH (default: the current directory).
    #[arg(long, conflicts_with = "explain")]
    pub show_settings: bool,

    /// Skip paths matching this gitignore-style glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// Number of threads (default, or 0: all cores).
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,

    /// When to color diffs.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Print a completion script for a shell and exit.
    #[arg(long, value_enum, value_name = "SHELL")]
    pub completions: Option<clap_complete::Shell>,
}

/// Parses `args` (the program name first) and runs. Usage errors exit 2, `--help` 0.
pub fn main(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    match Args::try_parse_from(args) {
        Ok(args) => run_with_teardown(args, &|_| {}, Teardown::LeftToProcessExit).into(),
        Err(error) => print_usage_error(&error).into(),
    }
}

/// Prints what clap could not parse (or `--help`, `--version`): exit 2 for an error, else 0.
pub(crate) fn print_usage_error(error: &clap::Error) -> ExitStatus {
    let _ = error.print();
    if error.use_stderr() {
        ExitStatus::Error
    } else {
        ExitStatus::Success
    }
}

/// Runs grouse as the command line does.
pub fn run(args: Args) -> ExitStatus {
    run_with_hook(args, &|_| {})
}

/// Runs grouse, calling `before_write` with each file's path after it was read and regrouped
/// and before it is written (tests use it to change a file mid-run).
pub fn run_with_hook(args: Args, before_write: &(dyn Fn(&Path) + Sync)) -> ExitStatus {
    run_with_teardown(args, before_write, Teardown::FreeEverything)
}

/// What becomes of what a run built once it is done.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Teardown {
    /// The process exits next: what the run built is left to the system rather than freed piece
    /// by piece, most of it by a thread other than the one that allocated it (a few milliseconds
    /// on a large tree, spent after every other thread is done).
    LeftToProcessExit,
    /// The caller goes on (a test, a program using the library): everything is freed.
    FreeEverything,
}

/// Runs grouse on stdout and stderr, and tears down as `teardown` says.
fn run_with_teardown(
    args: Args,
    before_write: &(dyn Fn(&Path) + Sync),
    teardown: Teardown,
) -> ExitStatus {
    let stdout = io::stdout();
    let stderr = io::stderr();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut err = stderr.lock();
    // `--silent` says nothing at all, not even why a run failed.
    let mut sink = io::sink();
    let err: &mut dyn Write = if args.silent { &mut sink } else { &mut err };
    let status = match try_run(&args, &mut out, err, before_write, teardown) {
        Ok(status) => status,
        Err(error) => {
            if is_broken_pipe(&error) {
                // The reader went away: nothing more to say, and no one to say it to.
                return ExitStatus::Success;
            }
            let _ = writeln!(err, "error: {error:#}");
            ExitStatus::Error
        }
    };
    match out.flush() {
        Err(error) if error.kind() != io::ErrorKind::BrokenPipe => {
            let _ = writeln!(err, "error: cannot write to stdout: {error}");
            ExitStatus::Error
        }
        _ => status,
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn try_run(
    args: &Args,
    out: &mut dyn Write,
    err: &mut dyn Write,
    before_write: &(dyn Fn(&Path) + Sync),
    teardown: Teardown,
) -> anyhow::Result<ExitStatus> {
    if let Some(shell) = args.completions {
        clap_complete::generate(shell, &mut Args::command(), "grouse", out);
        return Ok(ExitStatus::Success);
    }
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let resolver = Resolver::new(&cwd, args.config.as_deref());
    if args.explain.is_some() || args.show_settings {
        return explain::explain(args, &resolver, out, err);
    }

    let plan = Plan::from_args(args)?;
    // A `--config` file that cannot be used is the run's error, said once, rather than every
    // file's.
    if let Err(error) = resolver.override_config_error() {
        anyhow::bail!("{error}");
    }
    let changed = match &plan.changed {
        Some(changed) => Some(changed::changed_files(changed, &cwd)?),
        None => None,
    };
    let rustfmt = if plan.rustfmt {
        Some(Rustfmt::find()?)
    } else {
        None
    };
    let processor = FileProcessor {
        plan: &plan,
        resolver: &resolver,
        rustfmt: rustfmt.as_ref(),
        before_write,
        unstaged: changed.as_ref().map(|changed| &changed.unstaged),
    };
    let paths = match &plan.targets {
        Targets::Stdin { filename } => {
            return run_stdin(&processor, filename.as_deref(), out, err);
        }
        Targets::Paths(paths) => paths,
    };

    let excludes = exclude_matcher(&cwd, &args.exclude)?;
    // Each file's panics are caught where it is processed; what is left is the walk itself,
    // such as a thread the system refuses to start: an error of the run, exit 2.
    let visited = panic::catch_unwind(AssertUnwindSafe(|| {
        let only = changed.as_ref().map(|changed| &changed.files);
        match &rustfmt {
            None => walk::visit(paths, &excludes, &resolver, plan.threads, only, &|found| {
                processor.process(found)
            }),
            // rustfmt takes files in batches: the walk comes first.
            Some(rustfmt) => {
                let found =
                    walk::visit(paths, &excludes, &resolver, plan.threads, only, &|found| {
                        found
                    });
                walk::Visited {
                    results: processor.process_in_batches(rustfmt, found.results),
                    stale_temps: found.stale_temps,
                }
            }
        }
    }))
    .map_err(|payload| {
        anyhow::anyhow!(
            "the walk stopped: {}",
            process::panic_message(payload.as_ref())
        )
    })?;
    let reports = visited.results;

    let counts = Counts::of(&reports);
    let status = if counts.errors > 0 {
        ExitStatus::Error
    } else if counts.changed > 0 && plan.mode != Mode::Fix {
        ExitStatus::WouldChange
    } else {
        ExitStatus::Success
    };
    let temps = stale_temps(&plan, &visited.stale_temps);
    let printed = print::print(&plan, Input::Files { counts }, &reports, out, err)
        .and_then(|()| print::print_stale_temps(&plan, &temps, err));
    if teardown == Teardown::LeftToProcessExit {
        std::mem::forget(reports);
        std::mem::forget(resolver);
    }
    status_after_printing(status, printed)
}

/// What became of the temp files that killed runs left: removed in fix mode (those that could
/// be), only found otherwise — a check does not write.
#[derive(Debug, Default)]
pub struct StaleTemps {
    pub found: usize,
    pub removed: usize,
    /// Those that could not be removed, and why.
    pub failed: Vec<(PathBuf, io::Error)>,
}

/// Removes the stale temp files found in fix mode; counts them in the others.
fn stale_temps(plan: &Plan, paths: &[PathBuf]) -> StaleTemps {
    let mut temps = StaleTemps {
        found: paths.len(),
        ..StaleTemps::default()
    };
    if plan.mode == Mode::Fix {
        for path in paths {
            match crate::write::remove_stale_temp(path) {
                Ok(removed) => temps.removed += usize::from(removed),
                Err(error) => temps.failed.push((path.clone(), error)),
            }
        }
    }
    temps
}

/// Regroups stdin, standing for `filename` if given, and prints the result.
fn run_stdin(
    processor: &FileProcessor<'_>,
    filename: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let mut bytes = Vec::new();
    io::stdin()
        .read_to_end(&mut bytes)
        .context("cannot read stdin")?;
    let (path, shown) = match filename {
        Some(name) => (name.to_path_buf(), name.to_path_buf()),
        None => (PathBuf::from("stdin.rs"), PathBuf::from("-")),
    };
    let outcome = processor.regroup_and_write(&path, &bytes, Origin::Stdin, None, &shown);
    let status = match &outcome {
        // As rustfmt itself: editors read its exit 1 as "the text does not parse" and keep the
        // buffer quietly.
        Outcome::Error(FileError::Rustfmt(RustfmtError::Rejected { .. }))
            if processor.plan.mode == Mode::Fix =>
        {
            ExitStatus::WouldChange
        }
        Outcome::Error(_) => ExitStatus::Error,
        Outcome::Changed { .. } if processor.plan.mode != Mode::Fix => ExitStatus::WouldChange,
        _ => ExitStatus::Success,
    };
    let reports = [FileReport {
        path: shown,
        outcome,
    }];
    let input = Input::Stdin { original: &bytes };
    let printed = print::print(processor.plan, input, &reports, out, err);
    status_after_printing(status, printed)
}

/// The status of a run once its reports are printed: the status it had, even when a closed pipe
/// cut the output short; an error when printing failed otherwise.
fn status_after_printing(
    status: ExitStatus,
    printed: io::Result<()>,
) -> anyhow::Result<ExitStatus> {
    match printed {
        Err(error) if error.kind() != io::ErrorKind::BrokenPipe => Err(error.into()),
        _ => Ok(status),
    }
}

/// The `--exclude` globs, as gitignore lines rooted at the current directory.
fn exclude_matcher(cwd: &Path, globs: &[String]) -> anyhow::Result<Gitignore> {
    let mut builder = GitignoreBuilder::new(cwd);
    builder.allow_unclosed_class(false);
    for glob in globs {
        if let Some(error) = builder.add_line(None, glob).err() {
            anyhow::bail!("--exclude {glob:?}: {error}");
        }
    }
    Ok(builder.build()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_stable() {
        assert_eq!(ExitStatus::Success as u8, 0);
        assert_eq!(ExitStatus::WouldChange as u8, 1);
        assert_eq!(ExitStatus::Error as u8, 2);
    }
}

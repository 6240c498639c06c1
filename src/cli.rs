//! The command line: arguments, the mode chosen from them, the run over every file (in parallel,
//! reported in path order) and the exit status.

use std::ffi::OsString;
use std::fs;
use std::io::{self, IsTerminal, Read, Write};
use std::num::NonZeroUsize;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
use clap::{CommandFactory, Parser, ValueEnum};
use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::classify::{self, Reason};
use crate::config::{self, Resolved, Resolver, Shared};
use crate::report::{self, Counts, FileError, FileReport, Mode, Outcome, OutputFormat};
use crate::walk::{self, Found, Origin};
use crate::{Regrouped, write};

/// How many lines from the top a `@generated` marker is looked for in.
pub const GENERATED_MARKER_LINES: usize = 5;
/// The marker of a generated file.
pub const GENERATED_MARKER: &[u8] = b"@generated";

/// The process exit status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// Nothing to change, or everything fixed.
    Success = 0,
    /// Check mode: something would change.
    WouldChange = 1,
    /// A bad argument or config, or a file that could not be processed.
    Error = 2,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> ExitCode {
        ExitCode::from(status as u8)
    }
}

/// When to color diffs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When stdout is a terminal and `NO_COLOR` is not set.
    Auto,
    Always,
    Never,
}

/// Keeps Rust `use` items in three blocks: std, third-party, project.
///
/// By default, checks: prints a diff for each file that would change and exits 1 if any would.
#[derive(Debug, Parser)]
#[command(name = "grouse", version, about, max_term_width = 100)]
pub struct Args {
    /// Files or directories to process; `-` reads stdin. Default: the current directory.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Rewrite files in place (with `-`: write the result to stdout).
    #[arg(long, conflicts_with = "list")]
    pub fix: bool,

    /// Print only the paths of the files that would change.
    #[arg(long)]
    pub list: bool,

    /// Print nothing; the exit code says it.
    #[arg(short, long)]
    pub quiet: bool,

    /// How to print results.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text, value_name = "FORMAT")]
    pub output_format: OutputFormat,

    /// Use this config file instead of discovering one (a grouse.toml, or a Cargo.toml with a
    /// `[package.metadata.grouse]` or `[workspace.metadata.grouse]` table).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// The path stdin stands for, for config and workspace discovery and in messages.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,

    /// Print the group a crate name or path goes to, why, and the config it came from, for the
    /// first PATH (default: the current directory).
    #[arg(long, value_name = "NAME_OR_PATH")]
    pub explain: Option<String>,

    /// Print the settings resolved for the first PATH (default: the current directory).
    #[arg(long, conflicts_with = "explain")]
    pub show_settings: bool,

    /// Skip paths matching this gitignore-style glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// Number of threads (default: all cores).
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<NonZeroUsize>,

    /// When to color diffs.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Print a completion script for a shell and exit.
    #[arg(long, value_enum, value_name = "SHELL")]
    pub completions: Option<clap_complete::Shell>,
}

impl Args {
    /// The mode, chosen once from the flags.
    pub fn mode(&self) -> Mode {
        if self.fix {
            Mode::Fix
        } else if self.list {
            Mode::List
        } else {
            Mode::Check
        }
    }

    fn reads_stdin(&self) -> bool {
        self.paths.iter().any(|p| p.as_os_str() == "-")
            || (self.paths.is_empty() && self.stdin_filename.is_some())
    }
}

/// Parses `args` (the program name first) and runs. Usage errors exit 2, `--help` 0.
pub fn main(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    match Args::try_parse_from(args) {
        Ok(args) => run_until(args, &|_| {}, Ending::ProcessExits).into(),
        Err(error) => {
            let _ = error.print();
            if error.use_stderr() {
                ExitStatus::Error.into()
            } else {
                ExitStatus::Success.into()
            }
        }
    }
}

/// Runs grouse as the command line does.
pub fn run(args: Args) -> ExitStatus {
    run_with_hook(args, &|_| {})
}

/// Runs grouse, calling `before_write` with each file's path after it was read and regrouped
/// and before it is written (tests use it to change a file mid-run).
pub fn run_with_hook(args: Args, before_write: &(dyn Fn(&Path) + Sync)) -> ExitStatus {
    run_until(args, before_write, Ending::CallerGoesOn)
}

/// What follows a run.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ending {
    /// The process exits: what the run built is left to the system rather than freed piece by
    /// piece, most of it by a thread other than the one that allocated it (a few milliseconds on
    /// a large tree, spent after every other thread is done).
    ProcessExits,
    /// The caller goes on (a test, a program using the library): everything is freed.
    CallerGoesOn,
}

/// Runs grouse, with what follows the run in mind.
fn run_until(args: Args, before_write: &(dyn Fn(&Path) + Sync), ending: Ending) -> ExitStatus {
    let stdout = io::stdout();
    let stderr = io::stderr();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut err = stderr.lock();
    let status = match try_run(&args, &mut out, &mut err, before_write, ending) {
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

/// What every file's processing needs.
struct Job<'a> {
    mode: Mode,
    resolver: &'a Resolver,
    wants_diff: bool,
    before_write: &'a (dyn Fn(&Path) + Sync),
}

fn try_run(
    args: &Args,
    out: &mut dyn Write,
    err: &mut dyn Write,
    before_write: &(dyn Fn(&Path) + Sync),
    ending: Ending,
) -> anyhow::Result<ExitStatus> {
    if let Some(shell) = args.completions {
        clap_complete::generate(shell, &mut Args::command(), "grouse", out);
        return Ok(ExitStatus::Success);
    }
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let resolver = Resolver::new(&cwd, args.config.as_deref());
    if args.explain.is_some() || args.show_settings {
        return explain(args, &resolver, out, err);
    }

    let mode = args.mode();
    let threads = match args.threads {
        Some(n) => n.get(),
        None => std::thread::available_parallelism().map_or(1, NonZeroUsize::get),
    };
    let job = Job {
        mode,
        resolver: &resolver,
        wants_diff: !args.quiet
            && (args.output_format == OutputFormat::Json
                || (args.output_format == OutputFormat::Text && mode == Mode::Check)),
        before_write,
    };

    if args.reads_stdin() {
        if args.paths.len() > 1 {
            anyhow::bail!("`-` (stdin) cannot be combined with other paths");
        }
        return run_stdin(args, &job, out, err);
    }

    let excludes = cli_excludes(&cwd, &args.exclude)?;
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    // Each file's panics are caught where it is processed; what is left is the walk itself,
    // such as a thread the system refuses to start: an error of the run, exit 2.
    let reports = panic::catch_unwind(AssertUnwindSafe(|| {
        walk::visit(&paths, &excludes, &resolver, threads, &|found| {
            process(found, &job)
        })
    }))
    .map_err(|payload| anyhow::anyhow!("the walk stopped: {}", panic_message(payload.as_ref())))?;

    let counts = Counts::of(&reports);
    let status = if counts.errors > 0 {
        ExitStatus::Error
    } else if counts.changed > 0 && mode != Mode::Fix {
        ExitStatus::WouldChange
    } else {
        ExitStatus::Success
    };
    let printed = if args.quiet {
        Ok(status)
    } else {
        quiet_on_broken_pipe(
            status,
            print_reports(args, mode, &reports, counts, out, err),
        )
    };
    if ending == Ending::ProcessExits {
        std::mem::forget(reports);
        std::mem::forget(resolver);
    }
    printed
}

/// The status of a run whose output was cut short by a closed pipe is the status it had.
fn quiet_on_broken_pipe(
    status: ExitStatus,
    printed: anyhow::Result<()>,
) -> anyhow::Result<ExitStatus> {
    match printed {
        Err(error) if !is_broken_pipe(&error) => Err(error),
        _ => Ok(status),
    }
}

fn print_reports(
    args: &Args,
    mode: Mode,
    reports: &[FileReport],
    counts: Counts,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    match args.output_format {
        OutputFormat::Json => report::write_json(out, reports)?,
        OutputFormat::Github => {
            report::write_github(out, reports, mode)?;
            report::write_errors(err, reports)?;
            writeln!(err, "{}", report::summary(counts, mode))?;
        }
        OutputFormat::Text => {
            let color = use_color(args.color);
            for report in reports {
                let Outcome::Changed { diff, .. } = &report.outcome else {
                    continue;
                };
                match mode {
                    Mode::List => writeln!(out, "{}", report.path.display())?,
                    Mode::Check => {
                        let diff = diff.as_deref().unwrap_or_default();
                        if color {
                            out.write_all(report::colorize(diff).as_bytes())?;
                        } else {
                            out.write_all(diff.as_bytes())?;
                        }
                    }
                    Mode::Fix => {}
                }
            }
            // Diffs go out before the errors and the summary that follow them on stderr.
            out.flush()?;
            report::write_errors(err, reports)?;
            if mode != Mode::List {
                writeln!(err, "{}", report::summary(counts, mode))?;
            }
        }
    }
    Ok(())
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

fn cli_excludes(cwd: &Path, globs: &[String]) -> anyhow::Result<Gitignore> {
    let mut builder = GitignoreBuilder::new(cwd);
    builder.allow_unclosed_class(false);
    for glob in globs {
        if let Some(error) = builder.add_line(None, glob).err() {
            anyhow::bail!("--exclude {glob:?}: {error}");
        }
    }
    Ok(builder.build()?)
}

/// Processes one file; never panics, never stops the run.
fn process(found: Found, job: &Job<'_>) -> FileReport {
    match found {
        Found::Error { path, message } => FileReport {
            path,
            outcome: Outcome::Error(FileError::Walk(message)),
        },
        Found::File {
            path,
            origin,
            settings,
        } => {
            let outcome = READ_BUFFER.with_borrow_mut(|buffer| {
                let outcome = match read_into(&path, buffer) {
                    Ok(len) => {
                        let bytes = &buffer[..len];
                        regroup_bytes(&path, bytes, origin, settings.as_ref(), &path, job)
                    }
                    Err(error) => Outcome::Error(FileError::Read(error)),
                };
                if buffer.len() > READ_BUFFER_KEPT {
                    *buffer = Vec::new();
                }
                outcome
            });
            FileReport { path, outcome }
        }
    }
}

thread_local! {
    /// Each thread reads every file into the same buffer: no allocation, and no fresh pages to
    /// fault in, per file. All of it is initialized (its length is its size).
    static READ_BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The largest read buffer a thread keeps for the next file.
const READ_BUFFER_KEPT: usize = 8 << 20;

/// Reads the whole of `path` into the start of `buffer`, growing it as needed; returns the
/// length read. Plain reads into room already there: no `statx` and `lseek` for a size hint
/// (as `read_to_end` does), two system calls for a file that fits.
pub fn read_into(path: &Path, buffer: &mut Vec<u8>) -> io::Result<usize> {
    let mut file = fs::File::open(path)?;
    let mut len = 0;
    loop {
        if len == buffer.len() {
            buffer.resize((2 * buffer.len()).max(64 << 10), 0);
        }
        match file.read(&mut buffer[len..]) {
            Ok(0) => return Ok(len),
            Ok(read) => len += read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
}

/// Regroups the contents of `path` (shown as `shown`) with `settings`, looked up by `path` if
/// `None`, and, in fix mode, writes them back. A panic anywhere in that — settings, engine, diff,
/// write — is this file's internal error.
fn regroup_bytes(
    path: &Path,
    bytes: &[u8],
    origin: Origin,
    settings: Option<&Shared<Resolved>>,
    shown: &Path,
    job: &Job<'_>,
) -> Outcome {
    let regroup = || try_regroup_bytes(path, bytes, origin, settings, shown, job);
    match catch_panic(regroup).and_then(|r| r) {
        Ok(outcome) => outcome,
        Err(error) => Outcome::Error(error),
    }
}

fn try_regroup_bytes(
    path: &Path,
    bytes: &[u8],
    origin: Origin,
    settings: Option<&Shared<Resolved>>,
    shown: &Path,
    job: &Job<'_>,
) -> Result<Outcome, FileError> {
    if origin == Origin::Walked && is_generated(bytes) {
        return Ok(Outcome::SkippedGenerated);
    }
    let text = std::str::from_utf8(bytes).map_err(|error| not_utf8(bytes, error))?;
    let looked_up;
    let settings = match settings {
        Some(settings) => settings,
        None => {
            looked_up = job.resolver.for_file(path);
            &looked_up
        }
    };
    let resolved = settings
        .as_ref()
        .map_err(|error| FileError::Config(error.clone()))?;
    let regrouped = crate::regroup(text, &resolved.settings).map_err(FileError::Regroup)?;
    let Regrouped::Changed { text: new, runs } = regrouped else {
        return Ok(Outcome::Unchanged);
    };
    let diff = job
        .wants_diff
        .then(|| report::unified_diff_of_runs(text, &new, &runs, &shown.display().to_string()));
    if job.mode == Mode::Fix && origin != Origin::Stdin {
        (job.before_write)(path);
        write::write_atomic(path, bytes, new.as_bytes()).map_err(FileError::Write)?;
    }
    Ok(Outcome::Changed {
        diff,
        runs,
        text: (origin == Origin::Stdin).then_some(new),
    })
}

/// Runs `f`, turning a panic into an internal error for this file.
fn catch_panic<T>(f: impl FnOnce() -> T) -> Result<T, FileError> {
    panic::catch_unwind(AssertUnwindSafe(f))
        .map_err(|payload| FileError::Panic(panic_message(payload.as_ref())))
}

/// The message a panic was raised with.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_owned())
}

/// Whether the first lines carry the `@generated` marker.
fn is_generated(bytes: &[u8]) -> bool {
    bytes
        .split(|&b| b == b'\n')
        .take(GENERATED_MARKER_LINES)
        .any(|line| {
            line.windows(GENERATED_MARKER.len())
                .any(|w| w == GENERATED_MARKER)
        })
}

/// The position of the first byte that is not UTF-8: 1-based line, and column in characters.
fn not_utf8(bytes: &[u8], error: std::str::Utf8Error) -> FileError {
    let valid = &bytes[..error.valid_up_to()];
    let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
    // The prefix is valid UTF-8, so counting non-continuation bytes counts characters.
    let column = valid[line_start..]
        .iter()
        .filter(|&&b| (b & 0xC0) != 0x80)
        .count()
        + 1;
    FileError::NotUtf8 { line, column }
}

fn run_stdin(
    args: &Args,
    job: &Job<'_>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let mut bytes = Vec::new();
    io::stdin()
        .read_to_end(&mut bytes)
        .context("cannot read stdin")?;
    let (path, shown) = match &args.stdin_filename {
        Some(name) => (name.clone(), name.clone()),
        None => (PathBuf::from("stdin.rs"), PathBuf::from("-")),
    };
    let outcome = regroup_bytes(&path, &bytes, Origin::Stdin, None, &shown, job);
    let report = FileReport {
        path: shown,
        outcome,
    };
    let status = match &report.outcome {
        Outcome::Error(_) => ExitStatus::Error,
        Outcome::Changed { .. } if job.mode != Mode::Fix => ExitStatus::WouldChange,
        _ => ExitStatus::Success,
    };
    quiet_on_broken_pipe(status, print_stdin(args, job, &bytes, &report, out, err))
}

fn print_stdin(
    args: &Args,
    job: &Job<'_>,
    bytes: &[u8],
    report: &FileReport,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    if job.mode == Mode::Fix {
        match &report.outcome {
            Outcome::Changed {
                text: Some(text), ..
            } => out.write_all(text.as_bytes())?,
            Outcome::Error(_) => {}
            _ => out.write_all(bytes)?,
        }
        if !args.quiet {
            report::write_errors(err, std::slice::from_ref(report))?;
        }
        return Ok(());
    }
    if !args.quiet {
        let reports = std::slice::from_ref(report);
        match args.output_format {
            OutputFormat::Json => report::write_json(out, reports)?,
            OutputFormat::Github => report::write_github(out, reports, job.mode)?,
            OutputFormat::Text => {
                if let Outcome::Changed { diff, .. } = &report.outcome {
                    match job.mode {
                        Mode::List => writeln!(out, "{}", report.path.display())?,
                        _ => {
                            let diff = diff.as_deref().unwrap_or_default();
                            if use_color(args.color) {
                                out.write_all(report::colorize(diff).as_bytes())?;
                            } else {
                                out.write_all(diff.as_bytes())?;
                            }
                        }
                    }
                }
            }
        }
        out.flush()?;
        if args.output_format != OutputFormat::Json {
            report::write_errors(err, reports)?;
        }
    }
    Ok(())
}

/// `--explain` and `--show-settings`.
fn explain(
    args: &Args,
    resolver: &Resolver,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let context = args
        .stdin_filename
        .clone()
        .or_else(|| args.paths.iter().find(|p| p.as_os_str() != "-").cloned())
        .unwrap_or_else(|| PathBuf::from("."));
    let resolved = if context.is_dir() {
        resolver.for_dir(&context)
    } else {
        resolver.for_file(&context)
    };
    let resolved: Arc<Resolved> = match resolved {
        Ok(resolved) => resolved,
        Err(error) => {
            writeln!(err, "error: {error}")?;
            return Ok(ExitStatus::Error);
        }
    };
    if args.show_settings {
        out.write_all(config::describe(&resolved, resolver).as_bytes())?;
        return Ok(ExitStatus::Success);
    }
    let name = args.explain.as_deref().unwrap_or_default();
    let settings = &resolved.settings;
    let classification = classify::explain(name, settings);
    let shown = |path: &Path| resolver.shown(path).display().to_string();
    writeln!(out, "{name}: {}", settings.group_name(classification.group))?;
    writeln!(out, "  reason: {}", classification.reason)?;
    match &classification.reason {
        Reason::WorkspaceCrate(crate_name) => {
            if let Some(manifest) = resolved.crate_sources.get(crate_name) {
                writeln!(out, "  declared in: {}", shown(manifest))?;
            }
        }
        Reason::ProjectPattern(_) | Reason::UserGroup { .. } => {
            let key = if matches!(classification.reason, Reason::ProjectPattern(_)) {
                "project"
            } else {
                "group"
            };
            if let Some(config) = &resolved.config {
                let key = if config.table.is_empty() {
                    key.to_owned()
                } else {
                    format!("{}.{key}", config.table)
                };
                writeln!(out, "  from: {} (`{key}`)", shown(&config.path))?;
            }
        }
        _ => {}
    }
    match &resolved.config {
        Some(config) if config.table.is_empty() => {
            writeln!(out, "  config: {}", shown(&config.path))?
        }
        Some(config) => writeln!(out, "  config: {} [{}]", shown(&config.path), config.table)?,
        None => writeln!(out, "  config: none (built-in defaults)")?,
    }
    Ok(ExitStatus::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_bad_byte_is_located_by_line_and_character() {
        let bytes: &[u8] = &[
            b"use std::fmt;\n// \xc3\xa9t\xc3\xa9 ".as_slice(),
            &[0xff, b'\n'],
        ]
        .concat();
        let error = std::str::from_utf8(bytes).unwrap_err();
        match not_utf8(bytes, error) {
            FileError::NotUtf8 { line, column } => assert_eq!((line, column), (2, 8)),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn generated_markers_count_only_near_the_top() {
        assert!(is_generated(b"// @generated by prost\nuse a;\n"));
        assert!(is_generated(b"\n\n\n\n// @generated\n"));
        assert!(!is_generated(b"\n\n\n\n\n// @generated\n"));
        assert!(!is_generated(b"use a;\n"));
    }

    #[test]
    fn a_panic_becomes_an_internal_error_for_the_file() {
        let result: Result<(), FileError> = catch_panic(|| panic!("boom"));
        let error = result.unwrap_err();
        assert!(
            matches!(&error, FileError::Panic(message) if message == "boom"),
            "{error:?}"
        );
        assert!(
            error
                .to_string()
                .starts_with("internal error: grouse panicked on this file (boom)")
        );
    }

    #[test]
    fn a_panic_after_regrouping_is_the_files_internal_error_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.rs");
        let bytes = b"use crate::a;\nuse std::fmt;\n";
        fs::write(&path, bytes).unwrap();
        let resolver = Resolver::new(dir.path(), None);
        let job = Job {
            mode: Mode::Fix,
            resolver: &resolver,
            wants_diff: true,
            before_write: &|_: &Path| panic!("injected before the write"),
        };
        let outcome = regroup_bytes(&path, bytes, Origin::Explicit, None, &path, &job);
        assert!(
            matches!(&outcome, Outcome::Error(FileError::Panic(m)) if m == "injected before the write"),
            "{outcome:?}"
        );
        assert_eq!(fs::read(&path).unwrap(), bytes);
    }

    #[test]
    fn the_mode_is_chosen_from_the_flags() {
        let parse = |args: &[&str]| Args::try_parse_from(args).unwrap().mode();
        assert_eq!(parse(&["grouse"]), Mode::Check);
        assert_eq!(parse(&["grouse", "--fix"]), Mode::Fix);
        assert_eq!(parse(&["grouse", "--list"]), Mode::List);
        assert!(Args::try_parse_from(["grouse", "--fix", "--list"]).is_err());
    }

    #[test]
    fn exit_codes_are_stable() {
        assert_eq!(ExitStatus::Success as u8, 0);
        assert_eq!(ExitStatus::WouldChange as u8, 1);
        assert_eq!(ExitStatus::Error as u8, 2);
    }
}

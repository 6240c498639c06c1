//! `cargo grouse`: what to work on is chosen as `cargo fmt` chooses it — the current package, the
//! packages named by `-p`, every member with `--all`, starting from `--manifest-path` — then grouse
//! runs on those packages' directories with the rest of its flags.
//!
//! A package is its directory tree. A member nested in another selected member's directory is
//! walked once, as its own package: the outer package's tree leaves out the directories of the
//! packages selected separately, and keeps those of the others.

use std::ffi::OsString;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Parser;

use super::{Args, ExitStatus, Teardown};
use crate::config::{CargoPackage, MANIFEST_FILE, Resolver};

/// The end of `cargo grouse --help`.
const AFTER_HELP: &str = "\
Examples:
  cargo grouse                     check the current package (at a virtual workspace's root:
                                   every member)
  cargo grouse --fix               regroup the current package's files
  cargo grouse --all --check       check every member of the workspace
  cargo grouse -p core -p cli      only these members
  cargo grouse --manifest-path crates/core/Cargo.toml --fix
                                   the package of that manifest

A package is its directory tree; a member nested in another is walked once. PATHs, `-` (stdin)
and the other flags work as with `grouse` (see `grouse --help`); PATHs replace the package
selection.

Exit codes: 0 nothing to change (or all fixed), 1 something would change, 2 an error.";

/// Keeps Rust `use` items in three blocks: std, third-party, project — for the current package,
/// as `cargo fmt` chooses it.
///
/// By default, checks: prints a diff for each file that would change and exits 1 if any would.
#[derive(Debug, Parser)]
#[command(
    name = "cargo-grouse",
    bin_name = "cargo grouse",
    version,
    max_term_width = 100,
    after_help = AFTER_HELP,
    mut_arg("paths", |arg| arg.help(
        "Files or directories to process instead of packages; `-` reads stdin. Default: the \
         current package"
    ))
)]
pub struct CargoArgs {
    /// Only this package of the workspace (repeatable).
    #[arg(
        short,
        long = "package",
        value_name = "NAME",
        help_heading = "Package Selection"
    )]
    pub packages: Vec<String>,

    /// Every package of the workspace.
    #[arg(
        long,
        visible_alias = "workspace",
        conflicts_with = "packages",
        help_heading = "Package Selection"
    )]
    pub all: bool,

    /// The Cargo.toml to start from, instead of the one of the current directory.
    #[arg(long, value_name = "PATH", help_heading = "Package Selection")]
    pub manifest_path: Option<PathBuf>,

    #[command(flatten)]
    pub grouse: Args,
}

/// Parses `args` (the program name first, cargo's `grouse` already dropped) and runs. Usage
/// errors exit 2, `--help` 0.
pub fn main(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    match CargoArgs::try_parse_from(args) {
        Ok(args) => run(args).into(),
        Err(error) => super::print_usage_error(&error).into(),
    }
}

/// Runs grouse on the packages `args` select.
fn run(mut args: CargoArgs) -> ExitStatus {
    match select(&args) {
        Ok(Some(paths)) => args.grouse.paths = paths,
        Ok(None) => {}
        Err(error) => {
            if !args.grouse.silent {
                let _ = writeln!(io::stderr(), "error: {error:#}");
            }
            return ExitStatus::Error;
        }
    }
    super::run_with_teardown(args.grouse, &|_| {}, Teardown::LeftToProcessExit)
}

/// The directories of the packages selected, relative to the current directory; `None` when
/// the run is not about packages (PATHs, stdin, `--explain`, `--show-settings`,
/// `--completions`).
fn select(args: &CargoArgs) -> anyhow::Result<Option<Vec<PathBuf>>> {
    let grouse = &args.grouse;
    let selecting = !args.packages.is_empty() || args.all || args.manifest_path.is_some();
    let elsewhere = [
        (!grouse.paths.is_empty(), "a PATH"),
        (grouse.stdin_filename.is_some(), "--stdin-filename"),
        (grouse.explain.is_some(), "--explain"),
        (grouse.show_settings, "--show-settings"),
        (grouse.completions.is_some(), "--completions"),
    ]
    .into_iter()
    .find_map(|(given, what)| given.then_some(what));
    if let Some(what) = elsewhere {
        if selecting {
            anyhow::bail!("{what} cannot be combined with -p, --all or --manifest-path");
        }
        return Ok(None);
    }

    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let resolver = Resolver::new(&cwd, None);
    let start = match &args.manifest_path {
        Some(path) => manifest_dir(path)?,
        None => cwd.clone(),
    };
    let found = resolver
        .cargo_packages(&start)
        .map_err(|error| anyhow::anyhow!("{error}"))?;
    let Some(packages) = found else {
        anyhow::bail!(
            "could not find `{MANIFEST_FILE}` in `{}` or any parent directory",
            start.display()
        );
    };
    let cwd = resolver.canonical_dir(&cwd);
    let root = relative(&cwd, &packages.root_manifest);
    let selected: Vec<&CargoPackage> = if !args.packages.is_empty() {
        let mut selected = Vec::new();
        for name in &args.packages {
            let Some(member) = packages.members.iter().find(|m| &m.name == name) else {
                let mut names: Vec<&str> =
                    packages.members.iter().map(|m| m.name.as_str()).collect();
                names.sort_unstable();
                anyhow::bail!(
                    "package `{name}` is not a member of the workspace of {}; its members: {}",
                    root.display(),
                    names.join(", ")
                );
            };
            selected.push(member);
        }
        selected
    } else if args.all {
        packages.members.iter().collect()
    } else {
        match &packages.current {
            Some(current) => vec![current],
            None => packages.members.iter().collect(),
        }
    };
    if selected.is_empty() {
        anyhow::bail!(
            "{} is a virtual manifest and its workspace has no members",
            root.display()
        );
    }
    let mut paths: Vec<PathBuf> = selected.iter().map(|p| relative(&cwd, &p.dir)).collect();
    paths.sort();
    paths.dedup();
    Ok(Some(paths))
}

/// The directory of the manifest `--manifest-path` names.
fn manifest_dir(path: &Path) -> anyhow::Result<PathBuf> {
    if path.file_name() != Some(MANIFEST_FILE.as_ref()) {
        anyhow::bail!(
            "--manifest-path {}: the manifest path must be a path to a {MANIFEST_FILE} file",
            path.display()
        );
    }
    if !path.is_file() {
        anyhow::bail!(
            "--manifest-path {}: the manifest path does not exist",
            path.display()
        );
    }
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    Ok(dir.to_path_buf())
}

/// `to` as a path from `from` (both absolute and canonical): `.`, a path below, or `..` up to
/// where they part and down again.
fn relative(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut path = PathBuf::new();
    for _ in common..from.len() {
        path.push("..");
    }
    for component in &to[common..] {
        path.push(component);
    }
    if path.as_os_str().is_empty() {
        path.push(".");
    }
    path
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn a_relative_path_goes_up_to_where_the_paths_part() {
        let relative = |from: &str, to: &str| relative(Path::new(from), Path::new(to));
        assert_eq!(relative("/w", "/w"), PathBuf::from("."));
        assert_eq!(relative("/w", "/w/crates/a"), PathBuf::from("crates/a"));
        assert_eq!(
            relative("/w/crates/a/src", "/w/crates/a"),
            PathBuf::from("..")
        );
        assert_eq!(
            relative("/w/crates/a", "/w/crates/b"),
            PathBuf::from("../b")
        );
        assert_eq!(relative("/w/x", "/other"), PathBuf::from("../../other"));
    }

    #[test]
    fn the_flags_are_cargo_fmts_then_grouses() {
        CargoArgs::command().debug_assert();
        let args = CargoArgs::try_parse_from([
            "cargo-grouse",
            "-p",
            "a",
            "--package",
            "b",
            "--check",
            "-j",
            "2",
        ])
        .unwrap();
        assert_eq!(args.packages, ["a", "b"]);
        assert!(args.grouse.check);
        assert_eq!(args.grouse.threads, Some(2));
        for all in ["--all", "--workspace"] {
            assert!(
                CargoArgs::try_parse_from(["cargo-grouse", all])
                    .unwrap()
                    .all
            );
            assert!(CargoArgs::try_parse_from(["cargo-grouse", all, "-p", "a"]).is_err());
        }
    }
}

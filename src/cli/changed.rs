//! `--since REF` and `--staged`: the Rust files git says changed, asked of the `git` found on
//! PATH, as sets of absolute paths for the walk to keep to.

use std::ffi::OsString;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::Context as _;

use super::plan::Changed;
use crate::walk::FileSet;

/// The files a restricted run takes, and those of them it must not rewrite.
#[derive(Debug)]
pub struct ChangedFiles {
    /// The `.rs` files that changed (deleted ones aside).
    pub files: FileSet,
    /// With `--staged`: those of `files` that also have unstaged changes, which a fix would mix
    /// into what is staged. Empty with `--since`.
    pub unstaged: FileSet,
}

/// Asks git, from `cwd`, for the files `changed` selects.
pub fn changed_files(changed: &Changed, cwd: &Path) -> anyhow::Result<ChangedFiles> {
    let flag = match changed {
        Changed::Since(_) => "--since",
        Changed::Staged => "--staged",
    };
    let top = toplevel(cwd, flag)?;
    let base = std::fs::canonicalize(cwd).context("cannot resolve the current directory")?;
    let diff = [
        "diff",
        "--name-only",
        "-z",
        "--no-renames",
        "--diff-filter=d",
    ];
    let (files, unstaged) = match changed {
        Changed::Since(reference) => {
            if reference.starts_with('-') {
                anyhow::bail!("--since {reference:?}: not a git revision");
            }
            let mut files = git(&top, &[&diff[..], &[reference, "--"]].concat(), flag)?;
            let untracked = ["ls-files", "--others", "--exclude-standard", "-z"];
            files.extend(git(&top, &untracked, flag)?);
            (files, Vec::new())
        }
        Changed::Staged => {
            let staged = git(&top, &[&diff[..], &["--cached"]].concat(), flag)?;
            let unstaged = git(&top, &["diff", "--name-only", "-z", "--no-renames"], flag)?;
            (staged, unstaged)
        }
    };
    let set = |names: Vec<PathBuf>| FileSet::new(&base, names.into_iter().map(|n| top.join(n)));
    Ok(ChangedFiles {
        files: set(files),
        unstaged: set(unstaged),
    })
}

/// The root of the work tree `cwd` is in; a clear error outside one, or without git.
fn toplevel(cwd: &Path, flag: &str) -> anyhow::Result<PathBuf> {
    let output = run(cwd, &["rev-parse", "--show-toplevel"], flag)?;
    if !output.status.success() {
        anyhow::bail!(
            "{flag} needs a git repository, and {} is not in one ({})",
            cwd.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    let mut path = output.stdout;
    while path.last().is_some_and(|b| b.is_ascii_whitespace()) {
        path.pop();
    }
    Ok(PathBuf::from(os_string(path)))
}

/// The `.rs` paths git prints, NUL-separated, for `args`, run in `dir`.
fn git(dir: &Path, args: &[&str], flag: &str) -> anyhow::Result<Vec<PathBuf>> {
    let output = run(dir, args, flag)?;
    if !output.status.success() {
        anyhow::bail!(
            "{flag}: `git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(output
        .stdout
        .split(|&b| b == 0)
        .filter(|name| name.ends_with(b".rs"))
        .map(|name| PathBuf::from(os_string(name.to_vec())))
        .collect())
}

fn run(dir: &Path, args: &[&str], flag: &str) -> anyhow::Result<std::process::Output> {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .map_err(|error| match error.kind() {
            io::ErrorKind::NotFound => anyhow::anyhow!("{flag} runs git, which is not on PATH"),
            _ => anyhow::anyhow!("{flag}: cannot run git: {error}"),
        })
}

#[cfg(unix)]
fn os_string(bytes: Vec<u8>) -> OsString {
    std::os::unix::ffi::OsStringExt::from_vec(bytes)
}

#[cfg(not(unix))]
fn os_string(bytes: Vec<u8>) -> OsString {
    String::from_utf8_lossy(&bytes).into_owned().into()
}

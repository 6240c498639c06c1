//! rustfmt as a subprocess: the program `cargo fmt` would run (`$RUSTFMT`, else `rustfmt` on
//! `PATH`), run on one file's text through stdin with the arguments `cargo fmt` gives it, and
//! what its failures mean.
//!
//! The text goes through stdin rather than by path so that rustfmt formats that file alone (given
//! a path, it follows `mod` declarations into other files) and writes nothing. Two things differ
//! for stdin and are put right here:
//! - rustfmt looks for its config (`rustfmt.toml`, `.rustfmt.toml`, then the user's) from its
//!   working directory, not from the file's: it runs in the file's directory, so it finds exactly
//!   the config it would for the file. (`--config-path DIR` would not do: it looks in `DIR` only,
//!   and fails where the config is in a parent.)
//! - the edition is not discovered: `--edition` is the package's, as `cargo fmt` passes it.

use std::env;
use std::ffi::OsString;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::settings::StyleEdition;

/// The environment variable that names the rustfmt program, as for `cargo fmt`.
pub const RUSTFMT_VAR: &str = "RUSTFMT";
/// The program looked for on `PATH` when `$RUSTFMT` is not set.
const RUSTFMT_PROGRAM: &str = "rustfmt";

/// rustfmt could not be found: one error for the whole run.
#[derive(Debug, thiserror::Error)]
pub enum NotFound {
    #[error("rustfmt not found: ${RUSTFMT_VAR} is {0:?}, which is not a file")]
    Var(PathBuf),
    #[error("rustfmt not found: ${RUSTFMT_VAR} is {0:?}, which is not on PATH")]
    VarNotOnPath(OsString),
    #[error(
        "rustfmt not found on PATH; install it with `rustup component add rustfmt`, or set \
         ${RUSTFMT_VAR} to its path"
    )]
    NotOnPath,
}

/// Why rustfmt gave no text for a file. The file is left as it was.
#[derive(Debug, thiserror::Error)]
pub enum RustfmtError {
    /// rustfmt could not be started.
    #[error("cannot run rustfmt ({}): {source}", program.display())]
    Spawn {
        program: PathBuf,
        #[source]
        source: io::Error,
    },
    /// rustfmt failed on the text, mostly because it does not parse: its first error, and where.
    #[error("{}", rejected_text(message, *position))]
    Rejected {
        message: String,
        position: Option<(usize, usize)>,
    },
    /// rustfmt said it succeeded but printed nothing for a file that is not empty.
    #[error("rustfmt printed nothing for a file that is not empty; the file is left as it was")]
    NoOutput,
    /// rustfmt printed text that is not UTF-8.
    #[error("rustfmt printed text that is not UTF-8; the file is left as it was")]
    NotUtf8,
}

fn rejected_text(message: &str, position: Option<(usize, usize)>) -> String {
    match position {
        Some((line, column)) => format!("{line}:{column}: {}", rejected_message(message)),
        None => rejected_message(message),
    }
}

fn rejected_message(message: &str) -> String {
    format!("rustfmt: {message}; the file is left as it was")
}

impl RustfmtError {
    /// 1-based line and column, where rustfmt gave them.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            RustfmtError::Rejected { position, .. } => *position,
            _ => None,
        }
    }

    /// The message without its position.
    pub fn message(&self) -> String {
        match self {
            RustfmtError::Rejected { message, .. } => rejected_message(message),
            other => other.to_string(),
        }
    }
}

/// The rustfmt program of a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rustfmt {
    program: PathBuf,
}

impl Rustfmt {
    /// The program `cargo fmt` would run: `$RUSTFMT` if set (a path, or a name looked up on
    /// `PATH`), else `rustfmt` on `PATH`.
    pub fn find() -> Result<Rustfmt, NotFound> {
        let path = env::var_os("PATH").unwrap_or_default();
        match env::var_os(RUSTFMT_VAR).filter(|v| !v.is_empty()) {
            Some(name) if Path::new(&name).components().count() > 1 => {
                let program = PathBuf::from(name);
                if program.is_file() {
                    Ok(Rustfmt { program })
                } else {
                    Err(NotFound::Var(program))
                }
            }
            Some(name) => on_path(&name, &path)
                .map(|program| Rustfmt { program })
                .ok_or(NotFound::VarNotOnPath(name)),
            None => on_path(RUSTFMT_PROGRAM.as_ref(), &path)
                .map(|program| Rustfmt { program })
                .ok_or(NotFound::NotOnPath),
        }
    }

    /// The program that is run.
    pub fn program(&self) -> &Path {
        &self.program
    }

    /// Formats `text`, a file of directory `dir` (absolute; it need not exist, its nearest
    /// existing ancestor stands for it) in a package of `edition`: rustfmt's output.
    pub fn format(
        &self,
        text: &str,
        dir: &Path,
        edition: Option<StyleEdition>,
    ) -> Result<String, RustfmtError> {
        let mut command = Command::new(&self.program);
        command.args(["--emit", "stdout"]);
        if let Some(edition) = edition {
            command.args(["--edition", edition.as_str()]);
        }
        if let Some(dir) = dir.ancestors().find(|d| d.is_dir()) {
            command.current_dir(dir);
        }
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|source| RustfmtError::Spawn {
                program: self.program.clone(),
                source,
            })?;
        let mut stdin = child.stdin.take().expect("stdin is piped");
        // Written from another thread while this one reads: a file larger than a pipe's buffer
        // would otherwise wait on rustfmt, which waits to write its output.
        let output = std::thread::scope(|scope| {
            scope.spawn(move || {
                // rustfmt may exit without reading it all (a bad argument): its exit status
                // says what went wrong.
                let _ = stdin.write_all(text.as_bytes());
            });
            child.wait_with_output()
        })
        .map_err(|source| RustfmtError::Spawn {
            program: self.program.clone(),
            source,
        })?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            return Err(rejected(&stderr, &output.status.to_string()));
        }
        let formatted = String::from_utf8(output.stdout).map_err(|_| RustfmtError::NotUtf8)?;
        if formatted.is_empty() && !text.is_empty() {
            return Err(RustfmtError::NoOutput);
        }
        Ok(formatted)
    }
}

impl Rustfmt {
    /// Formats the files at `paths` (absolute) on disk, of packages of `edition`, in one rustfmt
    /// process: their formatted texts in the same order, or `None` when rustfmt failed on any of
    /// them or printed what cannot be split by file (then format each on its own, with
    /// [`Rustfmt::format`], to learn which failed and why).
    ///
    /// Starting rustfmt costs more than formatting a typical file (about 12 ms here, 25 through
    /// rustup's proxy): a run over a tree takes its files in batches, as `cargo fmt` does. Each
    /// file alone (`skip_children`: no `mod` is followed); rustfmt finds each file's config from
    /// its directory, and prints each file's text after a `PATH:` line and a blank line.
    pub fn format_files(
        &self,
        paths: &[&Path],
        edition: Option<StyleEdition>,
    ) -> Option<Vec<String>> {
        let mut command = Command::new(&self.program);
        command.args(["--emit", "stdout", "--config", "skip_children=true"]);
        if let Some(edition) = edition {
            command.args(["--edition", edition.as_str()]);
        }
        let output = command
            .args(paths)
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()?;
        if !output.status.success() {
            return None;
        }
        split_by_file(String::from_utf8(output.stdout).ok()?, paths)
    }
}

/// Splits rustfmt's output for `paths` into each file's text. A text that held the very line
/// that heads the next file would be cut short there: a line of the next file's absolute path
/// followed by `:` and a blank line, which no source file holds.
fn split_by_file(output: String, paths: &[&Path]) -> Option<Vec<String>> {
    let headers: Vec<String> = paths
        .iter()
        .map(|p| Some(format!("{}:\n\n", p.to_str()?)))
        .collect::<Option<_>>()?;
    let mut texts = Vec::with_capacity(paths.len());
    let mut rest = output.as_str();
    for (i, header) in headers.iter().enumerate() {
        rest = rest.strip_prefix(header.as_str())?;
        let end = match headers.get(i + 1) {
            Some(next) => rest.find(&format!("\n{next}"))? + 1,
            None => rest.len(),
        };
        texts.push(rest[..end].to_owned());
        rest = &rest[end..];
    }
    Some(texts)
}

/// The first error of rustfmt's stderr (`error: message`, then ` --> <stdin>:line:column`), or
/// its first line, or the exit status when it said nothing.
fn rejected(stderr: &str, status: &str) -> RustfmtError {
    let mut lines = stderr.lines().map(str::trim).filter(|l| !l.is_empty());
    let Some(first) = lines
        .clone()
        .find(|l| l.starts_with("error"))
        .or(lines.next())
    else {
        return RustfmtError::Rejected {
            message: format!("{status}, with no message"),
            position: None,
        };
    };
    let message = first
        .strip_prefix("error")
        .and_then(|rest| rest.split_once(": ").map(|(_, message)| message))
        .unwrap_or(first);
    let position = stderr
        .lines()
        .map(str::trim)
        .skip_while(|l| *l != first)
        .skip(1)
        .take_while(|l| !l.starts_with("error"))
        .find_map(|l| l.strip_prefix("--> "))
        .and_then(|location| {
            let mut parts = location.rsplitn(3, ':');
            let column = parts.next()?.parse().ok()?;
            let line = parts.next()?.parse().ok()?;
            Some((line, column))
        });
    RustfmtError::Rejected {
        message: message.to_owned(),
        position,
    }
}

/// `name` in the first directory of `path` (a `PATH` value) that holds it as a file.
fn on_path(name: &std::ffi::OsStr, path: &std::ffi::OsStr) -> Option<PathBuf> {
    let mut file_name = name.to_owned();
    file_name.push(env::consts::EXE_SUFFIX);
    env::split_paths(path)
        .map(|dir| dir.join(&file_name))
        .find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_error_and_its_position_are_taken_from_stderr() {
        let stderr = "error: this file contains an unclosed delimiter\n --> <stdin>:3:12\n  |\n\
                      3 | fn main( {\n  |        - -^\n\nerror: expected one of `:`\n \
                      --> <stdin>:4:1\n";
        let error = rejected(stderr, "exit status: 1");
        assert_eq!(error.position(), Some((3, 12)));
        assert_eq!(
            error.to_string(),
            "3:12: rustfmt: this file contains an unclosed delimiter; the file is left as it was"
        );
        assert_eq!(
            error.message(),
            "rustfmt: this file contains an unclosed delimiter; the file is left as it was"
        );
    }

    #[test]
    fn a_failure_without_an_error_line_names_what_there_is() {
        let error = rejected("Warning: something odd\n", "exit status: 1");
        assert_eq!(error.position(), None);
        assert_eq!(error.message(), rejected_message("Warning: something odd"));
        let error = rejected("", "exit status: 3");
        assert_eq!(
            error.message(),
            rejected_message("exit status: 3, with no message")
        );
        let error = rejected("error[E0001]: coded\n --> <stdin>:1:2\n", "exit status: 1");
        assert_eq!(
            (error.message(), error.position()),
            (rejected_message("coded"), Some((1, 2)))
        );
    }

    #[test]
    fn a_batchs_output_is_split_by_the_file_headers() {
        let (a, b) = (Path::new("/p/a.rs"), Path::new("/p/b.rs"));
        let output = "/p/a.rs:\n\nfn a() {}\n// /p/b.rs:\n/p/b.rs:\n\n/p/b.rs:\nfn b() {}\n";
        assert_eq!(
            split_by_file(output.to_owned(), &[a, b]).unwrap(),
            ["fn a() {}\n// /p/b.rs:\n", "/p/b.rs:\nfn b() {}\n"]
        );
        assert_eq!(split_by_file("/p/a.rs:\n\n".to_owned(), &[a, b]), None);
        assert_eq!(split_by_file("/p/b.rs:\n\n".to_owned(), &[a]), None);
        assert_eq!(
            split_by_file("/p/a.rs:\n\n".to_owned(), &[a]).unwrap(),
            [""]
        );
    }

    #[test]
    fn a_program_is_found_in_the_first_directory_of_path_that_has_it() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let name = format!("fmt-prog{}", env::consts::EXE_SUFFIX);
        std::fs::write(b.path().join(&name), "").unwrap();
        let path = env::join_paths([a.path(), b.path()]).unwrap();
        assert_eq!(
            on_path("fmt-prog".as_ref(), &path),
            Some(b.path().join(&name))
        );
        assert_eq!(on_path("absent".as_ref(), &path), None);
    }
}

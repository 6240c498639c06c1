//! Processing one file: read it (into a buffer each thread keeps), skip it if generated,
//! regroup it with its settings, compute its diff if the plan wants one and, in fix mode, write
//! it — with any panic on the way turned into that file's error.

use std::fs;
use std::io::{self, Read};
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;

use super::plan::Plan;
use crate::config::{Resolved, Resolver, Shared};
use crate::report::{self, FileError, FileReport, Mode, Outcome};
use crate::rustfmt::Rustfmt;
use crate::walk::{Found, Origin};
use crate::{ChangedRun, Regrouped, write};

/// How many lines from the top a `@generated` marker is looked for in.
pub const GENERATED_MARKER_LINES: usize = 5;
/// The marker of a generated file.
pub const GENERATED_MARKER: &[u8] = b"@generated";

/// What regrouping each file needs: the plan, the settings, rustfmt with `--rustfmt`, and the
/// hook before a write.
pub struct FileProcessor<'a> {
    pub plan: &'a Plan,
    pub resolver: &'a Resolver,
    /// With `--rustfmt`: each file goes through it before it is regrouped.
    pub rustfmt: Option<&'a Rustfmt>,
    /// Called with a file's path after it was read and regrouped and before it is written.
    pub before_write: &'a (dyn Fn(&Path) + Sync),
}

impl FileProcessor<'_> {
    /// Processes one file; never panics, never stops the run.
    pub fn process(&self, found: Found) -> FileReport {
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
                            self.regroup_and_write(&path, bytes, origin, settings.as_ref(), &path)
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

    /// Regroups the contents of `path` (shown as `shown`) with `settings`, looked up by `path`
    /// if `None`, and, in fix mode, writes them back. A panic anywhere in that — settings,
    /// engine, diff, write — is this file's internal error.
    pub fn regroup_and_write(
        &self,
        path: &Path,
        bytes: &[u8],
        origin: Origin,
        settings: Option<&Shared<Resolved>>,
        shown: &Path,
    ) -> Outcome {
        let regroup = || self.try_regroup_and_write(path, bytes, origin, settings, shown);
        match catch_panic(regroup).and_then(|r| r) {
            Ok(outcome) => outcome,
            Err(error) => Outcome::Error(error),
        }
    }

    fn try_regroup_and_write(
        &self,
        path: &Path,
        bytes: &[u8],
        origin: Origin,
        settings: Option<&Shared<Resolved>>,
        shown: &Path,
    ) -> Result<Outcome, FileError> {
        if origin == Origin::Walked && is_generated(bytes) {
            return Ok(Outcome::SkippedGenerated);
        }
        let text = std::str::from_utf8(bytes).map_err(|error| not_utf8(bytes, error))?;
        let looked_up;
        let settings = match settings {
            Some(settings) => settings,
            None => {
                looked_up = self.resolver.for_file(path);
                &looked_up
            }
        };
        let resolved = settings
            .as_ref()
            .map_err(|error| FileError::Config(error.clone()))?;
        let (new, runs, diff) = match self.rustfmt {
            None => {
                let regrouped =
                    crate::regroup(text, &resolved.settings).map_err(FileError::Regroup)?;
                let Regrouped::Changed { text: new, runs } = regrouped else {
                    return Ok(Outcome::Unchanged);
                };
                let diff = self.plan.wants_diff.then(|| {
                    report::unified_diff_of_runs(text, &new, &runs, &shown.display().to_string())
                });
                (new, runs, diff)
            }
            Some(rustfmt) => {
                let dir = match path.parent() {
                    Some(parent) if !parent.as_os_str().is_empty() => parent,
                    _ => Path::new("."),
                };
                let dir = self.resolver.canonical_dir(dir);
                let formatted = rustfmt
                    .format(text, &dir, resolved.edition)
                    .map_err(FileError::Rustfmt)?;
                let new = match crate::regroup(&formatted, &resolved.settings)
                    .map_err(FileError::Regroup)?
                {
                    Regrouped::Changed { text, .. } => text,
                    Regrouped::Unchanged => formatted,
                };
                if new == text {
                    return Ok(Outcome::Unchanged);
                }
                // Formatting can change any line: the runs are the changed lines, and the diff
                // is over the whole texts.
                let runs = changed_lines(text, &new);
                let diff = self
                    .plan
                    .wants_diff
                    .then(|| report::unified_diff(text, &new, &shown.display().to_string()));
                (new, runs, diff)
            }
        };
        if self.plan.mode == Mode::Fix && origin != Origin::Stdin {
            (self.before_write)(path);
            write::write_atomic(path, bytes, new.as_bytes()).map_err(FileError::Write)?;
        }
        Ok(Outcome::Changed {
            diff,
            runs,
            text: (origin == Origin::Stdin).then_some(new),
        })
    }
}

/// The lines of `old` that differ from `new`, as runs of consecutive changed lines: where a
/// change only inserts lines, the line before which they go (the last line, at the end).
fn changed_lines(old: &str, new: &str) -> Vec<ChangedRun> {
    let diff = similar::TextDiff::from_lines(old, new);
    let last_line = old.split_inclusive('\n').count().max(1);
    diff.grouped_ops(0)
        .iter()
        .filter_map(|group| {
            let start = group.first()?.old_range().start;
            let end = group.last()?.old_range().end;
            let start_line = (start + 1).min(last_line);
            Some(ChangedRun {
                start_line,
                end_line: end.max(start_line),
            })
        })
        .collect()
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

/// Runs `f`, turning a panic into an internal error for this file.
fn catch_panic<T>(f: impl FnOnce() -> T) -> Result<T, FileError> {
    panic::catch_unwind(AssertUnwindSafe(f))
        .map_err(|payload| FileError::Panic(panic_message(payload.as_ref())))
}

/// The message a panic was raised with.
pub(super) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Args;

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
        let args = <Args as clap::Parser>::try_parse_from(["grouse", "--fix"]).unwrap();
        let processor = FileProcessor {
            plan: &Plan::from_args(&args).unwrap(),
            resolver: &resolver,
            rustfmt: None,
            before_write: &|_: &Path| panic!("injected before the write"),
        };
        let outcome = processor.regroup_and_write(&path, bytes, Origin::Explicit, None, &path);
        assert!(
            matches!(&outcome, Outcome::Error(FileError::Panic(m)) if m == "injected before the write"),
            "{outcome:?}"
        );
        assert_eq!(fs::read(&path).unwrap(), bytes);
    }
}

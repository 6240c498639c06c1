//! Processing one file: read it (into a buffer each thread keeps), skip it if generated,
//! regroup it with its settings, compute its diff if the plan wants one and, in fix mode, write
//! it — with any panic on the way turned into that file's error.

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Read};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering as AtomicOrdering};

use super::plan::Plan;
use crate::config::{Resolved, Resolver, Shared};
use crate::report::{self, FileError, FileReport, Mode, Outcome};
use crate::rustfmt::Rustfmt;
use crate::walk::{FileSet, Found, Origin};
use crate::{ChangedRun, Regrouped, StyleEdition, write};

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
    /// With `--staged`, the files with unstaged changes too: a fix would mix those into what is
    /// staged, so such a file is an error where it would be rewritten.
    pub unstaged: Option<&'a FileSet>,
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
        self.regroup_formatted_and_write(path, bytes, origin, settings, shown, None)
    }

    /// [`FileProcessor::regroup_and_write`], with rustfmt's text of the file when it was
    /// formatted already (with others, in a batch).
    fn regroup_formatted_and_write(
        &self,
        path: &Path,
        bytes: &[u8],
        origin: Origin,
        settings: Option<&Shared<Resolved>>,
        shown: &Path,
        formatted: Option<String>,
    ) -> Outcome {
        let regroup =
            || self.try_regroup_and_write(path, bytes, origin, settings, shown, formatted);
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
        formatted: Option<String>,
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
                let formatted = match formatted {
                    Some(formatted) => formatted,
                    None => rustfmt
                        .format(text, &self.resolver.canonical_dir(dir), resolved.edition)
                        .map_err(FileError::Rustfmt)?,
                };
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
            if self
                .unstaged
                .is_some_and(|unstaged| unstaged.contains(path))
            {
                return Err(FileError::Unstaged);
            }
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

impl FileProcessor<'_> {
    /// With `--rustfmt`: processes the files a walk found, on the plan's threads, each taking
    /// batches of files formatted by one rustfmt process; the reports in the order of `found`.
    pub fn process_in_batches(&self, rustfmt: &Rustfmt, found: Vec<Found>) -> Vec<FileReport> {
        let threads = self.plan.threads.max(1);
        let size = found
            .len()
            .div_ceil(threads * BATCHES_PER_THREAD)
            .clamp(1, BATCH_FILES);
        let batches: Vec<&[Found]> = found.chunks(size).collect();
        let next = AtomicUsize::new(0);
        let mut done: Vec<(usize, Vec<FileReport>)> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads.min(batches.len()))
                .map(|_| {
                    scope.spawn(|| {
                        let mut done = Vec::new();
                        loop {
                            let i = next.fetch_add(1, AtomicOrdering::Relaxed);
                            let Some(batch) = batches.get(i) else {
                                return done;
                            };
                            done.push((i, self.process_batch(rustfmt, batch)));
                        }
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|worker| worker.join().unwrap_or_else(|p| panic::resume_unwind(p)))
                .collect()
        });
        done.sort_by_key(|(i, _)| *i);
        done.into_iter().flat_map(|(_, reports)| reports).collect()
    }

    /// One batch: each file read, those rustfmt is to format formatted together (one process
    /// per edition), then each regrouped and written as [`FileProcessor::regroup_and_write`]
    /// does. Where the batch fails, each of its files is formatted on its own.
    fn process_batch(&self, rustfmt: &Rustfmt, batch: &[Found]) -> Vec<FileReport> {
        struct File<'a> {
            path: &'a Path,
            origin: Origin,
            settings: Shared<Resolved>,
            bytes: io::Result<Vec<u8>>,
            /// The absolute path rustfmt is given, for a file it is to format.
            absolute: Option<PathBuf>,
            formatted: Option<String>,
        }
        let mut files = Vec::with_capacity(batch.len());
        let mut reports: Vec<Option<FileReport>> = Vec::with_capacity(batch.len());
        for found in batch {
            match found {
                Found::Error { path, message } => reports.push(Some(FileReport {
                    path: path.clone(),
                    outcome: Outcome::Error(FileError::Walk(message.clone())),
                })),
                Found::File {
                    path,
                    origin,
                    settings,
                } => {
                    let settings = settings
                        .clone()
                        .unwrap_or_else(|| self.resolver.for_file(path));
                    let bytes = fs::read(path);
                    let formats = bytes.as_ref().is_ok_and(|bytes| {
                        !(*origin == Origin::Walked && is_generated(bytes))
                            && std::str::from_utf8(bytes).is_ok()
                    }) && settings.is_ok();
                    let absolute = formats.then(|| {
                        let dir = match path.parent() {
                            Some(parent) if !parent.as_os_str().is_empty() => parent,
                            _ => Path::new("."),
                        };
                        let name = path.file_name().unwrap_or_default();
                        self.resolver.canonical_dir(dir).join(name)
                    });
                    files.push((
                        reports.len(),
                        File {
                            path,
                            origin: *origin,
                            settings,
                            bytes,
                            absolute,
                            formatted: None,
                        },
                    ));
                    reports.push(None);
                }
            }
        }
        let editions: BTreeSet<Option<StyleEdition>> = files
            .iter()
            .filter(|(_, f)| f.absolute.is_some())
            .filter_map(|(_, f)| f.settings.as_ref().ok().map(|r| r.edition))
            .collect();
        for edition in editions {
            let mut of_edition: Vec<&mut File> = files
                .iter_mut()
                .map(|(_, f)| f)
                .filter(|f| {
                    f.absolute.is_some() && f.settings.as_ref().is_ok_and(|r| r.edition == edition)
                })
                .collect();
            let paths: Vec<&Path> = of_edition
                .iter()
                .filter_map(|f| f.absolute.as_deref())
                .collect();
            let formatted = catch_panic(|| rustfmt.format_files(&paths, edition))
                .ok()
                .flatten();
            if let Some(formatted) = formatted {
                for (file, text) in of_edition.iter_mut().zip(formatted) {
                    file.formatted = Some(text);
                }
            }
        }
        for (at, file) in files {
            let outcome = match file.bytes {
                Ok(bytes) => self.regroup_formatted_and_write(
                    file.path,
                    &bytes,
                    file.origin,
                    Some(&file.settings),
                    file.path,
                    file.formatted,
                ),
                Err(error) => Outcome::Error(FileError::Read(error)),
            };
            reports[at] = Some(FileReport {
                path: file.path.to_path_buf(),
                outcome,
            });
        }
        reports.into_iter().flatten().collect()
    }
}

/// Batches per thread with `--rustfmt`, for the threads to share the work evenly.
const BATCHES_PER_THREAD: usize = 4;
/// The most files one rustfmt process formats with `--rustfmt`.
const BATCH_FILES: usize = 64;

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
            unstaged: None,
        };
        let outcome = processor.regroup_and_write(&path, bytes, Origin::Explicit, None, &path);
        assert!(
            matches!(&outcome, Outcome::Error(FileError::Panic(m)) if m == "injected before the write"),
            "{outcome:?}"
        );
        assert_eq!(fs::read(&path).unwrap(), bytes);
    }
}

//! What users see: per-file outcomes rendered as diffs, path lists, JSON or GitHub annotations,
//! the summary line and the error messages.

use std::collections::BTreeSet;
use std::fmt::{self, Write as _};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anstyle::{AnsiColor, Style};
use serde::Serialize;
use similar::{Algorithm, ChangeTag, DiffOp};

use crate::ChangedRun;
use crate::config::ConfigError;
use crate::write::WriteError;

/// Lines of context around each change in a diff, as `diff -u`.
pub const DIFF_CONTEXT: usize = 3;

/// What happened to one file.
#[derive(Debug)]
pub struct FileReport {
    /// The path as shown to users.
    pub path: PathBuf,
    pub outcome: Outcome,
}

impl crate::walk::Processed for FileReport {
    fn path(&self) -> &Path {
        &self.path
    }
}

#[derive(Debug)]
pub enum Outcome {
    Unchanged,
    /// Would change (check) or was rewritten (fix). The diff is computed when it is shown; the
    /// new text is kept only for stdin.
    Changed {
        diff: Option<String>,
        runs: Vec<ChangedRun>,
        text: Option<String>,
    },
    /// Found by walking and generated (`@generated` near the top).
    SkippedGenerated,
    Error(FileError),
}

/// Why one file could not be processed. The file is left as it was.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error(transparent)]
    Config(Arc<ConfigError>),
    #[error("cannot read: {0}")]
    Read(#[source] io::Error),
    #[error("{0}")]
    Walk(String),
    #[error("{line}:{column}: not valid UTF-8; the file is left as it was")]
    NotUtf8 { line: usize, column: usize },
    #[error(transparent)]
    Regroup(crate::Error),
    #[error(
        "internal error: grouse panicked on this file ({0}); the file is left as it was, \
         please report this"
    )]
    Panic(String),
    #[error(transparent)]
    Write(WriteError),
}

impl FileError {
    /// 1-based line and column where they apply.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            FileError::NotUtf8 { line, column } => Some((*line, *column)),
            FileError::Regroup(error) => error.line().zip(error.column()),
            _ => None,
        }
    }

    /// The message without its position.
    pub fn message(&self) -> String {
        match self {
            FileError::NotUtf8 { .. } => "not valid UTF-8; the file is left as it was".to_owned(),
            FileError::Regroup(error) => error.message(),
            other => other.to_string(),
        }
    }
}

/// What the run does with files that would change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Report what would change; exit 1 if anything would.
    Check,
    /// Rewrite files in place.
    Fix,
    /// Print only the paths that would change.
    List,
}

/// How results are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Diffs or paths on stdout, summary and errors on stderr.
    Text,
    /// One JSON array on stdout.
    Json,
    /// GitHub Actions workflow commands, one annotation per changed run.
    Github,
}

/// Counts for the summary line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub changed: usize,
    pub unchanged: usize,
    pub skipped: usize,
    pub errors: usize,
}

impl Counts {
    pub fn of(reports: &[FileReport]) -> Counts {
        let mut counts = Counts::default();
        for report in reports {
            match report.outcome {
                Outcome::Unchanged => counts.unchanged += 1,
                Outcome::Changed { .. } => counts.changed += 1,
                Outcome::SkippedGenerated => counts.skipped += 1,
                Outcome::Error(_) => counts.errors += 1,
            }
        }
        counts
    }
}

fn files(n: usize) -> &'static str {
    if n == 1 { "file" } else { "files" }
}

/// The summary line, e.g. `2 files would be regrouped, 118 already grouped, 3 skipped (generated)`.
pub fn summary(counts: Counts, mode: Mode) -> String {
    let mut parts: Vec<String> = Vec::new();
    let push = |parts: &mut Vec<String>, n: usize, text: &str| {
        if n > 0 {
            let count = if parts.is_empty() {
                format!("{n} {}", files(n))
            } else {
                n.to_string()
            };
            parts.push(format!("{count} {text}"));
        }
    };
    if counts.changed > 0 {
        match mode {
            Mode::Fix => parts.push(format!(
                "Regrouped {} {}",
                counts.changed,
                files(counts.changed)
            )),
            Mode::Check | Mode::List => push(&mut parts, counts.changed, "would be regrouped"),
        }
    }
    push(&mut parts, counts.unchanged, "already grouped");
    push(&mut parts, counts.skipped, "skipped (generated)");
    push(&mut parts, counts.errors, "failed");
    if parts.is_empty() {
        return "No Rust files found".to_owned();
    }
    parts.join(", ")
}

/// The unified diff of a file the engine changed in `runs` (line ranges of `old`).
///
/// Outside its runs a regrouped file is byte for byte the same, so only the lines of each run
/// (and their context) are split and handed to the diff algorithm: the cost follows the size of
/// the change, not the size of the file. Should the texts not line up that way, this falls back
/// to [`unified_diff`].
pub fn unified_diff_of_runs(old: &str, new: &str, runs: &[ChangedRun], path: &str) -> String {
    match RunLines::of(old, new, runs) {
        Some(lines) => {
            let size = lines.old.size() + lines.new.size() + 64 * runs.len();
            hunks(path, lines.ops, &lines.old, &lines.new, 0, size)
        }
        None => unified_diff(old, new, path),
    }
}

/// The lines of two texts that a diff by runs needs, by line index, and the diff operations over
/// the whole texts.
struct RunLines<'a> {
    old: SparseLines<'a>,
    new: SparseLines<'a>,
    ops: Vec<DiffOp>,
}

/// Some lines of a text, by 0-based line index: recorded in any order (a line may be recorded
/// twice, as the context of two runs), then sorted once, as a diff has a few dozen of them.
#[derive(Default)]
struct SparseLines<'a>(Vec<(usize, &'a str)>);

impl<'a> std::ops::Index<usize> for SparseLines<'a> {
    type Output = &'a str;

    fn index(&self, index: usize) -> &&'a str {
        let at = self
            .0
            .binary_search_by_key(&index, |&(i, _)| i)
            .expect("every line a diff shows is recorded");
        &self.0[at].1
    }
}

impl<'a> SparseLines<'a> {
    /// Records the line `text`, the line `index` of its text.
    fn push(&mut self, index: usize, text: &'a str) {
        self.0.push((index, text));
    }

    /// Records up to `count` lines of `text` from byte `at`, the start of line `index`.
    fn take(&mut self, text: &'a str, mut at: usize, index: usize, count: usize) {
        for i in 0..count {
            if at >= text.len() {
                break;
            }
            let end =
                memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |n| at + n + 1);
            self.push(index + i, &text[at..end]);
            at = end;
        }
    }

    /// Records up to `count` lines of `text` that end at byte `end`, the start of line `index`.
    fn take_before(&mut self, text: &'a str, mut end: usize, index: usize, count: usize) {
        for i in 1..=count.min(index) {
            let start = memchr::memrchr(b'\n', &text.as_bytes()[..end - 1]).map_or(0, |n| n + 1);
            self.push(index - i, &text[start..end]);
            end = start;
        }
    }

    /// The bytes a diff takes to show every line recorded, each once.
    fn size(&self) -> usize {
        self.0.iter().map(|(_, text)| text.len() + 1).sum()
    }

    /// Sorts the lines by index, once all are recorded.
    fn sort(&mut self) {
        self.0.sort_unstable_by_key(|&(i, _)| i);
        self.0.dedup_by_key(|&mut (i, _)| i);
    }
}

impl<'a> RunLines<'a> {
    fn of(old: &'a str, new: &'a str, runs: &[ChangedRun]) -> Option<RunLines<'a>> {
        let is_blank = |line: &str| line.trim().is_empty();
        let mut lines = RunLines {
            old: SparseLines::default(),
            new: SparseLines::default(),
            // Per run: the lines before it, and its own (a few at most).
            ops: Vec::with_capacity(4 * runs.len() + 1),
        };
        // The next unread line of `old`: its index and byte offset; the same byte in `new`.
        let (mut line, mut at, mut new_at) = (0, 0, 0);
        let mut delta: isize = 0;
        for run in runs {
            let (start, end) = (run.start_line.checked_sub(1)?, run.end_line);
            if start < line || end <= start {
                return None;
            }
            // The shared lines before the run.
            let gap_start = at;
            at = after_lines(old.as_bytes(), at, start - line)?;
            line = start;
            let gap = at - gap_start;
            if old.get(gap_start..at)? != new.get(new_at..new_at + gap)? {
                return None;
            }
            new_at += gap;
            let new_line = line.checked_add_signed(delta)?;
            let (old_done, new_done) = (lines_after(&lines.ops), lines_after_new(&lines.ops));
            if line > old_done {
                lines.ops.push(DiffOp::Equal {
                    old_index: old_done,
                    new_index: new_done,
                    len: line - old_done,
                });
            }
            lines.old.take_before(old, at, line, DIFF_CONTEXT);
            lines.new.take_before(new, new_at, new_line, DIFF_CONTEXT);

            // The run: the same non-blank lines in both texts, only blank lines differ.
            let run_start = at;
            let last = after_lines(old.as_bytes(), at, end - line - 1)?;
            // The run's last line may be the file's last, without a newline.
            at = after_lines(old.as_bytes(), last, 1).unwrap_or(old.len());
            if at == run_start {
                return None;
            }
            line = end;
            let mut old_run = Vec::with_capacity(end - start);
            old_run.extend(old[run_start..at].split_inclusive('\n'));
            let wanted = old_run.iter().filter(|l| !is_blank(l)).count();
            let mut new_run = Vec::with_capacity(old_run.len() + 4);
            let mut seen = 0;
            while seen < wanted {
                let rest = new.get(new_at..).filter(|r| !r.is_empty())?;
                let end = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |n| n + 1);
                let text = &rest[..end];
                seen += usize::from(!is_blank(text));
                new_run.push(text);
                new_at += text.len();
            }
            for (i, text) in old_run.iter().enumerate() {
                lines.old.push(start + i, text);
            }
            for (i, text) in new_run.iter().enumerate() {
                lines.new.push(new_line + i, text);
            }
            for op in similar::capture_diff_slices(Algorithm::Myers, &old_run, &new_run) {
                lines.ops.push(shift(op, start, new_line));
            }
            delta += new_run.len() as isize - old_run.len() as isize;
            lines.old.take(old, at, line, DIFF_CONTEXT);
            lines
                .new
                .take(new, new_at, line.checked_add_signed(delta)?, DIFF_CONTEXT);
        }
        // The shared lines after the last run: the same text; only its first lines can show.
        if old.get(at..)? != new.get(new_at..)? {
            return None;
        }
        let tail = old[at..]
            .split_inclusive('\n')
            .take(DIFF_CONTEXT + 1)
            .count();
        if tail > 0 {
            lines.ops.push(DiffOp::Equal {
                old_index: lines_after(&lines.ops),
                new_index: lines_after_new(&lines.ops),
                len: tail,
            });
        }
        lines.old.sort();
        lines.new.sort();
        Some(lines)
    }
}

/// The offset just after the `count`-th newline of `text` from `from`, counting newlines a
/// chunk at a time.
fn after_lines(text: &[u8], mut from: usize, mut count: usize) -> Option<usize> {
    while count > 0 {
        let chunk = text
            .get(from..(from + CHUNK).min(text.len()))
            .filter(|c| !c.is_empty())?;
        // A chunk's count fits in a byte, and summing bytes vectorizes.
        let newlines = usize::from(chunk.iter().fold(0u8, |n, &b| n + u8::from(b == b'\n')));
        if newlines < count {
            count -= newlines;
            from += chunk.len();
            continue;
        }
        let last = memchr::memchr_iter(b'\n', chunk).nth(count - 1)?;
        return Some(from + last + 1);
    }
    Some(from)
}

fn lines_after(ops: &[DiffOp]) -> usize {
    ops.last().map_or(0, |op| op.old_range().end)
}

fn lines_after_new(ops: &[DiffOp]) -> usize {
    ops.last().map_or(0, |op| op.new_range().end)
}

/// A unified diff of one file, headed by its path.
///
/// The lines the two texts share at their start and end are set aside first, and only the lines
/// between them are handed to the diff algorithm.
pub fn unified_diff(old: &str, new: &str, path: &str) -> String {
    let window = Window::of(old, new, DIFF_CONTEXT);
    let old_lines: Vec<&str> = old[window.start..window.old_end]
        .split_inclusive('\n')
        .collect();
    let new_lines: Vec<&str> = new[window.start..window.new_end]
        .split_inclusive('\n')
        .collect();
    let (before, after) = (window.context_before, window.context_after);
    let (old_middle, new_middle) = (old_lines.len() - after, new_lines.len() - after);
    let mut ops = Vec::new();
    if before > 0 {
        ops.push(DiffOp::Equal {
            old_index: 0,
            new_index: 0,
            len: before,
        });
    }
    for op in similar::capture_diff_slices(
        Algorithm::Myers,
        &old_lines[before..old_middle],
        &new_lines[before..new_middle],
    ) {
        ops.push(shift(op, before, before));
    }
    if after > 0 {
        ops.push(DiffOp::Equal {
            old_index: old_middle,
            new_index: new_middle,
            len: after,
        });
    }
    let size = window.old_end - window.start + window.new_end - window.start;
    hunks(
        path,
        ops,
        &old_lines[..],
        &new_lines[..],
        window.lines,
        size,
    )
}

/// Writes diff operations over lines as unified diff hunks with [`DIFF_CONTEXT`] lines of
/// context; `offset` is the number of lines before the first one given, `size` about the bytes
/// of the lines shown, to allocate the text once.
fn hunks<'a, Lines>(
    path: &str,
    ops: Vec<DiffOp>,
    old_lines: &Lines,
    new_lines: &Lines,
    offset: usize,
    size: usize,
) -> String
where
    Lines: std::ops::Index<usize, Output = &'a str> + ?Sized,
{
    let mut out = String::with_capacity(2 * path.len() + 16 + size);
    for group in similar::group_diff_ops(ops, DIFF_CONTEXT) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        if out.is_empty() {
            let _ = write!(out, "--- {path}\n+++ {path}\n");
        }
        let old_range = HunkRange(
            offset + first.old_range().start,
            offset + last.old_range().end,
        );
        let new_range = HunkRange(
            offset + first.new_range().start,
            offset + last.new_range().end,
        );
        let _ = writeln!(out, "@@ -{old_range} +{new_range} @@");
        for op in &group {
            for change in op.iter_changes(old_lines, new_lines) {
                let line: &str = change.value();
                out.push(match change.tag() {
                    ChangeTag::Equal => ' ',
                    ChangeTag::Delete => '-',
                    ChangeTag::Insert => '+',
                });
                out.push_str(line);
                if !line.ends_with('\n') {
                    out.push_str("\n\\ No newline at end of file\n");
                }
            }
        }
    }
    out
}

fn shift(op: DiffOp, old_by: usize, new_by: usize) -> DiffOp {
    match op {
        DiffOp::Equal {
            old_index,
            new_index,
            len,
        } => DiffOp::Equal {
            old_index: old_index + old_by,
            new_index: new_index + new_by,
            len,
        },
        DiffOp::Delete {
            old_index,
            old_len,
            new_index,
        } => DiffOp::Delete {
            old_index: old_index + old_by,
            old_len,
            new_index: new_index + new_by,
        },
        DiffOp::Insert {
            old_index,
            new_index,
            new_len,
        } => DiffOp::Insert {
            old_index: old_index + old_by,
            new_index: new_index + new_by,
            new_len,
        },
        DiffOp::Replace {
            old_index,
            old_len,
            new_index,
            new_len,
        } => DiffOp::Replace {
            old_index: old_index + old_by,
            old_len,
            new_index: new_index + new_by,
            new_len,
        },
    }
}

/// The lines two texts do not share at their ends, with up to `context` shared lines around
/// them. Offsets are in bytes; the window starts at the same offset in both texts.
#[derive(Debug, PartialEq, Eq)]
struct Window {
    start: usize,
    old_end: usize,
    new_end: usize,
    /// Lines before the window.
    lines: usize,
    /// Shared lines at the start and at the end of the window.
    context_before: usize,
    context_after: usize,
}

impl Window {
    fn of(old: &str, new: &str, context: usize) -> Window {
        let (o, n) = (old.as_bytes(), new.as_bytes());
        let next_line = |at: usize| {
            o[at..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(o.len(), |i| at + i + 1)
        };
        let line_start = |at: usize| {
            o[..at]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1)
        };

        // Whole lines shared at the start.
        let prefix = common_prefix(o, n);
        let mut start = line_start(prefix);
        if prefix == o.len() && prefix == n.len() {
            start = o.len();
        }
        // Whole lines shared at the end, not overlapping those at the start.
        let limit = o.len().min(n.len()) - start;
        let suffix = common_suffix(&o[o.len() - limit..], &n[n.len() - limit..]);
        let mut end = o.len() - suffix;
        let new_end = |end: usize| n.len() - (o.len() - end);
        let at_line_start = |text: &[u8], at: usize| at == 0 || text[at - 1] == b'\n';
        while end < o.len() && !(at_line_start(o, end) && at_line_start(n, new_end(end))) {
            end = next_line(end);
        }

        let mut context_before = 0;
        while context_before < context && start > 0 {
            start = line_start(start - 1);
            context_before += 1;
        }
        let mut context_after = 0;
        while context_after < context && end < o.len() {
            end = next_line(end);
            context_after += 1;
        }
        Window {
            start,
            old_end: end,
            new_end: new_end(end),
            lines: o[..start].iter().filter(|&&b| b == b'\n').count(),
            context_before,
            context_after,
        }
    }
}

/// Bytes compared at a time when looking for where two texts start to differ, or counted at a
/// time when looking for a line (fewer than 256).
const CHUNK: usize = 64;

/// The length of the longest common prefix, compared a chunk at a time.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let len = a.len().min(b.len());
    let mut at = 0;
    while at + CHUNK <= len && a[at..at + CHUNK] == b[at..at + CHUNK] {
        at += CHUNK;
    }
    at + a[at..len]
        .iter()
        .zip(&b[at..len])
        .take_while(|(x, y)| x == y)
        .count()
}

/// The length of the longest common suffix, compared a chunk at a time.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    let len = a.len().min(b.len());
    let (a, b) = (&a[a.len() - len..], &b[b.len() - len..]);
    let mut at = len;
    while at >= CHUNK && a[at - CHUNK..at] == b[at - CHUNK..at] {
        at -= CHUNK;
    }
    len - at
        + a[..at]
            .iter()
            .rev()
            .zip(b[..at].iter().rev())
            .take_while(|(x, y)| x == y)
            .count()
}

/// A hunk's line range as `diff -u` writes it: `start,len`, `start` alone for one line.
struct HunkRange(usize, usize);

impl fmt::Display for HunkRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let len = self.1 - self.0;
        match len {
            1 => write!(f, "{}", self.0 + 1),
            // An empty range names the line before it.
            0 => write!(f, "{},0", self.0),
            _ => write!(f, "{},{len}", self.0 + 1),
        }
    }
}

/// Colors a unified diff for a terminal: headers bold, hunk headers cyan, removals red,
/// additions green.
pub fn colorize(diff: &str) -> String {
    let bold = Style::new().bold();
    let cyan = Style::new().fg_color(Some(AnsiColor::Cyan.into()));
    let red = Style::new().fg_color(Some(AnsiColor::Red.into()));
    let green = Style::new().fg_color(Some(AnsiColor::Green.into()));
    let mut out = String::with_capacity(diff.len() + diff.len() / 4);
    for line in diff.split_inclusive('\n') {
        let style = if line.starts_with("---") || line.starts_with("+++") {
            bold
        } else if line.starts_with("@@") {
            cyan
        } else if line.starts_with('-') {
            red
        } else if line.starts_with('+') {
            green
        } else {
            out.push_str(line);
            continue;
        };
        let (text, newline) = match line.strip_suffix('\n') {
            Some(text) => (text, "\n"),
            None => (line, ""),
        };
        out.push_str(&format!("{style}{text}{style:#}{newline}"));
    }
    out
}

/// Prints the errors of a run to stderr, each once: a config error shared by many files is
/// reported once, naming the config file.
pub fn write_errors(err: &mut dyn Write, reports: &[FileReport]) -> io::Result<()> {
    let mut seen_config = BTreeSet::new();
    for report in reports {
        let Outcome::Error(error) = &report.outcome else {
            continue;
        };
        match error {
            FileError::Config(config) => {
                let message = config.to_string();
                if seen_config.insert(message.clone()) {
                    writeln!(err, "error: {message}")?;
                }
            }
            // `path:line:column: message` where there is a position, else `path: message`.
            FileError::Regroup(_) | FileError::NotUtf8 { .. } if error.position().is_some() => {
                writeln!(err, "error: {}:{error}", report.path.display())?;
            }
            _ => writeln!(err, "error: {}: {error}", report.path.display())?,
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: String,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    diff: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<JsonError>,
}

#[derive(Serialize)]
struct JsonError {
    message: String,
    line: Option<usize>,
    column: Option<usize>,
}

/// One JSON array with an entry per file, `[]` when there are none.
pub fn write_json(out: &mut dyn Write, reports: &[FileReport]) -> io::Result<()> {
    let files: Vec<JsonFile> = reports
        .iter()
        .map(|report| {
            let path = report.path.display().to_string();
            match &report.outcome {
                Outcome::Unchanged => JsonFile {
                    path,
                    status: "unchanged",
                    diff: None,
                    error: None,
                },
                Outcome::Changed { diff, .. } => JsonFile {
                    path,
                    status: "changed",
                    diff: diff.as_deref(),
                    error: None,
                },
                Outcome::SkippedGenerated => JsonFile {
                    path,
                    status: "skipped",
                    diff: None,
                    error: None,
                },
                Outcome::Error(error) => {
                    let position = error.position();
                    JsonFile {
                        path,
                        status: "error",
                        diff: None,
                        error: Some(JsonError {
                            message: match error {
                                FileError::Config(config) => config.to_string(),
                                other => other.message(),
                            },
                            line: position.map(|p| p.0),
                            column: position.map(|p| p.1),
                        }),
                    }
                }
            }
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &files).map_err(io::Error::from)?;
    writeln!(out)
}

/// GitHub Actions workflow commands: an annotation per changed run and per error.
pub fn write_github(out: &mut dyn Write, reports: &[FileReport], mode: Mode) -> io::Result<()> {
    for report in reports {
        let file = escape_property(&report.path.display().to_string());
        match &report.outcome {
            Outcome::Changed { runs, .. } => {
                let (level, message) = match mode {
                    Mode::Fix => ("notice", "use items regrouped: std, external, project"),
                    Mode::Check | Mode::List => (
                        "error",
                        "use items are not grouped std, external, project; run `grouse --fix`",
                    ),
                };
                for run in runs {
                    writeln!(
                        out,
                        "::{level} file={file},line={},endLine={},title=grouse::{}",
                        run.start_line,
                        run.end_line,
                        escape_data(message)
                    )?;
                }
            }
            Outcome::Error(error) => {
                let message = match error {
                    FileError::Config(config) => config.to_string(),
                    other => other.message(),
                };
                let position = match error.position() {
                    Some((line, column)) => format!(",line={line},col={column}"),
                    None => String::new(),
                };
                writeln!(
                    out,
                    "::error file={file}{position},title=grouse::{}",
                    escape_data(&message)
                )?;
            }
            Outcome::Unchanged | Outcome::SkippedGenerated => {}
        }
    }
    Ok(())
}

/// Escapes a workflow command's message.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_without_a_position_is_set_off_from_the_path() {
        let report = |error| FileReport {
            path: "src/a.rs".into(),
            outcome: Outcome::Error(FileError::Regroup(error)),
        };
        let reports = [
            report(crate::Error::Lex {
                line: 2,
                column: 7,
                message: "unterminated block comment".into(),
            }),
            report(crate::Error::Verify {
                message: "the text between runs changed".into(),
            }),
        ];
        let mut out = Vec::new();
        write_errors(&mut out, &reports).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "error: src/a.rs:2:7: unterminated block comment\n\
             error: src/a.rs: internal error: the regrouped text failed verification (the text \
             between runs changed); the file is left as it was, please report this\n"
        );
    }

    #[test]
    fn summary_names_files_once() {
        let counts = Counts {
            changed: 2,
            unchanged: 118,
            skipped: 3,
            errors: 0,
        };
        assert_eq!(
            summary(counts, Mode::Check),
            "2 files would be regrouped, 118 already grouped, 3 skipped (generated)"
        );
        assert_eq!(
            summary(counts, Mode::Fix),
            "Regrouped 2 files, 118 already grouped, 3 skipped (generated)"
        );
        let counts = Counts {
            changed: 0,
            unchanged: 1,
            skipped: 0,
            errors: 2,
        };
        assert_eq!(
            summary(counts, Mode::Check),
            "1 file already grouped, 2 failed"
        );
        assert_eq!(
            summary(Counts::default(), Mode::Check),
            "No Rust files found"
        );
    }

    /// The whole-text diff, as similar writes it.
    fn reference_diff(old: &str, new: &str) -> String {
        similar::TextDiff::from_lines(old, new)
            .unified_diff()
            .context_radius(DIFF_CONTEXT)
            .header("p", "p")
            .to_string()
    }

    /// Applies a unified diff to `old`, checking every context and removed line on the way.
    fn apply(old: &str, diff: &str) -> String {
        let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
        let mut out = String::new();
        let mut next = 0;
        let mut lines = diff.split_inclusive('\n').skip(2).peekable();
        while let Some(header) = lines.next() {
            let range = header.trim_start_matches("@@ -").split(' ').next().unwrap();
            let mut parts = range.split(',');
            let start: usize = parts.next().unwrap().parse().unwrap();
            let len: usize = parts.next().map_or(1, |l| l.parse().unwrap());
            let first = if len == 0 { start } else { start - 1 };
            out.extend(old_lines[next..first].iter().copied());
            next = first;
            while let Some(line) = lines.next_if(|l| !l.starts_with("@@")) {
                let no_newline = lines.next_if(|l| l.starts_with("\\ No newline")).is_some();
                let text = &line[1..];
                let text = if no_newline {
                    text.strip_suffix('\n').unwrap()
                } else {
                    text
                };
                match &line[..1] {
                    " " | "-" => {
                        assert_eq!(old_lines[next], text, "context or removed line");
                        if line.starts_with(' ') {
                            out.push_str(text);
                        }
                        next += 1;
                    }
                    "+" => out.push_str(text),
                    other => panic!("unexpected line {other:?}"),
                }
            }
        }
        out.extend(old_lines[next..].iter().copied());
        out
    }

    #[test]
    fn diffs_of_the_changed_window_apply_and_match_similar_where_unambiguous() {
        let simple: &[(&str, &str)] = &[
            ("", "a\n"),
            ("a\n", ""),
            ("a", "b"),
            ("x\na", "x\nb\n"),
            ("ab\n", "abc\n"),
            ("a\n", "xa\n"),
            ("b\na\n", "b\nxa\n"),
            ("use a;\nuse b;\n", "use b;\nuse a;\n"),
            (UNGROUPED_LONG, GROUPED_LONG),
        ];
        for (old, new) in simple {
            let diff = unified_diff(old, new, "p");
            assert_eq!(diff, reference_diff(old, new), "{old:?} -> {new:?}");
            assert_eq!(apply(old, &diff), *new);
        }
        assert_eq!(unified_diff("same\n", "same\n", "p"), "");

        let lines: Vec<String> = (0..40).map(|i| format!("line {i}\n")).collect();
        let base = lines.concat();
        for at in [0, 1, 2, 5, 20, 36, 39] {
            for replacement in ["", "new\n", "x\ny\n", "line 21\n", "end"] {
                let mut changed = lines.clone();
                changed[at] = replacement.to_owned();
                let once = changed.concat();
                changed[(at + 4).min(39)] = "near\n".into();
                let twice = changed.concat();
                changed[(at + 25) % 40] = "far\n".into();
                let thrice = changed.concat();
                for new in [once, twice, thrice] {
                    let diff = unified_diff(&base, &new, "p");
                    assert_eq!(apply(&base, &diff), new, "{diff}");
                    assert_eq!(apply(&new, &unified_diff(&new, &base, "p")), base);
                }
            }
        }
    }

    #[test]
    fn diffs_by_runs_apply_and_fall_back_when_the_runs_do_not_line_up() {
        let run = |start_line, end_line| ChangedRun {
            start_line,
            end_line,
        };
        let old = "//! Docs.\nuse crate::a;\nuse std::fmt;\n\nfn f() {\n    use crate::b;\n    use std::io;\n}\n";
        let new = "//! Docs.\nuse std::fmt;\n\nuse crate::a;\n\nfn f() {\n    use std::io;\n\n    use crate::b;\n}\n";
        let by_runs = unified_diff_of_runs(old, new, &[run(2, 3), run(6, 7)], "p");
        assert_eq!(apply(old, &by_runs), new);
        // The blank line the run gained is shown inside the run, not after it.
        assert!(
            by_runs.contains(" use std::fmt;\n+\n+use crate::a;\n \n fn f() {\n"),
            "{by_runs}"
        );
        for wrong in [
            vec![run(2, 3)],
            vec![run(1, 2), run(6, 7)],
            vec![run(6, 7), run(2, 3)],
            vec![run(0, 3)],
            vec![run(8, 20)],
        ] {
            let diff = unified_diff_of_runs(old, new, &wrong, "p");
            assert_eq!(apply(old, &diff), new, "{wrong:?}");
        }
        let (long_old, long_new) = (UNGROUPED_LONG, GROUPED_LONG);
        let diff = unified_diff_of_runs(long_old, long_new, &[run(3, 5)], "p");
        assert_eq!(apply(long_old, &diff), long_new);
    }

    const UNGROUPED_LONG: &str = "//! Docs.\n\nuse crate::a;\nuse serde::Serialize;\nuse std::fmt;\n\nfn main() {}\n\nfn other() {}\n";
    const GROUPED_LONG: &str = "//! Docs.\n\nuse std::fmt;\n\nuse serde::Serialize;\n\nuse crate::a;\n\nfn main() {}\n\nfn other() {}\n";

    #[test]
    fn workflow_commands_are_escaped() {
        assert_eq!(escape_property("a,b:c%"), "a%2Cb%3Ac%25");
        assert_eq!(escape_data("one\ntwo: x"), "one%0Atwo: x");
    }

    #[test]
    fn colors_wrap_whole_lines() {
        let colored = colorize("--- a\n+++ a\n@@ -1 +1 @@\n-x\n+y\n z\n");
        assert!(colored.contains("\u{1b}[31m-x\u{1b}[0m\n"), "{colored:?}");
        assert!(colored.contains("\u{1b}[32m+y\u{1b}[0m\n"), "{colored:?}");
        assert!(colored.ends_with(" z\n"));
    }
}

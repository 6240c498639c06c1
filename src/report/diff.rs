//! Unified diffs of a regrouped file: the fast diff by runs, which looks only at the lines the
//! engine changed, and the fallback over the whole texts, which is `similar`'s.

use std::fmt::{self, Write as _};

use similar::{Algorithm, ChangeTag, DiffOp};

use crate::ChangedRun;

/// Lines of context around each change in a diff, as `diff -u`.
pub const DIFF_CONTEXT: usize = 3;

/// The unified diff of a file the engine changed in `runs` (line ranges of `old`).
///
/// Outside its runs a regrouped file is byte for byte the same, so only the lines of each run
/// (and their context) are split and handed to the diff algorithm: the cost follows the size of
/// the change, not the size of the file. Should the texts not line up that way, this falls back
/// to [`unified_diff`].
///
/// This is on the hot path of a check run with thousands of changed files (docs/internals.md,
/// "Speed of the command line"), and is kept rather than `similar`'s whole-text writer for
/// speed: on the 2,470 files grouse would change in 34 MB of crates.io sources, it took 6–9 µs a
/// file, and `similar::TextDiff::from_lines(..).unified_diff()` 24–37 µs (about 4x; best of
/// five, one thread, on the 2-core machine of BENCHMARKS.md).
pub fn unified_diff_of_runs(old: &str, new: &str, runs: &[ChangedRun], path: &str) -> String {
    match RunLines::of(old, new, runs) {
        Some(lines) => {
            let size = lines.old.size() + lines.new.size() + 64 * runs.len();
            hunks(path, lines.ops, &lines.old, &lines.new, size)
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
            let (old_done, new_done) = (old_lines_done(&lines.ops), new_lines_done(&lines.ops));
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
                lines.ops.push(shifted(op, start, new_line));
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
                old_index: old_lines_done(&lines.ops),
                new_index: new_lines_done(&lines.ops),
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

fn old_lines_done(ops: &[DiffOp]) -> usize {
    ops.last().map_or(0, |op| op.old_range().end)
}

fn new_lines_done(ops: &[DiffOp]) -> usize {
    ops.last().map_or(0, |op| op.new_range().end)
}

/// A unified diff of one file over the whole texts, headed by its path, as `similar` writes it.
pub fn unified_diff(old: &str, new: &str, path: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(DIFF_CONTEXT)
        .header(path, path)
        .to_string()
}

/// Writes diff operations over the recorded lines of two texts as unified diff hunks with
/// [`DIFF_CONTEXT`] lines of context, headed by `path`; `size` is about the bytes of the lines
/// shown, to allocate the text once.
fn hunks(
    path: &str,
    ops: Vec<DiffOp>,
    old_lines: &SparseLines<'_>,
    new_lines: &SparseLines<'_>,
    size: usize,
) -> String {
    let mut out = String::with_capacity(2 * path.len() + 16 + size);
    for group in similar::group_diff_ops(ops, DIFF_CONTEXT) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        if out.is_empty() {
            let _ = write!(out, "--- {path}\n+++ {path}\n");
        }
        let old_range = HunkRange(first.old_range().start, last.old_range().end);
        let new_range = HunkRange(first.new_range().start, last.new_range().end);
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

fn shifted(op: DiffOp, old_by: usize, new_by: usize) -> DiffOp {
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

/// Bytes counted at a time when looking for a line (fewer than 256, so a chunk's count of
/// newlines fits in a byte).
const CHUNK: usize = 64;

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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn the_fallback_diff_is_headed_by_the_path_and_applies() {
        assert_eq!(unified_diff("same\n", "same\n", "p"), "");
        assert_eq!(
            unified_diff("x\na", "x\nb\n", "src/a.rs"),
            "--- src/a.rs\n+++ src/a.rs\n@@ -1,2 +1,2 @@\n x\n-a\n\\ No newline at end of file\n+b\n"
        );
        for (old, new) in [
            ("", "a\n"),
            ("a\n", ""),
            ("a", "b"),
            ("ab\n", "abc\n"),
            ("b\na\n", "b\nxa\n"),
            ("use a;\nuse b;\n", "use b;\nuse a;\n"),
            (UNGROUPED_LONG, GROUPED_LONG),
        ] {
            assert_eq!(
                apply(old, &unified_diff(old, new, "p")),
                new,
                "{old:?} -> {new:?}"
            );
        }

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
        // Where only one diff makes sense, the diff by runs is the whole-text one.
        assert_eq!(diff, unified_diff(long_old, long_new, "p"));
    }

    const UNGROUPED_LONG: &str = "//! Docs.\n\nuse crate::a;\nuse serde::Serialize;\nuse std::fmt;\n\nfn main() {}\n\nfn other() {}\n";
    const GROUPED_LONG: &str = "//! Docs.\n\nuse std::fmt;\n\nuse serde::Serialize;\n\nuse crate::a;\n\nfn main() {}\n\nfn other() {}\n";
}

//! attach: give each `use` item its comments and split runs at barriers.
//!
//! An item owns its attributes and doc comments, the own-line comments directly above it (no
//! blank line between) and the comments on the line where it ends, with any own-line comments
//! aligned under a trailing `//` comment (rustfmt writes a long trailing comment that way). A
//! comment block with a blank line below it that no item owns is "detached" and splits the run;
//! so do items marked `#[macro_use]`, `#[rustfmt::skip]` or `// grouse: skip`, which never move.

use ra_ap_rustc_lexer::{self as lexer, TokenKind};

use crate::text::{column, count_newlines, line_start};
use crate::types::{Collected, RawRun, Run, Unit};

/// The comment that pins an item in place.
pub const SKIP_MARKER: &str = "grouse: skip";

/// Splits every raw run into runs of movable units. A run of one unit has nothing to reorder, but
/// a granularity other than `preserve` may still merge or split its item.
pub fn attach(source: &str, collected: &Collected) -> Vec<Run> {
    attach_with(source, collected, PieceStart::File)
}

/// What stands before a piece of a file given to [`attach_with`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PieceStart {
    /// The whole file.
    File,
    /// Code stands before the piece on its first line: comments there belong to that code.
    AfterCode,
    /// The piece starts where the file's code does, padded to its column; `header` says whether
    /// the file had a header there (see [`has_header`]).
    FileStart { header: bool },
}

/// [`attach`] for a piece of a file.
pub fn attach_with(source: &str, collected: &Collected, start: PieceStart) -> Vec<Run> {
    let mut runs = Vec::new();
    for raw in &collected.runs {
        attach_run(source, collected, raw, start, &mut runs);
    }
    runs
}

/// Whether the file's first run starts under a header: a comment block that starts on the file's
/// first line (after a BOM or shebang). A header is no item's comment and never moves.
pub fn has_header(source: &str, collected: &Collected) -> bool {
    let Some(raw) = collected.runs.first() else {
        return false;
    };
    if raw.gap_before > collected.code_start {
        return false;
    }
    let first = collected.items[raw.items.start].start;
    let gap = Gap::read(source, raw.gap_before, first, false);
    gap.header_len(source, raw.gap_before, false) > 0
}

/// Whether `at` is on the file's first line, for a gap that starts where the file's code does:
/// no line break before it, or only the one that ends a shebang line (the gap then starts in the
/// middle of its line). `lenient` allows one line break in any case.
fn on_first_line(source: &str, gap_start: usize, at: usize, lenient: bool) -> bool {
    match count_newlines(&source[gap_start..at]) {
        0 => true,
        1 => lenient || line_start(source, gap_start) < gap_start,
        _ => false,
    }
}

fn attach_run(
    source: &str,
    collected: &Collected,
    raw: &RawRun,
    start: PieceStart,
    out: &mut Vec<Run>,
) {
    let items = &collected.items[raw.items.clone()];
    let n = items.len();
    // leading[k]: start of item k's leading comments; trailing[k]: end of its trailing ones;
    // detached[k]: a detached comment block sits between item k-1 and item k.
    let mut leading: Vec<Option<usize>> = vec![None; n];
    let mut trailing: Vec<Option<usize>> = vec![None; n];
    let mut line_comment_end = vec![false; n];
    let mut detached = vec![false; n];
    let mut skip_comment = vec![false; n];

    let code_before = raw.gap_before > collected.code_start || start == PieceStart::AfterCode;
    let mut before = Gap::read(source, raw.gap_before, items[0].start, code_before);
    // Whether the first unit is at the top of the file: right under its header, or on its first
    // line.
    let mut top_of_file = false;
    if !code_before && start != (PieceStart::FileStart { header: false }) {
        let lenient = start != PieceStart::File;
        let header = before.header_len(source, raw.gap_before, lenient);
        if header > 0 {
            top_of_file = before.comments.len() == header
                && before.comments[header - 1].end_line + 1 >= before.lines;
            before.comments.drain(..header);
        } else {
            top_of_file = before.comments.is_empty()
                && on_first_line(source, raw.gap_before, items[0].start, false);
        }
    }
    if let Some((start, skip)) = before.owners(source, false, true).leading {
        leading[0] = Some(start);
        skip_comment[0] = skip;
    }
    for k in 1..n {
        let gap = Gap::read(source, items[k - 1].end, items[k].start, true);
        let owners = gap.owners(source, true, true);
        trailing[k - 1] = owners.trailing;
        line_comment_end[k - 1] = owners.trailing_is_line_comment;
        if let Some((start, skip)) = owners.leading {
            leading[k] = Some(start);
            skip_comment[k] = skip;
        }
        detached[k] = owners.detached;
    }
    let after = Gap::read(source, items[n - 1].end, raw.gap_after, true);
    let owners = after.owners(source, true, false);
    trailing[n - 1] = owners.trailing;
    line_comment_end[n - 1] = owners.trailing_is_line_comment;

    let mut current: Vec<Unit> = Vec::new();
    let scope = items[0].scope;
    let flush = |current: &mut Vec<Unit>, out: &mut Vec<Run>| {
        if !current.is_empty() {
            let start = current[0].start;
            let end = current[current.len() - 1].end;
            out.push(Run {
                top_of_file: top_of_file && current[0].item == raw.items.start,
                units: std::mem::take(current),
                start,
                end,
                scope,
            });
        }
    };
    for k in 0..n {
        let barrier = items[k].skip_attr || skip_comment[k];
        if detached[k] || barrier {
            flush(&mut current, out);
        }
        if barrier {
            continue;
        }
        current.push(Unit {
            item: raw.items.start + k,
            start: leading[k].unwrap_or(items[k].start),
            end: trailing[k].unwrap_or(items[k].end),
            has_leading: leading[k].is_some(),
            has_trailing: trailing[k].is_some(),
            ends_in_line_comment: line_comment_end[k],
            // Only whitespace is left between two units: two line breaks make a blank line.
            blank_line_before: k > 0
                && count_newlines(
                    &source[trailing[k - 1].unwrap_or(items[k - 1].end)
                        ..leading[k].unwrap_or(items[k].start)],
                ) >= 2,
            continued: trailing[k].is_some_and(|end| source[items[k].end..end].contains('\n')),
        });
    }
    flush(&mut current, out);
}

/// A comment in a gap between items.
#[derive(Debug, Clone, Copy)]
struct Comment {
    start: usize,
    /// End, without the `\r` of a CRLF line ending.
    end: usize,
    /// Line within the gap where it starts (0 is the line the gap starts on) and ends.
    line: usize,
    end_line: usize,
    /// Only whitespace before it on its line.
    own_line: bool,
    is_line_comment: bool,
}

/// The whitespace and comments between two significant tokens.
struct Gap {
    comments: Vec<Comment>,
    /// Number of line breaks in the gap.
    lines: usize,
}

/// Who owns the comments of a gap.
#[derive(Debug, Default)]
struct Owners {
    /// End of the comments the item before the gap owns.
    trailing: Option<usize>,
    /// The last of those is a `//` comment.
    trailing_is_line_comment: bool,
    /// Start of the block the item after the gap owns, and whether it holds the skip marker.
    leading: Option<(usize, bool)>,
    /// A block that neither owns sits in the gap.
    detached: bool,
}

impl Gap {
    /// Reads `source[start..end]`, which holds only whitespace and comments. `line0_taken` says
    /// whether the line the gap starts on has code before the gap.
    fn read(source: &str, start: usize, end: usize, line0_taken: bool) -> Gap {
        let text = &source[start..end];
        let mut comments = Vec::new();
        let mut line = 0;
        let mut own_line = !line0_taken;
        let mut offset = start;
        for token in lexer::tokenize(text, lexer::FrontmatterAllowed::No) {
            let token_start = offset;
            offset += token.len as usize;
            let newlines = count_newlines(&source[token_start..offset]);
            match token.kind {
                TokenKind::Whitespace => {
                    if newlines > 0 {
                        own_line = true;
                    }
                }
                TokenKind::LineComment { .. } | TokenKind::BlockComment { .. } => {
                    let is_line_comment = matches!(token.kind, TokenKind::LineComment { .. });
                    let mut end = offset;
                    if is_line_comment && source[..end].ends_with('\r') {
                        end -= 1;
                    }
                    let end_line = line + count_newlines(&source[token_start..end]);
                    comments.push(Comment {
                        start: token_start,
                        end,
                        line,
                        end_line,
                        own_line,
                        is_line_comment,
                    });
                    own_line = false;
                }
                // The scanner only leaves whitespace and comments between items.
                _ => own_line = false,
            }
            line += newlines;
        }
        Gap {
            comments,
            lines: line,
        }
    }

    /// How many of the comments, for the gap before the first item of a file, are the file's
    /// header: the comment block that starts on the file's first line (after a BOM or shebang).
    /// `lenient`: for a piece padded to the file's first column, whose first line holds nothing.
    fn header_len(&self, source: &str, gap_start: usize, lenient: bool) -> usize {
        let Some(first) = self.comments.first() else {
            return 0;
        };
        if !on_first_line(source, gap_start, first.start, lenient) {
            return 0;
        }
        let mut len = 1;
        while len < self.comments.len()
            && self.comments[len].line <= self.comments[len - 1].end_line + 1
        {
            len += 1;
        }
        len
    }

    /// Decides who owns each comment. `has_prev` / `has_next`: an item stands right before /
    /// right after the gap.
    fn owners(&self, source: &str, has_prev: bool, has_next: bool) -> Owners {
        let mut owners = Owners::default();
        // Comments after code on the gap's first line belong to that code.
        let mut taken = self
            .comments
            .iter()
            .take_while(|c| c.line == 0 && !c.own_line)
            .count();
        if has_prev && taken > 0 {
            // Own-line `//` comments aligned under a trailing `//` comment continue it.
            let last = self.comments[taken - 1];
            if last.is_line_comment {
                let last_column = column(source, last.start);
                while let Some(next) = self.comments.get(taken) {
                    let prev_line = self.comments[taken - 1].end_line;
                    if next.line == prev_line + 1
                        && next.own_line
                        && next.is_line_comment
                        && column(source, next.start) == last_column
                    {
                        taken += 1;
                    } else {
                        break;
                    }
                }
            }
            owners.trailing = Some(self.comments[taken - 1].end);
            owners.trailing_is_line_comment = self.comments[taken - 1].is_line_comment;
        }
        let rest = &self.comments[taken..];
        if rest.is_empty() {
            return owners;
        }
        // The last block is the next item's if no blank line separates them.
        let mut first = rest.len() - 1;
        while first > 0 && rest[first].line <= rest[first - 1].end_line + 1 {
            first -= 1;
        }
        let last = rest[rest.len() - 1];
        let touches_next = self.lines <= last.end_line + 1;
        if has_next && touches_next {
            let block = &rest[first..];
            let skip = block
                .iter()
                .any(|c| source[c.start..c.end].contains(SKIP_MARKER));
            owners.leading = Some((block[0].start, skip));
            owners.detached = first > 0;
        } else {
            owners.detached = true;
        }
        owners
    }
}

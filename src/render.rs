//! render: write a run back — each unit's text verbatim (and the items merged or split, as
//! printed by `merge`), blocks in order with one blank line between them and none inside, in the
//! run's indentation and the file's line ending.

use crate::text::{
    code_before_on_line, column, count_newlines, line_ends_at, next_line_is_line_comment,
    separated_before,
};
use crate::types::{ChangedRun, Content, Edit, Placed, Run, Unit};

/// The 1-based lines of the input each edit replaces; `edits` are sorted by position.
pub fn changed_lines(source: &str, edits: &[Edit]) -> Vec<ChangedRun> {
    let (mut line, mut at) = (1, 0);
    let mut line_at = |offset: usize| {
        // By bytes: the last byte of an edit may be inside a character.
        line += count_newlines(&source.as_bytes()[at..offset]);
        at = offset;
        line
    };
    edits
        .iter()
        .map(|edit| {
            let start_line = line_at(edit.start);
            let end_line = line_at(edit.end.saturating_sub(1).max(edit.start));
            ChangedRun {
                start_line,
                end_line,
            }
        })
        .collect()
}

/// Renders `placed` (already in output order) in place of `run`; `None` if nothing changes.
pub fn render_run(source: &str, run: &Run, placed: &[Placed], newline: &str) -> Option<Edit> {
    let original = &source[run.start..run.end];
    let indent = run.indentation(source);
    let indent_width = indent.chars().count();
    // The column each placed unit starts at: the run's own for the first, the indentation after.
    let column_changes = |i: usize, unit: &Unit| {
        let expected = if i == 0 {
            column(source, run.start)
        } else {
            indent_width
        };
        column(source, unit.start) != expected
    };
    // A unit ending in a `//` comment cannot go last when code follows the run on its line: the
    // comment would swallow that code. Such a run is left as it is. Nor before an own-line `//`
    // comment on the next line, which could then read as its continuation (also when the item
    // that was last moves to another column).
    if let Some(last) = placed.last()?.unit() {
        let last_moves = last.end != run.end || column_changes(placed.len() - 1, last);
        if last_moves
            && last.ends_in_line_comment
            && (!line_ends_at(source, run.end) || next_line_is_line_comment(source, run.end))
        {
            return None;
        }
    }
    // Nor can a piece go first that would join the token before the run (`x///` then `use`).
    // And a unit with comments above it cannot go first where code stands before the run on its
    // line (the comments would then belong to that code), nor at the top of the file (they
    // would join the file's header, or become it).
    let first = placed.first()?;
    let (first_start, first_has_leading) = match first.unit() {
        Some(unit) => (Some(unit.start), unit.has_leading),
        None => (None, false),
    };
    if first_start != Some(run.start)
        && (!separated_before(source, run.start)
            || (first_has_leading && (code_before_on_line(source, run.start) || run.top_of_file)))
    {
        return None;
    }
    // A unit ending in a bare CR (a `//` comment before `\r\r\n`) would run into the line
    // ending written after it, and read back as another text: such a run is left as it is.
    if placed.iter().any(|p| {
        p.unit()
            .is_some_and(|unit| source[..unit.end].ends_with('\r'))
    }) {
        return None;
    }
    // A unit whose trailing comment continues on aligned lines keeps its column, or the run is
    // left as it is.
    if placed.iter().enumerate().any(|(i, p)| {
        p.unit()
            .is_some_and(|unit| unit.continued && column_changes(i, unit))
    }) {
        return None;
    }
    let text = render_text(source, run, placed, indent, newline);
    if text == original {
        None
    } else {
        Some(Edit {
            start: run.start,
            end: run.end,
            text,
            // New items, or duplicates dropped.
            merged: placed.len() != run.units.len() || placed.iter().any(|p| p.unit().is_none()),
        })
    }
}

fn render_text(source: &str, run: &Run, placed: &[Placed], indent: &str, newline: &str) -> String {
    let mut out = String::with_capacity(run.end - run.start + 16);
    let mut prev: Option<&Placed> = None;
    for p in placed {
        if let Some(prev) = prev {
            out.push_str(newline);
            // A blank line between blocks; and between an item with a trailing comment and one
            // with leading comments, which rustfmt would otherwise align under the trailing one.
            let trailing_then_leading = prev.unit().is_some_and(|u| u.has_trailing)
                && p.unit().is_some_and(|u| u.has_leading);
            if prev.block != p.block || trailing_then_leading {
                out.push_str(newline);
            }
            out.push_str(indent);
        }
        match &p.content {
            Content::Unit(unit) => out.push_str(&source[unit.start..unit.end]),
            Content::New(text) => out.push_str(text),
        }
        prev = Some(p);
    }
    out
}

/// Applies non-overlapping edits, sorted by position.
pub fn apply(source: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(source.len() + 64);
    let mut at = 0;
    for edit in edits {
        out.push_str(&source[at..edit.start]);
        out.push_str(&edit.text);
        at = edit.end;
    }
    out.push_str(&source[at..]);
    out
}

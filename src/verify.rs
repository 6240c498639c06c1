//! verify: scan the regrouped text again and check that only the order of whole items changed.
//!
//! The text outside the rewritten runs must be byte-identical, the runs must be in the same
//! places, and each must hold the same items with the same comments (compared as verbatim text).
//! A failure is a bug in grouse: the caller gets an error and writes nothing.
//!
//! Bytes outside the runs are compared directly. Each run of `use` items that was rewritten is
//! scanned again with the whitespace and comments around it, from the end of the token before it
//! to the start of the token after it, at its columns: the scanner's state there is the same as
//! in the whole file, so this is the scan of the whole result restricted to what changed. Where
//! the token before a run could join with the run's first token, the whole result is scanned.

use std::collections::BTreeSet;
use std::ops::Range;

use ra_ap_rustc_lexer::{self as lexer, TokenKind};

use crate::attach::{PieceStart, attach_with, has_header};
use crate::collect::{collect, scan};
use crate::error::Error;
use crate::item::ItemTree;
use crate::merge::attributes;
use crate::text::{column, line_column, line_ends_at, separated_before};
use crate::types::{Collected, Edit, RawRun, Run};

/// Checks `output`, the result of applying `edits` (sorted, from the runs of `collected`) to
/// `source`.
pub fn verify(
    source: &str,
    collected: &Collected,
    runs: &[Run],
    edits: &[Edit],
    output: &str,
) -> Result<(), Error> {
    // The text between edits is the same.
    let mut shift: isize = 0;
    let mut at = 0;
    for edit in edits {
        let out_start = offset(edit.start, shift);
        if output.get(offset(at, shift)..out_start) != Some(&source[at..edit.start]) {
            let (line, _) = line_column(source, edit.start);
            return fail(format!("the text before the run at line {line} changed"));
        }
        shift += edit.text.len() as isize - (edit.end - edit.start) as isize;
        let out_end = offset(edit.end, shift);
        if output.get(out_start..out_end) != Some(edit.text.as_str()) {
            return fail("a rewritten run is not where it was".into());
        }
        // A `//` comment at the end of a run needs a line break after it.
        if ends_in_line_comment(&edit.text) && !line_ends_at(output, out_end) {
            let (line, _) = line_column(source, edit.start);
            return fail(format!(
                "the run at line {line} would comment out the code after it"
            ));
        }
        at = edit.end;
    }
    if output.get(offset(at, shift)..) != Some(&source[at..]) {
        return fail("the text after the last run changed".into());
    }

    // Each raw run holding an edit, scanned again in context.
    let mut shift: isize = 0;
    let mut next_edit = 0;
    for raw in &collected.runs {
        let first = next_edit;
        while next_edit < edits.len() && edits[next_edit].start < raw.gap_after {
            next_edit += 1;
        }
        if first == next_edit {
            continue;
        }
        let merged = edits[first..next_edit].iter().any(|edit| edit.merged);
        // A blank after the token before the run stays where it is and keeps them apart.
        let blank_after = source
            .as_bytes()
            .get(raw.gap_before)
            .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
        if !(separated_before(source, raw.gap_before) || blank_after) {
            return if edits.iter().any(|edit| edit.merged) {
                verify_whole_merged(source, collected, output)
            } else {
                verify_whole(source, runs, output)
            };
        }
        let out_start = offset(raw.gap_before, shift);
        for edit in &edits[first..next_edit] {
            shift += edit.text.len() as isize - (edit.end - edit.start) as isize;
        }
        let out_end = offset(raw.gap_after, shift);
        // Attached as the input was: after code, or at the file's start with or without a header.
        let start = if raw.gap_before > collected.code_start {
            PieceStart::AfterCode
        } else {
            PieceStart::FileStart {
                header: has_header(source, collected),
            }
        };
        // The original side is the runs already attached, in the whole file: those that start
        // in this raw run, next to each other as `runs` is in source order.
        let first = runs.partition_point(|run| run.start < raw.gap_before);
        let count = runs[first..].partition_point(|run| run.start < raw.gap_after);
        let before = Side {
            text: source,
            runs: &runs[first..first + count],
            range: raw.gap_before..raw.gap_after,
        };
        let after = in_context(output, out_start, out_end);
        if merged {
            check_merged_run(source, collected, raw, after)?;
        } else {
            check_run(raw, &before, after, start)?;
        }
    }
    Ok(())
}

fn fail(message: String) -> Result<(), Error> {
    Err(Error::Verify { message })
}

fn offset(at: usize, shift: isize) -> usize {
    (at as isize + shift) as usize
}

/// `text[start..end]` at its columns: the part of its first line before `start` as spaces. Also
/// returns the length of that padding.
fn in_context(text: &str, start: usize, end: usize) -> (String, usize) {
    let columns = column(text, start);
    let mut out = String::with_capacity(columns + end - start);
    out.extend(std::iter::repeat_n(' ', columns));
    out.push_str(&text[start..end]);
    (out, columns)
}

/// Whether the last token of `text` is a `//` comment.
fn ends_in_line_comment(text: &str) -> bool {
    let mut last = None;
    for token in lexer::tokenize(text, lexer::FrontmatterAllowed::No) {
        if !matches!(token.kind, TokenKind::Whitespace) {
            last = Some(token.kind);
        }
    }
    matches!(last, Some(TokenKind::LineComment { .. }))
}

/// A text, the runs attached in it, and the part of it compared.
struct Side<'a> {
    text: &'a str,
    runs: &'a [Run],
    range: Range<usize>,
}

/// Compares one raw run before and after; the result is scanned on its own in context.
fn check_run(
    raw: &RawRun,
    before: &Side<'_>,
    (after, after_pad): (String, usize),
    start: PieceStart,
) -> Result<(), Error> {
    let out = match scan(&after) {
        Ok(c) => c,
        Err(error) => return fail(format!("the result does not scan: {error}")),
    };
    if out.runs.len() != 1 || out.items.len() != raw.items.len() {
        return fail(format!(
            "a run of {} `use` items became {} runs of {} items",
            raw.items.len(),
            out.runs.len(),
            out.items.len()
        ));
    }
    let after_runs = attach_with(&after, &out, start);
    // The padding stands for code before the run on its line, which an earlier run on the same
    // line may have changed: only what follows it is compared.
    let after = Side {
        text: &after,
        runs: &after_runs,
        range: after_pad..after.len(),
    };
    compare(before, &after)
}

/// The same runs in the same places with the same units, and the same text around them.
fn compare(before: &Side<'_>, after: &Side<'_>) -> Result<(), Error> {
    let (source, output) = (before.text, after.text);
    if after.runs.len() != before.runs.len() {
        return fail(format!(
            "{} runs before, {} after",
            before.runs.len(),
            after.runs.len()
        ));
    }
    let (mut before_at, mut after_at) = (before.range.start, after.range.start);
    for (run, out_run) in before.runs.iter().zip(after.runs) {
        if source[before_at..run.start] != output[after_at..out_run.start] {
            return fail("the text between runs changed".into());
        }
        let mut units: Vec<&str> = run.units.iter().map(|u| &source[u.start..u.end]).collect();
        let mut out_units: Vec<&str> = out_run
            .units
            .iter()
            .map(|u| &output[u.start..u.end])
            .collect();
        units.sort_unstable();
        out_units.sort_unstable();
        if units != out_units {
            return fail("a run does not hold the same items and comments".into());
        }
        before_at = run.end;
        after_at = out_run.end;
    }
    if source[before_at..before.range.end] != output[after_at..after.range.end] {
        return fail("the text after a run changed".into());
    }
    Ok(())
}

/// What one imported name of an item is: its attributes (whitespace folded), visibility, leading
/// `::`, path and alias. Merging and splitting items keeps the set of these.
type Leaf = (String, String, bool, Vec<String>, Option<String>);

/// The leaves of the items `range` of `collected`, whose text is `source`.
fn leaves(source: &str, collected: &Collected, range: Range<usize>) -> BTreeSet<Leaf> {
    let mut out = BTreeSet::new();
    for index in range {
        let item = &collected.items[index];
        let parsed = &collected.parsed[index].item;
        let attrs = attributes(&source[item.start..item.end])
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let mut path = Vec::new();
        let mut push = |path: &[String], alias: Option<&String>| {
            out.insert((
                attrs.clone(),
                parsed.vis.clone(),
                parsed.leading_colon,
                path.to_vec(),
                alias.cloned(),
            ));
        };
        flatten(&parsed.tree, &mut path, &mut push);
    }
    out
}

/// Calls `leaf` with the path (and alias) of every name `tree` imports.
fn flatten(
    tree: &ItemTree,
    path: &mut Vec<String>,
    leaf: &mut dyn FnMut(&[String], Option<&String>),
) {
    match tree {
        ItemTree::Path(name, rest) => {
            path.push(name.clone());
            flatten(rest, path, leaf);
            path.pop();
        }
        ItemTree::Name(name) => {
            path.push(name.clone());
            leaf(path, None);
            path.pop();
        }
        ItemTree::Rename(name, alias) => {
            path.push(name.clone());
            // `a as a` is `a`.
            leaf(path, (alias != name).then_some(alias));
            path.pop();
        }
        ItemTree::Glob => {
            path.push("*".to_owned());
            leaf(path, None);
            path.pop();
        }
        ItemTree::List(trees) => {
            for tree in trees {
                flatten(tree, path, leaf);
            }
        }
    }
}

/// The comments of `text`, sorted; doc comments are attributes, compared with the leaves.
fn comments(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut offset = 0;
    for token in lexer::tokenize(text, lexer::FrontmatterAllowed::No) {
        let start = offset;
        offset += token.len as usize;
        if matches!(
            token.kind,
            TokenKind::LineComment { doc_style: None }
                | TokenKind::BlockComment {
                    doc_style: None,
                    ..
                }
        ) {
            out.push(text[start..offset].trim_end_matches('\r'));
        }
    }
    out.sort_unstable();
    out
}

/// A raw run where items were merged or split: the result, scanned in context, holds one run
/// that imports the same leaves and holds the same comments.
fn check_merged_run(
    source: &str,
    collected: &Collected,
    raw: &RawRun,
    (after, after_pad): (String, usize),
) -> Result<(), Error> {
    let out = match collect(&after) {
        Ok(c) => c,
        Err(error) => return fail(format!("the result does not parse: {error}")),
    };
    let [out_run] = out.runs.as_slice() else {
        return fail(format!(
            "a run of {} merged `use` items became {} runs",
            raw.items.len(),
            out.runs.len()
        ));
    };
    compare_merged(
        (source, collected, raw),
        (&after, &out, out_run),
        raw.gap_before..raw.gap_after,
        after_pad..after.len(),
    )
}

/// One raw run before and after merging: the same leaves and the same comments.
fn compare_merged(
    (source, collected, raw): (&str, &Collected, &RawRun),
    (output, out, out_raw): (&str, &Collected, &RawRun),
    before_range: Range<usize>,
    after_range: Range<usize>,
) -> Result<(), Error> {
    if leaves(source, collected, raw.items.clone()) != leaves(output, out, out_raw.items.clone()) {
        let (line, _) = line_column(source, collected.items[raw.items.start].start);
        return fail(format!(
            "the merged run at line {line} does not import the same names"
        ));
    }
    if comments(&source[before_range]) != comments(&output[after_range]) {
        let (line, _) = line_column(source, collected.items[raw.items.start].start);
        return fail(format!(
            "the merged run at line {line} does not hold the same comments"
        ));
    }
    Ok(())
}

/// The whole result parsed again, where items were merged or split: the same runs, each
/// importing the same leaves and holding the same comments. The text between runs is compared by
/// [`verify`] before it gets here.
pub fn verify_whole_merged(source: &str, collected: &Collected, output: &str) -> Result<(), Error> {
    let out = match collect(output) {
        Ok(c) => c,
        Err(error) => return fail(format!("the result does not parse: {error}")),
    };
    if out.runs.len() != collected.runs.len() {
        return fail(format!(
            "{} runs before, {} after",
            collected.runs.len(),
            out.runs.len()
        ));
    }
    for (raw, out_raw) in collected.runs.iter().zip(&out.runs) {
        compare_merged(
            (source, collected, raw),
            (output, &out, out_raw),
            raw.gap_before..raw.gap_after,
            out_raw.gap_before..out_raw.gap_after,
        )?;
    }
    Ok(())
}

/// The whole result scanned again and compared run by run.
pub fn verify_whole(source: &str, runs: &[Run], output: &str) -> Result<(), Error> {
    let out_collected = match scan(output) {
        Ok(c) => c,
        Err(error) => return fail(format!("the result does not scan: {error}")),
    };
    // The output is attached as the input was: with a header only where the input had one.
    let header = scan(source).is_ok_and(|input| has_header(source, &input));
    let out_runs = attach_with(output, &out_collected, PieceStart::FileStart { header });
    compare(
        &Side {
            text: source,
            runs,
            range: 0..source.len(),
        },
        &Side {
            text: output,
            runs: &out_runs,
            range: 0..output.len(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attach::attach;

    /// Replaces the first run of `source` with `text` and verifies the result.
    fn verify_replacement(source: &str, text: &str) -> Result<(), Error> {
        let collected = collect(source).unwrap();
        let runs = attach(source, &collected);
        let edit = Edit {
            start: runs[0].start,
            end: runs[0].end,
            text: text.to_owned(),
            merged: false,
        };
        let output = crate::render::apply(source, std::slice::from_ref(&edit));
        verify(source, &collected, &runs, &[edit], &output)
    }

    /// The message of a verification failure.
    fn failure(result: Result<(), Error>) -> String {
        match result {
            Err(Error::Verify { message }) => message,
            other => panic!("expected a verification failure, got {other:?}"),
        }
    }

    const SOURCE: &str = "fn f() {\n    use b; // about b\n    use a;\n    let x = 1;\n}\n";

    #[test]
    fn a_reordering_passes() {
        verify_replacement(SOURCE, "use a;\n    use b; // about b").unwrap();
    }

    #[test]
    fn a_lost_comment_fails() {
        let message = failure(verify_replacement(SOURCE, "use a;\n    use b;"));
        assert_eq!(message, "a run does not hold the same items and comments");
    }

    #[test]
    fn a_duplicated_item_fails() {
        let result = verify_replacement(SOURCE, "use a;\n    use a;\n    use b; // about b");
        assert_eq!(
            failure(result),
            "a run of 2 `use` items became 1 runs of 3 items"
        );
    }

    #[test]
    fn an_item_that_no_longer_parses_as_one_fails() {
        let message = failure(verify_replacement(SOURCE, "use a;\n    use b // about b"));
        assert!(message.starts_with("the result does not scan"), "{message}");
    }

    #[test]
    fn a_split_run_fails() {
        let result = verify_replacement(SOURCE, "use a;\n\n    // note\n\n    use b; // about b");
        // The detached comment splits the run in two, of one item each.
        assert_eq!(failure(result), "1 runs before, 2 after");
    }

    #[test]
    fn a_line_comment_before_code_fails() {
        let source = "use b; // about b\nuse a; fn main() {}\n";
        let message = failure(verify_replacement(source, "use a;\nuse b; // about b"));
        assert_eq!(
            message,
            "the run at line 1 would comment out the code after it"
        );
    }

    #[test]
    fn an_unterminated_comment_fails() {
        let message = failure(verify_replacement(SOURCE, "use a;\n    use b; /* about b"));
        assert!(message.starts_with("the result does not scan"), "{message}");
    }

    #[test]
    fn whole_file_verification_agrees() {
        let collected = collect(SOURCE).unwrap();
        let runs = attach(SOURCE, &collected);
        let good = SOURCE.replace(
            "use b; // about b\n    use a;",
            "use a;\n    use b; // about b",
        );
        verify_whole(SOURCE, &runs, &good).unwrap();
        let bad = SOURCE.replace("use b; // about b\n    use a;", "use a;\n    use b;");
        let message = failure(verify_whole(SOURCE, &runs, &bad));
        assert_eq!(message, "a run does not hold the same items and comments");
    }
}

//! Helpers for the scripts next to this crate.
//!
//! - `grouse-probe lex LIST` / `grouse-probe syn LIST`: the benchmark floors. Read every file named
//!   in LIST (one path a line) and tokenize it with rustc's lexer, or parse it with
//!   `syn::parse_file`; print the totals.
//! - `grouse-probe time OUT CMD [ARGS..]`: run CMD and append `wall user system maxrss_kb` to OUT,
//!   with microsecond CPU times (GNU time prints hundredths), the peak RSS of the largest process.
//! - `grouse-probe classify INPUT RUSTFMT GROUSE`: say why rustfmt's `group_imports` output and
//!   grouse's output of one file differ, as one line: `CLASS<TAB>detail`, CLASS one of
//!   `identical`, `rustfmt-side` (rustfmt's known behaviour), `grouse-bug`, `unclassified`.

use std::fs;
use std::process::ExitCode;

use proc_macro2::LineColumn;
use ra_ap_rustc_lexer as lexer;
use syn::spanned::Spanned;
use syn::visit::Visit;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["lex", list] => floor(list, |text| {
            let mut tokens = 0usize;
            for token in lexer::tokenize(text, lexer::FrontmatterAllowed::No) {
                tokens += 1;
                std::hint::black_box(token);
            }
            Ok(tokens)
        }),
        ["syn", list] => floor(list, |text| {
            syn::parse_file(text)
                .map(|file| file.items.len())
                .map_err(|_| ())
        }),
        ["time", out, cmd @ ..] if !cmd.is_empty() => time(out, cmd),
        ["classify", input, rustfmt, grouse] => {
            let read = |p: &str| fs::read_to_string(p).unwrap_or_else(|e| panic!("{p}: {e}"));
            let (class, detail) = classify(&read(input), &read(rustfmt), &read(grouse));
            println!("{class}\t{detail}");
            ExitCode::SUCCESS
        }
        ["classify-granularity", mode, input, rustfmt, grouse] => {
            let read = |p: &str| fs::read_to_string(p).unwrap_or_else(|e| panic!("{p}: {e}"));
            let (class, detail) =
                classify_granularity(mode, &read(input), &read(rustfmt), &read(grouse));
            println!("{class}\t{detail}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!(
                "usage: grouse-probe lex LIST | syn LIST | classify INPUT RUSTFMT GROUSE \
                 | classify-granularity MODE INPUT RUSTFMT GROUSE"
            );
            ExitCode::from(2)
        }
    }
}

/// Runs a command, records its wall time, CPU time (its own and its children's) and peak RSS.
fn time(out: &str, cmd: &[&str]) -> ExitCode {
    use std::io::Write as _;
    let start = std::time::Instant::now();
    let child = match std::process::Command::new(cmd[0]).args(&cmd[1..]).spawn() {
        Ok(child) => child,
        Err(e) => {
            eprintln!("{}: {e}", cmd[0]);
            return ExitCode::from(127);
        }
    };
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid, and wait4 waits for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed().as_secs_f64();
    if r != pid {
        eprintln!("wait4 failed");
        return ExitCode::from(125);
    }
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let line = format!(
        "{wall:.6} {:.6} {:.6} {}\n",
        secs(usage.ru_utime),
        secs(usage.ru_stime),
        usage.ru_maxrss
    );
    let mut f = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(out)
        .expect("open OUT");
    f.write_all(line.as_bytes()).expect("write OUT");
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        128 + libc::WTERMSIG(status)
    };
    ExitCode::from(code as u8)
}

/// Runs `work` over every file in `list`; prints files, bytes, units counted and failures.
fn floor(list: &str, work: impl Fn(&str) -> Result<usize, ()>) -> ExitCode {
    let list = fs::read_to_string(list).expect("read the file list");
    let (mut files, mut bytes, mut units, mut failed) = (0usize, 0usize, 0usize, 0usize);
    for path in list.lines().filter(|l| !l.is_empty()) {
        let Ok(text) = fs::read_to_string(path) else {
            failed += 1;
            continue;
        };
        files += 1;
        bytes += text.len();
        match work(&text) {
            Ok(n) => units += n,
            Err(()) => failed += 1,
        }
    }
    println!("files {files} bytes {bytes} units {units} failed {failed}");
    ExitCode::SUCCESS
}

// ---------------------------------------------------------------------------------------------
// Conformance classifier

/// One `use` item in an output, in a run of sibling items.
#[derive(Debug)]
struct Item {
    /// Normalized tree (rustfmt's normalization: `a::{b}` is `a::b`, lists sorted, `self`
    /// merged), with visibility and attributes: what order is decided on.
    key: String,
    /// The item's text as written.
    text: String,
    /// A blank line separates this item from the previous one in its run.
    blank_before: bool,
    /// The previous item has a comment after it on its last line.
    prev_trailing_comment: bool,
    /// Own-line comments directly above this item.
    leading_comment: bool,
    /// A detached comment block (blank lines on both sides) separates it from the previous item.
    detached_before: bool,
}

struct Output<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    runs: Vec<Vec<Item>>,
    /// Byte ranges of macro invocations and `macro_rules!`.
    macros: Vec<(usize, usize)>,
}

impl<'a> Output<'a> {
    fn offset(&self, lc: LineColumn) -> usize {
        let start = self.line_starts[lc.line - 1];
        let line = &self.text[start..];
        line.char_indices()
            .nth(lc.column)
            .map_or(self.text.len(), |(i, _)| start + i)
    }
}

fn parse(text: &str) -> Result<Output<'_>, String> {
    let file = syn::parse_file(text).map_err(|e| format!("{e} at {:?}", e.span().start()))?;
    let mut line_starts = vec![0];
    line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    let mut out = Output {
        text,
        line_starts,
        runs: Vec::new(),
        macros: Vec::new(),
    };
    let mut collector = Collector {
        runs: Vec::new(),
        macros: Vec::new(),
    };
    collector.visit_file(&file);
    collector.items(&file.items.iter().map(Some).collect::<Vec<_>>());
    let mut macros = Vec::new();
    for (a, b) in &collector.macros {
        macros.push((out.offset(*a), out.offset(*b)));
    }
    out.macros = macros;
    for run in collector.runs {
        let mut items: Vec<Item> = Vec::new();
        let mut prev_end: Option<usize> = None;
        for item in run {
            let start = out.offset(item.span().start());
            let end = out.offset(item.span().end());
            let (mut blank_before, mut prev_trailing_comment, mut leading_comment) =
                (false, false, false);
            let mut detached_before = false;
            if prev_end.is_none() {
                // The first item of a run: an own-line comment on the line above.
                let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
                let above = text[..line_start.saturating_sub(1)]
                    .rsplit('\n')
                    .next()
                    .unwrap_or("")
                    .trim();
                leading_comment =
                    above.starts_with("//") && !above.starts_with("///") || above.ends_with("*/");
            }
            if let Some(prev_end) = prev_end {
                let between = &text[prev_end..start];
                detached_before = detached_between(between);
                let mut lines = between.split('\n');
                let first = lines.next().unwrap_or("");
                prev_trailing_comment = first.contains("//") || first.contains("/*");
                let rest: Vec<&str> = lines.collect();
                blank_before = rest.iter().any(|l| l.trim().is_empty())
                    && rest.len() > 1
                    && rest[..rest.len() - 1].iter().any(|l| l.trim().is_empty());
                leading_comment = rest.len() > 1 && {
                    let above = rest[rest.len() - 2].trim();
                    above.starts_with("//") || above.ends_with("*/")
                };
            }
            prev_end = Some(end);
            items.push(Item {
                key: key(&item),
                text: text[start..end].to_string(),
                blank_before,
                prev_trailing_comment,
                leading_comment,
                detached_before,
            });
        }
        out.runs.push(items);
    }
    Ok(out)
}

/// Collects runs of sibling `use` items (the `use` items rustfmt reorders) and macro ranges.
struct Collector {
    runs: Vec<Vec<syn::ItemUse>>,
    macros: Vec<(LineColumn, LineColumn)>,
}

impl Collector {
    fn items(&mut self, items: &[Option<&syn::Item>]) {
        let mut run: Vec<syn::ItemUse> = Vec::new();
        for item in items {
            match item {
                Some(syn::Item::Use(u)) if !is_barrier(&u.attrs) => run.push(u.clone()),
                _ => {
                    if !run.is_empty() {
                        self.runs.push(std::mem::take(&mut run));
                    }
                }
            }
        }
        if !run.is_empty() {
            self.runs.push(run);
        }
    }
}

fn is_barrier(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        let text = quote::quote!(#a).to_string().replace(' ', "");
        text.contains("macro_use")
            || text.contains("rustfmt::skip")
            || text.contains("rustfmt_skip")
    })
}

impl<'ast> Visit<'ast> for Collector {
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if let Some((_, items)) = &m.content {
            self.items(&items.iter().map(Some).collect::<Vec<_>>());
        }
        syn::visit::visit_item_mod(self, m);
    }
    fn visit_block(&mut self, b: &'ast syn::Block) {
        let items: Vec<Option<&syn::Item>> = b
            .stmts
            .iter()
            .map(|s| match s {
                syn::Stmt::Item(i) => Some(i),
                _ => None,
            })
            .collect();
        self.items(&items);
        syn::visit::visit_block(self, b);
    }
    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        let span = m.span();
        self.macros.push((span.start(), span.end()));
    }
}

/// The sort key of an item: attributes, visibility and the normalized tree, as text.
fn key(item: &syn::ItemUse) -> String {
    let attrs = &item.attrs;
    let vis = &item.vis;
    let mut out = quote::quote!(#(#attrs)* #vis).to_string();
    out.push_str(" use ");
    if item.leading_colon.is_some() {
        out.push_str("::");
    }
    out.push_str(&tree(&item.tree));
    out
}

fn tree(t: &syn::UseTree) -> String {
    match t {
        syn::UseTree::Path(p) => {
            let rest = tree(&p.tree);
            if rest == "self" {
                p.ident.to_string()
            } else {
                format!("{}::{rest}", p.ident)
            }
        }
        syn::UseTree::Name(n) => n.ident.to_string(),
        syn::UseTree::Rename(r) => format!("{} as {}", r.ident, r.rename),
        syn::UseTree::Glob(_) => "*".into(),
        syn::UseTree::Group(g) => {
            let mut parts: Vec<String> = g.items.iter().map(tree).collect();
            parts.sort();
            parts.dedup();
            if parts.len() == 1 && parts[0] != "self" {
                parts.pop().unwrap()
            } else {
                format!("{{{}}}", parts.join(", "))
            }
        }
    }
}

/// The text without comments (doc comments kept) and without blank or trailing whitespace.
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for token in lexer::tokenize(text, lexer::FrontmatterAllowed::No) {
        let len = token.len as usize;
        let piece = &text[pos..pos + len];
        let keep = match token.kind {
            lexer::TokenKind::LineComment { doc_style } => doc_style.is_some(),
            lexer::TokenKind::BlockComment { doc_style, .. } => doc_style.is_some(),
            _ => true,
        };
        if keep {
            out.push_str(piece);
        }
        pos += len;
    }
    out.lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The group `preset = "rustfmt"` (rustfmt's StdExternalCrate) gives an item: 0 std, 1 external,
/// 2 local.
fn group(key: &str) -> u8 {
    let path = key.rsplit_once(" use ").map_or(key, |(_, p)| p);
    if path.starts_with("::") {
        return 1;
    }
    let first = path
        .split("::")
        .next()
        .unwrap_or("")
        .split(' ')
        .next()
        .unwrap_or("");
    match first {
        "std" | "core" | "alloc" => 0,
        "self" | "super" | "crate" => 2,
        _ => 1,
    }
}

/// A blank line, then own-line comments, then a blank line, between two items: grouse's
/// "detached comment", a barrier the items on each side are regrouped apart from.
fn detached_between(between: &str) -> bool {
    let lines: Vec<&str> = between.split('\n').collect();
    if lines.len() < 3 {
        return false;
    }
    let full = &lines[1..lines.len() - 1];
    let blank = |l: &&str| l.trim().is_empty();
    let comment = |l: &&str| {
        let t = l.trim();
        t.starts_with("//") || t.starts_with("/*") || t.starts_with('*') || t.ends_with("*/")
    };
    full.iter()
        .enumerate()
        .any(|(j, l)| comment(l) && full[..j].iter().any(blank) && full[j + 1..].iter().any(blank))
}

/// Replaces every macro body with a placeholder.
fn without_macros(o: &Output) -> String {
    let mut ranges = o.macros.clone();
    ranges.sort();
    let mut out = String::new();
    let mut pos = 0;
    for (a, b) in ranges {
        if a < pos {
            continue;
        }
        out.push_str(&o.text[pos..a]);
        out.push_str("macro!{}");
        pos = b;
    }
    out.push_str(&o.text[pos..]);
    out
}

const COMMENTS: &str = "comments: rustfmt leaves a comment in place, grouse moves it with its item (rustfmt#1373, #3720)";
const SECTION: &str = "section comment: grouse keeps a detached comment block as a barrier, rustfmt merges across it (rustfmt#6241)";
const MACRO: &str =
    "`use` inside a macro body: rustfmt formats it, grouse never touches macro bodies";
const NORMALIZES: &str = "rustfmt normalizes item text (same order)";
const CRLF: &str = "rustfmt rewrites CRLF line endings, grouse keeps them";
const BLANK: &str =
    "blank line between a trailing comment and the next item's comment (grouse, documented)";

fn classify(input: &str, rustfmt: &str, grouse: &str) -> (&'static str, String) {
    if rustfmt == grouse {
        return ("identical", String::new());
    }
    let mut classes: Vec<&'static str> = Vec::new();
    let lf;
    let grouse = if input.contains("\r\n") && !rustfmt.contains("\r\n") {
        lf = grouse.replace("\r\n", "\n");
        classes.push(CRLF);
        if lf == rustfmt {
            return ("rustfmt-side", classes.join("; "));
        }
        lf.as_str()
    } else {
        grouse
    };
    let r = match parse(rustfmt) {
        Ok(r) => r,
        Err(e) => {
            return (
                "unclassified",
                format!("rustfmt output does not parse: {e}"),
            );
        }
    };
    let g = match parse(grouse) {
        Ok(g) => g,
        Err(e) => return ("grouse-bug", format!("grouse output does not parse: {e}")),
    };
    if r.runs.len() != g.runs.len() {
        return (
            "grouse-bug",
            format!(
                "{} runs in rustfmt's output, {} in grouse's",
                r.runs.len(),
                g.runs.len()
            ),
        );
    }
    let mut reordered = false;
    for (rr, gr) in r.runs.iter().zip(&g.runs) {
        let mut rs: Vec<&str> = rr.iter().map(|i| i.key.as_str()).collect();
        let mut gs: Vec<&str> = gr.iter().map(|i| i.key.as_str()).collect();
        let same_order = rs == gs;
        rs.sort();
        gs.sort();
        if rs != gs {
            let (a, b) = first_diff(rr, gr);
            return (
                "grouse-bug",
                format!("different items in a run: rustfmt has `{a}` where grouse has `{b}`"),
            );
        }
        // grouse's segments: the run split at detached comments.
        let mut segments: Vec<&[Item]> = Vec::new();
        let mut start = 0;
        for (i, item) in gr.iter().enumerate() {
            if i > 0 && item.detached_before {
                segments.push(&gr[start..i]);
                start = i;
            }
        }
        segments.push(&gr[start..]);
        let run_differs = !same_order
            || rr
                .iter()
                .zip(gr)
                .any(|(a, b)| a.blank_before != b.blank_before || a.text != b.text);
        if segments.len() > 1 && run_differs {
            push(&mut classes, SECTION);
        }
        for seg in &segments {
            // Order: the same relative order as rustfmt's.
            let mut left: Vec<&str> = seg.iter().map(|i| i.key.as_str()).collect();
            let mut expected = Vec::new();
            for item in rr {
                if let Some(p) = left.iter().position(|k| *k == item.key) {
                    expected.push(left.remove(p));
                }
            }
            let actual: Vec<&str> = seg.iter().map(|i| i.key.as_str()).collect();
            if expected != actual {
                let at = expected
                    .iter()
                    .zip(&actual)
                    .position(|(a, b)| a != b)
                    .unwrap_or(0);
                return (
                    "grouse-bug",
                    format!(
                        "different order: rustfmt has `{}` where grouse has `{}`",
                        expected[at], actual[at]
                    ),
                );
            }
            // Groups: std, external, local, one blank line between, none inside.
            for w in seg.windows(2) {
                let (gp, gi) = (group(&w[0].key), group(&w[1].key));
                if gi < gp {
                    return (
                        "grouse-bug",
                        format!("groups out of order at `{}`", w[1].key),
                    );
                }
                let expected_blank = gi != gp;
                if w[1].blank_before != expected_blank {
                    if w[1].blank_before && w[1].prev_trailing_comment && w[1].leading_comment {
                        push(&mut classes, BLANK);
                    } else {
                        return (
                            "grouse-bug",
                            format!(
                                "different groups: blank line before `{}`: expected {expected_blank}",
                                w[1].key
                            ),
                        );
                    }
                }
            }
        }
        if !same_order {
            reordered = true;
            continue;
        }
        for (ri, gi) in rr.iter().zip(gr) {
            if ri.text != gi.text {
                if strip_comments(&ri.text) == strip_comments(&gi.text) {
                    push(&mut classes, COMMENTS);
                } else {
                    push(&mut classes, NORMALIZES);
                }
            }
        }
    }
    // What remains is outside the items: comments between them, or macro bodies.
    if !reordered && strip_comments(rustfmt) != strip_comments(grouse) {
        if strip_comments(&without_macros(&r)) == strip_comments(&without_macros(&g)) {
            push(&mut classes, MACRO);
        } else {
            let at = first_diff_offset(&strip_comments(rustfmt), &strip_comments(grouse));
            let line = strip_comments(rustfmt)[..at].matches('\n').count() + 1;
            return (
                "unclassified",
                format!(
                    "outputs differ outside `use` items (line {line} of the text without comments)"
                ),
            );
        }
    } else if strip_comments(rustfmt) != strip_comments(grouse) || rustfmt != grouse {
        // Only comments (and blank lines) differ, or the order is explained above.
        if !reordered && classes.iter().all(|c| *c == CRLF || *c == BLANK) {
            push(&mut classes, COMMENTS);
        }
    }
    ("rustfmt-side", classes.join("; "))
}

fn push(classes: &mut Vec<&'static str>, class: &'static str) {
    if !classes.contains(&class) {
        classes.push(class);
    }
}

fn first_diff(a: &[Item], b: &[Item]) -> (String, String) {
    for i in 0..a.len().max(b.len()) {
        let (x, y) = (a.get(i).map(|i| &i.key), b.get(i).map(|i| &i.key));
        if x != y {
            let show = |s: Option<&String>| s.map_or("(end)".to_string(), |s| s.to_string());
            return (show(x), show(y));
        }
    }
    (String::new(), String::new())
}

fn first_diff_offset(a: &str, b: &str) -> usize {
    a.bytes()
        .zip(b.bytes())
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()))
}

/// The classes of a granularity difference. `rustfmt-comments` marks the files where rustfmt
/// does not keep every comment where it was.
const G_LOSES: &str = "rustfmt loses or duplicates a comment (rustfmt#4991, #3984, #7051)";
const G_MOVES: &str = "an item with a comment: grouse keeps it verbatim and unmerged, rustfmt merges it and moves its comment (rustfmt#4991, #3984, #7051)";
const G_SELF: &str =
    "`x` beside `x::..`: rustfmt writes `x::{self, ..}`, another import (rustfmt#4915)";
const G_DROPS: &str =
    "rustfmt drops an import that differs in visibility or attributes (rustfmt#6806)";
const G_ONE: &str = "one with group_imports: rustfmt merges the whole run into one item across the groups, grouse one item per group";
const G_CRLF: &str = "rustfmt rewrites CRLF line endings, grouse keeps them";
const G_LIST: &str = "a braced list whose names go to other groups (`use {crate::x, core::y}`): grouse keeps it as written, rustfmt splits it and regroups the parts";
const G_OTHER: &str =
    "rustfmt also changes code that is not an import (other nightly options of the crate's rustfmt.toml)";
const G_ONE_ORDER: &str = "one with group_imports: the same items, but rustfmt places a merged `use {..}` by its first element's kind, grouse in its group";
const G_ONE_ROOT: &str = "one: a path from the root (`::a`) merges only with those of its crate (`use {::a, b}` does not parse)";

/// Classifies a difference between nightly rustfmt's `imports_granularity = MODE` output and
/// grouse's: `CLASS<TAB>detail`, CLASS `rustfmt-comments` (rustfmt does not keep every comment:
/// these files are outside the conformance target), `rustfmt-side` (another rustfmt bug grouse
/// does not copy), `grouse-bug` or `unclassified`.
fn classify_granularity(
    mode: &str,
    input: &str,
    rustfmt: &str,
    grouse: &str,
) -> (&'static str, String) {
    if rustfmt == grouse {
        return ("identical", String::new());
    }
    if input.contains("\r\n") && rustfmt.replace("\r\n", "\n") == grouse.replace("\r\n", "\n") {
        return ("rustfmt-side", G_CRLF.into());
    }
    if comments(input) != comments(rustfmt) {
        return ("rustfmt-comments", G_LOSES.into());
    }
    let (r, g) = match (parse(rustfmt), parse(grouse)) {
        (Ok(r), Ok(g)) => (r, g),
        (Err(e), _) => {
            return (
                "unclassified",
                format!("rustfmt output does not parse: {e}"),
            );
        }
        (_, Err(e)) => return ("grouse-bug", format!("grouse output does not parse: {e}")),
    };
    // The same imports, laid out the same: what differs is code rustfmt changed for other reasons.
    let run_texts = |o: &Output| -> Vec<Vec<(String, bool)>> {
        o.runs
            .iter()
            .map(|run| run.iter().map(|i| (i.text.clone(), i.blank_before)).collect())
            .collect()
    };
    if run_texts(&r) == run_texts(&g) && without_imports(rustfmt) != without_imports(grouse) {
        return ("rustfmt-side", G_OTHER.into());
    }
    // Leaves: (attributes, visibility, path) of every import, as sorted lists.
    let leaves = |o: &Output| {
        let mut all: Vec<String> = o.runs.iter().flatten().flat_map(item_leaves).collect();
        all.sort();
        all
    };
    let (rl, gl) = (leaves(&r), leaves(&g));
    if rl != gl {
        let only_g: Vec<&String> = gl.iter().filter(|l| !rl.contains(l)).collect();
        let only_r: Vec<&String> = rl.iter().filter(|l| !gl.contains(l)).collect();
        // rustfmt wrote `x::{self}` where the input (and grouse) had `x`, or lost a `x` beside
        // `x::{self}` as a duplicate.
        let selfish = only_r
            .iter()
            .any(|l| l.contains("::self") && gl.contains(&l.replacen("::self", "", 1)));
        if selfish {
            return ("rustfmt-side", G_SELF.into());
        }
        if only_r.is_empty() {
            return ("rustfmt-side", G_DROPS.into());
        }
        return (
            "unclassified",
            format!("different imports: rustfmt has {only_r:?}, grouse {only_g:?}"),
        );
    }
    // An item whose text holds a comment, or has one above or after it, where the runs differ.
    let commented = |i: &Item| {
        i.leading_comment
            || i.text.contains("//") && !strip_comments(&i.text).eq(&i.text)
            || i.text.contains("/*")
    };
    let mut moved = false;
    for (k, gr) in g.runs.iter().enumerate() {
        let same = r.runs.get(k).is_some_and(|rr| {
            rr.len() == gr.len() && rr.iter().zip(gr).all(|(a, b)| a.text == b.text)
        });
        if same {
            continue;
        }
        let trailing = |run: &[Item]| run.iter().skip(1).any(|i| i.prev_trailing_comment);
        if gr.iter().any(commented) || trailing(gr) || has_trailing_after_run(grouse, gr) {
            moved = true;
        }
    }
    if moved || strip_comments(rustfmt) == strip_comments(grouse) {
        return ("rustfmt-comments", G_MOVES.into());
    }
    if without_macros(&r) == without_macros(&g) {
        return ("rustfmt-side", MACRO.into());
    }
    if g.runs.iter().flatten().any(|i| i.detached_before) {
        return ("rustfmt-side", SECTION.into());
    }
    if mode == "one"
        && r.runs
            .iter()
            .flatten()
            .any(|i| i.text.contains("use {") && mixes_groups(&i.key))
    {
        return ("rustfmt-side", G_ONE.into());
    }
    // A list across groups that grouse kept as the input wrote it.
    let kept_list = g.runs.iter().flatten().any(|i| {
        i.text.contains("use {") && mixes_groups(&i.key) && input.contains(i.text.as_str())
    });
    if kept_list {
        return ("rustfmt-side", G_LIST.into());
    }
    if mode == "one" {
        let texts = |o: &Output| -> Vec<String> {
            let mut all: Vec<String> = o.runs.iter().flatten().map(|i| i.text.clone()).collect();
            all.sort_unstable();
            all
        };
        if texts(&r) == texts(&g) {
            return ("rustfmt-side", G_ONE_ORDER.into());
        }
        if g.runs.iter().flatten().any(|i| i.text.contains("use ::")) {
            return ("rustfmt-side", G_ONE_ROOT.into());
        }
    }
    ("unclassified", String::new())
}

/// The text with every `use` item (and its line) taken out: what imports do not decide.
fn without_imports(text: &str) -> String {
    text.lines()
        .filter(|line| {
            let t = line.trim_start();
            !(t.starts_with("use ")
                || t.starts_with("pub use ")
                || t.starts_with("pub(")
                || t.is_empty()
                || t.starts_with('}')
                || t.ends_with(',')
                || t.ends_with('{'))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The comments of a text (not doc comments), trimmed, sorted: what must survive.
fn comments(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut pos = 0;
    for token in lexer::tokenize(text, lexer::FrontmatterAllowed::No) {
        let len = token.len as usize;
        let piece = &text[pos..pos + len];
        match token.kind {
            lexer::TokenKind::LineComment { doc_style: None }
            | lexer::TokenKind::BlockComment {
                doc_style: None, ..
            } => out.push(piece.trim().to_string()),
            _ => {}
        }
        pos += len;
    }
    out.sort();
    out
}

/// The last item of a run has a comment after it on its line.
fn has_trailing_after_run(text: &str, run: &[Item]) -> bool {
    run.last().is_some_and(|last| {
        text.find(&last.text).is_some_and(|at| {
            let rest = &text[at + last.text.len()..];
            let line = rest.split('\n').next().unwrap_or("");
            line.contains("//") || line.contains("/*")
        })
    })
}

/// Every imported leaf of an item: `attributes vis path`.
fn item_leaves(item: &Item) -> Vec<String> {
    let Ok(parsed) = syn::parse_str::<syn::ItemUse>(&strip_comments(&item.text)) else {
        return vec![format!("unparsed {}", item.text)];
    };
    let attrs = &parsed.attrs;
    let vis = &parsed.vis;
    let head = quote::quote!(#(#attrs)* #vis).to_string();
    let mut out = Vec::new();
    let root = if parsed.leading_colon.is_some() {
        "::"
    } else {
        ""
    };
    walk(&parsed.tree, root.to_string(), &mut |leaf| {
        out.push(format!("{head} use {leaf}"))
    });
    out
}

fn walk(t: &syn::UseTree, prefix: String, out: &mut dyn FnMut(String)) {
    let join = |name: String| {
        if prefix.is_empty() || prefix == "::" {
            format!("{prefix}{name}")
        } else {
            format!("{prefix}::{name}")
        }
    };
    match t {
        syn::UseTree::Path(p) => walk(&p.tree, join(p.ident.to_string()), out),
        syn::UseTree::Name(n) => out(join(n.ident.to_string())),
        syn::UseTree::Rename(r) => out(format!("{} as {}", join(r.ident.to_string()), r.rename)),
        syn::UseTree::Glob(_) => out(join("*".into())),
        syn::UseTree::Group(g) => {
            for item in &g.items {
                walk(item, prefix.clone(), out);
            }
        }
    }
}

/// A top-level list (`use {a, b}`) whose elements go to different groups of StdExternalCrate.
fn mixes_groups(key: &str) -> bool {
    let Some(list) = key
        .rsplit_once(" use {")
        .map(|(_, l)| l.trim_end_matches('}'))
    else {
        return false;
    };
    let mut groups: Vec<u8> = list
        .split(", ")
        .map(|element| group(&format!(" use {element}")))
        .collect();
    groups.sort();
    groups.dedup();
    groups.len() > 1
}

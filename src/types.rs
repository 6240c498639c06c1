//! types: the data that flows through the pipeline, from the scan of a file to its edits —
//! collected items and raw runs, units with their comments, runs, placed units, edits and
//! changed lines. Each stage takes these from the stages before it and builds the next; none
//! imports another stage's types.

use std::cell::OnceCell;
use std::ops::Range;
use std::rc::Rc;

use crate::item::UseItem;
use crate::settings::StyleEdition;
use crate::text::{code_before_on_line, indentation};
use crate::tree::Normalized;

// --- collect ---

/// One `use` item.
#[derive(Debug, Clone)]
pub struct Item {
    /// First byte: its first attribute or outer doc comment, else its visibility, else `use`.
    pub start: usize,
    /// One past its `;`.
    pub end: usize,
    /// The brace scope it sits in (0 is the file).
    pub scope: usize,
    /// `#[macro_use]` or `#[rustfmt::skip]`: the item never moves.
    pub skip_attr: bool,
}

/// A maximal sequence of sibling `use` items with nothing but whitespace and comments between.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRun {
    /// Indices into [`Collected::items`].
    pub items: Range<usize>,
    /// End of the last significant token before the run (or the start of the code).
    pub gap_before: usize,
    /// Start of the first significant token after the run (or the end of the file).
    pub gap_after: usize,
}

/// A `use` item parsed as syn parses it, and what the later stages derive from it for a style
/// edition.
#[derive(Debug)]
pub struct Parsed {
    pub item: UseItem,
    /// Built on first use, one per style edition.
    normalized: [OnceCell<Normalized>; 4],
}

impl Parsed {
    pub(crate) fn new(item: UseItem) -> Parsed {
        Parsed {
            item,
            normalized: Default::default(),
        }
    }

    /// Its normalized tree and sort key for `edition`, built on first use.
    pub fn normalized(&self, edition: StyleEdition) -> &Normalized {
        let index = match edition {
            StyleEdition::E2015 => 0,
            StyleEdition::E2018 => 1,
            StyleEdition::E2021 => 2,
            StyleEdition::E2024 => 3,
        };
        self.normalized[index].get_or_init(|| Normalized::of(&self.item, edition))
    }
}

/// Everything the scan found in a file.
#[derive(Debug, Clone, Default)]
pub struct Collected {
    pub items: Vec<Item>,
    /// Each item parsed by syn, in the order of `items`; empty after a scan alone (`collect::scan`).
    pub parsed: Vec<Rc<Parsed>>,
    pub runs: Vec<RawRun>,
    /// Byte ranges of the names of modules and enums declared in each scope.
    pub locals: Vec<Vec<Range<usize>>>,
    /// Where the code starts, after a byte order mark and a shebang line.
    pub code_start: usize,
}

impl Collected {
    /// What the scan found, for comparing two scans of `source`: the runs, and each item with the
    /// names declared in its scope (scope numbers differ where groups were stepped over).
    #[doc(hidden)]
    pub fn summary(&self, source: &str) -> String {
        let mut out = format!("{:?} {}\n", self.runs, self.code_start);
        for item in &self.items {
            let mut locals: Vec<&str> = self.locals[item.scope]
                .iter()
                .map(|r| &source[r.clone()])
                .collect();
            locals.sort_unstable();
            out += &format!(
                "{}..{} {} {locals:?}\n",
                item.start, item.end, item.skip_attr
            );
        }
        out
    }

    /// Whether `name` is a module or enum declared in `scope`.
    pub fn is_local(&self, source: &str, scope: usize, name: &str) -> bool {
        self.locals
            .get(scope)
            .is_some_and(|names| names.iter().any(|r| &source[r.clone()] == name))
    }
}

// --- attach ---

/// A `use` item with the comments it owns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unit {
    /// Index into [`Collected::items`].
    pub item: usize,
    /// First byte of its leading comments, else of the item.
    pub start: usize,
    /// End of its trailing comments, else of the item.
    pub end: usize,
    pub has_leading: bool,
    pub has_trailing: bool,
    /// Its text ends with a `//` comment, so a line break must follow it.
    pub ends_in_line_comment: bool,
    /// A blank line separates it from the unit before it in the input.
    pub blank_line_before: bool,
    /// Its trailing comment goes on over further lines, aligned under its start: moved to another
    /// column, those lines would no longer read as its continuation.
    pub continued: bool,
}

/// A stretch of units that are regrouped together; `start..end` is the text that is rewritten.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub units: Vec<Unit>,
    pub start: usize,
    pub end: usize,
    pub scope: usize,
    /// It is at the top of the file: right under the file's header (a comment block that never
    /// moves), or on the file's first line. A unit with comments above it cannot go first there:
    /// its comments would join the header, or become it.
    pub top_of_file: bool,
}

impl Run {
    /// The indentation of the run: that of its first unit that starts a line, else that of the
    /// line the run starts on. A run that starts after code on its line (`fn f() { use b;`) thus
    /// keeps the indentation of its other lines.
    pub fn indentation<'a>(&self, source: &'a str) -> &'a str {
        self.units
            .iter()
            .find(|unit| !code_before_on_line(source, unit.start))
            .map_or_else(
                || indentation(source, self.start),
                |unit| indentation(source, unit.start),
            )
    }
}

// --- order, merge and render ---

/// What a placed piece of a run writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// A unit of the input, verbatim.
    Unit(Unit),
    /// An item merged or split from units of the input (which held no comment), printed in
    /// rustfmt's layout: its attributes, then the item, the lines after its first indented.
    New(String),
}

/// A piece of a run placed in its block, in output order. Blocks are written one blank line
/// apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub content: Content,
    /// The block's place in the run: its group's rank, or its chunk with `preset = "preserve"`.
    pub block: usize,
}

impl Placed {
    /// The unit it writes verbatim, if it does.
    pub fn unit(&self) -> Option<&Unit> {
        match &self.content {
            Content::Unit(unit) => Some(unit),
            Content::New(_) => None,
        }
    }
}

/// A replacement of `source[start..end]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// Items were merged or split: the run holds other items than the input's.
    pub merged: bool,
}

/// A run that changed, as 1-based inclusive line numbers of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChangedRun {
    pub start_line: usize,
    pub end_line: usize,
}

//! grouse keeps the `use` items of a Rust file in three blocks — std, third-party, project — in
//! the order `cargo fmt` expects.
//!
//! The engine is one pure function, [`regroup`]: source text and [`Settings`] in, either
//! "unchanged" or the regrouped text out. It reads top to bottom as the pipeline it runs, each
//! stage taking the data of the stages before it (`types`) and none importing from a later one:
//!
//! 1. `collect`: find every run of sibling `use` items with rustc's lexer (stepping over the
//!    groups that hold none, found by `skim`), parse each as syn does (`item`);
//! 2. `attach`: give each item its comments, split runs at barriers;
//! 3. `classify`: std, external, project or a user group, with the reason, on the normalized
//!    tree (`tree`, which also holds rustfmt's sort key);
//! 4. `order`: by group, then by the sort key for the style edition;
//! 5. `render`: each item's text verbatim, groups one blank line apart;
//! 6. `verify`: scan the result again and check nothing but the order changed.
//!
//! Around it: `config` and `settings` (what applies to a file), `walk` (which files), `report`
//! and `write` (what is printed and written), `rustfmt` (the formatter run first with
//! `--rustfmt`), `cli` (the command line). [`inspect`] exports the
//! stages to the tests, benchmarks and the fuzz target.

mod attach;
mod classify;
pub mod cli;
mod collect;
pub mod config;
mod error;
mod granularity;
mod hash;
mod item;
mod layout;
mod merge;
mod order;
mod render;
pub mod report;
pub mod rustfmt;
mod settings;
mod skim;
mod text;
mod tree;
mod types;
mod verify;
pub mod walk;
pub mod write;

pub use crate::error::Error;
pub use crate::settings::{
    Granularity, Group, ImportsLayout, Layout, Pattern, Preset, Settings, StyleEdition, UserGroup,
    Visibility,
};
pub use crate::types::ChangedRun;

/// The engine's stages one by one, for tests, benchmarks and the fuzz target, which check each
/// stage against an oracle. Not a stable interface: [`regroup`] is.
#[doc(hidden)]
pub mod inspect {
    pub use crate::attach::attach;
    pub use crate::classify::{Classification, FirstSegment, classify};
    pub use crate::collect::{collect, forget_parsed_items, scan, scan_every_token};
    pub use crate::granularity::{Entry, Output, apply as apply_granularity};
    pub use crate::item::UseItem;
    pub use crate::layout::print_use;
    pub use crate::tree::{Normalized, Segment, UseTree};
    pub use crate::types::{Collected, Run};
    pub use crate::verify::{verify_whole, verify_whole_merged};
}

/// The result of regrouping one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Regrouped {
    /// Every run is already grouped and ordered.
    Unchanged,
    /// The regrouped text, and the runs that changed.
    Changed { text: String, runs: Vec<ChangedRun> },
}

/// Regroups every `use` run of `source`.
///
/// Returns an error, and never a partial result, when the file does not lex cleanly, when a `use`
/// item does not parse, or when the result fails verification.
pub fn regroup(source: &str, settings: &Settings) -> Result<Regrouped, Error> {
    let collected = collect::collect(source)?;
    let runs = attach::attach(source, &collected);
    // One line ending for every rewritten run, from the text no run rewrites.
    let newline = std::cell::OnceCell::new();
    let newline = || {
        *newline.get_or_init(|| {
            text::line_ending_outside(source, runs.iter().map(|run| (run.start, run.end)))
        })
    };
    let mut edits = Vec::new();
    for run in &runs {
        // With `preserve`, a run of one item has nothing to change.
        if run.units.len() < 2 && settings.granularity == settings::Granularity::Preserve {
            continue;
        }
        let normalized: Vec<&tree::Normalized> = run
            .units
            .iter()
            .map(|unit| collected.parsed[unit.item].normalized(settings.style_edition))
            .collect();
        let groups = classify::classify_run(source, run, &collected, &normalized, settings);
        let placed = order::order_run(run, &normalized, &groups, settings);
        let placed = merge::merge_run(source, run, &collected, placed, settings, newline());
        if let Some(edit) = render::render_run(source, run, &placed, newline()) {
            edits.push(edit);
        }
    }
    if edits.is_empty() {
        return Ok(Regrouped::Unchanged);
    }
    let text = render::apply(source, &edits);
    verify::verify(source, &collected, &runs, &edits, &text)?;
    let runs = render::changed_lines(source, &edits);
    Ok(Regrouped::Changed { text, runs })
}

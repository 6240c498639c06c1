//! grouse keeps the `use` items of a Rust file in three blocks — std, third-party, project — in
//! the order `cargo fmt` expects.
//!
//! The engine is one pure function, [`regroup`]: source text and [`Settings`] in, either
//! "unchanged" or the regrouped text out. It reads top to bottom as the pipeline it runs:
//!
//! 1. [`collect`]: find every run of sibling `use` items with rustc's lexer (stepping over the
//!    groups that hold none), parse each as syn does ([`item`]);
//! 2. [`attach`]: give each item its comments, split runs at barriers;
//! 3. [`classify`]: std, external, project or a user group, with the reason;
//! 4. [`order`]: rustfmt's comparator for the style edition;
//! 5. [`render`]: each item's text verbatim, groups one blank line apart;
//! 6. [`verify`]: scan the result again and check nothing but the order changed.

pub mod attach;
pub mod classify;
pub mod cli;
pub mod collect;
pub mod config;
pub mod error;
pub mod granularity;
mod hash;
pub mod item;
pub mod layout;
pub mod order;
pub mod render;
pub mod report;
pub mod settings;
mod skim;
pub mod tree;
pub mod verify;
pub mod walk;
pub mod write;

pub use crate::error::Error;
pub use crate::settings::{Group, Pattern, Preset, Settings, StyleEdition, UserGroup};

/// The result of regrouping one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Regrouped {
    /// Every run is already grouped and ordered.
    Unchanged,
    /// The regrouped text, and the runs that changed.
    Changed { text: String, runs: Vec<ChangedRun> },
}

/// A run that changed, as 1-based inclusive line numbers of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChangedRun {
    pub start_line: usize,
    pub end_line: usize,
}

/// Regroups every `use` run of `source`.
///
/// Returns an error, and never a partial result, when the file does not lex cleanly, when a `use`
/// item does not parse, or when the result fails verification.
pub fn regroup(source: &str, settings: &Settings) -> Result<Regrouped, Error> {
    let collected = collect::collect(source)?;
    let runs = attach::attach(source, &collected);
    let mut edits = Vec::new();
    for run in &runs {
        let derived: Vec<&(tree::UseTree, order::TreeKey)> = run
            .units
            .iter()
            .map(|unit| collected.parsed[unit.item].tree(settings.style_edition))
            .collect();
        let groups = classify::classify_run(source, run, &collected, &derived, settings);
        let placed = order::order_run(run, &derived, &groups, settings);
        if let Some(edit) = render::render_run(source, run, &placed) {
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

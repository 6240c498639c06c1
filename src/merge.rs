//! merge: merges or splits the items of each block of a run as rustfmt's `imports_granularity`
//! does (see [`crate::granularity`]), and prints the new items in rustfmt's layout
//! ([`crate::layout`]). Units with comments are kept verbatim; nothing else about a run changes.

use ra_ap_rustc_lexer::{self as lexer, TokenKind};

use crate::classify::classify_tree;
use crate::granularity::{self, Entry, Output};
use crate::layout::print_use;
use crate::settings::{Granularity, Layout, Preset, Settings};
use crate::text::line_ending_around;
use crate::tree::Segment;
use crate::types::{Collected, Content, Placed, Run, Unit};

/// Merges or splits the items of each block of `placed` (in output order) for the granularity
/// of `settings`; with `preserve`, returns `placed` as it is.
pub fn merge_run(
    source: &str,
    run: &Run,
    collected: &Collected,
    placed: Vec<Placed>,
    settings: &Settings,
) -> Vec<Placed> {
    if settings.granularity == Granularity::Preserve {
        return placed;
    }
    let edition = settings.style_edition;
    let layout = Layout {
        edition,
        ..settings.layout
    };
    let indent = indent_columns(run.indentation(source), &layout);
    let newline = line_ending_around(source, run.start, run.end);
    let mut out = Vec::with_capacity(placed.len());
    let mut rest = placed.as_slice();
    while let Some(first) = rest.first() {
        let len = rest.iter().take_while(|p| p.block == first.block).count();
        let (block, after) = rest.split_at(len);
        rest = after;
        let units: Vec<Unit> = block.iter().filter_map(|p| p.unit().copied()).collect();
        let entries: Vec<Entry<'_>> = units
            .iter()
            .map(|unit| {
                let parsed = &collected.parsed[unit.item];
                let item = &collected.items[unit.item];
                let normalized = parsed.normalized(edition);
                Entry {
                    tree: &normalized.tree,
                    key: &normalized.key,
                    vis: &parsed.item.vis,
                    // Before edition 2018, rustfmt writes `::a` as `a`: such an item is kept
                    // as it is rather than merged into a path that reads differently.
                    mergeable: !unit.has_leading
                        && !unit.has_trailing
                        && (!parsed.item.leading_colon || edition.has_uniform_paths())
                        && !spans_blocks(source, run, collected, unit, settings)
                        && !holds_comment(&source[item.start..item.end]),
                    has_attrs: parsed.item.has_attrs,
                }
            })
            .collect();
        for output in granularity::apply(settings.granularity, &entries, edition) {
            let content = match output {
                Output::Verbatim(k) => Content::Unit(units[k]),
                Output::New {
                    vis,
                    attrs_from,
                    tree,
                } => {
                    let mut text = match attrs_from {
                        Some(k) => {
                            let item = &collected.items[units[k].item];
                            attributes(&source[item.start..item.end]).to_owned()
                        }
                        None => String::new(),
                    };
                    text.push_str(&print_use(&vis, &tree, indent, &layout, newline));
                    Content::New(text)
                }
            };
            out.push(Placed {
                content,
                block: first.block,
            });
        }
    }
    out
}

/// Whether the unit is a braced list at the top (`use {crate::x, core::y};`) whose elements go
/// to other groups than the item: split, its parts would belong to other blocks, and the next run
/// would move them. Such an item is kept as it is. (`one` writes each group as such a list, whose
/// elements all go to its group; with presets `one` and `preserve` the block is not the group's.)
fn spans_blocks(
    source: &str,
    run: &Run,
    collected: &Collected,
    unit: &Unit,
    settings: &Settings,
) -> bool {
    let parsed = &collected.parsed[unit.item];
    let tree = &parsed.normalized(settings.style_edition).tree;
    let [Segment::List(elements)] = tree.path.as_slice() else {
        return false;
    };
    if matches!(settings.preset, Preset::One | Preset::Preserve) {
        return false;
    }
    let vis = &parsed.item.vis;
    let is_local = |name: &str| collected.is_local(source, run.scope, name);
    let group = classify_tree(tree, vis, settings, &is_local).group;
    elements
        .iter()
        .any(|element| classify_tree(element, vis, settings, &is_local).group != group)
}

/// The width of an indentation in columns, a tab counting `tab_spaces`.
fn indent_columns(indent: &str, layout: &Layout) -> usize {
    indent
        .chars()
        .map(|c| if c == '\t' { layout.tab_spaces } else { 1 })
        .sum()
}

/// Whether the text of an item holds a comment that is not a doc comment (doc comments are
/// attributes).
fn holds_comment(text: &str) -> bool {
    if !text.contains("//") && !text.contains("/*") {
        return false;
    }
    lexer::tokenize(text, lexer::FrontmatterAllowed::No).any(|token| {
        matches!(
            token.kind,
            TokenKind::LineComment { doc_style: None }
                | TokenKind::BlockComment {
                    doc_style: None,
                    ..
                }
        )
    })
}

/// The attributes and doc comments an item starts with, up to its visibility or `use`, with the
/// line breaks and indentation after them.
pub(crate) fn attributes(text: &str) -> &str {
    let mut offset = 0;
    for token in lexer::tokenize(text, lexer::FrontmatterAllowed::No) {
        if matches!(token.kind, TokenKind::Ident) {
            let word = &text[offset..offset + token.len as usize];
            if word == "pub" || word == "use" {
                return &text[..offset];
            }
        }
        offset += token.len as usize;
    }
    ""
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_end_at_the_visibility_or_use() {
        assert_eq!(
            attributes("#[cfg(test)]\n    pub(crate) use a::{b, c};"),
            "#[cfg(test)]\n    "
        );
        assert_eq!(
            attributes("/// Docs.\n#[doc = \"use\"] use a;"),
            "/// Docs.\n#[doc = \"use\"] "
        );
        assert_eq!(attributes("use a;"), "");
    }

    #[test]
    fn doc_comments_are_not_comments() {
        assert!(!holds_comment("/// Docs.\nuse a;"));
        assert!(!holds_comment("#[doc = \"// no\"] use a;"));
        assert!(holds_comment("use a::{b, /* c */ d};"));
        assert!(holds_comment("use a::{b, // c\n d};"));
    }
}

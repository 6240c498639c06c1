//! merge: merges or splits the items of each block of a run as rustfmt's `imports_granularity`
//! does (see [`crate::granularity`]), and prints the new items in rustfmt's layout
//! ([`crate::layout`]). Units with comments are kept verbatim; nothing else about a run changes.

use ra_ap_rustc_lexer::{self as lexer, TokenKind};

use crate::classify::classify_tree;
use crate::granularity::{self, Entry, Output};
use crate::layout::print_use;
use crate::settings::{Granularity, Layout, Preset, Settings, StyleEdition};
use crate::tree::{Segment, TreeKey, UseTree, tree_key};
use crate::types::{Collected, Content, Placed, Run, Unit};

/// Merges or splits the items of each block of `placed` (in output order) for the granularity
/// of `settings`; with `preserve`, returns `placed` as it is.
///
/// A braced list at the top whose names go to other groups (`use {crate::x, core::y};`) is split
/// into its elements first, each taking its place in its own group's block, as rustfmt splits and
/// regroups it — unless it holds a comment, has attributes (but with `item`), or the mode is
/// `one`, which keeps such a list (and writes each group as one).
pub fn merge_run(
    source: &str,
    run: &Run,
    collected: &Collected,
    placed: Vec<Placed>,
    settings: &Settings,
    newline: &str,
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
    let is_local = |name: &str| collected.is_local(source, run.scope, name);

    // The pieces of each block, in block order: a unit, or an element of a list it splits.
    let mut blocks: Vec<(usize, Vec<Piece<'_>>)> = Vec::new();
    fn put<'a>(blocks: &mut Vec<(usize, Vec<Piece<'a>>)>, block: usize, piece: Piece<'a>) {
        match blocks.iter_mut().find(|(b, _)| *b == block) {
            Some((_, pieces)) => pieces.push(piece),
            None => blocks.push((block, vec![piece])),
        }
    }
    for p in &placed {
        let Some(unit) = p.unit() else { continue };
        let parsed = &collected.parsed[unit.item];
        let item = &collected.items[unit.item];
        let normalized = parsed.normalized(edition);
        // Before edition 2018, rustfmt writes `::a` as `a`: such an item is kept as it is
        // rather than merged into a path that reads differently.
        let mergeable = !unit.has_leading
            && !unit.has_trailing
            && (!parsed.item.leading_colon || edition.has_uniform_paths())
            && !holds_comment(&source[item.start..item.end]);
        // An item with attributes is never merged with another, nor split but by `item`, which
        // puts the attributes on every part.
        let splits = mergeable
            && settings.granularity != Granularity::One
            && (!parsed.item.has_attrs || settings.granularity == Granularity::Item)
            && !matches!(settings.preset, Preset::One | Preset::Preserve);
        let elements = match (splits, normalized.tree.path.as_slice()) {
            (true, [Segment::List(elements)]) => Some(elements),
            _ => None,
        };
        let vis = parsed.item.vis.as_str();
        let block_of = |tree: &UseTree| {
            settings.group_rank(classify_tree(tree, vis, settings, &is_local).group)
        };
        match elements {
            Some(elements) if elements.iter().any(|e| block_of(e) != p.block) => {
                for element in elements {
                    let key = tree_key(element, edition);
                    let piece = Piece::Element {
                        unit: *unit,
                        tree: element,
                        key,
                    };
                    put(&mut blocks, block_of(element), piece);
                }
            }
            _ => put(
                &mut blocks,
                p.block,
                Piece::Unit {
                    unit: *unit,
                    mergeable,
                },
            ),
        }
    }
    blocks.sort_by_key(|(block, _)| *block);

    let mut out = Vec::with_capacity(placed.len());
    for (block, mut pieces) in blocks {
        // Elements join their blocks out of order: the group's order again (stable).
        pieces.sort_by(|a, b| a.key(collected, edition).cmp(b.key(collected, edition)));
        let entries: Vec<Entry<'_>> = pieces
            .iter()
            .map(|piece| {
                let parsed = &collected.parsed[piece.unit().item];
                Entry {
                    tree: piece.tree(collected, edition),
                    key: piece.key(collected, edition),
                    vis: &parsed.item.vis,
                    mergeable: piece.mergeable(),
                    has_attrs: parsed.item.has_attrs,
                }
            })
            .collect();
        for output in granularity::apply(settings.granularity, &entries, edition) {
            let (vis, attrs_from, tree) = match output {
                Output::Verbatim(k) => match &pieces[k] {
                    Piece::Unit { unit, .. } => {
                        out.push(Placed {
                            content: Content::Unit(*unit),
                            block,
                        });
                        continue;
                    }
                    // An element left on its own is an item of its own.
                    Piece::Element { tree, .. } => {
                        let vis = entries[k].vis.to_owned();
                        (vis, entries[k].has_attrs.then_some(k), (*tree).clone())
                    }
                },
                Output::New {
                    vis,
                    attrs_from,
                    tree,
                } => (vis, attrs_from, tree),
            };
            let mut text = match attrs_from {
                Some(k) => {
                    let item = &collected.items[pieces[k].unit().item];
                    attributes(&source[item.start..item.end]).to_owned()
                }
                None => String::new(),
            };
            text.push_str(&print_use(&vis, &tree, indent, &layout, newline));
            out.push(Placed {
                content: Content::New(text),
                block,
            });
        }
    }
    out
}

/// What the merge of one block takes: a unit, or an element of a braced list split from a unit.
enum Piece<'a> {
    Unit {
        unit: Unit,
        mergeable: bool,
    },
    Element {
        unit: Unit,
        tree: &'a UseTree,
        key: TreeKey,
    },
}

impl<'a> Piece<'a> {
    fn unit(&self) -> &Unit {
        match self {
            Piece::Unit { unit, .. } | Piece::Element { unit, .. } => unit,
        }
    }

    fn tree(&self, collected: &'a Collected, edition: StyleEdition) -> &'a UseTree {
        match self {
            Piece::Unit { unit, .. } => &collected.parsed[unit.item].normalized(edition).tree,
            Piece::Element { tree, .. } => tree,
        }
    }

    fn key<'k>(&'k self, collected: &'a Collected, edition: StyleEdition) -> &'k TreeKey
    where
        'a: 'k,
    {
        match self {
            Piece::Unit { unit, .. } => &collected.parsed[unit.item].normalized(edition).key,
            Piece::Element { key, .. } => key,
        }
    }

    fn mergeable(&self) -> bool {
        match self {
            Piece::Unit { mergeable, .. } => *mergeable,
            Piece::Element { .. } => true,
        }
    }
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

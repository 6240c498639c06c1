//! Granularity: merging and splitting the `use` items of one group as rustfmt's
//! `imports_granularity` does, without its bugs.
//!
//! The algorithm follows rustfmt's (`normalize_use_trees_with_granularity`): every mergeable item
//! is flattened into its leaves, and each leaf is merged into the first earlier tree it shares a
//! prefix with (the crate for `Crate`, the module path for `Module`, anything for `One`), or
//! starts a new tree; `Item` keeps every leaf on its own. grouse is stricter than rustfmt:
//!
//! - an item that may not be merged (it holds a comment) is kept verbatim and nothing is merged
//!   into it; an item with attributes is never merged with another, and `Item` splits it with
//!   its attributes on every part;
//! - only items of the same visibility merge, and duplicates collapse only when visibility and
//!   attributes agree (rustfmt drops a `#[cfg]`'d or `pub` "duplicate", rust-lang/rustfmt#6806);
//! - `use a` and `use a::{self}` are different imports: they are never merged into one another
//!   (rustfmt writes `a::{self, ..}` for both, rust-lang/rustfmt#4915), and `use a as x` never
//!   swallows `use a`;
//! - a path never ends in `::self`; it is written `::{self}` (rust-lang/rustfmt#4681);
//! - `Module` never wraps single-segment imports as `use {a, b}` (rust-lang/rustfmt#6191).

use crate::settings::StyleEdition;
use crate::tree::{Segment, UseTree};

/// How far items are merged or split; rustfmt's `imports_granularity`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Granularity {
    /// Nothing is merged or split.
    #[default]
    Preserve,
    /// One item per crate.
    Crate,
    /// One item per module path.
    Module,
    /// One item per imported name.
    Item,
    /// One item per group.
    One,
}

impl Granularity {
    /// Parses grouse's name (`"crate"`) or rustfmt's (`"Crate"`).
    pub fn parse(text: &str) -> Option<Granularity> {
        match text {
            "preserve" | "Preserve" => Some(Granularity::Preserve),
            "crate" | "Crate" => Some(Granularity::Crate),
            "module" | "Module" => Some(Granularity::Module),
            "item" | "Item" => Some(Granularity::Item),
            "one" | "One" => Some(Granularity::One),
            _ => None,
        }
    }

    /// grouse's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Granularity::Preserve => "preserve",
            Granularity::Crate => "crate",
            Granularity::Module => "module",
            Granularity::Item => "item",
            Granularity::One => "one",
        }
    }
}

impl std::fmt::Display for Granularity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One `use` item of a group, as the merge sees it.
#[derive(Clone, Copy, Debug)]
pub struct Entry<'a> {
    /// The item's normalized tree (`UseTree::from_item` for the style edition).
    pub tree: &'a UseTree,
    /// The visibility as rustfmt writes it: `""`, `"pub"`, `"pub(crate)"`, ...
    pub vis: &'a str,
    /// False when the item holds a comment: it is kept verbatim.
    pub mergeable: bool,
    /// The item has attributes (doc comments included).
    pub has_attrs: bool,
}

/// One item of the result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Output {
    /// Input item `k`, written as it is.
    Verbatim(usize),
    /// A new item, to be printed by `layout`.
    New {
        vis: String,
        /// The input item whose attributes the new item carries, if any.
        attrs_from: Option<usize>,
        tree: UseTree,
    },
}

/// Merges or splits the items of one group; the result is in the group's sort order.
///
/// Every input item is either in the result (verbatim), or has all its leaves in new items; a
/// mergeable item that only repeats leaves of others is dropped.
pub fn apply(
    granularity: Granularity,
    entries: &[Entry<'_>],
    edition: StyleEdition,
) -> Vec<Output> {
    let merge_by = match granularity {
        Granularity::Preserve => {
            let mut order: Vec<usize> = (0..entries.len()).collect();
            order.sort_by_cached_key(|&k| sort_key(entries[k].tree, edition));
            return order.into_iter().map(Output::Verbatim).collect();
        }
        Granularity::Item => None,
        Granularity::Crate => Some(Prefix::Crate),
        Granularity::Module => Some(Prefix::Module),
        Granularity::One => Some(Prefix::One),
    };
    let merger = Merger { edition };
    let mut trees: Vec<Work<'_>> = Vec::new();
    for (k, entry) in entries.iter().enumerate() {
        let fixed = !entry.mergeable
            || entry.tree.path.is_empty()
            || (entry.has_attrs && merge_by.is_some());
        if fixed {
            trees.push(Work {
                path: entry.tree.path.clone(),
                vis: entry.vis,
                attrs_from: entry.has_attrs.then_some(k),
                fixed: true,
                sources: vec![k],
            });
            continue;
        }
        let attrs_from = entry.has_attrs.then_some(k);
        for leaf in flatten(&entry.tree.path) {
            let mut work = Work {
                path: leaf,
                vis: entry.vis,
                attrs_from,
                fixed: false,
                sources: vec![k],
            };
            match merge_by {
                None => {
                    work.path = nest_trailing_self(work.path);
                    let same = trees.iter_mut().find(|tree| {
                        !tree.fixed
                            && tree.path == work.path
                            && tree.vis == work.vis
                            && tree.attrs_from == work.attrs_from
                    });
                    match same {
                        Some(tree) => tree.sources.push(k),
                        None => trees.push(work),
                    }
                }
                Some(by) => {
                    let mut merged = false;
                    for tree in trees.iter_mut() {
                        if tree.shares_prefix(&work, by)
                            && merger.merge(&mut tree.path, &work.path, by)
                        {
                            tree.sources.push(k);
                            merged = true;
                            break;
                        }
                    }
                    if !merged {
                        if by == Prefix::Module {
                            work.path = nest_trailing_self(work.path);
                        }
                        trees.push(work);
                    }
                }
            }
        }
    }
    let mut outputs: Vec<(UseTree, Output)> = Vec::with_capacity(trees.len());
    for (i, work) in trees.iter().enumerate() {
        if work.fixed {
            let k = work.sources[0];
            outputs.push((entries[k].tree.clone(), Output::Verbatim(k)));
            continue;
        }
        let mut path = work.path.clone();
        merger.finish(&mut path);
        let tree = UseTree { path };
        let unchanged = work.sources.iter().copied().find(|&k| {
            *entries[k].tree == tree
                && work.attrs_from == entries[k].has_attrs.then_some(k)
                && trees
                    .iter()
                    .enumerate()
                    .all(|(j, other)| j == i || !other.sources.contains(&k))
        });
        let output = match unchanged {
            Some(k) => Output::Verbatim(k),
            None => Output::New {
                vis: work.vis.to_owned(),
                attrs_from: work.attrs_from,
                tree: tree.clone(),
            },
        };
        outputs.push((tree, output));
    }
    outputs.sort_by_cached_key(|(tree, _)| sort_key(tree, edition));
    outputs.into_iter().map(|(_, output)| output).collect()
}

/// The group's comparator; the one place it is named.
fn sort_key(tree: &UseTree, edition: StyleEdition) -> crate::order::TreeKey {
    crate::order::tree_key(tree, edition)
}

/// What two trees must share to merge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Prefix {
    Crate,
    Module,
    One,
}

/// A tree of the result being built.
struct Work<'a> {
    path: Vec<Segment>,
    vis: &'a str,
    attrs_from: Option<usize>,
    /// Kept verbatim: nothing merges into it.
    fixed: bool,
    /// The input items whose leaves it holds.
    sources: Vec<usize>,
}

impl Work<'_> {
    /// rustfmt's `share_prefix` for whole items, with grouse's extra rules.
    fn shares_prefix(&self, other: &Work<'_>, by: Prefix) -> bool {
        if self.fixed || self.attrs_from.is_some() || self.vis != other.vis {
            return false;
        }
        // Single-segment imports have no module to share (rust-lang/rustfmt#6191); a duplicate
        // still collapses.
        if by == Prefix::Module && (self.path.len() < 2 || other.path.len() < 2) {
            return self.path == other.path;
        }
        shares_prefix(&self.path, &other.path, by)
    }
}

fn shares_prefix(a: &[Segment], b: &[Segment], by: Prefix) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    match by {
        Prefix::Crate => a[0] == b[0],
        Prefix::Module => a[..a.len() - 1] == b[..b.len() - 1],
        Prefix::One => true,
    }
}

/// Two segments equal but for an alias.
fn equal_except_alias(a: &Segment, b: &Segment) -> bool {
    match (a, b) {
        (Segment::Ident(x, _), Segment::Ident(y, _)) => x == y,
        (Segment::Slf(_), Segment::Slf(_))
        | (Segment::Super(_), Segment::Super(_))
        | (Segment::Crate(_), Segment::Crate(_))
        | (Segment::Glob, Segment::Glob) => true,
        (Segment::List(x), Segment::List(y)) => x == y,
        _ => false,
    }
}

fn alias(segment: &Segment) -> Option<&String> {
    match segment {
        Segment::Slf(a) | Segment::Super(a) | Segment::Crate(a) | Segment::Ident(_, a) => {
            a.as_ref()
        }
        Segment::Glob | Segment::List(_) => None,
    }
}

/// rustfmt's `flatten`: one path per leaf, except that a lone `{self}` stays a list.
fn flatten(path: &[Segment]) -> Vec<Vec<Segment>> {
    let Some((Segment::List(list), prefix)) = path.split_last() else {
        return vec![path.to_vec()];
    };
    if let [only] = list.as_slice() {
        if matches!(only.path.as_slice(), [Segment::Slf(_)]) {
            return vec![path.to_vec()];
        }
    }
    let mut leaves = Vec::new();
    for tree in list {
        for rest in flatten(&tree.path) {
            let mut leaf = prefix.to_vec();
            leaf.extend(rest);
            leaves.push(leaf);
        }
    }
    leaves
}

/// `a::self` as `a::{self}`.
fn nest_trailing_self(mut path: Vec<Segment>) -> Vec<Segment> {
    if path.len() > 1 && matches!(path.last(), Some(Segment::Slf(_))) {
        let last = path.pop().expect("a last segment");
        path.push(Segment::List(vec![UseTree { path: vec![last] }]));
    }
    path
}

struct Merger {
    edition: StyleEdition,
}

impl Merger {
    fn sort(&self, list: &mut [UseTree]) {
        list.sort_by_cached_key(|tree| sort_key(tree, self.edition));
    }

    /// rustfmt's `UseTree::merge`: merges `b` into `a`. False when grouse refuses a merge
    /// rustfmt would make; `a` is then unchanged.
    fn merge(&self, a: &mut Vec<Segment>, b: &[Segment], by: Prefix) -> bool {
        let mut prefix = 0;
        for (x, y) in a.iter().zip(b) {
            if (prefix == 0 && equal_except_alias(x, y)) || x == y {
                prefix += 1;
            } else {
                break;
            }
        }
        match self.merge_rest(a, b, prefix, by) {
            Rest::Same => true,
            Rest::Refused => false,
            Rest::New(path) => {
                *a = path;
                true
            }
        }
    }

    /// rustfmt's `merge_rest`: `a` and `b` agree on their first `len` segments.
    fn merge_rest(&self, a: &[Segment], b: &[Segment], mut len: usize, by: Prefix) -> Rest {
        if a.len() == len && b.len() == len {
            // Equal but for an alias of the first segment: `use a as x` and `use a` are two.
            return if a == b { Rest::Same } else { Rest::Refused };
        }
        if a.len() != len && b.len() != len {
            if let Segment::List(list) = &a[len] {
                let mut list = list.clone();
                self.merge_into_list(
                    &mut list,
                    UseTree {
                        path: b[len..].to_vec(),
                    },
                    by,
                );
                let mut path = b[..len].to_vec();
                path.push(Segment::List(list));
                return Rest::New(path);
            }
        } else if len == 1 {
            // rustfmt writes `x::{self, ..}` for `x` and `x::..`: `use x` is not `use x::{self}`.
            return Rest::Refused;
        } else {
            len -= 1;
        }
        if alias(&a[0]) != alias(&b[0]) && len > 0 {
            // The shared prefix would keep only one of two aliases.
            return Rest::Refused;
        }
        let mut list = vec![
            UseTree {
                path: a[len..].to_vec(),
            },
            UseTree {
                path: b[len..].to_vec(),
            },
        ];
        self.sort(&mut list);
        let mut path = b[..len].to_vec();
        path.push(Segment::List(list));
        Rest::New(path)
    }

    /// rustfmt's `merge_use_trees_inner`: adds `tree` to a list.
    fn merge_into_list(&self, trees: &mut Vec<UseTree>, tree: UseTree, by: Prefix) {
        let similar = || {
            trees
                .iter()
                .enumerate()
                .filter(|(_, t)| shares_prefix(&t.path, &tree.path, by))
        };
        let target = if tree.path.len() == 1 && by == Prefix::Crate {
            if similar()
                .min_by_key(|(_, t)| t.path.len())
                .is_some_and(|(_, t)| t.path.len() == 1)
            {
                // The same single segment: a duplicate.
                return;
            }
            None
        } else if by == Prefix::One {
            let similarity = |t: &UseTree| {
                t.path
                    .iter()
                    .zip(&tree.path)
                    .take_while(|(x, y)| equal_except_alias(x, y))
                    .count()
            };
            similar()
                .map(|(i, t)| (i, similarity(t)))
                .max_by_key(|&(_, s)| s)
                .filter(|&(_, s)| s > 0)
                .map(|(i, _)| i)
        } else {
            similar()
                .max_by_key(|(_, t)| t.path.len())
                .filter(|(_, t)| t.path.len() > 1)
                .map(|(i, _)| i)
        };
        if let Some(i) = target {
            if self.merge(&mut trees[i].path, &tree.path, by) {
                return;
            }
        }
        trees.push(tree);
        self.sort(trees);
    }

    /// The last touches rustfmt's printer and its next run would make: no `::self` anywhere,
    /// every list sorted.
    fn finish(&self, path: &mut Vec<Segment>) {
        if path.len() > 1 && matches!(path.last(), Some(Segment::Slf(_))) {
            let last = path.pop().expect("a last segment");
            path.push(Segment::List(vec![UseTree { path: vec![last] }]));
        }
        if let Some(Segment::List(list)) = path.last_mut() {
            for tree in list.iter_mut() {
                self.finish(&mut tree.path);
            }
            self.sort(list);
            let mut seen: Vec<UseTree> = Vec::with_capacity(list.len());
            list.retain(|tree| {
                let new = !seen.contains(tree);
                if new {
                    seen.push(tree.clone());
                }
                new
            });
        }
    }
}

enum Rest {
    /// `b` is already in `a`.
    Same,
    /// grouse does not merge these two.
    Refused,
    New(Vec<Segment>),
}

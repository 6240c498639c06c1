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

use crate::settings::{Granularity, StyleEdition};
use crate::tree::{Segment, TreeKey, UseTree};

/// One `use` item of a group, as the merge sees it.
#[derive(Clone, Copy, Debug)]
pub struct Entry<'a> {
    /// The item's normalized tree (`UseTree::from_item` for the style edition).
    pub tree: &'a UseTree,
    /// Its sort key (`tree::tree_key` of `tree`).
    pub key: &'a TreeKey,
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
    // Most groups of a tree that is already merged or split are left as they are: they are told
    // apart without building any tree.
    if entries.windows(2).all(|pair| pair[0].key <= pair[1].key) && is_final(granularity, entries) {
        return (0..entries.len()).map(Output::Verbatim).collect();
    }
    apply_to_leaves(granularity, entries, edition)
}

/// Whether [`apply_to_leaves`] would give back every entry as it is: each has the form the mode
/// gives an item, and no two may merge (or collapse as duplicates). Conservative: `false` says
/// only that the leaves must be looked at.
fn is_final(granularity: Granularity, entries: &[Entry<'_>]) -> bool {
    let by = match granularity {
        Granularity::Preserve => return true,
        Granularity::One => return false,
        Granularity::Item => None,
        Granularity::Crate => Some(Prefix::Crate),
        Granularity::Module => Some(Prefix::Module),
    };
    let movable = |entry: &Entry<'_>| {
        entry.mergeable && !entry.tree.path.is_empty() && !(entry.has_attrs && by.is_some())
    };
    let mut seen: Vec<(&str, bool, &[Segment])> = Vec::new();
    for entry in entries.iter().filter(|entry| movable(entry)) {
        let path = entry.tree.path.as_slice();
        let in_form = match by {
            // No list but a lone `{self}` at the end.
            None => match path.split_last() {
                Some((Segment::List(list), rest)) => {
                    is_lone_self(list) && !rest.iter().any(|s| matches!(s, Segment::List(_)))
                }
                _ => !path.iter().any(|s| matches!(s, Segment::List(_))),
            },
            // Not a list at the top, and every list holds elements of distinct first names.
            Some(Prefix::Crate) => {
                !matches!(path.first(), Some(Segment::List(_))) && merged_lists(path)
            }
            // A module path, then at most one list of single names.
            _ => match path.split_last() {
                Some((Segment::List(list), rest)) => {
                    !rest.is_empty()
                        && (list.len() > 1 || is_lone_self(list))
                        && !rest.iter().any(|s| matches!(s, Segment::List(_)))
                        && list.iter().all(|tree| {
                            tree.path.len() == 1 && !matches!(tree.path[0], Segment::List(_))
                        })
                }
                _ => !path.iter().any(|s| matches!(s, Segment::List(_))),
            },
        };
        if !in_form {
            return false;
        }
        let key = (entry.vis, entry.has_attrs, shared(entry, by));
        if seen
            .iter()
            .any(|(vis, attrs, other)| *vis == key.0 && *attrs == key.1 && same_names(other, key.2))
        {
            return false;
        }
        seen.push(key);
    }
    true
}

/// What two entries must not share to be left as they are: with `Item`, the whole tree
/// (duplicates collapse); with `Crate`, the crate; with `Module`, the module path (a single
/// segment: itself, as only duplicates collapse). Compared by names, aliases aside.
fn shared<'a>(entry: &Entry<'a>, by: Option<Prefix>) -> &'a [Segment] {
    let path = entry.tree.path.as_slice();
    match by {
        Some(Prefix::Crate) => &path[..1],
        Some(Prefix::Module) if path.len() > 1 => &path[..path.len() - 1],
        _ => path,
    }
}

fn is_lone_self(list: &[UseTree]) -> bool {
    matches!(list, [only] if matches!(only.path.as_slice(), [Segment::Slf(_)]))
}

/// Whether every list in `path` (at any depth) holds elements whose first segments have
/// distinct names, as `Crate` merging leaves them.
fn merged_lists(path: &[Segment]) -> bool {
    let Some(Segment::List(list)) = path.last() else {
        return true;
    };
    (list.len() > 1 || is_lone_self(list))
        && list.iter().enumerate().all(|(i, tree)| {
            merged_lists(&tree.path)
                && list[..i].iter().all(|other| {
                    !same_names(
                        &other.path[..other.path.len().min(1)],
                        &tree.path[..tree.path.len().min(1)],
                    )
                })
        })
}

/// Two paths with the same segments, aliases aside (any two lists count as the same).
fn same_names(a: &[Segment], b: &[Segment]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| match (x, y) {
            (Segment::List(_), Segment::List(_)) => true,
            _ => equal_except_alias(x, y),
        })
}

/// [`apply`] by the leaves: every mergeable item flattened, and merged again.
fn apply_to_leaves(
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
    // With `One`, the leaves of each visibility go into one list, in their sort order: which
    // element a leaf joins then does not depend on how the input was split into items, and a
    // leaf that may not join one (`a` beside `a::b`) is an element of its own.
    let mut one_leaves: Vec<(&str, Vec<Segment>, usize)> = Vec::new();
    for (k, entry) in entries.iter().enumerate() {
        let fixed = !entry.mergeable
            || entry.tree.path.is_empty()
            || (entry.has_attrs && merge_by.is_some());
        // A path from the root (`::a`, glued from edition 2018) cannot stand in a `use {..}`
        // list: with `One`, such paths merge by crate (`use ::a::{b, c}`) and with nothing else.
        let merge_by = match merge_by {
            Some(Prefix::One) if is_global(entry.tree) => Some(Prefix::Crate),
            other => other,
        };
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
        if merge_by == Some(Prefix::One) {
            one_leaves.extend(
                flatten(&entry.tree.path)
                    .into_iter()
                    .map(|leaf| (entry.vis, leaf, k)),
            );
            continue;
        }
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
    one_leaves
        .sort_by_cached_key(|(_, leaf, _)| sort_key(&UseTree { path: leaf.clone() }, edition));
    let mut roots: Vec<(&str, Vec<UseTree>, Vec<usize>)> = Vec::new();
    for (vis, leaf, k) in one_leaves {
        let at = match roots.iter().position(|(v, _, _)| *v == vis) {
            Some(at) => at,
            None => {
                roots.push((vis, Vec::new(), Vec::new()));
                roots.len() - 1
            }
        };
        let (_, list, sources) = &mut roots[at];
        merger.merge_into_list(list, UseTree { path: leaf }, Prefix::One);
        if !sources.contains(&k) {
            sources.push(k);
        }
    }
    for (vis, list, sources) in roots {
        trees.push(Work {
            path: vec![Segment::List(list)],
            vis,
            attrs_from: None,
            fixed: false,
            sources,
        });
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
fn sort_key(tree: &UseTree, edition: StyleEdition) -> crate::tree::TreeKey {
    crate::tree::tree_key(tree, edition)
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

/// Whether a path starts at the root (`::a::b`, `::{a, b}`, `::*`).
fn is_global(tree: &UseTree) -> bool {
    matches!(tree.path.first(), Some(Segment::Ident(name, _)) if name.is_empty() || name.starts_with("::"))
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
            // A list takes the other's rest, whichever side it is on (a lone `{self}` is a list
            // too: `h::i` and `h::{self}` are `h::{self, i}` in either order).
            let (list, rest) = match (&a[len], &b[len]) {
                (Segment::List(list), _) => (Some(list), &b[len..]),
                (_, Segment::List(list)) => (Some(list), &a[len..]),
                _ => (None, &b[len..]),
            };
            if let Some(list) = list {
                let mut list = list.clone();
                self.merge_into_list(
                    &mut list,
                    UseTree {
                        path: rest.to_vec(),
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
            // `a::{b}` is `a::b`, as rustfmt writes it.
            if let [only] = list.as_slice() {
                if !matches!(only.path.as_slice(), [Segment::Slf(_)]) {
                    let only = only.path.clone();
                    path.pop();
                    path.extend(only);
                }
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::item::UseItem;
    use crate::layout::print_use;
    use crate::settings::Layout;

    /// The output for one group's items as text (an item with a comment may not merge); a new
    /// item is printed by `layout` after the attributes of the item it takes them from.
    fn run_in(granularity: Granularity, items: &[&str], edition: StyleEdition) -> Vec<String> {
        let parsed: Vec<UseItem> = items
            .iter()
            .map(|text| UseItem::parse(text).unwrap())
            .collect();
        let trees: Vec<UseTree> = parsed
            .iter()
            .map(|item| UseTree::from_item(item, edition))
            .collect();
        let keys: Vec<TreeKey> = trees.iter().map(|tree| sort_key(tree, edition)).collect();
        let entries: Vec<Entry<'_>> = parsed
            .iter()
            .zip(&trees)
            .zip(&keys)
            .zip(items)
            .map(|(((item, tree), key), text)| Entry {
                tree,
                key,
                vis: &item.vis,
                mergeable: !text.lines().any(|line| {
                    let line = line.trim_start();
                    (line.contains("//") && !line.starts_with("///")) || line.contains("/*")
                }),
                has_attrs: item.has_attrs,
            })
            .collect();
        let layout = Layout {
            edition,
            ..Layout::default()
        };
        apply(granularity, &entries, edition)
            .into_iter()
            .map(|output| match output {
                Output::Verbatim(k) => items[k].to_owned(),
                Output::New {
                    vis,
                    attrs_from,
                    tree,
                } => {
                    let attrs = match attrs_from {
                        Some(k) => {
                            let text = items[k];
                            let end = text.find("use").unwrap();
                            let end = text[..end].rfind(']').map_or(0, |at| at + 1);
                            format!("{}\n", &text[..end])
                        }
                        None => String::new(),
                    };
                    format!("{attrs}{}", print_use(&vis, &tree, 0, &layout, "\n"))
                }
            })
            .collect()
    }

    fn run(granularity: Granularity, items: &[&str]) -> Vec<String> {
        run_in(granularity, items, StyleEdition::E2021)
    }

    /// A random `use` item of a few short names, lists, `self`, globs and aliases.
    fn random_item(state: &mut u64) -> String {
        let mut next = |n: u64| {
            *state ^= *state << 13;
            *state ^= *state >> 7;
            *state ^= *state << 17;
            *state % n
        };
        fn tree(next: &mut dyn FnMut(u64) -> u64, depth: u32) -> String {
            let name = ["a", "b", "c", "D"][next(4) as usize].to_owned();
            match next(8) {
                0 if depth < 2 => {
                    let n = 1 + next(3);
                    let mut elements: Vec<String> = (0..n).map(|_| tree(next, depth + 1)).collect();
                    if next(4) == 0 {
                        elements.insert(0, "self".into());
                    }
                    format!("{name}::{{{}}}", elements.join(", "))
                }
                1 if depth < 3 => format!("{name}::{}", tree(next, depth + 1)),
                2 => format!("{name} as x"),
                3 if depth > 0 => "*".to_owned(),
                _ => name,
            }
        }
        let vis = ["", "", "pub "][next(3) as usize];
        let attrs = if next(6) == 0 { "#[cfg(x)]\n" } else { "" };
        format!("{attrs}{vis}use {};", tree(&mut next, 0))
    }

    /// The shortcut that leaves a group as it is gives what merging by the leaves gives, and it is
    /// taken: on random groups, and on what each mode made of them (which is in its final form).
    #[test]
    fn the_shortcut_agrees_with_merging_by_the_leaves() {
        let edition = StyleEdition::E2021;
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut shortcuts = 0;
        for case in 0..600 {
            let g = [Granularity::Crate, Granularity::Module, Granularity::Item][case % 3];
            let n = 1 + (case % 5);
            let items: Vec<String> = (0..n).map(|_| random_item(&mut state)).collect();
            let once = run_in(
                g,
                &items.iter().map(String::as_str).collect::<Vec<_>>(),
                edition,
            );
            for input in [items, once] {
                let parsed: Vec<UseItem> = input
                    .iter()
                    .map(|text| UseItem::parse(text).unwrap())
                    .collect();
                let trees: Vec<UseTree> = parsed
                    .iter()
                    .map(|item| UseTree::from_item(item, edition))
                    .collect();
                let keys: Vec<TreeKey> = trees.iter().map(|t| sort_key(t, edition)).collect();
                let mut order: Vec<usize> = (0..input.len()).collect();
                order.sort_by(|&i, &j| keys[i].cmp(&keys[j]));
                let entries: Vec<Entry<'_>> = order
                    .iter()
                    .map(|&k| Entry {
                        tree: &trees[k],
                        key: &keys[k],
                        vis: &parsed[k].vis,
                        mergeable: true,
                        has_attrs: parsed[k].has_attrs,
                    })
                    .collect();
                if is_final(g, &entries) {
                    shortcuts += 1;
                    let verbatim: Vec<Output> = (0..entries.len()).map(Output::Verbatim).collect();
                    assert_eq!(
                        apply_to_leaves(g, &entries, edition),
                        verbatim,
                        "{g}: {input:?}"
                    );
                }
            }
        }
        assert!(shortcuts > 400, "the shortcut was taken {shortcuts} times");
    }

    /// The example of the reference notes, less `x::y::{self as z}`.
    const MIXED: &[&str] = &[
        "use a::b; // hi",
        "use a::c;",
        "// lead\nuse a::d;",
        "use a::{e, /* inner */ f};",
        "#[cfg(x)]\nuse a::g;",
        "use a::h::{self};",
        "use a::h::i;",
        "pub use a::j;",
    ];

    #[test]
    fn names_are_groupes_and_rustfmts() {
        for g in Granularity::ALL {
            assert_eq!(Granularity::parse(g.as_str()), Some(g));
            let mut rustfmt = g.as_str().to_owned();
            rustfmt[..1].make_ascii_uppercase();
            assert_eq!(Granularity::parse(&rustfmt), Some(g));
        }
        assert_eq!(Granularity::parse("CRATE"), None);
        assert_eq!(Granularity::default(), Granularity::Preserve);
    }

    #[test]
    fn preserve_only_sorts() {
        assert_eq!(
            run(
                Granularity::Preserve,
                &["use b::c;", "use a::{b, c};", "use a;"]
            ),
            ["use a;", "use a::{b, c};", "use b::c;"]
        );
    }

    /// The engine hands a group over in its sort order: the result does not depend on the order
    /// of the input (`h::i` sorts before `h::{self}`, and they still merge as `h::{self, i}`).
    #[test]
    fn the_result_does_not_depend_on_the_input_order() {
        for g in [
            Granularity::Crate,
            Granularity::Module,
            Granularity::Item,
            Granularity::One,
        ] {
            let mut reversed = MIXED.to_vec();
            reversed.reverse();
            assert_eq!(run(g, &reversed), run(g, MIXED), "{g}");
            let mut rotated = MIXED.to_vec();
            rotated.rotate_left(3);
            assert_eq!(run(g, &rotated), run(g, MIXED), "{g}");
        }
    }

    /// `use {::a, b}` does not parse: a path from the root is not merged into a `use {..}`, only
    /// with paths from the root of its crate.
    #[test]
    fn one_merges_paths_from_the_root_only_by_crate() {
        assert_eq!(
            run(
                Granularity::One,
                &["use ::serde::de;", "use ::std::*;", "use a::b;", "use c;"]
            ),
            ["use ::serde::de;", "use ::std::*;", "use {a::b, c};"]
        );
        // Paths from the root of one crate merge with each other.
        assert_eq!(
            run(
                Granularity::One,
                &[
                    "pub use ::tokio::runtime::Runtime;",
                    "pub use ::tokio::task::JoinError;",
                    "pub use a::b;",
                ]
            ),
            [
                "pub use ::tokio::{runtime::Runtime, task::JoinError};",
                "pub use a::b;"
            ]
        );
    }

    #[test]
    fn crate_merges_the_items_of_one_crate_around_commented_ones() {
        assert_eq!(
            run(Granularity::Crate, MIXED),
            [
                "use a::b; // hi",
                "// lead\nuse a::d;",
                "#[cfg(x)]\nuse a::g;",
                "pub use a::j;",
                "use a::{\n    c,\n    h::{self, i},\n};",
                "use a::{e, /* inner */ f};",
            ]
        );
        assert_eq!(
            run(
                Granularity::Crate,
                &["use a::b::{c, d};", "use a::b::{e, f};", "use b::x;"]
            ),
            ["use a::b::{c, d, e, f};", "use b::x;"]
        );
    }

    #[test]
    fn module_merges_the_items_of_one_module() {
        assert_eq!(
            run(Granularity::Module, MIXED),
            [
                "use a::b; // hi",
                "use a::c;",
                "// lead\nuse a::d;",
                "#[cfg(x)]\nuse a::g;",
                "use a::h::{self, i};",
                "pub use a::j;",
                "use a::{e, /* inner */ f};",
            ]
        );
        assert_eq!(
            run(
                Granularity::Module,
                &["use foo::b;", "use foo::{a, c, d::e};"]
            ),
            ["use foo::d::e;", "use foo::{a, b, c};"]
        );
    }

    #[test]
    fn item_gives_every_name_its_own_item() {
        assert_eq!(
            run(Granularity::Item, MIXED),
            [
                "use a::b; // hi",
                "use a::c;",
                "// lead\nuse a::d;",
                "#[cfg(x)]\nuse a::g;",
                "use a::h::i;",
                "use a::h::{self};",
                "pub use a::j;",
                "use a::{e, /* inner */ f};",
            ]
        );
    }

    #[test]
    fn item_splits_an_attributed_item_with_its_attributes_on_every_part() {
        assert_eq!(
            run(
                Granularity::Item,
                &["/// Doc.\n#[cfg(x)]\npub use a::{b, c::{d, e}};"]
            ),
            [
                "/// Doc.\n#[cfg(x)]\npub use a::b;",
                "/// Doc.\n#[cfg(x)]\npub use a::c::d;",
                "/// Doc.\n#[cfg(x)]\npub use a::c::e;",
            ]
        );
    }

    #[test]
    fn one_merges_the_group_by_visibility() {
        assert_eq!(
            run(Granularity::One, MIXED),
            [
                "use a::b; // hi",
                "// lead\nuse a::d;",
                "#[cfg(x)]\nuse a::g;",
                "pub use a::j;",
                "use a::{\n    c,\n    h::{self, i},\n};",
                "use a::{e, /* inner */ f};",
            ]
        );
        assert_eq!(
            run(
                Granularity::One,
                &["use b::x;", "use a::y;", "pub use c::z;", "use a::w::v;"]
            ),
            ["pub use c::z;", "use {\n    a::{w::v, y},\n    b::x,\n};"]
        );
    }

    #[test]
    fn only_items_of_the_same_visibility_merge() {
        for g in [Granularity::Crate, Granularity::Module, Granularity::One] {
            assert_eq!(
                run(g, &["pub use a::b;", "use a::c;", "pub(crate) use a::d;"]),
                ["pub use a::b;", "use a::c;", "pub(crate) use a::d;"],
                "{g}"
            );
        }
    }

    /// rust-lang/rustfmt#6243: duplicates are collapsed, and a second pass changes nothing.
    #[test]
    fn duplicates_collapse_and_a_second_pass_is_a_fixed_point() {
        let input = ["use a::b;", "use a::{b, c};", "use a::c;", "use a::b;"];
        for (g, expected) in [
            (Granularity::Crate, vec!["use a::{b, c};"]),
            (Granularity::Module, vec!["use a::{b, c};"]),
            (Granularity::One, vec!["use a::{b, c};"]),
            (Granularity::Item, vec!["use a::b;", "use a::c;"]),
        ] {
            let once = run(g, &input);
            assert_eq!(once, expected, "{g}");
            let again: Vec<&str> = once.iter().map(String::as_str).collect();
            assert_eq!(run(g, &again), once, "{g}");
        }
    }

    /// rust-lang/rustfmt#4915: `use a` and `use a::{self}` are different imports; rustfmt
    /// merges both into `a::{self, ..}`.
    #[test]
    fn use_a_and_use_a_self_are_never_merged_into_each_other() {
        assert_eq!(
            run(Granularity::Crate, &["use a;", "use a::{self};"]),
            ["use a;", "use a::{self};"]
        );
        assert_eq!(
            run(Granularity::Crate, &["use a;", "use a::b;"]),
            ["use a;", "use a::b;"]
        );
        // One item, where each stays an element of its own.
        assert_eq!(
            run(Granularity::One, &["use a;", "use a::{self};"]),
            ["use {\n    a,\n    a::{self},\n};"]
        );
        assert_eq!(
            run(Granularity::One, &["use a;", "use a::b;"]),
            ["use {a, a::b};"]
        );
        assert_eq!(
            run(Granularity::Crate, &["use a;", "use a::b;", "use a::c;"]),
            ["use a;", "use a::{b, c};"]
        );
        assert_eq!(
            run(Granularity::One, &["use std::fmt;", "use std::fmt::Debug;"]),
            ["use std::{fmt, fmt::Debug};"]
        );
    }

    /// rust-lang/rustfmt#4681: `a::self` is never written.
    #[test]
    fn a_path_never_ends_in_self() {
        let input = ["use crate::lexer::{self, tokens::TokenData};"];
        assert_eq!(
            run(Granularity::Module, &input),
            [
                "use crate::lexer::tokens::TokenData;",
                "use crate::lexer::{self};"
            ]
        );
        assert_eq!(
            run(Granularity::Item, &input),
            [
                "use crate::lexer::tokens::TokenData;",
                "use crate::lexer::{self};"
            ]
        );
        assert_eq!(
            run(Granularity::Crate, &["use a::{b::{self, c}};", "use a::d;"]),
            ["use a::{\n    b::{self, c},\n    d,\n};"]
        );
    }

    /// rust-lang/rustfmt#6191: Module never wraps single-segment imports as `use {a, b}`.
    #[test]
    fn module_keeps_single_segment_imports_apart() {
        assert_eq!(
            run(
                Granularity::Module,
                &["use a;", "use b as c;", "use d;", "use a;"]
            ),
            ["use a;", "use b as c;", "use d;"]
        );
    }

    /// rust-lang/rustfmt#6806, #5030, #6666: an attributed item is neither dropped as a
    /// duplicate nor merged, and Item splits it.
    #[test]
    fn attributed_items_are_kept_apart() {
        let input = ["#[cfg(x)]\nuse a::b;", "use a::b;", "use a::c;"];
        assert_eq!(
            run(Granularity::Item, &input),
            ["#[cfg(x)]\nuse a::b;", "use a::b;", "use a::c;"]
        );
        assert_eq!(
            run(Granularity::Crate, &input),
            ["#[cfg(x)]\nuse a::b;", "use a::{b, c};"]
        );
        assert_eq!(
            run(
                Granularity::Item,
                &["#[cfg(x)]\nuse a::{b, c};", "#[cfg(x)]\nuse a::b;"]
            ),
            [
                "#[cfg(x)]\nuse a::b;",
                "#[cfg(x)]\nuse a::b;",
                "#[cfg(x)]\nuse a::c;"
            ]
        );
    }

    /// rust-lang/rustfmt#4991, #3984, #7051: an item with a comment is never merged or split,
    /// and nothing merges into it.
    #[test]
    fn commented_items_stay_verbatim_and_their_neighbours_merge() {
        let input = [
            "use a::{b, c}; // why",
            "use a::d;",
            "/* lead */ use a::{e, f};",
            "use a::g;",
        ];
        for (g, merged) in [
            (Granularity::Crate, vec!["use a::{d, g};"]),
            (Granularity::Module, vec!["use a::{d, g};"]),
            (Granularity::One, vec!["use a::{d, g};"]),
            (Granularity::Item, vec!["use a::d;", "use a::g;"]),
        ] {
            let out = run(g, &input);
            assert!(out.contains(&input[0].to_owned()), "{g}: {out:?}");
            assert!(out.contains(&input[2].to_owned()), "{g}: {out:?}");
            for item in merged {
                assert!(out.contains(&item.to_owned()), "{g}: {out:?}");
            }
            assert_eq!(
                out.len(),
                4 - usize::from(g != Granularity::Item),
                "{g}: {out:?}"
            );
        }
    }

    /// rustfmt's One mode drops `use a::b as x` when `use a::b` is there; grouse keeps both.
    #[test]
    fn an_alias_is_never_dropped() {
        assert_eq!(
            run(Granularity::One, &["use a::b as x;", "use a::b;"]),
            ["use a::{b as x, b};"]
        );
        assert_eq!(
            run(Granularity::One, &["use a as x;", "use a;"]),
            ["use {a as x, a};"]
        );
        assert_eq!(
            run(Granularity::Crate, &["use a::{b as x, c};", "use a::b;"]),
            ["use a::{b as x, b, c};"]
        );
    }

    #[test]
    fn unchanged_items_stay_verbatim() {
        // `{b}` is `b` for rustfmt's order; the text is the user's.
        assert_eq!(
            run(Granularity::Crate, &["use a::{b};", "use c::d;"]),
            ["use a::{b};", "use c::d;"]
        );
        assert_eq!(run(Granularity::Item, &["use a::{};"]), ["use a::{};"]);
    }

    #[test]
    fn merged_lists_follow_the_style_editions_order() {
        let input = ["use a::Foo;", "use a::bar;", "use a::x10;", "use a::x9;"];
        assert_eq!(
            run_in(Granularity::Crate, &input, StyleEdition::E2021),
            ["use a::{bar, x10, x9, Foo};"]
        );
        assert_eq!(
            run_in(Granularity::Crate, &input, StyleEdition::E2024),
            ["use a::{Foo, bar, x9, x10};"]
        );
    }
}

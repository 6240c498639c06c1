//! The normalized use tree: what rustfmt sorts and classifies, built from a parsed `use` item.
//!
//! grouse writes every item's text unchanged, but computes its group and its place on the tree
//! rustfmt would write: `a::{b}` is `a::b`, `a::self` is `a`, lists sorted and de-duplicated.

use crate::item::{ItemTree, UseItem};
use crate::settings::StyleEdition;

/// One segment of a use path. Aliases are kept for de-duplication; they never affect order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    Slf(Option<String>),
    Super(Option<String>),
    Crate(Option<String>),
    Ident(String, Option<String>),
    Glob,
    List(Vec<UseTree>),
}

/// A use path; empty for an item rustfmt would delete (`use a::{};`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UseTree {
    pub path: Vec<Segment>,
}

impl UseTree {
    /// Builds the normalized tree of a `use` item as rustfmt does for `edition`.
    pub fn from_item(item: &UseItem, edition: StyleEdition) -> UseTree {
        let leading_colon = item.leading_colon && edition.has_uniform_paths();
        let mut path = Vec::new();
        push_tree(&item.tree, leading_colon, &mut path);
        let top = TopLevel {
            has_attrs: item.has_attrs,
        };
        normalize(path, Some(top), edition)
    }

    /// The first segment's identifier, if the path starts with one.
    pub fn first_ident(&self) -> Option<&str> {
        match self.path.first() {
            Some(Segment::Ident(name, _)) => Some(name),
            _ => None,
        }
    }
}

impl std::fmt::Display for UseTree {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, segment) in self.path.iter().enumerate() {
            if i > 0 {
                f.write_str("::")?;
            }
            let alias = match segment {
                Segment::Slf(alias) => {
                    f.write_str("self")?;
                    alias
                }
                Segment::Super(alias) => {
                    f.write_str("super")?;
                    alias
                }
                Segment::Crate(alias) => {
                    f.write_str("crate")?;
                    alias
                }
                Segment::Ident(name, alias) => {
                    f.write_str(name)?;
                    alias
                }
                Segment::Glob => {
                    f.write_str("*")?;
                    &None
                }
                Segment::List(list) => {
                    f.write_str("{")?;
                    for (j, tree) in list.iter().enumerate() {
                        if j > 0 {
                            f.write_str(", ")?;
                        }
                        write!(f, "{tree}")?;
                    }
                    f.write_str("}")?;
                    &None
                }
            };
            if let Some(alias) = alias {
                write!(f, " as {alias}")?;
            }
        }
        Ok(())
    }
}

fn segment_for(name: String, alias: Option<String>) -> Segment {
    match name.as_str() {
        "self" => Segment::Slf(alias),
        "super" => Segment::Super(alias),
        "crate" => Segment::Crate(alias),
        _ => Segment::Ident(name, alias),
    }
}

fn push_tree(tree: &ItemTree, mut leading_colon: bool, path: &mut Vec<Segment>) {
    // `leading_colon` is true only for the first segment of a `::`-rooted path in edition 2018+,
    // where rustfmt glues the `::` to the first identifier.
    let mut tree = tree;
    loop {
        let glue = |name: String| {
            if leading_colon {
                format!("::{name}")
            } else {
                name
            }
        };
        match tree {
            ItemTree::Path(name, rest) => {
                path.push(segment_for(glue(name.clone()), None));
                leading_colon = false;
                tree = rest;
            }
            ItemTree::Name(name) => {
                path.push(segment_for(glue(name.clone()), None));
                return;
            }
            ItemTree::Rename(name, alias) => {
                // rustfmt drops an alias equal to the name (`a as a`).
                let alias = (alias != name).then(|| alias.clone());
                path.push(segment_for(glue(name.clone()), alias));
                return;
            }
            ItemTree::Glob => {
                if leading_colon {
                    path.push(Segment::Ident(String::new(), None));
                }
                path.push(Segment::Glob);
                return;
            }
            ItemTree::Group(items) => {
                if leading_colon {
                    path.push(Segment::Ident(String::new(), None));
                }
                let list = items
                    .iter()
                    .map(|tree| {
                        let mut inner = Vec::new();
                        push_tree(tree, false, &mut inner);
                        UseTree { path: inner }
                    })
                    .collect();
                path.push(Segment::List(list));
                return;
            }
        }
    }
}

#[derive(Clone, Copy)]
struct TopLevel {
    has_attrs: bool,
}

/// rustfmt's `UseTree::normalize`. `top` is `Some` for a whole item (which always has a
/// visibility, possibly inherited) and `None` for a list element.
fn normalize(mut path: Vec<Segment>, top: Option<TopLevel>, edition: StyleEdition) -> UseTree {
    let Some(mut last) = path.pop() else {
        return UseTree { path };
    };
    let has_attrs = top.is_some_and(|t| t.has_attrs);
    if !has_attrs {
        match &last {
            Segment::List(list) if list.is_empty() => return UseTree { path: Vec::new() },
            Segment::Slf(None) if path.is_empty() && top.is_some() => {
                return UseTree { path: Vec::new() };
            }
            _ => {}
        }
    }
    // `foo::self` -> `foo`.
    if let Segment::Slf(None) = last {
        if let Some(second_last) = path.last() {
            if !matches!(second_last, Segment::Slf(_)) {
                return UseTree { path };
            }
        }
    }
    // `foo::self as bar` -> `foo as bar`.
    if let Segment::Slf(Some(rename)) = &last {
        if let Some(Segment::Ident(_, old @ None)) = path.last_mut() {
            *old = Some(rename.clone());
            return UseTree { path };
        }
    }
    // `foo::{bar}` -> `foo::bar`.
    if let Segment::List(list) = &mut last {
        if list.len() == 1 && !is_plain_self(&list[0]) {
            let only = list.pop().expect("one element");
            path.extend(only.path);
            return normalize(path, top, edition);
        }
        let mut items: Vec<UseTree> = std::mem::take(list)
            .into_iter()
            .map(|t| normalize(t.path, None, edition))
            .collect();
        items.sort_by_cached_key(|tree| crate::order::tree_key(tree, edition));
        items.dedup();
        *list = items;
    }
    path.push(last);
    UseTree { path }
}

fn is_plain_self(tree: &UseTree) -> bool {
    matches!(tree.path.as_slice(), [Segment::Slf(None)])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str, edition: StyleEdition) -> String {
        let item = UseItem::parse(text).unwrap();
        UseTree::from_item(&item, edition).to_string()
    }

    #[test]
    fn normalizes_like_rustfmt() {
        let e = StyleEdition::E2021;
        assert_eq!(tree("use a::{b};", e), "a::b");
        assert_eq!(tree("use a::{b::{c}};", e), "a::b::c");
        assert_eq!(tree("use a::{self};", e), "a::{self}");
        assert_eq!(tree("use a::self;", e), "a");
        assert_eq!(tree("use a::self as b;", e), "a as b");
        assert_eq!(tree("use a::{};", e), "");
        assert_eq!(tree("#[cfg(x)] use a::{};", e), "a::{}");
        assert_eq!(tree("use a::{c, b, c};", e), "a::{b, c}");
        assert_eq!(tree("use a::{b::{d, c}, A};", e), "a::{b::{c, d}, A}");
        assert_eq!(tree("use a as a;", e), "a");
        assert_eq!(tree("use {a::b};", e), "a::b");
    }

    #[test]
    fn leading_colons_are_glued_from_edition_2018() {
        assert_eq!(tree("use ::std::fmt;", StyleEdition::E2015), "std::fmt");
        assert_eq!(tree("use ::std::fmt;", StyleEdition::E2018), "::std::fmt");
        assert_eq!(tree("use ::foo;", StyleEdition::E2021), "::foo");
        assert_eq!(tree("use ::*;", StyleEdition::E2021), "::*");
        assert_eq!(tree("use ::{a, b};", StyleEdition::E2024), "::{a, b}");
    }
}

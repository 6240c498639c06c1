//! tree: the normalized use tree and its sort key — what rustfmt sorts and classifies, built
//! from a parsed `use` item.
//!
//! grouse writes every item's text unchanged, but computes its group and its place on the tree
//! rustfmt would write: `a::{b}` is `a::b`, `a::self` is `a`, lists sorted and de-duplicated.
//! The key derives `Ord` in rustfmt's order for the style edition.

use std::cmp::Reverse;

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
            ItemTree::List(items) => {
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
        if list.len() == 1 && !is_self(&list[0]) {
            let only = list.pop().expect("one element");
            path.extend(only.path);
            return normalize(path, top, edition);
        }
        let mut items: Vec<UseTree> = std::mem::take(list)
            .into_iter()
            .map(|t| normalize(t.path, None, edition))
            .collect();
        items.sort_by_cached_key(|tree| tree_key(tree, edition));
        items.dedup();
        *list = items;
    }
    path.push(last);
    UseTree { path }
}

/// `self`, renamed or not: rustfmt keeps `a::{self}` and `a::{self as b}` braced (it compares
/// the element's name, not its alias).
fn is_self(tree: &UseTree) -> bool {
    matches!(tree.path.as_slice(), [Segment::Slf(_)])
}

/// An item's normalized tree and its sort key, for one style edition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Normalized {
    pub tree: UseTree,
    pub key: TreeKey,
}

impl Normalized {
    /// The normalized tree of `item` and its key, as rustfmt builds and compares them for
    /// `edition`.
    pub fn of(item: &UseItem, edition: StyleEdition) -> Normalized {
        let tree = UseTree::from_item(item, edition);
        let key = tree_key(&tree, edition);
        Normalized { tree, key }
    }
}

// rustfmt compares use trees segment by segment (`self` < `super` < `crate` < identifier < `*` <
// `{..}`), a path that is a prefix of another first, aliases ignored. Identifiers compare as
// `(is_upper_snake, starts_uppercase, bytes)` in the legacy styles (2015-2021), and by version
// sorting in 2024.

/// The sort key of a whole use tree.
pub type TreeKey = Vec<SegmentKey>;

/// The sort key of one segment; variants are declared in rustfmt's order.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SegmentKey {
    Slf,
    Super,
    Crate,
    Ident(IdentKey),
    Glob,
    List(Vec<TreeKey>),
}

/// The sort key of an identifier, by style.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum IdentKey {
    /// snake_case < CamelCase < UPPER_SNAKE_CASE, then bytes.
    Legacy {
        upper_snake: bool,
        starts_upper: bool,
        text: String,
    },
    /// Version sorting: chunks first, then the leading-zeros tie-break.
    Version {
        chunks: Vec<Chunk>,
        zeros: Vec<Reverse<usize>>,
    },
}

/// A chunk of an identifier for version sorting. A number chunk starts with an ASCII digit and a
/// text chunk never does, so comparing their text (as rustfmt does) always puts numbers first.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Chunk {
    Underscore,
    Number(usize),
    Text(String),
}

/// The key of a tree for `edition`.
pub fn tree_key(tree: &UseTree, edition: StyleEdition) -> TreeKey {
    tree.path
        .iter()
        .map(|segment| segment_key(segment, edition))
        .collect()
}

fn segment_key(segment: &Segment, edition: StyleEdition) -> SegmentKey {
    match segment {
        Segment::Slf(_) => SegmentKey::Slf,
        Segment::Super(_) => SegmentKey::Super,
        Segment::Crate(_) => SegmentKey::Crate,
        Segment::Ident(name, _) => SegmentKey::Ident(ident_key(name, edition)),
        Segment::Glob => SegmentKey::Glob,
        Segment::List(list) => {
            SegmentKey::List(list.iter().map(|tree| tree_key(tree, edition)).collect())
        }
    }
}

/// The key of one identifier, as rustfmt compares it for `edition`.
pub fn ident_key(name: &str, edition: StyleEdition) -> IdentKey {
    if edition.is_legacy() {
        IdentKey::Legacy {
            upper_snake: name
                .chars()
                .all(|c| c.is_uppercase() || c == '_' || c.is_numeric()),
            starts_upper: name.starts_with(char::is_uppercase),
            text: name.to_owned(),
        }
    } else {
        version_key(name.trim_start_matches("r#"))
    }
}

/// rustfmt's `version_sort` as a key: split into `_`, runs of ASCII digits and runs of other
/// characters. Like rustfmt, a number too large for `usize` ends the chunks.
fn version_key(text: &str) -> IdentKey {
    let mut chunks = Vec::new();
    let mut zeros = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'_' {
            chunks.push(Chunk::Underscore);
            i += 1;
        } else if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let digits = &text[start..i];
            let Ok(value) = digits.parse::<usize>() else {
                break;
            };
            chunks.push(Chunk::Number(value));
            zeros.push(Reverse(digits.bytes().take_while(|&b| b == b'0').count()));
        } else {
            let start = i;
            while i < bytes.len() && bytes[i] != b'_' && !bytes[i].is_ascii_digit() {
                i += 1;
            }
            chunks.push(Chunk::Text(text[start..i].to_owned()));
        }
    }
    IdentKey::Version { chunks, zeros }
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
        assert_eq!(tree("use a::{self as b};", e), "a::{self as b}");
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

    fn sorted(items: &[&str], edition: StyleEdition) -> Vec<String> {
        let mut trees: Vec<(String, TreeKey)> = items
            .iter()
            .map(|text| {
                let text_item = format!("use {text};");
                let syn_item: syn::ItemUse = syn::parse_str(&text_item).unwrap();
                let item = crate::item::UseItem::parse(&text_item).unwrap();
                // The fast path and syn agree on every example.
                assert_eq!(item, crate::item::UseItem::from_syn(&syn_item));
                let tree = UseTree::from_item(&item, edition);
                (text.to_string(), tree_key(&tree, edition))
            })
            .collect();
        trees.sort_by(|a, b| a.1.cmp(&b.1));
        trees.into_iter().map(|(text, _)| text).collect()
    }

    /// Every permutation we try must sort back to `expected`.
    fn assert_order(expected: &[&str], edition: StyleEdition) {
        let mut reversed: Vec<&str> = expected.to_vec();
        reversed.reverse();
        assert_eq!(
            sorted(&reversed, edition),
            expected,
            "reversed input, {edition}"
        );
        let mut rotated: Vec<&str> = expected.to_vec();
        rotated.rotate_left(expected.len() / 2);
        assert_eq!(
            sorted(&rotated, edition),
            expected,
            "rotated input, {edition}"
        );
    }

    const LEGACY_LIST: &[&str] = &[
        "self",
        "super::x",
        "crate::y",
        "_a",
        "a",
        "a1",
        "a10",
        "a2",
        "a_b",
        "ab",
        "b::f",
        "c::{d, e}",
        "foo",
        "r#Abc",
        "r#type",
        "u16",
        "u8",
        "usize",
        "x86_128",
        "x86_64",
        "zeta",
        "Ab",
        "Bb",
        "Foo",
        "Zeta",
        "A",
        "AB",
        "A_B",
        "B2",
        "FOO_BAR",
        "*",
    ];

    const VERSION_LIST: &[&str] = &[
        "self",
        "super::x",
        "crate::y",
        "_a",
        "A",
        "A_B",
        "AB",
        "Ab",
        "r#Abc",
        "B2",
        "Bb",
        "FOO_BAR",
        "Foo",
        "Zeta",
        "a",
        "a_b",
        "a1",
        "a2",
        "a10",
        "ab",
        "b::f",
        "c::{d, e}",
        "foo",
        "r#type",
        "u8",
        "u16",
        "usize",
        "x86_64",
        "x86_128",
        "zeta",
        "*",
    ];

    #[test]
    fn legacy_list_from_the_reference() {
        for edition in [
            StyleEdition::E2015,
            StyleEdition::E2018,
            StyleEdition::E2021,
        ] {
            assert_order(LEGACY_LIST, edition);
        }
    }

    #[test]
    fn style_2024_list_from_the_reference() {
        assert_order(VERSION_LIST, StyleEdition::E2024);
    }

    #[test]
    fn style_2024_top_level_from_the_reference() {
        // `use self::y` etc. as whole items; stable for the aliased `foo` and `foo::Trait` items.
        let expected = [
            "self::y",
            "self::*",
            "super::super::x",
            "super::x",
            "crate::c",
            "_priv::x",
            "Foo::x",
            "r#Zed::x",
            "foo as f",
            "foo",
            "foo as me",
            "foo::Trait as _",
            "foo::Trait",
            "foo::bar as zz",
            "foo::*",
            "foo::{a, b}",
            "r#mod::x",
            "x2",
            "x10",
            "x86",
            "x86_32",
            "x86_64",
        ];
        assert_eq!(sorted(&expected, StyleEdition::E2024), expected);
        let mut shuffled = expected.to_vec();
        shuffled.reverse();
        let result = sorted(&shuffled, StyleEdition::E2024);
        // Reversing swaps the equal-keyed aliased items, which a stable sort keeps as given.
        assert_eq!(&result[..8], &expected[..8]);
        assert_eq!(&result[8..11], &["foo as me", "foo", "foo as f"]);
        assert_eq!(&result[11..13], &["foo::Trait", "foo::Trait as _"]);
        assert_eq!(&result[13..], &expected[13..]);
    }

    #[test]
    fn aliases_never_affect_order_and_the_sort_is_stable() {
        let input = ["foo::bar as zz", "foo::bar", "foo::bar as aa"];
        for edition in [StyleEdition::E2021, StyleEdition::E2024] {
            assert_eq!(sorted(&input, edition), input);
        }
    }

    #[test]
    fn version_sort_breaks_ties_on_leading_zeros() {
        let e = StyleEdition::E2024;
        assert!(ident_key("a001", e) < ident_key("a01", e));
        assert!(ident_key("a01", e) < ident_key("a1", e));
        assert!(ident_key("a1", e) < ident_key("a2", e));
        assert!(ident_key("a9", e) < ident_key("a10", e));
        assert!(ident_key("_", e) < ident_key("a", e));
        assert!(ident_key("Z", e) < ident_key("a", e));
        assert!(ident_key("a", e) < ident_key("a_", e));
    }

    #[test]
    fn leading_colons_sort_as_part_of_the_first_identifier() {
        let e = StyleEdition::E2021;
        assert_eq!(sorted(&["b", "::a", "a"], e), ["::a", "a", "b"]);
    }
}

//! Order inside a group: rustfmt's comparator for the style edition, as a key that derives `Ord`.
//!
//! rustfmt compares use trees segment by segment (`self` < `super` < `crate` < identifier < `*` <
//! `{..}`), a path that is a prefix of another first, aliases ignored. Identifiers compare as
//! `(is_upper_snake, starts_uppercase, bytes)` in the legacy styles (2015-2021), and by version
//! sorting in 2024. The sort is stable.

use std::cmp::Reverse;

use crate::attach::Run;
use crate::render::Placed;
use crate::settings::{Group, Settings, StyleEdition};
use crate::tree::{Segment, UseTree};

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

/// Orders the units of a run: by group rank, then by key; stable.
pub fn order_run(
    run: &Run,
    trees: &[&(UseTree, TreeKey)],
    groups: &[Group],
    settings: &Settings,
) -> Vec<Placed> {
    let mut keyed: Vec<(usize, &TreeKey, Placed)> = run
        .units
        .iter()
        .zip(trees)
        .zip(groups)
        .map(|((unit, (_, key)), &group)| {
            let rank = settings.group_rank(group);
            (rank, key, Placed { unit: *unit, group })
        })
        .collect();
    keyed.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    keyed.into_iter().map(|(_, _, placed)| placed).collect()
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

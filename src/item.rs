//! item: a `use` item as syn parses it, reduced to what grouse needs, with a fast path for plain
//! items.
//!
//! Most imports are plain: `use`, an optional `pub` or `pub(crate)`, then paths, lists, globs
//! and renames of ASCII identifiers. Those are read straight from rustc's tokens, which costs a
//! small part of syn's parse (proc-macro2 lexes the text again and allocates every token).
//! Anything else — attributes, doc comments, raw identifiers, keywords used as names, other
//! visibilities, any token out of place — goes to syn, which also reports every error. The
//! fast path accepts nothing syn would reject and builds the same tree; the tests check both on
//! every item they see.

use ra_ap_rustc_lexer::{self as lexer, TokenKind};

/// A use tree, as `syn::UseTree`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ItemTree {
    /// `name::tree`
    Path(String, Box<ItemTree>),
    /// `name`
    Name(String),
    /// `name as rename`
    Rename(String, String),
    /// `*`
    Glob,
    /// `{tree, ...}`
    List(Vec<ItemTree>),
}

/// A `use` item: what its tree and order depend on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UseItem {
    /// It has attributes (doc comments included).
    pub has_attrs: bool,
    /// It starts with `::` (`use ::std::fmt;`).
    pub leading_colon: bool,
    /// The visibility as rustfmt writes it: `""`, `"pub"`, `"pub(crate)"`, `"pub(super)"`,
    /// `"pub(self)"` or `"pub(in path)"`.
    pub vis: String,
    pub tree: ItemTree,
}

impl UseItem {
    /// Parses `text`, one whole `use` item, as syn does.
    pub fn parse(text: &str) -> syn::Result<UseItem> {
        match parse_plain(text) {
            Some(item) => Ok(item),
            None => syn::parse_str::<syn::ItemUse>(text).map(|item| UseItem::from_syn(&item)),
        }
    }

    /// The item syn parsed.
    pub fn from_syn(item: &syn::ItemUse) -> UseItem {
        UseItem {
            has_attrs: !item.attrs.is_empty(),
            leading_colon: item.leading_colon.is_some(),
            vis: vis_from_syn(&item.vis),
            tree: tree_from_syn(&item.tree),
        }
    }
}

/// A visibility as rustfmt writes it.
fn vis_from_syn(vis: &syn::Visibility) -> String {
    match vis {
        syn::Visibility::Inherited => String::new(),
        syn::Visibility::Public(_) => "pub".to_owned(),
        syn::Visibility::Restricted(restricted) => {
            let path = restricted
                .path
                .segments
                .iter()
                .map(|segment| segment.ident.to_string())
                .collect::<Vec<_>>()
                .join("::");
            let colon = if restricted.path.leading_colon.is_some() {
                "::"
            } else {
                ""
            };
            match restricted.in_token {
                Some(_) => format!("pub(in {colon}{path})"),
                None => format!("pub({colon}{path})"),
            }
        }
    }
}

fn tree_from_syn(tree: &syn::UseTree) -> ItemTree {
    match tree {
        syn::UseTree::Path(p) => {
            ItemTree::Path(p.ident.to_string(), Box::new(tree_from_syn(&p.tree)))
        }
        syn::UseTree::Name(n) => ItemTree::Name(n.ident.to_string()),
        syn::UseTree::Rename(r) => ItemTree::Rename(r.ident.to_string(), r.rename.to_string()),
        syn::UseTree::Glob(_) => ItemTree::Glob,
        syn::UseTree::Group(g) => ItemTree::List(g.items.iter().map(tree_from_syn).collect()),
    }
}

/// A token of a plain item; a word as its byte range in the item's text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tok {
    Word(u32, u32),
    PathSep,
    Star,
    Comma,
    Semi,
    OpenBrace,
    CloseBrace,
    OpenParen,
    CloseParen,
}

/// Words that are keywords, reserved or contextual anywhere: as a name they go to syn.
fn is_reserved_word(word: &str) -> bool {
    matches!(
        word,
        "_" | "abstract"
            | "as"
            | "async"
            | "auto"
            | "await"
            | "become"
            | "box"
            | "break"
            | "const"
            | "continue"
            | "crate"
            | "default"
            | "do"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "final"
            | "fn"
            | "for"
            | "gen"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "macro"
            | "macro_rules"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "override"
            | "priv"
            | "pub"
            | "raw"
            | "ref"
            | "return"
            | "safe"
            | "self"
            | "Self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "try"
            | "type"
            | "typeof"
            | "union"
            | "unsafe"
            | "unsized"
            | "use"
            | "virtual"
            | "where"
            | "while"
            | "yield"
    )
}

/// The tokens of `text`, into `tokens`, if every one is a plain item's: ASCII words, `::`, `*`,
/// `,`, `;`, braces and parentheses, with whitespace and plain comments between.
fn plain_tokens(text: &str, tokens: &mut Vec<Tok>) -> Option<()> {
    tokens.clear();
    let mut at = 0;
    // The end of a `:` that a second one may join.
    let mut colon_end = None;
    for token in lexer::tokenize(text, lexer::FrontmatterAllowed::No) {
        let start = at;
        at += token.len as usize;
        if colon_end.is_some() && token.kind != TokenKind::Colon {
            return None;
        }
        let tok = match token.kind {
            TokenKind::Whitespace
            | TokenKind::LineComment { doc_style: None }
            | TokenKind::BlockComment {
                doc_style: None,
                terminated: true,
            } => continue,
            TokenKind::Ident => {
                if !text[start..at].is_ascii() {
                    return None;
                }
                Tok::Word(start as u32, at as u32)
            }
            TokenKind::Colon => match colon_end.take() {
                Some(end) if end == start => Tok::PathSep,
                Some(_) => return None,
                None => {
                    colon_end = Some(at);
                    continue;
                }
            },
            TokenKind::Star => Tok::Star,
            TokenKind::Comma => Tok::Comma,
            TokenKind::Semi => Tok::Semi,
            TokenKind::OpenBrace => Tok::OpenBrace,
            TokenKind::CloseBrace => Tok::CloseBrace,
            TokenKind::OpenParen => Tok::OpenParen,
            TokenKind::CloseParen => Tok::CloseParen,
            _ => return None,
        };
        tokens.push(tok);
    }
    if colon_end.is_some() {
        return None;
    }
    Some(())
}

/// The item, if `text` is a plain one; `None` leaves it to syn.
fn parse_plain(text: &str) -> Option<UseItem> {
    thread_local! {
        /// The tokens of the item being parsed, kept from item to item.
        static TOKENS: std::cell::RefCell<Vec<Tok>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    TOKENS.with_borrow_mut(|tokens| {
        plain_tokens(text, tokens)?;
        parse_tokens(&ItemText { text }, tokens)
    })
}

/// The text the words of a plain item's tokens are in.
struct ItemText<'a> {
    text: &'a str,
}

impl ItemText<'_> {
    /// The text of `tok` if it is a word.
    fn word(&self, tok: Option<&Tok>) -> Option<&str> {
        match tok {
            Some(&Tok::Word(start, end)) => Some(&self.text[start as usize..end as usize]),
            _ => None,
        }
    }
}

fn parse_tokens(plain: &ItemText<'_>, tokens: &[Tok]) -> Option<UseItem> {
    let mut rest = tokens;
    // `pub`, `pub(crate)`, `pub(self)`, `pub(super)`.
    let mut vis = "";
    if plain.word(rest.first()) == Some("pub") {
        rest = &rest[1..];
        vis = "pub";
        if rest.first() == Some(&Tok::OpenParen) {
            match (plain.word(rest.get(1)), rest.get(2)) {
                (Some("crate"), Some(Tok::CloseParen)) => vis = "pub(crate)",
                (Some("self"), Some(Tok::CloseParen)) => vis = "pub(self)",
                (Some("super"), Some(Tok::CloseParen)) => vis = "pub(super)",
                _ => return None,
            }
            rest = &rest[3..];
        }
    }
    if plain.word(rest.first()) != Some("use") {
        return None;
    }
    rest = &rest[1..];
    let leading_colon = if let [Tok::PathSep, after @ ..] = rest {
        rest = after;
        true
    } else {
        false
    };
    let tree = parse_tree(plain, &mut rest)?;
    match rest {
        [Tok::Semi] => Some(UseItem {
            has_attrs: false,
            leading_colon,
            vis: vis.to_owned(),
            tree,
        }),
        _ => None,
    }
}

/// A name syn takes as a path segment: `self`, `super`, `crate` or any other word that is not a
/// keyword.
fn segment_name(word: &str) -> bool {
    matches!(word, "self" | "super" | "crate") || !is_reserved_word(word)
}

fn parse_tree(plain: &ItemText<'_>, rest: &mut &[Tok]) -> Option<ItemTree> {
    if let Some(name) = plain.word(rest.first()) {
        if !segment_name(name) {
            return None;
        }
        *rest = &rest[1..];
        if rest.first() == Some(&Tok::PathSep) {
            *rest = &rest[1..];
            let tree = parse_tree(plain, rest)?;
            return Some(ItemTree::Path(name.to_owned(), Box::new(tree)));
        }
        if plain.word(rest.first()) == Some("as") {
            let rename = plain.word(rest.get(1))?;
            if rename != "_" && is_reserved_word(rename) {
                return None;
            }
            *rest = &rest[2..];
            return Some(ItemTree::Rename(name.to_owned(), rename.to_owned()));
        }
        return Some(ItemTree::Name(name.to_owned()));
    }
    match *rest {
        [Tok::Star, after @ ..] => {
            *rest = after;
            Some(ItemTree::Glob)
        }
        [Tok::OpenBrace, after @ ..] => {
            *rest = after;
            let mut items = Vec::new();
            loop {
                if let [Tok::CloseBrace, after @ ..] = *rest {
                    *rest = after;
                    return Some(ItemTree::List(items));
                }
                items.push(parse_tree(plain, rest)?);
                match *rest {
                    [Tok::Comma, after @ ..] => *rest = after,
                    [Tok::CloseBrace, ..] => {}
                    _ => return None,
                }
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_syn(text: &str) -> Option<UseItem> {
        syn::parse_str::<syn::ItemUse>(text)
            .ok()
            .map(|item| UseItem::from_syn(&item))
    }

    /// Items the fast path takes: the same tree as syn's.
    #[test]
    fn plain_items_parse_as_syn_parses_them() {
        for text in [
            "use a;",
            "use a::b::c;",
            "pub use a::*;",
            "pub(crate) use a::{b, c::{d, e as f}, g::*};",
            "pub(super) use self::a;",
            "pub(self) use super::a::{self, b,};",
            "use ::std::fmt;",
            "use ::{a, b};",
            "use crate::a as _;",
            "use a::{};",
            "use {a::b};",
            "use a /* b */ :: // c\n b;",
            "use a::b as c;",
            "use a::self as b;",
            "use a::{self};",
            "use A_1::B2;",
        ] {
            let plain = parse_plain(text);
            assert!(plain.is_some(), "{text}");
            assert_eq!(plain, by_syn(text), "{text}");
        }
    }

    /// The visibility is kept as rustfmt writes it, whichever path parses the item.
    #[test]
    fn visibility_is_normalized_text() {
        for (text, vis) in [
            ("use a;", ""),
            ("pub use a;", "pub"),
            ("pub(crate) use a;", "pub(crate)"),
            ("pub (crate) use a;", "pub(crate)"),
            ("pub(self) use a;", "pub(self)"),
            ("pub(super) use a;", "pub(super)"),
            ("pub(in crate::a) use b;", "pub(in crate::a)"),
            ("pub(in a ::b) use c;", "pub(in a::b)"),
            ("#[cfg(x)] pub(crate) use a;", "pub(crate)"),
            ("pub use r#a;", "pub"),
        ] {
            assert_eq!(UseItem::parse(text).unwrap().vis, vis, "{text}");
            assert_eq!(by_syn(text).unwrap().vis, vis, "{text}");
        }
    }

    /// Items the fast path leaves to syn, valid or not.
    #[test]
    fn everything_else_goes_to_syn() {
        for text in [
            "#[cfg(x)] use a;",
            "/// doc\nuse a;",
            "use r#a;",
            "use a::r#try;",
            "use é;",
            "use a: :b;",
            "use a:::b;",
            "use a::b as self;",
            "use a as b as c;",
            "use a::fn;",
            "use _;",
            "use Self::A;",
            "use try::a;",
            "pub(in a) use b;",
            "pub(crate::a) use b;",
            "pub(x) use b;",
            "use a",
            "use a;;",
            "use a::{b c};",
            "use a::{b,,};",
            "use a::;",
            "use a::b::*::c;",
            "use a::{/** doc */ b};",
            "crate use a;",
            "use a::{b}}",
        ] {
            assert_eq!(parse_plain(text), None, "{text}");
            // Whatever syn makes of it, `parse` says the same.
            assert_eq!(UseItem::parse(text).ok(), by_syn(text), "{text}");
        }
    }
}

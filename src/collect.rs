//! collect: find every run of sibling `use` items with rustc's own lexer, without parsing the rest
//! of the file, then parse each item with syn.
//!
//! `use` is a reserved word: outside macro bodies, attributes and the precise-capturing bound
//! (`impl Trait + use<'a>`) it only ever starts an item, so one streaming pass over the tokens
//! finds every item exactly. Macro invocation bodies and `macro_rules!` are skipped whole.
//!
//! Most of a file is function bodies and impl blocks with no `use` in them: a pre-pass (`skim`)
//! finds those groups first, and the scan steps over each one from its opening delimiter to past
//! its closing one without lexing what is between.

use std::cell::RefCell;
use std::rc::Rc;

use ra_ap_rustc_lexer::{self as lexer, DocStyle, LiteralKind, TokenKind};

use crate::error::Error;
use crate::hash::FastMap;
use crate::item::UseItem;
use crate::skim::{self, Skim};
use crate::text::line_column;
use crate::types::{Collected, Item, Parsed, RawRun};

thread_local! {
    /// Items parsed on this thread, by their text: the same imports recur across the files of
    /// a project, and a lookup costs a small part of a parse. Emptied when it holds
    /// [`PARSED_CACHE_ITEMS`], which keeps its memory to a few megabytes.
    static PARSED: RefCell<FastMap<Box<str>, Rc<Parsed>>> =
        RefCell::new(FastMap::with_capacity_and_hasher(PARSED_CACHE_ITEMS, Default::default()));
}

const PARSED_CACHE_ITEMS: usize = 4096;

/// Empties this thread's cache of parsed items, so that a benchmark repeating the same files
/// measures what one run over them costs.
#[doc(hidden)]
pub fn forget_parsed_items() {
    PARSED.with_borrow_mut(FastMap::clear);
}

/// `text`, a `use` item, parsed (from this thread's cache when it was parsed before).
fn parse_item(text: &str) -> syn::Result<Rc<Parsed>> {
    if let Some(parsed) = PARSED.with_borrow(|cache| cache.get(text).cloned()) {
        return Ok(parsed);
    }
    let parsed = Rc::new(Parsed::new(UseItem::parse(text)?));
    PARSED.with_borrow_mut(|cache| {
        if cache.len() >= PARSED_CACHE_ITEMS {
            cache.clear();
        }
        cache.insert(text.into(), Rc::clone(&parsed));
    });
    Ok(parsed)
}

/// Scans `source` and parses every `use` item in it.
pub fn collect(source: &str) -> Result<Collected, Error> {
    let mut collected = scan(source)?;
    collected.parsed.reserve_exact(collected.items.len());
    for item in &collected.items {
        match parse_item(&source[item.start..item.end]) {
            Ok(parsed) => collected.parsed.push(parsed),
            Err(error) => {
                let (line, column) = line_column(source, item.start);
                return Err(Error::Parse {
                    line,
                    column,
                    message: error.to_string(),
                });
            }
        }
    }
    Ok(collected)
}

/// Whether an outer attribute's text (`#[...]`) pins its item: `#[macro_use]`,
/// `#[rustfmt::skip]`, `#[rustfmt_skip]`, or one of them inside `#[cfg_attr(..)]`.
fn is_skip_attribute(text: &str) -> bool {
    attribute_is(text, |t| {
        t == "macro_use" || t.starts_with("macro_use(") || is_rustfmt_skip_path(t)
    })
}

/// Whether an attribute's text (`#[...]`, or an inner `#![...]`) is rustfmt's skip, which leaves
/// the whole item (or the rest of the scope) as it is.
fn is_rustfmt_skip(text: &str) -> bool {
    attribute_is(&text.replacen("#!", "#", 1), is_rustfmt_skip_path)
}

fn is_rustfmt_skip_path(path: &str) -> bool {
    path == "rustfmt::skip" || path == "rustfmt_skip"
}

/// Whether the attribute `text` (`#[...]`), or one inside its `#[cfg_attr(..)]`, is one `pins`
/// names (compared without white space).
fn attribute_is(text: &str, pins: impl Fn(&str) -> bool) -> bool {
    if !text.contains("macro_use") && !text.contains("rustfmt") {
        return false;
    }
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(inner) = compact.strip_prefix("#[").and_then(|t| t.strip_suffix(']')) else {
        return false;
    };
    if pins(inner) {
        return true;
    }
    match inner
        .strip_prefix("cfg_attr(")
        .and_then(|t| t.strip_suffix(')'))
    {
        Some(args) => args.split(',').skip(1).any(pins),
        None => false,
    }
}

/// Where the code starts: after a UTF-8 byte order mark and a shebang line.
pub fn code_start(source: &str) -> usize {
    let bom = if source.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    bom + lexer::strip_shebang(&source[bom..]).unwrap_or(0)
}

#[derive(Clone, Copy, Debug)]
struct Tok {
    kind: TokenKind,
    start: usize,
    end: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum TokenBefore {
    /// An identifier, which names a macro if `!` follows and it is not a keyword.
    Ident {
        start: usize,
        end: usize,
    },
    /// A raw identifier or `macro_rules`: names a macro if `!` follows.
    MacroName,
    /// `.` or `async`: a following `use` is not an item.
    NotBeforeUse,
    Other,
}

impl Prefix {
    fn at(start: usize, gap_before: usize) -> Prefix {
        Prefix {
            start,
            gap_before,
            skip: false,
            rustfmt_skip: false,
            depth: 0,
        }
    }
}

#[derive(Clone, Copy)]
struct Prefix {
    start: usize,
    gap_before: usize,
    skip: bool,
    /// `#[rustfmt::skip]`: a whole item that is not a `use` is left as it is.
    rustfmt_skip: bool,
    /// The deepest nesting of delimiters in its attributes.
    depth: usize,
}

struct OpenRun {
    first: usize,
    gap_before: usize,
    /// First significant token after the run's last item, once seen.
    next_significant: Option<usize>,
}

struct Scanner<'a> {
    source: &'a str,
    cursor: lexer::Cursor<'a>,
    /// Offset of the next raw token.
    offset: usize,
    peeked: Option<Tok>,
    last_significant_end: usize,
    /// The first token that did not lex cleanly; it ends the scan.
    failure: Option<Error>,
    /// The deepest nesting of delimiters in the last group or `use` item skipped.
    group_depth: usize,
    /// Groups to step over and places to jump between, found by the pre-pass.
    skim: &'a Skim,
    /// The first of `skim.delimited` not yet passed.
    next_delimited: usize,
    /// The first of `skim.stops` not yet passed.
    next_stop: usize,
    /// The open delimiters of the `use` item being read, kept from item to item.
    item_stack: Vec<(TokenKind, usize)>,
}

/// The deepest nesting of delimiters grouse parses in one `use` item (its attributes included):
/// syn parses recursively, and no real import comes close.
pub const MAX_ITEM_NESTING: usize = 64;

/// Keywords that may stand before `!` without naming a macro (`if !x`, `return !y`).
fn is_keyword_before_bang(word: &str) -> bool {
    matches!(
        word,
        "as" | "async"
            | "await"
            | "break"
            | "const"
            | "continue"
            | "crate"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "self"
            | "Self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "yield"
            | "abstract"
            | "become"
            | "box"
            | "do"
            | "final"
            | "macro"
            | "override"
            | "priv"
            | "typeof"
            | "unsized"
            | "virtual"
            | "try"
            | "gen"
    )
}

#[cfg(test)]
thread_local! {
    /// Jumps made by scans on this thread, for tests that check the fast path is taken.
    pub(crate) static JUMPS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Finds every `use` item and run of `source` without parsing the items.
///
/// Groups that hold no `use` are stepped over where the pre-pass (`skim`) vouches for them; the result is
/// the same as [`scan_every_token`]'s.
pub fn scan(source: &str) -> Result<Collected, Error> {
    thread_local! {
        /// The pre-pass's findings and working space, kept for the next file on this thread.
        static SKIM: RefCell<Skim> = RefCell::new(Skim::default());
    }
    let start = code_start(source);
    // Taken out while in use (a scan within a scan would start with an empty one).
    let mut found = SKIM.with_borrow_mut(std::mem::take);
    skim::skim(source, start, &mut found);
    let scanned = scan_with(source, start, &found);
    if !found.is_oversized() {
        SKIM.with_borrow_mut(|kept| *kept = found);
    }
    scanned
}

/// [`scan`] lexing every token of the file: what the scan is checked against.
pub fn scan_every_token(source: &str) -> Result<Collected, Error> {
    scan_with(source, code_start(source), &Skim::NONE)
}

fn scan_with(source: &str, start: usize, skim: &Skim) -> Result<Collected, Error> {
    let mut scanner = Scanner {
        source,
        cursor: lexer::Cursor::new(&source[start..], lexer::FrontmatterAllowed::Yes),
        offset: start,
        peeked: None,
        last_significant_end: start,
        failure: None,
        group_depth: 0,
        skim,
        next_delimited: 0,
        next_stop: 0,
        item_stack: Vec::new(),
    };
    let mut collected = Collected {
        code_start: start,
        locals: vec![Vec::new()],
        ..Default::default()
    };
    // Open delimiters: (kind, start, the scope outside it).
    let mut stack: Vec<(TokenKind, usize, usize)> = Vec::new();
    let mut scope = 0;
    let mut prefix: Option<Prefix> = None;
    // rustfmt leaves alone what `#[rustfmt::skip]` marks, and so does grouse: the brace group of
    // an item with it (a `mod`, a `fn`: `skipped_item` holds the stack depth of the item, whose
    // own `{` or `;` ends it), and the rest of a scope with `#![rustfmt::skip]` (as long as the
    // stack is at least this deep).
    let mut skipped_item: Option<usize> = None;
    let mut skipped_scope: Option<usize> = None;
    let mut prev = TokenBefore::Other;
    let mut run: Option<OpenRun> = None;

    // One dispatch per token: trivia is skipped by the same `match` that handles the rest.
    while let Some(tok) = scanner.next_token() {
        // Whitespace is half of all tokens: a plain branch for it predicts better.
        if matches!(tok.kind, TokenKind::Whitespace) {
            continue;
        }
        let gap_before = scanner.last_significant_end;
        let mut next_prev = TokenBefore::Other;
        let mut keep_prefix = false;
        let mut ended_item = false;
        match tok.kind {
            TokenKind::Whitespace
            | TokenKind::LineComment { doc_style: None }
            | TokenKind::BlockComment {
                doc_style: None,
                terminated: true,
            } => continue,
            TokenKind::Frontmatter {
                has_invalid_preceding_whitespace,
                invalid_infostring,
            } => {
                let text = &source[tok.start..tok.end];
                let closed = text
                    .trim_end()
                    .rsplit('\n')
                    .next()
                    .is_some_and(|last| last.trim_start().starts_with("---"))
                    && text.trim_end().contains('\n');
                if has_invalid_preceding_whitespace || invalid_infostring || !closed {
                    return Err(
                        scanner.error(tok.start, "invalid or unterminated frontmatter".into())
                    );
                }
                // Code before the first run, like an item: what follows it cannot become part of
                // it, and a comment between it and an import is that import's.
            }
            TokenKind::Unknown
            | TokenKind::InvalidIdent
            | TokenKind::BlockComment {
                terminated: false, ..
            } => {
                let error = scanner.check(tok).expect("a lexing error");
                return Err(error);
            }
            TokenKind::Literal { .. } => {
                if let Some(error) = scanner.check(tok) {
                    return Err(error);
                }
            }
            TokenKind::Pound => match scanner.peek_significant() {
                Some(Tok {
                    kind: TokenKind::OpenBracket,
                    ..
                }) => {
                    let open = scanner.next_significant().expect("peeked");
                    scanner.skip_group(open)?;
                    let text = &source[tok.start..scanner.last_significant_end];
                    let skip = is_skip_attribute(text);
                    let prefix = prefix.get_or_insert(Prefix::at(tok.start, gap_before));
                    prefix.skip |= skip;
                    prefix.rustfmt_skip |= skip && is_rustfmt_skip(text);
                    prefix.depth = prefix.depth.max(scanner.group_depth);
                    keep_prefix = true;
                }
                Some(Tok {
                    kind: TokenKind::Bang,
                    ..
                }) => {
                    scanner.next_significant();
                    if let Some(Tok {
                        kind: TokenKind::OpenBracket,
                        ..
                    }) = scanner.peek_significant()
                    {
                        let open = scanner.next_significant().expect("peeked");
                        scanner.skip_group(open)?;
                        let text = &source[tok.start..scanner.last_significant_end];
                        if skipped_scope.is_none() && is_rustfmt_skip(text) {
                            skipped_scope = Some(stack.len());
                        }
                    }
                }
                _ => {}
            },
            TokenKind::LineComment {
                doc_style: Some(DocStyle::Outer),
            }
            | TokenKind::BlockComment {
                doc_style: Some(DocStyle::Outer),
                ..
            } => {
                prefix.get_or_insert(Prefix::at(tok.start, gap_before));
                keep_prefix = true;
            }
            TokenKind::Ident => match &source[tok.start..tok.end] {
                "use" => {
                    let is_item = prev != TokenBefore::NotBeforeUse
                        && !matches!(
                            scanner.peek_significant(),
                            Some(Tok {
                                kind: TokenKind::Lt | TokenKind::Or,
                                ..
                            })
                        );
                    if is_item && skipped_scope.is_some_and(|depth| stack.len() >= depth) {
                        scanner.skip_use_item(tok)?;
                    } else if is_item {
                        let end = scanner.skip_use_item(tok)?;
                        let depth = scanner.group_depth.max(prefix.map_or(0, |p| p.depth));
                        if depth > MAX_ITEM_NESTING {
                            let at = prefix.map_or(tok.start, |p| p.start);
                            let (line, column) = line_column(source, at);
                            return Err(Error::Parse {
                                line,
                                column,
                                message: format!(
                                    "delimiters nested {depth} deep; grouse handles at most {MAX_ITEM_NESTING} in a `use` item"
                                ),
                            });
                        }
                        let (start, gap_before, skip_attr) = match prefix {
                            Some(p) => (p.start, p.gap_before, p.skip),
                            None => (tok.start, gap_before, false),
                        };
                        let index = collected.items.len();
                        collected.items.push(Item {
                            start,
                            end,
                            scope,
                            skip_attr,
                        });
                        let continues = run
                            .as_ref()
                            .is_some_and(|r| r.next_significant.unwrap_or(tok.start) == start);
                        if !continues {
                            if let Some(done) = run.take() {
                                collected.runs.push(RawRun {
                                    items: done.first..index,
                                    gap_before: done.gap_before,
                                    gap_after: done.next_significant.unwrap_or(start),
                                });
                            }
                            run = Some(OpenRun {
                                first: index,
                                gap_before,
                                next_significant: None,
                            });
                        } else if let Some(open) = run.as_mut() {
                            open.next_significant = None;
                        }
                        ended_item = true;
                    }
                }
                "pub" => {
                    prefix.get_or_insert(Prefix::at(tok.start, gap_before));
                    keep_prefix = true;
                    if let Some(Tok {
                        kind: TokenKind::OpenParen,
                        ..
                    }) = scanner.peek_significant()
                    {
                        let open = scanner.next_significant().expect("peeked");
                        scanner.skip_group(open)?;
                    }
                }
                "mod" | "enum" => {
                    if let Some(
                        name @ Tok {
                            kind: TokenKind::Ident | TokenKind::RawIdent,
                            ..
                        },
                    ) = scanner.peek_significant()
                    {
                        scanner.next_significant();
                        collected.locals[scope].push(name.start..name.end);
                    }
                }
                "async" => next_prev = TokenBefore::NotBeforeUse,
                _ => {
                    next_prev = TokenBefore::Ident {
                        start: tok.start,
                        end: tok.end,
                    }
                }
            },
            TokenKind::RawIdent => next_prev = TokenBefore::MacroName,
            TokenKind::Dot => next_prev = TokenBefore::NotBeforeUse,
            TokenKind::Bang if names_macro(source, prev) => {
                // `name!(..)`, `name![..]`, `name! {..}`, `macro_rules! name {..}`.
                let mut next = scanner.peek_significant();
                if let Some(Tok {
                    kind: TokenKind::Ident | TokenKind::RawIdent,
                    ..
                }) = next
                {
                    let after_name = scanner.peek_second_significant();
                    if after_name.is_some_and(|t| is_open(t.kind)) {
                        scanner.next_significant();
                        next = scanner.peek_significant();
                    }
                }
                if next.is_some_and(|t| is_open(t.kind)) {
                    let open = scanner.next_significant().expect("peeked");
                    scanner.skip_group(open)?;
                }
            }
            TokenKind::OpenBrace if skipped_item == Some(stack.len()) => {
                scanner.skip_group(tok)?;
                skipped_item = None;
            }
            TokenKind::Semi if skipped_item == Some(stack.len()) => skipped_item = None,
            TokenKind::OpenBrace | TokenKind::OpenParen | TokenKind::OpenBracket
                if scanner.step_over(tok.start) => {}
            TokenKind::OpenBrace => {
                collected.locals.push(Vec::new());
                stack.push((tok.kind, tok.start, scope));
                scope = collected.locals.len() - 1;
            }
            TokenKind::OpenParen | TokenKind::OpenBracket => {
                stack.push((tok.kind, tok.start, scope))
            }
            TokenKind::CloseBrace | TokenKind::CloseParen | TokenKind::CloseBracket => {
                let Some((open_kind, open_start, outer_scope)) = stack.pop() else {
                    return Err(scanner.error(
                        tok.start,
                        format!(
                            "unexpected closing delimiter `{}`",
                            &source[tok.start..tok.end]
                        ),
                    ));
                };
                if !closes(open_kind, tok.kind) {
                    return Err(scanner.mismatch(tok, open_kind, open_start));
                }
                scope = outer_scope;
                if skipped_scope.is_some_and(|depth| stack.len() < depth) {
                    skipped_scope = None;
                }
                if skipped_item.is_some_and(|depth| stack.len() < depth) {
                    skipped_item = None;
                }
            }
            _ => {}
        }
        if !ended_item {
            if let Some(open) = run.as_mut() {
                open.next_significant.get_or_insert(tok.start);
            }
        }
        if !keep_prefix {
            // The first token after `#[rustfmt::skip]` starts the item it marks (unless it ends
            // one: an attribute before `}` or `;` marks nothing).
            if prefix.is_some_and(|p| p.rustfmt_skip)
                && !ended_item
                && !matches!(tok.kind, TokenKind::CloseBrace | TokenKind::Semi)
            {
                skipped_item = Some(stack.len());
            }
            prefix = None;
        }
        prev = next_prev;
        scanner.last_significant_end = scanner.consumed_end(tok);
        // Just after a `;`, `{` or `}` (its own, or a group's or macro body's), with no item
        // waiting for the token after it, nothing is pending: jump to where the pre-pass says
        // something matters again. (A doc comment may end in `}` too: it is not one.)
        let at = scanner.last_significant_end;
        let after_boundary = match tok.kind {
            TokenKind::Semi | TokenKind::OpenBrace | TokenKind::CloseBrace => true,
            TokenKind::Bang => source.as_bytes()[at - 1] == b'}',
            _ => false,
        };
        if after_boundary && !ended_item && skipped_item.is_none() && scanner.peeked.is_none() {
            scanner.jump(at);
        }
    }
    if let Some(error) = scanner.failure.take() {
        return Err(error);
    }
    if let Some(&(kind, start, _)) = stack.last() {
        let open = match kind {
            TokenKind::OpenBrace => "{",
            TokenKind::OpenParen => "(",
            _ => "[",
        };
        return Err(scanner.error(start, format!("this `{open}` is never closed")));
    }
    if let Some(done) = run.take() {
        collected.runs.push(RawRun {
            items: done.first..collected.items.len(),
            gap_before: done.gap_before,
            gap_after: done.next_significant.unwrap_or(source.len()),
        });
    }
    Ok(collected)
}

/// Whether `prev`, followed by `!`, is the name of a macro (`if !x` and `return !x` are not).
fn names_macro(source: &str, prev: TokenBefore) -> bool {
    match prev {
        TokenBefore::MacroName => true,
        TokenBefore::Ident { start, end } => !is_keyword_before_bang(&source[start..end]),
        TokenBefore::NotBeforeUse | TokenBefore::Other => false,
    }
}

fn is_open(kind: TokenKind) -> bool {
    matches!(
        kind,
        TokenKind::OpenBrace | TokenKind::OpenParen | TokenKind::OpenBracket
    )
}

/// Whether `close` closes `open`.
#[inline]
fn closes(open: TokenKind, close: TokenKind) -> bool {
    matches!(
        (open, close),
        (TokenKind::OpenBrace, TokenKind::CloseBrace)
            | (TokenKind::OpenParen, TokenKind::CloseParen)
            | (TokenKind::OpenBracket, TokenKind::CloseBracket)
    )
}

fn delimiter_text(kind: TokenKind) -> &'static str {
    match kind {
        TokenKind::OpenBrace => "{",
        TokenKind::OpenParen => "(",
        TokenKind::OpenBracket => "[",
        TokenKind::CloseBrace => "}",
        TokenKind::CloseParen => ")",
        _ => "]",
    }
}

impl<'a> Scanner<'a> {
    fn error(&self, offset: usize, message: String) -> Error {
        let (line, column) = line_column(self.source, offset);
        Error::Lex {
            line,
            column,
            message,
        }
    }

    fn mismatch(&self, close: Tok, open_kind: TokenKind, open_start: usize) -> Error {
        let (line, column) = line_column(self.source, open_start);
        self.error(
            close.start,
            format!(
                "mismatched closing delimiter `{}`: the `{}` at {line}:{column} is not closed",
                delimiter_text(close.kind),
                delimiter_text(open_kind),
            ),
        )
    }

    /// The end of the last token consumed so far: `tok`'s own end unless a group was skipped.
    fn consumed_end(&self, tok: Tok) -> usize {
        self.last_significant_end.max(tok.end)
    }

    #[inline(always)]
    fn raw_token(&mut self) -> Option<Tok> {
        let token = self.cursor.advance_token();
        if matches!(token.kind, TokenKind::Eof) {
            return None;
        }
        if matches!(token.kind, TokenKind::GuardedStrPrefix) {
            return Some(self.split_guarded_prefix());
        }
        let start = self.offset;
        self.offset += token.len as usize;
        Some(Tok {
            kind: token.kind,
            start,
            end: self.offset,
        })
    }

    /// `#"` or `##`, which rustc's lexer returns as one token for edition 2024's reserved
    /// guarded strings: before that edition, and wherever grouse reads it, it is `#` and a new
    /// token after it, as rustc and proc-macro2 read it.
    #[cold]
    fn split_guarded_prefix(&mut self) -> Tok {
        let start = self.offset;
        self.offset += 1;
        self.cursor =
            lexer::Cursor::new(&self.source[self.offset..], lexer::FrontmatterAllowed::No);
        Tok {
            kind: TokenKind::Pound,
            start,
            end: self.offset,
        }
    }

    /// The next token that is not whitespace or a plain comment. A token that did not lex
    /// cleanly ends the scan: it is recorded in `failure` and `None` is returned.
    #[inline]
    fn lex_significant(&mut self) -> Option<Tok> {
        loop {
            let tok = self.raw_token()?;
            // Plain branches in order of frequency predict better than one jump table.
            if matches!(tok.kind, TokenKind::Whitespace) {
                continue;
            }
            if matches!(tok.kind, TokenKind::Ident) {
                return Some(tok);
            }
            match tok.kind {
                TokenKind::LineComment { doc_style: None }
                | TokenKind::BlockComment {
                    doc_style: None,
                    terminated: true,
                }
                | TokenKind::Frontmatter { .. } => {}
                TokenKind::Unknown
                | TokenKind::InvalidIdent
                | TokenKind::Literal { .. }
                | TokenKind::BlockComment { .. } => {
                    if let Some(error) = self.check(tok) {
                        self.failure.get_or_insert(error);
                        // Nothing after a lexing error is read.
                        self.cursor = lexer::Cursor::new("", lexer::FrontmatterAllowed::No);
                        self.offset = self.source.len();
                        self.peeked = None;
                        return None;
                    }
                    return Some(tok);
                }
                _ => return Some(tok),
            }
        }
    }

    #[cold]
    fn check(&self, tok: Tok) -> Option<Error> {
        let problem = match tok.kind {
            TokenKind::BlockComment {
                terminated: false, ..
            } => "unterminated block comment",
            TokenKind::Unknown => {
                let c = self.source[tok.start..].chars().next().unwrap_or('?');
                return Some(self.error(tok.start, format!("unknown character {c:?}")));
            }
            TokenKind::InvalidIdent => "invalid character in identifier",
            TokenKind::Literal { kind, .. } => match kind {
                LiteralKind::Str { terminated: false } => "unterminated string literal",
                LiteralKind::ByteStr { terminated: false } => "unterminated byte string literal",
                LiteralKind::CStr { terminated: false } => "unterminated C string literal",
                LiteralKind::Char { terminated: false } => "unterminated character literal",
                LiteralKind::Byte { terminated: false } => "unterminated byte literal",
                LiteralKind::RawStr { n_hashes: None }
                | LiteralKind::RawByteStr { n_hashes: None }
                | LiteralKind::RawCStr { n_hashes: None } => "invalid or unterminated raw string",
                _ => return None,
            },
            _ => return None,
        };
        Some(self.error(tok.start, problem.into()))
    }

    /// The peeked token, else the next raw one, trivia included.
    #[inline(always)]
    fn next_token(&mut self) -> Option<Tok> {
        match self.peeked.take() {
            Some(tok) => Some(tok),
            None => self.raw_token(),
        }
    }

    #[inline]
    fn next_significant(&mut self) -> Option<Tok> {
        match self.peeked.take() {
            Some(tok) => Some(tok),
            None => self.lex_significant(),
        }
    }

    #[inline]
    fn peek_significant(&mut self) -> Option<Tok> {
        if self.peeked.is_none() {
            self.peeked = self.lex_significant();
        }
        self.peeked
    }

    /// Ends a scan: the recorded lexing error, else `error`.
    fn fail_with(&mut self, error: Error) -> Error {
        self.failure.take().unwrap_or(error)
    }

    /// The significant token after the peeked one, without consuming either. Lexes ahead on a
    /// copy of the cursor, so it is only used where it is rare (`name! ident`).
    fn peek_second_significant(&mut self) -> Option<Tok> {
        self.peek_significant();
        let mut ahead = Scanner {
            source: self.source,
            cursor: lexer::Cursor::new(&self.source[self.offset..], lexer::FrontmatterAllowed::No),
            offset: self.offset,
            peeked: None,
            last_significant_end: self.last_significant_end,
            failure: None,
            group_depth: 0,
            skim: &Skim::NONE,
            next_delimited: 0,
            next_stop: 0,
            item_stack: Vec::new(),
        };
        ahead.lex_significant()
    }

    /// Steps over the group whose opener at `open` was just consumed if it holds no `use`:
    /// the cursor moves past its closer without lexing what is between.
    #[inline]
    fn step_over(&mut self, open: usize) -> bool {
        let rest = &self.skim.delimited[self.next_delimited..];
        // Groups passed inside a `use` item or a skipped group are behind the cursor.
        let behind = rest.iter().take_while(|g| (g.open as usize) < open).count();
        self.next_delimited += behind;
        let Some(&group) = self.skim.delimited.get(self.next_delimited) else {
            return false;
        };
        if group.open as usize != open {
            return false;
        }
        self.next_delimited += 1;
        self.group_depth = group.depth as usize;
        self.move_to(group.end as usize);
        true
    }

    /// Moves from just after a `;`, `{` or `}` at `at` to the next place the pre-pass says the
    /// scan must see, if that is further on.
    #[inline]
    fn jump(&mut self, at: usize) {
        let rest = &self.skim.stops[self.next_stop..];
        self.next_stop += rest.iter().take_while(|&&s| (s as usize) < at).count();
        if let Some(&stop) = self.skim.stops.get(self.next_stop) {
            if stop as usize > at {
                #[cfg(test)]
                JUMPS.with(|jumps| jumps.set(jumps.get() + 1));
                self.move_to(stop as usize);
            }
        }
    }

    /// Continues lexing at `at`, the end of a significant token, without lexing what is between.
    fn move_to(&mut self, at: usize) {
        debug_assert!(self.peeked.is_none());
        self.last_significant_end = at;
        self.cursor = lexer::Cursor::new(&self.source[at..], lexer::FrontmatterAllowed::No);
        self.offset = at;
    }

    /// Skips a delimited group whose opener was just consumed, checking that it is balanced.
    fn skip_group(&mut self, open: Tok) -> Result<(), Error> {
        if self.step_over(open.start) {
            return Ok(());
        }
        let mut stack = vec![(open.kind, open.start)];
        self.group_depth = 1;
        // Raw tokens and one dispatch: macro bodies can be long.
        while let Some(tok) = self.next_token() {
            match tok.kind {
                TokenKind::OpenBrace | TokenKind::OpenParen | TokenKind::OpenBracket => {
                    stack.push((tok.kind, tok.start));
                    self.group_depth = self.group_depth.max(stack.len());
                }
                TokenKind::CloseBrace | TokenKind::CloseParen | TokenKind::CloseBracket => {
                    let (open_kind, open_start) = stack.pop().expect("non-empty");
                    if !closes(open_kind, tok.kind) {
                        return Err(self.mismatch(tok, open_kind, open_start));
                    }
                    if stack.is_empty() {
                        self.last_significant_end = tok.end;
                        return Ok(());
                    }
                }
                TokenKind::Unknown
                | TokenKind::InvalidIdent
                | TokenKind::BlockComment {
                    terminated: false, ..
                }
                | TokenKind::Literal { .. } => {
                    if let Some(error) = self.check(tok) {
                        return Err(error);
                    }
                }
                _ => {}
            }
        }
        let (kind, start) = stack[stack.len() - 1];
        let error = self.error(
            start,
            format!("this `{}` is never closed", delimiter_text(kind)),
        );
        Err(self.fail_with(error))
    }

    /// Consumes a `use` item whose keyword was just consumed; returns the end of its `;`.
    fn skip_use_item(&mut self, use_token: Tok) -> Result<usize, Error> {
        let mut stack = std::mem::take(&mut self.item_stack);
        stack.clear();
        let end = self.skip_use_item_with(use_token, &mut stack);
        self.item_stack = stack;
        end
    }

    fn skip_use_item_with(
        &mut self,
        use_token: Tok,
        stack: &mut Vec<(TokenKind, usize)>,
    ) -> Result<usize, Error> {
        self.group_depth = 0;
        loop {
            let Some(tok) = self.peek_significant() else {
                // The file ends inside the item: an open delimiter is what is wrong, where it
                // opens, as rustc has it.
                let error = match stack.last() {
                    Some(&(kind, start)) => self.error(
                        start,
                        format!("this `{}` is never closed", delimiter_text(kind)),
                    ),
                    None => {
                        self.parse_error(use_token, "expected `;` at the end of this `use` item")
                    }
                };
                return Err(self.fail_with(error));
            };
            match tok.kind {
                TokenKind::Semi if stack.is_empty() => {
                    self.next_significant();
                    self.last_significant_end = tok.end;
                    return Ok(tok.end);
                }
                TokenKind::OpenBrace | TokenKind::OpenParen | TokenKind::OpenBracket => {
                    stack.push((tok.kind, tok.start));
                    self.group_depth = self.group_depth.max(stack.len());
                }
                TokenKind::CloseBrace | TokenKind::CloseParen | TokenKind::CloseBracket => {
                    let Some((open_kind, open_start)) = stack.pop() else {
                        return Err(self
                            .parse_error(use_token, "expected `;` at the end of this `use` item"));
                    };
                    if !closes(open_kind, tok.kind) {
                        return Err(self.mismatch(tok, open_kind, open_start));
                    }
                }
                _ => {}
            }
            self.next_significant();
        }
    }

    fn parse_error(&self, use_token: Tok, message: &str) -> Error {
        let (line, column) = line_column(self.source, use_token.start);
        Error::Parse {
            line,
            column,
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `#"` and `##` are one token to rustc's lexer (edition 2024's reserved guarded strings),
    /// but `#` and what follows to rustc before 2024 and to proc-macro2: the `"` opens a string.
    #[test]
    fn a_hash_before_a_quote_is_a_pound_then_a_string() {
        let source = "m! { #\"}\" }\nm!(##[a]);\nuse b;\nuse a;\n";
        for scanned in [scan(source), scan_every_token(source)] {
            let collected = scanned.expect("lexes");
            assert_eq!(collected.items.len(), 2);
            assert_eq!(
                &source[collected.items[0].start..collected.items[0].end],
                "use b;"
            );
        }
    }
}

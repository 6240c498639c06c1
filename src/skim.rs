//! skim: a pre-pass that finds what the scan can step over without lexing it.
//!
//! Most bytes of a file sit in function bodies, impl blocks and macro calls that hold no `use`
//! item, and rustc's lexer would visit every token in them. This pass looks only at the bytes
//! that decide where a token starts or ends — quotes, comment openers, delimiters, `;`, `#` after
//! a raw prefix — found 64 at a time with AVX2 where the CPU has it, and jumps over comments and
//! literals with `memchr`. It returns:
//!
//! - every outermost group with no `use` word in its code, with its end and nesting depth (a
//!   parenthesis or bracket also needs no `mod` or `enum` word: the names they declare belong to
//!   the brace scope around it), which the scan steps over from opener to closer;
//! - the stops: places just after a `;`, `{` or `}` where the scan must be lexing again, before
//!   each `use`, `mod` or `enum` word, each group it goes into and each end of a group it reads;
//!   from any such place the scan jumps to the next stop, over items that cannot matter.
//!
//! It knows a subset of Rust's lexical grammar exactly: ASCII code (comments and literals may
//! hold anything), which covers nearly every real file. On anything else — a byte outside ASCII
//! in code, an unterminated literal or comment, unbalanced delimiters, an unknown character, a
//! frontmatter, a prefix it cannot place — it gives up, and the scan lexes the whole file, which
//! also reports any lexing error exactly as before. Tests check, on generated soups of tricky
//! tokens and on the property and fuzz inputs, that the scan finds the same with and without it.

use std::sync::LazyLock;

use memchr::{memchr, memchr2, memmem};

/// An outermost delimited group with no `use` word in its code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Delimited {
    /// Offset of the opening delimiter.
    pub open: u32,
    /// One past the closing delimiter.
    pub end: u32,
    /// The deepest nesting of delimiters inside, the group itself counted as 1.
    pub depth: u32,
}

/// Bytes that need a look: literal and comment openers, delimiters, `;`, `#`, and bytes this pass
/// does not handle (outside ASCII, control characters, `` ` `` and `\`, which rustc rejects).
static SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = match i as u8 {
            b'"' | b'\'' | b'/' | b'#' | b'(' | b')' | b'[' | b']' | b'{' | b'}' | b';' => true,
            b'`' | b'\\' | 0x7f..=0xff => true,
            b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => false,
            0..=0x1f => true,
            _ => false,
        };
        i += 1;
    }
    table
};

static USE: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new("use"));
static MOD: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new("mod"));
static ENUM: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new("enum"));

/// The `use`, `mod` and `enum` words of a file, counted as they turn out to be in code.
struct Words {
    /// Each word's offset, and whether it is `use`; in order.
    places: Vec<(u32, bool)>,
    /// Index of the next place not yet passed, and its offset (`usize::MAX` past the last).
    next: usize,
    next_at: usize,
    uses: u32,
    declarations: u32,
}

impl Words {
    /// Where the words stand alone (no identifier character next to them) in `b`, from `start`,
    /// collected into `places` (emptied first).
    fn find(b: &[u8], start: usize, mut places: Vec<(u32, bool)>) -> Words {
        places.clear();
        for (finder, is_use) in [(&*USE, true), (&*MOD, false), (&*ENUM, false)] {
            let len = finder.needle().len();
            places.extend(
                finder
                    .find_iter(&b[start..])
                    .map(|p| p + start)
                    .filter(|&p| {
                        (p == 0 || !is_ident_byte(b[p - 1]))
                            && !b.get(p + len).is_some_and(|&c| is_ident_byte(c))
                    })
                    .map(|p| (p as u32, is_use)),
            );
        }
        places.sort_unstable();
        let next_at = places.first().map_or(usize::MAX, |&(p, _)| p as usize);
        Words {
            places,
            next: 0,
            next_at,
            uses: 0,
            declarations: 0,
        }
    }

    #[inline]
    fn advance(&mut self) {
        self.next += 1;
        self.next_at = self
            .places
            .get(self.next)
            .map_or(usize::MAX, |&(p, _)| p as usize);
    }

    /// Counts the words before `to` as code; whether there were any.
    #[inline(always)]
    fn code_until(&mut self, to: usize) -> bool {
        if self.next_at >= to {
            return false;
        }
        while self.next_at < to {
            if self.places[self.next].1 {
                self.uses += 1;
            } else {
                self.declarations += 1;
            }
            self.advance();
        }
        true
    }

    /// Drops the words before `to`, inside a comment or literal.
    #[inline(always)]
    fn skip_until(&mut self, to: usize) {
        while self.next_at < to {
            self.advance();
        }
    }
}

fn is_ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Finds the bytes that need a look, 64 at a time: a bit mask of the block from `base`, so each
/// next one costs a count of trailing zeros.
struct Specials<'a> {
    b: &'a [u8],
    base: usize,
    /// Bit `k`: `b[base + k]` needs a look (only bits of bytes inside `b` are set).
    mask: u64,
}

impl<'a> Specials<'a> {
    fn new(b: &'a [u8]) -> Specials<'a> {
        Specials {
            b,
            base: usize::MAX,
            mask: 0,
        }
    }

    /// The first byte at or after `i` that needs a look, or the end of `b`.
    #[inline]
    fn next(&mut self, mut i: usize) -> usize {
        loop {
            if let Some(offset) = i.checked_sub(self.base).filter(|&k| k < 64) {
                let mask = self.mask & (u64::MAX << offset);
                if mask != 0 {
                    return self.base + mask.trailing_zeros() as usize;
                }
                i = self.base + 64;
            }
            if i >= self.b.len() {
                return self.b.len();
            }
            self.base = i;
            self.mask = block_mask(&self.b[i..]);
        }
    }
}

/// The mask of the first 64 bytes of `b` (fewer at its end).
fn block_mask(b: &[u8]) -> u64 {
    #[cfg(target_arch = "x86_64")]
    if let Some(block) = b.first_chunk::<64>().filter(|_| *HAS_AVX2) {
        // SAFETY: the CPU has AVX2, checked at run time.
        return unsafe { mask64_avx2(block) };
    }
    table_mask(&b[..b.len().min(64)])
}

/// The mask of `b` (at most 64 bytes), a byte at a time from [`SPECIAL`].
fn table_mask(b: &[u8]) -> u64 {
    b.iter()
        .enumerate()
        .filter(|&(_, &c)| SPECIAL[c as usize])
        .fold(0, |mask, (k, _)| mask | 1 << k)
}

/// Whether this CPU has AVX2 (nearly every x86_64 since 2013), checked once.
#[cfg(target_arch = "x86_64")]
static HAS_AVX2: LazyLock<bool> = LazyLock::new(|| is_x86_feature_detected!("avx2"));

/// The mask of a block, 32 bytes at once with two table lookups by nibble: a byte needs a look
/// when the bits its low nibble selects and the bits its high nibble selects meet.
///
/// Each bit stands for a high nibble: bit 0 for 0x2_ (`"` `#` `'` `(` `)` `/`), 1 for 0x3_
/// (`;`), 2 for 0x5_ (`[` `\` `]`), 3 for 0x6_ (`` ` ``), 4 for 0x7_ (`{` `}` and DEL), 5 for
/// 0x0_ (control characters but the whitespace from 0x09 to 0x0d), 6 for 0x1_ (control
/// characters), 7 for 0x8_ to 0xf_ (outside ASCII).
///
/// # Safety
/// The CPU must have AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn mask64_avx2(block: &[u8; 64]) -> u64 {
    use std::arch::x86_64::*;
    const LOW: [u8; 16] = {
        let mut table = [0u8; 16];
        let mut low = 0;
        while low < 16 {
            let mut bits = 0b1100_0000;
            if matches!(low, 0x2 | 0x3 | 0x7 | 0x8 | 0x9 | 0xf) {
                bits |= 1;
            }
            if low == 0xb {
                bits |= 1 << 1;
            }
            if matches!(low, 0xb..=0xd) {
                bits |= 1 << 2;
            }
            if low == 0x0 {
                bits |= 1 << 3;
            }
            if matches!(low, 0xb | 0xd | 0xf) {
                bits |= 1 << 4;
            }
            if !matches!(low, 0x9..=0xd) {
                bits |= 1 << 5;
            }
            table[low] = bits;
            low += 1;
        }
        table
    };
    const HIGH: [u8; 16] = [
        1 << 5,
        1 << 6,
        1,
        1 << 1,
        0,
        1 << 2,
        1 << 3,
        1 << 4,
        1 << 7,
        1 << 7,
        1 << 7,
        1 << 7,
        1 << 7,
        1 << 7,
        1 << 7,
        1 << 7,
    ];
    // SAFETY: the caller guarantees AVX2; each load reads 32 of the 64 bytes of `block`.
    unsafe {
        let low_table = _mm256_broadcastsi128_si256(_mm_loadu_si128(LOW.as_ptr().cast()));
        let high_table = _mm256_broadcastsi128_si256(_mm_loadu_si128(HIGH.as_ptr().cast()));
        let nibble = _mm256_set1_epi8(0x0f);
        let half = |v: __m256i| {
            let low = _mm256_shuffle_epi8(low_table, _mm256_and_si256(v, nibble));
            let high = _mm256_shuffle_epi8(
                high_table,
                _mm256_and_si256(_mm256_srli_epi16(v, 4), nibble),
            );
            let none = _mm256_cmpeq_epi8(_mm256_and_si256(low, high), _mm256_setzero_si256());
            !(_mm256_movemask_epi8(none) as u32)
        };
        let first = half(_mm256_loadu_si256(block.as_ptr().cast()));
        let second = half(_mm256_loadu_si256(block.as_ptr().add(32).cast()));
        u64::from(first) | u64::from(second) << 32
    }
}

/// What the byte before a possible literal prefix (`r`, `b`, `br`, `cr`) at `at` makes of it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PrefixBoundary {
    /// A token ends there: the prefix starts a token.
    Boundary,
    /// An identifier or number continues into it: it is not a prefix.
    Joined,
    /// A literal suffix, a lifetime, a raw identifier or a character outside ASCII may end
    /// there: this pass does not decide.
    Unsure,
}

fn boundary_before(b: &[u8], at: usize, start: usize) -> PrefixBoundary {
    if at == start {
        return PrefixBoundary::Boundary;
    }
    match b[at - 1] {
        c if is_ident_byte(c) => PrefixBoundary::Joined,
        b'\'' | b'"' | b'#' | 0x80..=0xff => PrefixBoundary::Unsure,
        _ => PrefixBoundary::Boundary,
    }
}

/// Whether the `r` at `at` starts a raw string prefix (`r`, `br`, `cr`); `None` if undecided.
/// The second value says whether the prefix is a plain `r`.
fn raw_prefix(b: &[u8], at: usize, start: usize) -> Option<(bool, bool)> {
    match boundary_before(b, at, start) {
        PrefixBoundary::Boundary => Some((true, true)),
        PrefixBoundary::Unsure => None,
        PrefixBoundary::Joined if matches!(b[at - 1], b'b' | b'c') => {
            match boundary_before(b, at - 1, start) {
                PrefixBoundary::Boundary => Some((true, false)),
                PrefixBoundary::Unsure => None,
                PrefixBoundary::Joined => Some((false, false)),
            }
        }
        PrefixBoundary::Joined => Some((false, false)),
    }
}

/// The length of the UTF-8 character starting with `lead`.
fn char_len(lead: u8) -> usize {
    match lead {
        0..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

/// One past a character or byte literal whose contents start at `at` (after `'`), as rustc's
/// lexer reads it; `None` if it is unterminated.
fn single_quoted(b: &[u8], at: usize) -> Option<usize> {
    if let Some(&first) = b.get(at) {
        let second = at + char_len(first);
        if first != b'\\' && b.get(second) == Some(&b'\'') {
            return Some(second + 1);
        }
    }
    let mut k = at;
    loop {
        match b.get(k)? {
            b'\'' => return Some(k + 1),
            b'/' => return None,
            b'\n' if b.get(k + 1) != Some(&b'\'') => return None,
            b'\\' => k += 2,
            _ => k += 1,
        }
    }
}

/// One past the lifetime or character literal whose `'` is at `at`; `None` if undecided or
/// unterminated.
fn lifetime_or_char(b: &[u8], at: usize) -> Option<usize> {
    let first_at = at + 1;
    let &first = b.get(first_at)?;
    let second_at = first_at + char_len(first);
    if b.get(second_at) == Some(&b'\'') {
        return single_quoted(b, first_at);
    }
    if !first.is_ascii() {
        return None;
    }
    if !(first.is_ascii_alphanumeric() || first == b'_') {
        return single_quoted(b, first_at);
    }
    let ident_end = |mut k: usize| -> Option<usize> {
        while let Some(&c) = b.get(k) {
            if is_ident_byte(c) {
                k += 1;
            } else if c.is_ascii() {
                break;
            } else {
                return None;
            }
        }
        Some(k)
    };
    // `'r#name`: a raw lifetime.
    if first == b'r' && b.get(second_at) == Some(&b'#') {
        match b.get(second_at + 1) {
            Some(&c) if c.is_ascii_alphabetic() || c == b'_' => return ident_end(second_at + 2),
            Some(&c) if !c.is_ascii() => return None,
            _ => {}
        }
    }
    let end = ident_end(first_at + 1)?;
    if b.get(end) == Some(&b'\'') {
        return Some(end + 1);
    }
    Some(end)
}

/// One past a normal string whose opening `"` is at `at`; `None` if unterminated.
fn double_quoted(b: &[u8], at: usize) -> Option<usize> {
    let mut k = at + 1;
    loop {
        let p = k + memchr2(b'"', b'\\', &b[k..])?;
        if b[p] == b'"' {
            return Some(p + 1);
        }
        k = if matches!(b.get(p + 1), Some(b'\\' | b'"')) {
            p + 2
        } else {
            p + 1
        };
        if k > b.len() {
            return None;
        }
    }
}

/// One past a raw string whose `hashes` opening `#` and `"` end just before `at`; `None` if
/// unterminated.
fn raw_string(b: &[u8], at: usize, hashes: usize) -> Option<usize> {
    let mut k = at;
    loop {
        let quote = k + memchr(b'"', &b[k..])?;
        let closing = b[quote + 1..]
            .iter()
            .take(hashes)
            .take_while(|&&c| c == b'#')
            .count();
        if closing == hashes {
            return Some(quote + 1 + hashes);
        }
        k = quote + 1 + closing;
    }
}

/// One past a block comment whose `/*` is at `at`; `None` if unterminated.
fn block_comment(b: &[u8], at: usize) -> Option<usize> {
    let mut depth = 1usize;
    let mut k = at + 2;
    loop {
        let p = k + memchr2(b'/', b'*', &b[k..])?;
        match (b[p], b.get(p + 1)) {
            (b'/', Some(b'*')) => {
                depth += 1;
                k = p + 2;
            }
            (b'*', Some(b'/')) => {
                depth -= 1;
                k = p + 2;
                if depth == 0 {
                    return Some(k);
                }
            }
            _ => k = p + 1,
        }
    }
}

/// What the byte at `i` (not a delimiter or `;`) starts: `Some(Some(end))` a comment or literal
/// ending at `end`, `Some(None)` nothing to skip (a `/` or `#` that is a plain token), `None` a
/// byte or prefix this pass does not vouch for.
fn literal(b: &[u8], start: usize, i: usize) -> Option<Option<usize>> {
    let n = b.len();
    let end = match b[i] {
        b'/' => match b.get(i + 1) {
            Some(b'/') => memchr(b'\n', &b[i..]).map_or(n, |p| i + p),
            Some(b'*') => block_comment(b, i)?,
            _ => return Some(None),
        },
        b'"' => {
            let raw = i > start && b[i - 1] == b'r' && raw_prefix(b, i - 1, start)?.0;
            if raw {
                i + 1 + memchr(b'"', &b[i + 1..])? + 1
            } else {
                double_quoted(b, i)?
            }
        }
        b'#' => {
            if !(i > start && b[i - 1] == b'r') {
                return Some(None);
            }
            let (is_prefix, plain) = raw_prefix(b, i - 1, start)?;
            if !is_prefix {
                return Some(None);
            }
            let hashes = b[i..].iter().take_while(|&&c| c == b'#').count();
            match b.get(i + hashes) {
                Some(b'"') if hashes <= 255 => raw_string(b, i + hashes + 1, hashes)?,
                // `r#name`: a raw identifier; the name is plain code.
                Some(&c) if hashes == 1 && plain && (c.is_ascii_alphabetic() || c == b'_') => {
                    return Some(None);
                }
                _ => return None,
            }
        }
        b'\'' => {
            if i > start && b[i - 1] == b'b' {
                match boundary_before(b, i - 1, start) {
                    PrefixBoundary::Boundary => single_quoted(b, i + 1)?,
                    PrefixBoundary::Unsure => return None,
                    PrefixBoundary::Joined => lifetime_or_char(b, i)?,
                }
            } else {
                lifetime_or_char(b, i)?
            }
        }
        // Outside ASCII, control characters, `` ` `` and `\` in code.
        _ => return None,
    };
    Some(Some(end))
}

/// The opening delimiter a closing one closes.
fn opener_of(close: u8) -> u8 {
    match close {
        b')' => b'(',
        b']' => b'[',
        _ => b'{',
    }
}

/// How a light read of a group ended.
enum LightReadEnd {
    /// At its closer, one before `end`, with no word in it: a group to step over.
    Closed { end: usize, depth: u32 },
    /// At a byte with a word in code before it: the group needs the full bookkeeping.
    Reached(usize),
    /// At something this pass does not vouch for.
    GiveUp,
}

/// Reads the group opened at `open` keeping only a stack of its delimiters, until it closes or
/// a `use`, `mod` or `enum` word turns up in its code. Most groups hold none, and this costs a
/// fraction of the full bookkeeping (stops, boundaries, counts per level).
fn light_group(
    b: &[u8],
    start: usize,
    open: usize,
    specials: &mut Specials<'_>,
    words: &mut Words,
    brackets: &mut Vec<u8>,
) -> LightReadEnd {
    brackets.clear();
    brackets.push(b[open]);
    let mut depth = 1;
    let mut i = open + 1;
    loop {
        i = specials.next(i);
        // A word before this byte, and not in a comment or literal skipped: a word in code.
        if words.next_at < i {
            return LightReadEnd::Reached(i);
        }
        let Some(&c) = b.get(i) else {
            return LightReadEnd::GiveUp;
        };
        match c {
            b'(' | b'[' | b'{' => {
                brackets.push(c);
                depth = depth.max(brackets.len());
            }
            b')' | b']' | b'}' => {
                let opener = opener_of(c);
                if brackets.pop() != Some(opener) {
                    return LightReadEnd::GiveUp;
                }
                if brackets.is_empty() {
                    return LightReadEnd::Closed {
                        end: i + 1,
                        depth: depth as u32,
                    };
                }
            }
            b';' => {}
            _ => match literal(b, start, i) {
                Some(Some(end)) => {
                    words.skip_until(end);
                    i = end;
                    continue;
                }
                Some(None) => {}
                None => return LightReadEnd::GiveUp,
            },
        }
        i += 1;
    }
}

/// An open delimiter on the stack.
#[derive(Debug)]
struct Open {
    at: u32,
    byte: u8,
    /// `use` words seen in code before it.
    uses: u32,
    /// `mod` and `enum` words seen in code before it.
    declarations: u32,
    /// The deepest group closed directly inside it.
    inner_depth: u32,
    /// Length of the output when it opened: groups found inside it are replaced by it.
    found: u32,
    /// One past the last `;` or `}` directly inside it, else past its opener.
    boundary: u32,
    /// The boundary around it when it opened.
    outer_boundary: u32,
    /// Number of stops when it opened: those inside it are dropped if it is stepped over.
    stops: u32,
}

/// What the pre-pass found in a file, and its working space, kept from file to file so that
/// no file allocates.
#[derive(Debug, Default)]
pub(crate) struct Skim {
    /// Outermost groups with no `use` in them, in order: the scan steps over them.
    pub delimited: Vec<Delimited>,
    /// Sorted places where the scan must be lexing again, each just after a `;`, `{` or `}`:
    /// from one of these, the scan can jump to the next, as nothing between them matters.
    pub stops: Vec<u32>,
    stack: Vec<Open>,
    places: Vec<(u32, bool)>,
    brackets: Vec<u8>,
}

impl Skim {
    /// Nothing found: the scan lexes every token.
    pub const NONE: Skim = Skim {
        delimited: Vec::new(),
        stops: Vec::new(),
        stack: Vec::new(),
        places: Vec::new(),
        brackets: Vec::new(),
    };

    /// Whether its buffers grew past what is worth keeping for the next file.
    pub fn is_oversized(&self) -> bool {
        self.delimited.capacity()
            + self.stops.capacity()
            + self.stack.capacity()
            + self.places.capacity()
            > 1 << 18
    }
}

/// Finds, into `out`, every outermost group of `source` (from `start`, where the code begins)
/// with no `use` word in its code, and the stops between which the scan can jump; false, with
/// nothing found, where this pass cannot vouch for the file.
///
/// The scan can jump from one place just after a `;`, `{` or `}` to a later one in the same
/// group when nothing between them is a `use`, `mod` or `enum` word, a group the scan does not
/// step over, or the end of the group: at both places its state is the same (no attributes or
/// visibility pending, no open delimiter more or less) and it would have collected nothing in
/// between. Each such word, group and end gets a stop at the last such place before it, so the
/// next stop after any place is where the scan must resume.
pub(crate) fn skim(source: &str, start: usize, out: &mut Skim) -> bool {
    let vouched = skim_into(source, start, out).is_some();
    if !vouched {
        out.delimited.clear();
        out.stops.clear();
    }
    vouched
}

fn skim_into(source: &str, start: usize, out: &mut Skim) -> Option<()> {
    let b = source.as_bytes();
    let n = b.len();
    if u32::try_from(n).is_err() {
        return None;
    }
    // A frontmatter (`---`) can only open the code: leave it to the lexer.
    let first = b[start..]
        .iter()
        .position(|c| !matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'));
    if first.is_some_and(|k| b[start + k] == b'-') {
        return None;
    }

    // Every `use`, `mod` and `enum` word, in code or not; those inside comments and literals
    // are dropped as the pass goes.
    let mut words = Words::find(b, start, std::mem::take(&mut out.places));
    let stack = &mut out.stack;
    let found = &mut out.delimited;
    let stops = &mut out.stops;
    let brackets = &mut out.brackets;
    // Openers before this are read with full bookkeeping: a light read from an earlier one
    // met a word there (so no byte is read lightly twice).
    let mut heavy_until = 0;
    stack.clear();
    found.clear();
    stops.clear();
    let mut top_boundary = start as u32;
    macro_rules! boundary {
        () => {
            stack
                .last_mut()
                .map_or(&mut top_boundary, |open| &mut open.boundary)
        };
    }
    // A word in code needs the scan from the last boundary before it.
    macro_rules! code_until {
        ($to:expr) => {
            if words.code_until($to) {
                stops.push(*boundary!());
            }
        };
    }

    let mut specials = Specials::new(b);
    let mut i = start;
    loop {
        i = specials.next(i);
        let Some(&c) = b.get(i) else {
            break;
        };
        let end = match c {
            b'(' | b'[' | b'{' => {
                code_until!(i);
                if i >= heavy_until {
                    match light_group(b, start, i, &mut specials, &mut words, brackets) {
                        LightReadEnd::Closed { end, depth } => {
                            found.push(Delimited {
                                open: i as u32,
                                end: end as u32,
                                depth,
                            });
                            if let Some(outer) = stack.last_mut() {
                                outer.inner_depth = outer.inner_depth.max(depth);
                            }
                            if c == b'{' {
                                *boundary!() = end as u32;
                            }
                            i = end;
                            continue;
                        }
                        LightReadEnd::Reached(at) => heavy_until = at,
                        LightReadEnd::GiveUp => return None,
                    }
                }
                let outer_boundary = *boundary!();
                stack.push(Open {
                    at: i as u32,
                    byte: c,
                    uses: words.uses,
                    declarations: words.declarations,
                    inner_depth: 0,
                    found: found.len() as u32,
                    boundary: i as u32 + 1,
                    outer_boundary,
                    stops: stops.len() as u32,
                });
                i += 1;
                continue;
            }
            b')' | b']' | b'}' => {
                code_until!(i);
                let open = stack.pop()?;
                let opener = opener_of(c);
                if open.byte != opener {
                    return None;
                }
                let depth = open.inner_depth + 1;
                if let Some(outer) = stack.last_mut() {
                    outer.inner_depth = outer.inner_depth.max(depth);
                }
                let declares = open.declarations != words.declarations;
                if open.uses == words.uses && (c == b'}' || !declares) {
                    found.truncate(open.found as usize);
                    found.push(Delimited {
                        open: open.at,
                        end: i as u32 + 1,
                        depth,
                    });
                    stops.truncate(open.stops as usize);
                } else {
                    // The scan goes through it: from before it, and up to its end.
                    stops.push(open.outer_boundary);
                    stops.push(open.boundary);
                }
                if c == b'}' {
                    *boundary!() = i as u32 + 1;
                }
                i += 1;
                continue;
            }
            b';' => {
                code_until!(i);
                *boundary!() = i as u32 + 1;
                i += 1;
                continue;
            }
            _ => match literal(b, start, i)? {
                Some(end) => end,
                None => {
                    i += 1;
                    continue;
                }
            },
        };
        // A comment or literal from `i` to `end`.
        code_until!(i);
        words.skip_until(end);
        i = end;
    }
    if !stack.is_empty() {
        return None;
    }
    code_until!(n);
    stops.push(top_boundary);
    stops.sort_unstable();
    stops.dedup();
    out.places = words.places;
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(source: &str) -> Option<Vec<(usize, usize)>> {
        let mut found = Skim::default();
        skim(source, 0, &mut found).then(|| {
            found
                .delimited
                .iter()
                .map(|g| (g.open as usize, g.end as usize))
                .collect()
        })
    }

    #[test]
    fn outermost_groups_without_use() {
        let source = "fn a() { if x { y(); } }\nmod m { use a; fn b() { c[0]; } }\n";
        let a = source.find('{').unwrap();
        let b = source.find("{ c").unwrap();
        assert_eq!(
            groups(source),
            Some(vec![
                (source.find('(').unwrap(), source.find(')').unwrap() + 1),
                (a, source.find('\n').unwrap()),
                (
                    source.find("b(").unwrap() + 1,
                    source.find("b(").unwrap() + 3
                ),
                (b, b + "{ c[0]; }".len()),
            ])
        );
    }

    #[test]
    fn use_in_comments_and_literals_is_not_code() {
        let source = "fn f() { // use\n /* use */ \"use\"; r#\"use\"#; 'u'; b'u'; }";
        assert_eq!(groups(source).unwrap().len(), 2);
        assert_eq!(groups("fn f() { r#use; }").unwrap().len(), 1, "only the ()");
        assert_eq!(groups("fn f() { used; reuse; }").unwrap().len(), 2);
    }

    #[test]
    fn depth_counts_the_group() {
        let mut found = Skim::default();
        assert!(skim("#[a(b[c])]", 0, &mut found));
        assert_eq!(found.delimited[0].depth, 3);
    }

    #[test]
    fn gives_up_where_it_cannot_vouch() {
        for source in [
            "fn é() {}",
            "fn f() { \"open }",
            "fn f() { /* open }",
            "fn f() { ( }",
            "fn f() }",
            "fn f() { ` }",
            "---\n[package]\n---\nfn f() {}",
            "fn f() { r##x }",
            "fn f() { x\"s\"r\"t\" }",
            "fn f() { 'a }\u{7f}",
        ] {
            assert_eq!(groups(source), None, "{source}");
        }
    }

    #[test]
    fn literals_end_where_rustc_ends_them() {
        // Each group closes at the last `}`: every brace before it is inside a literal.
        for source in [
            "{ \"}\\\"}\" }",
            "{ r\"}\\\" }",
            "{ r#\"}\"}\"# }",
            "{ br##\"}\"#}\"## }",
            "{ '}' }",
            "{ b'}' }",
            "{ '\\'' '}' }",
            "{ 'a: loop {} }",
            "{ ab\"}\" }",
            "{ '→' }",
        ] {
            assert_eq!(groups(source), Some(vec![(0, source.len())]), "{source}");
        }
    }

    /// What a scan found, errors included.
    fn summary(source: &str) -> Result<String, String> {
        let collected = crate::collect::scan(source).map_err(|e| e.to_string())?;
        Ok(collected.summary(source))
    }

    /// Lexically tricky soup: wherever this pass vouches for a file, the scan that steps over
    /// its groups finds what lexing every token finds, errors included.
    #[test]
    fn stepping_over_groups_changes_nothing() {
        // Pieces that keep a file lexing, mostly, and pieces that break it or make this pass
        // give up; one in ten is of the second kind.
        #[rustfmt::skip]
        const PIECES: &[&str] = &[
            ";", " ", "\n", "\r\n", "r", "b", "c", "k", "x", "1", "_", "use", "use a;",
            "use b::{c, d};", "mod m", "enum E", "pub(crate) ", "#[a]", "#[a(use)]", "m!", "r#x",
            "r#\"}\"#", "br\"{\"", "cr#\"(\"#", "b'}'", "'a", "'a'", "'\\''", "'r#a", "/* { */",
            "/* /* */ ( */", "// }\n", "/// x\n", "\"}\"", "\"\\\"\"", "'\"'", "'→'", "\"é\"", "0x",
            "1e", "async ", ".", "<", "|", "#", "*", "/", "::", ",", "as",
            "self", "x;", "const C: u8 = 1;", "struct S;", "fn g() {}", "impl T {}", "let x = 1;",
            "x;", "a::b();", "static S: [u8; 2] = [1, 2];", "type T = U;", "y;",
        ];
        #[rustfmt::skip]
        const RISKY: &[&str] = &[
            "\"", "'", "\\", "/*", "*/", "//", "r#", "r#\"", "\"#", "br\"", "b'", "é", "`", "\u{7f}",
            "##", "#\"", "\r", "---", "\0", "'ab", "r##", "{", "}", "(", ")", "[", "]",
        ];
        let mut state: u64 = 0x5eed_0f5c_1e00;
        let mut next = move |below: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % below as u64) as usize
        };
        // Balanced groups of pieces, nested up to six deep.
        fn soup(next: &mut impl FnMut(usize) -> usize, depth: usize, out: &mut String) {
            for _ in 0..next(10) {
                if depth < 6 && next(3) == 0 {
                    let (open, close) = [("{", "}"), ("(", ")"), ("[", "]")][next(3)];
                    out.push_str(open);
                    soup(next, depth + 1, out);
                    out.push_str(close);
                } else if next(10) == 0 {
                    out.push_str(RISKY[next(RISKY.len())]);
                } else {
                    out.push_str(PIECES[next(PIECES.len())]);
                }
            }
        }
        let (mut vouched, mut stepped) = (0, 0);
        let jumps_before = crate::collect::JUMPS.with(|jumps| jumps.get());
        for case in 0..100_000 {
            let mut source = String::new();
            soup(&mut next, 0, &mut source);
            let every = crate::collect::scan_every_token(&source)
                .map(|c| c.summary(&source))
                .map_err(|e| e.to_string());
            assert_eq!(summary(&source), every, "case {case}: {source:?}");
            let mut found = Skim::default();
            if skim(&source, crate::collect::code_start(&source), &mut found) {
                vouched += 1;
                stepped += usize::from(!found.delimited.is_empty());
            }
        }
        // The soup exercises the fast path, not only the fallback.
        let jumped = crate::collect::JUMPS.with(|jumps| jumps.get()) - jumps_before;
        assert!(
            vouched > 30_000 && stepped > 10_000 && jumped > 4_000,
            "{vouched} vouched, {stepped} stepped, {jumped} jumps"
        );
    }

    /// The SIMD comparison marks exactly the bytes of the table, each of the 256 at each place.
    #[test]
    fn block_masks_match_the_table() {
        // Each byte value at each place of a block, through whichever comparison this CPU uses.
        for value in 0..=255u8 {
            let mut block = [b'a'; 64];
            for (k, byte) in block.iter_mut().enumerate() {
                if k % 3 == 0 {
                    *byte = value.wrapping_add(k as u8);
                }
            }
            let expected = (0..64)
                .filter(|&k| SPECIAL[block[k] as usize])
                .fold(0u64, |mask, k| mask | 1 << k);
            assert_eq!(block_mask(&block), expected, "{block:?}");
            assert_eq!(table_mask(&block), expected, "{block:?}");
        }
        // Long enough for whole blocks of 64 and a shorter one at the end.
        let text = b"fn f() { let x = \"a\"; } // c\n\t\x7f\xc3\xa9 [a] #![b]\r\n".repeat(7);
        let text = text.as_slice();
        let mut specials = Specials::new(text);
        let mut found = Vec::new();
        let mut i = 0;
        while i < text.len() {
            i = specials.next(i);
            if i < text.len() {
                found.push(i);
            }
            i += 1;
        }
        let expected: Vec<usize> = (0..text.len())
            .filter(|&k| SPECIAL[text[k] as usize])
            .collect();
        assert_eq!(found, expected);
    }
}

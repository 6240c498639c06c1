//! text: positions in source text — line starts, columns, indentation and line endings — for
//! every stage that needs them.
//!
//! Offsets are byte offsets into a `&str`; columns count characters, as rustc and editors report
//! them.

/// The offset where the line holding `offset` starts.
pub fn line_start(source: &str, offset: usize) -> usize {
    source[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// The column of `offset`, in characters from the start of its line (0-based).
pub fn column(source: &str, offset: usize) -> usize {
    source[line_start(source, offset)..offset].chars().count()
}

/// The 1-based line and column (in characters) of `offset`, as compilers report positions.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let line = count_newlines(&source[..offset]) + 1;
    (line, column(source, offset) + 1)
}

/// How many `\n` are in `text` (a `str`, or bytes that need not end on a character boundary).
pub fn count_newlines(text: impl AsRef<[u8]>) -> usize {
    memchr::memchr_iter(b'\n', text.as_ref()).count()
}

/// The whitespace that indents the line `offset` is on.
pub fn indentation(source: &str, offset: usize) -> &str {
    let line = &source[line_start(source, offset)..];
    let width = line
        .bytes()
        .take_while(|&b| b == b' ' || b == b'\t')
        .count();
    &line[..width]
}

/// Whether anything but whitespace (or a byte order mark) stands before `offset` on its line.
pub fn code_before_on_line(source: &str, offset: usize) -> bool {
    !source[line_start(source, offset)..offset]
        .trim_start_matches('\u{feff}')
        .trim()
        .is_empty()
}

/// Whether a line ends at `at` (or the file does). A bare CR does not end a `//` comment.
pub fn line_ends_at(source: &str, at: usize) -> bool {
    let rest = &source.as_bytes()[at..];
    rest.is_empty() || rest[0] == b'\n' || rest.starts_with(b"\r\n")
}

/// Whether the line after the one ending at `at` holds a `//` comment first.
pub fn next_line_is_line_comment(source: &str, at: usize) -> bool {
    let rest = &source[at..];
    let Some(newline) = rest.find('\n') else {
        return false;
    };
    rest[newline + 1..]
        .trim_start_matches([' ', '\t'])
        .starts_with("//")
}

/// Whether the text starting at `start` is set off from the token before it: a `/` could be the
/// end of a block comment or a division, and would join a leading `//` or `/*`.
pub fn separated_before(source: &str, start: usize) -> bool {
    start == 0
        || matches!(
            source.as_bytes()[start - 1],
            b';' | b'{' | b'}' | b']' | b')' | b' ' | b'\t' | b'\n' | b'\r'
        )
        || source[..start].ends_with('\u{feff}')
}

/// The line ending to write in rewritten text: that of the first line break outside every
/// rewritten span (`spans`, sorted), else `\n`. Text outside the spans is never changed, so the
/// choice is the same when the result is regrouped again, whatever the spans hold.
pub fn line_ending_outside(
    source: &str,
    spans: impl IntoIterator<Item = (usize, usize)>,
) -> &'static str {
    let mut at = 0;
    let mut gaps = Vec::new();
    for (start, end) in spans {
        gaps.push(at..start);
        at = end;
    }
    gaps.push(at..source.len());
    let newline = gaps.into_iter().find_map(|gap| {
        memchr::memchr(b'\n', &source.as_bytes()[gap.clone()]).map(|i| gap.start + i)
    });
    match newline {
        Some(i) if i > 0 && source.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_characters() {
        let text = "ab\n  é x\r\nz";
        assert_eq!(line_start(text, 0), 0);
        assert_eq!(line_start(text, 5), 3);
        assert_eq!(column(text, 7), 3, "é is one column");
        assert_eq!(line_column(text, 7), (2, 4));
        assert_eq!(line_column(text, text.len()), (3, 2));
        assert_eq!(
            line_column(text, text.len() + 5),
            (3, 2),
            "clamped to the end"
        );
        assert_eq!(count_newlines(text), 2);
    }

    #[test]
    fn indentation_and_code_before() {
        let text = "fn f() {\n\t  use a;\n}\n";
        assert_eq!(indentation(text, 13), "\t  ");
        assert!(!code_before_on_line(text, 12));
        assert!(code_before_on_line(text, 7));
        assert!(!code_before_on_line("\u{feff}use a;", 3));
    }

    #[test]
    fn line_ends_and_comments_after() {
        assert!(line_ends_at("a\r\nb", 1));
        assert!(!line_ends_at("a\rb", 1), "a bare CR ends no line");
        assert!(line_ends_at("a", 1));
        assert!(next_line_is_line_comment("a\n   // c\n", 1));
        assert!(!next_line_is_line_comment("a\n /* c */\n", 1));
        assert!(!next_line_is_line_comment("a", 1));
    }

    #[test]
    fn separation_from_the_token_before() {
        assert!(separated_before("use a;", 0));
        assert!(separated_before("x; use a;", 3));
        assert!(!separated_before("*/use a;", 2));
        assert!(separated_before("\u{feff}use a;", 3));
    }

    #[test]
    fn line_ending_is_taken_from_outside_the_spans() {
        assert_eq!(line_ending_outside("a\r\nb\nc", [(0, 4)]), "\n");
        assert_eq!(line_ending_outside("a\r\nb", [(3, 4)]), "\r\n");
        assert_eq!(line_ending_outside("b", [(0, 1)]), "\n");
        // A CRLF inside a span does not count, before or after another span.
        assert_eq!(
            line_ending_outside("x; #\r\n[a] use b; use c; z", [(3, 20)]),
            "\n"
        );
    }
}

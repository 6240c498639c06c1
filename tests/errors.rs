//! Files grouse cannot handle are errors with a line and column, and nothing is regrouped.

use grouse::{Error, Settings};

fn error(source: &str) -> Error {
    grouse::regroup(source, &Settings::default()).expect_err("must be an error")
}

fn lex(source: &str) -> (usize, usize, String) {
    match error(source) {
        Error::Lex {
            line,
            column,
            message,
        } => (line, column, message),
        other => panic!("expected a lexing error, got {other:?}"),
    }
}

#[test]
fn unterminated_string() {
    let (line, column, message) = lex("use b;\nuse a;\nfn f() {\n    let s = \"open;\n}\n");
    assert_eq!((line, column), (4, 13));
    assert_eq!(message, "unterminated string literal");
}

#[test]
fn unterminated_block_comment() {
    let (line, column, message) = lex("use b;\nuse a;\n/* never closed\n");
    assert_eq!((line, column), (3, 1));
    assert_eq!(message, "unterminated block comment");
}

#[test]
fn unterminated_block_comment_between_items() {
    let (line, column, _) = lex("use b; /* open\nuse a;\n");
    assert_eq!((line, column), (1, 8));
}

#[test]
fn unclosed_brace() {
    let (line, column, message) = lex("use b;\nuse a;\nfn f() {\n    {\n}\n");
    assert_eq!((line, column), (3, 8));
    assert_eq!(message, "this `{` is never closed");
}

/// `use b::{c;` was reported as a `use` item missing its `;`, at the `use`: the brace that is
/// never closed is what is wrong, at its own line and column, as rustc has it.
#[test]
fn unclosed_brace_in_a_use_item_is_reported_where_it_opens() {
    let (line, column, message) = lex("use b::{c;\n");
    assert_eq!((line, column), (1, 8));
    assert_eq!(message, "this `{` is never closed");
    let (line, column, message) = lex("use x;\n  use b::{c, d::{e};\nfn f() {}\n");
    assert_eq!((line, column), (2, 10));
    assert_eq!(message, "this `{` is never closed");
    let (line, column, message) = lex("use a::(b;\n");
    assert_eq!((line, column), (1, 8));
    assert_eq!(message, "this `(` is never closed");
}

#[test]
fn unexpected_closing_delimiter() {
    let (line, column, message) = lex("use b;\nuse a;\n}\n");
    assert_eq!((line, column), (3, 1));
    assert_eq!(message, "unexpected closing delimiter `}`");
}

#[test]
fn mismatched_delimiter() {
    let (line, column, message) = lex("fn f() {\n    g(1];\n}\n");
    assert_eq!((line, column), (2, 8));
    assert_eq!(
        message,
        "mismatched closing delimiter `]`: the `(` at 2:6 is not closed"
    );
}

#[test]
fn unbalanced_inside_a_macro_body() {
    let (line, column, _) = lex("m! { ( }\n");
    assert_eq!((line, column), (1, 8));
}

#[test]
fn stray_character() {
    let (line, column, message) = lex("use a;\nfn f() { let x = 1 € 2; }\n");
    assert_eq!((line, column), (2, 20));
    assert_eq!(message, "unknown character '€'");
}

#[test]
fn nul_byte() {
    let (line, column, message) = lex("use b;\nuse a;\u{0}\n");
    assert_eq!((line, column), (2, 7));
    assert_eq!(message, "unknown character '\\0'");
}

#[test]
fn use_item_that_does_not_parse() {
    match error("use std::fmt;\n  use a::{b c};\n") {
        Error::Parse {
            line,
            column,
            message,
        } => {
            assert_eq!((line, column), (2, 3));
            assert!(message.contains("expected"), "{message}");
        }
        other => panic!("expected a parse error, got {other:?}"),
    }
}

#[test]
fn use_item_without_semicolon() {
    match error("fn f() {\n    use a::b\n}\n") {
        Error::Parse {
            line,
            column,
            message,
        } => {
            assert_eq!((line, column), (2, 5));
            assert_eq!(message, "expected `;` at the end of this `use` item");
        }
        other => panic!("expected a parse error, got {other:?}"),
    }
}

#[test]
fn errors_display_with_their_position() {
    assert_eq!(
        error("use a;\n/*").to_string(),
        "2:1: unterminated block comment"
    );
}

#[test]
fn empty_and_comment_only_files_are_unchanged() {
    for source in [
        "",
        "\n",
        "// only a comment\n",
        "/* block */",
        "\u{feff}",
        "#!/bin/sh\n",
    ] {
        assert_eq!(
            grouse::regroup(source, &Settings::default()),
            Ok(grouse::Regrouped::Unchanged)
        );
    }
}

#[test]
fn deeply_nested_use_item_is_an_error_not_a_stack_overflow() {
    let depth = 20_000;
    let source = format!(
        "use b;\nuse {}x{};\n",
        "a::{".repeat(depth),
        "}".repeat(depth)
    );
    match error(&source) {
        Error::Parse {
            line,
            column,
            message,
        } => {
            assert_eq!((line, column), (2, 1));
            assert!(message.contains("nested 20000 deep"), "{message}");
        }
        other => panic!("expected a parse error, got {other:?}"),
    }
    let source = format!(
        "use b;\n#[cfg{}x{}]\nuse a;\n",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    assert!(matches!(
        error(&source),
        Error::Parse {
            line: 2,
            column: 1,
            ..
        }
    ));
}

#[test]
fn deep_nesting_outside_use_items_is_fine() {
    let depth = 20_000;
    let source = format!(
        "use b;\nuse a;\nfn f() {{ let x = {}1{}; }}\n",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    let settings = Settings::default();
    let text = match grouse::regroup(&source, &settings).unwrap() {
        grouse::Regrouped::Changed { text, .. } => text,
        grouse::Regrouped::Unchanged => panic!("must regroup"),
    };
    assert!(text.starts_with("use a;\nuse b;\n"));
}

#[test]
fn unterminated_frontmatter() {
    let (line, column, message) = lex("---\n/*\nuse b;\nuse a;\n");
    assert_eq!((line, column), (1, 1));
    assert_eq!(message, "invalid or unterminated frontmatter");
}

#[test]
fn closed_frontmatter_is_kept() {
    let source = "---\n[dependencies]\n---\nuse b;\nuse a;\n";
    let text = match grouse::regroup(source, &Settings::default()).unwrap() {
        grouse::Regrouped::Changed { text, .. } => text,
        grouse::Regrouped::Unchanged => panic!("must regroup"),
    };
    assert_eq!(text, "---\n[dependencies]\n---\nuse a;\nuse b;\n");
}

#[test]
fn nothing_is_read_after_a_lexing_error() {
    for source in ["use € €;\n", "mod € x;\n", "pub € x {}\n"] {
        let (line, column, _) = lex(source);
        assert_eq!((line, column), (1, 5), "{source:?}");
    }
}

//! Hostile input and I/O faults through the real binary: every file grouse cannot or must not
//! rewrite either works as stated or is an error naming its path (and line and column), exit 2,
//! the file byte for byte as it was, no temp file left, and every other file still processed.

#![cfg(unix)]

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use tempfile::TempDir;

use grouse::cli::{self, ExitStatus};

const UNGROUPED: &str = "use crate::a;\nuse std::fmt;\n";
const GROUPED: &str = "use std::fmt;\n\nuse crate::a;\n";
/// The user and group ids of `nobody`, which the tests run grouse as when they run as root.
const NOBODY: u32 = 65534;
/// A run that has not finished by then is hung, not slow: killed, and the test fails.
const HANG: Duration = Duration::from_secs(600);

/// What one run printed and returned.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// A temp directory holding `files` (relative path, contents).
fn tree(files: &[(&str, &[u8])]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, contents) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    }
    dir
}

/// A temp directory holding each of `names` with [`UNGROUPED`] contents.
fn ungrouped(names: &[&str]) -> TempDir {
    let files: Vec<(&str, &[u8])> = names.iter().map(|n| (*n, UNGROUPED.as_bytes())).collect();
    tree(&files)
}

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_grouse"));
    command.args(args).current_dir(dir);
    command
}

fn run(mut command: Command) -> Run {
    let output = command.stdin(Stdio::null()).output().unwrap();
    Run {
        code: output.status.code().expect("exited, not killed"),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn grouse(dir: &Path, args: &[&str]) -> Run {
    run(command(dir, args))
}

/// Every path under `dir` (symlinks not followed), relative and sorted: what a run left behind.
fn listing(dir: &Path) -> Vec<String> {
    fn visit(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            out.push(path.strip_prefix(root).unwrap().display().to_string());
            if entry.file_type().unwrap().is_dir() {
                visit(root, &path, out);
            }
        }
    }
    let mut out = Vec::new();
    visit(dir, dir, &mut out);
    out.sort();
    out
}

fn read(dir: &Path, path: &str) -> Vec<u8> {
    fs::read(dir.join(path)).unwrap()
}

/// Runs grouse in-process with `--fix` on `dir`, one thread (files in path order), calling
/// `before_write` before each write.
fn fix_with_hook(dir: &Path, before_write: &(dyn Fn(&Path) + Sync)) -> ExitStatus {
    let args = <cli::Args as clap::Parser>::parse_from([
        "grouse",
        "--fix",
        "--silent",
        "-j1",
        dir.to_str().unwrap(),
    ]);
    cli::run_with_hook(args, before_write)
}

// ---- bad input ----

/// Files that are errors: name, contents, and the message grouse gives.
const ERRORS: &[(&str, &[u8], &str)] = &[
    (
        "block.rs",
        b"use crate::a;\nuse std::fmt;\n/* never closed\n",
        "3:1: unterminated block comment",
    ),
    (
        "braces.rs",
        b"use crate::a;\nuse std::fmt;\nfn f() {\n    {\n}\n",
        "3:8: this `{` is never closed",
    ),
    (
        "closing.rs",
        b"use crate::a;\nuse std::fmt;\n}\n",
        "3:1: unexpected closing delimiter `}`",
    ),
    (
        "latin1.rs",
        b"use crate::a;\n// caf\xe9\nuse std::fmt;\n",
        "2:7: not valid UTF-8; the file is left as it was",
    ),
    (
        "nul.rs",
        b"use crate::a;\nuse std::fmt;\0\n",
        "2:14: unknown character '\\0'",
    ),
    (
        "string.rs",
        b"use crate::a;\nuse std::fmt;\nconst S: &str = \"open;\n",
        "3:17: unterminated string literal",
    ),
];

/// Files that work: name, contents, and what `--fix` makes of them.
const WORKS: &[(&str, &[u8], &[u8])] = &[
    ("empty.rs", b"", b""),
    (
        "comments.rs",
        b"// only a comment\n/* and a block */\n",
        b"// only a comment\n/* and a block */\n",
    ),
    (
        "bom.rs",
        b"\xef\xbb\xbfuse crate::a;\nuse std::fmt;\n",
        b"\xef\xbb\xbfuse std::fmt;\n\nuse crate::a;\n",
    ),
    (
        "crlf.rs",
        b"use crate::a;\r\nuse std::fmt;\r\nfn f() {}\r\n",
        b"use std::fmt;\r\n\r\nuse crate::a;\r\nfn f() {}\r\n",
    ),
    // Outside the run every line ending stays; inside it, lines end as the run's last line.
    (
        "mixed.rs",
        b"// header\r\n\r\nuse crate::a;\nuse std::fmt;\r\nfn f() {}\n",
        b"// header\r\n\r\nuse std::fmt;\r\n\r\nuse crate::a;\r\nfn f() {}\n",
    ),
    (
        "x.rs/inner.rs",
        b"use crate::a;\nuse std::fmt;\n",
        b"use std::fmt;\n\nuse crate::a;\n",
    ),
];

#[test]
fn every_kind_of_bad_input_in_one_run_is_reported_or_works_and_the_rest_is_fixed() {
    let files: Vec<(&str, &[u8])> = ERRORS
        .iter()
        .map(|&(name, contents, _)| (name, contents))
        .chain(WORKS.iter().map(|&(name, contents, _)| (name, contents)))
        .collect();
    let dir = tree(&files);
    let dir = dir.path();
    // Links are never followed by the walker: a loop, a dangling link and a link to the
    // directory itself are passed over.
    symlink("loop_b.rs", dir.join("loop_a.rs")).unwrap();
    symlink("loop_a.rs", dir.join("loop_b.rs")).unwrap();
    symlink("missing.rs", dir.join("dangling.rs")).unwrap();
    symlink(".", dir.join("itself")).unwrap();
    let before = listing(dir);

    for args in [&[][..], &["--fix"][..]] {
        let run = grouse(dir, args);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        let errors: String = ERRORS
            .iter()
            .map(|(name, _, message)| format!("error: {name}:{message}\n"))
            .collect();
        let summary = match args {
            [] => "4 files would be regrouped, 2 already grouped, 6 failed\n",
            _ => "Regrouped 4 files, 2 already grouped, 6 failed\n",
        };
        assert_eq!(run.stderr, errors + summary, "{args:?}");
    }
    for (name, contents, _) in ERRORS {
        assert_eq!(read(dir, name), *contents, "{name} is left byte for byte");
    }
    for (name, _, fixed) in WORKS {
        assert_eq!(
            String::from_utf8_lossy(&read(dir, name)),
            String::from_utf8_lossy(fixed),
            "{name}"
        );
    }
    assert_eq!(listing(dir), before, "no file added, none removed");
    assert_eq!(
        grouse(dir, &["--list"]).stdout,
        "",
        "all that works is fixed"
    );
}

#[test]
fn links_that_lead_nowhere_and_a_directory_named_like_a_file_are_named_in_errors() {
    let dir = ungrouped(&["x.rs/inner.rs"]);
    let dir = dir.path();
    symlink("loop_b.rs", dir.join("loop_a.rs")).unwrap();
    symlink("loop_a.rs", dir.join("loop_b.rs")).unwrap();
    symlink("missing.rs", dir.join("dangling.rs")).unwrap();
    let run = grouse(dir, &["--fix", "loop_a.rs", "dangling.rs", "x.rs"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        run.stderr,
        "error: dangling.rs: No such file or directory (os error 2)\n\
         error: loop_a.rs: Too many levels of symbolic links (os error 40)\n\
         Regrouped 1 file, 2 failed\n"
    );
    assert_eq!(read(dir, "x.rs/inner.rs"), GROUPED.as_bytes());
}

#[test]
fn nesting_20000_deep_is_an_error_in_a_use_item_and_fine_elsewhere() {
    let depth = 20_000;
    let deep_use = format!(
        "use crate::a;\nuse std::{}x{};\n",
        "a::{".repeat(depth),
        "}".repeat(depth)
    );
    let deep_attribute = format!(
        "use crate::a;\n#[cfg{}x{}]\nuse std::fmt;\n",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    let deep_code = format!(
        "fn f() {{\n    {}{}\n    let _ = {}1{};\n    m! {{ {}{} }}\n}}\n",
        "{".repeat(depth),
        "}".repeat(depth),
        "(".repeat(depth),
        ")".repeat(depth),
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let dir = tree(&[
        ("deep_attribute.rs", deep_attribute.as_bytes()),
        ("deep_code.rs", format!("{UNGROUPED}{deep_code}").as_bytes()),
        ("deep_use.rs", deep_use.as_bytes()),
    ]);
    let dir = dir.path();
    let run = grouse(dir, &["--fix"]);
    assert_eq!(run.code, 2, "{run:?}");
    let nested = "this `use` item does not parse: delimiters nested 2000";
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{}", run.stderr);
    assert!(
        lines[0].starts_with(&format!("error: deep_attribute.rs:2:1: {nested}")),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with(&format!("error: deep_use.rs:2:1: {nested}")),
        "{}",
        lines[1]
    );
    assert_eq!(lines[2], "Regrouped 1 file, 2 failed");
    assert_eq!(read(dir, "deep_use.rs"), deep_use.as_bytes());
    assert_eq!(read(dir, "deep_attribute.rs"), deep_attribute.as_bytes());
    assert_eq!(
        String::from_utf8(read(dir, "deep_code.rs")).unwrap(),
        format!("{GROUPED}{deep_code}")
    );
}

#[test]
fn a_ten_megabyte_line_works() {
    let literal = "x".repeat(10 << 20);
    let line = format!("use crate::a; use std::fmt; const S: &str = \"{literal}\";\n");
    let dir = tree(&[("long.rs", line.as_bytes())]);
    let dir = dir.path();
    let run = grouse(dir, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let fixed = format!("use std::fmt;\n\nuse crate::a; const S: &str = \"{literal}\";\n");
    // Compared by hand: a failing `assert_eq!` would print 40 MB.
    let diff = format!(
        "--- long.rs\n+++ long.rs\n@@ -1 +1,3 @@\n-{line}{}",
        fixed.lines().map(|l| format!("+{l}\n")).collect::<String>()
    );
    assert!(run.stdout == diff, "{}", &run.stdout[..200]);
    assert_eq!(grouse(dir, &["--fix"]).code, 0);
    assert!(read(dir, "long.rs") == fixed.as_bytes());
}

/// The largest resident set grouse may reach on 100,000 items (about 2.5 MB of source); debug
/// builds use about 130 MiB.
const MAX_RSS_KIB: i64 = 1 << 20;

#[test]
fn a_hundred_thousand_use_items_in_one_run_take_bounded_memory() {
    let roots = ["std", "serde", "crate", "core", "tokio", "self", "anyhow"];
    let items: Vec<String> = (0..100_000)
        .map(|i| format!("use {}::m{i}::T{};", roots[i * 7919 % 7], i % 97))
        .collect();
    let dir = tree(&[("many.rs", (items.join("\n") + "\n").as_bytes())]);
    let dir = dir.path();
    let (code, max_rss_kib) = run_measured(command(dir, &["--fix", "--quiet"]));
    assert_eq!(code, Some(0));
    eprintln!("peak resident set of grouse on 100,000 items: {max_rss_kib} KiB");
    assert!(
        max_rss_kib < MAX_RSS_KIB,
        "peak resident set {max_rss_kib} KiB"
    );
    let fixed = String::from_utf8(read(dir, "many.rs")).unwrap();
    let mut lines: Vec<&str> = fixed.lines().collect();
    assert_eq!(lines.iter().filter(|l| l.is_empty()).count(), 2, "3 blocks");
    let first = |prefix: &str| lines.iter().position(|l| l.starts_with(prefix)).unwrap();
    assert!(first("use core::") < first("use anyhow::"));
    assert!(first("use anyhow::") < first("use self::"));
    lines.retain(|l| !l.is_empty());
    lines.sort_unstable();
    let mut items: Vec<&str> = items.iter().map(String::as_str).collect();
    items.sort_unstable();
    assert_eq!(lines, items, "every item once");
    assert_eq!(grouse(dir, &[]).code, 0, "idempotent");
}

/// Runs `command` to its end (killing it after [`HANG`]) and returns its exit code and its peak
/// resident set in KiB, as the kernel counted it for this one child.
fn run_measured(mut command: Command) -> (Option<i32>, i64) {
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let (done, finished) = std::sync::mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        if finished.recv_timeout(HANG).is_err() {
            // SAFETY: signals the child spawned above, which has not been reaped yet.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
    });
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 fills it for the child `pid`, which std never waits
    // for since `child` is not waited on.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let _ = done.send(());
    watchdog.join().unwrap();
    assert_eq!(reaped, pid, "wait4: {}", std::io::Error::last_os_error());
    let status = std::process::ExitStatus::from_raw(status);
    assert!(status.signal().is_none(), "killed: {status} (hung?)");
    drop(child);
    (status.code(), usage.ru_maxrss)
}

// ---- the file system ----

#[test]
fn a_file_without_read_permission_is_an_error_and_the_others_go_on() {
    let dir = ungrouped(&["open.rs", "secret.rs"]);
    let dir = dir.path();
    let secret = dir.join("secret.rs");
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o000)).unwrap();
    let bin = tempfile::tempdir().unwrap();
    let mut command = command(dir, &["--fix"]);
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        // Root reads any file whatever its mode: run grouse as `nobody`, owner of the tree, for
        // the mode to bite as it does for everyone else; from a copy in a directory anyone may
        // enter, as the build directory may not be.
        for path in [dir, &dir.join("open.rs"), &secret] {
            std::os::unix::fs::chown(path, Some(NOBODY), Some(NOBODY)).unwrap();
        }
        fs::set_permissions(bin.path(), fs::Permissions::from_mode(0o755)).unwrap();
        let copy = bin.path().join("grouse");
        fs::copy(env!("CARGO_BIN_EXE_grouse"), &copy).unwrap();
        command = Command::new(copy);
        command.args(["--fix"]).current_dir(dir);
        command.uid(NOBODY).gid(NOBODY);
    }
    let run = run(command);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "error: secret.rs: cannot read: Permission denied (os error 13)\n\
             Regrouped 1 file, 1 failed\n"
        )
    );
    assert_eq!(read(dir, "open.rs"), GROUPED.as_bytes());
    assert_eq!(fs::metadata(&secret).unwrap().mode() & 0o777, 0);
    assert_eq!(read(dir, "secret.rs"), UNGROUPED.as_bytes());
}

#[test]
fn a_file_deleted_between_the_walk_and_the_read_is_an_error_and_stays_deleted() {
    let dir = ungrouped(&["a.rs", "b.rs", "c.rs"]);
    let dir = dir.path();
    // With one thread files go in path order: b.rs was walked and is not read yet.
    let status = fix_with_hook(dir, &|path| {
        if path.ends_with("a.rs") {
            fs::remove_file(dir.join("b.rs")).unwrap();
        }
    });
    assert_eq!(status, ExitStatus::Error);
    assert_eq!(listing(dir), ["a.rs", "c.rs"]);
    assert_eq!(read(dir, "a.rs"), GROUPED.as_bytes());
    assert_eq!(read(dir, "c.rs"), GROUPED.as_bytes());
}

#[test]
fn a_file_deleted_between_the_read_and_the_write_is_not_recreated() {
    let dir = ungrouped(&["a.rs", "b.rs"]);
    let dir = dir.path();
    let status = fix_with_hook(dir, &|path| {
        if path.ends_with("a.rs") {
            fs::remove_file(path).unwrap();
        }
    });
    assert_eq!(status, ExitStatus::Error);
    assert_eq!(listing(dir), ["b.rs"]);
    assert_eq!(read(dir, "b.rs"), GROUPED.as_bytes());
}

/// Blocks of the file size limit, in either unit a shell may use (512 or 1024 bytes): the temp
/// file of a large file hits it part-way, a small file fits.
const FILE_SIZE_LIMIT_BLOCKS: u32 = 16;

#[test]
fn a_write_that_fails_part_way_leaves_the_original_and_no_temp_file() {
    // A real failing write, as on a full disk: the kernel refuses bytes past the process's file
    // size limit (EFBIG once SIGXFSZ is ignored), part-way through the temp file.
    let filler = "// a line of filler that makes the file larger than the limit\n".repeat(4000);
    let large = format!("{UNGROUPED}{filler}");
    let dir = tree(&[
        ("large.rs", large.as_bytes()),
        ("small.rs", UNGROUPED.as_bytes()),
    ]);
    let dir = dir.path();
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {FILE_SIZE_LIMIT_BLOCKS} && exec \"$0\" --fix"
        ))
        .arg(env!("CARGO_BIN_EXE_grouse"))
        .current_dir(dir);
    let run = run(command);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "error: large.rs: cannot write the temporary file: File too large (os error 27)\n\
             Regrouped 1 file, 1 failed\n"
        )
    );
    assert_eq!(read(dir, "large.rs"), large.as_bytes());
    assert_eq!(read(dir, "small.rs"), GROUPED.as_bytes());
    assert_eq!(listing(dir), ["large.rs", "small.rs"]);
}

// ---- internal errors ----

#[test]
fn a_panic_on_one_file_is_its_error_and_the_others_are_fixed() {
    let dir = ungrouped(&["a.rs", "b.rs", "c.rs"]);
    let dir = dir.path();
    let status = fix_with_hook(dir, &|path| {
        if path.ends_with("b.rs") {
            panic!("injected panic while processing b.rs");
        }
    });
    assert_eq!(status, ExitStatus::Error);
    assert_eq!(read(dir, "a.rs"), GROUPED.as_bytes());
    assert_eq!(read(dir, "b.rs"), UNGROUPED.as_bytes());
    assert_eq!(read(dir, "c.rs"), GROUPED.as_bytes());
    assert_eq!(listing(dir), ["a.rs", "b.rs", "c.rs"]);
}

/// Regression: the fuzzer's `use € €` (two unknown characters in a `use` item) panicked the
/// engine with a slice out of bounds, and the run contained it to that file. It is a lexing error
/// now; whatever the engine says of such a file, it stays that file's error.
#[test]
fn an_input_that_panicked_the_engine_is_that_files_error() {
    let dir = tree(&[
        ("a.rs", UNGROUPED.as_bytes()),
        ("euro.rs", "use € €;\n".as_bytes()),
    ]);
    let dir = dir.path();
    let run = grouse(dir, &["--fix"]);
    assert_eq!(run.code, 2, "{run:?}");
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(errors[0].starts_with("error: euro.rs:"), "{}", run.stderr);
    assert!(
        run.stderr.ends_with("Regrouped 1 file, 1 failed\n"),
        "{}",
        run.stderr
    );
    assert_eq!(read(dir, "euro.rs"), "use € €;\n".as_bytes());
    assert_eq!(read(dir, "a.rs"), GROUPED.as_bytes());
}

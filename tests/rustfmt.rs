//! `--rustfmt` end to end: the real binary and the real stable `rustfmt` (found on PATH, as CI
//! has it with the stable toolchain; a missing one fails these tests). Where the expected text
//! depends on rustfmt's layout, it is also checked against rustfmt run by hand followed by
//! `grouse --fix`, which `--rustfmt` is to equal in one step.

mod support;

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use support::project::{Project, Run, run_with_stdin};

const MANIFEST: &str = "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n";
/// Ungrouped and unformatted.
const SCRAMBLED: &str = "use crate::config::Config;\nuse serde::Serialize;\n\
                         use std::collections::HashMap;\nfn  main(){let x=HashMap::<u8,u8>::new();}\n";
/// [`SCRAMBLED`] formatted and grouped.
const FORMATTED: &str = "use std::collections::HashMap;\n\nuse serde::Serialize;\n\n\
                         use crate::config::Config;\nfn main() {\n    let x = HashMap::<u8, u8>::new();\n}\n";
const UNPARSABLE: &str = "use std::fmt;\nfn main( {\n";

impl Project {
    /// grouse with `args`, run in `dir` (relative to the project) with `stdin`, the rustfmt on
    /// PATH and no `$RUSTFMT`.
    fn grouse(&self, dir: &str, args: &[&str], stdin: &str) -> Run {
        self.grouse_with_rustfmt(dir, args, stdin, None)
    }

    /// grouse as [`Project::grouse`], with `$RUSTFMT` set to `rustfmt` if given.
    fn grouse_with_rustfmt(
        &self,
        dir: &str,
        args: &[&str],
        stdin: &str,
        rustfmt: Option<&OsStr>,
    ) -> Run {
        let mut command = Command::new(assert_cmd::cargo::cargo_bin("grouse"));
        command
            .args(args)
            .current_dir(self.path(dir))
            .env_remove("RUSTFMT");
        if let Some(rustfmt) = rustfmt {
            command.env("RUSTFMT", rustfmt);
        }
        run_with_stdin(command, stdin)
    }

    /// What rustfmt run by hand in `dir` (with `edition`), then `grouse --fix` for `filename`,
    /// make of `text`: what `--rustfmt` is to give in one step.
    fn rustfmt_then_grouse(
        &self,
        dir: &str,
        edition: Option<&str>,
        filename: &str,
        text: &str,
    ) -> String {
        let formatted = rustfmt(&self.path(dir), edition, text);
        let run = self.grouse(
            ".",
            &["--fix", "--stdin-filename", filename, "-"],
            &formatted,
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout
    }
}

/// The real rustfmt on `text`, run in `dir`: its stdout. It must succeed.
fn rustfmt(dir: &Path, edition: Option<&str>, text: &str) -> String {
    let mut command = Command::new("rustfmt");
    command.args(["--emit", "stdout"]).current_dir(dir);
    if let Some(edition) = edition {
        command.args(["--edition", edition]);
    }
    let run = run_with_stdin(command, text);
    assert_eq!(run.code, 0, "rustfmt failed: {}", run.stderr);
    run.stdout
}

/// A package with a grouse config counting `acme_*` crates as the project, and a rustfmt.toml
/// with a narrow `max_width`, both at its root.
fn configured_project() -> Project {
    let project = Project::new();
    project
        .file("Cargo.toml", MANIFEST)
        .file("grouse.toml", "project = [\"acme_*\"]\n")
        .file("rustfmt.toml", "max_width = 40\n");
    project
}

/// A file for [`configured_project`]: an `acme_` crate and a call too long for 40 columns.
const CONFIGURED_INPUT: &str = "use acme_net::Socket;\nuse std::io;\nuse anyhow::Result;\n\
                                fn open() -> Result<Socket> { Ok(Socket::bind(first_port, second_port)?) }\n";

// ---- stdin ----

#[test]
fn stdin_with_a_filename_is_formatted_and_grouped() {
    let project = Project::new();
    project.file("Cargo.toml", MANIFEST);
    for flag in ["--stdin-filename", "--stdin-filepath"] {
        let run = project.grouse(
            ".",
            &["--rustfmt", "--fix", flag, "src/main.rs", "-"],
            SCRAMBLED,
        );
        assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{flag}");
        assert_eq!(run.stdout, FORMATTED, "{flag}");
    }
    assert_eq!(
        project.rustfmt_then_grouse(".", Some("2021"), "src/main.rs", SCRAMBLED),
        FORMATTED
    );
}

#[test]
fn stdin_in_check_mode_prints_one_diff_for_formatting_and_grouping() {
    let project = Project::new();
    project.file("Cargo.toml", MANIFEST);
    let run = project.grouse(".", &["--rustfmt", "--color", "never", "-"], SCRAMBLED);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "--- -\n+++ -\n@@ -1,4 +1,8 @@\n+use std::collections::HashMap;\n+\n+use serde::Serialize;\n\
         +\n use crate::config::Config;\n-use serde::Serialize;\n-use std::collections::HashMap;\n\
         -fn  main(){let x=HashMap::<u8,u8>::new();}\n+fn main() {\n\
         +    let x = HashMap::<u8, u8>::new();\n+}\n"
    );
    let run = project.grouse(".", &["--rustfmt", "-"], FORMATTED);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
}

#[test]
fn stdin_without_a_filename_is_a_file_of_the_working_directory() {
    let project = configured_project();
    project.file("src/net/lib.rs", CONFIGURED_INPUT);
    let run = project.grouse("src/net", &["--rustfmt", "--fix", "-"], CONFIGURED_INPUT);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    // grouse.toml found from the working directory: acme_net is the project's.
    assert!(
        run.stdout
            .starts_with("use std::io;\n\nuse anyhow::Result;\n\nuse acme_net::Socket;\n"),
        "{}",
        run.stdout
    );
    // rustfmt.toml found from the working directory: no line is wider than 40 columns.
    assert!(run.stdout.lines().all(|l| l.len() <= 40), "{}", run.stdout);
    assert_eq!(
        run.stdout,
        project.rustfmt_then_grouse("src/net", Some("2021"), "src/net/lib.rs", CONFIGURED_INPUT)
    );
}

#[test]
fn a_syntax_error_exits_1_with_nothing_on_stdout_and_rustfmts_message() {
    let project = Project::new();
    project.file("Cargo.toml", MANIFEST);
    let run = project.grouse(".", &["--rustfmt", "--fix", "-"], UNPARSABLE);
    assert_eq!((run.code, run.stdout.as_str()), (1, ""));
    assert!(
        run.stderr.starts_with("error: -:2:")
            && run.stderr.contains(": rustfmt: ")
            && run.stderr.contains("unclosed delimiter")
            && run.stderr.ends_with("; the file is left as it was\n"),
        "{}",
        run.stderr
    );
    // In check mode it is an error like any other.
    let run = project.grouse(".", &["--rustfmt", "-"], UNPARSABLE);
    assert_eq!((run.code, run.stdout.as_str()), (2, ""));
}

#[test]
fn an_empty_buffer_gets_what_rustfmt_gives_it() {
    let project = Project::new();
    project.file("Cargo.toml", MANIFEST);
    let run = project.grouse(".", &["--rustfmt", "--fix", "-"], "");
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    assert_eq!(run.stdout, rustfmt(&project.path("."), None, ""));
    assert_eq!(run.stdout, "\n");
}

#[test]
fn crlf_comes_out_as_rustfmt_writes_it() {
    let project = Project::new();
    project.file("Cargo.toml", MANIFEST);
    let input = "use crate::a;\r\nuse std::fmt;\r\nfn f(){}\r\n";
    let run = project.grouse(".", &["--rustfmt", "--fix", "-"], input);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    // rustfmt's default newline_style ("Auto") writes a CRLF file back with LF.
    assert_eq!(run.stdout, "use std::fmt;\n\nuse crate::a;\nfn f() {}\n");
    assert_eq!(
        run.stdout,
        project.rustfmt_then_grouse(".", Some("2021"), "stdin.rs", input)
    );
    project.file("rustfmt.toml", "newline_style = \"Windows\"\n");
    let run = project.grouse(".", &["--rustfmt", "--fix", "-"], input);
    assert_eq!(
        run.stdout,
        "use std::fmt;\r\n\r\nuse crate::a;\r\nfn f() {}\r\n"
    );
}

#[cfg(unix)]
#[test]
fn a_program_that_prints_nothing_for_a_buffer_is_an_error_not_an_empty_file() {
    let project = Project::new();
    project.file("Cargo.toml", MANIFEST);
    let silent = project.path("silent-rustfmt");
    fs::write(&silent, "#!/bin/sh\ncat >/dev/null\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&silent, fs::Permissions::from_mode(0o755)).unwrap();
    let run = project.grouse_with_rustfmt(
        ".",
        &["--rustfmt", "--fix", "-"],
        SCRAMBLED,
        Some(silent.as_os_str()),
    );
    assert_eq!((run.code, run.stdout.as_str()), (2, ""));
    assert_eq!(
        run.stderr,
        "error: -: rustfmt printed nothing for a file that is not empty; the file is left as it \
         was\n"
    );
}

// ---- rust-analyzer ----

/// rust-analyzer's `rustfmt.overrideCommand`, as it runs it: exactly the configured arguments,
/// the buffer written whole on stdin, the file's directory as the working directory; exit 0
/// replaces the buffer with stdout, exit 1 keeps it (a syntax error), anything else is an
/// error it logs.
fn rust_analyzer_formats(file: &Path, command: &[&str]) -> Result<(), String> {
    let buffer = fs::read_to_string(file).unwrap();
    let program = match command[0] {
        "grouse" => assert_cmd::cargo::cargo_bin("grouse"),
        other => PathBuf::from(other),
    };
    let mut rustfmt = Command::new(program);
    rustfmt
        .args(&command[1..])
        .current_dir(file.parent().unwrap())
        .env_remove("RUSTFMT");
    let run = run_with_stdin(rustfmt, &buffer);
    match run.code {
        0 => {
            fs::write(file, run.stdout).unwrap();
            Ok(())
        }
        1 => Ok(()),
        code => Err(format!(
            "rustfmt exited with: {code}\nstderr: {}",
            run.stderr
        )),
    }
}

/// The README's setting.
const RUST_ANALYZER_COMMAND: &[&str] = &["grouse", "--rustfmt", "--fix", "-"];

#[test]
fn rust_analyzers_override_command_formats_and_groups_the_file() {
    let project = configured_project();
    project.file("src/net/socket.rs", CONFIGURED_INPUT);
    let file = project.path("src/net/socket.rs");
    rust_analyzer_formats(&file, RUST_ANALYZER_COMMAND).unwrap();
    let saved = project.read("src/net/socket.rs");
    assert_eq!(
        saved,
        project.rustfmt_then_grouse(
            "src/net",
            Some("2021"),
            "src/net/socket.rs",
            CONFIGURED_INPUT
        )
    );
    assert!(
        saved.starts_with("use std::io;\n\nuse anyhow::Result;\n\nuse acme_net::Socket;\n"),
        "{saved}"
    );
    // The saved file is what both tools accept: a second save changes nothing.
    let run = project.grouse(".", &["--rustfmt", "src/net/socket.rs"], "");
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{}", run.stderr);
    let run = project.grouse(".", &[], "");
    assert_eq!(run.code, 0, "{}", run.stdout);
    let check = Command::new("rustfmt")
        .args(["--check", "--edition", "2021", "src/net/socket.rs"])
        .current_dir(project.path("."))
        .output()
        .unwrap();
    assert!(check.status.success(), "{check:?}");

    // A buffer that does not parse is kept as it is, quietly.
    project.file("src/net/broken.rs", UNPARSABLE);
    let file = project.path("src/net/broken.rs");
    rust_analyzer_formats(&file, RUST_ANALYZER_COMMAND).unwrap();
    assert_eq!(project.read("src/net/broken.rs"), UNPARSABLE);
}

// ---- files ----

#[test]
fn files_are_checked_and_fixed_and_a_rejected_one_is_left_alone() {
    let project = Project::new();
    project
        .file("Cargo.toml", MANIFEST)
        .file("src/a.rs", SCRAMBLED)
        .file("src/b.rs", UNPARSABLE)
        .file("src/c.rs", FORMATTED);
    let run = project.grouse(".", &["--rustfmt", "--list"], "");
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "src/a.rs\n");
    assert!(
        run.stderr.starts_with("error: src/b.rs:2:") && run.stderr.contains("unclosed delimiter"),
        "{}",
        run.stderr
    );
    let run = project.grouse(".", &["--rustfmt", "--output-format", "json"], "");
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let statuses: Vec<_> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap(), f["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        statuses,
        [
            ("src/a.rs", "changed"),
            ("src/b.rs", "error"),
            ("src/c.rs", "unchanged")
        ]
    );
    assert_eq!(json[1]["error"]["line"], 2);
    assert_eq!(project.read("src/a.rs"), SCRAMBLED, "check never writes");

    let run = project.grouse(".", &["--rustfmt", "--fix"], "");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .ends_with("Regrouped 1 file, 1 already grouped, 1 failed\n"),
        "{}",
        run.stderr
    );
    assert_eq!(project.read("src/a.rs"), FORMATTED);
    assert_eq!(project.read("src/b.rs"), UNPARSABLE);
    assert_eq!(project.read("src/c.rs"), FORMATTED);
}

#[test]
fn github_annotations_cover_the_changed_lines() {
    let project = Project::new();
    project
        .file("Cargo.toml", MANIFEST)
        .file("src/a.rs", SCRAMBLED);
    let run = project.grouse(".", &["--rustfmt", "--output-format", "github"], "");
    assert_eq!(run.code, 1);
    let lines: Vec<_> = run
        .stdout
        .lines()
        .map(|l| l.split(",title=").next().unwrap())
        .collect();
    assert_eq!(
        lines,
        [
            "::error file=src/a.rs,line=1,endLine=1",
            "::error file=src/a.rs,line=2,endLine=4"
        ]
    );
}

#[test]
fn a_rustfmt_toml_max_width_applies_to_the_files_below_it() {
    let project = Project::new();
    project
        .file("Cargo.toml", MANIFEST)
        .file("grouse.toml", "project = [\"acme_*\"]\n")
        .file("src/narrow/rustfmt.toml", "max_width = 40\n")
        .file("src/narrow/lib.rs", CONFIGURED_INPUT)
        .file("src/wide.rs", CONFIGURED_INPUT);
    let run = project.grouse(".", &["--rustfmt", "--fix", "-j", "2"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let narrow = project.read("src/narrow/lib.rs");
    let wide = project.read("src/wide.rs");
    assert!(narrow.lines().all(|l| l.len() <= 40), "{narrow}");
    assert!(wide.lines().any(|l| l.len() > 40), "{wide}");
    assert_eq!(
        narrow,
        project.rustfmt_then_grouse(
            "src/narrow",
            Some("2021"),
            "src/narrow/lib.rs",
            CONFIGURED_INPUT
        )
    );
    assert_eq!(
        wide,
        project.rustfmt_then_grouse("src", Some("2021"), "src/wide.rs", CONFIGURED_INPUT)
    );
    // Stdin standing for a file below it, from the root.
    let args = [
        "--rustfmt",
        "--fix",
        "--stdin-filename",
        "src/narrow/lib.rs",
    ];
    let run = project.grouse(".", &args, CONFIGURED_INPUT);
    assert_eq!((run.code, run.stdout.as_str()), (0, narrow.as_str()));
}

#[test]
fn a_workspace_member_is_formatted_with_its_own_edition() {
    let project = Project::new();
    // Style 2024 (from edition 2024) sorts `x9` before `x10`; earlier styles do not.
    let input = "use m::{x10, x9};\nuse std::fmt;\n";
    project
        .file(
            "Cargo.toml",
            "[package]\nname = \"root\"\nversion = \"0.1.0\"\nedition = \"2015\"\n\n\
             [workspace]\nmembers = [\"member\"]\n",
        )
        .file(
            "member/Cargo.toml",
            "[package]\nname = \"member\"\nversion = \"0.1.0\"\nedition = \"2024\"\n",
        )
        .file("src/lib.rs", input)
        .file("member/src/lib.rs", input);
    let old_style = "use std::fmt;\n\nuse m::{x10, x9};\n";
    let new_style = "use std::fmt;\n\nuse m::{x9, x10};\n";

    let run = project.grouse(
        ".",
        &[
            "--rustfmt",
            "--fix",
            "--stdin-filename",
            "member/src/lib.rs",
        ],
        input,
    );
    assert_eq!((run.code, run.stdout.as_str()), (0, new_style));
    let run = project.grouse("member/src", &["--rustfmt", "--fix", "-"], input);
    assert_eq!((run.code, run.stdout.as_str()), (0, new_style));
    let run = project.grouse("src", &["--rustfmt", "--fix", "-"], input);
    assert_eq!((run.code, run.stdout.as_str()), (0, old_style));

    let run = project.grouse(".", &["--rustfmt", "--fix"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(project.read("src/lib.rs"), old_style);
    assert_eq!(project.read("member/src/lib.rs"), new_style);
}

#[test]
fn files_come_out_the_same_whatever_the_thread_count() {
    let projects = [Project::new(), Project::new()];
    for project in &projects {
        project.file("Cargo.toml", MANIFEST);
        for i in 0..6 {
            project.file(&format!("src/m{i}.rs"), SCRAMBLED);
        }
    }
    for (project, threads) in projects.iter().zip(["1", "2"]) {
        let run = project.grouse(".", &["--rustfmt", "--fix", "-j", threads], "");
        assert_eq!(run.code, 0, "{}", run.stderr);
        for i in 0..6 {
            assert_eq!(
                project.read(&format!("src/m{i}.rs")),
                FORMATTED,
                "-j {threads}"
            );
        }
    }
}

/// A `$RUSTFMT` that logs its arguments (one line a run) to `log` and runs the real rustfmt.
#[cfg(unix)]
fn logging_rustfmt(project: &Project, log: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let program = project.path("logging-rustfmt");
    let script = format!(
        "#!/bin/sh\necho \"$@\" >> '{}'\nexec rustfmt \"$@\"\n",
        log.display()
    );
    fs::write(&program, script).unwrap();
    fs::set_permissions(&program, fs::Permissions::from_mode(0o755)).unwrap();
    program
}

#[cfg(unix)]
#[test]
fn files_go_to_rustfmt_in_batches_and_a_failed_batch_file_by_file() {
    let project = Project::new();
    project.file("Cargo.toml", MANIFEST);
    let names: Vec<String> = (0..8).map(|i| format!("src/m{i}.rs")).collect();
    for name in &names {
        project.file(name, SCRAMBLED);
    }
    let log = project.path("rustfmt.log");
    let program = logging_rustfmt(&project, &log);
    let run = project.grouse_with_rustfmt(
        ".",
        &["--rustfmt", "--fix", "-j", "1"],
        "",
        Some(program.as_os_str()),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let runs = fs::read_to_string(&log).unwrap();
    assert!(runs.lines().count() < names.len(), "{runs}");
    for name in &names {
        assert_eq!(project.read(name), FORMATTED, "{name}");
        assert_eq!(runs.matches(&format!("/{name}")).count(), 1, "{runs}");
    }

    // A file rustfmt rejects fails its batch: each of its files is formatted on its own.
    fs::remove_file(&log).unwrap();
    for name in &names {
        project.file(name, SCRAMBLED);
    }
    project.file("src/m3.rs", UNPARSABLE);
    let run = project.grouse_with_rustfmt(
        ".",
        &["--rustfmt", "--fix", "-j", "1"],
        "",
        Some(program.as_os_str()),
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with("error: src/m3.rs:2:"),
        "{}",
        run.stderr
    );
    for name in names.iter().filter(|n| *n != "src/m3.rs") {
        assert_eq!(project.read(name), FORMATTED, "{name}");
    }
    assert_eq!(project.read("src/m3.rs"), UNPARSABLE);
}

// ---- rustfmt missing ----

#[test]
fn a_missing_rustfmt_is_one_error_and_nothing_is_touched() {
    let project = Project::new();
    project
        .file("Cargo.toml", MANIFEST)
        .file("src/a.rs", SCRAMBLED)
        .file("src/b.rs", SCRAMBLED);
    let missing = project.path("no-such-rustfmt");
    let expected = format!(
        "error: rustfmt not found: $RUSTFMT is {:?}, which is not a file\n",
        missing
    );
    for args in [&["--rustfmt", "--fix"][..], &["--rustfmt", "--fix", "-"]] {
        let run = project.grouse_with_rustfmt(".", args, SCRAMBLED, Some(missing.as_os_str()));
        assert_eq!(
            (run.code, run.stdout.as_str(), run.stderr.as_str()),
            (2, "", expected.as_str()),
            "{args:?}"
        );
    }
    assert_eq!(project.read("src/a.rs"), SCRAMBLED);
    assert_eq!(project.read("src/b.rs"), SCRAMBLED);
    let run = project.grouse_with_rustfmt(
        ".",
        &["--rustfmt"],
        "",
        Some(OsStr::new("no-such-rustfmt-program")),
    );
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "error: rustfmt not found: $RUSTFMT is \"no-such-rustfmt-program\", which is not on \
             PATH\n"
        )
    );
}

//! Crash safety: `grouse --fix` killed with SIGKILL at random moments (fixed seed) on a tree of
//! 2,000 files never leaves a file empty, torn or missing — each holds its old or its new
//! contents — and a following `grouse --fix` completes and removes the killed runs' temp files
//! (passing over one that only looks like one).

#![cfg(unix)]

mod support;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use grouse::write::TEMP_MARKER;
use support::Rng;

const FILES: usize = 2000;
const DIRS: usize = 20;
const KILLS: usize = 50;
/// Runs started at the most: a kill that lands after the run finished does not count.
const MAX_RUNS: usize = 200;
/// The seed of the files' contents and the kill moments.
const SEED: u64 = 0x6772_6f75_7365;
/// A temp file as a killed run leaves it, planted so the test does not depend on a kill
/// landing between a temp file's creation and its rename.
const PLANTED_TEMP: &str = "d00/.planted.rs.grouse-tmp-1-0";

const ROOTS: &[&str] = &[
    "std", "core", "alloc", "serde", "tokio", "regex", "anyhow", "crate", "self", "super",
];
const NAMES: &[&str] = &[
    "fmt", "io", "sync", "Arc", "HashMap", "de", "Error", "x2", "x10", "Read", "Write", "task",
];

/// A file of a few kilobytes: runs of ungrouped imports with comments, at file level, in a
/// module and in a fn, between some code.
fn source(rng: &mut Rng) -> String {
    let mut out = String::from("//! A generated module.\n\n");
    for (indent, open, close) in [
        ("", "", ""),
        ("    ", "mod inner {\n", "}\n"),
        ("    ", "fn body() {\n", "    let _ = 1;\n}\n"),
    ] {
        out.push_str(open);
        for i in 0..8 + rng.below(8) {
            if i % 7 == 3 {
                out.push_str(&format!("{indent}// about the next import\n"));
            }
            let (root, name, leaf) = (rng.pick(ROOTS), rng.pick(NAMES), rng.pick(NAMES));
            out.push_str(&format!("{indent}use {root}::{name}::{{{leaf}, m{i}}};\n"));
        }
        out.push_str(close);
        out.push_str("\nconst N: usize = 1;\n\n");
    }
    out
}

fn relative(i: usize) -> String {
    format!("d{:02}/f{i:04}.rs", i % DIRS)
}

fn write_tree(dir: &Path, files: &BTreeMap<String, String>) {
    for (path, contents) in files {
        let path = dir.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    }
}

fn grouse(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_grouse"));
    command
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// Every file under `dir`, relative, with its contents.
fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(next) = dirs.pop() {
        for entry in fs::read_dir(&next).unwrap() {
            let path: PathBuf = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                let name = path.strip_prefix(dir).unwrap().display().to_string();
                out.insert(name, fs::read(&path).unwrap());
            }
        }
    }
    out
}

#[test]
fn sigkill_at_any_moment_leaves_every_file_old_or_new() {
    let mut rng = Rng::new(SEED.to_le_bytes());
    let old: BTreeMap<String, String> = (0..FILES)
        .map(|i| (relative(i), source(&mut rng)))
        .collect();

    // The new contents, and how long an uninterrupted run takes on this machine.
    let reference = tempfile::tempdir().unwrap();
    write_tree(reference.path(), &old);
    let started = Instant::now();
    let status = grouse(reference.path(), &["--fix"]).status().unwrap();
    let full_run = started.elapsed();
    assert_eq!(status.code(), Some(0));
    let new = read_tree(reference.path());
    assert_eq!(new.len(), FILES);
    for (path, contents) in &old {
        assert_ne!(&new[path], contents.as_bytes(), "{path} must change");
    }

    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    write_tree(dir, &old);
    let planted = "use crate::a;\nuse std::fmt;\n";
    fs::write(dir.join(PLANTED_TEMP), planted).unwrap();
    let (mut kills, mut runs, mut leftovers) = (0, 0, 0);
    // How long a run takes at most, as far as the test knows: the kill moments are drawn below it.
    let mut run_time = full_run;
    while kills < KILLS {
        assert!(
            runs < MAX_RUNS,
            "only {kills} of {runs} runs were killed before they finished"
        );
        runs += 1;
        let mut child = grouse(dir, &["--fix"]).spawn().unwrap();
        let delay = run_time.mul_f64(rng.below(1000) as f64 / 1000.0);
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            kills += 1;
        } else {
            // Runs got faster (the machine is less loaded than when measured): aim within them.
            run_time = delay.max(full_run / 4);
        }
        child.wait().unwrap();

        let (mut seen, mut fixed) = (0, 0);
        leftovers = 0;
        for (path, contents) in read_tree(dir) {
            if path.contains(TEMP_MARKER) {
                leftovers += usize::from(path != PLANTED_TEMP);
                continue;
            }
            let was = old
                .get(&path)
                .unwrap_or_else(|| panic!("unexpected file {path}"));
            seen += 1;
            if contents == new[&path] {
                fixed += 1;
            } else {
                assert!(
                    contents == was.as_bytes(),
                    "run {runs}: {path} is neither its old nor its new contents:\n{}",
                    String::from_utf8_lossy(&contents)
                );
            }
        }
        assert_eq!(seen, FILES, "run {runs}: a file is missing");
        // Keep the runs long enough for the next kill to land mid-run.
        if fixed > FILES / 2 {
            write_tree(dir, &old);
        }
    }
    eprintln!(
        "{kills} kills in {runs} runs (an uninterrupted run: {full_run:?}); \
         {leftovers} temp files left by killed runs"
    );

    let output = grouse(dir, &["--fix"])
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8(output.stderr).unwrap();
    let summary = stderr.lines().next().unwrap_or_default();
    let counted: usize = summary
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse::<usize>().ok())
        .sum();
    assert_eq!(counted, FILES, "temp files are not sources: {summary}");
    let after = read_tree(dir);
    for (path, contents) in &new {
        assert!(after[path] == *contents, "{path} is not grouped");
    }
    assert_eq!(fs::read_to_string(dir.join(PLANTED_TEMP)).unwrap(), planted);
    // Linux tells a killed run's temp files by their process: the fix removed them all.
    if cfg!(target_os = "linux") {
        let left: Vec<_> = after
            .keys()
            .filter(|path| path.contains(TEMP_MARKER) && *path != PLANTED_TEMP)
            .collect();
        assert_eq!(left, Vec::<&String>::new(), "{stderr}");
        if leftovers > 0 {
            let removed = format!("Removed {leftovers} temp file");
            assert!(stderr.contains(&removed), "{stderr}");
        }
    }
    let check = grouse(dir, &[]).status().unwrap();
    assert_eq!(check.code(), Some(0), "the tree is grouped");
}

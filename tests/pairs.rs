//! Fixture pairs: each `fixtures/pairs/source/NAME.rs` regroups to `fixtures/pairs/target/NAME.rs`
//! (settings in `//@ ` header lines), every target is left alone (idempotence), and on every
//! fixture the streaming scan finds the same runs as the syn-based oracle.
//!
//! `GROUSE_BLESS=1 cargo test --test pairs` writes missing targets, to be reviewed by hand.

mod support;

use std::fs;
use std::path::{Path, PathBuf};

fn fixtures(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/pairs")
        .join(dir);
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .collect();
    paths.sort();
    assert!(
        paths.len() >= 10,
        "expected fixture pairs in {}",
        dir.display()
    );
    paths
}

fn read(path: &Path) -> String {
    String::from_utf8(fs::read(path).unwrap()).unwrap()
}

#[test]
fn every_source_regroups_to_its_target() {
    let bless = std::env::var_os("GROUSE_BLESS").is_some();
    let mut failures = Vec::new();
    for source_path in fixtures("source") {
        let source = read(&source_path);
        let settings = support::fixture_settings(&source);
        let actual = support::regroup_text(&source, &settings)
            .unwrap_or_else(|e| panic!("{}: {e}", source_path.display()));
        let target_path = source_path
            .parent()
            .unwrap()
            .parent()
            .unwrap()
            .join("target")
            .join(source_path.file_name().unwrap());
        if bless && !target_path.exists() {
            fs::create_dir_all(target_path.parent().unwrap()).unwrap();
            fs::write(&target_path, &actual).unwrap();
            continue;
        }
        let expected = read(&target_path);
        if actual != expected {
            failures.push(format!(
                "{}:\n--- expected\n{expected}\n--- actual\n{actual}",
                source_path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_target_is_left_alone() {
    for target_path in fixtures("target") {
        let target = read(&target_path);
        let settings = support::fixture_settings(&target);
        let result = grouse::regroup(&target, &settings)
            .unwrap_or_else(|e| panic!("{}: {e}", target_path.display()));
        assert_eq!(
            result,
            grouse::Regrouped::Unchanged,
            "{} is not idempotent",
            target_path.display()
        );
    }
}

#[test]
fn the_scan_finds_the_runs_the_syn_oracle_finds() {
    for path in fixtures("source").into_iter().chain(fixtures("target")) {
        let text = read(&path);
        let Ok(_) = syn::parse_file(&text) else {
            panic!("{} must be valid Rust for the oracle", path.display());
        };
        let mut scanned = support::scanned_runs(&text);
        scanned.sort();
        assert_eq!(scanned, support::oracle::runs(&text), "{}", path.display());
    }
}

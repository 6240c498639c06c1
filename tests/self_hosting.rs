//! Self-hosting: the tokens workspace in `fixtures/tokens` is grouped by grouse. Scramble every
//! `use` run of a copy (each item keeps its comments and attributes; blank lines are sprinkled
//! inside runs), run `grouse --fix` on the copy, and the result must be byte-identical to the
//! committed sources.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use grouse::inspect::{attach, collect};

fn tokens_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/tokens")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        let name = entry.file_name();
        if name == "target" {
            continue;
        }
        if path.is_dir() {
            copy_tree(&path, &to.join(&name));
        } else {
            fs::copy(&path, to.join(&name)).unwrap();
        }
    }
}

/// A deterministic permutation that moves something whenever there are two or more elements.
fn scramble_order(n: usize, seed: &mut u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let j = (*seed >> 33) as usize % (i + 1);
        order.swap(i, j);
    }
    if order.iter().enumerate().all(|(i, &o)| i == o) {
        order.reverse();
    }
    order
}

/// Reorders every run of `source` and puts blank lines between some of its items. Returns the
/// scrambled text and the number of runs that were reordered.
fn scramble(source: &str, seed: &mut u64) -> (String, usize) {
    let collected = collect(source).expect("the tokens sources scan");
    let runs = attach(source, &collected);
    let mut out = String::new();
    let mut at = 0;
    for run in &runs {
        out.push_str(&source[at..run.start]);
        let line_start = source[..run.start].rfind('\n').map_or(0, |i| i + 1);
        let indent: String = source[line_start..]
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        for (i, &k) in scramble_order(run.units.len(), seed).iter().enumerate() {
            if i > 0 {
                out.push('\n');
                if *seed % 3 == 0 {
                    out.push('\n');
                }
                out.push_str(&indent);
            }
            let unit = run.units[k];
            out.push_str(&source[unit.start..unit.end]);
        }
        at = run.end;
    }
    out.push_str(&source[at..]);
    (out, runs.len())
}

#[test]
fn scrambled_tokens_sources_regroup_to_the_committed_ones() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    // The tokens crates as a workspace of their own, so grouse sees `tokens_sdk` as a member.
    fs::write(
        root.join("Cargo.toml"),
        "[workspace]\nmembers = [\"sdk\", \"cli\"]\nresolver = \"2\"\n",
    )
    .unwrap();
    copy_tree(&tokens_dir().join("sdk"), &root.join("sdk"));
    copy_tree(&tokens_dir().join("cli"), &root.join("cli"));

    let mut files = Vec::new();
    rust_files(root, &mut files);
    files.sort();
    assert!(
        files.len() >= 20,
        "the tokens port has {} Rust files",
        files.len()
    );

    let mut seed = 0x5eed_u64;
    let mut scrambled_runs = 0;
    let mut changed_files = 0;
    for path in &files {
        let original = fs::read_to_string(path).unwrap();
        let (scrambled, runs) = scramble(&original, &mut seed);
        scrambled_runs += runs;
        if scrambled != original {
            changed_files += 1;
        }
        fs::write(path, scrambled).unwrap();
    }
    assert!(
        scrambled_runs >= 30,
        "only {scrambled_runs} runs to scramble"
    );
    assert!(changed_files >= 15, "only {changed_files} files scrambled");

    let output = Command::new(env!("CARGO_BIN_EXE_grouse"))
        .arg("--fix")
        .arg(root)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "grouse --fix failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );

    let mut mismatches = Vec::new();
    for path in &files {
        let relative = path.strip_prefix(root).unwrap();
        let committed = fs::read_to_string(tokens_dir().join(relative)).unwrap();
        let regrouped = fs::read_to_string(path).unwrap();
        if regrouped != committed {
            mismatches.push(format!(
                "{}:\n--- committed\n{committed}\n--- regrouped\n{regrouped}",
                relative.display()
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn the_tokens_sources_exercise_all_three_groups() {
    let settings = grouse::Settings {
        workspace_crates: vec!["tokens_sdk".into(), "tokens".into()],
        ..grouse::Settings::default()
    };
    let mut files = Vec::new();
    rust_files(&tokens_dir(), &mut files);
    let mut seen = std::collections::BTreeSet::new();
    for path in files {
        let source = fs::read_to_string(&path).unwrap();
        let collected = collect(&source).unwrap();
        for item in &collected.parsed {
            let tree = grouse::inspect::UseTree::from_item(&item.item, grouse::StyleEdition::E2021);
            let first = grouse::inspect::FirstSegment::of_tree(&tree);
            let class = grouse::inspect::classify(first, &item.item.vis, &settings, &|_| false);
            let name = tree.first_ident().unwrap_or("").to_owned();
            let key = match class.group {
                grouse::Group::Project if name == "tokens_sdk" => "project: tokens_sdk",
                grouse::Group::Project => match tree.path.first() {
                    Some(grouse::inspect::Segment::Crate(_)) => "project: crate",
                    Some(grouse::inspect::Segment::Super(_)) => "project: super",
                    _ => "project: other",
                },
                grouse::Group::Std => "std",
                grouse::Group::External => "external",
                grouse::Group::User(_) => "user",
            };
            seen.insert(key);
        }
    }
    for expected in [
        "std",
        "external",
        "project: crate",
        "project: super",
        "project: tokens_sdk",
    ] {
        assert!(
            seen.contains(expected),
            "no `{expected}` import in the tokens sources: {seen:?}"
        );
    }
}

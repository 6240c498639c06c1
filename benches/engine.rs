//! The engine against its floors on real code: `regroup` versus `syn::parse_file` and versus
//! tokenizing alone, over the same bytes.
//!
//! The corpus is the Rust sources of crates in the local crates-registry cache (`$CARGO_HOME`),
//! which `cargo` downloaded to build grouse: real code nobody here wrote. Run with
//! `cargo bench --bench engine`; set `GROUSE_BENCH_CORPUS=DIR` to use another directory.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use divan::Bencher;
use divan::counter::BytesCount;
use ra_ap_rustc_lexer as lexer;

use grouse::Settings;

/// Crates taken from the registry cache, at the versions grouse's own `Cargo.lock` pins, when
/// no corpus directory is given.
const CRATES: &[&str] = &[
    "syn",
    "serde",
    "serde_core",
    "clap_builder",
    "regex-syntax",
    "regex-automata",
    "proptest",
    "ignore",
    "similar",
    "toml",
    "winnow",
    "proc-macro2",
    "memchr",
    "insta",
    "tokio",
    "axum",
    "rusqlite",
];

/// Enough code to be representative and quick: about 8 MB.
const MAX_BYTES: usize = 8 << 20;

fn corpus() -> &'static [String] {
    static CORPUS: OnceLock<Vec<String>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let mut files = Vec::new();
        for dir in corpus_dirs() {
            collect_files(&dir, &mut files);
        }
        files.sort();
        let mut total = 0;
        let mut texts = Vec::new();
        for path in files {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            // Only files that both contenders accept.
            if syn::parse_file(&text).is_err()
                || grouse::regroup(&text, &Settings::default()).is_err()
            {
                continue;
            }
            total += text.len();
            texts.push(text);
            if total >= MAX_BYTES {
                break;
            }
        }
        assert!(
            total > 1 << 20,
            "the corpus has only {total} bytes; set GROUSE_BENCH_CORPUS"
        );
        eprintln!(
            "corpus: {} files, {:.1} MB",
            texts.len(),
            total as f64 / 1e6
        );
        texts
    })
}

fn corpus_dirs() -> Vec<PathBuf> {
    if let Some(dir) = std::env::var_os("GROUSE_BENCH_CORPUS") {
        return vec![PathBuf::from(dir)];
    }
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
        .expect("CARGO_HOME or HOME");
    let lock = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock"))
        .expect("Cargo.lock");
    let lock: toml::Table = toml::from_str(&lock).expect("Cargo.lock is TOML");
    let wanted: Vec<String> = lock["package"]
        .as_array()
        .expect("packages")
        .iter()
        .filter(|p| CRATES.contains(&p["name"].as_str().unwrap_or("")))
        .map(|p| {
            format!(
                "{}-{}",
                p["name"].as_str().unwrap(),
                p["version"].as_str().unwrap()
            )
        })
        .collect();
    let mut dirs = Vec::new();
    let Ok(registries) = std::fs::read_dir(home.join("registry/src")) else {
        return dirs;
    };
    for registry in registries.flatten() {
        for name in &wanted {
            let dir = registry.path().join(name);
            if dir.is_dir() {
                dirs.push(dir);
            }
        }
    }
    dirs.sort();
    dirs.dedup_by(|a, b| a.file_name() == b.file_name());
    dirs
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn bytes() -> BytesCount {
    BytesCount::new(corpus().iter().map(String::len).sum::<usize>())
}

/// Each pass starts without the items parsed by the one before: a run reads each file once.
#[divan::bench(sample_size = 1)]
fn regroup(bencher: Bencher) {
    let settings = Settings::default();
    bencher
        .counter(bytes())
        .with_inputs(grouse::inspect::forget_parsed_items)
        .bench_values(|()| {
            for text in corpus() {
                divan::black_box(grouse::regroup(text, &settings).ok());
            }
        });
}

#[divan::bench]
fn syn_parse_file(bencher: Bencher) {
    bencher.counter(bytes()).bench(|| {
        for text in corpus() {
            divan::black_box(syn::parse_file(text).ok());
        }
    });
}

#[divan::bench]
fn tokenize_only(bencher: Bencher) {
    bencher.counter(bytes()).bench(|| {
        let mut tokens = 0usize;
        for text in corpus() {
            tokens += lexer::tokenize(text, lexer::FrontmatterAllowed::Yes).count();
        }
        divan::black_box(tokens)
    });
}

fn main() {
    corpus();
    divan::Divan::from_args().sample_count(10).main();
}

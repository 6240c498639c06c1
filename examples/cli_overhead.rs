//! Splits one sequential check run of the command line into its phases — walk (with the settings
//! of each directory), read, regroup (the engine), diff — to show what the command line itself
//! costs, and times the `ignore` walker alone on the same paths with the same options (what any
//! tool that respects .gitignore pays to list the tree) to show what grouse adds to it.
//!
//! `cargo run --release --example cli_overhead -- PATH...`

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ignore::gitignore::Gitignore;
use ignore::{WalkBuilder, WalkState};

use grouse::Regrouped;
use grouse::config::Resolver;
use grouse::walk::{self, Found};
use grouse::{cli, report};

/// The allocator of the `grouse` binary, so the engine is timed as it runs there.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The `ignore` walker as grouse runs it with one thread (its parallel walker), counting the `.rs`
/// files and doing nothing else: no settings, no results to sort.
fn bare_walk(paths: &[PathBuf]) -> usize {
    let mut builder = WalkBuilder::new(&paths[0]);
    for path in &paths[1..] {
        builder.add(path);
    }
    builder
        .threads(1)
        .follow_links(false)
        .hidden(true)
        .require_git(false);
    let count = AtomicUsize::new(0);
    builder.build_parallel().run(|| {
        Box::new(|entry| {
            let is_rust_file = entry.is_ok_and(|entry| {
                entry.file_type().is_some_and(|t| t.is_file())
                    && entry.path().extension() == Some("rs".as_ref())
            });
            if is_rust_file {
                count.fetch_add(1, Ordering::Relaxed);
            }
            WalkState::Continue
        })
    });
    count.into_inner()
}

fn main() {
    let mut paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if paths.is_empty() {
        paths.push(PathBuf::from("."));
    }
    let cwd = std::env::current_dir().expect("current directory");
    let resolver = Resolver::new(&cwd, None);

    // The bare walk, best of three (the first also warms the caches the others find warm).
    let bare = (0..3)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(bare_walk(&paths));
            start.elapsed()
        })
        .min()
        .expect("three walks");

    // The walk alone, on one thread: each file's settings are those of its directory, looked up
    // as the walker enters it (a named file's by its path).
    let start = Instant::now();
    let found = walk::visit(&paths, &Gitignore::empty(), &resolver, 1, None, &|found| {
        found
    });
    let found: Vec<_> = found
        .results
        .into_iter()
        .filter_map(|found| match found {
            Found::File { path, settings, .. } => {
                let settings = settings.unwrap_or_else(|| resolver.for_file(&path));
                Some((path, settings))
            }
            Found::Error { .. } => None,
        })
        .collect();
    let walk_time = start.elapsed();

    let (mut read, mut engine, mut diff) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    let (mut files, mut bytes, mut changed, mut errors) = (0, 0, 0, 0);
    let mut buffer = Vec::new();
    for (path, settings) in found {
        let Ok(resolved) = settings else {
            errors += 1;
            continue;
        };

        // Read as the command line reads, into one buffer kept from file to file.
        let start = Instant::now();
        let Ok(len) = cli::read_into(&path, &mut buffer) else {
            errors += 1;
            continue;
        };
        let Ok(text) = std::str::from_utf8(&buffer[..len]) else {
            errors += 1;
            continue;
        };
        read += start.elapsed();
        files += 1;
        bytes += text.len();

        let start = Instant::now();
        let result = grouse::regroup(text, &resolved.settings);
        engine += start.elapsed();

        let start = Instant::now();
        match &result {
            Ok(Regrouped::Changed { text: new, runs }) => {
                changed += 1;
                std::hint::black_box(report::unified_diff_of_runs(
                    text,
                    new,
                    runs,
                    &path.display().to_string(),
                ));
            }
            Ok(Regrouped::Unchanged) => {}
            Err(_) => errors += 1,
        }
        diff += start.elapsed();

        // Freeing the regrouped text is the engine's: it allocated it.
        let start = Instant::now();
        drop(result);
        engine += start.elapsed();
    }

    let total = walk_time + read + engine + diff;
    let share = |d: Duration| 100.0 * d.as_secs_f64() / total.as_secs_f64();
    println!(
        "{files} files, {:.1} MB, {changed} would change, {errors} errors",
        bytes as f64 / 1e6
    );
    for (name, time) in [
        ("walk and settings", walk_time),
        ("read", read),
        ("regroup (engine)", engine),
        ("diff", diff),
    ] {
        println!(
            "{name:>22}: {:>8.1} ms  {:>5.1}%",
            time.as_secs_f64() * 1e3,
            share(time)
        );
    }
    let overhead = walk_time + diff;
    let added = walk_time.saturating_sub(bare) + diff;
    for (name, time) in [
        ("command line overhead", overhead),
        ("the bare walk in it", bare),
        ("added to the bare walk", added),
    ] {
        println!(
            "{name:>22}: {:>8.1} ms  {:>5.1}%",
            time.as_secs_f64() * 1e3,
            share(time)
        );
    }
}

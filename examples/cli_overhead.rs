//! Splits one sequential check run of the command line into its phases — walk (with the settings
//! of each directory), read, regroup (the engine), diff — to show what the command line itself
//! costs.
//!
//! `cargo run --release --example cli_overhead -- PATH...`

use std::path::PathBuf;
use std::time::{Duration, Instant};

use ignore::gitignore::Gitignore;

use grouse::Regrouped;
use grouse::config::Resolver;
use grouse::walk::{self, Found};
use grouse::{cli, report};

fn main() {
    let mut paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if paths.is_empty() {
        paths.push(PathBuf::from("."));
    }
    let cwd = std::env::current_dir().expect("current directory");
    let resolver = Resolver::new(&cwd, None);

    // The walk alone, on one thread: each file's settings are those of its directory, looked up
    // as the walker enters it (a named file's by its path).
    let start = Instant::now();
    let found = walk::visit(&paths, &Gitignore::empty(), &resolver, 1, &|found| found);
    let found: Vec<_> = found
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
        match result {
            Ok(Regrouped::Changed { text: new, runs }) => {
                changed += 1;
                std::hint::black_box(report::unified_diff_of_runs(
                    text,
                    &new,
                    &runs,
                    &path.display().to_string(),
                ));
            }
            Ok(Regrouped::Unchanged) => {}
            Err(_) => errors += 1,
        }
        diff += start.elapsed();
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
    println!(
        "{:>22}: {:>8.1} ms  {:>5.1}%",
        "command line overhead",
        overhead.as_secs_f64() * 1e3,
        share(overhead)
    );
}

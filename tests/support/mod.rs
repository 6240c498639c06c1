//! Helpers shared by the integration tests: fixture settings, the syn-based oracle collector, the
//! engine's promises as one check, and a small deterministic generator.

#![allow(dead_code)]

pub mod invariants;
pub mod oracle;
pub mod project;

use grouse::Settings;

/// The settings of a fixture, from its `//@ ` header lines, read by grouse's own resolver so that
/// fixtures cannot drift from what users write. The header is a `grouse.toml`, except for two
/// tables: `[rustfmt]` is written as the `rustfmt.toml` beside it, and `[workspace]`'s `crates`
/// become member packages of the Cargo workspace the fixture sits in (a package of edition 2021).
pub fn fixture_settings(source: &str) -> Settings {
    let header: String = source
        .trim_start_matches('\u{feff}')
        .lines()
        .map_while(|line| {
            line.strip_prefix("//@ ")
                .or_else(|| (line == "//@").then_some(""))
        })
        .map(|line| format!("{line}\n"))
        .collect();
    let mut table: toml::Table = toml::from_str(&header).expect("fixture header is TOML");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let write = |relative: &str, text: &str| {
        let path = dir.path().join(relative);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("a directory");
        std::fs::write(path, text).expect("written");
    };
    let mut members = Vec::new();
    if let Some(workspace) = table.remove("workspace") {
        for name in workspace["crates"].as_array().expect("workspace.crates") {
            let name = name.as_str().expect("a crate name");
            write(
                &format!("members/{name}/Cargo.toml"),
                &format!("[package]\nname = {name:?}\nversion = \"0.1.0\"\nedition = \"2021\"\n"),
            );
            write(&format!("members/{name}/src/lib.rs"), "");
            members.push(format!("\"members/{name}\""));
        }
    }
    write(
        "Cargo.toml",
        &format!(
            "[package]\nname = \"fixture\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
             [workspace]\nmembers = [{}]\n",
            members.join(", ")
        ),
    );
    if let Some(rustfmt) = table.remove("rustfmt") {
        write("rustfmt.toml", &toml::to_string(&rustfmt).expect("TOML"));
    }
    write("grouse.toml", &toml::to_string(&table).expect("TOML"));
    write("src/fixture.rs", source);
    let resolver = grouse::config::Resolver::new(dir.path(), None);
    let resolved = resolver
        .for_file(&dir.path().join("src/fixture.rs"))
        .unwrap_or_else(|error| panic!("the fixture's header is a valid config: {error}"));
    resolved.settings.clone()
}

/// Regroups `source`, returning the text either way.
pub fn regroup_text(source: &str, settings: &Settings) -> Result<String, grouse::Error> {
    Ok(match grouse::regroup(source, settings)? {
        grouse::Regrouped::Unchanged => source.to_owned(),
        grouse::Regrouped::Changed { text, .. } => text,
    })
}

/// The runs the streaming scan finds, each item as its tokens printed by syn; sorted, to compare
/// with [`oracle::runs`].
pub fn scanned_runs(source: &str) -> Vec<Vec<String>> {
    use quote::ToTokens;
    let collected = grouse::inspect::collect(source).expect("scans");
    let mut runs: Vec<Vec<String>> = collected
        .runs
        .iter()
        .map(|run| {
            collected.items[run.items.clone()]
                .iter()
                .map(|item| {
                    let text = &source[item.start..item.end];
                    let parsed: syn::ItemUse = syn::parse_str(text).expect("parses");
                    parsed.to_token_stream().to_string()
                })
                .collect()
        })
        .collect();
    runs.sort();
    runs
}

/// A small deterministic generator (xorshift64*), seeded by eight bytes: a chunk from proptest,
/// or a fixed seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(bytes: [u8; 8]) -> Rng {
        Rng(u64::from_le_bytes(bytes) | 1)
    }

    pub fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

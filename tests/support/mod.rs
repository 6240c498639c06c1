//! Helpers shared by the integration tests: fixture settings, the syn-based oracle collector, the
//! engine's promises as one check, and a small deterministic generator.

#![allow(dead_code)]

pub mod invariants;
pub mod oracle;

use grouse::{Granularity, Group, Pattern, Preset, Settings, StyleEdition, UserGroup, Visibility};

/// Reads the `//@ ` header lines of a fixture as TOML and builds its settings.
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
    let table: toml::Table = toml::from_str(&header).expect("fixture header is TOML");
    let mut settings = Settings::default();
    let strings = |key: &str| -> Vec<String> {
        table
            .get(key)
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .map(|v| v.as_str().expect("string").to_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    if let Some(preset) = table.get("preset").and_then(|v| v.as_str()) {
        settings.preset = Preset::parse(preset).expect("preset");
    }
    if let Some(granularity) = table.get("granularity").and_then(|v| v.as_str()) {
        settings.granularity = Granularity::parse(granularity).expect("granularity");
    }
    if let Some(width) = table.get("max_width").and_then(|v| v.as_integer()) {
        settings.layout.max_width = width as usize;
    }
    if let Some(spaces) = table.get("tab_spaces").and_then(|v| v.as_integer()) {
        settings.layout.tab_spaces = spaces as usize;
    }
    if let Some(hard_tabs) = table.get("hard_tabs").and_then(|v| v.as_bool()) {
        settings.layout.hard_tabs = hard_tabs;
    }
    if let Some(edition) = table.get("style_edition").and_then(|v| v.as_str()) {
        settings.style_edition = StyleEdition::parse(edition).expect("style_edition");
    }
    settings.workspace_crates = strings("workspace_crates");
    settings.project = strings("project").into_iter().map(Pattern::new).collect();
    if let Some(groups) = table.get("group").and_then(|v| v.as_array()) {
        for group in groups {
            let name = group["name"].as_str().expect("name").to_owned();
            let texts = |key: &str| {
                group.get(key).map(|value| {
                    value
                        .as_array()
                        .expect("an array")
                        .iter()
                        .map(|v| v.as_str().expect("string"))
                        .collect::<Vec<_>>()
                })
            };
            let crates = texts("crates").map(|c| c.into_iter().map(Pattern::new).collect());
            let visibility = texts("visibility").map(|v| {
                v.into_iter()
                    .map(|text| Visibility::parse(text).expect("visibility"))
                    .collect()
            });
            assert!(
                crates.is_some() || visibility.is_some(),
                "group {name} has neither `crates` nor `visibility`"
            );
            settings.user_groups.push(UserGroup {
                name,
                crates,
                visibility,
            });
        }
    }
    let order = strings("groups");
    if !order.is_empty() {
        settings.groups = order
            .iter()
            .map(|name| match name.as_str() {
                "std" => Group::Std,
                "external" => Group::External,
                "project" => Group::Project,
                other => Group::User(
                    settings
                        .user_groups
                        .iter()
                        .position(|g| g.name == other)
                        .expect("user group"),
                ),
            })
            .collect();
    }
    settings
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

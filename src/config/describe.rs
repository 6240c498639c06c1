//! `--show-settings`: the settings in force for a path, written as TOML with where each part
//! came from.

use std::fmt::Write as _;
use std::path::Path;

use crate::config::{Resolved, Resolver, StyleSource};

/// Writes settings as TOML-like text, with where each part came from (`--show-settings`).
pub fn describe(resolved: &Resolved, resolver: &Resolver) -> String {
    let settings = &resolved.settings;
    let shown = |path: &Path| resolver.shown(path).display().to_string();
    let mut out = String::new();
    let quoted = |items: &mut dyn Iterator<Item = String>| {
        let items: Vec<String> = items.map(|s| format!("{s:?}")).collect();
        format!("[{}]", items.join(", "))
    };
    match &resolved.config {
        Some(config) if config.table.is_empty() => {
            let _ = writeln!(out, "# config: {}", shown(&config.path));
        }
        Some(config) => {
            let _ = writeln!(out, "# config: {} [{}]", shown(&config.path), config.table);
        }
        None => out.push_str("# config: none (built-in defaults)\n"),
    }
    match &resolved.style_source {
        StyleSource::Key { path, key } => {
            let _ = writeln!(out, "# style_edition from: {} ({key})", shown(path));
        }
        StyleSource::Default => out.push_str("# style_edition from: default (as plain rustfmt)\n"),
    }
    if let Some(package) = &resolved.package {
        let _ = writeln!(out, "# package: {}", shown(package));
    }
    if let Some(workspace) = &resolved.workspace {
        let _ = writeln!(out, "# workspace: {}", shown(workspace));
    }
    let _ = writeln!(out, "preset = {:?}", settings.preset.as_str());
    let _ = writeln!(out, "style_edition = {:?}", settings.style_edition.as_str());
    let groups = settings
        .groups
        .iter()
        .map(|&g| settings.group_name(g).to_owned());
    let _ = writeln!(out, "groups = {}", quoted(&mut { groups }));
    let project = settings.project.iter().map(|p| p.as_str().to_owned());
    let _ = writeln!(out, "project = {}", quoted(&mut { project }));
    let exclude = resolved
        .config
        .iter()
        .flat_map(|c| c.exclude.iter().cloned());
    let _ = writeln!(out, "exclude = {}", quoted(&mut { exclude }));
    let crates = settings.workspace_crates.iter().cloned();
    let _ = writeln!(out, "workspace_crates = {}", quoted(&mut { crates }));
    for group in &settings.user_groups {
        let crates = group.crates.iter().map(|p| p.as_str().to_owned());
        let _ = writeln!(
            out,
            "\n[[group]]\nname = {:?}\ncrates = {}",
            group.name,
            quoted(&mut { crates })
        );
    }
    out
}

//! `--show-settings`: the settings in force for a path, written as TOML with where each part
//! came from.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::config::{Resolved, Resolver, Source};
use crate::settings::ImportsLayout;

/// At a virtual workspace's root, which no package owns: the style edition each member's files
/// are regrouped with (the settings below are for files outside every member).
fn describe_members(resolved: &Resolved, resolver: &Resolver, out: &mut String) {
    let shown = |path: &Path| resolver.shown(path).display().to_string();
    let _ = writeln!(
        out,
        "# no package here: each member's files go by the member's settings; these are for \
         files outside every member"
    );
    let mut manifests: Vec<&PathBuf> = resolved.crate_sources.values().collect();
    manifests.sort();
    manifests.dedup();
    for manifest in manifests {
        let Some(dir) = manifest.parent() else {
            continue;
        };
        match resolver.for_dir(dir) {
            Ok(member) => {
                let source = match &member.sources.style_edition {
                    Source::Default => "default (as plain rustfmt)".to_owned(),
                    other => other.describe(&shown),
                };
                let _ = writeln!(
                    out,
                    "# member {}: style_edition = {:?}, from {source}",
                    shown(dir),
                    member.settings.style_edition.as_str()
                );
            }
            Err(error) => {
                let _ = writeln!(out, "# member {}: {error}", shown(dir));
            }
        }
    }
}

/// Writes settings as TOML-like text, with where each part came from (`--show-settings`).
pub fn describe(resolved: &Resolved, resolver: &Resolver) -> String {
    let settings = &resolved.settings;
    let sources = &resolved.sources;
    let shown = |path: &Path| resolver.shown(path).display().to_string();
    let mut out = String::new();
    let quoted = |items: &mut dyn Iterator<Item = String>| {
        let items: Vec<String> = items.map(|s| format!("{s:?}")).collect();
        format!("[{}]", items.join(", "))
    };
    let _ = writeln!(out, "# config: {}", config_source(resolved, resolver));
    let style_source = match &sources.style_edition {
        Source::Default => "default (as plain rustfmt)".to_owned(),
        other => other.describe(&shown),
    };
    let _ = writeln!(out, "# style_edition from: {style_source}");
    for (name, source) in [
        ("preset", &sources.preset),
        ("granularity", &sources.granularity),
        ("max_width", &sources.max_width),
        ("tab_spaces", &sources.tab_spaces),
        ("hard_tabs", &sources.hard_tabs),
        ("imports_layout", &sources.imports_layout),
    ] {
        let _ = writeln!(out, "# {name} from: {}", source.describe(&shown));
    }
    if let Some(package) = &resolved.package {
        let _ = writeln!(out, "# package: {}", shown(package));
    }
    if let Some(workspace) = &resolved.workspace {
        let _ = writeln!(out, "# workspace: {}", shown(workspace));
    }
    if resolved.package.is_none() && resolved.workspace.is_some() {
        describe_members(resolved, resolver, &mut out);
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
    let _ = writeln!(out, "granularity = {:?}", settings.granularity.as_str());
    let layout = &settings.layout;
    let _ = writeln!(out, "max_width = {}", layout.max_width);
    let _ = writeln!(out, "tab_spaces = {}", layout.tab_spaces);
    let _ = writeln!(out, "hard_tabs = {}", layout.hard_tabs);
    let _ = writeln!(
        out,
        "imports_layout = {:?}",
        imports_layout_name(layout.imports_layout)
    );
    for group in &settings.user_groups {
        let _ = write!(out, "\n[[group]]\nname = {:?}\n", group.name);
        if let Some(crates) = &group.crates {
            let crates = crates.iter().map(|p| p.as_str().to_owned());
            let _ = writeln!(out, "crates = {}", quoted(&mut { crates }));
        }
        if let Some(visibility) = &group.visibility {
            let visibility = visibility.iter().map(|v| v.as_str().to_owned());
            let _ = writeln!(out, "visibility = {}", quoted(&mut { visibility }));
        }
    }
    out
}

/// The config file the settings came from, with its table: `grouse.toml`, `Cargo.toml
/// [package.metadata.grouse]`, or `none (built-in defaults)`.
pub fn config_source(resolved: &Resolved, resolver: &Resolver) -> String {
    let shown = |path: &Path| resolver.shown(path).display().to_string();
    match &resolved.config {
        Some(config) if config.table.is_empty() => shown(&config.path),
        Some(config) => format!("{} [{}]", shown(&config.path), config.table),
        None => "none (built-in defaults)".to_owned(),
    }
}

/// rustfmt's name of an `imports_layout`.
fn imports_layout_name(layout: ImportsLayout) -> &'static str {
    match layout {
        ImportsLayout::Mixed => "Mixed",
        ImportsLayout::Horizontal => "Horizontal",
        ImportsLayout::HorizontalVertical => "HorizontalVertical",
        ImportsLayout::Vertical => "Vertical",
    }
}

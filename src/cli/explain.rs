//! `--explain NAME_OR_ITEM` and `--show-settings`: the settings resolved for a path, as config
//! describes them, and the group classify gives a name or a `use` item there, with its reason.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Args, ExitStatus};
use crate::classify::{self, Classification, Reason};
use crate::collect::scan;
use crate::config::{self, Resolver};
use crate::item::UseItem;

/// Prints what `--explain` or `--show-settings` asks for, about the first path given.
pub fn explain(
    args: &Args,
    resolver: &Resolver,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let context = args
        .stdin_filename
        .clone()
        .or_else(|| args.paths.iter().find(|p| p.as_os_str() != "-").cloned())
        .unwrap_or_else(|| PathBuf::from("."));
    if args.stdin_filename.is_none() && !context.exists() {
        writeln!(
            err,
            "error: {}: no such file or directory",
            context.display()
        )?;
        return Ok(ExitStatus::Error);
    }
    let resolved = if context.is_dir() {
        resolver.for_dir(&context)
    } else {
        resolver.for_file(&context)
    };
    let resolved = match resolved {
        Ok(resolved) => resolved,
        Err(error) => {
            writeln!(err, "error: {error}")?;
            return Ok(ExitStatus::Error);
        }
    };
    if args.show_settings {
        out.write_all(config::describe(&resolved, resolver).as_bytes())?;
        return Ok(ExitStatus::Success);
    }
    let asked = args.explain.as_deref().unwrap_or_default().trim();
    let settings = &resolved.settings;
    // For a file, the modules and enums it declares at its top level count as the engine counts
    // them there: they are project.
    let source = if context.is_file() {
        match std::fs::read_to_string(&context) {
            Ok(source) => Some(source),
            Err(error) => {
                writeln!(err, "error: {}: {error}", context.display())?;
                return Ok(ExitStatus::Error);
            }
        }
    } else {
        None
    };
    let collected = match source.as_deref().map(scan).transpose() {
        Ok(collected) => collected,
        Err(error) => {
            writeln!(err, "error: {}: {error}", context.display())?;
            return Ok(ExitStatus::Error);
        }
    };
    let is_local = |name: &str| match (&source, &collected) {
        (Some(source), Some(collected)) => collected.is_local(source, 0, name),
        _ => false,
    };
    let classification = if looks_like_an_item(asked) {
        let text = if asked.ends_with(';') {
            asked.to_owned()
        } else {
            format!("{asked};")
        };
        match UseItem::parse(&text) {
            Ok(item) => classify::explain_item(&item, settings, &is_local),
            Err(error) => {
                writeln!(
                    err,
                    "error: --explain: `{asked}` is neither a crate name, a path nor a `use` \
                     item: {error}"
                )?;
                return Ok(ExitStatus::Error);
            }
        }
    } else if UseItem::parse(&format!("use {asked};")).is_err() || asked.contains(['{', '*']) {
        writeln!(
            err,
            "error: --explain: `{asked}` is neither a crate name, a path nor a `use` item"
        )?;
        return Ok(ExitStatus::Error);
    } else {
        classify::explain(asked, settings, &is_local)
    };
    let shown = |path: &Path| resolver.shown(path).display().to_string();
    let Classification { group, reason } = &classification;
    let shown_asked = asked.strip_suffix(';').unwrap_or(asked).trim_end();
    writeln!(out, "{shown_asked}: {}", settings.group_name(*group))?;
    writeln!(out, "  reason: {reason}")?;
    match reason {
        Reason::WorkspaceCrate(crate_name) => {
            if let Some(manifest) = resolved.crate_sources.get(crate_name) {
                writeln!(out, "  declared in: {}", shown(manifest))?;
            }
        }
        Reason::ProjectPattern(_) | Reason::UserGroup { .. } => {
            let key = match reason {
                Reason::ProjectPattern(_) => "project",
                _ => "group",
            };
            if let Some(config) = &resolved.config {
                writeln!(
                    out,
                    "  from: {} (`{}`)",
                    shown(&config.path),
                    config.key(key)
                )?;
            }
        }
        _ => {}
    }
    let sources = &resolved.sources;
    writeln!(
        out,
        "  preset: {:?}, from {}",
        settings.preset.as_str(),
        sources.preset.describe(&shown)
    )?;
    writeln!(
        out,
        "  granularity: {:?}, from {}",
        settings.granularity.as_str(),
        sources.granularity.describe(&shown)
    )?;
    writeln!(
        out,
        "  config: {}",
        config::config_source(&resolved, resolver)
    )?;
    Ok(ExitStatus::Success)
}

/// Whether `--explain` was given a `use` item (`pub use crate::x::Y;`, `#[cfg(test)] use x`)
/// rather than a crate name or path: it holds the word `use`, or an attribute.
fn looks_like_an_item(text: &str) -> bool {
    text.starts_with('#')
        || text
            .split(|c: char| c.is_whitespace() || c == ')')
            .any(|word| word == "use")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_told_from_names_and_paths() {
        for item in [
            "use std::fmt",
            "pub use crate::x::Y;",
            "pub(crate) use a",
            "pub(crate)use a",
            "#[cfg(test)] use a;",
        ] {
            assert!(looks_like_an_item(item), "{item}");
        }
        for name in ["tokio", "tokio::sync", "::std::fmt", "crate::x", "user::x"] {
            assert!(!looks_like_an_item(name), "{name}");
        }
    }
}

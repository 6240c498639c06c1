//! `--explain NAME` and `--show-settings`: the settings resolved for a path, as config describes
//! them, and the group classify gives a name there, with its reason.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Args, ExitStatus};
use crate::classify::{self, Reason};
use crate::config::{self, Resolver};

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
    let described = config::describe(&resolved, resolver);
    if args.show_settings {
        out.write_all(described.as_bytes())?;
        return Ok(ExitStatus::Success);
    }
    let name = args.explain.as_deref().unwrap_or_default();
    let settings = &resolved.settings;
    let classification = classify::explain(name, settings);
    let shown = |path: &Path| resolver.shown(path).display().to_string();
    writeln!(out, "{name}: {}", settings.group_name(classification.group))?;
    writeln!(out, "  reason: {}", classification.reason)?;
    match &classification.reason {
        Reason::WorkspaceCrate(crate_name) => {
            if let Some(manifest) = resolved.crate_sources.get(crate_name) {
                writeln!(out, "  declared in: {}", shown(manifest))?;
            }
        }
        Reason::ProjectPattern(_) | Reason::UserGroup { .. } => {
            let key = match classification.reason {
                Reason::ProjectPattern(_) => "project",
                _ => "group",
            };
            if let Some(config) = &resolved.config {
                let key = if config.table.is_empty() {
                    key.to_owned()
                } else {
                    format!("{}.{key}", config.table)
                };
                writeln!(out, "  from: {} (`{key}`)", shown(&config.path))?;
            }
        }
        _ => {}
    }
    // Where the settings came from, as `--show-settings` opens: `# config: ...`.
    if let Some(source) = described
        .lines()
        .find_map(|line| line.strip_prefix("# config: "))
    {
        writeln!(out, "  config: {source}")?;
    }
    Ok(ExitStatus::Success)
}

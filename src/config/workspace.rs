//! Cargo workspaces: the member directories of a workspace (`members` globs minus `exclude`, and
//! path dependencies inside the root) and the crate names they declare.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use globset::Glob;

use crate::config::manifest::{Dependency, Manifest};
use crate::config::resolver::normalize;
use crate::config::{ConfigError, MANIFEST_FILE};

/// The members of a workspace and the crates they declare.
#[derive(Debug)]
pub(super) struct Workspace {
    /// Each member's directory, canonical.
    pub members: BTreeSet<PathBuf>,
    /// Each crate name (library names, and renamed path dependencies by their local name), with
    /// the manifest that declares it.
    pub crates: BTreeMap<String, PathBuf>,
}

impl Workspace {
    /// The workspace rooted at `root` (a package on its own when it has no `[workspace]`).
    /// `manifest` reads the manifest of a directory, `shown` is how errors name a path.
    pub fn build(
        root: &Manifest,
        manifest: impl Fn(&Path) -> Result<Option<Arc<Manifest>>, Arc<ConfigError>>,
        shown: impl Fn(&Path) -> PathBuf,
    ) -> Result<Workspace, Arc<ConfigError>> {
        let excluded: Vec<PathBuf> = root
            .workspace
            .iter()
            .flat_map(|w| &w.exclude)
            .map(|e| normalize(&root.dir.join(e)))
            .collect();
        let is_excluded = |dir: &Path| excluded.iter().any(|e| dir.starts_with(e));

        let mut queue: Vec<PathBuf> = Vec::new();
        if root.package.is_some() {
            queue.push(root.dir.clone());
        }
        if let Some(table) = &root.workspace {
            for pattern in &table.members {
                let dirs = expand_member_glob(&root.dir, pattern).map_err(|message| {
                    Arc::new(ConfigError::BadValue {
                        path: shown(&root.path),
                        key: "workspace.members".into(),
                        expected: "paths or globs of member directories".into(),
                        found: format!("`{pattern}` ({message})"),
                    })
                })?;
                queue.extend(dirs.into_iter().filter(|d| !is_excluded(d)));
            }
        }

        // Path dependencies inside the root directory are members too, as cargo has it.
        let mut members = BTreeSet::new();
        let mut renamed: Vec<(String, PathBuf, PathBuf)> = Vec::new();
        let mut note_dependencies =
            |manifest: &Manifest, dependencies: &[Dependency], queue: &mut Vec<PathBuf>| {
                for dependency in dependencies {
                    let Some(path) = &dependency.path else {
                        continue;
                    };
                    let target = manifest.dir.join(path);
                    let target = fs::canonicalize(&target).unwrap_or_else(|_| normalize(&target));
                    if !target.starts_with(&root.dir) || is_excluded(&target) {
                        continue;
                    }
                    if dependency.renamed {
                        renamed.push((
                            dependency.local_name.clone(),
                            target.clone(),
                            manifest.path.clone(),
                        ));
                    }
                    queue.push(target);
                }
            };
        if let Some(table) = &root.workspace {
            note_dependencies(root, &table.dependencies(), &mut queue);
        }
        let mut crates = BTreeMap::new();
        while let Some(dir) = queue.pop() {
            if !members.insert(dir.clone()) {
                continue;
            }
            let Some(member) = manifest(&dir)? else {
                continue;
            };
            if let Some(package) = &member.package {
                crates
                    .entry(package.lib_name.clone())
                    .or_insert_with(|| member.path.clone());
            }
            note_dependencies(&member, &member.dependencies, &mut queue);
        }
        for (name, target, declared_in) in renamed {
            if members.contains(&target) {
                crates.entry(name).or_insert(declared_in);
            }
        }
        Ok(Workspace { members, crates })
    }
}

/// Expands a `workspace.members` entry: each path component may be a glob; `**` matches any
/// depth. Only directories holding a Cargo.toml are members.
fn expand_member_glob(root: &Path, pattern: &str) -> Result<Vec<PathBuf>, String> {
    let mut current = vec![root.to_path_buf()];
    for component in Path::new(pattern).components() {
        let component = match component {
            Component::CurDir => continue,
            Component::ParentDir => {
                current.iter_mut().for_each(|dir| {
                    dir.pop();
                });
                continue;
            }
            Component::Normal(part) => part.to_string_lossy().into_owned(),
            Component::RootDir | Component::Prefix(_) => {
                return Err("members must be relative to the workspace root".into());
            }
        };
        let mut next = Vec::new();
        if component == "**" {
            for dir in current {
                collect_dirs(&dir, &mut next);
            }
        } else if component.contains(['*', '?', '[']) {
            let matcher = Glob::new(&component)
                .map_err(|e| e.to_string())?
                .compile_matcher();
            for dir in current {
                let Ok(entries) = fs::read_dir(&dir) else {
                    continue;
                };
                let mut found: Vec<PathBuf> = entries
                    .filter_map(Result::ok)
                    .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                    .filter(|e| matcher.is_match(e.file_name()))
                    .map(|e| e.path())
                    .collect();
                found.sort();
                next.extend(found);
            }
        } else {
            next = current
                .into_iter()
                .map(|dir| dir.join(&component))
                .collect();
        }
        current = next;
    }
    Ok(current
        .into_iter()
        .filter(|dir| dir.join(MANIFEST_FILE).is_file())
        .map(|dir| fs::canonicalize(&dir).unwrap_or(dir))
        .collect())
}

/// `dir` and every directory below it, depth first, in name order.
fn collect_dirs(dir: &Path, out: &mut Vec<PathBuf>) {
    out.push(dir.to_path_buf());
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut subdirs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .collect();
    subdirs.sort();
    for subdir in subdirs {
        collect_dirs(&subdir, out);
    }
}

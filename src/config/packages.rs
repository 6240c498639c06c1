//! Cargo packages, as `cargo grouse` chooses among them the way `cargo fmt` does: the package a
//! directory belongs to and the members of its workspace, by name, from the manifests the
//! resolver reads (no `cargo metadata`, nothing online).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::manifest::Manifest;
use crate::config::resolver::PackageOf;
use crate::config::{ConfigError, Resolver};

/// A package of a workspace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CargoPackage {
    /// `package.name`.
    pub name: String,
    /// Its directory, absolute and canonical.
    pub dir: PathBuf,
}

/// The packages around a directory.
#[derive(Debug)]
pub struct CargoPackages {
    /// The package the directory belongs to; `None` outside any package, as at the root of a
    /// virtual workspace.
    pub current: Option<CargoPackage>,
    /// The root manifest of the workspace, or the package's own when it is in none.
    pub root_manifest: PathBuf,
    /// Every member of the workspace (the package alone, and its path dependencies inside its
    /// directory, when it is in none), in the order of their directories.
    pub members: Vec<CargoPackage>,
}

impl Resolver {
    /// The packages around `dir`: the nearest manifest with `[package]` from `dir` upward, and
    /// its workspace; or, outside any package, the nearest workspace above `dir`. `None` where
    /// there is neither.
    pub fn cargo_packages(&self, dir: &Path) -> Result<Option<CargoPackages>, Arc<ConfigError>> {
        let dir = self.canonical_dir(dir);
        let PackageOf {
            package,
            workspace_manifest,
            workspace,
        } = self.package_of(&dir)?;
        let root_manifest = match (&workspace_manifest, &package) {
            (Some(root), _) | (None, Some(root)) => root.path.clone(),
            (None, None) => return Ok(None),
        };
        let Some(workspace) = workspace else {
            return Ok(None);
        };
        let mut members = Vec::new();
        for member in &workspace.members {
            let Some(manifest) = self.manifest(member)? else {
                continue;
            };
            if let Some(name) = package_name(&manifest) {
                members.push(CargoPackage {
                    name,
                    dir: member.clone(),
                });
            }
        }
        let current = package.and_then(|manifest| {
            Some(CargoPackage {
                name: package_name(&manifest)?,
                dir: manifest.dir.clone(),
            })
        });
        Ok(Some(CargoPackages {
            current,
            root_manifest,
            members,
        }))
    }
}

/// The name `-p` knows a package by: `package.name`, else its library's.
fn package_name(manifest: &Manifest) -> Option<String> {
    let package = manifest.package.as_ref()?;
    Some(
        package
            .name
            .clone()
            .unwrap_or_else(|| package.lib_name.clone()),
    )
}

//! Cargo manifests: the parts of a Cargo.toml grouse reads (package and library names, editions,
//! workspace members, path dependencies, grouse's metadata tables). Everything else in the file is
//! Cargo's business and is not checked here.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Unexpected, Visitor};

use crate::config::de::{self as toml_de, ArrayOf, Choice, EDITIONS, MISSING};
use crate::config::error::read_toml;
use crate::config::grouse_toml::{METADATA_TABLES, metadata_table};
use crate::config::{Config, ConfigError, Shared};
use crate::settings::StyleEdition;

/// A Cargo.toml, as far as grouse reads it.
#[derive(Debug)]
pub(super) struct Manifest {
    pub path: PathBuf,
    pub dir: PathBuf,
    pub package: Option<Package>,
    pub workspace: Option<WorkspaceTable>,
    /// The dependencies of every kind and target.
    pub dependencies: Vec<Dependency>,
    /// `[package.metadata.grouse]`, if the manifest has a package and the table.
    pub package_config: Option<Shared<Config>>,
    /// `[workspace.metadata.grouse]`, if the manifest has a workspace and the table.
    pub workspace_config: Option<Shared<Config>>,
}

/// `[package]`.
#[derive(Debug)]
pub(super) struct Package {
    /// `package.name`, as cargo's `-p` takes it.
    pub name: Option<String>,
    /// The library target's name: `lib.name`, else the package name with `-` as `_`.
    pub lib_name: String,
    pub edition: EditionField,
    /// `package.workspace`: an explicit path to the workspace root.
    pub workspace: Option<String>,
}

/// `package.edition`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum EditionField {
    Missing,
    Value(StyleEdition),
    /// `edition.workspace = true`
    Inherited,
}

/// `[workspace]`.
#[derive(Debug, Default, Deserialize)]
#[serde(expecting = "a table")]
pub(super) struct WorkspaceTable {
    #[serde(default, deserialize_with = "paths")]
    pub members: Vec<String>,
    #[serde(default, deserialize_with = "paths")]
    pub exclude: Vec<String>,
    #[serde(default)]
    package: WorkspacePackage,
    #[serde(default)]
    dependencies: BTreeMap<String, DependencySpec>,
}

impl WorkspaceTable {
    /// `workspace.package.edition`, which members inherit with `edition.workspace = true`.
    pub fn edition(&self) -> Option<StyleEdition> {
        self.package.edition
    }

    /// `[workspace.dependencies]`.
    pub fn dependencies(&self) -> Vec<Dependency> {
        dependencies(&self.dependencies)
    }
}

/// A dependency, as far as workspace membership needs it.
#[derive(Debug)]
pub(super) struct Dependency {
    /// The name the dependency is known by in code (`-` as `_`).
    pub local_name: String,
    pub path: Option<String>,
    /// `package = "..."`: the dependency is renamed.
    pub renamed: bool,
}

/// The keys of a Cargo.toml grouse reads, outside the dependency tables.
#[derive(Deserialize)]
#[serde(expecting = "a table")]
struct CargoToml {
    package: Option<PackageTable>,
    lib: Option<LibTable>,
    workspace: Option<WorkspaceTable>,
    /// `[target.'cfg(...)'.dependencies]` and the like.
    #[serde(default)]
    target: BTreeMap<String, DependencyTables>,
}

#[derive(Deserialize)]
#[serde(expecting = "a table")]
struct PackageTable {
    name: Option<String>,
    #[serde(default)]
    edition: Option<EditionField>,
    #[serde(default, deserialize_with = "path")]
    workspace: Option<String>,
}

#[derive(Deserialize)]
#[serde(expecting = "a table")]
struct LibTable {
    name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(expecting = "a table")]
struct WorkspacePackage {
    #[serde(default, deserialize_with = "toml_de::style_edition")]
    edition: Option<StyleEdition>,
}

/// The dependency tables of a manifest or of one of its targets, under both spellings Cargo
/// accepts.
#[derive(Default, Deserialize)]
#[serde(expecting = "a table")]
struct DependencyTables {
    #[serde(default)]
    dependencies: BTreeMap<String, DependencySpec>,
    #[serde(default, rename = "dev-dependencies")]
    dev_dependencies: BTreeMap<String, DependencySpec>,
    #[serde(default, rename = "dev_dependencies")]
    dev_dependencies_underscored: BTreeMap<String, DependencySpec>,
    #[serde(default, rename = "build-dependencies")]
    build_dependencies: BTreeMap<String, DependencySpec>,
    #[serde(default, rename = "build_dependencies")]
    build_dependencies_underscored: BTreeMap<String, DependencySpec>,
}

impl DependencyTables {
    fn all(&self) -> impl Iterator<Item = Dependency> + '_ {
        [
            &self.dependencies,
            &self.dev_dependencies,
            &self.dev_dependencies_underscored,
            &self.build_dependencies,
            &self.build_dependencies_underscored,
        ]
        .into_iter()
        .flat_map(dependencies)
    }
}

/// A dependency as written: a version string, or a table of which grouse reads `path` and
/// whether `package` renames it.
#[derive(Debug)]
enum DependencySpec {
    Version,
    Detailed { path: Option<String>, renamed: bool },
}

impl<'de> Deserialize<'de> for DependencySpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<DependencySpec, D::Error> {
        deserializer.deserialize_any(DependencyVisitor)
    }
}

struct DependencyVisitor;

impl<'de> Visitor<'de> for DependencyVisitor {
    type Value = DependencySpec;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a version or a table")
    }

    fn visit_str<E: de::Error>(self, _version: &str) -> Result<DependencySpec, E> {
        Ok(DependencySpec::Version)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut table: A) -> Result<DependencySpec, A::Error> {
        let (mut path, mut renamed) = (None, false);
        while let Some(key) = table.next_key::<&str>()? {
            match key {
                "path" => path = Some(table.next_value::<String>()?),
                "package" => {
                    renamed = true;
                    table.next_value::<IgnoredAny>()?;
                }
                _ => {
                    table.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(DependencySpec::Detailed { path, renamed })
    }
}

fn dependencies(table: &BTreeMap<String, DependencySpec>) -> Vec<Dependency> {
    table
        .iter()
        .filter_map(|(name, spec)| match spec {
            DependencySpec::Detailed { path, renamed } => Some(Dependency {
                local_name: name.replace('-', "_"),
                path: path.clone(),
                renamed: *renamed,
            }),
            DependencySpec::Version => None,
        })
        .collect()
}

impl Manifest {
    /// Reads the manifest at `path`, in `dir`; `shown` is the path errors name.
    pub fn read(path: &Path, shown: &Path, dir: &Path) -> Result<Manifest, ConfigError> {
        let value = read_toml(path, shown)?;
        let cargo: CargoToml = toml_de::from_value(&value, "", shown)?;
        let top_level: DependencyTables = toml_de::from_value(&value, "", shown)?;

        let package = match cargo.package {
            None => None,
            Some(table) => {
                let lib_name = match cargo.lib.and_then(|lib| lib.name) {
                    Some(name) => name,
                    None => table
                        .name
                        .clone()
                        .ok_or_else(|| ConfigError::BadValue {
                            path: shown.to_path_buf(),
                            key: "package.name".into(),
                            expected: "a string".into(),
                            found: MISSING.into(),
                        })?
                        .replace('-', "_"),
                };
                Some(Package {
                    name: table.name,
                    lib_name,
                    edition: table.edition.unwrap_or(EditionField::Missing),
                    workspace: table.workspace,
                })
            }
        };

        let mut dependencies: Vec<Dependency> = top_level.all().collect();
        for target in cargo.target.values() {
            dependencies.extend(target.all());
        }

        let config_in = |present: bool, table: &'static str| {
            present
                .then(|| metadata_table(&value, table))
                .flatten()
                .map(|settings| {
                    Config::parse(settings, path, shown, table, dir)
                        .map(Arc::new)
                        .map_err(Arc::new)
                })
        };
        let [package_table, workspace_table] = METADATA_TABLES;
        Ok(Manifest {
            path: path.to_path_buf(),
            dir: dir.to_path_buf(),
            package_config: config_in(package.is_some(), package_table),
            workspace_config: config_in(cargo.workspace.is_some(), workspace_table),
            package,
            workspace: cargo.workspace,
            dependencies,
        })
    }
}

fn paths<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    ArrayOf {
        expected: "an array of paths",
        element: toml_de::text("a path"),
    }
    .deserialize(deserializer)
}

fn path<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    toml_de::text("a path").deserialize(deserializer).map(Some)
}

impl<'de> Deserialize<'de> for EditionField {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<EditionField, D::Error> {
        deserializer.deserialize_any(EditionVisitor)
    }
}

/// `package.edition`: an edition, or `{ workspace = true }`.
struct EditionVisitor;

impl<'de> Visitor<'de> for EditionVisitor {
    type Value = EditionField;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{EDITIONS} or `{{ workspace = true }}`")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<EditionField, E> {
        let edition = Choice {
            expected: EDITIONS,
            parse: StyleEdition::parse,
        };
        edition.visit_str(text).map(EditionField::Value)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut table: A) -> Result<EditionField, A::Error> {
        let mut inherited = false;
        while let Some(key) = table.next_key::<&str>()? {
            if key == "workspace" {
                inherited = table.next_value::<bool>()?;
            } else {
                table.next_value::<IgnoredAny>()?;
            }
        }
        if inherited {
            Ok(EditionField::Inherited)
        } else {
            Err(de::Error::invalid_type(Unexpected::Map, &self))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Manifest, ConfigError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Cargo.toml");
        std::fs::write(&path, text).unwrap();
        Manifest::read(&path, Path::new("Cargo.toml"), dir.path())
    }

    #[test]
    fn reads_names_editions_and_path_dependencies() {
        let manifest = read(
            "[package]\nname = \"acme-core\"\nedition = \"2021\"\nversion = \"1.0.0\"\n\
             [dependencies]\nserde = \"1\"\nutil = { path = \"../util\" }\n\
             [target.'cfg(unix)'.dev-dependencies]\nhelpers = { path = \"../t\", package = \"t\" }\n",
        )
        .unwrap();
        let package = manifest.package.as_ref().unwrap();
        assert_eq!(package.name.as_deref(), Some("acme-core"));
        assert_eq!(package.lib_name, "acme_core");
        assert_eq!(package.edition, EditionField::Value(StyleEdition::E2021));
        let deps: Vec<(&str, Option<&str>, bool)> = manifest
            .dependencies
            .iter()
            .map(|d| (d.local_name.as_str(), d.path.as_deref(), d.renamed))
            .collect();
        assert_eq!(
            deps,
            [
                ("util", Some("../util"), false),
                ("helpers", Some("../t"), true)
            ]
        );
    }

    #[test]
    fn keys_grouse_does_not_read_may_hold_anything() {
        let manifest = read(
            "[package]\nname = \"app\"\nreleased = 1979-05-27\n\
             [package.metadata.other]\nwhen = 1979-05-27T07:32:00Z\n\
             [dependencies]\nlocal = { path = \"../local\", since = 1979-05-27 }\n",
        )
        .unwrap();
        assert_eq!(manifest.dependencies[0].path.as_deref(), Some("../local"));
    }

    #[test]
    fn an_inherited_edition_and_a_lib_name() {
        let manifest = read(
            "[package]\nname = \"util\"\nedition.workspace = true\n[lib]\nname = \"utilities\"\n",
        )
        .unwrap();
        let package = manifest.package.unwrap();
        assert_eq!(package.lib_name, "utilities");
        assert_eq!(package.edition, EditionField::Inherited);
    }

    #[test]
    fn mistakes_in_what_grouse_reads_name_the_key() {
        let error = |text: &str| read(text).unwrap_err().to_string();
        assert_eq!(
            error("[package]\nname = \"app\"\nedition = { workspace = false }\n"),
            "Cargo.toml: key `package.edition`: expected one of \"2015\", \"2018\", \"2021\", \
             \"2024\" or `{ workspace = true }`, found a table"
        );
        assert_eq!(
            error("[package]\nversion = \"1.0.0\"\n"),
            "Cargo.toml: key `package.name`: expected a string, found nothing (the key is missing)"
        );
        assert_eq!(
            error("[workspace]\nmembers = [\"a\", 2]\n"),
            "Cargo.toml: key `workspace.members[1]`: expected a path, found the integer 2"
        );
        assert_eq!(
            error("[workspace.package]\nedition = \"2030\"\n"),
            "Cargo.toml: key `workspace.package.edition`: expected one of \"2015\", \"2018\", \
             \"2021\", \"2024\", found \"2030\""
        );
    }

    #[test]
    fn a_bad_metadata_table_is_kept_for_whoever_uses_it() {
        let manifest =
            read("[package]\nname = \"app\"\n[package.metadata.grouse]\ncolour = 1\n").unwrap();
        let error = manifest.package_config.unwrap().unwrap_err();
        assert!(
            error
                .to_string()
                .contains("unknown key `package.metadata.grouse.colour`")
        );
        assert!(manifest.workspace_config.is_none());
    }
}

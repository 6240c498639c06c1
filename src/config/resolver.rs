//! The resolver: the settings of each directory, from the config files around it, each file read
//! and parsed at most once per run and each result cached per directory.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use crate::config::error::read_toml;
use crate::config::manifest::{EditionField, Manifest};
use crate::config::rustfmt_toml::{
    GroupImports, IndentStyle, RUSTFMT_FILES, RustfmtConfig, TrailingComma,
};
use crate::config::style_edition::style_edition;
use crate::config::workspace::Workspace;
use crate::config::{CONFIG_FILE, Config, ConfigError, MANIFEST_FILE, Shared, Source};
use crate::hash::FastMap;
use crate::settings::{Granularity, Layout, Preset, Settings, StyleEdition};

/// Everything resolved for the files of one directory.
#[derive(Debug)]
pub struct Resolved {
    pub settings: Settings,
    /// The config the settings came from; `None` means built-in defaults.
    pub config: Option<Arc<Config>>,
    /// Where the settings that rustfmt.toml can give came from.
    pub sources: Sources,
    /// The manifest of the package the directory belongs to.
    pub package: Option<PathBuf>,
    /// The root manifest of the workspace, if the package is in one.
    pub workspace: Option<PathBuf>,
    /// The package's edition, as `cargo fmt` passes it to rustfmt (`--edition`): the
    /// manifest's, inherited from the workspace, or 2015 when it says none; `None` outside any
    /// package.
    pub edition: Option<StyleEdition>,
    /// Each workspace crate name, with the manifest that declares it.
    pub crate_sources: BTreeMap<String, PathBuf>,
}

impl Resolved {
    /// Whether `path` (absolute) is excluded by the config in force.
    pub fn excludes(&self, path: &Path, is_dir: bool) -> bool {
        self.config
            .as_ref()
            .is_some_and(|config| config.excludes(path, is_dir))
    }
}

/// Where each setting that rustfmt.toml can give came from: grouse's config, rustfmt.toml,
/// Cargo.toml or the default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sources {
    pub preset: Source,
    pub style_edition: Source,
    pub granularity: Source,
    pub max_width: Source,
    pub tab_spaces: Source,
    pub hard_tabs: Source,
    pub imports_layout: Source,
}

/// A directory found by the walker: the settings of its files, and its config's `exclude`.
#[derive(Debug)]
pub struct WalkedDir {
    /// The directory, absolute and canonical: config `exclude` globs are matched against it.
    canonical: PathBuf,
    /// The settings of the files in the directory.
    pub settings: Shared<Resolved>,
}

impl WalkedDir {
    /// Whether the config in force in this directory excludes its entry `name`.
    pub fn excludes(&self, name: &OsStr, is_dir: bool) -> bool {
        match &self.settings {
            Ok(resolved) => match &resolved.config {
                Some(config) if !config.exclude.is_empty() => {
                    config.excludes(&self.canonical.join(name), is_dir)
                }
                _ => false,
            },
            // The files below report the error; walk on.
            Err(_) => false,
        }
    }
}

/// Values computed once per path, each by the first thread that asks for it. Another thread
/// asking for the same path waits for that value; paths of its own it computes meanwhile, as no
/// lock is held while a value is computed.
struct Memo<V> {
    cells: Mutex<FastMap<PathBuf, Arc<OnceLock<V>>>>,
}

impl<V> Default for Memo<V> {
    fn default() -> Memo<V> {
        Memo {
            cells: Mutex::default(),
        }
    }
}

impl<V: Clone> Memo<V> {
    /// The value for `key`, computed by `init` if no thread has yet.
    fn get_or_init(&self, key: &Path, init: impl FnOnce() -> V) -> V {
        let cell = {
            let mut cells = lock(&self.cells);
            match cells.get(key) {
                Some(cell) => Arc::clone(cell),
                None => {
                    let cell = Arc::new(OnceLock::new());
                    cells.insert(key.to_path_buf(), Arc::clone(&cell));
                    cell
                }
            }
        };
        cell.get_or_init(init).clone()
    }
}

/// Locks `mutex`. A panic while it was held leaves what it guards consistent: every insert is
/// whole.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The package a directory belongs to, and its workspace.
pub(super) struct PackageOf {
    /// The nearest manifest with `[package]`, from the directory upward.
    pub package: Option<Arc<Manifest>>,
    /// The root manifest of the workspace the package is a member of (for a directory outside
    /// any package, the nearest `[workspace]` above it).
    pub workspace_manifest: Option<Arc<Manifest>>,
    /// That workspace's members and crates; the package's own when it is in none.
    pub workspace: Option<Arc<Workspace>>,
}

/// Resolves settings for directories, caching every file it reads. Shared between threads:
/// lookups wait for one another only when they need the same file or directory.
pub struct Resolver {
    cwd: PathBuf,
    override_config: Option<PathBuf>,
    /// Each directory by the path it was asked for, canonical: a value computes the same in any
    /// thread, so two threads may both compute it, and the first stored is kept.
    canonical: Mutex<FastMap<PathBuf, PathBuf>>,
    /// The Cargo.toml of each directory, by its canonical path.
    manifests: Memo<Option<Shared<Manifest>>>,
    /// The grouse.toml of each directory.
    configs: Memo<Option<Shared<Config>>>,
    /// The rustfmt config file of each directory.
    rustfmts: Memo<Option<Shared<RustfmtConfig>>>,
    /// Each workspace, by the directory of its root manifest.
    workspaces: Memo<Shared<Workspace>>,
    /// The settings of each directory.
    resolved: Memo<Shared<Resolved>>,
    /// The `--config` file, once read.
    parsed_override: OnceLock<Shared<Config>>,
}

impl Resolver {
    /// `cwd` is the directory relative paths are resolved against; `override_config` is
    /// `--config FILE`, used instead of discovery.
    pub fn new(cwd: &Path, override_config: Option<&Path>) -> Resolver {
        let cwd = fs::canonicalize(cwd).unwrap_or_else(|_| normalize(cwd));
        let override_config = override_config.map(|path| absolute(&cwd, path));
        Resolver {
            cwd,
            override_config,
            canonical: Mutex::default(),
            manifests: Memo::default(),
            configs: Memo::default(),
            rustfmts: Memo::default(),
            workspaces: Memo::default(),
            resolved: Memo::default(),
            parsed_override: OnceLock::new(),
        }
    }

    /// `path` as shown to users: relative to the current directory when under it.
    pub fn shown(&self, path: &Path) -> PathBuf {
        match path.strip_prefix(&self.cwd) {
            Ok(rest) if rest.as_os_str().is_empty() => PathBuf::from("."),
            Ok(rest) => rest.to_path_buf(),
            Err(_) => path.to_path_buf(),
        }
    }

    /// The absolute, canonical form of a directory (lexical when it does not exist).
    pub fn canonical_dir(&self, dir: &Path) -> PathBuf {
        self.canonical_or(dir, || {
            // Below a directory already resolved, a subdirectory that is not a symlink is its
            // parent's canonical path plus its name: one `lstat` instead of one per component.
            let derived = match (dir.parent(), dir.file_name()) {
                (Some(parent), Some(name)) => self
                    .known_canonical(parent)
                    .filter(|_| fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()))
                    .map(|parent| parent.join(name)),
                _ => None,
            };
            derived.unwrap_or_else(|| {
                let absolute = absolute(&self.cwd, dir);
                fs::canonicalize(&absolute).unwrap_or(absolute)
            })
        })
    }

    /// The settings for a file (which need not exist, as with `--stdin-filename`).
    pub fn for_file(&self, file: &Path) -> Shared<Resolved> {
        let dir = match file.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        self.for_dir(dir)
    }

    /// The settings for the files of a directory.
    pub fn for_dir(&self, dir: &Path) -> Shared<Resolved> {
        let dir = self.canonical_dir(dir);
        self.for_canonical_dir(&dir)
    }

    fn for_canonical_dir(&self, dir: &Path) -> Shared<Resolved> {
        // A directory without a file of its own that could change the settings resolves as its
        // parent: most directories of a tree cost a few `stat` calls and share one result.
        self.resolved.get_or_init(dir, || match dir.parent() {
            Some(parent) if !has_settings_files(dir) => self.for_canonical_dir(parent),
            _ => self.resolve(dir).map(Arc::new),
        })
    }

    /// The settings of a directory found by the walker, looked up once for all of its entries.
    pub fn walked_dir(&self, dir: &Path) -> WalkedDir {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let canonical = self.canonical_walked_dir(dir);
        let settings = self.for_canonical_dir(&canonical);
        WalkedDir {
            canonical,
            settings,
        }
    }

    /// The canonical path of a directory found by the walker, which never follows symlinks: below
    /// a known directory it is the parent's canonical path plus its name, with no system call.
    fn canonical_walked_dir(&self, dir: &Path) -> PathBuf {
        if let Some(known) = self.known_canonical(dir) {
            return known;
        }
        let derived = match (dir.parent(), dir.file_name()) {
            (Some(parent), Some(name)) => self.known_canonical(parent).map(|p| p.join(name)),
            _ => None,
        };
        match derived {
            Some(canonical) => self.canonical_or(dir, || canonical),
            None => self.canonical_dir(dir),
        }
    }

    /// The canonical path of `dir`, if it was asked for before.
    fn known_canonical(&self, dir: &Path) -> Option<PathBuf> {
        lock(&self.canonical).get(dir).cloned()
    }

    /// The canonical path of `dir`: the one stored, else `compute`d and stored.
    fn canonical_or(&self, dir: &Path, compute: impl FnOnce() -> PathBuf) -> PathBuf {
        if let Some(known) = self.known_canonical(dir) {
            return known;
        }
        let canonical = compute();
        lock(&self.canonical)
            .entry(dir.to_path_buf())
            .or_insert(canonical)
            .clone()
    }

    /// The package `dir` belongs to and its workspace, as cargo finds them.
    pub(super) fn package_of(&self, dir: &Path) -> Result<PackageOf, Arc<ConfigError>> {
        // The package: the nearest manifest with `[package]`.
        let mut package = None;
        for ancestor in dir.ancestors() {
            if let Some(manifest) = self.manifest(ancestor)? {
                if manifest.package.is_some() {
                    package = Some(manifest);
                    break;
                }
            }
        }

        // The workspace: `package.workspace`, else the nearest `[workspace]` above the package
        // (or above the directory, for files outside any package) that has it as a member.
        let mut workspace_manifest = None;
        let explicit_root = package.as_ref().and_then(|p| {
            p.package
                .as_ref()
                .and_then(|p| p.workspace.as_ref())
                .map(|w| (p, w))
        });
        if let Some((package, root)) = explicit_root {
            let root = fs::canonicalize(package.dir.join(root))
                .unwrap_or_else(|_| normalize(&package.dir.join(root)));
            workspace_manifest = self.manifest(&root)?.filter(|m| m.workspace.is_some());
        } else {
            let start = package.as_ref().map_or(dir, |p| p.dir.as_path());
            for ancestor in start.ancestors() {
                if let Some(manifest) = self.manifest(ancestor)? {
                    if manifest.workspace.is_some() {
                        workspace_manifest = Some(manifest);
                        break;
                    }
                }
            }
        }
        let mut workspace = None;
        if let Some(root) = &workspace_manifest {
            let built = self.workspace(root)?;
            let is_member = package
                .as_ref()
                .is_none_or(|p| built.members.contains(&p.dir));
            if is_member {
                workspace = Some(built);
            } else {
                workspace_manifest = None;
            }
        }
        if workspace.is_none() {
            if let Some(package) = &package {
                workspace = Some(self.workspace(package)?);
            }
        }
        Ok(PackageOf {
            package,
            workspace_manifest,
            workspace,
        })
    }

    fn resolve(&self, dir: &Path) -> Result<Resolved, Arc<ConfigError>> {
        let PackageOf {
            package,
            workspace_manifest,
            workspace,
        } = self.package_of(dir)?;

        // The config: the nearest grouse.toml or metadata table, or `--config`.
        let config = match &self.override_config {
            Some(path) => Some(self.override_config(path)?),
            None => self.discover_config(dir, package.as_deref())?,
        };

        // The style edition, as `cargo fmt` decides it, unless grouse's config says.
        let rustfmt = self.nearest_rustfmt(dir)?;
        let package_edition = match &package {
            Some(manifest) => self.package_edition(manifest, workspace_manifest.as_deref())?,
            None => None,
        };
        let edition = package.as_ref().map(|_| {
            package_edition
                .as_ref()
                .map_or(StyleEdition::E2015, |(edition, _)| *edition)
        });
        let grouse_edition = config.as_ref().and_then(|config| {
            let source = Source::key(&config.path, config.key("style_edition"));
            config.style_edition.map(|edition| (edition, source))
        });
        let (style_edition, style_source) =
            style_edition(grouse_edition, rustfmt.as_deref(), package_edition);
        let imports = imports(config.as_deref(), rustfmt.as_deref(), |path| {
            self.shown(path)
        })?;

        let crate_sources = workspace
            .as_ref()
            .map(|w| w.crates.clone())
            .unwrap_or_default();
        let mut settings = Settings {
            preset: imports.preset,
            style_edition,
            workspace_crates: crate_sources.keys().cloned().collect(),
            granularity: imports.granularity,
            layout: Layout {
                edition: style_edition,
                ..imports.layout
            },
            ..Settings::default()
        };
        if let Some(config) = &config {
            if let Some(groups) = &config.groups {
                settings.groups = groups.clone();
            }
            settings.user_groups = config.user_groups.clone();
            settings.project = config.project.clone();
        }
        Ok(Resolved {
            settings,
            config,
            sources: Sources {
                style_edition: style_source,
                ..imports.sources
            },
            package: package.map(|p| p.path.clone()),
            workspace: workspace_manifest.map(|w| w.path.clone()),
            edition,
            crate_sources,
        })
    }

    fn discover_config(
        &self,
        dir: &Path,
        package: Option<&Manifest>,
    ) -> Result<Option<Arc<Config>>, Arc<ConfigError>> {
        for ancestor in dir.ancestors() {
            if let Some(config) = self.grouse_toml(ancestor)? {
                return Ok(Some(config));
            }
            if let Some(manifest) = self.manifest(ancestor)? {
                let own_package = package.is_some_and(|p| p.dir == manifest.dir);
                let table = if own_package {
                    manifest.package_config.as_ref()
                } else {
                    None
                };
                if let Some(config) = table.or(manifest.workspace_config.as_ref()) {
                    return config.clone().map(Some);
                }
            }
        }
        Ok(None)
    }

    /// Whether the `--config` file, if one was given, can be used: its error otherwise, the one
    /// every directory's settings would carry.
    pub fn override_config_error(&self) -> Result<(), Arc<ConfigError>> {
        match &self.override_config {
            Some(path) => self.override_config(path).map(drop),
            None => Ok(()),
        }
    }

    fn override_config(&self, path: &Path) -> Shared<Config> {
        self.parsed_override
            .get_or_init(|| self.read_override_config(path))
            .clone()
    }

    fn read_override_config(&self, path: &Path) -> Shared<Config> {
        Config::read_file(path, &self.shown(path))
            .map(Arc::new)
            .map_err(Arc::new)
    }

    fn grouse_toml(&self, dir: &Path) -> Result<Option<Arc<Config>>, Arc<ConfigError>> {
        self.configs
            .get_or_init(dir, || {
                let path = dir.join(CONFIG_FILE);
                path.is_file().then(|| {
                    let shown = self.shown(&path);
                    read_toml(&path, &shown)
                        .and_then(|value| Config::parse(&value, &path, &shown, "", dir))
                        .map(Arc::new)
                        .map_err(Arc::new)
                })
            })
            .transpose()
    }

    pub(super) fn manifest(&self, dir: &Path) -> Result<Option<Arc<Manifest>>, Arc<ConfigError>> {
        self.manifests
            .get_or_init(dir, || {
                let path = dir.join(MANIFEST_FILE);
                path.is_file().then(|| {
                    let shown = self.shown(&path);
                    Manifest::read(&path, &shown, dir)
                        .map(Arc::new)
                        .map_err(Arc::new)
                })
            })
            .transpose()
    }

    fn nearest_rustfmt(&self, dir: &Path) -> Result<Option<Arc<RustfmtConfig>>, Arc<ConfigError>> {
        for ancestor in dir.ancestors() {
            let found = self.rustfmts.get_or_init(ancestor, || {
                let path = RUSTFMT_FILES
                    .iter()
                    .map(|name| ancestor.join(name))
                    .find(|p| p.is_file())?;
                let shown = self.shown(&path);
                Some(
                    RustfmtConfig::read(&path, &shown)
                        .map(Arc::new)
                        .map_err(Arc::new),
                )
            });
            if let Some(rustfmt) = found.transpose()? {
                return Ok(Some(rustfmt));
            }
        }
        Ok(None)
    }

    fn package_edition(
        &self,
        package: &Manifest,
        workspace: Option<&Manifest>,
    ) -> Result<Option<(StyleEdition, Source)>, Arc<ConfigError>> {
        let Some(info) = &package.package else {
            return Ok(None);
        };
        match info.edition {
            EditionField::Missing => Ok(None),
            EditionField::Value(edition) => Ok(Some((
                edition,
                Source::key(&package.path, "package.edition"),
            ))),
            EditionField::Inherited => {
                let inherited = workspace.and_then(|w| {
                    w.workspace
                        .as_ref()
                        .and_then(|t| t.edition())
                        .map(|e| (w, e))
                });
                match inherited {
                    Some((workspace, edition)) => Ok(Some((
                        edition,
                        Source::key(&workspace.path, "workspace.package.edition"),
                    ))),
                    None => Err(Arc::new(ConfigError::BadValue {
                        path: self.shown(&package.path),
                        key: "package.edition".into(),
                        expected: "an edition, or `edition.workspace = true` in a workspace \
                                   whose root sets `workspace.package.edition`"
                            .into(),
                        found: "`edition.workspace = true` with no workspace edition".into(),
                    })),
                }
            }
        }
    }

    /// The members and crate names of the workspace rooted at `root` (a package on its own when
    /// it has no `[workspace]`).
    fn workspace(&self, root: &Manifest) -> Shared<Workspace> {
        self.workspaces.get_or_init(&root.dir, || {
            Workspace::build(root, |dir| self.manifest(dir), |path| self.shown(path)).map(Arc::new)
        })
    }
}

/// The import settings of a directory and where each came from (the style edition's source is
/// left as the default, for the caller to fill).
struct Imports {
    preset: Preset,
    granularity: Granularity,
    layout: Layout,
    sources: Sources,
}

/// The preset, granularity and layout: each from grouse's config where it says, else from the
/// rustfmt config file rustfmt would use, else the default. `shown` writes paths for errors.
///
/// A layout grouse cannot print (`imports_indent = "Visual"`, `trailing_comma` other than
/// `"Vertical"`) is an error when items are merged or split, and is ignored with granularity
/// `preserve`, where grouse prints no item of its own.
fn imports(
    config: Option<&Config>,
    rustfmt: Option<&RustfmtConfig>,
    shown: impl Fn(&Path) -> PathBuf,
) -> Result<Imports, Arc<ConfigError>> {
    let rustfmt_key = |key: &str| Source::key(rustfmt.map_or(Path::new(""), |r| &r.path), key);

    let from_config = config.and_then(|config| {
        config.preset.map(|(preset, key)| {
            let (path, key) = (config.path.clone(), config.key(key));
            let source = if config.preset_is_explicit() {
                Source::Key { path, key }
            } else {
                Source::Implied { path, key }
            };
            (preset, source)
        })
    });
    let from_rustfmt = rustfmt.and_then(|r| r.group_imports).map(|group_imports| {
        let preset = match group_imports {
            GroupImports::StdExternalCrate => Preset::Rustfmt,
            GroupImports::One => Preset::One,
            GroupImports::Preserve => Preset::Preserve,
        };
        (preset, rustfmt_key("group_imports"))
    });
    // A rustfmt.toml that merges imports (`imports_granularity`, `merge_imports`) without
    // `group_imports` is a team that merges but does not regroup: nightly rustfmt keeps its
    // blank-line-separated chunks, and so does `preserve`.
    let merges_without_grouping = rustfmt
        .filter(|r| r.group_imports.is_none())
        .and_then(RustfmtConfig::granularity)
        .filter(|(granularity, _)| *granularity != Granularity::Preserve)
        .map(|(_, key)| {
            let path = rustfmt.map_or_else(PathBuf::new, |r| r.path.clone());
            let source = Source::Implied {
                path,
                key: key.to_owned(),
            };
            (Preset::Preserve, source)
        });
    let (preset, preset_source) = from_config
        .or(from_rustfmt)
        .or(merges_without_grouping)
        .unwrap_or((Preset::default(), Source::Default));

    let from_config = config.and_then(|config| {
        let source = Source::key(&config.path, config.key("granularity"));
        config.granularity.map(|granularity| (granularity, source))
    });
    let from_rustfmt = rustfmt
        .and_then(RustfmtConfig::granularity)
        .map(|(granularity, key)| (granularity, rustfmt_key(key)));
    let (granularity, granularity_source) = from_config
        .or(from_rustfmt)
        .unwrap_or((Granularity::default(), Source::Default));

    let default = Layout::default();
    let given = |value: Option<&RustfmtConfig>, key: &str| match value {
        Some(_) => rustfmt_key(key),
        None => Source::Default,
    };
    let layout = Layout {
        max_width: rustfmt
            .and_then(|r| r.max_width)
            .unwrap_or(default.max_width),
        tab_spaces: rustfmt
            .and_then(|r| r.tab_spaces)
            .unwrap_or(default.tab_spaces),
        hard_tabs: rustfmt
            .and_then(|r| r.hard_tabs)
            .unwrap_or(default.hard_tabs),
        imports_layout: rustfmt
            .and_then(|r| r.imports_layout)
            .unwrap_or(default.imports_layout),
        ..default
    };
    let sources = Sources {
        preset: preset_source,
        style_edition: Source::Default,
        granularity: granularity_source,
        max_width: given(rustfmt.filter(|r| r.max_width.is_some()), "max_width"),
        tab_spaces: given(rustfmt.filter(|r| r.tab_spaces.is_some()), "tab_spaces"),
        hard_tabs: given(rustfmt.filter(|r| r.hard_tabs.is_some()), "hard_tabs"),
        imports_layout: given(
            rustfmt.filter(|r| r.imports_layout.is_some()),
            "imports_layout",
        ),
    };

    if let (Some(rustfmt), false) = (rustfmt, granularity == Granularity::Preserve) {
        let unsupported = if rustfmt.imports_indent == Some(IndentStyle::Visual) {
            Some((
                "imports_indent",
                "\"Block\"",
                "\"Visual\"",
                "block indentation",
            ))
        } else {
            let found = match rustfmt.trailing_comma {
                Some(TrailingComma::Always) => Some("\"Always\""),
                Some(TrailingComma::Never) => Some("\"Never\""),
                Some(TrailingComma::Vertical) | None => None,
            };
            found.map(|found| {
                let layout = "a trailing comma in vertical lists only";
                ("trailing_comma", "\"Vertical\"", found, layout)
            })
        };
        if let Some((key, expected, found, layout)) = unsupported {
            let granularity_source = sources
                .granularity
                .describe(&|path| shown(path).display().to_string());
            return Err(Arc::new(ConfigError::BadValue {
                path: shown(&rustfmt.path),
                key: key.to_owned(),
                expected: format!(
                    "{expected} (with granularity \"{granularity}\", from \
                     {granularity_source}, grouse writes merged imports with {layout})"
                ),
                found: found.to_owned(),
            }));
        }
    }

    Ok(Imports {
        preset,
        granularity,
        layout,
        sources,
    })
}

/// Whether `dir` holds a file that can change the settings of the files below it.
fn has_settings_files(dir: &Path) -> bool {
    [CONFIG_FILE, MANIFEST_FILE]
        .iter()
        .chain(RUSTFMT_FILES)
        .any(|name| dir.join(name).exists())
}

/// `path` made absolute against `cwd`, then normalized lexically.
fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    normalize(&cwd.join(path))
}

/// Removes `.` and resolves `..` without touching the file system.
pub(super) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Config {
        let value = toml::Value::Table(text.parse().expect("valid TOML"));
        let path = Path::new("/p/grouse.toml");
        Config::parse(&value, path, Path::new("grouse.toml"), "", Path::new("/p")).unwrap()
    }

    fn rustfmt(group_imports: Option<GroupImports>, granularity: Granularity) -> RustfmtConfig {
        RustfmtConfig {
            path: PathBuf::from("/p/rustfmt.toml"),
            group_imports,
            imports_granularity: Some(granularity),
            max_width: Some(80),
            ..RustfmtConfig::default()
        }
    }

    fn resolve(config: Option<&Config>, rustfmt: Option<&RustfmtConfig>) -> Imports {
        match imports(config, rustfmt, Path::to_path_buf) {
            Ok(imports) => imports,
            Err(error) => panic!("{error}"),
        }
    }

    #[test]
    fn grouse_config_then_rustfmt_toml_then_the_default() {
        let key = |path: &str, key: &str| Source::key(Path::new(path), key);
        let std_external = rustfmt(Some(GroupImports::StdExternalCrate), Granularity::Item);

        let from_rustfmt = resolve(None, Some(&std_external));
        assert_eq!(from_rustfmt.preset, Preset::Rustfmt);
        assert_eq!(from_rustfmt.granularity, Granularity::Item);
        assert_eq!(from_rustfmt.layout.max_width, 80);
        assert_eq!(
            from_rustfmt.sources.preset,
            key("/p/rustfmt.toml", "group_imports")
        );
        assert_eq!(from_rustfmt.sources.tab_spaces, Source::Default);

        let explicit = config("preset = \"one\"\ngranularity = \"crate\"");
        let from_grouse = resolve(Some(&explicit), Some(&std_external));
        assert_eq!(from_grouse.preset, Preset::One);
        assert_eq!(from_grouse.granularity, Granularity::Crate);
        assert_eq!(
            from_grouse.sources.granularity,
            key("/p/grouse.toml", "granularity")
        );

        let implied = config("project = [\"acme_*\"]");
        let from_groups = resolve(Some(&implied), Some(&std_external));
        assert_eq!(from_groups.preset, Preset::Grouse);
        assert_eq!(
            from_groups.sources.preset,
            Source::Implied {
                path: PathBuf::from("/p/grouse.toml"),
                key: "project".into()
            }
        );

        let silent = config("exclude = [\"vendor\"]");
        let preserve = rustfmt(Some(GroupImports::Preserve), Granularity::Preserve);
        assert_eq!(
            resolve(Some(&silent), Some(&preserve)).preset,
            Preset::Preserve
        );
        let defaults = resolve(Some(&silent), None);
        assert_eq!(
            (defaults.preset, defaults.granularity, defaults.layout),
            (Preset::Grouse, Granularity::Preserve, Layout::default())
        );
    }

    #[test]
    fn a_layout_grouse_cannot_write_is_an_error_only_when_items_are_merged() {
        let visual = RustfmtConfig {
            imports_indent: Some(IndentStyle::Visual),
            ..rustfmt(None, Granularity::Preserve)
        };
        assert_eq!(
            resolve(None, Some(&visual)).granularity,
            Granularity::Preserve
        );
        let merging = config("granularity = \"module\"");
        let Err(error) = imports(Some(&merging), Some(&visual), Path::to_path_buf) else {
            panic!("Visual with granularity module is refused");
        };
        assert_eq!(
            error.to_string(),
            "/p/rustfmt.toml: key `imports_indent`: expected \"Block\" (with granularity \
             \"module\", from /p/grouse.toml (granularity), grouse writes merged imports with \
             block indentation), found \"Visual\""
        );
    }

    #[test]
    fn normalize_is_lexical() {
        assert_eq!(normalize(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
    }
}

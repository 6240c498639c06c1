//! Configuration discovery: `grouse.toml` and Cargo.toml metadata, rustfmt.toml and editions,
//! and the crates of the surrounding Cargo workspace, resolved into [`Settings`] per directory.
//!
//! Every file is read and parsed at most once per run; results are cached per directory, so the
//! cost is per directory, not per file.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use globset::Glob;
use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::hash::FastMap;
use crate::settings::{Group, Pattern, Preset, Settings, StyleEdition, UserGroup};

/// The config file grouse looks for in every directory.
pub const CONFIG_FILE: &str = "grouse.toml";
/// Cargo's manifest.
pub const MANIFEST_FILE: &str = "Cargo.toml";
/// rustfmt's config files, in the order rustfmt looks for them in a directory.
pub const RUSTFMT_FILES: &[&str] = &[".rustfmt.toml", "rustfmt.toml"];
/// The style edition when nothing says, as plain rustfmt.
pub const DEFAULT_STYLE_EDITION: StyleEdition = StyleEdition::E2015;

const CONFIG_KEYS: &str = "`preset`, `style_edition`, `groups`, `project`, `exclude`, `group`";
const GROUP_KEYS: &str = "`name`, `crates`";
const EDITIONS: &str = "one of \"2015\", \"2018\", \"2021\", \"2024\"";
const DEPENDENCY_TABLES: &[&str] = &[
    "dependencies",
    "dev-dependencies",
    "dev_dependencies",
    "build-dependencies",
    "build_dependencies",
];

/// A configuration problem. Each names the file it is about (relative to the current directory
/// where possible), and the key and what was expected where one applies.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{}: cannot read: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{}: invalid TOML: {message}", path.display())]
    Toml { path: PathBuf, message: String },
    #[error("{}: unknown key `{key}`; expected one of {expected}", path.display())]
    UnknownKey {
        path: PathBuf,
        key: String,
        expected: &'static str,
    },
    #[error("{}: key `{key}`: expected {expected}, found {found}", path.display())]
    BadValue {
        path: PathBuf,
        key: String,
        expected: String,
        found: String,
    },
}

impl ConfigError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            ConfigError::Read { path, .. }
            | ConfigError::Toml { path, .. }
            | ConfigError::UnknownKey { path, .. }
            | ConfigError::BadValue { path, .. } => path,
        }
    }
}

/// A value read once and shared by everything that needs it, or the error reading it gave.
pub type Shared<T> = Result<Arc<T>, Arc<ConfigError>>;

/// A parsed `grouse.toml`, or a `[package.metadata.grouse]` / `[workspace.metadata.grouse]` table.
#[derive(Debug)]
pub struct Config {
    /// The file, absolute.
    pub path: PathBuf,
    /// Where the settings sit in the file: empty for grouse.toml, else e.g.
    /// `package.metadata.grouse`.
    pub table: &'static str,
    pub preset: Preset,
    pub style_edition: Option<StyleEdition>,
    pub groups: Option<Vec<Group>>,
    pub user_groups: Vec<UserGroup>,
    pub project: Vec<Pattern>,
    pub exclude: Vec<String>,
    /// `exclude`, as gitignore lines rooted at the directory of the file.
    exclude_matcher: Gitignore,
}

impl Config {
    /// Whether `path` (absolute) or one of its parents is excluded by this config.
    pub fn excludes(&self, path: &Path, is_dir: bool) -> bool {
        if self.exclude_matcher.is_empty() || !path.starts_with(self.exclude_matcher.path()) {
            return false;
        }
        self.exclude_matcher
            .matched_path_or_any_parents(path, is_dir)
            .is_ignore()
    }
}

/// Where the style edition came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StyleSource {
    /// A key of a file: grouse's config, rustfmt.toml or Cargo.toml.
    Key { path: PathBuf, key: String },
    /// Nothing said; plain rustfmt's default.
    Default,
}

/// Everything resolved for the files of one directory.
#[derive(Debug)]
pub struct Resolved {
    pub settings: Settings,
    /// The config the settings came from; `None` means built-in defaults.
    pub config: Option<Arc<Config>>,
    pub style_source: StyleSource,
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

#[derive(Debug)]
struct Manifest {
    path: PathBuf,
    dir: PathBuf,
    package: Option<Package>,
    workspace: Option<WorkspaceTable>,
    dependencies: Vec<Dependency>,
    package_config: Option<Shared<Config>>,
    workspace_config: Option<Shared<Config>>,
}

#[derive(Debug)]
struct Package {
    lib_name: String,
    edition: EditionField,
    /// `package.workspace`: an explicit path to the workspace root.
    workspace: Option<String>,
}

#[derive(Debug)]
enum EditionField {
    Missing,
    Value(StyleEdition),
    /// `edition.workspace = true`
    Inherited,
}

#[derive(Debug)]
struct WorkspaceTable {
    members: Vec<String>,
    exclude: Vec<String>,
    edition: Option<StyleEdition>,
    dependencies: Vec<Dependency>,
}

#[derive(Debug)]
struct Dependency {
    /// The name the dependency is known by in code (`-` as `_`).
    local_name: String,
    path: Option<String>,
    /// `package = "..."`: the dependency is renamed.
    renamed: bool,
}

#[derive(Debug)]
struct Rustfmt {
    path: PathBuf,
    style_edition: Option<StyleEdition>,
    version_two: bool,
    edition: Option<StyleEdition>,
}

#[derive(Debug)]
struct Workspace {
    members: BTreeSet<PathBuf>,
    crates: BTreeMap<String, PathBuf>,
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
    rustfmts: Memo<Option<Shared<Rustfmt>>>,
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

    fn resolve(&self, dir: &Path) -> Result<Resolved, Arc<ConfigError>> {
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
        let (style_edition, style_source) =
            if let Some(edition) = config.as_ref().and_then(|c| c.style_edition) {
                let config = config.as_ref().expect("checked above");
                (
                    edition,
                    StyleSource::Key {
                        path: config.path.clone(),
                        key: key(config.table, "style_edition"),
                    },
                )
            } else if let Some((rustfmt, edition)) = rustfmt
                .as_ref()
                .and_then(|r| r.style_edition.map(|e| (r, e)))
            {
                (
                    edition,
                    StyleSource::Key {
                        path: rustfmt.path.clone(),
                        key: "style_edition".into(),
                    },
                )
            } else if let Some(rustfmt) = rustfmt.as_ref().filter(|r| r.version_two) {
                (
                    StyleEdition::E2024,
                    StyleSource::Key {
                        path: rustfmt.path.clone(),
                        key: "version".into(),
                    },
                )
            } else if let Some((edition, source)) = package_edition {
                (edition, source)
            } else if let Some((rustfmt, edition)) =
                rustfmt.as_ref().and_then(|r| r.edition.map(|e| (r, e)))
            {
                (
                    edition,
                    StyleSource::Key {
                        path: rustfmt.path.clone(),
                        key: "edition".into(),
                    },
                )
            } else {
                (DEFAULT_STYLE_EDITION, StyleSource::Default)
            };

        let crate_sources = workspace
            .as_ref()
            .map(|w| w.crates.clone())
            .unwrap_or_default();
        let mut settings = Settings {
            style_edition,
            workspace_crates: crate_sources.keys().cloned().collect(),
            ..Settings::default()
        };
        if let Some(config) = &config {
            settings.preset = config.preset;
            if let Some(groups) = &config.groups {
                settings.groups = groups.clone();
            }
            settings.user_groups = config.user_groups.clone();
            settings.project = config.project.clone();
        }
        Ok(Resolved {
            settings,
            config,
            style_source,
            edition,
            package: package.map(|p| p.path.clone()),
            workspace: workspace_manifest.map(|w| w.path.clone()),
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

    fn override_config(&self, path: &Path) -> Shared<Config> {
        self.parsed_override
            .get_or_init(|| self.read_override_config(path))
            .clone()
    }

    fn read_override_config(&self, path: &Path) -> Shared<Config> {
        let shown = self.shown(path);
        (|| {
            let table = read_toml(path, &shown)?;
            let dir = path.parent().unwrap_or(Path::new("/"));
            if path.file_name().is_some_and(|name| name == MANIFEST_FILE) {
                for (outer, name) in [
                    ("package", "package.metadata.grouse"),
                    ("workspace", "workspace.metadata.grouse"),
                ] {
                    if let Some(value) = metadata(&table, outer) {
                        return parse_config(value, path, &shown, name, dir);
                    }
                }
                return Err(ConfigError::BadValue {
                    path: shown.clone(),
                    key: "package.metadata.grouse".into(),
                    expected:
                        "a `[package.metadata.grouse]` or `[workspace.metadata.grouse]` table"
                            .into(),
                    found: "neither".into(),
                });
            }
            parse_config(&toml::Value::Table(table), path, &shown, "", dir)
        })()
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
                        .and_then(|table| {
                            parse_config(&toml::Value::Table(table), &path, &shown, "", dir)
                        })
                        .map(Arc::new)
                        .map_err(Arc::new)
                })
            })
            .transpose()
    }

    fn manifest(&self, dir: &Path) -> Result<Option<Arc<Manifest>>, Arc<ConfigError>> {
        self.manifests
            .get_or_init(dir, || {
                let path = dir.join(MANIFEST_FILE);
                path.is_file().then(|| {
                    let shown = self.shown(&path);
                    parse_manifest(&path, &shown, dir)
                        .map(Arc::new)
                        .map_err(Arc::new)
                })
            })
            .transpose()
    }

    fn nearest_rustfmt(&self, dir: &Path) -> Result<Option<Arc<Rustfmt>>, Arc<ConfigError>> {
        for ancestor in dir.ancestors() {
            let found = self.rustfmts.get_or_init(ancestor, || {
                let path = RUSTFMT_FILES
                    .iter()
                    .map(|name| ancestor.join(name))
                    .find(|p| p.is_file())?;
                let shown = self.shown(&path);
                Some(parse_rustfmt(&path, &shown).map(Arc::new).map_err(Arc::new))
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
    ) -> Result<Option<(StyleEdition, StyleSource)>, Arc<ConfigError>> {
        let Some(info) = &package.package else {
            return Ok(None);
        };
        match info.edition {
            EditionField::Missing => Ok(None),
            EditionField::Value(edition) => Ok(Some((
                edition,
                StyleSource::Key {
                    path: package.path.clone(),
                    key: "package.edition".into(),
                },
            ))),
            EditionField::Inherited => {
                let inherited = workspace
                    .and_then(|w| w.workspace.as_ref().and_then(|t| t.edition).map(|e| (w, e)));
                match inherited {
                    Some((workspace, edition)) => Ok(Some((
                        edition,
                        StyleSource::Key {
                            path: workspace.path.clone(),
                            key: "workspace.package.edition".into(),
                        },
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
        self.workspaces
            .get_or_init(&root.dir, || self.build_workspace(root).map(Arc::new))
    }

    fn build_workspace(&self, root: &Manifest) -> Result<Workspace, Arc<ConfigError>> {
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
                        path: self.shown(&root.path),
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
            note_dependencies(root, &table.dependencies, &mut queue);
        }
        let mut crates = BTreeMap::new();
        while let Some(dir) = queue.pop() {
            if !members.insert(dir.clone()) {
                continue;
            }
            let Some(manifest) = self.manifest(&dir)? else {
                continue;
            };
            if let Some(package) = &manifest.package {
                crates
                    .entry(package.lib_name.clone())
                    .or_insert_with(|| manifest.path.clone());
            }
            note_dependencies(&manifest, &manifest.dependencies, &mut queue);
        }
        for (name, target, declared_in) in renamed {
            if members.contains(&target) {
                crates.entry(name).or_insert(declared_in);
            }
        }
        Ok(Workspace { members, crates })
    }
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
fn normalize(path: &Path) -> PathBuf {
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

fn read_toml(path: &Path, shown: &Path) -> Result<toml::Table, ConfigError> {
    let text = fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: shown.to_path_buf(),
        source,
    })?;
    text.parse::<toml::Table>()
        .map_err(|error| ConfigError::Toml {
            path: shown.to_path_buf(),
            message: error.to_string().trim_end().to_owned(),
        })
}

fn key(table: &str, name: &str) -> String {
    if table.is_empty() {
        name.to_owned()
    } else {
        format!("{table}.{name}")
    }
}

fn metadata<'a>(table: &'a toml::Table, outer: &str) -> Option<&'a toml::Value> {
    table.get(outer)?.get("metadata")?.get("grouse")
}

fn kind(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => format!("{s:?}"),
        toml::Value::Integer(i) => format!("the integer {i}"),
        toml::Value::Float(f) => format!("the float {f}"),
        toml::Value::Boolean(b) => format!("the boolean {b}"),
        toml::Value::Datetime(d) => format!("the date {d}"),
        toml::Value::Array(_) => "an array".to_owned(),
        toml::Value::Table(_) => "a table".to_owned(),
    }
}

/// Parses grouse's settings from a table. `table` names where the table sits (for messages), and
/// `dir` is what `exclude` globs are relative to.
fn parse_config(
    value: &toml::Value,
    path: &Path,
    shown: &Path,
    table: &'static str,
    dir: &Path,
) -> Result<Config, ConfigError> {
    let bad = |key_name: &str, expected: &str, found: String| ConfigError::BadValue {
        path: shown.to_path_buf(),
        key: key(table, key_name),
        expected: expected.to_owned(),
        found,
    };
    let toml::Value::Table(values) = value else {
        return Err(bad("", "a table", kind(value)));
    };
    let string_list = |key_name: &str, value: &toml::Value, expected: &str| {
        let toml::Value::Array(items) = value else {
            return Err(bad(key_name, expected, kind(value)));
        };
        items
            .iter()
            .map(|item| match item {
                toml::Value::String(s) => Ok(s.clone()),
                other => Err(bad(
                    key_name,
                    expected,
                    format!("an array holding {}", kind(other)),
                )),
            })
            .collect::<Result<Vec<String>, ConfigError>>()
    };
    let patterns = |key_name: &str, value: &toml::Value| {
        const EXPECTED: &str =
            "an array of crate names or globs (letters, digits, `_`, `-`, `*`, `?`)";
        string_list(key_name, value, EXPECTED)?
            .into_iter()
            .map(|text| {
                let valid = !text.is_empty()
                    && text
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "_-*?".contains(c));
                if valid {
                    Ok(Pattern::new(text))
                } else {
                    Err(bad(key_name, EXPECTED, format!("{text:?}")))
                }
            })
            .collect::<Result<Vec<Pattern>, ConfigError>>()
    };

    let mut config = Config {
        path: path.to_path_buf(),
        table,
        preset: Preset::default(),
        style_edition: None,
        groups: None,
        user_groups: Vec::new(),
        project: Vec::new(),
        exclude: Vec::new(),
        exclude_matcher: Gitignore::empty(),
    };
    let mut group_names: Option<Vec<String>> = None;
    for (name, value) in values {
        match name.as_str() {
            "preset" => {
                const EXPECTED: &str = "\"grouse\" or \"rustfmt\"";
                config.preset = value
                    .as_str()
                    .and_then(Preset::parse)
                    .ok_or_else(|| bad(name, EXPECTED, kind(value)))?;
            }
            "style_edition" => {
                config.style_edition = Some(
                    value
                        .as_str()
                        .and_then(StyleEdition::parse)
                        .ok_or_else(|| bad(name, EDITIONS, kind(value)))?,
                );
            }
            "groups" => {
                const EXPECTED: &str = "an array of group names: \"std\", \"external\", \"project\" or a `[[group]]` name";
                group_names = Some(string_list(name, value, EXPECTED)?);
            }
            "project" => config.project = patterns(name, value)?,
            "exclude" => {
                const EXPECTED: &str = "an array of gitignore-style globs";
                config.exclude = string_list(name, value, EXPECTED)?;
                let mut builder = GitignoreBuilder::new(dir);
                builder.allow_unclosed_class(false);
                for line in &config.exclude {
                    if let Err(error) = builder.add_line(None, line) {
                        return Err(bad(name, EXPECTED, format!("{line:?} ({error})")));
                    }
                }
                config.exclude_matcher = builder
                    .build()
                    .map_err(|error| bad(name, EXPECTED, error.to_string()))?;
            }
            "group" => {
                const EXPECTED: &str = "an array of tables (`[[group]]`)";
                let toml::Value::Array(items) = value else {
                    return Err(bad(name, EXPECTED, kind(value)));
                };
                for (index, item) in items.iter().enumerate() {
                    let at = format!("group[{index}]");
                    let toml::Value::Table(fields) = item else {
                        return Err(bad(&at, "a table with `name` and `crates`", kind(item)));
                    };
                    let mut group_name = None;
                    let mut crates = None;
                    for (field, value) in fields {
                        let field_key = format!("{at}.{field}");
                        match field.as_str() {
                            "name" => {
                                const EXPECTED: &str = "a group name other than \"std\", \
                                                        \"external\" and \"project\"";
                                let text = value
                                    .as_str()
                                    .filter(|s| {
                                        !s.is_empty() && !["std", "external", "project"].contains(s)
                                    })
                                    .ok_or_else(|| bad(&field_key, EXPECTED, kind(value)))?;
                                if config.user_groups.iter().any(|g| g.name == text) {
                                    return Err(bad(
                                        &field_key,
                                        "a name no other `[[group]]` has",
                                        format!("{text:?} twice"),
                                    ));
                                }
                                group_name = Some(text.to_owned());
                            }
                            "crates" => crates = Some(patterns(&field_key, value)?),
                            _ => {
                                return Err(ConfigError::UnknownKey {
                                    path: shown.to_path_buf(),
                                    key: key(table, &field_key),
                                    expected: GROUP_KEYS,
                                });
                            }
                        }
                    }
                    let missing = |field: &str, expected: &str| {
                        bad(
                            &format!("{at}.{field}"),
                            expected,
                            "nothing (the key is missing)".into(),
                        )
                    };
                    config.user_groups.push(UserGroup {
                        name: group_name.ok_or_else(|| missing("name", "a group name"))?,
                        crates: crates
                            .ok_or_else(|| missing("crates", "an array of crate names or globs"))?,
                    });
                }
            }
            _ => {
                return Err(ConfigError::UnknownKey {
                    path: shown.to_path_buf(),
                    key: key(table, name),
                    expected: CONFIG_KEYS,
                });
            }
        }
    }

    if config.preset == Preset::Rustfmt {
        for (present, name) in [
            (group_names.is_some(), "groups"),
            (!config.project.is_empty(), "project"),
            (!config.user_groups.is_empty(), "group"),
        ] {
            if present {
                return Err(bad(
                    name,
                    "no such key with preset \"rustfmt\" (it is exactly rustfmt's \
                     StdExternalCrate)",
                    format!("`{name}`"),
                ));
            }
        }
    }

    let user_names: Vec<&str> = config.user_groups.iter().map(|g| g.name.as_str()).collect();
    match group_names {
        None => {
            if let Some(first) = user_names.first() {
                return Err(bad(
                    "groups",
                    "a `groups` array placing every `[[group]]`",
                    format!("no `groups`, and `[[group]]` {first:?} is not placed"),
                ));
            }
        }
        Some(names) => {
            let mut groups = Vec::with_capacity(names.len());
            for name in &names {
                let group = match name.as_str() {
                    "std" => Group::Std,
                    "external" => Group::External,
                    "project" => Group::Project,
                    other => match user_names.iter().position(|n| *n == other) {
                        Some(index) => Group::User(index),
                        None => {
                            return Err(bad(
                                "groups",
                                "\"std\", \"external\", \"project\" or a name defined by \
                                 `[[group]]`",
                                format!("{other:?}, which no `[[group]]` defines"),
                            ));
                        }
                    },
                };
                if groups.contains(&group) {
                    return Err(bad(
                        "groups",
                        "each group named once",
                        format!("{name:?} twice"),
                    ));
                }
                groups.push(group);
            }
            let mut missing: Vec<&str> = ["std", "external", "project"]
                .into_iter()
                .filter(|builtin| !names.iter().any(|n| n == builtin))
                .collect();
            missing.extend(user_names.iter().filter(|u| !names.iter().any(|n| n == *u)));
            if let Some(first) = missing.first() {
                return Err(bad(
                    "groups",
                    "an array naming \"std\", \"external\", \"project\" and every `[[group]]` \
                     once",
                    format!("no {first:?}"),
                ));
            }
            config.groups = Some(groups);
        }
    }
    Ok(config)
}

fn parse_manifest(path: &Path, shown: &Path, dir: &Path) -> Result<Manifest, ConfigError> {
    let table = read_toml(path, shown)?;
    let bad = |key: &str, expected: &str, found: String| ConfigError::BadValue {
        path: shown.to_path_buf(),
        key: key.to_owned(),
        expected: expected.to_owned(),
        found,
    };
    let edition = |key: &str, value: &toml::Value| {
        value
            .as_str()
            .and_then(StyleEdition::parse)
            .ok_or_else(|| bad(key, EDITIONS, kind(value)))
    };

    let mut package = None;
    if let Some(value) = table.get("package") {
        let name = value
            .get("name")
            .and_then(toml::Value::as_str)
            .ok_or_else(|| bad("package.name", "a string", "nothing".into()))?;
        let lib_name = match table.get("lib").and_then(|lib| lib.get("name")) {
            Some(value) => value
                .as_str()
                .ok_or_else(|| bad("lib.name", "a string", kind(value)))?
                .to_owned(),
            None => name.replace('-', "_"),
        };
        let edition = match value.get("edition") {
            None => EditionField::Missing,
            Some(toml::Value::Table(inherit)) => {
                if inherit.get("workspace").and_then(toml::Value::as_bool) == Some(true) {
                    EditionField::Inherited
                } else {
                    return Err(bad(
                        "package.edition",
                        &format!("{EDITIONS} or `{{ workspace = true }}`"),
                        "a table".into(),
                    ));
                }
            }
            Some(value) => EditionField::Value(edition("package.edition", value)?),
        };
        let workspace = match value.get("workspace") {
            None => None,
            Some(value) => Some(
                value
                    .as_str()
                    .ok_or_else(|| bad("package.workspace", "a path", kind(value)))?
                    .to_owned(),
            ),
        };
        package = Some(Package {
            lib_name,
            edition,
            workspace,
        });
    }

    let mut workspace = None;
    if let Some(value) = table.get("workspace") {
        let paths = |key: &str| -> Result<Vec<String>, ConfigError> {
            match value.get(key) {
                None => Ok(Vec::new()),
                Some(toml::Value::Array(items)) => items
                    .iter()
                    .map(|item| {
                        item.as_str().map(str::to_owned).ok_or_else(|| {
                            bad(&format!("workspace.{key}"), "an array of paths", kind(item))
                        })
                    })
                    .collect(),
                Some(other) => Err(bad(
                    &format!("workspace.{key}"),
                    "an array of paths",
                    kind(other),
                )),
            }
        };
        let workspace_edition = match value.get("package").and_then(|p| p.get("edition")) {
            Some(value) => Some(edition("workspace.package.edition", value)?),
            None => None,
        };
        let dependencies = match value.get("dependencies") {
            Some(toml::Value::Table(deps)) => parse_dependencies(deps),
            _ => Vec::new(),
        };
        workspace = Some(WorkspaceTable {
            members: paths("members")?,
            exclude: paths("exclude")?,
            edition: workspace_edition,
            dependencies,
        });
    }

    let mut dependencies = Vec::new();
    let mut add_tables = |holder: &toml::Table| {
        for name in DEPENDENCY_TABLES {
            if let Some(toml::Value::Table(deps)) = holder.get(*name) {
                dependencies.extend(parse_dependencies(deps));
            }
        }
    };
    add_tables(&table);
    if let Some(toml::Value::Table(targets)) = table.get("target") {
        for target in targets.values() {
            if let toml::Value::Table(target) = target {
                add_tables(target);
            }
        }
    }

    let config_of = |outer: &str, name: &'static str| {
        metadata(&table, outer).map(|value| {
            parse_config(value, path, shown, name, dir)
                .map(Arc::new)
                .map_err(Arc::new)
        })
    };
    Ok(Manifest {
        path: path.to_path_buf(),
        dir: dir.to_path_buf(),
        package_config: if package.is_some() {
            config_of("package", "package.metadata.grouse")
        } else {
            None
        },
        workspace_config: if workspace.is_some() {
            config_of("workspace", "workspace.metadata.grouse")
        } else {
            None
        },
        package,
        workspace,
        dependencies,
    })
}

fn parse_dependencies(table: &toml::Table) -> Vec<Dependency> {
    table
        .iter()
        .filter_map(|(name, value)| {
            let toml::Value::Table(fields) = value else {
                return None;
            };
            Some(Dependency {
                local_name: name.replace('-', "_"),
                path: fields
                    .get("path")
                    .and_then(toml::Value::as_str)
                    .map(str::to_owned),
                renamed: fields.contains_key("package"),
            })
        })
        .collect()
}

fn parse_rustfmt(path: &Path, shown: &Path) -> Result<Rustfmt, ConfigError> {
    let table = read_toml(path, shown)?;
    let bad = |key: &str, expected: &str, value: &toml::Value| ConfigError::BadValue {
        path: shown.to_path_buf(),
        key: key.to_owned(),
        expected: expected.to_owned(),
        found: kind(value),
    };
    let edition = |key: &str| match table.get(key) {
        None => Ok(None),
        Some(value) => value
            .as_str()
            .and_then(StyleEdition::parse)
            .map(Some)
            .ok_or_else(|| bad(key, EDITIONS, value)),
    };
    let version_two = match table.get("version") {
        None => false,
        Some(value) => match value.as_str() {
            Some("One") => false,
            Some("Two") => true,
            _ => return Err(bad("version", "\"One\" or \"Two\"", value)),
        },
    };
    Ok(Rustfmt {
        path: path.to_path_buf(),
        style_edition: edition("style_edition")?,
        version_two,
        edition: edition("edition")?,
    })
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        let table: toml::Table = text.parse().expect("test config is valid TOML");
        let path = Path::new("/p/grouse.toml");
        parse_config(
            &toml::Value::Table(table),
            path,
            Path::new("grouse.toml"),
            "",
            Path::new("/p"),
        )
    }

    fn error(text: &str) -> String {
        parse(text)
            .expect_err("config should be rejected")
            .to_string()
    }

    #[test]
    fn user_groups_are_placed_by_groups() {
        let config = parse(
            "groups = [\"std\", \"async\", \"external\", \"project\"]\n\
             project = [\"acme_*\"]\n\
             [[group]]\nname = \"async\"\ncrates = [\"tokio\", \"futures*\"]\n",
        )
        .unwrap();
        assert_eq!(
            config.groups,
            Some(vec![
                Group::Std,
                Group::User(0),
                Group::External,
                Group::Project
            ])
        );
        assert_eq!(
            config.user_groups[0].crates,
            vec![Pattern::new("tokio"), Pattern::new("futures*")]
        );
        assert_eq!(config.project, vec![Pattern::new("acme_*")]);
    }

    #[test]
    fn every_mistake_names_the_key_and_what_was_expected() {
        assert_eq!(
            error("colour = 1"),
            "grouse.toml: unknown key `colour`; expected one of `preset`, `style_edition`, \
             `groups`, `project`, `exclude`, `group`"
        );
        assert_eq!(
            error("preset = \"black\""),
            "grouse.toml: key `preset`: expected \"grouse\" or \"rustfmt\", found \"black\""
        );
        assert_eq!(
            error("style_edition = 2024"),
            "grouse.toml: key `style_edition`: expected one of \"2015\", \"2018\", \"2021\", \
             \"2024\", found the integer 2024"
        );
        assert!(
            error("groups = [\"std\", \"std\", \"external\", \"project\"]")
                .contains("key `groups`: expected each group named once, found \"std\" twice")
        );
        assert!(error("groups = [\"std\", \"external\"]").contains("found no \"project\""));
        assert!(
            error("groups = [\"std\", \"io\", \"external\", \"project\"]")
                .contains("found \"io\", which no `[[group]]` defines")
        );
        assert!(
            error("[[group]]\nname = \"io\"\ncrates = [\"tokio\"]\n")
                .contains("`[[group]]` \"io\" is not placed")
        );
        assert!(error(
            "groups = [\"std\", \"external\", \"project\"]\n[[group]]\nname = \"io\"\ncrates = []\n"
        )
        .contains("found no \"io\""));
        assert!(error("[[group]]\nname = \"std\"\ncrates = []\n").contains("key `group[0].name`"));
        assert!(error("[[group]]\nname = \"io\"\n").contains("key `group[0].crates`"));
        assert!(
            error("[[group]]\nname = \"io\"\ncrate = []\n")
                .contains("unknown key `group[0].crate`; expected one of `name`, `crates`")
        );
        assert!(error("project = [\"acme core\"]").contains("key `project`"));
        assert!(error("project = \"acme\"").contains("key `project`: expected an array"));
        assert!(error("exclude = [1]").contains("key `exclude`"));
        assert!(error("preset = \"rustfmt\"\nproject = [\"a\"]").contains("key `project`"));
    }

    #[test]
    fn excludes_are_gitignore_lines_relative_to_the_config() {
        let config = parse("exclude = [\"fixtures/pairs/**\", \"*.generated.rs\"]").unwrap();
        assert!(config.excludes(Path::new("/p/fixtures/pairs/a/input.rs"), false));
        assert!(config.excludes(Path::new("/p/src/x.generated.rs"), false));
        assert!(!config.excludes(Path::new("/p/fixtures/tokens/src/lib.rs"), false));
        assert!(!config.excludes(Path::new("/elsewhere/fixtures/pairs/a.rs"), false));
    }

    #[test]
    fn normalize_is_lexical() {
        assert_eq!(normalize(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
    }
}

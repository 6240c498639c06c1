//! grouse's own config: the schema of `grouse.toml` and of the `[package.metadata.grouse]` /
//! `[workspace.metadata.grouse]` tables, and the rules across its keys ([`GrouseTable::validate`]).

use std::fmt;
use std::path::{Path, PathBuf};

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, Unexpected, Visitor};

use crate::config::de::{self as toml_de, ArrayOf, Choice, MISSING, Plain, join};
use crate::config::error::read_toml;
use crate::config::{ConfigError, MANIFEST_FILE};
use crate::settings::{
    Granularity, Group, Pattern, Preset, StyleEdition, UserGroup, VISIBILITIES, Visibility,
};

/// Where grouse's settings sit in a Cargo.toml, in the order they are looked for in a file named
/// with `--config`.
pub(super) const METADATA_TABLES: [&str; 2] =
    ["package.metadata.grouse", "workspace.metadata.grouse"];

/// The names of the built-in groups, as `groups` spells them.
const BUILT_IN_GROUPS: [&str; 3] = ["std", "external", "project"];

const PATTERNS: &str = "an array of crate names or globs";
const PATTERN: &str = "a crate name or glob (letters, digits, `_`, `-`, and `*`, `?`, `[...]`, \
                       `{a,b}`)";

/// A parsed `grouse.toml`, or a `[package.metadata.grouse]` / `[workspace.metadata.grouse]` table.
#[derive(Debug)]
pub struct Config {
    /// The file, absolute.
    pub path: PathBuf,
    /// Where the settings sit in the file: empty for grouse.toml, else e.g.
    /// `package.metadata.grouse`.
    pub table: &'static str,
    /// The preset, and the key that chose it: `preset`, or `groups`, `project` or `group` when
    /// one of grouse's own classification keys implies `"grouse"`. `None` when the config says
    /// nothing (rustfmt.toml's `group_imports` decides).
    pub preset: Option<(Preset, &'static str)>,
    pub style_edition: Option<StyleEdition>,
    pub granularity: Option<Granularity>,
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

    /// Whether the config sets `preset` itself, rather than implying "grouse" by its own
    /// classification keys.
    pub fn preset_is_explicit(&self) -> bool {
        matches!(self.preset, Some((_, "preset")))
    }

    /// The full key of one of the config's keys in its file, e.g. `package.metadata.grouse.groups`.
    pub fn key(&self, name: &str) -> String {
        join(self.table, name)
    }

    /// Parses the settings in `value`, the table at `table` (empty for the whole file) of the file
    /// at `path`, shown as `shown`. `exclude` globs are relative to `dir`.
    pub(super) fn parse(
        value: &toml::Value,
        path: &Path,
        shown: &Path,
        table: &'static str,
        dir: &Path,
    ) -> Result<Config, ConfigError> {
        let raw: GrouseTable = toml_de::from_value(value, table, shown)?;
        raw.validate(path, shown, table, dir)
    }

    /// Reads the file given with `--config`: a grouse.toml, or a Cargo.toml with one of the
    /// metadata tables.
    pub(super) fn read_file(path: &Path, shown: &Path) -> Result<Config, ConfigError> {
        let value = read_toml(path, shown)?;
        let dir = path.parent().unwrap_or(Path::new("/"));
        if path.file_name().is_none_or(|name| name != MANIFEST_FILE) {
            return Config::parse(&value, path, shown, "", dir);
        }
        for table in METADATA_TABLES {
            if let Some(settings) = metadata_table(&value, table) {
                return Config::parse(settings, path, shown, table, dir);
            }
        }
        Err(ConfigError::BadValue {
            path: shown.to_path_buf(),
            key: METADATA_TABLES[0].into(),
            expected: "a `[package.metadata.grouse]` or `[workspace.metadata.grouse]` table".into(),
            found: "neither".into(),
        })
    }
}

/// The table at the dotted key `table` of a manifest, if there is one.
pub(super) fn metadata_table<'a>(
    manifest: &'a toml::Value,
    table: &str,
) -> Option<&'a toml::Value> {
    table
        .split('.')
        .try_fold(manifest, |value, name| value.get(name))
}

/// grouse's settings as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
struct GrouseTable {
    #[serde(default, deserialize_with = "preset")]
    preset: Option<Preset>,
    #[serde(default, deserialize_with = "toml_de::style_edition")]
    style_edition: Option<StyleEdition>,
    #[serde(default, deserialize_with = "granularity")]
    granularity: Option<Granularity>,
    #[serde(default, deserialize_with = "group_names")]
    groups: Option<Vec<String>>,
    #[serde(default, deserialize_with = "patterns")]
    project: Option<Vec<Pattern>>,
    #[serde(default, deserialize_with = "exclude_lines")]
    exclude: Vec<String>,
    #[serde(default, deserialize_with = "user_group_tables")]
    group: Vec<UserGroupTable>,
}

/// A `[[group]]` table as written: a user group.
#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a table with `name`, and `crates`, `visibility` or both"
)]
struct UserGroupTable {
    #[serde(default, deserialize_with = "user_group_name")]
    name: Option<String>,
    #[serde(default, deserialize_with = "patterns")]
    crates: Option<Vec<Pattern>>,
    #[serde(default, deserialize_with = "visibilities")]
    visibility: Option<Vec<Visibility>>,
}

impl GrouseTable {
    /// Checks the rules across keys (every user group named once, placed and with a condition,
    /// `groups` naming each group once, no classification keys with the presets "rustfmt",
    /// "one" and "preserve") and builds the config.
    fn validate(
        self,
        path: &Path,
        shown: &Path,
        table: &'static str,
        dir: &Path,
    ) -> Result<Config, ConfigError> {
        let bad = |key: &str, expected: &str, found: String| ConfigError::BadValue {
            path: shown.to_path_buf(),
            key: join(table, key),
            expected: expected.to_owned(),
            found,
        };

        let mut user_groups: Vec<UserGroup> = Vec::with_capacity(self.group.len());
        for (index, group) in self.group.into_iter().enumerate() {
            let at = format!("group[{index}]");
            let missing = |field: &str, expected: &str| {
                bad(&format!("{at}.{field}"), expected, MISSING.into())
            };
            let name = group.name.ok_or_else(|| missing("name", "a group name"))?;
            if user_groups.iter().any(|g| g.name == name) {
                return Err(bad(
                    &format!("{at}.name"),
                    "a name no other `[[group]]` has",
                    format!("{name:?} twice"),
                ));
            }
            if group.crates.is_none() && group.visibility.is_none() {
                return Err(bad(
                    &at,
                    "`crates`, `visibility` or both: what the group matches",
                    "neither".into(),
                ));
            }
            if group.visibility.as_ref().is_some_and(Vec::is_empty) {
                return Err(bad(
                    &format!("{at}.visibility"),
                    "a non-empty array of visibilities",
                    "an empty array".into(),
                ));
            }
            user_groups.push(UserGroup {
                name,
                crates: group.crates,
                visibility: group.visibility,
            });
        }

        // grouse's own classification keys, each given (an empty `project` says nothing).
        let classification_keys = [
            (self.groups.is_some(), "groups"),
            (
                self.project.as_ref().is_some_and(|p| !p.is_empty()),
                "project",
            ),
            (!user_groups.is_empty(), "group"),
        ];
        let given = classification_keys
            .iter()
            .find_map(|&(present, name)| present.then_some(name));
        let preset = match (self.preset, given) {
            (Some(preset), _) => Some((preset, "preset")),
            (None, Some(key)) => Some((Preset::Grouse, key)),
            (None, None) => None,
        };
        if let (Some((preset, "preset")), Some(name)) = (preset, given) {
            let why = match preset {
                Preset::Grouse => None,
                Preset::Rustfmt => Some("it is exactly rustfmt's StdExternalCrate"),
                Preset::One => Some("a run is one group"),
                Preset::Preserve => Some("each chunk of a run is a group"),
            };
            if let Some(why) = why {
                return Err(bad(
                    name,
                    &format!("no such key with preset {:?} ({why})", preset.as_str()),
                    format!("`{name}`"),
                ));
            }
        }

        let groups = match self.groups {
            None => {
                if let Some(first) = user_groups.first() {
                    return Err(bad(
                        "groups",
                        "a `groups` array placing every `[[group]]`",
                        format!(
                            "no `groups`, and `[[group]]` {:?} is not placed",
                            first.name
                        ),
                    ));
                }
                None
            }
            Some(names) => Some(
                group_order(&names, &user_groups)
                    .map_err(|(expected, found)| bad("groups", expected, found))?,
            ),
        };

        let mut builder = GitignoreBuilder::new(dir);
        builder.allow_unclosed_class(false);
        for (index, line) in self.exclude.iter().enumerate() {
            if let Err(error) = builder.add_line(None, line) {
                return Err(bad(
                    &format!("exclude[{index}]"),
                    EXCLUDE_LINE,
                    format!("{line:?} ({error})"),
                ));
            }
        }
        let exclude_matcher = builder
            .build()
            .map_err(|error| bad("exclude", EXCLUDE_LINES, error.to_string()))?;

        Ok(Config {
            path: path.to_path_buf(),
            table,
            preset,
            style_edition: self.style_edition,
            granularity: self.granularity,
            groups,
            user_groups,
            project: self.project.unwrap_or_default(),
            exclude: self.exclude,
            exclude_matcher,
        })
    }
}

/// The groups named by `groups`, in its order, each built-in group and user group exactly once;
/// else what was expected and what was found.
fn group_order(
    names: &[String],
    user_groups: &[UserGroup],
) -> Result<Vec<Group>, (&'static str, String)> {
    let mut order = Vec::with_capacity(names.len());
    for name in names {
        let group = match name.as_str() {
            "std" => Group::Std,
            "external" => Group::External,
            "project" => Group::Project,
            other => match user_groups.iter().position(|g| g.name == other) {
                Some(index) => Group::User(index),
                None => {
                    return Err((
                        "\"std\", \"external\", \"project\" or a name defined by `[[group]]`",
                        format!("{other:?}, which no `[[group]]` defines"),
                    ));
                }
            },
        };
        if order.contains(&group) {
            return Err(("each group named once", format!("{name:?} twice")));
        }
        order.push(group);
    }
    let unplaced = BUILT_IN_GROUPS
        .into_iter()
        .chain(user_groups.iter().map(|g| g.name.as_str()))
        .find(|group| !names.iter().any(|name| name == group));
    if let Some(first) = unplaced {
        return Err((
            "an array naming \"std\", \"external\", \"project\" and every `[[group]]` once",
            format!("no {first:?}"),
        ));
    }
    Ok(order)
}

const EXCLUDE_LINES: &str = "an array of gitignore-style globs";
const EXCLUDE_LINE: &str = "a gitignore-style glob";

fn preset<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Preset>, D::Error> {
    Choice {
        expected: "\"grouse\", \"rustfmt\", \"one\" or \"preserve\"",
        parse: Preset::parse,
    }
    .deserialize(deserializer)
    .map(Some)
}

fn granularity<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Granularity>, D::Error> {
    Choice {
        expected: "\"preserve\", \"crate\", \"module\", \"item\" or \"one\"",
        parse: Granularity::parse,
    }
    .deserialize(deserializer)
    .map(Some)
}

fn visibilities<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<Visibility>>, D::Error> {
    ArrayOf {
        expected: "an array of visibilities",
        element: Choice {
            expected: VISIBILITIES,
            parse: Visibility::parse,
        },
    }
    .deserialize(deserializer)
    .map(Some)
}

fn group_names<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<String>>, D::Error> {
    ArrayOf {
        expected: "an array of group names: \"std\", \"external\", \"project\" or a `[[group]]` \
                   name",
        element: toml_de::text("a group name"),
    }
    .deserialize(deserializer)
    .map(Some)
}

fn patterns<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Vec<Pattern>>, D::Error> {
    ArrayOf {
        expected: PATTERNS,
        element: PatternSeed,
    }
    .deserialize(deserializer)
    .map(Some)
}

fn exclude_lines<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    ArrayOf {
        expected: EXCLUDE_LINES,
        element: toml_de::text(EXCLUDE_LINE),
    }
    .deserialize(deserializer)
}

fn user_group_tables<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<UserGroupTable>, D::Error> {
    ArrayOf {
        expected: "an array of tables (`[[group]]`)",
        element: Plain::new(),
    }
    .deserialize(deserializer)
}

fn user_group_name<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Choice {
        expected: "a group name other than \"std\", \"external\" and \"project\"",
        parse: |name| {
            (!name.is_empty() && !BUILT_IN_GROUPS.contains(&name)).then(|| name.to_owned())
        },
    }
    .deserialize(deserializer)
    .map(Some)
}

/// A crate name or glob, invalid ones reported with the reason.
#[derive(Clone, Copy)]
struct PatternSeed;

impl<'de> DeserializeSeed<'de> for PatternSeed {
    type Value = Pattern;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Pattern, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for PatternSeed {
    type Value = Pattern;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(PATTERN)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Pattern, E> {
        Pattern::parse(text).map_err(|error| {
            E::invalid_value(Unexpected::Other(&format!("{text:?} ({error})")), &self)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        let value = toml::Value::Table(text.parse().expect("test config is valid TOML"));
        Config::parse(
            &value,
            Path::new("/p/grouse.toml"),
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
            Some(vec![Pattern::new("tokio"), Pattern::new("futures*")])
        );
        assert_eq!(config.project, vec![Pattern::new("acme_*")]);
    }

    #[test]
    fn every_mistake_names_the_key_and_what_was_expected() {
        assert_eq!(
            error("colour = 1"),
            "grouse.toml: unknown key `colour`; expected one of `preset`, `style_edition`, \
             `granularity`, `groups`, `project`, `exclude`, `group`"
        );
        assert_eq!(
            error("preset = \"black\""),
            "grouse.toml: key `preset`: expected \"grouse\", \"rustfmt\", \"one\" or \
             \"preserve\", found \"black\""
        );
        assert_eq!(
            error("style_edition = 2024"),
            "grouse.toml: key `style_edition`: expected one of \"2015\", \"2018\", \"2021\", \
             \"2024\", found the integer 2024"
        );
        assert_eq!(
            error("style_edition = 1979-05-27"),
            "grouse.toml: key `style_edition`: expected one of \"2015\", \"2018\", \"2021\", \
             \"2024\", found the date 1979-05-27"
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
            error("groups = [\"std\", 1]")
                .contains("key `groups[1]`: expected a group name, found the integer 1")
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
        assert!(error("[[group]]\nname = \"io\"\n").contains(
            "key `group[0]`: expected `crates`, `visibility` or both: what the group matches, \
             found neither"
        ));
        assert!(error("[[group]]\ncrates = []\n").contains(
            "key `group[0].name`: expected a group name, found nothing (the key is missing)"
        ));
        assert!(error("[[group]]\nname = \"io\"\ncrate = []\n").contains(
            "unknown key `group[0].crate`; expected one of `name`, `crates`, `visibility`"
        ));
        assert!(error("group = [1]").contains(
            "key `group[0]`: expected a table with `name`, and `crates`, `visibility` or both, \
             found the integer 1"
        ));
        assert!(
            error("group = 1")
                .contains("key `group`: expected an array of tables (`[[group]]`), found the")
        );
        assert!(error("project = [\"acme core\"]").contains(
            "key `project[0]`: expected a crate name or glob (letters, digits, `_`, `-`, and `*`, \
             `?`, `[...]`, `{a,b}`), found \"acme core\" (` ` is neither"
        ));
        assert!(error("project = [\"acme_[\"]").contains(
            "key `project[0]`: expected a crate name or glob (letters, digits, `_`, `-`, and `*`, \
             `?`, `[...]`, `{a,b}`), found \"acme_[\" (unclosed character class"
        ));
        assert!(
            error("project = \"acme\"").contains(
                "key `project`: expected an array of crate names or globs, found \"acme\""
            )
        );
        assert!(
            error("exclude = [1]")
                .contains("key `exclude[0]`: expected a gitignore-style glob, found the integer 1")
        );
        assert!(error("preset = \"rustfmt\"\nproject = [\"a\"]").contains("key `project`"));
    }

    #[test]
    fn visibility_groups_and_their_mistakes() {
        let config = parse(
            "groups = [\"std\", \"external\", \"project\", \"reexports\", \"tokio_api\"]\n\
             [[group]]\nname = \"reexports\"\nvisibility = [\"pub\", \"pub(in crate::a)\"]\n\
             [[group]]\nname = \"tokio_api\"\ncrates = [\"tokio\"]\nvisibility = [\"private\"]\n",
        )
        .unwrap();
        let reexports = &config.user_groups[0];
        assert_eq!(reexports.crates, None);
        assert_eq!(
            reexports.visibility,
            Some(vec![
                Visibility::parse("pub").unwrap(),
                Visibility::parse("pub(in crate::a)").unwrap()
            ])
        );
        assert_eq!(
            config.user_groups[1].visibility,
            Some(vec![Visibility::parse("private").unwrap()])
        );
        let placed =
            "groups = [\"std\", \"external\", \"project\", \"io\"]\n[[group]]\nname = \"io\"\n";
        assert_eq!(
            error(&format!("{placed}visibility = [\"public\"]\n")),
            "grouse.toml: key `group[0].visibility[0]`: expected \"pub\", \"pub(crate)\", \
             \"pub(super)\", \"pub(self)\", \"pub(in path)\" or \"private\", found \"public\""
        );
        assert_eq!(
            error(&format!("{placed}visibility = []\n")),
            "grouse.toml: key `group[0].visibility`: expected a non-empty array of visibilities, \
             found an empty array"
        );
        assert_eq!(
            error(&format!("{placed}visibility = \"pub\"\n")),
            "grouse.toml: key `group[0].visibility`: expected an array of visibilities, found \
             \"pub\""
        );
        assert_eq!(
            error(placed),
            "grouse.toml: key `group[0]`: expected `crates`, `visibility` or both: what the group \
             matches, found neither"
        );
    }

    #[test]
    fn granularity_and_presets() {
        assert_eq!(parse("").unwrap().granularity, None);
        for (text, granularity) in [
            ("preserve", Granularity::Preserve),
            ("crate", Granularity::Crate),
            ("module", Granularity::Module),
            ("item", Granularity::Item),
            ("one", Granularity::One),
        ] {
            let config = parse(&format!("granularity = {text:?}")).unwrap();
            assert_eq!(config.granularity, Some(granularity));
        }
        assert_eq!(
            error("granularity = \"crates\""),
            "grouse.toml: key `granularity`: expected \"preserve\", \"crate\", \"module\", \
             \"item\" or \"one\", found \"crates\""
        );
        assert_eq!(parse("").unwrap().preset, None);
        assert_eq!(
            parse("preset = \"one\"").unwrap().preset,
            Some((Preset::One, "preset"))
        );
        assert_eq!(
            parse("preset = \"preserve\"").unwrap().preset,
            Some((Preset::Preserve, "preset"))
        );
        assert_eq!(
            parse("project = [\"acme\"]").unwrap().preset,
            Some((Preset::Grouse, "project"))
        );
        assert!(!parse("project = [\"acme\"]").unwrap().preset_is_explicit());
        assert_eq!(parse("project = []").unwrap().preset, None);
        assert_eq!(
            error("preset = \"one\"\ngroups = [\"std\", \"external\", \"project\"]"),
            "grouse.toml: key `groups`: expected no such key with preset \"one\" (a run is one \
             group), found `groups`"
        );
        assert_eq!(
            error("preset = \"preserve\"\nproject = [\"acme\"]"),
            "grouse.toml: key `project`: expected no such key with preset \"preserve\" (each \
             chunk of a run is a group), found `project`"
        );
    }

    #[test]
    fn a_metadata_table_names_its_keys_in_full() {
        let value = toml::Value::Table(
            "[package]\nname = \"app\"\n[package.metadata.grouse]\npreset = 1\n"
                .parse()
                .unwrap(),
        );
        let settings = metadata_table(&value, "package.metadata.grouse").unwrap();
        let error = Config::parse(
            settings,
            Path::new("/p/Cargo.toml"),
            Path::new("Cargo.toml"),
            "package.metadata.grouse",
            Path::new("/p"),
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            error,
            "Cargo.toml: key `package.metadata.grouse.preset`: expected \"grouse\", \
             \"rustfmt\", \"one\" or \"preserve\", found the integer 1"
        );
    }

    #[test]
    fn excludes_are_gitignore_lines_relative_to_the_config() {
        let config = parse("exclude = [\"fixtures/pairs/**\", \"*.generated.rs\"]").unwrap();
        assert!(config.excludes(Path::new("/p/fixtures/pairs/a/input.rs"), false));
        assert!(config.excludes(Path::new("/p/src/x.generated.rs"), false));
        assert!(!config.excludes(Path::new("/p/fixtures/tokens/src/lib.rs"), false));
        assert!(!config.excludes(Path::new("/elsewhere/fixtures/pairs/a.rs"), false));
    }
}

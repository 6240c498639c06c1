//! rustfmt's config files (`.rustfmt.toml`, `rustfmt.toml`): the keys that decide the style
//! edition, how imports are grouped and merged (`group_imports`, `imports_granularity`, the
//! legacy `merge_imports`), and how merged imports are laid out (`max_width`, `tab_spaces`,
//! `hard_tabs`, `imports_layout`, `imports_indent`, `trailing_comma`). Every other key is
//! rustfmt's business and is not checked here; these are checked as rustfmt checks them, names of
//! values in any case.
//!
//! Of rustfmt's width settings only `max_width` applies to `use` items: the width heuristics
//! (`use_small_heuristics`, `fn_call_width`, `array_width`, `chain_width`, ...) size
//! expressions, never use lists.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, Unexpected, Visitor};

use crate::config::ConfigError;
use crate::config::de::{self as toml_de, Choice};
use crate::config::error::read_toml;
use crate::settings::{Granularity, ImportsLayout, StyleEdition};

/// rustfmt's config files, in the order rustfmt looks for them in a directory.
pub const RUSTFMT_FILES: &[&str] = &[".rustfmt.toml", "rustfmt.toml"];

/// rustfmt's `group_imports`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum GroupImports {
    Preserve,
    StdExternalCrate,
    One,
}

/// rustfmt's `imports_indent`: grouse lays out merged items with `Block` only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum IndentStyle {
    Block,
    Visual,
}

/// rustfmt's `trailing_comma`: grouse lays out merged items with `Vertical` only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TrailingComma {
    Always,
    Never,
    Vertical,
}

/// What a rustfmt config file says about the style edition and imports.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct RustfmtConfig {
    /// The file, absolute.
    pub path: PathBuf,
    /// `style_edition`.
    pub style_edition: Option<StyleEdition>,
    /// `version = "Two"`, the older way to ask for the 2024 style.
    pub version_two: bool,
    /// `edition`.
    pub edition: Option<StyleEdition>,
    pub group_imports: Option<GroupImports>,
    pub imports_granularity: Option<Granularity>,
    /// `merge_imports`, which rustfmt reads as `imports_granularity = "Crate"` when true and
    /// `imports_granularity` is not given.
    pub merge_imports: Option<bool>,
    pub max_width: Option<usize>,
    pub tab_spaces: Option<usize>,
    pub hard_tabs: Option<bool>,
    pub imports_layout: Option<ImportsLayout>,
    pub imports_indent: Option<IndentStyle>,
    pub trailing_comma: Option<TrailingComma>,
}

#[derive(Deserialize)]
#[serde(expecting = "a table")]
struct RustfmtToml {
    #[serde(default, deserialize_with = "toml_de::style_edition")]
    style_edition: Option<StyleEdition>,
    #[serde(default, deserialize_with = "version_two")]
    version: Option<bool>,
    #[serde(default, deserialize_with = "toml_de::style_edition")]
    edition: Option<StyleEdition>,
    #[serde(default, deserialize_with = "group_imports")]
    group_imports: Option<GroupImports>,
    #[serde(default, deserialize_with = "imports_granularity")]
    imports_granularity: Option<Granularity>,
    #[serde(default, deserialize_with = "boolean")]
    merge_imports: Option<bool>,
    #[serde(default, deserialize_with = "positive_integer")]
    max_width: Option<usize>,
    #[serde(default, deserialize_with = "positive_integer")]
    tab_spaces: Option<usize>,
    #[serde(default, deserialize_with = "boolean")]
    hard_tabs: Option<bool>,
    #[serde(default, deserialize_with = "imports_layout")]
    imports_layout: Option<ImportsLayout>,
    #[serde(default, deserialize_with = "imports_indent")]
    imports_indent: Option<IndentStyle>,
    #[serde(default, deserialize_with = "trailing_comma")]
    trailing_comma: Option<TrailingComma>,
}

impl RustfmtConfig {
    /// Reads the rustfmt config file at `path`; `shown` is the path errors name.
    pub fn read(path: &Path, shown: &Path) -> Result<RustfmtConfig, ConfigError> {
        let value = read_toml(path, shown)?;
        let toml: RustfmtToml = toml_de::from_value(&value, "", shown)?;
        Ok(RustfmtConfig {
            path: path.to_path_buf(),
            style_edition: toml.style_edition,
            version_two: toml.version == Some(true),
            edition: toml.edition,
            group_imports: toml.group_imports,
            imports_granularity: toml.imports_granularity,
            merge_imports: toml.merge_imports,
            max_width: toml.max_width,
            tab_spaces: toml.tab_spaces,
            hard_tabs: toml.hard_tabs,
            imports_layout: toml.imports_layout,
            imports_indent: toml.imports_indent,
            trailing_comma: toml.trailing_comma,
        })
    }

    /// The granularity the file asks for, and the key that says it: `imports_granularity`, else
    /// `merge_imports = true` as `Crate`, as rustfmt reads them.
    pub fn granularity(&self) -> Option<(Granularity, &'static str)> {
        match (self.imports_granularity, self.merge_imports) {
            (Some(granularity), _) => Some((granularity, "imports_granularity")),
            (None, Some(true)) => Some((Granularity::Crate, "merge_imports")),
            (None, _) => None,
        }
    }
}

/// A value of one of rustfmt's enums, read by `parse`; errors call it `expected`.
fn variant<'de, D: Deserializer<'de>, T: Copy>(
    deserializer: D,
    expected: &'static str,
    parse: fn(&str) -> Option<T>,
) -> Result<Option<T>, D::Error> {
    Choice { expected, parse }
        .deserialize(deserializer)
        .map(Some)
}

/// `name` if it is one of `names`, in any case.
fn one_of<T: Copy>(name: &str, names: &[(&str, T)]) -> Option<T> {
    names
        .iter()
        .find(|(candidate, _)| candidate.eq_ignore_ascii_case(name))
        .map(|&(_, value)| value)
}

/// `version`: whether it is `"Two"`.
fn version_two<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    variant(
        deserializer,
        "\"One\" or \"Two\"",
        |version| match version {
            "One" => Some(false),
            "Two" => Some(true),
            _ => None,
        },
    )
}

fn group_imports<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<GroupImports>, D::Error> {
    variant(
        deserializer,
        "\"Preserve\", \"StdExternalCrate\" or \"One\"",
        |name| {
            one_of(
                name,
                &[
                    ("Preserve", GroupImports::Preserve),
                    ("StdExternalCrate", GroupImports::StdExternalCrate),
                    ("One", GroupImports::One),
                ],
            )
        },
    )
}

fn imports_granularity<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Granularity>, D::Error> {
    variant(
        deserializer,
        "\"Preserve\", \"Crate\", \"Module\", \"Item\" or \"One\"",
        |name| {
            one_of(
                name,
                &[
                    ("Preserve", Granularity::Preserve),
                    ("Crate", Granularity::Crate),
                    ("Module", Granularity::Module),
                    ("Item", Granularity::Item),
                    ("One", Granularity::One),
                ],
            )
        },
    )
}

fn imports_layout<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<ImportsLayout>, D::Error> {
    variant(
        deserializer,
        "\"Mixed\", \"Horizontal\", \"HorizontalVertical\" or \"Vertical\"",
        |name| {
            one_of(
                name,
                &[
                    ("Mixed", ImportsLayout::Mixed),
                    ("Horizontal", ImportsLayout::Horizontal),
                    ("HorizontalVertical", ImportsLayout::HorizontalVertical),
                    ("Vertical", ImportsLayout::Vertical),
                ],
            )
        },
    )
}

fn imports_indent<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<IndentStyle>, D::Error> {
    variant(deserializer, "\"Block\" or \"Visual\"", |name| {
        one_of(
            name,
            &[
                ("Block", IndentStyle::Block),
                ("Visual", IndentStyle::Visual),
            ],
        )
    })
}

fn trailing_comma<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<TrailingComma>, D::Error> {
    variant(
        deserializer,
        "\"Always\", \"Never\" or \"Vertical\"",
        |name| {
            one_of(
                name,
                &[
                    ("Always", TrailingComma::Always),
                    ("Never", TrailingComma::Never),
                    ("Vertical", TrailingComma::Vertical),
                ],
            )
        },
    )
}

fn boolean<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    struct Boolean;
    impl Visitor<'_> for Boolean {
        type Value = bool;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("true or false")
        }
        fn visit_bool<E: de::Error>(self, value: bool) -> Result<bool, E> {
            Ok(value)
        }
    }
    deserializer.deserialize_bool(Boolean).map(Some)
}

fn positive_integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<usize>, D::Error> {
    struct Positive;
    impl Visitor<'_> for Positive {
        type Value = usize;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a positive integer")
        }
        fn visit_i64<E: de::Error>(self, value: i64) -> Result<usize, E> {
            usize::try_from(value)
                .ok()
                .filter(|&value| value > 0)
                .ok_or_else(|| E::invalid_value(Unexpected::Signed(value), &self))
        }
    }
    deserializer.deserialize_u64(Positive).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<RustfmtConfig, ConfigError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rustfmt.toml");
        std::fs::write(&path, text).unwrap();
        RustfmtConfig::read(&path, Path::new("rustfmt.toml")).map(|config| RustfmtConfig {
            path: PathBuf::new(),
            ..config
        })
    }

    fn error(text: &str) -> String {
        read(text).expect_err("rejected").to_string()
    }

    #[test]
    fn reads_the_style_keys_and_ignores_the_rest() {
        assert_eq!(
            read(
                "use_small_heuristics = \"Max\"\nstyle_edition = \"2024\"\nversion = \"Two\"\n\
                  edition = \"2018\""
            )
            .unwrap(),
            RustfmtConfig {
                path: PathBuf::new(),
                style_edition: Some(StyleEdition::E2024),
                version_two: true,
                edition: Some(StyleEdition::E2018),
                ..RustfmtConfig::default()
            }
        );
        assert!(!read("version = \"One\"").unwrap().version_two);
    }

    #[test]
    fn reads_the_import_keys_in_any_case() {
        let config = read(
            "group_imports = \"StdExternalCrate\"\nimports_granularity = \"module\"\n\
             max_width = 80\ntab_spaces = 2\nhard_tabs = true\nimports_layout = \"Vertical\"\n\
             imports_indent = \"Block\"\ntrailing_comma = \"Never\"\n",
        )
        .unwrap();
        assert_eq!(config.group_imports, Some(GroupImports::StdExternalCrate));
        assert_eq!(
            config.granularity(),
            Some((Granularity::Module, "imports_granularity"))
        );
        assert_eq!(config.max_width, Some(80));
        assert_eq!(config.tab_spaces, Some(2));
        assert_eq!(config.hard_tabs, Some(true));
        assert_eq!(config.imports_layout, Some(ImportsLayout::Vertical));
        assert_eq!(config.imports_indent, Some(IndentStyle::Block));
        assert_eq!(config.trailing_comma, Some(TrailingComma::Never));
    }

    #[test]
    fn merge_imports_is_crate_unless_granularity_is_given() {
        let granularity = |text: &str| read(text).unwrap().granularity();
        assert_eq!(
            granularity("merge_imports = true"),
            Some((Granularity::Crate, "merge_imports"))
        );
        assert_eq!(granularity("merge_imports = false"), None);
        assert_eq!(
            granularity("merge_imports = true\nimports_granularity = \"Item\""),
            Some((Granularity::Item, "imports_granularity"))
        );
        assert_eq!(granularity(""), None);
    }

    #[test]
    fn a_bad_key_is_an_error_naming_it() {
        assert_eq!(
            error("version = \"Three\""),
            "rustfmt.toml: key `version`: expected \"One\" or \"Two\", found \"Three\""
        );
        assert_eq!(
            error("imports_granularity = \"Crates\""),
            "rustfmt.toml: key `imports_granularity`: expected \"Preserve\", \"Crate\", \
             \"Module\", \"Item\" or \"One\", found \"Crates\""
        );
        assert_eq!(
            error("group_imports = \"StdExternal\""),
            "rustfmt.toml: key `group_imports`: expected \"Preserve\", \"StdExternalCrate\" or \
             \"One\", found \"StdExternal\""
        );
        assert_eq!(
            error("merge_imports = \"yes\""),
            "rustfmt.toml: key `merge_imports`: expected true or false, found \"yes\""
        );
        assert_eq!(
            error("max_width = 0"),
            "rustfmt.toml: key `max_width`: expected a positive integer, found the integer 0"
        );
        assert_eq!(
            error("tab_spaces = \"4\""),
            "rustfmt.toml: key `tab_spaces`: expected a positive integer, found \"4\""
        );
        assert_eq!(
            error("hard_tabs = 1"),
            "rustfmt.toml: key `hard_tabs`: expected true or false, found the integer 1"
        );
        assert_eq!(
            error("imports_layout = \"Wide\""),
            "rustfmt.toml: key `imports_layout`: expected \"Mixed\", \"Horizontal\", \
             \"HorizontalVertical\" or \"Vertical\", found \"Wide\""
        );
        assert_eq!(
            error("imports_indent = \"Tab\""),
            "rustfmt.toml: key `imports_indent`: expected \"Block\" or \"Visual\", found \"Tab\""
        );
    }
}

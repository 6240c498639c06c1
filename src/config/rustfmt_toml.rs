//! rustfmt's config files (`.rustfmt.toml`, `rustfmt.toml`): the keys that decide the style
//! edition. Every other key is rustfmt's business and is not checked here.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer};

use crate::config::ConfigError;
use crate::config::de::{self as toml_de, Choice};
use crate::config::error::read_toml;
use crate::settings::StyleEdition;

/// rustfmt's config files, in the order rustfmt looks for them in a directory.
pub const RUSTFMT_FILES: &[&str] = &[".rustfmt.toml", "rustfmt.toml"];

/// What a rustfmt config file says about the style edition.
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
        })
    }
}

/// `version`: whether it is `"Two"`.
fn version_two<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    Choice {
        expected: "\"One\" or \"Two\"",
        parse: |version| match version {
            "One" => Some(false),
            "Two" => Some(true),
            _ => None,
        },
    }
    .deserialize(deserializer)
    .map(Some)
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

    #[test]
    fn reads_the_style_keys_and_ignores_the_rest() {
        assert_eq!(
            read("max_width = 80\nstyle_edition = \"2024\"\nversion = \"Two\"\nedition = \"2018\"")
                .unwrap(),
            RustfmtConfig {
                path: PathBuf::new(),
                style_edition: Some(StyleEdition::E2024),
                version_two: true,
                edition: Some(StyleEdition::E2018),
            }
        );
        assert!(!read("version = \"One\"").unwrap().version_two);
    }

    #[test]
    fn a_bad_style_key_is_an_error() {
        assert_eq!(
            read("version = \"Three\"").unwrap_err().to_string(),
            "rustfmt.toml: key `version`: expected \"One\" or \"Two\", found \"Three\""
        );
    }
}

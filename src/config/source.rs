//! Where a setting came from, for `--show-settings` and `--explain`.

use std::path::{Path, PathBuf};

/// Where a setting came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A key of a file: grouse's config (`grouse.toml`, or a Cargo.toml metadata table, the key
    /// then written in full), rustfmt.toml or Cargo.toml.
    Key { path: PathBuf, key: String },
    /// Not said, but implied by another key of a file: a grouse config that sets `groups`,
    /// `project` or `[[group]]` uses grouse's own classification; a rustfmt.toml that sets
    /// `imports_granularity` without `group_imports` keeps the chunks (preset `preserve`).
    Implied { path: PathBuf, key: String },
    /// Nothing said: the default.
    Default,
}

impl Source {
    /// A key of the file at `path`.
    pub fn key(path: &Path, key: impl Into<String>) -> Source {
        Source::Key {
            path: path.to_path_buf(),
            key: key.into(),
        }
    }

    /// Where the setting came from, as a user reads it, with paths written by `shown`.
    pub fn describe(&self, shown: &dyn Fn(&Path) -> String) -> String {
        match self {
            Source::Key { path, key } => format!("{} ({key})", shown(path)),
            Source::Implied { path, key } => format!("{} (implied by {key})", shown(path)),
            Source::Default => "default".to_owned(),
        }
    }
}

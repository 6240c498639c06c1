//! The errors of configuration files, each naming its file, and reading a file as TOML.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
        expected: String,
    },
    #[error("{}: key `{key}`: expected {expected}, found {found}", path.display())]
    BadValue {
        path: PathBuf,
        key: String,
        expected: String,
        found: String,
    },
    /// A mistake that is neither an unknown key nor a value of the wrong kind, such as a key
    /// written twice under two spellings.
    #[error("{}: key `{key}`: {message}", path.display())]
    Invalid {
        path: PathBuf,
        key: String,
        message: String,
    },
}

impl ConfigError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            ConfigError::Read { path, .. }
            | ConfigError::Toml { path, .. }
            | ConfigError::UnknownKey { path, .. }
            | ConfigError::BadValue { path, .. }
            | ConfigError::Invalid { path, .. } => path,
        }
    }
}

/// A value read once and shared by everything that needs it, or the error reading it gave.
pub type Shared<T> = Result<Arc<T>, Arc<ConfigError>>;

/// Reads and parses a TOML file. `shown` is the path errors name.
pub(super) fn read_toml(path: &Path, shown: &Path) -> Result<toml::Value, ConfigError> {
    let text = fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: shown.to_path_buf(),
        source,
    })?;
    text.parse::<toml::Table>()
        .map(toml::Value::Table)
        .map_err(|error| ConfigError::Toml {
            path: shown.to_path_buf(),
            message: error.to_string().trim_end().to_owned(),
        })
}

//! Configuration discovery: the [`Settings`](crate::settings::Settings) of each directory, from
//! grouse's config (`grouse.toml` or Cargo.toml metadata), Cargo manifests and workspaces, and
//! rustfmt's config files.
//!
//! The [`Resolver`] reads every file at most once per run and caches results per directory, so
//! the cost is per directory, not per file. One module per concern:
//! - `resolver`: the [`Resolver`], its per-path memo, and what it finds for a directory;
//! - `grouse_toml`: grouse's config schema and the rules across its keys ([`Config`]);
//! - `manifest`: the parts of a Cargo.toml grouse reads;
//! - `workspace`: the members and crate names of a Cargo workspace;
//! - `packages`: the packages `cargo grouse` chooses among, by name;
//! - `rustfmt_toml`: the style keys of `rustfmt.toml` / `.rustfmt.toml`;
//! - `style_edition`: `cargo fmt`'s precedence for the style edition;
//! - `source`: where each setting came from ([`Source`]);
//! - `describe`: `--show-settings`;
//! - `de` and `error`: deserializing TOML values with errors that name the file and key.

mod de;
mod describe;
mod error;
mod grouse_toml;
mod manifest;
mod packages;
mod resolver;
mod rustfmt_toml;
mod source;
mod style_edition;
mod workspace;

pub use self::describe::{config_source, describe};
pub use self::error::{ConfigError, Shared};
pub use self::grouse_toml::Config;
pub use self::packages::{CargoPackage, CargoPackages};
pub use self::resolver::{Resolved, Resolver, Sources, WalkedDir};
pub use self::rustfmt_toml::RUSTFMT_FILES;
pub use self::source::Source;
pub use self::style_edition::DEFAULT_STYLE_EDITION;

/// The config file grouse looks for in every directory.
pub const CONFIG_FILE: &str = "grouse.toml";
/// Cargo's manifest.
pub const MANIFEST_FILE: &str = "Cargo.toml";

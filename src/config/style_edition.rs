//! Which style edition a directory's files are sorted by, and where it came from: `cargo fmt`'s
//! precedence, in [`style_edition`].

use crate::config::Source;
use crate::config::rustfmt_toml::RustfmtConfig;
use crate::settings::StyleEdition;

/// The style edition when nothing says, as plain rustfmt.
pub const DEFAULT_STYLE_EDITION: StyleEdition = StyleEdition::E2015;

/// The style edition, from the first of these that says one:
/// 1. grouse's own config, `style_edition` (`grouse`);
/// 2. the nearest rustfmt config file's `style_edition`;
/// 3. its `version = "Two"`, which is the 2024 style;
/// 4. the package's edition in Cargo.toml (`package`), which `cargo fmt` passes to rustfmt on
///    the command line, over the rustfmt file's `edition`;
/// 5. the rustfmt config file's `edition`;
/// 6. plain rustfmt's default, [`DEFAULT_STYLE_EDITION`].
pub(super) fn style_edition(
    grouse: Option<(StyleEdition, Source)>,
    rustfmt: Option<&RustfmtConfig>,
    package: Option<(StyleEdition, Source)>,
) -> (StyleEdition, Source) {
    let rustfmt_key = |edition: StyleEdition, key: &str| {
        let path = rustfmt.map(|r| r.path.clone()).unwrap_or_default();
        let key = key.to_owned();
        (edition, Source::Key { path, key })
    };
    if let Some(said) = grouse {
        return said;
    }
    if let Some(edition) = rustfmt.and_then(|r| r.style_edition) {
        return rustfmt_key(edition, "style_edition");
    }
    if rustfmt.is_some_and(|r| r.version_two) {
        return rustfmt_key(StyleEdition::E2024, "version");
    }
    if let Some(said) = package {
        return said;
    }
    if let Some(edition) = rustfmt.and_then(|r| r.edition) {
        return rustfmt_key(edition, "edition");
    }
    (DEFAULT_STYLE_EDITION, Source::Default)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn key(path: &str, key: &str) -> Source {
        Source::Key {
            path: PathBuf::from(path),
            key: key.to_owned(),
        }
    }

    fn grouse(edition: StyleEdition) -> Option<(StyleEdition, Source)> {
        Some((edition, key("grouse.toml", "style_edition")))
    }

    fn package(edition: StyleEdition) -> Option<(StyleEdition, Source)> {
        Some((edition, key("Cargo.toml", "package.edition")))
    }

    /// A rustfmt.toml saying all three keys; tests clear the ones they do not want.
    fn rustfmt() -> RustfmtConfig {
        RustfmtConfig {
            path: PathBuf::from("rustfmt.toml"),
            style_edition: Some(StyleEdition::E2018),
            version_two: true,
            edition: Some(StyleEdition::E2021),
            ..RustfmtConfig::default()
        }
    }

    #[test]
    fn grouse_config_comes_first() {
        assert_eq!(
            style_edition(
                grouse(StyleEdition::E2015),
                Some(&rustfmt()),
                package(StyleEdition::E2021)
            ),
            (StyleEdition::E2015, key("grouse.toml", "style_edition"))
        );
    }

    #[test]
    fn then_rustfmt_style_edition() {
        assert_eq!(
            style_edition(None, Some(&rustfmt()), package(StyleEdition::E2021)),
            (StyleEdition::E2018, key("rustfmt.toml", "style_edition"))
        );
    }

    #[test]
    fn then_rustfmt_version_two_as_2024() {
        let rustfmt = RustfmtConfig {
            style_edition: None,
            ..rustfmt()
        };
        assert_eq!(
            style_edition(None, Some(&rustfmt), package(StyleEdition::E2021)),
            (StyleEdition::E2024, key("rustfmt.toml", "version"))
        );
    }

    #[test]
    fn then_the_package_edition_over_rustfmt_edition() {
        let rustfmt = RustfmtConfig {
            style_edition: None,
            version_two: false,
            ..rustfmt()
        };
        assert_eq!(
            style_edition(None, Some(&rustfmt), package(StyleEdition::E2018)),
            (StyleEdition::E2018, key("Cargo.toml", "package.edition"))
        );
    }

    #[test]
    fn then_rustfmt_edition() {
        let rustfmt = RustfmtConfig {
            style_edition: None,
            version_two: false,
            ..rustfmt()
        };
        assert_eq!(
            style_edition(None, Some(&rustfmt), None),
            (StyleEdition::E2021, key("rustfmt.toml", "edition"))
        );
    }

    #[test]
    fn else_plain_rustfmt_default() {
        assert_eq!(
            style_edition(None, Some(&RustfmtConfig::default()), None),
            (DEFAULT_STYLE_EDITION, Source::Default)
        );
        assert_eq!(
            style_edition(None, None, None),
            (DEFAULT_STYLE_EDITION, Source::Default)
        );
    }
}

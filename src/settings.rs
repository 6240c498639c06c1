//! The engine's inputs: style edition, group order and what the classifier knows.
//!
//! The command line fills a [`Settings`] from config files (see `config`); tests build one directly.

use std::fmt;

/// The rustfmt style edition, which picks the comparator used inside a group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StyleEdition {
    E2015,
    E2018,
    E2021,
    E2024,
}

impl StyleEdition {
    /// Parses `"2015"`, `"2018"`, `"2021"` or `"2024"`.
    pub fn parse(text: &str) -> Option<StyleEdition> {
        match text {
            "2015" => Some(StyleEdition::E2015),
            "2018" => Some(StyleEdition::E2018),
            "2021" => Some(StyleEdition::E2021),
            "2024" => Some(StyleEdition::E2024),
            _ => None,
        }
    }

    /// Styles 2015 to 2021 share rustfmt's "legacy" comparator; 2024 uses version sorting.
    pub fn is_legacy(self) -> bool {
        self < StyleEdition::E2024
    }

    /// Whether a leading `::` is kept glued to the first segment (edition 2018 and later).
    pub fn has_uniform_paths(self) -> bool {
        self >= StyleEdition::E2018
    }

    pub fn as_str(self) -> &'static str {
        match self {
            StyleEdition::E2015 => "2015",
            StyleEdition::E2018 => "2018",
            StyleEdition::E2021 => "2021",
            StyleEdition::E2024 => "2024",
        }
    }
}

impl fmt::Display for StyleEdition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which classification rules apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Preset {
    /// grouse's own rules: sysroot crates are std, workspace crates and local items are project.
    #[default]
    Grouse,
    /// Exactly rustfmt's `group_imports = "StdExternalCrate"`.
    Rustfmt,
    /// A run is one group: rustfmt's `group_imports = "One"`.
    One,
    /// Each chunk of a run between blank lines is a group of its own, sorted inside and never
    /// mixed with another: rustfmt's `group_imports = "Preserve"`, its default.
    Preserve,
}

impl Preset {
    pub fn parse(text: &str) -> Option<Preset> {
        match text {
            "grouse" => Some(Preset::Grouse),
            "rustfmt" => Some(Preset::Rustfmt),
            "one" => Some(Preset::One),
            "preserve" => Some(Preset::Preserve),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Preset::Grouse => "grouse",
            Preset::Rustfmt => "rustfmt",
            Preset::One => "one",
            Preset::Preserve => "preserve",
        }
    }
}

/// A block of imports. `User` indexes [`Settings::user_groups`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    Std,
    External,
    Project,
    User(usize),
}

/// A crate-name pattern: a plain name, or a glob with `*` (any run of characters) and `?` (one).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Pattern {
    text: String,
}

impl Pattern {
    pub fn new(text: impl Into<String>) -> Pattern {
        Pattern { text: text.into() }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether `name` matches. `-` in the pattern matches `_` in the name, since crate names are
    /// written with `-` in manifests and with `_` in paths.
    pub fn matches(&self, name: &str) -> bool {
        glob_match(self.text.as_bytes(), name.as_bytes())
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

fn glob_match(pattern: &[u8], name: &[u8]) -> bool {
    // Iterative matcher with single-star backtracking: linear in practice, no recursion.
    let (mut p, mut n) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        if p < pattern.len() {
            match pattern[p] {
                b'*' => {
                    star = Some((p, n));
                    p += 1;
                    continue;
                }
                b'?' => {
                    p += 1;
                    n += 1;
                    continue;
                }
                c if c == name[n] || (c == b'-' && name[n] == b'_') => {
                    p += 1;
                    n += 1;
                    continue;
                }
                _ => {}
            }
        }
        match star {
            Some((sp, sn)) => {
                p = sp + 1;
                n = sn + 1;
                star = Some((sp, sn + 1));
            }
            None => return false,
        }
    }
    pattern[p..].iter().all(|&c| c == b'*')
}

/// A named group of crates placed where `Settings::groups` says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserGroup {
    pub name: String,
    pub crates: Vec<Pattern>,
}

/// Everything the engine needs to regroup one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    pub preset: Preset,
    pub style_edition: StyleEdition,
    /// The order groups are written in. Every group that can be produced must appear once.
    pub groups: Vec<Group>,
    pub user_groups: Vec<UserGroup>,
    /// Extra crate names or globs counted as project.
    pub project: Vec<Pattern>,
    /// Library names of the crates of the surrounding workspace (`_`, not `-`), and the local names
    /// of path dependencies renamed with `package = ...`.
    pub workspace_crates: Vec<String>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            preset: Preset::Grouse,
            style_edition: StyleEdition::E2021,
            groups: vec![Group::Std, Group::External, Group::Project],
            user_groups: Vec::new(),
            project: Vec::new(),
            workspace_crates: Vec::new(),
        }
    }
}

impl Settings {
    /// The settings that reproduce rustfmt's `StdExternalCrate` for a style edition.
    pub fn rustfmt(style_edition: StyleEdition) -> Settings {
        Settings {
            preset: Preset::Rustfmt,
            style_edition,
            ..Settings::default()
        }
    }

    /// The user-facing name of a group.
    pub fn group_name(&self, group: Group) -> &str {
        match group {
            Group::Std => "std",
            Group::External => "external",
            Group::Project => "project",
            Group::User(index) => &self.user_groups[index].name,
        }
    }

    /// The position of `group` in the output order. Groups missing from `groups` go last, in
    /// the order std, external, project, user groups.
    pub fn group_rank(&self, group: Group) -> usize {
        match self.groups.iter().position(|&g| g == group) {
            Some(rank) => rank,
            None => {
                self.groups.len()
                    + match group {
                        Group::Std => 0,
                        Group::External => 1,
                        Group::Project => 2,
                        Group::User(index) => 3 + index,
                    }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_like_shell_patterns() {
        assert!(Pattern::new("acme_*").matches("acme_core"));
        assert!(Pattern::new("acme-*").matches("acme_core"));
        assert!(Pattern::new("futures*").matches("futures"));
        assert!(Pattern::new("*_sdk").matches("tokens_sdk"));
        assert!(Pattern::new("a?c").matches("abc"));
        assert!(Pattern::new("tokio").matches("tokio"));
        assert!(!Pattern::new("tokio").matches("tokio_util"));
        assert!(!Pattern::new("acme_*").matches("acm"));
        assert!(!Pattern::new("a*b*c").matches("aXbY"));
        assert!(Pattern::new("a*b*c").matches("aXbYbZc"));
    }

    #[test]
    fn groups_missing_from_the_order_go_last() {
        let settings = Settings {
            groups: vec![Group::Project, Group::Std],
            ..Settings::default()
        };
        assert_eq!(settings.group_rank(Group::Project), 0);
        assert_eq!(settings.group_rank(Group::Std), 1);
        assert_eq!(settings.group_rank(Group::External), 3);
    }
}

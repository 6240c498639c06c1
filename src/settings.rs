//! The engine's inputs: style edition, group order and what the classifier knows.
//!
//! The command line fills a [`Settings`] from config files (see `config`); tests build one directly.

use std::fmt;
use std::hash::{Hash, Hasher};

use globset::{GlobBuilder, GlobMatcher};

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

/// A crate-name pattern: a plain name, or a glob (`*`, `?`, `[abc]`, `{a,b}`, matched by
/// `globset`). `-` in the pattern matches `_` in the name, since crate names are written with `-`
/// in manifests and with `_` in paths.
#[derive(Clone, Debug)]
pub struct Pattern {
    text: String,
    matcher: Matcher,
}

/// How a pattern is matched. [`Pattern::matches`] runs once per imported crate name and pattern,
/// so a plain name and the two common glob shapes compare strings; `globset` matches the rest.
/// Measured in a release build with a loop over typical crate names: 5 to 6 ns a name compared as
/// a string, 55 to 90 ns through `globset`.
#[derive(Clone, Debug)]
enum Matcher {
    /// A plain name: the whole text.
    Name,
    /// `prefix*`: the text before the star.
    Prefix,
    /// `*suffix`: the text after the star.
    Suffix,
    Glob(GlobMatcher),
}

/// Why a text is not a crate-name pattern.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    #[error("the pattern is empty")]
    Empty,
    #[error("`{0}` is neither in crate names nor in glob syntax")]
    Character(char),
    #[error("{0}")]
    Glob(String),
}

/// The characters of glob syntax that a pattern may hold besides those of crate names.
const GLOB_CHARACTERS: &str = "*?[]{},!^";

impl Pattern {
    /// A pattern from text known to be valid, such as a literal in code or a test.
    ///
    /// # Panics
    /// If `text` is not a valid pattern; parse text from users with [`Pattern::parse`].
    pub fn new(text: impl Into<String>) -> Pattern {
        let text = text.into();
        Pattern::parse(&text).unwrap_or_else(|error| panic!("invalid pattern {text:?}: {error}"))
    }

    /// Parses a crate name or glob: letters, digits, `_`, `-` and glob syntax.
    pub fn parse(text: &str) -> Result<Pattern, PatternError> {
        if text.is_empty() {
            return Err(PatternError::Empty);
        }
        if let Some(bad) = text.chars().find(|&c| {
            !(c.is_ascii_alphanumeric() || c == '_' || c == '-' || GLOB_CHARACTERS.contains(c))
        }) {
            return Err(PatternError::Character(bad));
        }
        let is_plain = |part: &str| !part.contains(['*', '?', '[', '{']);
        let matcher = if is_plain(text) {
            Matcher::Name
        } else if text.ends_with('*') && is_plain(&text[..text.len() - 1]) {
            Matcher::Prefix
        } else if text.starts_with('*') && is_plain(&text[1..]) {
            Matcher::Suffix
        } else {
            let glob = GlobBuilder::new(&dash_matches_underscore(text))
                .literal_separator(false)
                .backslash_escape(false)
                .build()
                .map_err(|error| PatternError::Glob(error.kind().to_string()))?;
            Matcher::Glob(glob.compile_matcher())
        };
        Ok(Pattern {
            text: text.to_owned(),
            matcher,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether `name` matches.
    pub fn matches(&self, name: &str) -> bool {
        let (text, bytes) = (self.text.as_bytes(), name.as_bytes());
        match &self.matcher {
            Matcher::Name => same_name(text, bytes),
            Matcher::Prefix => {
                let prefix = &text[..text.len() - 1];
                bytes.len() >= prefix.len() && same_name(prefix, &bytes[..prefix.len()])
            }
            Matcher::Suffix => {
                let suffix = &text[1..];
                bytes.len() >= suffix.len()
                    && same_name(suffix, &bytes[bytes.len() - suffix.len()..])
            }
            Matcher::Glob(glob) => glob.is_match(name),
        }
    }
}

/// Whether `name` is the plain pattern text `plain`, where `-` in `plain` also matches `_`.
fn same_name(plain: &[u8], name: &[u8]) -> bool {
    plain.len() == name.len()
        && plain
            .iter()
            .zip(name)
            .all(|(&p, &n)| p == n || (p == b'-' && n == b'_'))
}

/// `text` with every `-` outside a character class written `[-_]`.
fn dash_matches_underscore(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_class = false;
    for c in text.chars() {
        match c {
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '-' if !in_class => {
                out.push_str("[-_]");
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Pattern) -> bool {
        self.text == other.text
    }
}

impl Eq for Pattern {}

impl Hash for Pattern {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// A visibility a user group matches: `pub`, `pub(crate)`, `pub(super)`, `pub(self)`,
/// `pub(in path)`, or none (`private`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Visibility {
    /// As rustfmt writes it, as [`UseItem::vis`](crate::inspect::UseItem) holds it: empty for none.
    written: String,
}

/// What a visibility is, in config errors.
pub const VISIBILITIES: &str = "\"pub\", \"pub(crate)\", \"pub(super)\", \"pub(self)\", \
                                \"pub(in path)\" or \"private\"";

impl Visibility {
    /// Parses a visibility as rustfmt writes it (`"pub(in crate::a)"`; spaces inside the
    /// parentheses are tolerated), or `"private"` for none.
    pub fn parse(text: &str) -> Option<Visibility> {
        let text = text.trim();
        if text == "private" {
            return Some(Visibility {
                written: String::new(),
            });
        }
        // Only the characters of visibilities: the text is then parsed as the visibility of an
        // item, and nothing in it can end that item early.
        let is_visibility_char = |c: char| c.is_alphanumeric() || "_:() ".contains(c);
        if !text.starts_with("pub") || !text.chars().all(is_visibility_char) {
            return None;
        }
        let item = crate::item::UseItem::parse(&format!("{text} use x;")).ok()?;
        (!item.vis.is_empty()).then_some(Visibility { written: item.vis })
    }

    /// Whether an item of visibility `vis` (as rustfmt writes it, empty for none) matches.
    pub fn matches(&self, vis: &str) -> bool {
        self.written == vis
    }

    /// The visibility as config writes it: `"private"` for none.
    pub fn as_str(&self) -> &str {
        if self.written.is_empty() {
            "private"
        } else {
            &self.written
        }
    }
}

impl fmt::Display for Visibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A named group placed where `Settings::groups` says. An import belongs to it when every
/// condition given matches: its crate one of `crates`, its visibility one of `visibility`. At
/// least one is given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserGroup {
    pub name: String,
    /// Crate names or globs; `None` when any crate matches.
    pub crates: Option<Vec<Pattern>>,
    /// Visibilities; `None` when any visibility matches.
    pub visibility: Option<Vec<Visibility>>,
}

impl UserGroup {
    /// A group of crates, of any visibility.
    pub fn of_crates(name: impl Into<String>, crates: Vec<Pattern>) -> UserGroup {
        UserGroup {
            name: name.into(),
            crates: Some(crates),
            visibility: None,
        }
    }
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
    /// How far items are merged or split after grouping (rustfmt's `imports_granularity`).
    pub granularity: Granularity,
    /// rustfmt's layout settings for the items merged or split (`max_width`, `tab_spaces`,
    /// `hard_tabs`, `imports_layout`); the order of list elements is `style_edition`'s.
    pub layout: Layout,
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
            granularity: Granularity::Preserve,
            layout: Layout::default(),
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

/// How far items are merged or split; rustfmt's `imports_granularity`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Granularity {
    /// Nothing is merged or split.
    #[default]
    Preserve,
    /// One item per crate.
    Crate,
    /// One item per module path.
    Module,
    /// One item per imported name.
    Item,
    /// One item per group.
    One,
}

impl Granularity {
    /// Every granularity, `preserve` first.
    pub const ALL: [Granularity; 5] = [
        Granularity::Preserve,
        Granularity::Crate,
        Granularity::Module,
        Granularity::Item,
        Granularity::One,
    ];

    /// Parses grouse's name (`"crate"`) or rustfmt's (`"Crate"`).
    pub fn parse(text: &str) -> Option<Granularity> {
        match text {
            "preserve" | "Preserve" => Some(Granularity::Preserve),
            "crate" | "Crate" => Some(Granularity::Crate),
            "module" | "Module" => Some(Granularity::Module),
            "item" | "Item" => Some(Granularity::Item),
            "one" | "One" => Some(Granularity::One),
            _ => None,
        }
    }

    /// grouse's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Granularity::Preserve => "preserve",
            Granularity::Crate => "crate",
            Granularity::Module => "module",
            Granularity::Item => "item",
            Granularity::One => "one",
        }
    }
}

impl std::fmt::Display for Granularity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// rustfmt's default `max_width`.
pub const DEFAULT_MAX_WIDTH: usize = 100;
/// rustfmt's default `tab_spaces`.
pub const DEFAULT_TAB_SPACES: usize = 4;

/// rustfmt's `imports_layout`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum ImportsLayout {
    /// As many elements per line as fit.
    #[default]
    Mixed,
    /// Everything on one line.
    Horizontal,
    /// One line if it fits, else one element per line.
    HorizontalVertical,
    /// One element per line.
    Vertical,
}

impl ImportsLayout {
    /// Parses rustfmt's name (`"Mixed"`, `"Horizontal"`, `"HorizontalVertical"`, `"Vertical"`).
    pub fn parse(text: &str) -> Option<ImportsLayout> {
        match text {
            "Mixed" => Some(ImportsLayout::Mixed),
            "Horizontal" => Some(ImportsLayout::Horizontal),
            "HorizontalVertical" => Some(ImportsLayout::HorizontalVertical),
            "Vertical" => Some(ImportsLayout::Vertical),
            _ => None,
        }
    }
}

/// The rustfmt settings a `use` item's layout depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    pub max_width: usize,
    pub tab_spaces: usize,
    pub hard_tabs: bool,
    pub imports_layout: ImportsLayout,
    /// The order of list elements.
    pub edition: StyleEdition,
}

impl Default for Layout {
    fn default() -> Layout {
        Layout {
            max_width: DEFAULT_MAX_WIDTH,
            tab_spaces: DEFAULT_TAB_SPACES,
            hard_tabs: false,
            imports_layout: ImportsLayout::Mixed,
            edition: StyleEdition::E2015,
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
        assert!(Pattern::new("a**").matches("abc"));
        assert!(Pattern::new("acme-core").matches("acme_core"));
        assert!(Pattern::new("acme-core").matches("acme-core"));
        assert!(!Pattern::new("acme_core").matches("acme-core"));
        assert!(!Pattern::new("acme-core").matches("acme_cor"));
        assert!(Pattern::new("tokio-*-x").matches("tokio_util_x"));
        assert!(Pattern::new("acme-*").matches("acme_"));
        assert!(!Pattern::new("acme-*").matches("acme"));
        assert!(Pattern::new("*-sdk").matches("tokens_sdk"));
        assert!(!Pattern::new("*-sdk").matches("sdk"));
        assert!(Pattern::new("*").matches("anything"));
    }

    #[test]
    fn classes_and_alternatives_are_glob_syntax() {
        assert!(Pattern::new("acme_[a-c]*").matches("acme_core"));
        assert!(!Pattern::new("acme_[a-c]*").matches("acme_data"));
        assert!(Pattern::new("acme_[!a-c]*").matches("acme_data"));
        assert!(Pattern::new("{tokio,futures}*").matches("futures_util"));
        assert!(!Pattern::new("{tokio,futures}*").matches("serde"));
    }

    #[test]
    fn invalid_patterns_say_why() {
        assert_eq!(Pattern::parse(""), Err(PatternError::Empty));
        assert_eq!(
            Pattern::parse("acme core"),
            Err(PatternError::Character(' '))
        );
        assert_eq!(Pattern::parse("a/b"), Err(PatternError::Character('/')));
        let Err(PatternError::Glob(message)) = Pattern::parse("acme_[") else {
            panic!("an unclosed class is an invalid glob");
        };
        assert!(message.contains("unclosed character class"), "{message}");
    }

    #[test]
    fn visibilities_are_read_as_rustfmt_writes_them() {
        let written = |text: &str| Visibility::parse(text).map(|v| v.as_str().to_owned());
        assert_eq!(written("pub").as_deref(), Some("pub"));
        assert_eq!(written("pub(crate)").as_deref(), Some("pub(crate)"));
        assert_eq!(written("pub( super )").as_deref(), Some("pub(super)"));
        assert_eq!(written("pub(self)").as_deref(), Some("pub(self)"));
        assert_eq!(
            written("pub(in crate::a)").as_deref(),
            Some("pub(in crate::a)")
        );
        assert_eq!(written("private").as_deref(), Some("private"));
        assert!(Visibility::parse("private").unwrap().matches(""));
        assert!(
            Visibility::parse("pub(in crate::a)")
                .unwrap()
                .matches("pub(in crate::a)")
        );
        assert!(!Visibility::parse("pub").unwrap().matches("pub(crate)"));
        for bad in [
            "",
            "public",
            "crate",
            "pub(crate",
            "pub(foo)",
            "pub(in)",
            "pub use y; //",
            "pub(in a;b)",
        ] {
            assert_eq!(Visibility::parse(bad), None, "{bad:?}");
        }
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

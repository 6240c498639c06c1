//! classify: which group an import goes to, decided by one pure function that also says why.

use std::fmt;

use crate::item::UseItem;
use crate::settings::{Granularity, Group, Pattern, Preset, Settings, Visibility};
use crate::tree::{Normalized, Segment, UseTree};
use crate::types::{Collected, Run};

/// The crates of the sysroot, which grouse counts as std.
pub const SYSROOT_CRATES: &[&str] = &["std", "core", "alloc", "proc_macro", "test"];

/// The crates rustfmt's `StdExternalCrate` counts as std.
pub const RUSTFMT_STD_CRATES: &[&str] = &["std", "core", "alloc"];

/// A group and the reason for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Classification {
    pub group: Group,
    pub reason: Reason,
}

/// Why an import went to its group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// `crate::`, `self::` or `super::`.
    Relative(&'static str),
    /// A crate of the sysroot.
    Sysroot(String),
    /// A crate of the surrounding workspace.
    WorkspaceCrate(String),
    /// A module or enum declared in the same scope as the import.
    LocalItem(String),
    /// A name matched by the `project` setting.
    ProjectPattern(Pattern),
    /// A user group's conditions matched: the crate pattern and the visibility that did, each
    /// `None` when the group does not ask.
    UserGroup {
        group: String,
        pattern: Option<Pattern>,
        visibility: Option<Visibility>,
    },
    /// A crate grouse knows nothing special about.
    OtherCrate(String),
    /// A path that starts with `*` or a braced list, or is empty.
    NoCrateName,
    /// `preset = "rustfmt"`: rustfmt's rule for this first segment.
    Rustfmt(String),
    /// A braced list at the top (`use {a::b, c};`, as granularity `one` writes a group) whose
    /// elements all go to this group.
    ListOfOneGroup,
    /// `preset = "one"`: every import of a run is in one group.
    OneGroup,
    /// `preset = "preserve"`: an import stays in its chunk of the run (between blank lines).
    PreservedChunk,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Relative(keyword) => write!(f, "`{keyword}` paths are relative to this crate"),
            Reason::Sysroot(name) => write!(f, "`{name}` is a crate of the standard library"),
            Reason::WorkspaceCrate(name) => write!(f, "`{name}` is a crate of this workspace"),
            Reason::LocalItem(name) => {
                write!(f, "`{name}` is a module or enum declared in the same scope")
            }
            Reason::ProjectPattern(pattern) => {
                write!(f, "matches `{pattern}` in the `project` setting")
            }
            Reason::UserGroup {
                group,
                pattern,
                visibility,
            } => match (pattern, visibility) {
                (Some(pattern), None) => write!(f, "matches `{pattern}` in group `{group}`"),
                (None, Some(visibility)) => {
                    write!(f, "matches visibility `{visibility}` in group `{group}`")
                }
                (Some(pattern), Some(visibility)) => write!(
                    f,
                    "matches `{pattern}` and visibility `{visibility}` in group `{group}`"
                ),
                (None, None) => write!(f, "in group `{group}`"),
            },
            Reason::OtherCrate(name) => {
                write!(
                    f,
                    "`{name}` is not std, a workspace crate or configured as project"
                )
            }
            Reason::NoCrateName => write!(f, "the path does not start with a crate name"),
            Reason::Rustfmt(segment) => write!(
                f,
                "preset \"rustfmt\": `{segment}` is classified as rustfmt's StdExternalCrate does"
            ),
            Reason::ListOfOneGroup => write!(f, "every element of the braced list goes there"),
            Reason::OneGroup => write!(f, "preset \"one\": every import of a run is one group"),
            Reason::PreservedChunk => write!(
                f,
                "preset \"preserve\": an import stays in its chunk of the run, between blank lines"
            ),
        }
    }
}

/// The first segment of a path, as far as classification cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FirstSegment<'a> {
    /// `crate`, `self` or `super`.
    Relative(&'static str),
    /// An identifier, without a leading `::` (see `global`).
    Name { name: &'a str, global: bool },
    /// `*`, a braced list, or nothing at all.
    Other,
}

impl<'a> FirstSegment<'a> {
    /// The first segment of a normalized tree.
    pub fn of_tree(tree: &'a UseTree) -> FirstSegment<'a> {
        match tree.path.first() {
            Some(Segment::Slf(_)) => FirstSegment::Relative("self"),
            Some(Segment::Super(_)) => FirstSegment::Relative("super"),
            Some(Segment::Crate(_)) => FirstSegment::Relative("crate"),
            Some(Segment::Ident(name, _)) => match name.strip_prefix("::") {
                Some(name) => FirstSegment::Name { name, global: true },
                None if name.is_empty() => FirstSegment::Other,
                None => FirstSegment::Name {
                    name,
                    global: false,
                },
            },
            _ => FirstSegment::Other,
        }
    }

    /// The first segment of a path written by a user, as in `grouse --explain tokio::sync`.
    pub fn of_path(path: &'a str) -> FirstSegment<'a> {
        let path = path.trim();
        let (global, rest) = match path.strip_prefix("::") {
            Some(rest) => (true, rest.trim_start()),
            None => (false, path),
        };
        let name = rest.split("::").next().unwrap_or("").trim();
        match name {
            "crate" => FirstSegment::Relative("crate"),
            "self" => FirstSegment::Relative("self"),
            "super" => FirstSegment::Relative("super"),
            "" | "*" => FirstSegment::Other,
            _ if name.starts_with('{') => FirstSegment::Other,
            _ => FirstSegment::Name { name, global },
        }
    }
}

/// Classifies an import by its first segment and its visibility (as rustfmt writes it, empty
/// for none). `is_local` says whether a name is a module or enum declared in the import's scope.
pub fn classify(
    first: FirstSegment<'_>,
    vis: &str,
    settings: &Settings,
    is_local: &dyn Fn(&str) -> bool,
) -> Classification {
    match settings.preset {
        Preset::Rustfmt => classify_rustfmt(first),
        Preset::Grouse => classify_grouse(first, vis, settings, is_local),
        // The block is not the import's own: it is the run's (one) or the chunk's (preserve).
        Preset::One => Classification {
            group: Group::External,
            reason: Reason::OneGroup,
        },
        Preset::Preserve => Classification {
            group: Group::External,
            reason: Reason::PreservedChunk,
        },
    }
}

/// rustfmt's `StdExternalCrate`: exactly `std`, `core`, `alloc` are std; `crate`, `self`, `super`
/// are local; everything else, `::std` included, is external.
fn classify_rustfmt(first: FirstSegment<'_>) -> Classification {
    let (group, segment) = match first {
        FirstSegment::Relative(keyword) => (Group::Project, keyword.to_owned()),
        FirstSegment::Name {
            name,
            global: false,
        } if RUSTFMT_STD_CRATES.contains(&name) => (Group::Std, name.to_owned()),
        FirstSegment::Name { name, global } => (
            Group::External,
            if global {
                format!("::{name}")
            } else {
                name.to_owned()
            },
        ),
        FirstSegment::Other => (Group::External, "*".to_owned()),
    };
    Classification {
        group,
        reason: Reason::Rustfmt(segment),
    }
}

fn classify_grouse(
    first: FirstSegment<'_>,
    vis: &str,
    settings: &Settings,
    is_local: &dyn Fn(&str) -> bool,
) -> Classification {
    // The crate the path names: `::name` always names one; a bare name may be a local module or
    // enum.
    let crate_name = match first {
        FirstSegment::Name { name, global } if global || !is_local(name) => {
            Some(name.strip_prefix("r#").unwrap_or(name))
        }
        _ => None,
    };
    if let Some(classification) = classify_user_group(crate_name, vis, settings) {
        return classification;
    }
    let name = match (first, crate_name) {
        (_, Some(name)) => name,
        (FirstSegment::Relative(keyword), None) => {
            return Classification {
                group: Group::Project,
                reason: Reason::Relative(keyword),
            };
        }
        (FirstSegment::Name { name, .. }, None) => {
            return Classification {
                group: Group::Project,
                reason: Reason::LocalItem(name.to_owned()),
            };
        }
        (FirstSegment::Other, None) => {
            return Classification {
                group: Group::External,
                reason: Reason::NoCrateName,
            };
        }
    };
    if SYSROOT_CRATES.contains(&name) {
        return Classification {
            group: Group::Std,
            reason: Reason::Sysroot(name.to_owned()),
        };
    }
    if settings.workspace_crates.iter().any(|c| c == name) {
        return Classification {
            group: Group::Project,
            reason: Reason::WorkspaceCrate(name.to_owned()),
        };
    }
    if let Some(pattern) = settings.project.iter().find(|p| p.matches(name)) {
        return Classification {
            group: Group::Project,
            reason: Reason::ProjectPattern(pattern.clone()),
        };
    }
    Classification {
        group: Group::External,
        reason: Reason::OtherCrate(name.to_owned()),
    }
}

/// The first user group whose every condition matches, if any: one of its crate patterns
/// matches `crate_name` (a path that names no crate, as `crate::x` or a local module, matches
/// none), one of its visibilities matches `vis`.
fn classify_user_group(
    crate_name: Option<&str>,
    vis: &str,
    settings: &Settings,
) -> Option<Classification> {
    settings
        .user_groups
        .iter()
        .enumerate()
        .find_map(|(index, user_group)| {
            let pattern = match &user_group.crates {
                None => None,
                Some(patterns) => {
                    let name = crate_name?;
                    Some(patterns.iter().find(|p| p.matches(name))?)
                }
            };
            let visibility = match &user_group.visibility {
                None => None,
                Some(visibilities) => Some(visibilities.iter().find(|v| v.matches(vis))?),
            };
            Some(Classification {
                group: Group::User(index),
                reason: Reason::UserGroup {
                    group: user_group.name.clone(),
                    pattern: pattern.cloned(),
                    visibility: visibility.cloned(),
                },
            })
        })
}

/// Classifies every unit of a run, in the run's order.
pub fn classify_run(
    source: &str,
    run: &Run,
    collected: &Collected,
    items: &[&Normalized],
    settings: &Settings,
) -> Vec<Group> {
    let is_local = |name: &str| collected.is_local(source, run.scope, name);
    items
        .iter()
        .zip(&run.units)
        .map(|(item, unit)| {
            let vis = &collected.parsed[unit.item].item.vis;
            classify_tree(&item.tree, vis, settings, &is_local).group
        })
        .collect()
}

/// Classifies a normalized tree: by its first segment, or, for a braced list at the top whose
/// elements all go to one group, as its elements — which is how granularity `one` writes a group,
/// so it must read back as that group. rustfmt's `StdExternalCrate` counts such a list as
/// external: `preset = "rustfmt"` does too, but for what granularity `one` writes.
pub fn classify_tree(
    tree: &UseTree,
    vis: &str,
    settings: &Settings,
    is_local: &dyn Fn(&str) -> bool,
) -> Classification {
    let lists_by_elements =
        settings.preset != Preset::Rustfmt || settings.granularity == Granularity::One;
    if let (true, [Segment::List(list)]) = (lists_by_elements, tree.path.as_slice()) {
        let mut groups = list
            .iter()
            .map(|element| classify_tree(element, vis, settings, is_local).group);
        if let Some(first) = groups.next() {
            if groups.all(|group| group == first) {
                return Classification {
                    group: first,
                    reason: Reason::ListOfOneGroup,
                };
            }
        }
    }
    classify(FirstSegment::of_tree(tree), vis, settings, is_local)
}

/// Classifies a crate name or a path given on the command line (`--explain tokio::sync`), as
/// the path of a private import.
pub fn explain(path: &str, settings: &Settings, is_local: &dyn Fn(&str) -> bool) -> Classification {
    classify(FirstSegment::of_path(path), "", settings, is_local)
}

/// Classifies a `use` item given on the command line (`--explain 'pub use crate::x::Y'`) as
/// the engine does, by its normalized tree and its visibility.
pub fn explain_item(
    item: &UseItem,
    settings: &Settings,
    is_local: &dyn Fn(&str) -> bool,
) -> Classification {
    let tree = UseTree::from_item(item, settings.style_edition);
    classify_tree(&tree, &item.vis, settings, is_local)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::UserGroup;

    fn group_of(path: &str, settings: &Settings) -> Group {
        explain(path, settings, &|_| false).group
    }

    #[test]
    fn grouse_preset() {
        let settings = Settings {
            workspace_crates: vec!["tokens_sdk".into()],
            project: vec![Pattern::new("acme_*")],
            user_groups: vec![UserGroup::of_crates(
                "async",
                vec![Pattern::new("tokio"), Pattern::new("futures*")],
            )],
            ..Settings::default()
        };
        assert_eq!(group_of("std::fmt", &settings), Group::Std);
        assert_eq!(group_of("::std::fmt", &settings), Group::Std);
        assert_eq!(group_of("core", &settings), Group::Std);
        assert_eq!(group_of("alloc::vec", &settings), Group::Std);
        assert_eq!(group_of("proc_macro::TokenStream", &settings), Group::Std);
        assert_eq!(group_of("test::Bencher", &settings), Group::Std);
        assert_eq!(group_of("crate::x", &settings), Group::Project);
        assert_eq!(group_of("self::x", &settings), Group::Project);
        assert_eq!(group_of("super::x", &settings), Group::Project);
        assert_eq!(group_of("tokens_sdk::Client", &settings), Group::Project);
        assert_eq!(group_of("acme_core::y", &settings), Group::Project);
        assert_eq!(group_of("tokio::sync", &settings), Group::User(0));
        assert_eq!(group_of("futures_util", &settings), Group::User(0));
        assert_eq!(group_of("serde", &settings), Group::External);
        assert_eq!(group_of("r#serde", &settings), Group::External);
        assert_eq!(group_of("*", &settings), Group::External);
    }

    #[test]
    fn local_items_are_project_unless_rooted() {
        let settings = Settings::default();
        let local = |name: &str| name == "parser";
        let c = classify(
            FirstSegment::Name {
                name: "parser",
                global: false,
            },
            "",
            &settings,
            &local,
        );
        assert_eq!(c.group, Group::Project);
        assert_eq!(c.reason, Reason::LocalItem("parser".into()));
        let c = classify(
            FirstSegment::Name {
                name: "parser",
                global: true,
            },
            "",
            &settings,
            &local,
        );
        assert_eq!(c.group, Group::External);
    }

    #[test]
    fn rustfmt_preset_is_std_external_crate() {
        let settings = Settings::rustfmt(crate::StyleEdition::E2021);
        assert_eq!(group_of("std::fmt", &settings), Group::Std);
        assert_eq!(group_of("core::fmt", &settings), Group::Std);
        assert_eq!(group_of("alloc::vec", &settings), Group::Std);
        assert_eq!(
            group_of("proc_macro::TokenStream", &settings),
            Group::External
        );
        assert_eq!(group_of("test::Bencher", &settings), Group::External);
        assert_eq!(group_of("::std::fmt", &settings), Group::External);
        assert_eq!(group_of("crate::x", &settings), Group::Project);
        let local = |_: &str| true;
        let c = classify(
            FirstSegment::Name {
                name: "parser",
                global: false,
            },
            "",
            &settings,
            &local,
        );
        assert_eq!(c.group, Group::External);
    }

    fn item_group(text: &str, settings: &Settings) -> Classification {
        explain_item(
            &UseItem::parse(text).expect("a use item"),
            settings,
            &|_| false,
        )
    }

    #[test]
    fn user_groups_match_on_visibility_and_crates() {
        let visibility = |texts: &[&str]| {
            Some(
                texts
                    .iter()
                    .map(|t| Visibility::parse(t).expect("a visibility"))
                    .collect(),
            )
        };
        let settings = Settings {
            user_groups: vec![
                UserGroup {
                    name: "tokio_api".into(),
                    crates: Some(vec![Pattern::new("tokio*")]),
                    visibility: visibility(&["pub"]),
                },
                UserGroup {
                    name: "reexports".into(),
                    crates: None,
                    visibility: visibility(&["pub", "pub(in crate::a)"]),
                },
                UserGroup {
                    name: "internal".into(),
                    crates: None,
                    visibility: visibility(&["pub(crate)", "pub(super)"]),
                },
            ],
            ..Settings::default()
        };
        let group = |text: &str| item_group(text, &settings).group;
        assert_eq!(group("pub use tokio::sync;"), Group::User(0));
        assert_eq!(group("use tokio::sync;"), Group::External);
        assert_eq!(group("pub use serde::Serialize;"), Group::User(1));
        assert_eq!(group("pub use crate::x::Y;"), Group::User(1));
        assert_eq!(group("pub(in crate::a) use self::x;"), Group::User(1));
        assert_eq!(group("pub(in crate::b) use self::x;"), Group::Project);
        assert_eq!(group("pub(crate) use std::fmt;"), Group::User(2));
        assert_eq!(group("pub(super) use super::x;"), Group::User(2));
        assert_eq!(group("pub(self) use std::fmt;"), Group::Std);
        assert_eq!(group("use crate::x;"), Group::Project);
        assert_eq!(
            item_group("pub use tokio::sync;", &settings)
                .reason
                .to_string(),
            "matches `tokio*` and visibility `pub` in group `tokio_api`"
        );
        assert_eq!(
            item_group("pub use crate::x::Y;", &settings)
                .reason
                .to_string(),
            "matches visibility `pub` in group `reexports`"
        );
    }

    #[test]
    fn private_matches_items_without_visibility() {
        let settings = Settings {
            user_groups: vec![UserGroup {
                name: "own".into(),
                crates: Some(vec![Pattern::new("serde")]),
                visibility: Some(vec![Visibility::parse("private").unwrap()]),
            }],
            ..Settings::default()
        };
        assert_eq!(
            item_group("use serde::de;", &settings).group,
            Group::User(0)
        );
        assert_eq!(
            item_group("pub use serde::de;", &settings).group,
            Group::External
        );
        assert_eq!(
            item_group("use serde::de;", &settings).reason.to_string(),
            "matches `serde` and visibility `private` in group `own`"
        );
    }

    #[test]
    fn a_crate_pattern_never_matches_a_local_module() {
        let settings = Settings {
            user_groups: vec![UserGroup::of_crates("p", vec![Pattern::new("parser")])],
            ..Settings::default()
        };
        let first = FirstSegment::Name {
            name: "parser",
            global: false,
        };
        let c = classify(first, "", &settings, &|name| name == "parser");
        assert_eq!(c.group, Group::Project);
        let c = classify(first, "", &settings, &|_| false);
        assert_eq!(c.group, Group::User(0));
    }

    #[test]
    fn every_reason_reads_as_a_sentence() {
        let settings = Settings {
            workspace_crates: vec!["grouse".into()],
            ..Settings::default()
        };
        assert_eq!(
            explain("grouse::regroup", &settings, &|_| false)
                .reason
                .to_string(),
            "`grouse` is a crate of this workspace"
        );
        assert_eq!(
            explain("serde", &settings, &|_| false).reason.to_string(),
            "`serde` is not std, a workspace crate or configured as project"
        );
    }
}

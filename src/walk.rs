//! Which files to process: paths named on the command line, and the Rust files found under named
//! directories by `ignore`'s parallel walker (gitignore, `.ignore`, hidden files, `--exclude` and
//! config `exclude`), sorted by path.

use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use ignore::gitignore::Gitignore;
use ignore::{WalkBuilder, WalkState};

use crate::config::Resolver;

/// How a file was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    /// Named on the command line: always processed, even if ignored or generated.
    Explicit,
    /// Found by walking a directory.
    Walked,
    /// Read from stdin: processed like an explicit file, never written.
    Stdin,
}

/// A file to process, or a path that could not be looked at.
#[derive(Debug, PartialEq, Eq)]
pub enum Found {
    File { path: PathBuf, origin: Origin },
    Error { path: PathBuf, message: String },
}

impl Found {
    pub fn path(&self) -> &Path {
        match self {
            Found::File { path, .. } | Found::Error { path, .. } => path,
        }
    }

    fn sort_key(&self) -> (&Path, u8) {
        match self {
            Found::File {
                path,
                origin: Origin::Explicit | Origin::Stdin,
            } => (path, 0),
            Found::File {
                path,
                origin: Origin::Walked,
            } => (path, 1),
            Found::Error { path, .. } => (path, 2),
        }
    }
}

/// Finds the files under `paths`, sorted by path, each once. `excludes` holds the `--exclude`
/// globs; config `exclude` lists come from `resolver`.
pub fn find(
    paths: &[PathBuf],
    excludes: &Arc<Gitignore>,
    resolver: &Arc<Resolver>,
    threads: usize,
) -> Vec<Found> {
    let mut found = Vec::new();
    let mut roots = Vec::new();
    for path in paths {
        let path = tidy(path);
        match fs::metadata(&path) {
            Ok(metadata) if metadata.is_dir() => roots.push(path),
            Ok(_) => found.push(Found::File {
                path,
                origin: Origin::Explicit,
            }),
            Err(error) => found.push(Found::Error {
                path,
                message: error.to_string(),
            }),
        }
    }
    if let Some((first, rest)) = roots.split_first() {
        found.extend(walk(first, rest, excludes, resolver, threads));
    }
    sort_and_dedup(&mut found);
    found
}

/// Sorts by path and keeps each path once, an explicit file before a walked one.
fn sort_and_dedup(found: &mut Vec<Found>) {
    found.sort_by_cached_key(|item| {
        let (path, rank) = item.sort_key();
        (component_order(path), rank)
    });
    found.dedup_by(|later, earlier| later.path() == earlier.path());
}

fn walk(
    first: &Path,
    rest: &[PathBuf],
    excludes: &Arc<Gitignore>,
    resolver: &Arc<Resolver>,
    threads: usize,
) -> Vec<Found> {
    let mut builder = WalkBuilder::new(first);
    for root in rest {
        builder.add(root);
    }
    let (excludes, resolver_for_dirs) = (Arc::clone(excludes), Arc::clone(resolver));
    builder
        .threads(threads)
        .follow_links(false)
        .hidden(true)
        .require_git(false)
        .filter_entry(move |entry| {
            if entry.depth() == 0 {
                return true;
            }
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            let path = entry.path();
            // Files are checked against config excludes once known to be Rust files, below.
            !(excludes.matched(path, is_dir).is_ignore()
                || (is_dir && resolver_for_dirs.excludes(path, true)))
        });
    let found = Mutex::new(Vec::new());
    builder.build_parallel().run(|| {
        let found = &found;
        // Files of one directory come one after another: ask the resolver once per directory
        // whether its config excludes anything at all.
        let mut last_dir: Option<(PathBuf, bool)> = None;
        Box::new(move |result| {
            let item = match result {
                Ok(entry) => {
                    // Symlinks are never followed: the walker reports them as links.
                    let is_file = entry.file_type().is_some_and(|t| t.is_file());
                    let is_rust = entry.path().extension().is_some_and(|e| e == "rs");
                    if !(is_file && is_rust) {
                        return WalkState::Continue;
                    }
                    let dir = entry.path().parent().unwrap_or(Path::new(""));
                    let dir_excludes = match &last_dir {
                        Some((last, excludes)) if last == dir => *excludes,
                        _ => {
                            let excludes = resolver.has_excludes(dir);
                            last_dir = Some((dir.to_path_buf(), excludes));
                            excludes
                        }
                    };
                    if dir_excludes && resolver.excludes(entry.path(), false) {
                        return WalkState::Continue;
                    }
                    Found::File {
                        path: tidy(entry.path()),
                        origin: Origin::Walked,
                    }
                }
                Err(error) => Found::Error {
                    path: error_path(&error),
                    message: error.to_string(),
                },
            };
            found.lock().unwrap_or_else(|p| p.into_inner()).push(item);
            WalkState::Continue
        })
    });
    found.into_inner().unwrap_or_else(|p| p.into_inner())
}

fn error_path(error: &ignore::Error) -> PathBuf {
    match error {
        ignore::Error::WithPath { path, .. } => tidy(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => PathBuf::new(),
    }
}

/// A key whose byte order is the order of `Path`'s components (`a/b` < `a.b`, as `/` sorts
/// before every other byte), and much cheaper to compare than parsing components each time.
fn component_order(path: &Path) -> Vec<u8> {
    let bytes = path.as_os_str().as_encoded_bytes();
    bytes
        .iter()
        .map(|&b| if b == b'/' { 0 } else { b })
        .collect()
}

/// Drops a leading `./`, so `grouse .` and `grouse` show `src/lib.rs`.
fn tidy(path: &Path) -> PathBuf {
    let mut components = path.components().peekable();
    while components.peek() == Some(&Component::CurDir) {
        components.next();
    }
    let tidied: PathBuf = components.collect();
    if tidied.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        tidied
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_sort_by_component() {
        let mut paths = vec!["a.b", "a/b", "a", "ab/c", "a/b/c", "a-b"];
        paths.sort_by_cached_key(|p| component_order(Path::new(p)));
        let mut by_path = paths.clone();
        by_path.sort_by_key(|p| Path::new(*p));
        assert_eq!(paths, by_path);
        assert_eq!(paths, ["a", "a/b", "a/b/c", "a-b", "a.b", "ab/c"]);
    }

    #[test]
    fn tidy_drops_the_leading_dot() {
        assert_eq!(tidy(Path::new("./src/lib.rs")), PathBuf::from("src/lib.rs"));
        assert_eq!(tidy(Path::new(".")), PathBuf::from("."));
        assert_eq!(tidy(Path::new("/a/./b")), PathBuf::from("/a/b"));
    }

    #[test]
    fn a_file_named_and_walked_is_listed_once_as_explicit() {
        let mut found = vec![
            Found::File {
                path: "b.rs".into(),
                origin: Origin::Walked,
            },
            Found::File {
                path: "a.rs".into(),
                origin: Origin::Walked,
            },
            Found::File {
                path: "a.rs".into(),
                origin: Origin::Explicit,
            },
        ];
        sort_and_dedup(&mut found);
        assert_eq!(
            found,
            vec![
                Found::File {
                    path: "a.rs".into(),
                    origin: Origin::Explicit
                },
                Found::File {
                    path: "b.rs".into(),
                    origin: Origin::Walked
                },
            ]
        );
    }
}

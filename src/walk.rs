//! Which files to process: paths named on the command line, and the Rust files found under named
//! directories by `ignore`'s parallel walker (gitignore, `.ignore`, hidden files, `--exclude` and
//! config `exclude`). The results of processing them come back sorted by path.
//!
//! With more than one thread, the walker's threads process each file as soon as it is found: a
//! thread reads a directory, then processes the files it found there while the other threads take
//! the directories and files it has queued, so no thread waits for the walk to end before it has
//! work, nor for the others once it is done. One thread walks first, then processes the files in
//! path order.
//!
//! A run restricted to some files (`--since`, `--staged`) walks only the directories that lead to
//! one of them, and takes no other file.
//!
//! The temp files a killed `--fix` left in the directories walked are gathered on the way: hidden
//! files are passed over by name here rather than by the walker, which would hide those too.

use std::cmp::Ordering;
use std::collections::HashSet;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use ignore::gitignore::Gitignore;
use ignore::{DirEntry, ParallelVisitor, ParallelVisitorBuilder, WalkBuilder, WalkState};

use crate::config::{Resolved, Resolver, Shared, WalkedDir};
use crate::write;

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
#[derive(Debug)]
pub enum Found {
    File {
        path: PathBuf,
        origin: Origin,
        /// The settings of the directory the walker found the file in; `None` for a file named
        /// on the command line, whose settings are looked up by its path.
        settings: Option<Shared<Resolved>>,
    },
    Error {
        path: PathBuf,
        message: String,
    },
}

impl Found {
    pub fn path(&self) -> &Path {
        match self {
            Found::File { path, .. } | Found::Error { path, .. } => path,
        }
    }
}

/// What [`visit`] needs of a result: the path it is for, to sort the results by.
pub trait Processed {
    fn path(&self) -> &Path;
}

impl Processed for Found {
    fn path(&self) -> &Path {
        Found::path(self)
    }
}

/// The files a walk is restricted to, by absolute path, and every directory that leads to one.
#[derive(Debug, Default)]
pub struct FileSet {
    /// What relative paths are relative to: the current directory.
    base: PathBuf,
    files: HashSet<PathBuf>,
    dirs: HashSet<PathBuf>,
}

impl FileSet {
    /// The set of `files`, absolute or relative to `base` (itself absolute).
    pub fn new(base: &Path, files: impl IntoIterator<Item = PathBuf>) -> FileSet {
        let mut set = FileSet {
            base: base.to_path_buf(),
            ..FileSet::default()
        };
        for file in files {
            let file = set.absolute(&file);
            let mut dir = file.parent();
            while let Some(parent) = dir {
                if !set.dirs.insert(parent.to_path_buf()) {
                    break;
                }
                dir = parent.parent();
            }
            set.files.insert(file);
        }
        set
    }

    /// Whether the file at `path` is in the set.
    pub fn contains(&self, path: &Path) -> bool {
        self.files.contains(&self.absolute(path))
    }

    /// Whether the directory at `path` holds a file of the set, at any depth.
    fn leads_to(&self, path: &Path) -> bool {
        self.dirs.contains(&self.absolute(path))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// `path` made absolute from `base`, with `.` and `..` resolved by name (symlinks are not).
    fn absolute(&self, path: &Path) -> PathBuf {
        let mut absolute = PathBuf::new();
        for component in self.base.join(path).components() {
            match component {
                Component::CurDir => {}
                Component::ParentDir => {
                    absolute.pop();
                }
                other => absolute.push(other),
            }
        }
        absolute
    }
}

/// Where a path goes among others of the same path: the first is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    Named,
    Walked,
    Error,
}

/// A result, and where it goes among those of the same path.
struct Ranked<R> {
    rank: Rank,
    result: R,
}

impl<R: Processed> Ranked<R> {
    /// The order of results: by path, then by rank.
    fn cmp(&self, other: &Ranked<R>) -> Ordering {
        path_order(self.result.path(), other.result.path()).then(self.rank.cmp(&other.rank))
    }
}

/// What a walk found.
#[derive(Debug)]
pub struct Visited<R> {
    /// The results of processing the files, in path order.
    pub results: Vec<R>,
    /// The temp files of runs that no longer run ([`write::is_stale_temp`]) in the directories
    /// walked, in path order.
    pub stale_temps: Vec<PathBuf>,
}

/// Finds the files under `paths` and calls `process` on each, on `threads` threads. Returns the
/// results sorted by path, one per path: a file is processed once, as named on the command line
/// if it was, however many named directories hold it. `excludes` holds the `--exclude` globs;
/// config `exclude` lists come from `resolver`. With `only`, the files not in it are passed over.
///
/// With one thread, the files are processed in path order once they are all found.
pub fn visit<R: Processed + Send>(
    paths: &[PathBuf],
    excludes: &Gitignore,
    resolver: &Resolver,
    threads: usize,
    only: Option<&FileSet>,
    process: &(dyn Fn(Found) -> R + Sync),
) -> Visited<R> {
    if threads == 1 {
        let found = find(paths, excludes, resolver, 1, only, &|found| found);
        return Visited {
            results: found.results.into_iter().map(process).collect(),
            stale_temps: found.stale_temps,
        };
    }
    find(paths, excludes, resolver, threads, only, process)
}

/// Finds the files under `paths` and calls `process` on each as soon as it is found, in the
/// walker's `threads` threads; returns the results as [`visit`] does.
fn find<R: Processed + Send>(
    paths: &[PathBuf],
    excludes: &Gitignore,
    resolver: &Resolver,
    threads: usize,
    only: Option<&FileSet>,
    process: &(dyn Fn(Found) -> R + Sync),
) -> Visited<R> {
    let mut results = Vec::new();
    let (mut named, mut roots) = (Vec::new(), Vec::new());
    for path in paths {
        let path = tidy(path);
        match fs::metadata(&path) {
            Ok(metadata) if metadata.is_dir() => roots.push(path),
            // A file named on the command line is taken whatever ignore rules say, but not
            // whatever it is: grouse reads Rust files only.
            Ok(_) if !is_rust_file_name(&path) => {
                let message = "not a Rust file (grouse reads `.rs` files)".to_owned();
                let result = process(Found::Error { path, message });
                results.push(Ranked {
                    rank: Rank::Error,
                    result,
                });
            }
            Ok(_) => named.push(path),
            Err(error) => {
                let message = error.to_string();
                let result = process(Found::Error { path, message });
                results.push(Ranked {
                    rank: Rank::Error,
                    result,
                });
            }
        }
    }
    if let Some(only) = only {
        named.retain(|path| only.contains(path));
        roots.retain(|path| only.leads_to(path));
    }
    named.sort();
    named.dedup();
    roots.sort();
    roots.dedup();
    let Some(first) = named.first().or(roots.first()) else {
        return Visited {
            results: sorted(results),
            stale_temps: Vec::new(),
        };
    };

    // Named files go to the walker as roots of their own, to be processed by its threads too.
    let mut builder = WalkBuilder::new(first);
    for root in named.iter().chain(&roots).skip(1) {
        builder.add(root);
    }
    builder
        .threads(threads)
        .follow_links(false)
        // Where a killed run's temp files can be told stale, hidden files are passed over below,
        // all but those.
        .hidden(!cfg!(unix))
        .require_git(false);
    let excludes = excludes.clone();
    // A root inside another is walked as a root of its own, with what that means (a root is
    // walked even if ignored or hidden): the walk of the other passes over its directory.
    let nested_roots: HashSet<PathBuf> = if roots.len() > 1 {
        roots.iter().cloned().collect()
    } else {
        HashSet::new()
    };
    builder.filter_entry(move |entry| {
        if entry.depth() == 0 {
            return true;
        }
        let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
        if is_dir
            && !nested_roots.is_empty()
            && nested_roots.contains(entry.path().strip_prefix(".").unwrap_or(entry.path()))
        {
            return false;
        }
        let name = entry.file_name();
        let hidden = name.as_encoded_bytes().starts_with(b".");
        if hidden && (is_dir || write::temp_file_pid(name).is_none()) {
            return false;
        }
        excludes.is_empty() || !excludes.matched(entry.path(), is_dir).is_ignore()
    });
    let walk = Walk {
        resolver,
        process,
        // Only nested directories named together can lead the walker to a file twice.
        seen: (roots.len() > 1).then(|| Mutex::new(HashSet::new())),
        named: named.into_iter().collect(),
        only,
        results: Mutex::new(results),
        stale_temps: Mutex::new(Vec::new()),
    };
    builder.build_parallel().visit(&mut &walk);
    let mut stale_temps = walk
        .stale_temps
        .into_inner()
        .unwrap_or_else(|p| p.into_inner());
    stale_temps.sort_by(|a, b| path_order(a, b));
    stale_temps.dedup();
    Visited {
        results: sorted(walk.results.into_inner().unwrap_or_else(|p| p.into_inner())),
        stale_temps,
    }
}

/// The results in path order, the first of each path only. Those of each walker thread come
/// sorted already: sorting them all merges them.
fn sorted<R: Processed>(mut results: Vec<Ranked<R>>) -> Vec<R> {
    results.sort_by(Ranked::cmp);
    results.dedup_by(|later, earlier| {
        later.result.path().as_os_str() == earlier.result.path().as_os_str()
    });
    results.into_iter().map(|ranked| ranked.result).collect()
}

/// What the walker's threads share.
struct Walk<'a, R> {
    resolver: &'a Resolver,
    process: &'a (dyn Fn(Found) -> R + Sync),
    /// The files named on the command line: found again by walking, they are passed over.
    named: HashSet<PathBuf>,
    /// The only files to take, if the run is restricted.
    only: Option<&'a FileSet>,
    /// The walked files processed so far, when the walker can come upon a file twice.
    seen: Option<Mutex<HashSet<PathBuf>>>,
    /// The results of the threads that are done.
    results: Mutex<Vec<Ranked<R>>>,
    /// The stale temp files found so far.
    stale_temps: Mutex<Vec<PathBuf>>,
}

impl<'s, R: Processed + Send> ParallelVisitorBuilder<'s> for &'s Walk<'s, R> {
    fn build(&mut self) -> Box<dyn ParallelVisitor + 's> {
        Box::new(Visitor {
            walk: self,
            dirs: Vec::new(),
            results: Vec::new(),
        })
    }
}

/// One walker thread: it processes the files it is handed and keeps their results.
struct Visitor<'s, R: Processed + Send> {
    walk: &'s Walk<'s, R>,
    /// The directory this thread last looked up at each depth, with its settings: the files of a
    /// directory come one after another, and a thread goes back to them after a subdirectory.
    dirs: Vec<Option<(PathBuf, WalkedDir)>>,
    results: Vec<Ranked<R>>,
}

impl<R: Processed + Send> Visitor<'_, R> {
    /// The directory at `depth` below its root, looked up in the resolver the first time.
    fn dir(&mut self, depth: usize, path: &Path) -> &WalkedDir {
        if self.dirs.len() <= depth {
            self.dirs.resize_with(depth + 1, || None);
        }
        let slot = &mut self.dirs[depth];
        let known = slot
            .as_ref()
            .is_some_and(|(known, _)| known.as_os_str() == path.as_os_str());
        if !known {
            *slot = Some((path.to_path_buf(), self.walk.resolver.walked_dir(path)));
        }
        &slot.as_ref().expect("looked up above").1
    }

    /// Whether a walked file is to be passed over as processed already, or to be processed
    /// elsewhere as a named file.
    fn taken(&self, path: &Path) -> bool {
        self.walk.named.contains(path)
            || self.walk.seen.as_ref().is_some_and(|seen| {
                !seen
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .insert(path.to_path_buf())
            })
    }

    fn process(&mut self, rank: Rank, found: Found) {
        let result = (self.walk.process)(found);
        self.results.push(Ranked { rank, result });
    }

    fn visit_entry(&mut self, entry: DirEntry) -> WalkState {
        let file_type = entry.file_type();
        let is_dir = file_type.is_some_and(|t| t.is_dir());
        let depth = entry.depth();
        if depth == 0 {
            if !is_dir {
                // Roots are tidy already.
                self.process(
                    Rank::Named,
                    Found::File {
                        path: entry.into_path(),
                        origin: Origin::Explicit,
                        settings: None,
                    },
                );
            }
            return WalkState::Continue;
        }
        let (Some(parent), Some(name)) = (entry.path().parent(), entry.path().file_name()) else {
            return WalkState::Continue;
        };
        if is_dir {
            let leads_nowhere = self
                .walk
                .only
                .is_some_and(|only| !only.leads_to(entry.path()));
            return if leads_nowhere || self.dir(depth - 1, parent).excludes(name, true) {
                WalkState::Skip
            } else {
                WalkState::Continue
            };
        }
        // Symlinks are never followed: the walker reports them as links.
        let is_rust_file = file_type.is_some_and(|t| t.is_file()) && is_rust_file_name(name);
        if !is_rust_file {
            // The only hidden files that get here are named as temp files.
            if name.as_encoded_bytes().starts_with(b".") && write::is_stale_temp(entry.path()) {
                let path = walked_path(entry.path());
                self.walk
                    .stale_temps
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(path);
            }
            return WalkState::Continue;
        }
        if self
            .walk
            .only
            .is_some_and(|only| !only.contains(entry.path()))
        {
            return WalkState::Continue;
        }
        let dir = self.dir(depth - 1, parent);
        if dir.excludes(name, false) {
            return WalkState::Continue;
        }
        let settings = Some(dir.settings.clone());
        let path = walked_path(entry.path());
        if self.taken(&path) {
            return WalkState::Continue;
        }
        self.process(
            Rank::Walked,
            Found::File {
                path,
                origin: Origin::Walked,
                settings,
            },
        );
        WalkState::Continue
    }
}

impl<R: Processed + Send> ParallelVisitor for Visitor<'_, R> {
    fn visit(&mut self, entry: Result<DirEntry, ignore::Error>) -> WalkState {
        match entry {
            Ok(entry) => self.visit_entry(entry),
            Err(error) => {
                let path = error_path(&error);
                let message = error.to_string();
                self.process(Rank::Error, Found::Error { path, message });
                WalkState::Continue
            }
        }
    }
}

impl<R: Processed + Send> Drop for Visitor<'_, R> {
    /// A thread that is done sorts its results and hands them over.
    fn drop(&mut self) {
        self.results.sort_by(Ranked::cmp);
        self.walk
            .results
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .append(&mut self.results);
    }
}

/// Whether a file's name says it holds Rust: it ends in `.rs`.
fn is_rust_file_name(name: impl AsRef<Path>) -> bool {
    name.as_ref().extension() == Some("rs".as_ref())
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

/// The order of `Path`'s components (`a/b` < `a.b`: `/` sorts before every other byte), by
/// comparing bytes rather than parsing components.
fn path_order(a: &Path, b: &Path) -> Ordering {
    let (a, b) = (
        a.as_os_str().as_encoded_bytes(),
        b.as_os_str().as_encoded_bytes(),
    );
    // Paths that sort near each other share most of their bytes: skip those a word at a time.
    let word = |bytes: &[u8], at: usize| -> Option<u64> {
        Some(u64::from_ne_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
    };
    let mut same = 0;
    while word(a, same).is_some_and(|x| word(b, same) == Some(x)) {
        same += 8;
    }
    same += a[same..]
        .iter()
        .zip(&b[same..])
        .take_while(|(x, y)| x == y)
        .count();
    let weight = |byte: Option<&u8>| byte.map(|&b| if b == b'/' { 0 } else { u16::from(b) + 1 });
    weight(a.get(same)).cmp(&weight(b.get(same)))
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

/// [`tidy`] for a path the walker found: a tidy root joined with names, so only the root `.`
/// leaves anything to drop.
fn walked_path(path: &Path) -> PathBuf {
    path.strip_prefix(".").unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_sort_by_component() {
        let mut paths = vec!["a.b", "a/b", "a", "ab/c", "a/b/c", "a-b", "a/b"];
        paths.sort_by(|a, b| path_order(Path::new(a), Path::new(b)));
        let mut by_path = paths.clone();
        by_path.sort_by_key(|p| Path::new(*p));
        assert_eq!(paths, by_path);
        assert_eq!(paths, ["a", "a/b", "a/b", "a/b/c", "a-b", "a.b", "ab/c"]);
    }

    #[test]
    fn a_file_set_holds_its_files_and_leads_to_them_by_absolute_path() {
        let base = Path::new("/repo/crates");
        let set = FileSet::new(
            base,
            [PathBuf::from("/repo/src/a.rs"), PathBuf::from("x/./b.rs")],
        );
        assert_eq!(set.len(), 2);
        assert!(set.contains(Path::new("../src/a.rs")));
        assert!(set.contains(Path::new("/repo/crates/x/b.rs")));
        assert!(set.contains(Path::new("./x/../x/b.rs")));
        assert!(!set.contains(Path::new("x/c.rs")));
        assert!(!set.contains(Path::new("x")));
        for dir in [".", "..", "x", "../src", "/", "/repo"] {
            assert!(set.leads_to(Path::new(dir)), "{dir}");
        }
        for dir in ["../tests", "x/y", "/other"] {
            assert!(!set.leads_to(Path::new(dir)), "{dir}");
        }
    }

    #[test]
    fn tidy_drops_the_leading_dot() {
        assert_eq!(tidy(Path::new("./src/lib.rs")), PathBuf::from("src/lib.rs"));
        assert_eq!(tidy(Path::new(".")), PathBuf::from("."));
        assert_eq!(tidy(Path::new("/a/./b")), PathBuf::from("/a/b"));
    }

    #[test]
    fn walked_paths_are_tidied_as_any_other() {
        for root in [".", "src", "../up", "/abs", "a/b"] {
            let walked = Path::new(root).join("dir").join("f.rs");
            assert_eq!(walked_path(&walked), tidy(&walked), "{root}");
        }
    }

    #[test]
    fn a_path_is_kept_once_as_named_before_walked_before_an_error() {
        let ranked = |path: &str, rank| Ranked {
            rank,
            result: Found::Error {
                path: path.into(),
                message: format!("{path} {rank:?}"),
            },
        };
        let results = vec![
            ranked("b.rs", Rank::Walked),
            ranked("a.rs", Rank::Error),
            ranked("a.rs", Rank::Walked),
            ranked("a.rs", Rank::Named),
            ranked("a/b.rs", Rank::Walked),
        ];
        let messages: Vec<String> = sorted(results)
            .into_iter()
            .map(|found| match found {
                Found::Error { message, .. } => message,
                Found::File { .. } => unreachable!(),
            })
            .collect();
        assert_eq!(messages, ["a/b.rs Walked", "a.rs Named", "b.rs Walked"]);
    }
}

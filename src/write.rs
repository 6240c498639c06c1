//! Atomic writes: a temp file beside the target (created, and removed on failure, by
//! `tempfile`), fsync, rename. The file's permissions are kept, and a file that changed on disk
//! since grouse read it, or that is read-only, is not overwritten. Also the temp files a killed
//! run left: told by their name from any other file, and removed once their process is gone.

use std::ffi::OsStr;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::Path;
use std::sync::OnceLock;

use tempfile::NamedTempFile;

/// The marker in temp file names: `.NAME.grouse-tmp-PID-XXXXXX`, hidden and not ending in `.rs`,
/// so a walker never takes one for a source file, and one a killed run left can be recognised.
pub const TEMP_MARKER: &str = ".grouse-tmp-";

/// Random characters after the prefix of a temp file's name, as `mkstemp`'s `XXXXXX`.
const TEMP_RANDOM_CHARS: usize = 6;

/// Why a file was not written. The file is as it was in every case.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("the file changed on disk since grouse read it; not overwritten")]
    ChangedOnDisk,
    #[error("the file is read-only; not overwritten")]
    ReadOnly,
    #[error("cannot {action}: {source}")]
    Io {
        action: &'static str,
        #[source]
        source: io::Error,
    },
}

fn io_error(action: &'static str) -> impl FnOnce(io::Error) -> WriteError {
    move |source| WriteError::Io { action, source }
}

/// Replaces the contents of `path` with `new`, provided it still holds `original`.
///
/// A symlink is written through: the file it points to is replaced, the link stays.
pub fn write_atomic(path: &Path, original: &[u8], new: &[u8]) -> Result<(), WriteError> {
    write_atomic_with(path, original, |file| file.write_all(new))
}

/// [`write_atomic`] with the temp file's contents written by `fill`: the seam through which tests
/// make a write fail, or panic, part-way.
///
/// The temp file is removed when it is dropped — after an error or during a panic alike — unless
/// it was renamed over its target.
fn write_atomic_with(
    path: &Path,
    original: &[u8],
    fill: impl FnOnce(&mut File) -> io::Result<()>,
) -> Result<(), WriteError> {
    let target = fs::canonicalize(path).map_err(io_error("resolve the path"))?;
    let metadata = fs::metadata(&target).map_err(io_error("read the file's metadata"))?;
    if metadata.permissions().readonly() {
        return Err(WriteError::ReadOnly);
    }
    let dir = target.parent().unwrap_or(Path::new("/"));
    let mut temp = tempfile::Builder::new()
        .prefix(&temp_prefix(&target))
        .rand_bytes(TEMP_RANDOM_CHARS)
        .tempfile_in(dir)
        .map_err(io_error("create a temporary file"))?;
    fill(temp.as_file_mut()).map_err(io_error("write the temporary file"))?;
    fs::set_permissions(temp.path(), metadata.permissions())
        .map_err(io_error("copy permissions to the temporary file"))?;
    temp.as_file()
        .sync_all()
        .map_err(io_error("sync the temporary file"))?;
    // As late as possible: a file edited since it was read is left alone.
    let current = fs::read(&target).map_err(io_error("read the file again"))?;
    if current != original {
        return Err(WriteError::ChangedOnDisk);
    }
    persist(temp, &target)?;
    // Make the rename durable; not every file system supports syncing a directory.
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// Renames the temp file over `target`; on failure the temp file is dropped, so removed.
fn persist(temp: NamedTempFile, target: &Path) -> Result<(), WriteError> {
    temp.persist(target)
        .map(drop)
        .map_err(|error| io_error("replace the file")(error.error))
}

/// The start of a temp file's name for `target`: `.NAME.grouse-tmp-PID-`; the random
/// characters that follow keep it from meeting one a killed run of the same id left.
fn temp_prefix(target: &Path) -> String {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    format!(".{name}{TEMP_MARKER}{}-", std::process::id())
}

/// The id of the process that made the temp file named `name`: `Some` only for a name of
/// grouse's pattern `.NAME.grouse-tmp-PID-XXXXXX` exactly (`XXXXXX` letters and digits).
pub fn temp_file_pid(name: &OsStr) -> Option<u32> {
    let rest = name.to_str()?.strip_prefix('.')?;
    let at = rest.rfind(TEMP_MARKER).filter(|&at| at > 0)?;
    let (pid, random) = rest[at + TEMP_MARKER.len()..].split_once('-')?;
    let random_ok =
        random.len() == TEMP_RANDOM_CHARS && random.bytes().all(|b| b.is_ascii_alphanumeric());
    // As `process::id()` prints it: no sign, no leading zero, not 0.
    let pid_ok = pid.bytes().all(|b| b.is_ascii_digit()) && !pid.starts_with('0');
    if !(random_ok && pid_ok) {
        return None;
    }
    pid.parse().ok()
}

/// Whether `path` is a temp file a run that no longer runs left behind: a regular file named by
/// grouse's pattern, owned by this user, whose process is gone. Where that cannot be told —
/// no `/proc` to look processes up in (not Linux), another user's file — it is not.
pub fn is_stale_temp(path: &Path) -> bool {
    let Some(pid) = path.file_name().and_then(temp_file_pid) else {
        return false;
    };
    let Ok(metadata) = fs::symlink_metadata(path) else {
        return false;
    };
    metadata.is_file() && owned_by_this_user(&metadata) && process_runs(pid) == Some(false)
}

/// Removes `path` if it is a stale temp file ([`is_stale_temp`], asked again just before):
/// `Ok(true)` when it was removed, `Ok(false)` when it is not stale or is gone already.
pub fn remove_stale_temp(path: &Path) -> io::Result<bool> {
    if !is_stale_temp(path) {
        return Ok(false);
    }
    match fs::remove_file(path) {
        Ok(()) => Ok(true),
        // Another run removed it meanwhile.
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(error) => Err(error),
    }
}

/// Where processes are looked up: a directory per running process, named by its id.
const PROC: &str = "/proc";

/// Whether process `pid` runs (a zombie counts as running), as Linux's `/proc` says; `None`
/// where there is no `/proc` to ask.
fn process_runs(pid: u32) -> Option<bool> {
    static HAS_PROC: OnceLock<bool> = OnceLock::new();
    let proc = Path::new(PROC);
    if !*HAS_PROC.get_or_init(|| proc.join("self").exists()) {
        return None;
    }
    Some(proc.join(pid.to_string()).exists())
}

/// Whether a file belongs to the user this process runs as (the owner of `/proc/self`): the
/// processes of other users may be hidden from `/proc`, so theirs are never taken for stale.
#[cfg(unix)]
fn owned_by_this_user(metadata: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    static UID: OnceLock<Option<u32>> = OnceLock::new();
    let uid = UID.get_or_init(|| {
        fs::metadata(Path::new(PROC).join("self"))
            .ok()
            .map(|m| m.uid())
    });
    *uid == Some(metadata.uid())
}

#[cfg(not(unix))]
fn owned_by_this_user(_: &fs::Metadata) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_file_names_are_told_by_grouses_pattern_exactly() {
        let pid = |name: &str| temp_file_pid(OsStr::new(name));
        assert_eq!(pid(".lib.rs.grouse-tmp-4242-aB3xYz"), Some(4242));
        assert_eq!(pid(".a.grouse-tmp-.rs.grouse-tmp-7-000000"), Some(7));
        for not_ours in [
            "lib.rs.grouse-tmp-4242-aB3xYz",
            "..grouse-tmp-4242-aB3xYz",
            ".lib.rs.grouse-tmp-4242-aB3xY",
            ".lib.rs.grouse-tmp-4242-aB3xYzz",
            ".lib.rs.grouse-tmp-4242-aB3x.z",
            ".lib.rs.grouse-tmp--aB3xYz",
            ".lib.rs.grouse-tmp-0-aB3xYz",
            ".lib.rs.grouse-tmp-042-aB3xYz",
            ".lib.rs.grouse-tmp-+42-aB3xYz",
            ".lib.rs.grouse-tmp-99999999999-aB3xYz",
            ".lib.rs.grouse-tmp-1-0",
            ".lib.rs.swp",
        ] {
            assert_eq!(pid(not_ours), None, "{not_ours}");
        }
    }

    /// The id of a process that ran and is gone.
    #[cfg(target_os = "linux")]
    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn only_a_temp_file_of_a_process_that_is_gone_is_stale() {
        let dir = tempfile::tempdir().unwrap();
        let dead = dir
            .path()
            .join(format!(".a.rs{TEMP_MARKER}{}-abcdef", dead_pid()));
        let live = dir
            .path()
            .join(format!(".a.rs{TEMP_MARKER}{}-abcdef", std::process::id()));
        let other = dir.path().join(".a.rs.swp");
        for path in [&dead, &live, &other] {
            fs::write(path, "x").unwrap();
        }
        assert!(is_stale_temp(&dead));
        assert!(!is_stale_temp(&live));
        assert!(!is_stale_temp(&other));
        assert!(remove_stale_temp(&dead).unwrap());
        assert!(!remove_stale_temp(&dead).unwrap(), "gone already");
        assert!(!remove_stale_temp(&live).unwrap());
        assert!(!remove_stale_temp(&other).unwrap());
        assert_eq!(names_in(dir.path()).len(), 2);
    }

    #[test]
    fn replaces_the_contents_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.rs");
        fs::write(&path, "old\n").unwrap();
        write_atomic(&path, b"old\n", b"new\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new\n");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.rs")]);
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.rs");
        fs::write(&path, "edited meanwhile\n").unwrap();
        let error = write_atomic(&path, b"old\n", b"new\n").unwrap_err();
        assert!(matches!(error, WriteError::ChangedOnDisk), "{error}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "edited meanwhile\n");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "the temp file is removed"
        );
    }

    /// A writer that takes `limit` bytes and then fails as a full disk does.
    fn fill_until_full(new: &[u8], limit: usize) -> impl FnOnce(&mut File) -> io::Result<()> {
        move |file| {
            file.write_all(&new[..limit])?;
            Err(io::Error::new(
                io::ErrorKind::StorageFull,
                "No space left on device",
            ))
        }
    }

    fn names_in(dir: &Path) -> Vec<std::ffi::OsString> {
        let mut names: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_write_that_fails_part_way_leaves_the_original_and_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.rs");
        let new = "new contents, longer than the old ones\n".repeat(100);
        fs::write(&path, "old\n").unwrap();
        let error =
            write_atomic_with(&path, b"old\n", fill_until_full(new.as_bytes(), 1000)).unwrap_err();
        assert_eq!(
            error.to_string(),
            "cannot write the temporary file: No space left on device"
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), "old\n");
        assert_eq!(names_in(dir.path()), ["a.rs"]);
    }

    #[test]
    fn a_panic_while_writing_leaves_the_original_and_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.rs");
        fs::write(&path, "old\n").unwrap();
        let result = std::panic::catch_unwind(|| {
            write_atomic_with(&path, b"old\n", |file| {
                file.write_all(b"half of the n")?;
                panic!("injected panic part-way through the write")
            })
        });
        assert!(result.is_err(), "the panic propagates to the caller");
        assert_eq!(fs::read_to_string(&path).unwrap(), "old\n");
        assert_eq!(names_in(dir.path()), ["a.rs"]);
    }

    #[test]
    fn temp_files_are_hidden_beside_the_target_and_not_rust_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lib.rs");
        fs::write(&path, "old\n").unwrap();
        let mut seen = Vec::new();
        write_atomic_with(&path, b"old\n", |file| {
            seen = names_in(dir.path());
            file.write_all(b"new\n")
        })
        .unwrap();
        assert_eq!(seen.len(), 2, "the target and one temp file: {seen:?}");
        let name = seen
            .iter()
            .find(|n| *n != "lib.rs")
            .unwrap()
            .to_str()
            .unwrap();
        let prefix = format!(".lib.rs.grouse-tmp-{}-", std::process::id());
        assert!(name.starts_with(&prefix), "{name}");
        assert_eq!(name.len(), prefix.len() + TEMP_RANDOM_CHARS, "{name}");
        assert!(!name.ends_with(".rs"), "{name}");
        assert_eq!(names_in(dir.path()), ["lib.rs"]);
    }

    #[cfg(unix)]
    #[test]
    fn permissions_are_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.rs");
        fs::write(&path, "old\n").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o754)).unwrap();
        write_atomic(&path, b"old\n", b"new\n").unwrap();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o754
        );
    }
}

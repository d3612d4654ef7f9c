//! Writing the site to disk: the only module that does.
//!
//! A build writes into a fresh staging folder beside the output and swaps it in only
//! when everything succeeded, so a failed or killed build leaves the previous `output/`
//! exactly as it was, and files of deleted articles never linger.

use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// The previous output, moved aside by [`Staging::commit`]: the new site is already in
/// place, so deleting the old one (slow on some disks) need not delay anyone.
#[derive(Debug, Default)]
#[must_use = "the previous output stays on disk until removed"]
pub struct Previous(Option<PathBuf>);

impl Previous {
    /// Deletes it now, its folders side by side: one after the other, deleting a
    /// 10,000-story site's 17,000 files took 0.5 s, a third of a rebuild.
    pub fn remove(self) {
        if let Some(p) = self.0 {
            remove_tree(&p);
            // Whatever a step of that could not delete, tried once more.
            let _ = fs::remove_dir_all(p);
        }
    }

    /// Deletes it on a thread of its own, one file after another (the dev server, which
    /// goes on serving and should not share its next build's threads with this).
    pub fn remove_in_background(self) {
        if let Some(p) = self.0 {
            std::thread::spawn(move || {
                let _ = fs::remove_dir_all(p);
            });
        }
    }
}

/// Deletes folder `dir` and everything in it, its subfolders in parallel.
fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
    if let Ok(entries) = fs::read_dir(dir) {
        let entries: Vec<fs::DirEntry> = entries.flatten().collect();
        entries.par_iter().for_each(|e| match e.file_type() {
            Ok(t) if t.is_dir() => remove_tree(&e.path()),
            _ => {
                let _ = fs::remove_file(e.path());
            }
        });
    }
    let _ = fs::remove_dir(dir);
}

/// Where rendering puts files: a [`Staging`] folder for a whole build, or the [`Live`]
/// output itself when the dev server updates a few pages.
pub trait Sink: Sync {
    /// Writes one file (`rel` is relative to the output root, `/`-separated).
    fn write(&self, rel: &str, contents: &[u8]);
    /// Publishes a file from disk as it is.
    fn copy(&self, source: &Path, rel: &str);
}

impl Sink for Staging {
    fn write(&self, rel: &str, contents: &[u8]) {
        Staging::write(self, rel, contents)
    }
    fn copy(&self, source: &Path, rel: &str) {
        Staging::copy(self, source, rel)
    }
}

/// The served output, updated in place one file at a time: each file is written beside
/// its place and renamed over it, so a reader never gets half a page. Used by the dev
/// server for edits that touch a few pages; whole builds go through [`Staging`].
pub struct Live {
    dir: PathBuf,
    errors: Mutex<Vec<String>>,
    files: std::sync::atomic::AtomicU64,
}

impl Live {
    pub fn new(dir: &Path) -> Live {
        Live {
            dir: dir.to_path_buf(),
            errors: Mutex::new(Vec::new()),
            files: Default::default(),
        }
    }

    fn place(&self, rel: &str) -> Option<PathBuf> {
        let rel = Path::new(rel.trim_start_matches('/'));
        rel.components()
            .all(|c| matches!(c, Component::Normal(_)))
            .then(|| self.dir.join(rel))
    }

    fn note(&self, rel: &str, r: io::Result<()>) {
        match r {
            Ok(()) => {
                self.files
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            Err(e) => {
                if let Ok(mut errors) = self.errors.lock() {
                    errors.push(format!("{rel}: {e}"));
                }
            }
        }
    }

    /// Removes a file this build no longer produces.
    pub fn remove(&self, rel: &str) {
        if let Some(p) = self.place(rel) {
            let _ = fs::remove_file(p);
        }
    }

    /// Files written, and the errors met (`Err` lists them).
    pub fn finish(self) -> Result<u64, String> {
        let errors = self.errors.into_inner().unwrap_or_default();
        if errors.is_empty() {
            Ok(self.files.into_inner())
        } else {
            Err(format!(
                "could not write {} file(s): {}",
                errors.len(),
                errors.join("; ")
            ))
        }
    }
}

impl Sink for Live {
    fn write(&self, rel: &str, contents: &[u8]) {
        let r = match self.place(rel) {
            Some(path) => replace_file(&path, contents),
            None => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "path leaves the output folder",
            )),
        };
        self.note(rel, r);
    }

    fn copy(&self, source: &Path, rel: &str) {
        let r = match (self.place(rel), fs::read(source)) {
            (Some(path), Ok(bytes)) => replace_file(&path, &bytes),
            (None, _) => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "path leaves the output folder",
            )),
            (_, Err(e)) => Err(e),
        };
        self.note(rel, r);
    }
}

impl Live {
    /// Writes a file unless it already holds exactly `contents`.
    pub fn write_if_changed(&self, rel: &str, contents: &[u8]) {
        if let Some(p) = self.place(rel)
            && fs::read(&p).is_ok_and(|old| old == contents)
        {
            return;
        }
        Sink::write(self, rel, contents);
    }

    /// Publishes `source` unless the file in place already has its bytes.
    pub fn copy_if_changed(&self, source: &Path, rel: &str) {
        if let Some(p) = self.place(rel)
            && let (Ok(a), Ok(b)) = (fs::metadata(source), fs::metadata(&p))
            && a.len() == b.len()
            && fs::read(source).ok() == fs::read(&p).ok()
        {
            return;
        }
        Sink::copy(self, source, rel);
    }
}

/// A file written to a [`Buffer`]: `(path under the output, bytes)`.
pub type Written = (String, Vec<u8>);
/// A file copied to a [`Buffer`]: `(source on disk, path under the output)`.
pub type Copied = (PathBuf, String);

/// Files held in memory until a build is known to have succeeded, so the dev server
/// never writes half a rebuild into the served output.
#[derive(Default)]
pub struct Buffer {
    files: Mutex<Vec<Written>>,
    copies: Mutex<Vec<Copied>>,
}

impl Buffer {
    /// `(written files, copied files)`.
    pub fn into_parts(self) -> (Vec<Written>, Vec<Copied>) {
        (
            self.files.into_inner().unwrap_or_default(),
            self.copies.into_inner().unwrap_or_default(),
        )
    }
}

impl Sink for Buffer {
    fn write(&self, rel: &str, contents: &[u8]) {
        if let Ok(mut f) = self.files.lock() {
            f.push((rel.trim_start_matches('/').to_string(), contents.to_vec()));
        }
    }
    fn copy(&self, source: &Path, rel: &str) {
        if let Ok(mut c) = self.copies.lock() {
            c.push((
                source.to_path_buf(),
                rel.trim_start_matches('/').to_string(),
            ));
        }
    }
}

/// Every file under `dir`, as `/`-separated paths relative to it.
pub fn list_files(dir: &Path) -> std::collections::HashSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            e.path().strip_prefix(dir).ok().map(|r| {
                r.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/")
            })
        })
        .collect()
}

/// Writes `contents` beside `path` and renames it into place.
fn replace_file(path: &Path, contents: &[u8]) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".guong-{}.tmp", std::process::id()));
    let tmp = PathBuf::from(tmp);
    fs::write(&tmp, contents)?;
    fs::rename(&tmp, path).inspect_err(|_| {
        let _ = fs::remove_file(&tmp);
    })
}

/// A folder being filled by one build. Safe to share across threads.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    bytes: std::sync::atomic::AtomicU64,
    files: std::sync::atomic::AtomicU64,
    errors: Mutex<Vec<String>>,
    /// Folders already made inside staging. The search index alone writes thousands of
    /// files into three folders; each would otherwise cost a failed `mkdir` and a `stat`.
    made: Mutex<rustc_hash::FxHashSet<PathBuf>>,
}

impl Staging {
    /// Starts a build that will replace `target`. Removes leftovers of killed builds.
    pub fn new(target: &Path) -> io::Result<Staging> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent)?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        for entry in fs::read_dir(parent)?.flatten() {
            let n = entry.file_name().to_string_lossy().into_owned();
            if n.starts_with(&format!(".{name}.staging-"))
                || n.starts_with(&format!(".{name}.old-"))
            {
                let _ = fs::remove_dir_all(entry.path());
            }
        }
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        fs::create_dir_all(&dir)?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            bytes: Default::default(),
            files: Default::default(),
            errors: Mutex::new(Vec::new()),
            made: Mutex::default(),
        })
    }

    /// Makes the folder `path` will be written to, unless this build already has.
    fn make_parent(&self, path: &Path) -> io::Result<()> {
        let Some(parent) = path.parent() else {
            return Ok(());
        };
        if self.made.lock().is_ok_and(|set| set.contains(parent)) {
            return Ok(());
        }
        fs::create_dir_all(parent)?;
        if let Ok(mut set) = self.made.lock() {
            set.insert(parent.to_path_buf());
        }
        Ok(())
    }

    /// The path inside staging for a site-relative path, refusing anything that would
    /// leave the folder (`..`, absolute paths).
    fn resolve(&self, rel: &str) -> Option<PathBuf> {
        let rel = Path::new(rel.trim_start_matches('/'));
        if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
            return None;
        }
        Some(self.dir.join(rel))
    }

    /// Writes one file. Errors are collected and reported by [`Staging::commit`].
    pub fn write(&self, rel: &str, contents: &[u8]) {
        let result = match self.resolve(rel) {
            Some(path) => self
                .make_parent(&path)
                .and_then(|()| write_file(&path, contents)),
            None => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "path leaves the output folder",
            )),
        };
        self.count(result.map(|_| contents.len() as u64), rel);
    }

    /// Copies a file, hard-linking when possible (same disk, nothing to copy).
    pub fn copy(&self, source: &Path, rel: &str) {
        let result = match self.resolve(rel) {
            Some(path) => self
                .make_parent(&path)
                .and_then(|()| copy_file(source, &path)),
            None => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "path leaves the output folder",
            )),
        };
        self.count(result, rel);
    }

    fn count(&self, result: io::Result<u64>, rel: &str) {
        use std::sync::atomic::Ordering::Relaxed;
        match result {
            Ok(n) => {
                self.bytes.fetch_add(n, Relaxed);
                self.files.fetch_add(1, Relaxed);
            }
            Err(e) => {
                if let Ok(mut errors) = self.errors.lock() {
                    errors.push(format!("{rel}: {e}"));
                }
            }
        }
    }

    /// `(files, bytes)` written so far.
    pub fn totals(&self) -> (u64, u64) {
        use std::sync::atomic::Ordering::Relaxed;
        (self.files.load(Relaxed), self.bytes.load(Relaxed))
    }

    /// Swaps the staging folder in for the output. On any write error the staging folder
    /// is removed and the old output is left untouched.
    pub fn commit(self) -> Result<Previous, String> {
        let errors = self.errors.lock().map(|e| e.clone()).unwrap_or_default();
        if !errors.is_empty() {
            let _ = fs::remove_dir_all(&self.dir);
            return Err(format!(
                "could not write {} file(s): {}",
                errors.len(),
                errors.join("; ")
            ));
        }
        static SWAPS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let old = self.target.with_file_name(format!(
            ".{}.old-{}-{}",
            self.target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id(),
            SWAPS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        ));
        let had_old = self.target.exists();
        if had_old {
            fs::rename(&self.target, &old)
                .map_err(|e| format!("cannot move the old {} aside: {e}", self.target.display()))?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.target) {
            if had_old {
                let _ = fs::rename(&old, &self.target);
            }
            return Err(format!(
                "cannot put the new site in place at {}: {e}",
                self.target.display()
            ));
        }
        Ok(Previous(had_old.then_some(old)))
    }

    /// Throws the staging folder away (a failed build).
    pub fn abandon(self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// Writes a file whose folder exists.
fn write_file(path: &Path, contents: &[u8]) -> io::Result<u64> {
    // One write of the whole page: no buffer to allocate per file.
    fs::File::create(path)?.write_all(contents)?;
    Ok(contents.len() as u64)
}

/// Copies a file into a folder that exists.
fn copy_file(source: &Path, dest: &Path) -> io::Result<u64> {
    let _ = fs::remove_file(dest);
    if fs::hard_link(source, dest).is_ok() {
        return fs::metadata(dest).map(|m| m.len());
    }
    fs::copy(source, dest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_previous_output_goes_and_nothing_it_links_to() {
        let tmp = tempfile::tempdir().unwrap();
        let old = tmp.path().join("old");
        let keep = tmp.path().join("keep");
        fs::create_dir_all(&keep).unwrap();
        fs::write(keep.join("a.txt"), "giữ").unwrap();
        for d in 0..20 {
            let dir = old.join(format!("huyen-{d}")).join("bai").join("sau");
            fs::create_dir_all(&dir).unwrap();
            fs::write(dir.join("index.html"), "x").unwrap();
            fs::write(old.join(format!("huyen-{d}")).join("feed.xml"), "y").unwrap();
        }
        fs::write(old.join("index.html"), "z").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&keep, old.join("link")).unwrap();
        Previous(Some(old.clone())).remove();
        assert!(!old.exists());
        assert_eq!(fs::read_to_string(keep.join("a.txt")).unwrap(), "giữ");
    }

    #[test]
    fn refuses_paths_that_leave_the_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let s = Staging::new(&tmp.path().join("output")).unwrap();
        s.write("../evil.txt", b"x");
        s.write("ok/index.html", b"y");
        assert!(!tmp.path().join("evil.txt").exists());
        assert!(s.commit().map(Previous::remove).is_err());
        assert!(!tmp.path().join("output").exists());
    }

    #[test]
    fn commit_replaces_the_old_output_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("output");
        fs::create_dir_all(out.join("old")).unwrap();
        fs::write(out.join("old/index.html"), "stale").unwrap();
        let s = Staging::new(&out).unwrap();
        s.write("new/index.html", b"fresh");
        s.commit().unwrap().remove();
        assert!(!out.join("old").exists());
        assert_eq!(
            fs::read_to_string(out.join("new/index.html")).unwrap(),
            "fresh"
        );
    }

    #[test]
    fn abandon_leaves_the_old_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("output");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("index.html"), "good").unwrap();
        let s = Staging::new(&out).unwrap();
        s.write("index.html", b"half");
        s.abandon();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "good");
    }
}

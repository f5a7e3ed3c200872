//! The output folder, all or nothing.
//!
//! The job's files are written into a fresh staging folder beside the output folder
//! (`.<out>.scorecard-tmp-<pid>-<n>`, in the same parent, so on the same file system),
//! created with `create_new` so that nothing in it is followed, and synced. Only when
//! the whole run has succeeded does the staging folder take the output folder's place:
//!
//! - the entries of the output folder that are not the job's files are carried over
//!   first, as hard links (a subfolder as a new folder of hard links), so the user's
//!   other files survive;
//! - on Linux, the two folders are swapped in one step (`renameat2` with
//!   `RENAME_EXCHANGE`), and the old set, now under the staging name, is removed (or,
//!   if that fails, left for the next run to remove);
//! - where that is not available (another system, or a file system without it), the
//!   output folder is first renamed aside (`.<out>.scorecard-old-<pid>-<n>`), then the
//!   staging folder renamed into its place, then the old set removed. Between the two
//!   renames the output folder does not exist; if the run is killed just then, the
//!   next run puts the old set back before it starts;
//! - when the output folder does not exist yet, the staging folder is renamed to it.
//!
//! A run that fails or is killed before the swap leaves the output folder as it was;
//! the next run removes the staging folders that killed runs left (those of processes
//! no longer running, and only by our naming).
//!
//! The output folder itself must not be a symbolic link, and none of the job's file
//! names in it may be a symbolic link or anything but a regular file: such a folder is
//! refused before anything is touched.

use std::ffi::OsString;
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// How the new set takes the old one's place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Swap {
    /// One atomic exchange where the system and file system have it (Linux
    /// `RENAME_EXCHANGE`), else [`Swap::TwoStep`].
    Exchange,
    /// Two renames: the old set aside, the new one in.
    // chosen by the tests, to run the fallback on Linux too
    #[allow(dead_code)]
    TwoStep,
}

/// The output folder could not be prepared, refused, or the swap failed.
#[derive(Debug)]
pub struct FolderError {
    message: String,
    source: Option<io::Error>,
}

impl FolderError {
    fn refused(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            source: None,
        }
    }

    fn io(message: impl Into<String>, source: io::Error) -> Self {
        Self {
            message: message.into(),
            source: Some(source),
        }
    }
}

impl fmt::Display for FolderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FolderError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_ref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// The number of the next staging folder of this process.
static NEXT: AtomicU64 = AtomicU64::new(0);

const TMP: &str = "scorecard-tmp";
const OLD: &str = "scorecard-old";

/// A staging folder beside the output folder, removed when dropped uncommitted.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    parent: PathBuf,
    name: OsString,
    dir: PathBuf,
    files: &'static [&'static str],
    committed: bool,
}

/// The output folder's parent and name.
fn split(out: &Path) -> Result<(PathBuf, OsString), FolderError> {
    let abs = std::path::absolute(out)
        .map_err(|e| FolderError::io(format!("cannot use {} as output", out.display()), e))?;
    match (abs.parent(), abs.file_name()) {
        (Some(parent), Some(name)) if !abs.ends_with("..") => {
            Ok((parent.to_path_buf(), name.to_os_string()))
        }
        _ => Err(FolderError::refused(format!(
            "cannot use {} as the output folder: give it by name",
            out.display()
        ))),
    }
}

/// `.<out>.<what>-<pid>-<n>`.
fn entry_name(name: &OsString, what: &str, pid: u32, n: u64) -> OsString {
    let mut s = OsString::from(".");
    s.push(name);
    s.push(format!(".{what}-{pid}-{n}"));
    s
}

/// The process id of an entry named `.<out>.<what>-<pid>-<n>`, if it is one.
fn entry_pid(entry: &OsString, name: &OsString, what: &str) -> Option<u32> {
    let mut prefix = OsString::from(".");
    prefix.push(name);
    prefix.push(format!(".{what}-"));
    let entry = entry.to_str()?;
    let rest = entry.strip_prefix(prefix.to_str()?)?;
    let (pid, n) = rest.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(pid) || !digits(n) {
        return None;
    }
    pid.parse().ok()
}

/// Whether process `pid` is running (or, where that cannot be asked, whether it is
/// this one).
fn alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // SAFETY: signal 0 is not sent; kill only checks that the process exists and
        // may be signalled. It reads no memory of ours.
        let r = unsafe { libc::kill(pid, 0) };
        r == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        false
    }
}

/// What `path` is, without following a link: `None` when nothing is there.
fn kind(path: &Path) -> Result<Option<fs::FileType>, FolderError> {
    match fs::symlink_metadata(path) {
        Ok(m) => Ok(Some(m.file_type())),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(FolderError::io(
            format!("cannot examine {}", path.display()),
            e,
        )),
    }
}

/// Refuses an output folder that is a link or not a folder, or whose `files` are not
/// all regular files where present; says whether the folder exists.
fn check(out: &Path, shown: &Path, files: &[&str]) -> Result<bool, FolderError> {
    match kind(out)? {
        None => return Ok(false),
        Some(t) if t.is_symlink() => {
            return Err(FolderError::refused(format!(
                "{} is a symbolic link: the job does not write through links; give the \
                 folder itself",
                shown.display()
            )));
        }
        Some(t) if !t.is_dir() => {
            return Err(FolderError::refused(format!(
                "{} exists and is not a folder",
                shown.display()
            )));
        }
        Some(_) => {}
    }
    for f in files {
        match kind(&out.join(f))? {
            Some(t) if t.is_symlink() => {
                return Err(FolderError::refused(format!(
                    "{} is a symbolic link: the job replaces its files and does not write \
                     through links; remove it first",
                    shown.join(f).display()
                )));
            }
            Some(t) if !t.is_file() => {
                return Err(FolderError::refused(format!(
                    "{} is not a regular file; remove it first",
                    shown.join(f).display()
                )));
            }
            _ => {}
        }
    }
    Ok(true)
}

/// Syncs a folder's entries to disk (where a folder can be opened for that).
fn sync_dir(dir: &Path) -> Result<(), FolderError> {
    #[cfg(unix)]
    {
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| FolderError::io(format!("cannot sync {}", dir.display()), e))
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// Swaps two folders in one step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are NUL-terminated strings alive for the call, which only reads
    // them.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// Whether an exchange failed only because the system or file system lacks it.
fn unsupported(e: &io::Error) -> bool {
    #[cfg(target_os = "linux")]
    if matches!(
        e.raw_os_error(),
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP)
    ) {
        return true;
    }
    e.kind() == io::ErrorKind::Unsupported
}

/// Makes `to` hold what `from` holds, as hard links: a file (or a link, or any other
/// entry) is linked, a folder made anew with its permissions and filled the same way.
fn link_into(from: &Path, to: &Path) -> Result<(), FolderError> {
    let meta = fs::symlink_metadata(from)
        .map_err(|e| FolderError::io(format!("cannot examine {}", from.display()), e))?;
    let keep = |e| FolderError::io(format!("cannot keep {}", from.display()), e);
    if meta.is_dir() {
        fs::create_dir(to).map_err(keep)?;
        for entry in fs::read_dir(from).map_err(keep)? {
            let entry = entry.map_err(keep)?;
            link_into(&entry.path(), &to.join(entry.file_name()))?;
        }
        fs::set_permissions(to, meta.permissions()).map_err(keep)
    } else {
        // on Linux a link to a symbolic link is a link to the link, not its target
        fs::hard_link(from, to).map_err(keep)
    }
}

impl Staging {
    /// Checks the output folder `out` (refusing a link, or a link among `files` in
    /// it, before anything is touched), puts back or removes what killed runs left
    /// beside it, and makes a fresh staging folder.
    ///
    /// # Errors
    ///
    /// A refused output folder, or a folder that cannot be examined or created.
    pub fn begin(out: &Path, files: &'static [&'static str]) -> Result<Self, FolderError> {
        let (parent, name) = split(out)?;
        let abs = parent.join(&name);
        check(&abs, out, files)?;
        recover(&parent, &name, &abs)?;
        check(&abs, out, files)?;
        let pid = std::process::id();
        loop {
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            let dir = parent.join(entry_name(&name, TMP, pid, n));
            match fs::create_dir(&dir) {
                Ok(()) => {
                    return Ok(Self {
                        out: out.to_path_buf(),
                        parent,
                        name,
                        dir,
                        files,
                        committed: false,
                    });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    return Err(FolderError::io(
                        format!("cannot create a staging folder beside {}", out.display()),
                        e,
                    ));
                }
            }
        }
    }

    /// The staging folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Creates the new file `file` (one of the job's) in the staging folder; it must not
    /// exist, so nothing is followed.
    ///
    /// # Errors
    ///
    /// When it cannot be created.
    pub fn create(&self, file: &str) -> Result<File, FolderError> {
        let path = self.dir.join(file);
        OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| FolderError::io(format!("cannot create {}", path.display()), e))
    }

    /// Syncs the staged files and the staging folder, carries the output folder's
    /// other entries over and puts the new set in its place (see the module's docs).
    /// `observe` is told each step as it is done ("synced", "carried", "swapped",
    /// "removed"; "moved-aside" between the two renames of [`Swap::TwoStep`]).
    ///
    /// # Errors
    ///
    /// A refused output folder (it changed since [`begin`](Self::begin)), or a step that
    /// failed; before the swap, the output folder is then as it was.
    pub fn commit(
        mut self,
        swap: Swap,
        observe: &mut dyn FnMut(&'static str),
    ) -> Result<(), FolderError> {
        for f in self.files {
            let path = self.dir.join(f);
            File::open(&path)
                .and_then(|file| file.sync_all())
                .map_err(|e| FolderError::io(format!("cannot sync {}", path.display()), e))?;
        }
        observe("synced");
        let abs = self.parent.join(&self.name);
        if !check(&abs, &self.out, self.files)? {
            sync_dir(&self.dir)?;
            fs::rename(&self.dir, &abs).map_err(|e| {
                FolderError::io(
                    format!("cannot move the results into {}", self.out.display()),
                    e,
                )
            })?;
            self.committed = true;
            sync_dir(&self.parent)?;
            observe("swapped");
            return Ok(());
        }
        let carry = |e| FolderError::io(format!("cannot read {}", self.out.display()), e);
        for entry in fs::read_dir(&abs).map_err(carry)? {
            let entry = entry.map_err(carry)?;
            let file = entry.file_name();
            if self.files.iter().any(|f| file == *f) {
                continue;
            }
            link_into(&entry.path(), &self.dir.join(&file))?;
        }
        if let Ok(meta) = fs::metadata(&abs) {
            fs::set_permissions(&self.dir, meta.permissions()).map_err(|e| {
                FolderError::io(
                    format!("cannot set the permissions of {}", self.dir.display()),
                    e,
                )
            })?;
        }
        sync_dir(&self.dir)?;
        observe("carried");
        let old = match swap {
            Swap::Exchange => match exchange(&self.dir, &abs) {
                Ok(()) => {
                    // the staging name now holds the old set
                    self.committed = true;
                    Some(self.dir.clone())
                }
                Err(e) if unsupported(&e) => None,
                Err(e) => {
                    return Err(FolderError::io(
                        format!("cannot swap the results into {}", self.out.display()),
                        e,
                    ));
                }
            },
            Swap::TwoStep => None,
        };
        let old = match old {
            Some(old) => old,
            None => self.two_step(&abs, observe)?,
        };
        sync_dir(&self.parent)?;
        observe("swapped");
        // the new set is in place: if the old one cannot be removed now, the next run
        // removes it (its name is ours, its process gone)
        if fs::remove_dir_all(&old).is_ok() {
            sync_dir(&self.parent)?;
        }
        observe("removed");
        Ok(())
    }

    /// The old set aside, the new one in; where the old set went.
    fn two_step(
        &mut self,
        abs: &Path,
        observe: &mut dyn FnMut(&'static str),
    ) -> Result<PathBuf, FolderError> {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let old = self
            .parent
            .join(entry_name(&self.name, OLD, std::process::id(), n));
        fs::rename(abs, &old)
            .map_err(|e| FolderError::io(format!("cannot move {} aside", self.out.display()), e))?;
        observe("moved-aside");
        if let Err(e) = fs::rename(&self.dir, abs) {
            // put the old set back; if even that fails, the next run does
            let _ = fs::rename(&old, abs);
            return Err(FolderError::io(
                format!("cannot move the results into {}", self.out.display()),
                e,
            ));
        }
        self.committed = true;
        Ok(old)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Puts back or removes what killed runs left beside the output folder `abs`: staging
/// folders are removed; an old set moved aside is put back when the output folder is
/// missing (a run killed between the two renames), else removed. Only entries of our
/// naming whose process is no longer running are touched.
fn recover(parent: &Path, name: &OsString, abs: &Path) -> Result<(), FolderError> {
    let gone = |e| FolderError::io(format!("cannot read {}", parent.display()), e);
    let mut stale = Vec::new();
    for entry in fs::read_dir(parent).map_err(gone)? {
        let entry = entry.map_err(gone)?;
        let file = entry.file_name();
        for what in [TMP, OLD] {
            if let Some(pid) = entry_pid(&file, name, what) {
                if !alive(pid) {
                    stale.push((what, entry.path()));
                }
            }
        }
    }
    stale.sort();
    for (what, path) in stale {
        // a folder of ours, never a link someone put there
        if !kind(&path)?.is_some_and(|t| t.is_dir()) {
            continue;
        }
        if what == OLD && kind(abs)?.is_none() {
            fs::rename(&path, abs)
                .map_err(|e| FolderError::io(format!("cannot put back {}", path.display()), e))?;
            continue;
        }
        fs::remove_dir_all(&path)
            .map_err(|e| FolderError::io(format!("cannot remove {}", path.display()), e))?;
    }
    Ok(())
}

//! The province job (`examples/province/`): application code over the library. Its
//! modules are included here by path, as the example includes them, and tested as
//! the example runs them.

#[path = "../../examples/province/batch.rs"]
pub mod batch;
#[path = "../../examples/province/cli.rs"]
pub mod cli;
#[path = "../../examples/province/folder.rs"]
pub mod folder;
#[path = "../../examples/province/generate.rs"]
pub mod generate;
#[path = "../../examples/province/job/mod.rs"]
pub mod job;
#[path = "../../examples/province/progress.rs"]
pub mod progress;

mod command_line;
mod config;
mod csv;
mod format;
mod kill;
mod outputs;
mod suggest;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// A folder under the system's temporary folder, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(label: &str) -> Self {
        static N: AtomicU64 = AtomicU64::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("scorecard-test-{}-{label}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("a temporary folder");
        Self(path)
    }

    pub fn join(&self, p: impl AsRef<Path>) -> PathBuf {
        self.0.join(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Every entry of a folder (names sorted) with the bytes of each file: what a
/// folder holds, to compare before and after.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("a folder")
        .map(|e| {
            let e = e.expect("an entry");
            let name = e.file_name().to_string_lossy().into_owned();
            let meta = std::fs::symlink_metadata(e.path()).expect("metadata");
            let bytes = if meta.is_file() {
                std::fs::read(e.path()).expect("readable")
            } else if meta.file_type().is_symlink() {
                let target = std::fs::read_link(e.path()).expect("a link");
                format!("-> {}", target.display()).into_bytes()
            } else {
                b"(folder)".to_vec()
            };
            (name, bytes)
        })
        .collect();
    out.sort();
    out
}

//! The job on folders: the configuration read (each file at most
//! [`MAX_CONFIG_BYTES`]) and checked, the facts streamed, the four results written
//! into a staging folder and put in the output folder's place only when all of it
//! succeeded ([`Staging`]).

use std::fmt;
use std::fs::File;
use std::io::{BufWriter, Read};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::folder::{FolderError, Staging, Swap};
use super::job::{
    Job, JobError, MAX_CONFIG_BYTES, RejectedCsv, Summary, too_big, write_scores, write_summary,
    write_totals,
};
use super::progress::Progress;

/// The job's four output files.
pub const OUTPUTS: [&str; 4] = ["scores.csv", "totals.csv", "rejected.csv", "summary.json"];

/// What to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// The input folder.
    pub data: PathBuf,
    /// The output folder.
    pub out: PathBuf,
    /// Threads to read and score on.
    pub threads: usize,
    /// Whether to report progress on stderr.
    pub progress: bool,
    /// How the new results take the old ones' place.
    pub swap: Swap,
}

impl Options {
    /// The job from `data` into `out`, on one thread, quietly, by exchange.
    pub fn new(data: impl Into<PathBuf>, out: impl Into<PathBuf>) -> Self {
        Self {
            data: data.into(),
            out: out.into(),
            threads: 1,
            progress: false,
            swap: Swap::Exchange,
        }
    }
}

/// What a finished run did.
#[derive(Debug, Clone)]
pub struct Done {
    /// The counts of `summary.json`.
    pub summary: Summary,
    /// Bytes of facts.csv read.
    pub bytes: u64,
    /// From the first file opened to the results in place.
    pub elapsed: Duration,
}

/// Why a run failed.
#[derive(Debug)]
pub enum Failure {
    /// The configuration, reading or the run itself.
    Job(JobError),
    /// The output folder: refused, or the results could not be put in place.
    Folder(FolderError),
}

impl Failure {
    /// The exit status: 2 for a configuration error, 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Job(e) => e.exit_code(),
            Self::Folder(_) => 1,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Job(e) => fmt::Display::fmt(e, f),
            Self::Folder(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl std::error::Error for Failure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Job(e) => e.source(),
            Self::Folder(e) => e.source(),
        }
    }
}

impl From<JobError> for Failure {
    fn from(e: JobError) -> Self {
        Self::Job(e)
    }
}

impl From<FolderError> for Failure {
    fn from(e: FolderError) -> Self {
        Self::Folder(e)
    }
}

fn cannot_read(
    path: &Path,
    e: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>,
) -> JobError {
    JobError::io(format!("cannot read {}", path.display()), e)
}

/// Reads the configuration file `file` of `data` whole, refusing one larger than
/// [`MAX_CONFIG_BYTES`] before reading it (and one that grows past it while read).
fn read_config(data: &Path, file: &'static str) -> Result<Vec<u8>, JobError> {
    let path = data.join(file);
    let cannot = |e| JobError::io(format!("cannot read {}", path.display()), e);
    let f = File::open(&path).map_err(cannot)?;
    if f.metadata().map_err(cannot)?.len() > MAX_CONFIG_BYTES {
        return Err(too_big(file).into());
    }
    let mut bytes = Vec::new();
    f.take(MAX_CONFIG_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(too_big(file).into());
    }
    Ok(bytes)
}

/// Runs the job. `observe` is told each step as it is done: "loaded", "staged", "read",
/// "written", then the output folder's steps (see [`Staging::commit`]).
///
/// # Errors
///
/// A configuration error (nothing written), a file that cannot be read, a refused
/// output folder, a failure at run time: in every case the output folder is left as it
/// was.
pub fn run(options: &Options, observe: &mut dyn FnMut(&'static str)) -> Result<Done, Failure> {
    let started = Instant::now();
    let (indicators, units, targets) = (
        read_config(&options.data, "indicators.json")?,
        read_config(&options.data, "units.csv")?,
        read_config(&options.data, "targets.csv")?,
    );
    let job = Job::load(&indicators[..], &units[..], &targets[..])?.threads(options.threads);
    observe("loaded");
    let facts_path = options.data.join("facts.csv");
    let facts = File::open(&facts_path).map_err(|e| cannot_read(&facts_path, e))?;
    let size = facts
        .metadata()
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());

    let staging = Staging::begin(&options.out, &OUTPUTS)?;
    observe("staged");
    let mut rejected = RejectedCsv::new(BufWriter::with_capacity(
        1 << 16,
        staging.create("rejected.csv")?,
    ));
    let mut input = Progress::new(facts, size, options.progress);
    let outcome = job.run(&mut input, &mut rejected).map_err(|e| match e {
        JobError::Run(x) if x.is_io() => cannot_read(&facts_path, x),
        other => other,
    })?;
    let cannot_write = |file: &str| {
        let path = staging.dir().join(file);
        move |e: std::io::IntoInnerError<BufWriter<File>>| {
            JobError::io(format!("cannot write {}", path.display()), e.into_error())
        }
    };
    rejected
        .finish()?
        .into_inner()
        .map_err(cannot_write("rejected.csv"))?;
    observe("read");
    let buffered = |file| {
        staging
            .create(file)
            .map(|f| BufWriter::with_capacity(1 << 16, f))
    };
    write_scores(buffered("scores.csv")?, &outcome.evaluation)?
        .into_inner()
        .map_err(cannot_write("scores.csv"))?;
    write_totals(buffered("totals.csv")?, &outcome.evaluation)?
        .into_inner()
        .map_err(cannot_write("totals.csv"))?;
    write_summary(buffered("summary.json")?, &outcome.summary)?
        .into_inner()
        .map_err(cannot_write("summary.json"))?;
    observe("written");
    staging.commit(options.swap, observe)?;
    Ok(Done {
        summary: outcome.summary,
        bytes: size.unwrap_or_default(),
        elapsed: started.elapsed(),
    })
}

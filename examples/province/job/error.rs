//! The job's errors. A configuration error names the file, the object in it (an
//! indicator, a line) and the key, and ends the job with exit status 2; an I/O error
//! keeps its cause (`source()`); a failure at run time is the engine's error.

use std::fmt;

/// What went wrong in the province job.
#[derive(Debug)]
pub enum JobError {
    /// A configuration file is malformed or inconsistent (exit status 2).
    Config(ConfigError),
    /// A file could not be read or written (exit status 1). `context` says what was
    /// being done, `source` why it failed.
    Io {
        /// What was being read or written ("cannot read data/units.csv").
        context: String,
        /// The cause.
        source: Box<dyn std::error::Error + Send + Sync + 'static>,
    },
    /// The run failed once the facts were being read: an overflow (exit status 1).
    Run(scorecard::Error),
}

/// A mistake in a configuration file, named as precisely as the file allows.
#[derive(Debug)]
pub struct ConfigError {
    /// The file: `indicators.json`, `units.csv` or `targets.csv`.
    pub file: &'static str,
    /// The object in it: `indicator I001`, `period`, `line 3` …; `None` for the file as
    /// a whole.
    pub object: Option<String>,
    /// The key (or the CSV column) at fault, if one is.
    pub key: Option<String>,
    /// For an unknown key, the valid key nearest it.
    pub suggestion: Option<String>,
    /// What is wrong.
    pub message: String,
    /// The engine's error behind it, if any (its message is not repeated here).
    pub source: Option<scorecard::Error>,
}

impl ConfigError {
    /// A mistake in `file`.
    pub fn new(file: &'static str, message: impl Into<String>) -> Self {
        Self {
            file,
            object: None,
            key: None,
            suggestion: None,
            message: message.into(),
            source: None,
        }
    }

    /// … in the object `object` of the file.
    pub fn object(mut self, object: impl Into<String>) -> Self {
        self.object = Some(object.into());
        self
    }

    /// … at the key (or column) `key`.
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    /// … with the engine's error `source` as its cause.
    pub fn because(mut self, source: scorecard::Error) -> Self {
        self.source = Some(source);
        self
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.file)?;
        if let Some(o) = &self.object {
            write!(f, ", {o}")?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_ref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl JobError {
    /// A reading or writing error: `context` (what was being done) and its cause.
    pub fn io(
        context: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>,
    ) -> Self {
        Self::Io {
            context: context.into(),
            source: source.into(),
        }
    }

    /// The exit status the command line ends with: 2 for a configuration error, 1
    /// otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Config(_) => 2,
            Self::Io { .. } | Self::Run(_) => 1,
        }
    }

    /// The configuration error, if this is one.
    pub fn as_config(&self) -> Option<&ConfigError> {
        match self {
            Self::Config(c) => Some(c),
            _ => None,
        }
    }
}

impl From<ConfigError> for JobError {
    fn from(e: ConfigError) -> Self {
        Self::Config(e)
    }
}

impl fmt::Display for JobError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Config(c) => write!(f, "configuration error: {c}"),
            Self::Io { context, .. } => f.write_str(context),
            Self::Run(_) => f.write_str("the run failed"),
        }
    }
}

impl std::error::Error for JobError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            // the configuration error's own text is part of this one's: its cause next
            Self::Config(c) => std::error::Error::source(c),
            Self::Io { source, .. } => Some(&**source),
            Self::Run(e) => Some(e),
        }
    }
}

/// An error and its causes, each after a colon: "cannot read data/units.csv: No such
/// file or directory (os error 2)".
pub fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut next = e.source();
    while let Some(cause) = next {
        out.push_str(": ");
        out.push_str(&cause.to_string());
        next = cause.source();
    }
    out
}

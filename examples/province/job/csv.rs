//! The one CSV writer of the job's outputs: fields separated by commas, rows ended by
//! LF, and a field quoted only when it must be (RFC 4180): one that holds a comma, a
//! double quote, a CR or an LF is written between double quotes with its double quotes
//! doubled. The job's own fields (ids of its files, numbers, reasons) never need it,
//! so its files read as plain comma-separated text; an id that does is still written so
//! that a CSV reader gets it back whole.

use std::io::{self, Write};

/// Whether `field` must be quoted.
pub fn needs_quotes(field: &str) -> bool {
    field
        .bytes()
        .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
}

/// Writes rows of fields to `W`.
#[derive(Debug)]
pub struct CsvWriter<W: Write> {
    out: W,
}

impl<W: Write> CsvWriter<W> {
    /// A writer to `out`.
    pub fn new(out: W) -> Self {
        Self { out }
    }

    /// Writes one field, quoted if it must be.
    fn field(&mut self, field: &str) -> io::Result<()> {
        if !needs_quotes(field) {
            return self.out.write_all(field.as_bytes());
        }
        self.out.write_all(b"\"")?;
        for (k, part) in field.split('"').enumerate() {
            if k > 0 {
                self.out.write_all(b"\"\"")?;
            }
            self.out.write_all(part.as_bytes())?;
        }
        self.out.write_all(b"\"")
    }

    /// Writes one row and its LF.
    ///
    /// # Errors
    ///
    /// When writing fails.
    pub fn row<S: AsRef<str>>(&mut self, fields: &[S]) -> io::Result<()> {
        for (k, f) in fields.iter().enumerate() {
            if k > 0 {
                self.out.write_all(b",")?;
            }
            self.field(f.as_ref())?;
        }
        self.out.write_all(b"\n")
    }

    /// Flushes and gives the writer back.
    ///
    /// # Errors
    ///
    /// When flushing fails.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

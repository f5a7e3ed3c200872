//! Progress of a long read on stderr: facts read, megabytes and their rate, at most
//! twice a second, on one line that is rewritten.

use std::io::{self, Read, Write};
use std::time::{Duration, Instant};

/// How often the line is rewritten.
const EVERY: Duration = Duration::from_millis(500);

/// A reader that reports, on stderr, how much of its input has been read.
pub struct Progress<R> {
    inner: R,
    /// The input's size, when known.
    total: Option<u64>,
    bytes: u64,
    lines: u64,
    started: Instant,
    shown: Instant,
    on: bool,
}

/// `bytes` in megabytes with one decimal, "85.3" (integer arithmetic, rounded half up).
pub fn megabytes(bytes: u64) -> String {
    let tenths = (bytes + 50_000) / 100_000;
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// `bytes` read in `elapsed`, in megabytes a second with one decimal.
pub fn rate(bytes: u64, elapsed: Duration) -> String {
    let ms = elapsed.as_millis().max(1);
    let per_second = u128::from(bytes) * 1000 / ms;
    megabytes(u64::try_from(per_second).unwrap_or(u64::MAX))
}

/// `d` in seconds with two decimals, "1.25 s".
pub fn seconds(d: Duration) -> String {
    let cs = (d.as_millis() + 5) / 10;
    format!("{}.{:02} s", cs / 100, cs % 100)
}

impl<R: Read> Progress<R> {
    /// Reports on `inner` if `on`, `total` bytes long when known.
    pub fn new(inner: R, total: Option<u64>, on: bool) -> Self {
        let now = Instant::now();
        Self {
            inner,
            total,
            bytes: 0,
            lines: 0,
            started: now,
            shown: now,
            on,
        }
    }

    fn show(&self, last: bool) {
        let elapsed = self.started.elapsed();
        let of = match self.total {
            Some(t) if t > 0 => format!(
                " of {} MB ({} %)",
                megabytes(t),
                u128::from(self.bytes.min(t)) * 100 / u128::from(t)
            ),
            _ => String::new(),
        };
        let mut err = io::stderr().lock();
        // progress is a courtesy: a stderr that cannot be written does not stop the run
        let _ = write!(
            err,
            "\rprovince: {} lines read, {} MB{of}, {} MB/s{}",
            self.lines,
            megabytes(self.bytes),
            rate(self.bytes, elapsed),
            if last { "\n" } else { "" }
        );
        let _ = err.flush();
    }
}

impl<R: Read> Read for Progress<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if self.on {
            self.bytes += n as u64;
            self.lines += memchr::memchr_iter(b'\n', &buf[..n]).count() as u64;
            if n == 0 {
                self.show(true);
                self.on = false;
            } else if self.shown.elapsed() >= EVERY {
                self.shown = Instant::now();
                self.show(false);
            }
        }
        Ok(n)
    }
}

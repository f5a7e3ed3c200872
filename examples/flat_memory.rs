//! Memory stays flat however many facts stream in.
//!
//! ```sh
//! cargo run --release --example flat_memory -- 10     # 10 million facts
//! cargo run --release --example flat_memory -- 100    # 100 million facts
//! ```
//!
//! Generates the synthetic province's facts in-process as CSV text, lazily (never held
//! in memory), streams them through the fact reader on two threads, evaluates, and
//! prints the peak resident memory of the process (Linux: `VmHWM` of
//! `/proc/self/status`). The peak should not grow with the number of facts.

#[path = "support/synthetic.rs"]
mod synthetic;

use std::io::Read;
use std::time::Instant;

use scorecard::facts::{Dictionary, FactReader, RejectCounter};
use scorecard::{Assessment, Rounding, fixed};
use synthetic::{Province, Size};

/// Passes the first `limit` bytes' worth of whole passes through; counts lines.
struct Counted<R> {
    inner: R,
    lines: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.lines += buf[..n].iter().filter(|&&b| b == b'\n').count() as u64;
        Ok(n)
    }
}

fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let millions: u64 = std::env::args().nth(1).map_or(Ok(10), |a| a.parse())?;
    let province = Province::new(Size::PROVINCE, 2026)?;
    // one pass of the province is about a million facts
    let per_pass = province.facts(1).count() as u64;
    let passes = u32::try_from((millions * 1_000_000).div_ceil(per_pass))?;
    let assessment = Assessment::new(
        province.scheme.clone(),
        province.units.clone(),
        &province.targets,
    )?;
    let dict = Dictionary::new(
        province.units.iter().map(|u| u.id.clone()),
        province.datapoints(),
    )?;
    let before = peak_kib();
    let started = Instant::now();
    let mut input = Counted {
        inner: province.csv(passes),
        lines: 0,
    };
    let mut quarantine = RejectCounter::default();
    let (sums, tally) = FactReader::new(&dict, province.scheme.period)
        .threads(2)
        .read(&mut input, &mut quarantine)?;
    let evaluation = assessment.evaluate(&sums)?;
    let best = evaluation
        .units
        .iter()
        .max_by(|a, b| a.adjusted_total.cmp(&b.adjusted_total))
        .map(|u| {
            format!(
                "{} {}",
                u.unit,
                fixed(u.adjusted_total, 2, Rounding::HalfUp)
            )
        })
        .unwrap_or_default();
    println!(
        "{} facts ({} passes of about {per_pass}) streamed, {} accepted, {} rejected, in {:.1} s; best unit {best}",
        tally.total(),
        passes,
        tally.accepted(),
        tally.rejected(),
        started.elapsed().as_secs_f64()
    );
    println!(
        "peak resident memory: {} KiB before streaming, {} KiB after",
        before.map_or("?".into(), |k| k.to_string()),
        peak_kib().map_or("?".into(), |k| k.to_string())
    );
    assert_eq!(tally.total() + 1, input.lines);
    Ok(())
}

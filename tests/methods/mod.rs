//! The evaluation office's methods (`scorecard::methods`, issue 18). Every file names the
//! published source its expected values come from; the property tests are in `props.rs`.

mod ahp;
mod math;
mod options;
mod percentile;
mod props;
mod quantile;
mod topsis;
mod weights;
